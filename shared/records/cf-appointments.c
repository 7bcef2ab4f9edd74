/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-appointments.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "cf-appointment-private.h"
#include "cf-appointments-private.h"
#include "cf-audit-private.h"
#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-feed.h"
#include "cf-key.h"
#include "cf-machines-private.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"
#include "cf-text.h"
#include "cf-user-private.h"
#include "cf-users-private.h"

static const char *const modes[] = { "in-person", "phone", "video", NULL };

static const char *const appointment_fields[] = {
  "student_id", "adviser_id", "start_at", "end_at", "mode", "topic", "room", "status",
  "created_at", "updated_at", NULL
};

static gboolean
check_appointment (CfAppointment *appointment,
                   GError       **error)
{
  if (appointment->student_id == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT, _("An appointment needs a student."));
      return FALSE;
    }
  if (appointment->end_at <= appointment->start_at)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("An appointment must end after it starts."));
      return FALSE;
    }
  if (appointment->mode == NULL)
    appointment->mode = g_strdup ("in-person");
  if (!g_strv_contains (modes, appointment->mode))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("The mode must be in-person, phone or video."));
      return FALSE;
    }
  return (appointment->topic == NULL ||
          cf_text_check (appointment->topic, -1, CF_TEXT_LINE, _("The topic"), error)) &&
         (appointment->room == NULL ||
          cf_text_check (appointment->room, -1, CF_TEXT_LINE, _("The room"), error));
}

static gboolean
refuse_double_booking (CfStore       *store,
                       CfAppointment *appointment,
                       GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean clash;

  if (appointment->adviser_id == NULL)
    return TRUE;
  /* The lower bound on start_at (no appointment lasts a day) keeps this a
   * short range scan of the (adviser_id, start_at) index. */
  stmt = _cf_store_prepare (store,
      "SELECT 1 FROM appointments WHERE adviser_id = ? AND status != 'cancelled'"
      " AND start_at < ? AND end_at > ? AND start_at > ? - 86400 LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, appointment->adviser_id);
  sqlite3_bind_int64 (stmt, 2, appointment->end_at);
  sqlite3_bind_int64 (stmt, 3, appointment->start_at);
  sqlite3_bind_int64 (stmt, 4, appointment->start_at);
  if (!_cf_store_exists (store, stmt, &clash, error))
    return FALSE;
  if (clash)
    g_set_error (error, CF_ERROR, CF_ERROR_EXISTS,
                 _("That adviser already has an appointment at that time."));
  return !clash;
}

static gboolean
insert_appointment (CfSession *session,
                    gpointer   data,
                    GError   **error)
{
  CfAppointment *appointment = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, appointment->student_id, error) ||
      (appointment->adviser_id != NULL &&
       !_cf_users_check_may_advise (session, appointment->adviser_id, appointment->student_id,
                                    _("An appointment can only be with a current adviser or manager."),
                                    error)) ||
      !refuse_double_booking (store, appointment, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "INSERT INTO appointments (id, student_id, adviser_id, start_at, end_at, mode, topic,"
      " room, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, appointment->id);
  _cf_bind_text (stmt, 2, appointment->student_id);
  _cf_bind_text (stmt, 3, appointment->adviser_id);
  sqlite3_bind_int64 (stmt, 4, appointment->start_at);
  sqlite3_bind_int64 (stmt, 5, appointment->end_at);
  _cf_bind_text (stmt, 6, appointment->mode);
  _cf_bind_text (stmt, 7, appointment->topic);
  _cf_bind_text (stmt, 8, appointment->room);
  sqlite3_bind_int64 (stmt, 9, appointment->created_at);
  sqlite3_bind_int64 (stmt, 10, appointment->created_at);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "appointment", appointment->id, appointment_fields, error) &&
         _cf_session_audit (session, "appointment-booked", appointment->student_id,
                            appointment->id, error);
}

gboolean
cf_appointments_add (CfSession     *session,
                     CfAppointment *appointment,
                     GError       **error)
{
  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (CF_IS_APPOINTMENT (appointment), FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !check_appointment (appointment, error))
    return FALSE;
  g_free (appointment->id);
  appointment->id = g_uuid_string_random ();
  appointment->created_at = g_get_real_time () / G_USEC_PER_SEC;
  g_free (appointment->status);
  appointment->status = g_strdup ("booked");
  if (_cf_session_write (session, insert_appointment, appointment, error))
    return TRUE;
  g_clear_pointer (&appointment->id, g_free);
  return FALSE;
}

static gpointer
appointment_from_row (sqlite3_stmt *stmt)
{
  CfAppointment *appointment = cf_appointment_new ();

  appointment->id = _cf_column_dup (stmt, 0);
  appointment->student_id = _cf_column_dup (stmt, 1);
  appointment->adviser_id = _cf_column_dup (stmt, 2);
  appointment->adviser_name = _cf_column_dup (stmt, 3);
  appointment->start_at = sqlite3_column_int64 (stmt, 4);
  appointment->end_at = sqlite3_column_int64 (stmt, 5);
  appointment->mode = _cf_column_dup (stmt, 6);
  appointment->topic = _cf_column_dup (stmt, 7);
  appointment->room = _cf_column_dup (stmt, 8);
  appointment->status = _cf_column_dup (stmt, 9);
  appointment->created_at = sqlite3_column_int64 (stmt, 10);
  appointment->needs_adviser = sqlite3_column_int (stmt, 11) != 0;
  return appointment;
}

/* The rule of needs-adviser: the appointment's own adviser has declared a
 * conflict with its student, and it is neither over nor closed (?5 is
 * now). */
#define APPOINTMENT_NEEDS_ADVISER \
  "(a.status IN ('booked', 'arrived') AND a.end_at > ?5 AND EXISTS" \
  " (SELECT 1 FROM conflicts n WHERE n.adviser_id = a.adviser_id AND n.student_id = a.student_id))"

/* Two statements so each uses its own index: (adviser_id, start_at) for
 * one adviser's day, (start_at) for the office's.  A student the user is
 * in conflict with stays out of sight, except in the user's own diary:
 * an appointment still theirs keeps its time taken and asks for another
 * adviser (without the student's name, which they may no longer read). */
#define APPOINTMENT_SELECT \
  "SELECT a.id, a.student_id, a.adviser_id, u.name, a.start_at, a.end_at, a.mode, a.topic," \
  " a.room, a.status, a.created_at, " APPOINTMENT_NEEDS_ADVISER \
  " FROM appointments a LEFT JOIN users u ON u.id = a.adviser_id" \
  " WHERE a.start_at >= ?1 AND a.start_at < ?2" \
  " AND (a.adviser_id = ?4 OR NOT EXISTS" \
  "      (SELECT 1 FROM conflicts c WHERE c.student_id = a.student_id AND c.adviser_id = ?4))"

typedef struct {
  gint64      from;
  gint64      to;
  const char *adviser_id;
  GListStore *appointments;
} ListDay;

/* The students the list showed, for its audit entry. */
static char *
shown_students (GListModel *appointments)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (appointments); i++)
    {
      g_autoptr(CfAppointment) appointment = g_list_model_get_item (appointments, i);

      g_ptr_array_add (ids, appointment->student_id);   /* the list keeps it alive */
    }
  return _cf_audit_shown_detail (ids);
}

static gboolean
collect_day (CfSession *session,
             ListDay   *list,
             GError   **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = list->adviser_id
    ? _cf_store_prepare (store, APPOINTMENT_SELECT " AND a.adviser_id = ?3 ORDER BY a.start_at", error)
    : _cf_store_prepare (store, APPOINTMENT_SELECT " AND ?3 IS NULL ORDER BY a.start_at", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, list->from);
  sqlite3_bind_int64 (stmt, 2, list->to);
  _cf_bind_text (stmt, 3, list->adviser_id);
  _cf_bind_text (stmt, 4, cf_session_get_user_id (session));
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  return _cf_store_collect_objects (store, stmt, list->appointments, appointment_from_row, error);
}

/* Within the caller's transaction. */
static gboolean
audit_listed (CfSession  *session,
              GListModel *appointments,
              GError    **error)
{
  g_autofree char *shown = shown_students (appointments);

  return _cf_session_audit (session, "appointments-listed", NULL, shown, error);
}

GListModel *
cf_appointments_list (CfSession  *session,
                      gint64      from,
                      gint64      to,
                      const char *adviser_id,
                      GError    **error)
{
  g_autoptr(GListStore) appointments = g_list_store_new (CF_TYPE_APPOINTMENT);
  g_autoptr(CfStoreLock) lock = NULL;
  ListDay list = { from, to, adviser_id, appointments };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return NULL;
  lock = _cf_store_lock (cf_session_get_store (session));
  if (!collect_day (session, &list, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&appointments));
}

static gboolean
list_shown (CfSession *session,
            gpointer   data,
            GError   **error)
{
  ListDay *list = data;

  return collect_day (session, list, error) &&
         audit_listed (session, G_LIST_MODEL (list->appointments), error);
}

GListModel *
cf_appointments_list_shown (CfSession  *session,
                            gint64      from,
                            gint64      to,
                            const char *adviser_id,
                            GError    **error)
{
  g_autoptr(GListStore) appointments = g_list_store_new (CF_TYPE_APPOINTMENT);
  ListDay list = { from, to, adviser_id, appointments };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, list_shown, &list, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&appointments));
}

typedef struct {
  const char *student_id;
  GListStore *appointments;
} StudentAppointments;

static gboolean
read_student_appointments (CfSession *session,
                           gpointer   data,
                           GError   **error)
{
  StudentAppointments *read = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, read->student_id, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "SELECT a.id, a.student_id, a.adviser_id, u.name, a.start_at, a.end_at, a.mode, a.topic,"
      " a.room, a.status, a.created_at, " APPOINTMENT_NEEDS_ADVISER
      " FROM appointments a LEFT JOIN users u ON u.id = a.adviser_id"
      " WHERE a.student_id = ?1 ORDER BY a.start_at DESC", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, read->student_id);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  return _cf_store_collect_objects (store, stmt, read->appointments, appointment_from_row, error);
}

GListModel *
cf_appointments_list_for_student (CfSession  *session,
                                  const char *student_id,
                                  GError    **error)
{
  g_autoptr(GListStore) appointments = g_list_store_new (CF_TYPE_APPOINTMENT);
  StudentAppointments read = { student_id, appointments };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, read_student_appointments, &read, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&appointments));
}

GListModel *
cf_appointments_advisers (CfSession *session,
                          GError   **error)
{
  g_autoptr(GListStore) users = g_list_store_new (CF_TYPE_USER);
  g_autoptr(CfStoreLock) lock = NULL;
  CfStore *store;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return NULL;
  store = cf_session_get_store (session);
  lock = _cf_store_lock (store);
  stmt = _cf_store_prepare (store,
      "SELECT " CF_USER_COLUMNS " FROM users WHERE removed_at IS NULL"
      " AND (role = 'adviser' OR role = 'manager') ORDER BY name COLLATE NOCASE, id", error);
  if (stmt == NULL ||
      !_cf_store_collect_objects (store, stmt, users, _cf_user_new_from_row, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&users));
}

gboolean
_cf_appointments_list_needing_adviser (CfSession  *session,
                                       const char *student_id,
                                       const char *adviser_id,
                                       GListStore *appointments,
                                       GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT a.id, a.student_id, a.adviser_id, u.name, a.start_at, a.end_at, a.mode, a.topic,"
      " a.room, a.status, a.created_at, 1"
      " FROM appointments a LEFT JOIN users u ON u.id = a.adviser_id"
      " WHERE a.student_id = ?1 AND (?2 IS NULL OR a.adviser_id = ?2) AND "
      APPOINTMENT_NEEDS_ADVISER " ORDER BY a.start_at", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student_id);
  _cf_bind_text (stmt, 2, adviser_id);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  return _cf_store_collect_objects (store, stmt, appointments, appointment_from_row, error);
}

static gboolean
cancel_appointment (CfSession *session,
                    gpointer   data,
                    GError   **error)
{
  const char *id = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;
  g_autofree char *student_id = NULL;

  stmt = _cf_store_prepare (store, "SELECT student_id FROM appointments WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  if (!_cf_store_get_text (store, stmt, &student_id, error))
    return FALSE;
  if (student_id == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("There is no appointment with that id."));
      return FALSE;
    }
  if (!_cf_session_check_student (session, student_id, error))
    return FALSE;

  stmt = _cf_store_prepare (store,
      "UPDATE appointments SET status = 'cancelled', updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 2, id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "appointment", id,
                             (const char *const[]) { "status", "updated_at", NULL }, error) &&
         _cf_session_audit (session, "appointment-cancelled", student_id, id, error);
}

gboolean
cf_appointments_cancel (CfSession  *session,
                        const char *id,
                        GError    **error)
{
  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return FALSE;
  return _cf_session_write (session, cancel_appointment, (gpointer) id, error);
}

#define BOOKING_ALPHABET "ACDEFGHJKMNPQRTUVWXY34679"

typedef struct {
  const char *id;
  const char *verifier;
} BookingCode;

static gboolean
store_booking_code (CfSession *session,
                    gpointer   data,
                    GError   **error)
{
  BookingCode *booking = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "UPDATE appointments SET booking_code_hash = ?, updated_at = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, booking->verifier);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 3, booking->id);
  if (!_cf_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (_cf_store_get_db (store)) == 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("There is no appointment with that id."));
      return FALSE;
    }
  return _cf_changes_record (store, "appointment", booking->id,
                             (const char *const[]) { "booking_code_hash", "updated_at", NULL }, error) &&
         _cf_session_audit (session, "booking-code-issued", booking->id, NULL, error);
}

char *
cf_appointments_new_booking_code (CfSession  *session,
                                  const char *id,
                                  GError    **error)
{
  g_autoptr(CfKey) booking_key = NULL;
  g_autofree char *verifier = NULL;
  GString *code;
  BookingCode booking;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return NULL;
  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (cf_session_get_store (session));
    booking_key = _cf_machines_booking_key (cf_session_get_store (session), error);
  }
  if (booking_key == NULL)
    return NULL;
  code = g_string_new (NULL);
  for (int i = 0; i < 6; i++)
    {
      if (i == 3)
        g_string_append_c (code, '-');
      g_string_append_c (code, BOOKING_ALPHABET[randombytes_uniform (sizeof BOOKING_ALPHABET - 1)]);
    }
  verifier = cf_feed_booking_verifier (cf_key_get_bytes (booking_key), code->str);
  booking = (BookingCode) { id, verifier };
  if (!_cf_session_write (session, store_booking_code, &booking, error))
    {
      g_string_free (code, TRUE);
      return NULL;
    }
  return g_string_free (code, FALSE);
}

/* ---- moving, arrivals and the week (the desk's diary) ---------------- */

typedef struct {
  char  *student_id;
  char  *adviser_id;
  char  *status;
} Booked;

static void
booked_clear (Booked *booked)
{
  g_free (booked->student_id);
  g_free (booked->adviser_id);
  g_free (booked->status);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Booked, booked_clear)

/* Loads the appointment and checks the user may deal with its student. */
static gboolean
load_booked (CfSession  *session,
             const char *id,
             Booked     *booked,
             GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT student_id, adviser_id, status FROM appointments WHERE id = ?", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_ROW)
    {
      booked->student_id = _cf_column_dup (stmt, 0);
      booked->adviser_id = _cf_column_dup (stmt, 1);
      booked->status = _cf_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  if (booked->student_id == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("There is no appointment with that id."));
      return FALSE;
    }
  if (g_str_equal (booked->status, "cancelled"))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("That appointment was cancelled; book a new one instead."));
      return FALSE;
    }
  return _cf_session_check_student (session, booked->student_id, error);
}

/* As refuse_double_booking, leaving out the appointment being moved. */
static gboolean
refuse_overlap (CfStore    *store,
                const char *id,
                const char *adviser_id,
                gint64      start_at,
                gint64      end_at,
                GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean clash;

  if (adviser_id == NULL)
    return TRUE;
  stmt = _cf_store_prepare (store,
      "SELECT 1 FROM appointments WHERE adviser_id = ? AND status != 'cancelled' AND id != ?"
      " AND start_at < ? AND end_at > ? AND start_at > ? - 86400 LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, adviser_id);
  _cf_bind_text (stmt, 2, id);
  sqlite3_bind_int64 (stmt, 3, end_at);
  sqlite3_bind_int64 (stmt, 4, start_at);
  sqlite3_bind_int64 (stmt, 5, start_at);
  if (!_cf_store_exists (store, stmt, &clash, error))
    return FALSE;
  if (clash)
    g_set_error (error, CF_ERROR, CF_ERROR_EXISTS,
                 _("That adviser already has an appointment at that time."));
  return !clash;
}

gboolean
_cf_appointments_give (CfSession     *session,
                       CfAppointment *appointment,
                       const char    *adviser_id,
                       gboolean      *given,
                       GError       **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(GError) busy = NULL;
  sqlite3_stmt *stmt;

  *given = FALSE;
  if (!refuse_overlap (store, appointment->id, adviser_id, appointment->start_at, appointment->end_at,
                       &busy))
    {
      /* Booked then: the appointment still needs someone, which is no error. */
      if (g_error_matches (busy, CF_ERROR, CF_ERROR_EXISTS))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&busy));
      return FALSE;
    }
  stmt = _cf_store_prepare (store, "UPDATE appointments SET adviser_id = ?, updated_at = ? WHERE id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, adviser_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 3, appointment->id);
  *given = TRUE;
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "appointment", appointment->id,
                             (const char *const[]) { "adviser_id", "updated_at", NULL }, error) &&
         _cf_session_audit (session, "appointment-reassigned", appointment->student_id,
                            appointment->id, error);
}

typedef struct {
  const char *id;
  gint64      start_at;
  gint64      end_at;
  const char *status;
} Change;

static gboolean
move_appointment (CfSession *session,
                  gpointer   data,
                  GError   **error)
{
  Change *change = data;
  CfStore *store = cf_session_get_store (session);
  g_auto(Booked) booked = { NULL };
  sqlite3_stmt *stmt;

  if (!load_booked (session, change->id, &booked, error) ||
      !refuse_overlap (store, change->id, booked.adviser_id, change->start_at, change->end_at, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "UPDATE appointments SET start_at = ?, end_at = ?, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->start_at);
  sqlite3_bind_int64 (stmt, 2, change->end_at);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 4, change->id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "appointment", change->id,
                             (const char *const[]) { "start_at", "end_at", "updated_at", NULL }, error) &&
         _cf_session_audit (session, "appointment-moved", booked.student_id, change->id, error);
}

gboolean
cf_appointments_move (CfSession  *session,
                      const char *id,
                      gint64      start_at,
                      gint64      end_at,
                      GError    **error)
{
  Change change = { id, start_at, end_at, NULL };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return FALSE;
  if (end_at <= start_at)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("An appointment must end after it starts."));
      return FALSE;
    }
  return _cf_session_write (session, move_appointment, &change, error);
}

static const char *const settable_statuses[] = { "booked", "arrived", "seen", "no-show", NULL };

static gboolean
set_status (CfSession *session,
            gpointer   data,
            GError   **error)
{
  Change *change = data;
  CfStore *store = cf_session_get_store (session);
  g_auto(Booked) booked = { NULL };
  g_autofree char *action = NULL;
  sqlite3_stmt *stmt;

  if (!load_booked (session, change->id, &booked, error))
    return FALSE;
  if (g_str_equal (booked.status, change->status))
    return TRUE;
  stmt = _cf_store_prepare (store,
      "UPDATE appointments SET status = ?, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, change->status);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 3, change->id);
  action = g_strconcat ("appointment-", change->status, NULL);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "appointment", change->id,
                             (const char *const[]) { "status", "updated_at", NULL }, error) &&
         _cf_session_audit (session, action, booked.student_id, change->id, error);
}

gboolean
cf_appointments_set_status (CfSession  *session,
                            const char *id,
                            const char *status,
                            GError    **error)
{
  Change change = { id, 0, 0, status };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return FALSE;
  if (!g_strv_contains (settable_statuses, status ? status : ""))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("The status must be booked, arrived, seen or no-show."));
      return FALSE;
    }
  return _cf_session_write (session, set_status, &change, error);
}

/* Only a booking still booked: one cancelled or already seen keeps its
 * state when the student turns up anyway. */
gboolean
_cf_appointments_mark_arrived (CfSession  *session,
                               const char *appointment_id,
                               const char *student_id,
                               GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "UPDATE appointments SET status = 'arrived', updated_at = ? WHERE id = ? AND status = 'booked'", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 2, appointment_id);
  if (!_cf_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (_cf_store_get_db (store)) == 0)
    return TRUE;
  return _cf_changes_record (store, "appointment", appointment_id,
                             (const char *const[]) { "status", "updated_at", NULL }, error) &&
         _cf_session_audit (session, "appointment-arrived", student_id, appointment_id, error);
}

void
cf_appointments_week_bounds (GTimeZone *zone,
                             gint64     moment,
                             gint64    *from,
                             gint64    *to)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (moment);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
  g_autoptr(GDateTime) day = g_date_time_new (zone, g_date_time_get_year (local),
                                              g_date_time_get_month (local),
                                              g_date_time_get_day_of_month (local), 0, 0, 0);
  /* Days, not seconds, so a change of clocks inside the week is right. */
  g_autoptr(GDateTime) monday = g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
  g_autoptr(GDateTime) next = g_date_time_add_days (monday, 7);

  if (from)
    *from = g_date_time_to_unix (monday);
  if (to)
    *to = g_date_time_to_unix (next);
}

GListModel *
cf_appointments_list_week (CfSession  *session,
                           GTimeZone  *zone,
                           gint64      moment,
                           const char *adviser_id,
                           GError    **error)
{
  gint64 from, to;

  g_return_val_if_fail (zone != NULL, NULL);
  cf_appointments_week_bounds (zone, moment, &from, &to);
  return cf_appointments_list (session, from, to, adviser_id, error);
}

typedef struct {
  GListModel *appointments;
  GHashTable *names;
} Names;

static gboolean
name_one (CfSession  *session,
          const char *student_id,
          GHashTable *names,
          GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(GError) refused = NULL;
  sqlite3_stmt *stmt;
  char *name = NULL;

  /* A student the user may not see is left out, not an error. */
  if (!_cf_session_check_student (session, student_id, &refused))
    return TRUE;
  stmt = _cf_store_prepare (store, "SELECT coalesce (name, '') FROM students WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student_id);
  if (!_cf_store_get_text (store, stmt, &name, error))
    return FALSE;
  if (name == NULL)
    return TRUE;
  g_hash_table_insert (names, g_strdup (student_id), name);
  return _cf_session_audit (session, "student-read", student_id, "diary", error);
}

/* The list itself is audited here, in the transaction its names need
 * anyway: an entry of its own would cost a day's list a commit. */
static gboolean
read_names (CfSession *session,
            gpointer   data,
            GError   **error)
{
  Names *names = data;

  for (guint i = 0; i < g_list_model_get_n_items (names->appointments); i++)
    {
      g_autoptr(CfAppointment) appointment = g_list_model_get_item (names->appointments, i);

      if (!g_hash_table_contains (names->names, appointment->student_id) &&
          !name_one (session, appointment->student_id, names->names, error))
        return FALSE;
    }
  return audit_listed (session, names->appointments, error);
}

GHashTable *
cf_appointments_student_names (CfSession  *session,
                               GListModel *appointments,
                               GError    **error)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Names names = { appointments, table };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (appointments), NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, read_names, &names, error))
    return NULL;
  return g_steal_pointer (&table);
}
