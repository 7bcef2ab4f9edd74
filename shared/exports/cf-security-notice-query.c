/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-security-notice-private.h"

#include <glib/gi18n-lib.h>

#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-time.h"

/* ---- The query ---------------------------------------------------------- */

static void
row_clear (gpointer data)
{
  CfSecurityNoticeRow *row = data;

  g_free (row->student_name);
  g_free (row->student_number);
  g_free (row->uid);
}

static void
item_clear (gpointer data)
{
  NoticeItem *item = data;

  g_free (item->appointment_id);
  g_free (item->student_id);
  g_free (item->shown);
}

void
_cf_security_notice_init (Notice *notice)
{
  notice->rows = g_array_new (FALSE, TRUE, sizeof (CfSecurityNoticeRow));
  notice->items = g_array_new (FALSE, TRUE, sizeof (NoticeItem));
  notice->n_on = 0;
  g_array_set_clear_func (notice->rows, row_clear);
  g_array_set_clear_func (notice->items, item_clear);
}

void
_cf_security_notice_clear (Notice *notice)
{
  g_clear_pointer (&notice->rows, g_array_unref);
  g_clear_pointer (&notice->items, g_array_unref);
}

/* The one statement that reads what goes into a notice.  It names the only
 * four columns a notice may carry (name, student ID, start, end) and the two
 * ids the bookkeeping needs; no other column of a student or an appointment
 * is ever read for Security.  Only in-person appointments: phone and video
 * appointments put nobody on campus.  Flagged students are few, so the
 * partial index students_removed drives it, then appointments_student. */
#define NOTICE_QUERY \
  "SELECT s.name, s.student_number, a.start_at, a.end_at, a.id, s.id" \
  " FROM students s JOIN appointments a ON a.student_id = s.id" \
  " WHERE s.removed_from_course = 1 AND a.status != 'cancelled' AND a.mode = 'in-person'" \
  "   AND a.start_at >= ?1 AND a.start_at < ?2" \
  " ORDER BY a.start_at, a.end_at, s.name COLLATE NOCASE, a.id"

static void
notice_append (Notice       *notice,
               sqlite3_stmt *stmt)
{
  CfSecurityNoticeRow row = { 0 };
  NoticeItem item = { 0 };

  /* An anonymous student has no name; Security still gets the ID. */
  row.student_name = _cf_column_dup (stmt, 0);
  if (row.student_name == NULL)
    row.student_name = g_strdup ("");
  row.student_number = _cf_column_dup (stmt, 1);
  row.start_at = item.start_at = sqlite3_column_int64 (stmt, 2);
  row.end_at = item.end_at = sqlite3_column_int64 (stmt, 3);
  item.appointment_id = _cf_column_dup (stmt, 4);
  item.student_id = _cf_column_dup (stmt, 5);
  g_array_append_val (notice->rows, row);
  g_array_append_val (notice->items, item);
  notice->n_on++;
}

gboolean
_cf_security_notice_read (CfStore *store,
                          gint64   from,
                          gint64   to,
                          Notice  *notice,
                          GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, NOTICE_QUERY, error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    notice_append (notice, stmt);
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  return TRUE;
}

/* A notice reveals each student's name to whoever exports it, so it must
 * not include anyone the user may not open (a declared conflict of
 * interest, a restricted service).  Leaving them out would give Security an
 * incomplete notice, so the export is refused instead. */
gboolean
_cf_security_notice_check_students_visible (CfSession *session,
                                            Notice    *notice,
                                            GError   **error)
{
  for (guint i = 0; i < notice->items->len; i++)
    {
      NoticeItem *item = &g_array_index (notice->items, NoticeItem, i);
      g_autoptr(GError) local_error = NULL;

      if (_cf_session_check_student (session, item->student_id, &local_error))
        continue;
      if (g_error_matches (local_error, CF_ERROR, CF_ERROR_DENIED))
        g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
                     _("This notice would include a student whose record you cannot open (a conflict of interest or a restricted service). Ask a colleague to export it."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

guint
_cf_security_notice_count_students (Notice *notice)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < notice->n_on; i++)
    g_hash_table_add (seen, g_array_index (notice->items, NoticeItem, i).student_id);
  return g_hash_table_size (seen);
}

gboolean
_cf_security_notice_check_period (gint64   from,
                                  gint64   to,
                                  GError **error)
{
  if (from < to)
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
               _("The notice’s period must end after it starts."));
  return FALSE;
}

/* ---- Cells, for CSV and PDF --------------------------------------------- */

void
_cf_security_notice_row_cells (const CfSecurityNoticeRow *row,
                               GTimeZone                 *zone,
                               char                      *cells[N_CELLS])
{
  cells[CELL_NAME] = g_strdup (row->student_name ? row->student_name : "");
  cells[CELL_NUMBER] = g_strdup (row->student_number ? row->student_number : "");
  cells[CELL_DATE] = cf_date_format (row->start_at, zone);
  cells[CELL_START] = cf_clock_format (row->start_at, zone);
  cells[CELL_END] = cf_clock_format (row->end_at, zone);
}

void
_cf_security_notice_cells_free (char *cells[N_CELLS])
{
  for (guint i = 0; i < N_CELLS; i++)
    g_free (cells[i]);
}

/* ---- Preview ----------------------------------------------------------- */

typedef struct {
  gint64  from;
  gint64  to;
  GArray *rows;
} Preview;

static gboolean
preview_in_transaction (CfSession *session,
                        gpointer   data,
                        GError   **error)
{
  Preview *preview = data;
  g_auto(Notice) notice = { 0 };
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

  _cf_security_notice_init (&notice);
  if (!_cf_security_notice_read (cf_session_get_store (session), preview->from, preview->to, &notice, error) ||
      !_cf_security_notice_check_students_visible (session, &notice, error))
    return FALSE;
  for (guint i = 0; i < notice.items->len; i++)
    {
      NoticeItem *item = &g_array_index (notice.items, NoticeItem, i);

      if (g_hash_table_add (shown, item->student_id) &&
          !_cf_session_audit (session, "security-notice-previewed", item->student_id, NULL, error))
        return FALSE;
    }
  preview->rows = g_steal_pointer (&notice.rows);
  return TRUE;
}

GArray *
cf_security_notice_preview (CfSession *session,
                            gint64     from,
                            gint64     to,
                            GError   **error)
{
  Preview preview = { from, to, NULL };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);

  if (!cf_session_require (session, CF_PERMISSION_EXPORT_SECURITY, error) ||
      !_cf_security_notice_check_period (from, to, error) ||
      !_cf_session_write (session, preview_in_transaction, &preview, error))
    return NULL;
  return preview.rows;
}

/* ---- What Security was told --------------------------------------------- */

typedef struct {
  const char *student_id;
  GArray     *told;
} ListTold;

static gboolean
list_told (CfSession *session,
           gpointer   data,
           GError   **error)
{
  ListTold *list = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;
  CfStep step;

  if (!_cf_session_check_student (session, list->student_id, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "SELECT n.exported_at, i.start_at, i.end_at, coalesce (i.cancelled, 0) FROM security_notice_items i"
      " JOIN security_notices n ON n.id = i.notice_id WHERE i.student_id = ?"
      " ORDER BY n.exported_at DESC, n.rowid DESC, i.start_at", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, list->student_id);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      CfSecurityTold told = {
        sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2),
        sqlite3_column_int (stmt, 3) != 0,
      };
      g_array_append_val (list->told, told);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  return _cf_session_audit (session, "security-notices-read", list->student_id, NULL, error);
}

GArray *
cf_security_notice_list_for_student (CfSession  *session,
                                     const char *student_id,
                                     GError    **error)
{
  g_autoptr(GArray) told = g_array_new (FALSE, FALSE, sizeof (CfSecurityTold));
  ListTold list = { student_id, told };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, list_told, &list, error))
    return NULL;
  return g_steal_pointer (&told);
}

void
cf_security_update_free (CfSecurityUpdate *update)
{
  if (update == NULL)
    return;
  g_free (update->appointment_id);
  g_free (update->student_id);
  g_free (update);
}

/* For each appointment, the latest notice that listed it, unless that
 * notice told Security it is cancelled; due when what it said no longer
 * holds and no later notice has covered the period Security was told of
 * (a later notice for that period, with or without the appointment,
 * replaces what Security holds).  Only appointments still to
 * come matter to Security; filtering on them first keeps the per-row
 * subqueries few as years of notices pile up.  An appointment moved to
 * phone or video no longer brings anyone on campus: for Security it is
 * cancelled. */
#define UPDATES_QUERY \
  "SELECT i.appointment_id, i.student_id, n.exported_at, i.start_at, i.end_at," \
  "       a.id IS NULL OR a.status = 'cancelled' OR a.mode != 'in-person', s.removed_from_course," \
  "       coalesce (a.start_at, 0), coalesce (a.end_at, 0)" \
  " FROM security_notice_items i" \
  " JOIN security_notices n ON n.id = i.notice_id" \
  " JOIN students s ON s.id = i.student_id" \
  " LEFT JOIN appointments a ON a.id = i.appointment_id" \
  " WHERE i.id = (" NOTICE_LATEST_ITEM ("i.appointment_id") ")" \
  "   AND coalesce (i.cancelled, 0) = 0" \
  "   AND NOT EXISTS (SELECT 1 FROM security_notices n3" \
  "                   WHERE (n3.exported_at > n.exported_at" \
  "                          OR (n3.exported_at = n.exported_at AND n3.rowid > n.rowid))" \
  "                     AND i.start_at >= CAST (strftime ('%s', n3.range_from) AS INTEGER)" \
  "                     AND i.start_at < CAST (strftime ('%s', n3.range_to) AS INTEGER))" \
  "   AND (a.id IS NULL OR a.status = 'cancelled' OR a.mode != 'in-person'" \
  "        OR s.removed_from_course = 0" \
  "        OR a.start_at != i.start_at OR a.end_at != i.end_at)" \
  "   AND (i.end_at > ?1 OR a.end_at > ?1)" \
  " ORDER BY n.exported_at, i.start_at, i.appointment_id"

static CfSecurityUpdate *
update_from_row (sqlite3_stmt *stmt)
{
  CfSecurityUpdate *update = g_new0 (CfSecurityUpdate, 1);

  update->appointment_id = _cf_column_dup (stmt, 0);
  update->student_id = _cf_column_dup (stmt, 1);
  update->told_at = sqlite3_column_int64 (stmt, 2);
  update->told_start_at = sqlite3_column_int64 (stmt, 3);
  update->told_end_at = sqlite3_column_int64 (stmt, 4);
  if (sqlite3_column_int (stmt, 5))
    update->change = CF_SECURITY_CHANGE_CANCELLED;
  else if (sqlite3_column_int (stmt, 6) == 0)
    update->change = CF_SECURITY_CHANGE_UNFLAGGED;
  else
    update->change = CF_SECURITY_CHANGE_MOVED;
  update->start_at = sqlite3_column_int64 (stmt, 7);
  update->end_at = sqlite3_column_int64 (stmt, 8);
  return update;
}

GPtrArray *
cf_security_notice_updates_due (CfSession *session,
                                GError   **error)
{
  g_autoptr(GPtrArray) updates = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_security_update_free);
  g_autoptr(CfStoreLock) lock = NULL;
  CfStore *store;
  sqlite3_stmt *stmt;
  CfStep step;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);

  if (!cf_session_require (session, CF_PERMISSION_EXPORT_SECURITY, error))
    return NULL;
  store = cf_session_get_store (session);
  lock = _cf_store_lock (store);
  stmt = _cf_store_prepare (store, UPDATES_QUERY, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    g_ptr_array_add (updates, update_from_row (stmt));
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return NULL;
  return g_steal_pointer (&updates);
}
