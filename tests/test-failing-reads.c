/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-appointments.h"
#include "cf-error.h"
#include "cf-fault-vfs.h"
#include "cf-replica-private.h"
#include "cf-security-notice.h"
#include "cf-store-private.h"
#include "cf-students.h"
#include "cf-test-util.h"
#include "cf-users.h"

/* The fault VFS (cf-fault-vfs.c) fails the next read of a main database
 * at one offset, as a failing disk would.  SQLCipher decrypts above the
 * VFS, so the encrypted store reads through it like any other. */

static gint64
query_int (CfStore    *store,
           const char *sql,
           const char *arg)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, NULL);
  gint64 value;

  g_assert_nonnull (stmt);
  _cf_bind_text (stmt, 1, arg);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* Every page goes back to the file, and out of the page cache, so the
 * next read of @page (0: of any page) reaches the disk, and fails. */
static void
fail_next_read (CfStore *store,
                gint64   page)
{
  gint64 page_size = query_int (store, "PRAGMA page_size", NULL);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

  g_assert_true (_cf_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", NULL));
  g_assert_cmpint (sqlite3_db_release_memory (_cf_store_get_db (store)), ==, SQLITE_OK);
  cf_fault_vfs_fail_main_read (page > 0 ? (page - 1) * page_size : -1);
}

/* The failure a person is shown: the I/O sentence, not "no row". */
static void
assert_read_failed (const GError *error)
{
  g_assert_error (error, CF_ERROR, CF_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "could not be read or written"));
  g_assert_true (g_str_has_suffix (error->message, "."));
  g_assert_true (cf_fault_vfs_fired ());
}

static CfAppointment *
appointment_at (const char *student,
                const char *adviser_id,
                gint64      start)
{
  CfAppointment *appointment = cf_appointment_new ();

  g_object_set (appointment, "student-id", student, "adviser-id", adviser_id,
                "start-at", start, "end-at", start + 1800, NULL);
  return appointment;
}

/* The check that refuses a double booking reads the adviser's day through
 * its index; a read that fails there refuses the booking too. */
static void
test_double_booking_check_fails_closed (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  CfStore *store = cf_session_get_store (adviser);
  g_autofree char *student = cf_test_add_student (adviser, "Clash Student");
  const char *adviser_id = cf_session_get_user_id (adviser);
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 3600;
  g_autoptr(CfAppointment) first = appointment_at (student, adviser_id, start);
  g_autoptr(CfAppointment) clash = appointment_at (student, adviser_id, start + 900);
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_appointments_add (adviser, first, &error));
  g_assert_no_error (error);
  fail_next_read (store, query_int (store, "SELECT rootpage FROM cases.sqlite_master WHERE name = ?",
                                    "appointments_adviser_start"));
  g_assert_false (cf_appointments_add (adviser, clash, &error));
  /* A failed read rolls the whole transaction back: anything written
   * after a check that missed it would commit on its own. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM appointments WHERE adviser_id = ?",
                              adviser_id), ==, 1);
  assert_read_failed (error);
}

/* A snapshot that cannot read a table fails; it is never sent short. */
static void
test_snapshot_fails_on_a_failed_read (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  CfStore *store = cf_session_get_store (manager);
  g_autofree char *student = cf_test_add_student (manager, "Snapshot Student");
  g_autoptr(GBytes) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  guint n_ops = 0;

  fail_next_read (store, 0);
  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
    snapshot = _cf_replica_export_all (store, CF_DATA_CASE, &n_ops, &error);
  }
  g_assert_null (snapshot);
  assert_read_failed (error);
}

/* A list that cannot read its rows fails; it is never shown short. */
static void
test_list_fails_on_a_failed_read (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(GListModel) users = NULL;
  g_autoptr(GError) error = NULL;

  fail_next_read (cf_session_get_store (manager), 0);
  users = cf_users_list (manager, &error);
  g_assert_null (users);
  assert_read_failed (error);
}

/* An export that cannot read what Security was last sent about an
 * appointment fails: it never sends a UID's SEQUENCE from nothing, and
 * records nothing. */
static void
test_notice_fails_on_a_failed_read (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autofree char *out_dir = cf_test_make_dir ("notice");
  g_autofree char *first = g_build_filename (out_dir, "first.ics", NULL);
  g_autofree char *second = g_build_filename (out_dir, "second.ics", NULL);
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  CfStore *store = cf_session_get_store (manager);
  g_autofree char *student = cf_test_add_student (manager, "Notice Student");
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 3600;
  g_autoptr(CfAppointment) appointment = appointment_at (student, cf_session_get_user_id (manager), start);
  g_autoptr(GError) error = NULL;
  guint n_appointments = 0;

  g_assert_true (cf_students_set_removed_from_course (manager, student, TRUE, "Hearing", &error));
  g_assert_true (cf_appointments_add (manager, appointment, &error));
  g_assert_true (cf_security_notice_export (manager, start - 60, start + 60, CF_SECURITY_FORMAT_ICS,
                                            first, &n_appointments, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_appointments, ==, 1);
  fail_next_read (store, query_int (store, "SELECT rootpage FROM cases.sqlite_master WHERE name = ?",
                                    "security_notice_items_appointment"));
  g_assert_false (cf_security_notice_export (manager, start - 60, start + 60, CF_SECURITY_FORMAT_ICS,
                                             second, NULL, NULL, &error));
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM security_notices WHERE format = ?", "ics"), ==, 1);
  assert_read_failed (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cf_fault_vfs_register ();
  g_test_add_func ("/failing-reads/double-booking-check", test_double_booking_check_fails_closed);
  g_test_add_func ("/failing-reads/snapshot", test_snapshot_fails_on_a_failed_read);
  g_test_add_func ("/failing-reads/list", test_list_fails_on_a_failed_read);
  g_test_add_func ("/failing-reads/notice", test_notice_fails_on_a_failed_read);
  return g_test_run ();
}
