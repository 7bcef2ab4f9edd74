/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Everything held about one student (design.md, "The life of a record"):
 * one list of the case database's tables and how each row is tied to the
 * student, and what destroying them leaves to clean up. */
#include "cf-student-data-private.h"

#include "cf-settings-private.h"

#define CLEANUP_PENDING "search_cleanup_pending"

/* How a table's rows are about the student (?1), and which ids to note
 * before the rows go: a change to a record names its student, but a
 * ticket may be tied to them only by their appointment (a kiosk arrival
 * checked in with a booking code, before the desk matched it), so the
 * ids of both are kept (erased_records) and such a ticket arriving late
 * is dropped.  Children come before their parents, so that each row is
 * counted once and nothing depends on cascades. */
typedef struct {
  const char *remember;   /* SELECT the ids of mutable records, or NULL */
  const char *destroy;
} StudentTable;

#define TICKETS_BY_APPOINTMENT \
  "tickets WHERE appointment_id IN (SELECT id FROM appointments WHERE student_id = ?1)"

static const StudentTable student_tables[] = {
  /* Through the student's cases: an entry's student_id (always its
   * case's student) has no index, and a scan of every entry for each
   * student made a year's purge take hours. */
  { NULL, "DELETE FROM case_entries WHERE case_id IN (SELECT id FROM cases WHERE student_id = ?1)" },
  { NULL, "DELETE FROM security_notice_items WHERE student_id = ?1" },
  { "INSERT OR IGNORE INTO erased_records (id) SELECT id FROM " TICKETS_BY_APPOINTMENT,
    "DELETE FROM " TICKETS_BY_APPOINTMENT },
  { "INSERT OR IGNORE INTO erased_records (id) SELECT id FROM tickets WHERE student_id = ?1",
    "DELETE FROM tickets WHERE student_id = ?1" },
  { "INSERT OR IGNORE INTO erased_records (id) SELECT id FROM appointments WHERE student_id = ?1",
    "DELETE FROM appointments WHERE student_id = ?1" },
  { NULL, "DELETE FROM consents WHERE student_id = ?1" },
  { NULL, "DELETE FROM breaches WHERE student_id = ?1" },
  { NULL, "DELETE FROM conflicts WHERE student_id = ?1" },
  { NULL, "DELETE FROM cases WHERE student_id = ?1" },
  { NULL, "DELETE FROM monitoring WHERE student_id = ?1" },
  { NULL, "DELETE FROM retention_holds WHERE student_id = ?1" },
  { NULL, "DELETE FROM students WHERE id = ?1" },
};

static gboolean
run_for_student (CfStore    *store,
                 const char *sql,
                 const char *student_id,
                 guint      *changes,
                 GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student_id);
  if (!_cf_store_step_done (store, stmt, error))
    return FALSE;
  *changes = (guint) sqlite3_changes (_cf_store_get_db (store));
  return TRUE;
}

/* The search index's triggers take each deleted row out of it as the row
 * goes; the words stay in its segments until they are merged. */
gboolean
_cf_student_data_destroy (CfStore    *store,
                          const char *student_id,
                          guint      *n_records,
                          GError    **error)
{
  guint total = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (student_tables); i++)
    {
      guint changes;

      if ((student_tables[i].remember != NULL &&
           !run_for_student (store, student_tables[i].remember, student_id, &changes, error)) ||
          !run_for_student (store, student_tables[i].destroy, student_id, &changes, error))
        return FALSE;
      total += changes;
    }
  if (n_records != NULL)
    *n_records = total;
  return _cf_settings_set (store, CLEANUP_PENDING, "1", error);
}

gboolean
_cf_student_data_is_erased (CfStore    *store,
                            const char *record_id,
                            gboolean   *erased,
                            GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT 1 FROM erased_records WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, record_id);
  return _cf_store_exists (store, stmt, erased, error);
}

gboolean
_cf_student_data_any_erased (CfStore  *store,
                             gboolean *any,
                             GError  **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT 1 FROM erased_records LIMIT 1", error);

  return stmt != NULL && _cf_store_exists (store, stmt, any, error);
}

/* ---- cleaning up ------------------------------------------------------ */

/* "optimize" merges every segment of an index into one; a deleted row's
 * words are left out of the merged segment, and the old segments' pages
 * are freed (and overwritten).  Both indexes, each in the transaction
 * that clears the flag, so a crash leaves the flag for the next try. */
static gboolean
merge_search_indexes (CfStore *store,
                      GError **error)
{
  if (!_cf_store_begin (store, error))
    return FALSE;
  if (_cf_store_exec (store,
                      "INSERT INTO case_entries_fts (case_entries_fts) VALUES ('optimize');"
                      "INSERT INTO students_fts (students_fts) VALUES ('optimize');", error) &&
      _cf_settings_set (store, CLEANUP_PENDING, "0", error) &&
      _cf_store_commit (store, error))
    return TRUE;
  _cf_store_rollback (store);
  return FALSE;
}

gboolean
_cf_student_data_clean_up (CfStore *store,
                           GError **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autofree char *pending = NULL;

  if (!cf_store_has_cases (store))
    return TRUE;
  if (!_cf_settings_get (store, CLEANUP_PENDING, &pending, error))
    return FALSE;
  if (g_strcmp0 (pending, "1") != 0)
    return TRUE;
  return merge_search_indexes (store, error) && _cf_store_truncate_wal (store, error);
}
