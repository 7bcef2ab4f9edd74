/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-fts-private.h"

#define ENTRY_SOURCE   "SELECT rowid, body FROM case_entries"
#define ENTRY_INDEX    "INSERT INTO case_entries_fts (docid, body) "
#define STUDENT_SOURCE "SELECT rowid, name, preferred_name, student_number, email FROM students"
#define STUDENT_INDEX  "INSERT INTO students_fts (docid, name, preferred_name, student_number, email) "

static gboolean
index_where (CfStore    *store,
             const char *sql,
             const char *id,
             gint64      above,
             GError    **error)
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
_cf_fts_index_entry (CfStore    *store,
                     const char *entry_id,
                     GError    **error)
{
  return index_where (store, ENTRY_INDEX ENTRY_SOURCE " WHERE id = ?", entry_id, 0, error);
}

gboolean
_cf_fts_index_student (CfStore    *store,
                       const char *student_id,
                       GError    **error)
{
  return index_where (store, STUDENT_INDEX STUDENT_SOURCE " WHERE id = ?", student_id, 0, error);
}

static gboolean
max_rowid (CfStore    *store,
           const char *sql,
           gint64     *value,
           GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  step = _cf_store_step (store, stmt, error);
  *value = step == CF_STEP_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

/* New rows always get a rowid above the largest one, so "above the
 * watermark" is exactly what was inserted since. */
gboolean
_cf_fts_watermark (CfStore        *store,
                   CfFtsWatermark *watermark,
                   GError        **error)
{
  /* Where no case database is open there is nothing to index. */
  if (!cf_store_has_cases (store))
    return TRUE;
  return max_rowid (store, "SELECT coalesce (max (rowid), 0) FROM case_entries",
                    &watermark->entries, error) &&
         max_rowid (store, "SELECT coalesce (max (rowid), 0) FROM students",
                    &watermark->students, error);
}

gboolean
_cf_fts_index_above (CfStore              *store,
                     const CfFtsWatermark *watermark,
                     GError              **error)
{
  if (!cf_store_has_cases (store))
    return TRUE;
  return index_where (store, ENTRY_INDEX ENTRY_SOURCE " WHERE rowid > ?", NULL,
                      watermark->entries, error) &&
         index_where (store, STUDENT_INDEX STUDENT_SOURCE " WHERE rowid > ?", NULL,
                      watermark->students, error);
}
