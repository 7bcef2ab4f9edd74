/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The Security page's preview: the same rows the export writes, from the
 * same query, refused on the same grounds, and recording no notice. */

#include "cf-appointments.h"
#include "cf-conflicts.h"
#include "cf-error.h"
#include "cf-office.h"
#include "cf-security-notice.h"
#include "cf-session-private.h"
#include "cf-students.h"
#include "cf-test-util.h"

#define DAY (24 * 3600)

typedef struct {
  char      *data_dir;
  CfSession *adviser;
  CfSession *manager;     /* sets the flag */
  char      *flagged;
  char      *other;
  gint64     from;
} Fixture;

static char *
add_student (Fixture    *f,
             const char *name,
             const char *number,
             gboolean    flagged)
{
  g_autoptr(CfStudent) student = cf_student_new ();
  g_autoptr(GError) error = NULL;

  g_object_set (student, "name", name, "student-number", number, NULL);
  cf_students_add (f->adviser, student, &error);
  if (flagged)
    cf_students_set_removed_from_course (f->manager, cf_student_get_id (student), TRUE,
                                         "Suspended.", &error);
  g_assert_no_error (error);
  return g_strdup (cf_student_get_id (student));
}

static void
add_appointment (Fixture    *f,
                 const char *student_id,
                 gint64      start)
{
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  g_autoptr(GError) error = NULL;

  g_object_set (appointment, "student-id", student_id, "adviser-id", cf_session_get_user_id (f->adviser),
                "start-at", start, "end-at", start + 45 * 60, "topic", "Appeal", NULL);
  cf_appointments_add (f->adviser, appointment, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->data_dir = cf_test_make_office ();
  f->adviser = cf_test_sign_in (f->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  f->manager = cf_test_sign_in (f->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  f->flagged = add_student (f, "Tomos Price", "S1000001", TRUE);
  f->other = add_student (f, "Zanele Okonkwo", "S7731902", FALSE);
  /* A day well ahead, on the hour. */
  f->from = (g_get_real_time () / G_USEC_PER_SEC / DAY + 30) * DAY;
  add_appointment (f, f->flagged, f->from + 10 * 3600);
  add_appointment (f, f->flagged, f->from + 2 * DAY + 14 * 3600);
  add_appointment (f, f->other, f->from + 11 * 3600);
  add_appointment (f, f->flagged, f->from + 20 * DAY);    /* outside the period */
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->adviser);
  g_clear_object (&f->manager);
  g_free (f->flagged);
  g_free (f->other);
  g_free (f->data_dir);
}

static guint
count_notices (Fixture *f)
{
  CfStore *store = cf_session_get_store (f->adviser);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT count(*) FROM security_notices", NULL);
  guint n;

  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
test_preview_is_what_the_export_writes (Fixture      *f,
                                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = cf_security_notice_preview (f->adviser, f->from, f->from + 7 * DAY, &error);
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (f->adviser);
  g_autofree char *dir = cf_test_make_dir ("export");
  g_autofree char *path = g_build_filename (dir, "notice.csv", NULL);
  g_autofree char *previewed = NULL, *exported = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (g_array_index (rows, CfSecurityNoticeRow, 0).student_name, ==, "Tomos Price");
  g_assert_cmpstr (g_array_index (rows, CfSecurityNoticeRow, 1).student_number, ==, "S1000001");
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "security-notice-previewed", f->flagged), ==, 1);
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "security-notice-previewed", f->other), ==, 0);
  g_assert_cmpuint (count_notices (f), ==, 0);      /* a preview tells Security nothing */

  g_assert_true (cf_security_notice_export (f->adviser, f->from, f->from + 7 * DAY,
                                            CF_SECURITY_FORMAT_CSV, path, NULL, NULL, &error));
  g_assert_no_error (error);
  previewed = cf_security_notice_write_csv ((CfSecurityNoticeRow *) rows->data, rows->len, zone);
  g_assert_true (g_file_get_contents (path, &exported, NULL, &error));
  g_assert_cmpstr (previewed, ==, exported);
}

static void
test_preview_refused_like_the_export (Fixture      *f,
                                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(CfSession) admin = cf_test_sign_in (f->data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);

  rows = cf_security_notice_preview (f->adviser, f->from + DAY, f->from, &error);
  g_assert_null (rows);
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  rows = cf_security_notice_preview (admin, f->from, f->from + DAY, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);

  /* A notice holding a student the user may not open is refused whole. */
  g_assert_true (cf_conflicts_declare (f->adviser, f->flagged, NULL, &error));
  rows = cf_security_notice_preview (f->adviser, f->from, f->from + 7 * DAY, &error);
  g_assert_null (rows);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
}

static void
test_flagged_students (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) flagged = cf_students_list_flagged (f->adviser, &error);
  g_autoptr(CfStudent) only = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (flagged), ==, 1);
  only = g_list_model_get_item (flagged, 0);
  g_assert_cmpstr (cf_student_get_id (only), ==, f->flagged);
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "flagged-students-listed", NULL), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/security-preview/same-rows", test_preview_is_what_the_export_writes);
  ADD ("/security-preview/refused", test_preview_refused_like_the_export);
  ADD ("/security-preview/flagged-students", test_flagged_students);
#undef ADD
  return g_test_run ();
}
