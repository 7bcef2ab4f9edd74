/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-fts.h"

#define ENTRY_SOURCE   "SELECT rowid, body FROM case_entries"
#define ENTRY_INDEX    "INSERT INTO case_entries_fts (docid, body) "
#define STUDENT_SOURCE "SELECT rowid, name, preferred_name, student_number, email FROM students"
#define STUDENT_INDEX  "INSERT INTO students_fts (docid, name, preferred_name, student_number, email) "

static gboolean
index_where (CfStore *store, const char *sql, const char *id, gint64 above, GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (id != NULL)
    _cf_bind_text (stmt, 1, id);
  else
    sqlite3_bind_int64 (stmt, 1, above);
  return _cf_store_step_done (store, stmt, error);
}

gboolean
_cf_fts_index_entry (CfStore *store, const char *entry_id, GError **error)
{
  return index_where (store, ENTRY_INDEX ENTRY_SOURCE " WHERE id = ?", entry_id, 0, error);
}

gboolean
_cf_fts_index_student (CfStore *store, const char *student_id, GError **error)
{
  return index_where (store, STUDENT_INDEX STUDENT_SOURCE " WHERE id = ?", student_id, 0, error);
}

static gint64
max_rowid (CfStore *store, const char *sql)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, NULL);
  gint64 value = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* New rows always get a rowid above the largest one, so "above the
 * watermark" is exactly what was inserted since. */
void
_cf_fts_watermark (CfStore *store, CfFtsWatermark *watermark)
{
  watermark->entries = max_rowid (store, "SELECT coalesce (max (rowid), 0) FROM case_entries");
  watermark->students = max_rowid (store, "SELECT coalesce (max (rowid), 0) FROM students");
}

gboolean
_cf_fts_index_above (CfStore *store, const CfFtsWatermark *watermark, GError **error)
{
  return index_where (store, ENTRY_INDEX ENTRY_SOURCE " WHERE rowid > ?", NULL,
                      watermark->entries, error) &&
         index_where (store, STUDENT_INDEX STUDENT_SOURCE " WHERE rowid > ?", NULL,
                      watermark->students, error);
}
