/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-fts.h"

gboolean
_cf_fts_index_entry (CfStore *store, const char *entry_id, GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO case_entries_fts (docid, body) SELECT rowid, body FROM case_entries WHERE id = ?",
      error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, entry_id);
  return _cf_store_step_done (store, stmt, error);
}

/* New rows always get a rowid above the largest one, so "above the
 * watermark" is exactly what was inserted since. */
gint64
_cf_fts_entries_watermark (CfStore *store)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT coalesce (max (rowid), 0) FROM case_entries", NULL);
  gint64 watermark = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    watermark = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return watermark;
}

gboolean
_cf_fts_index_entries_above (CfStore *store, gint64 watermark, GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO case_entries_fts (docid, body) SELECT rowid, body FROM case_entries WHERE rowid > ?",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, watermark);
  return _cf_store_step_done (store, stmt, error);
}
