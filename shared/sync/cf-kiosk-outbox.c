/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's outbox: sealed visits waiting for the sync folder.  The
 * kiosk adds to it; the kiosk's sync pass takes from it. */
#include "cf-kiosk-outbox-private.h"

#include "cf-store-private.h"

gboolean
_cf_kiosk_outbox_add (CfStore    *store,
                      GBytes     *sealed,
                      const char *stamp,
                      GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO kiosk_outbox (sealed, created_at, stamp) VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, g_bytes_get_data (sealed, NULL), (int) g_bytes_get_size (sealed),
                     SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 3, stamp, -1, SQLITE_TRANSIENT);
  return _cf_store_step_done (store, stmt, error);
}

gboolean
_cf_kiosk_outbox_newest_stamp (CfStore *store,
                               char   **stamp,
                               GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT stamp FROM kiosk_outbox ORDER BY seq DESC LIMIT 1", error);

  return stmt != NULL && _cf_store_get_text (store, stmt, stamp, error);
}

/* The oldest visit waiting: FALSE only on error; *sealed is NULL when the
 * outbox is empty. */
gboolean
_cf_kiosk_outbox_oldest (CfStore *store,
                         gint64  *seq,
                         GBytes **sealed,
                         GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT seq, sealed FROM kiosk_outbox ORDER BY seq LIMIT 1", error);
  CfStep step;

  *sealed = NULL;
  if (stmt == NULL)
    return FALSE;
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_ROW)
    {
      *seq = sqlite3_column_int64 (stmt, 0);
      *sealed = g_bytes_new (sqlite3_column_blob (stmt, 1), (gsize) sqlite3_column_bytes (stmt, 1));
    }
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

gboolean
_cf_kiosk_outbox_sent (CfStore *store,
                       gint64   seq,
                       GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT OR REPLACE INTO settings (key, value)"
      " SELECT 'hlc_last', stamp FROM kiosk_outbox WHERE seq = ?1"
      "   AND stamp > coalesce ((SELECT value FROM settings WHERE key = 'hlc_last'), '')",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (!_cf_store_step_done (store, stmt, error))
    return FALSE;
  stmt = _cf_store_prepare (store, "DELETE FROM kiosk_outbox WHERE seq = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  return _cf_store_step_done (store, stmt, error);
}
