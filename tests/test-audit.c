/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-appointments.h"
#include "cf-audit.h"
#include "cf-audit-private.h"
#include "cf-case-entries.h"
#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-students.h"
#include "cf-test-util.h"
#include "cf-verify.h"
#include "cf-tickets.h"

static int
count_actions (CfSession  *session,
               const char *action,
               const char *subject)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT count(*) FROM audit WHERE action = ? AND subject = ?", NULL);
  int count;

  _cf_bind_text (stmt, 1, action);
  _cf_bind_text (stmt, 2, subject);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

static void
test_reads_and_changes_are_audited (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *id = cf_test_add_student (adviser, "Audited Student");
  g_autoptr(CfStudent) student = cf_students_get (adviser, id, NULL);
  g_autoptr(GListModel) timeline = cf_case_entries_timeline (adviser, id, NULL);
  g_autoptr(CfCaseEntry) entry = cf_case_entries_add (adviser, id, CF_ENTRY_NOTE, "x", NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_cmpint (count_actions (adviser, "student-added", id), ==, 1);
  g_assert_cmpint (count_actions (adviser, "student-read", id), ==, 1);
  g_assert_cmpint (count_actions (adviser, "case-read", id), ==, 1);
  g_assert_cmpint (count_actions (adviser, "entry-added", id), ==, 1);

  g_assert_true (cf_students_set_removed_from_course (manager, id, TRUE, "Letter from registry", &error));
  g_assert_cmpint (count_actions (adviser, "removed-from-course-set", id), ==, 1);
  g_assert_false (cf_students_set_removed_from_course (manager, id, FALSE, "", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (cf_audit_verify (cf_session_get_store (adviser), &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >=, 8);
}

static void
tamper (CfSession  *session,
        const char *sql)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;

  /* Someone holding the key could drop the guards; the chain still tells. */
  g_assert_true (_cf_store_exec (store, "DROP TRIGGER IF EXISTS audit_no_update;"
                                        "DROP TRIGGER IF EXISTS audit_no_delete;", &error));
  g_assert_true (_cf_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

static void
assert_chain_broken (const char *sql)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autofree char *id = cf_test_add_student (adviser, "Someone");
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_audit_verify (cf_session_get_store (adviser), NULL, &error));
  tamper (adviser, sql);
  g_assert_false (cf_audit_verify (cf_session_get_store (adviser), NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
}

static void
test_edited_entry_is_detected (void)
{
  assert_chain_broken ("UPDATE audit SET actor_id = 'someone-else' WHERE seq = 2");
}

static void
test_deleted_entry_is_detected (void)
{
  assert_chain_broken ("DELETE FROM audit WHERE seq = 2");
}

/* The check the administrator's desk and `confidectl verify` share: every
 * part is checked, and each problem is reported, even after an earlier one. */
static void
test_verify_reports_every_part (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autofree char *sync_dir = cf_test_make_dir ("verify-sync");
  g_autofree char *missing = g_build_filename (sync_dir, "missing", NULL);
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autoptr(CfSession) admin = cf_test_sign_in (data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_autofree char *id = cf_test_add_student (adviser, "Someone");
  g_auto(CfVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_verify_run (admin, sync_dir, &report, &error));
  g_assert_no_error (error);
  g_assert_null (cf_verify_report_first (&report));
  g_assert_cmpuint (report.audit_entries, >, 0);
  cf_verify_report_clear (&report);

  tamper (adviser, "DELETE FROM audit WHERE seq = 2");
  g_assert_true (cf_verify_run (admin, missing, &report, &error));
  g_assert_no_error (error);
  g_assert_no_error (report.database);
  g_assert_error (report.audit, CF_ERROR, CF_ERROR_CORRUPT);
  g_assert_error (report.folder, CF_ERROR, CF_ERROR_NO_FOLDER);
  g_assert_true (cf_verify_report_first (&report) == report.audit);
  cf_verify_report_clear (&report);

  cf_session_lock (admin);
  g_assert_false (cf_verify_run (admin, sync_dir, &report, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
}

static void
test_guards_refuse_edits (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  CfStore *store = cf_session_get_store (manager);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;

  g_assert_false (_cf_store_exec (store, "DELETE FROM audit", &error));
  g_assert_nonnull (error);
}

/* The detail of the newest entry with @action. */
static char *
last_detail (CfSession  *session,
             const char *action)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT detail FROM audit WHERE action = ? ORDER BY seq DESC LIMIT 1", NULL);
  char *detail = NULL;

  _cf_bind_text (stmt, 1, action);
  g_assert_true (_cf_store_get_text (store, stmt, &detail, NULL));
  g_assert_nonnull (detail);
  return detail;
}

static int
count_listed (CfSession *session)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT count (*) FROM audit WHERE action = 'appointments-listed'", NULL);
  int count;

  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

/* A list shown is audited with the ids it showed, never the names. */
static void
test_lists_shown_are_audited (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autofree char *first = cf_test_add_student (adviser, "Listed First");
  g_autofree char *second = cf_test_add_student (adviser, "Listed Second");
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  g_autoptr(GListModel) students = NULL, day = NULL, queue = NULL;
  g_autofree char *listed = NULL, *diary = NULL, *queued = NULL, *expected = NULL;
  g_autoptr(GHashTable) names = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;

  students = cf_students_list (adviser, &error);
  g_assert_no_error (error);
  listed = last_detail (adviser, "students-listed");
  g_assert_true (g_str_has_prefix (listed, "2 "));
  g_assert_nonnull (strstr (listed, first));
  g_assert_nonnull (strstr (listed, second));
  g_assert_null (strstr (listed, "Listed"));

  g_object_set (appointment, "student-id", second, "adviser-id", cf_session_get_user_id (adviser),
                "start-at", now - now % 3600, "end-at", now - now % 3600 + 1800, NULL);
  g_assert_true (cf_appointments_add (adviser, appointment, &error));
  /* The desk's diary: the list, then its names, audited together. */
  day = cf_appointments_list (adviser, now - now % 3600, now - now % 3600 + 3600, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_listed (adviser), ==, 0);
  names = cf_appointments_student_names (adviser, day, &error);
  g_assert_no_error (error);
  diary = last_detail (adviser, "appointments-listed");
  expected = g_strconcat ("1 ", second, NULL);
  g_assert_cmpstr (diary, ==, expected);
  /* The command line's list, which shows no names. */
  g_clear_object (&day);
  day = cf_appointments_list_shown (adviser, now - now % 3600, now - now % 3600 + 3600, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_listed (adviser), ==, 2);

  queue = cf_tickets_list_today (adviser, &error);
  g_assert_no_error (error);
  queued = last_detail (adviser, "queue-shown");
  g_assert_cmpstr (queued, ==, "0");
  g_assert_true (cf_audit_verify (cf_session_get_store (adviser), NULL, &error));
}

/* A long list keeps its first ids and a hash of them all. */
static void
test_long_list_detail (void)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *detail = NULL;

  for (int i = 0; i < 70; i++)
    g_ptr_array_add (ids, g_strdup_printf ("id-%02d", i));
  g_ptr_array_add (ids, g_strdup ("id-00"));       /* shown twice, counted once */
  detail = _cf_audit_shown_detail (ids);
  g_assert_true (g_str_has_prefix (detail, "70 blake2b:"));
  g_assert_nonnull (strstr (detail, " id-00,id-01,"));
  g_assert_true (g_str_has_suffix (detail, ",id-63"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit/reads-and-changes", test_reads_and_changes_are_audited);
  g_test_add_func ("/audit/edited", test_edited_entry_is_detected);
  g_test_add_func ("/audit/deleted", test_deleted_entry_is_detected);
  g_test_add_func ("/audit/guards", test_guards_refuse_edits);
  g_test_add_func ("/audit/verify", test_verify_reports_every_part);
  g_test_add_func ("/audit/lists-shown", test_lists_shown_are_audited);
  g_test_add_func ("/audit/long-list", test_long_list_detail);
  return g_test_run ();
}
