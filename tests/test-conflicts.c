/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-appointments.h"
#include "cf-case-entries.h"
#include "cf-conflicts.h"
#include "cf-consents.h"
#include "cf-error.h"
#include "cf-search.h"
#include "cf-services.h"
#include "cf-session-private.h"
#include "cf-students.h"
#include "cf-test-util.h"
#include "cf-users.h"

#define SECOND_ADVISER     "Bea Adviser"
#define SECOND_ADVISER_PW  "bea passphrase"

typedef struct {
  char      *data_dir;
  CfSession *adviser;
  CfSession *manager;
  char      *student_id;
  char      *adviser_id;
  char      *manager_id;
  char      *bea_id;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->data_dir = cf_test_make_office ();
  f->adviser = cf_test_sign_in (f->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  f->manager = cf_test_sign_in (f->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  cf_users_add (f->manager, SECOND_ADVISER, CF_ROLE_ADVISER, SECOND_ADVISER_PW, &error);
  g_assert_no_error (error);
  f->student_id = cf_test_add_student (f->adviser, "Tomos Price");
  f->adviser_id = cf_users_find_id (f->manager, CF_TEST_ADVISER, &error);
  f->manager_id = cf_users_find_id (f->manager, CF_TEST_MANAGER, &error);
  f->bea_id = cf_users_find_id (f->manager, SECOND_ADVISER, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->adviser);
  g_clear_object (&f->manager);
  g_free (f->student_id);
  g_free (f->adviser_id);
  g_free (f->manager_id);
  g_free (f->bea_id);
  g_free (f->data_dir);
}

/* The open case's adviser (column 0) or id (column 1). */
static char *
open_case (Fixture *f,
           int      column)
{
  CfStore *store = cf_session_get_store (f->manager);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT adviser_id, id FROM cases WHERE student_id = ? AND status = 'open'", NULL);
  char *value = NULL;
  CfStep step;

  _cf_bind_text (stmt, 1, f->student_id);
  step = _cf_store_step (store, stmt, NULL);
  g_assert_cmpint (step, !=, CF_STEP_FAILED);
  if (step == CF_STEP_ROW)
    value = _cf_column_dup (stmt, column);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
offers (GListModel *users,
        const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    {
      g_autoptr(CfUser) user = g_list_model_get_item (users, i);

      if (g_strcmp0 (cf_user_get_id (user), id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_declared_conflict_closes_the_record (Fixture      *f,
                                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStudent) student = NULL;
  g_autoptr(GListModel) timeline = NULL, listed = NULL, found = NULL;

  student = cf_students_get (f->adviser, f->student_id, &error);
  g_assert_no_error (error);
  g_clear_object (&student);

  g_assert_true (cf_conflicts_declare (f->adviser, f->student_id, "A relative.", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "conflict-declared", f->student_id), ==, 1);

  student = cf_students_get (f->adviser, f->student_id, &error);
  g_assert_null (student);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "conflict of interest"));
  g_clear_error (&error);
  timeline = cf_case_entries_timeline (f->adviser, f->student_id, &error);
  g_assert_null (timeline);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);

  /* Gone from the list and from search, for this adviser only. */
  listed = cf_students_list (f->adviser, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 0);
  found = cf_search_students (f->adviser, "Tomos", 0, 20, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);
  g_clear_object (&found);
  found = cf_search_students (f->manager, "Tomos", 0, 20, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);

  /* Declaring again adds nothing. */
  g_assert_true (cf_conflicts_declare (f->adviser, f->student_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "conflict-declared", f->student_id), ==, 1);
}

static void
test_conflict_replicates (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CfStore *store = cf_session_get_store (f->adviser);
  g_autofree char *id = NULL;

  g_assert_true (cf_conflicts_declare (f->adviser, f->student_id, NULL, &error));
  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
    sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT id FROM conflicts", NULL);

    g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
    id = _cf_column_dup (stmt, 0);
    sqlite3_reset (stmt);
  }
  g_assert_cmpuint (cf_test_count_outbox (f->adviser, "conflict", id), ==, 1);
}

static void
test_offer_leaves_out_who_cannot_take_it (Fixture      *f,
                                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) offer = NULL;
  g_autoptr(CfSession) bea = cf_test_sign_in (f->data_dir, SECOND_ADVISER, SECOND_ADVISER_PW);

  g_assert_true (cf_conflicts_declare (f->adviser, f->student_id, NULL, &error));
  offer = cf_conflicts_offer (f->adviser, f->student_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (offer), ==, 2);
  g_assert_true (offers (offer, f->manager_id));
  g_assert_true (offers (offer, f->bea_id));
  g_assert_false (offers (offer, f->adviser_id));   /* not themselves */
  g_clear_object (&offer);

  /* Not someone with their own conflict, nor a restricted officer of
   * another service. */
  g_assert_true (cf_conflicts_declare (bea, f->student_id, NULL, &error));
  g_assert_true (cf_services_set_user_service (f->manager, f->manager_id, "women's service", &error));
  g_assert_no_error (error);
  offer = cf_conflicts_offer (f->adviser, f->student_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (offer), ==, 0);
}

static void
test_reassign_the_open_case (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCaseEntry) entry = NULL;
  g_autofree char *before = NULL, *after = NULL, *case_id = NULL;
  guint moved = 99;

  entry = cf_case_entries_add (f->adviser, f->student_id, CF_ENTRY_NOTE, "First meeting.", NULL, NULL, &error);
  g_assert_no_error (error);
  before = open_case (f, 0);
  g_assert_cmpstr (before, ==, f->adviser_id);

  g_assert_true (cf_conflicts_declare (f->adviser, f->student_id, NULL, &error));
  /* Not to themselves, nor to someone who is not offered. */
  g_assert_false (cf_conflicts_reassign (f->adviser, f->student_id, f->adviser_id, &moved, NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_true (cf_conflicts_reassign (f->adviser, f->student_id, f->bea_id, &moved, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (moved, ==, 1);
  after = open_case (f, 0);
  case_id = open_case (f, 1);
  g_assert_cmpstr (after, ==, f->bea_id);
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "case-reassigned", f->student_id), ==, 1);
  /* Opened, then handed over: both replicate. */
  g_assert_cmpuint (cf_test_count_outbox (f->adviser, "case", case_id), ==, 2);
}

static void
test_reassign_needs_a_reason_to_hand_over (Fixture      *f,
                                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfSession) admin = cf_test_sign_in (f->data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_autoptr(GListModel) offer = NULL;
  guint moved = 99;

  /* With no open case nothing moves, but the hand-over is fine. */
  g_assert_true (cf_conflicts_reassign (f->manager, f->student_id, f->bea_id, &moved, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (moved, ==, 0);

  offer = cf_conflicts_offer (admin, f->student_id, &error);
  g_assert_null (offer);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (cf_conflicts_reassign (admin, f->student_id, f->bea_id, NULL, NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
}


static char *
book (CfSession  *session,
      const char *student_id,
      const char *adviser_id,
      gint64      start_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();

  g_object_set (appointment, "student-id", student_id, "adviser-id", adviser_id,
                "start-at", start_at, "end-at", start_at + 45 * 60, NULL);
  g_assert_true (cf_appointments_add (session, appointment, &error));
  g_assert_no_error (error);
  return g_strdup (cf_appointment_get_id (appointment));
}

static gboolean
listed_needing_adviser (GListModel *appointments,
                        const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (appointments); i++)
    {
      g_autoptr(CfAppointment) appointment = g_list_model_get_item (appointments, i);

      if (g_strcmp0 (cf_appointment_get_id (appointment), id) == 0)
        return cf_appointment_get_needs_adviser (appointment);
    }
  g_assert_not_reached ();
}

/* The adviser's appointments still to come with the student need someone
 * else: the library returns them, and the diary marks them, in the
 * adviser's own diary as in the office's. */
static void
test_conflict_flags_future_appointments (Fixture      *f,
                                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) flagged = NULL, mine = NULL, office = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *past = book (f->adviser, f->student_id, f->adviser_id, now - 2 * 86400);
  g_autofree char *next = book (f->adviser, f->student_id, f->adviser_id, now + 86400);
  g_autofree char *later = book (f->adviser, f->student_id, f->adviser_id, now + 2 * 86400);
  g_autofree char *cancelled = book (f->adviser, f->student_id, f->adviser_id, now + 3 * 86400);
  g_autofree char *beas = book (f->adviser, f->student_id, f->bea_id, now + 86400);
  g_autoptr(CfAppointment) first = NULL;
  guint moved = 99;

  g_assert_true (cf_appointments_cancel (f->adviser, cancelled, &error));
  g_assert_true (cf_conflicts_declare (f->adviser, f->student_id, NULL, &error));
  g_assert_no_error (error);

  flagged = cf_conflicts_appointments_to_reassign (f->adviser, f->student_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (flagged), ==, 2);
  first = g_list_model_get_item (flagged, 0);
  g_assert_cmpstr (cf_appointment_get_id (first), ==, next);
  g_assert_true (cf_appointment_get_needs_adviser (first));
  g_clear_object (&flagged);
  flagged = cf_conflicts_appointments_to_reassign (f->manager, f->student_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (flagged), ==, 2);

  /* The adviser's own diary still holds the times, marked. */
  mine = cf_appointments_list (f->adviser, now - 7 * 86400, now + 7 * 86400, f->adviser_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mine), ==, 4);
  g_assert_false (listed_needing_adviser (mine, past));
  g_assert_true (listed_needing_adviser (mine, next));
  g_assert_true (listed_needing_adviser (mine, later));
  g_assert_false (listed_needing_adviser (mine, cancelled));
  office = cf_appointments_list (f->manager, now - 7 * 86400, now + 7 * 86400, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (listed_needing_adviser (office, next));
  g_assert_false (listed_needing_adviser (office, beas));

  /* Handed over: the manager takes those at times they are free. */
  g_free (book (f->manager, f->student_id, f->manager_id, now + 2 * 86400 + 600));
  g_assert_true (cf_conflicts_reassign (f->adviser, f->student_id, f->manager_id, NULL, &moved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (moved, ==, 1);
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "appointment-reassigned", f->student_id), ==, 1);
  g_clear_object (&flagged);
  flagged = cf_conflicts_appointments_to_reassign (f->adviser, f->student_id, &error);
  g_assert_cmpuint (g_list_model_get_n_items (flagged), ==, 1);   /* later: the manager is busy */
  g_clear_object (&office);
  office = cf_appointments_list (f->manager, now - 7 * 86400, now + 7 * 86400, NULL, &error);
  g_assert_false (listed_needing_adviser (office, next));
}

/* The library, not only the booking dialog, decides who may be booked: a
 * declared conflict or a user who is not an adviser is refused. */
static void
test_booking_needs_an_adviser_who_may_see (Fixture      *f,
                                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 86400;

  g_assert_true (cf_conflicts_declare (f->adviser, f->student_id, NULL, &error));
  g_assert_no_error (error);
  g_object_set (appointment, "student-id", f->student_id, "adviser-id", f->adviser_id,
                "start-at", start, "end-at", start + 1800, NULL);
  g_assert_false (cf_appointments_add (f->manager, appointment, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_object_set (appointment, "adviser-id", "no-such-user", NULL);
  g_assert_false (cf_appointments_add (f->manager, appointment, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_object_set (appointment, "adviser-id", f->bea_id, NULL);
  g_assert_true (cf_appointments_add (f->manager, appointment, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/conflicts/closes-the-record", test_declared_conflict_closes_the_record);
  ADD ("/conflicts/replicates", test_conflict_replicates);
  ADD ("/conflicts/offer", test_offer_leaves_out_who_cannot_take_it);
  ADD ("/conflicts/reassign", test_reassign_the_open_case);
  ADD ("/conflicts/reassign-permissions", test_reassign_needs_a_reason_to_hand_over);
  ADD ("/conflicts/future-appointments", test_conflict_flags_future_appointments);
  ADD ("/conflicts/booking-needs-an-adviser", test_booking_needs_an_adviser_who_may_see);
#undef ADD
  return g_test_run ();
}
