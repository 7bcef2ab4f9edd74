/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-appointments.h"
#include "cf-case-entries.h"
#include "cf-error.h"
#include "cf-office.h"
#include "cf-students.h"
#include "cf-test-util.h"
#include "cf-users.h"

static void
test_roles_and_permissions (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autoptr(CfSession) admin = cf_test_sign_in (data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);

  g_assert_cmpint (cf_session_get_role (manager), ==, CF_ROLE_MANAGER);
  g_assert_true (cf_session_can (manager, CF_PERMISSION_MANAGE_USERS));
  g_assert_true (cf_session_can (adviser, CF_PERMISSION_READ_CASES));
  g_assert_false (cf_session_can (adviser, CF_PERMISSION_MANAGE_USERS));
  g_assert_true (cf_session_can (admin, CF_PERMISSION_ADMINISTER));
  g_assert_false (cf_session_can (admin, CF_PERMISSION_READ_CASES));
  g_assert_false (cf_session_can (admin, CF_PERMISSION_EXPORT_SECURITY));
}

/* The rule lives in the library, so every program gets it: an
 * administrator cannot open any case content, whatever calls it. */
static void
test_admin_cannot_read_cases (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autoptr(CfSession) admin = cf_test_sign_in (data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_autofree char *student = cf_test_add_student (adviser, "Private Person");
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) result = NULL;

  result = (GObject *) cf_students_get (admin, student, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (cf_students_list (admin, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (cf_case_entries_timeline (admin, student, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (cf_case_entries_add (admin, student, CF_ENTRY_NOTE, "x", NULL, NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (cf_appointments_list (admin, 0, G_MAXINT64, NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
}

static void
test_wrong_passphrase (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfSession) session = cf_session_sign_in (data_dir, CF_TEST_ADVISER, "wrong passphrase", &error);

  g_assert_null (session);
  g_assert_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE);
}

/* Locking closes the database and drops the key: nothing can be read until
 * someone signs in again. */
static void
test_lock_wipes_access (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autofree char *student = cf_test_add_student (adviser, "Someone");
  g_autoptr(GError) error = NULL;

  cf_session_lock (adviser);
  g_assert_true (cf_session_is_locked (adviser));
  g_assert_null (cf_session_get_store (adviser));
  g_assert_null (cf_students_list (adviser, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
}

static void
lock_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  *done = cf_session_lock_finish (CF_SESSION (source), result, &error);
  g_assert_no_error (error);
}

/* The asynchronous lock waits its turn behind the store's work, and then
 * the session is locked like the synchronous one. */
static void
test_lock_async (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  gboolean done = FALSE;

  cf_session_lock_async (adviser, lock_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cf_session_is_locked (adviser));
  g_assert_null (cf_session_get_store (adviser));
}

static void
sign_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CfSession **session = user_data;
  g_autoptr(GError) error = NULL;

  *session = cf_session_sign_in_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_sign_in_async (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) session = NULL;

  cf_session_sign_in_async (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW, NULL,
                            sign_in_done_cb, &session);
  while (session == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (cf_session_get_user_name (session), ==, CF_TEST_ADVISER);
}

static void
test_users_add_remove_and_passwd (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autoptr(CfSession) again = NULL;
  g_autoptr(GListModel) users = NULL;
  g_autoptr(GError) error = NULL;

  /* Only managers manage users; duplicates are refused. */
  g_assert_false (cf_users_add (adviser, "Eve", CF_ROLE_MANAGER, "eve passphrase", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (cf_users_add (manager, "ada adviser", CF_ROLE_ADVISER, "another passphrase", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (cf_users_add (manager, "Short", CF_ROLE_ADVISER, "short", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (cf_users_change_passphrase (adviser, "a brand new passphrase", &error));
  g_assert_no_error (error);
  again = cf_session_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  again = cf_test_sign_in (data_dir, CF_TEST_ADVISER, "a brand new passphrase");

  g_assert_true (cf_users_remove (manager, CF_TEST_ADVISER, &error));
  g_assert_no_error (error);
  g_clear_object (&again);
  again = cf_session_sign_in (data_dir, CF_TEST_ADVISER, "a brand new passphrase", &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  users = cf_users_list (manager, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (users), ==, 2);

  /* The last manager stays. */
  g_assert_false (cf_users_remove (manager, CF_TEST_MANAGER, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
}

/* An administrator holds no case key, so they may add and remove other
 * administrators but never make (or unmake) someone who reads cases. */
static void
test_admin_manages_only_admins (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) admin = cf_test_sign_in (data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(CfSession) added = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (cf_users_can_manage (admin, CF_ROLE_ADVISER));
  g_assert_false (cf_users_can_manage (admin, CF_ROLE_MANAGER));
  g_assert_true (cf_users_can_manage (admin, CF_ROLE_ADMIN));
  g_assert_true (cf_users_can_manage (manager, CF_ROLE_ADVISER));

  g_assert_false (cf_users_add (admin, "Eve Adviser", CF_ROLE_ADVISER, "eve passphrase", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (cf_users_add (admin, "Eve Manager", CF_ROLE_MANAGER, "eve passphrase", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (cf_users_remove (admin, CF_TEST_ADVISER, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  /* The adviser was not touched: they still sign in. */
  g_clear_object (&added);
  added = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);

  g_assert_true (cf_users_add (admin, "Second Admin", CF_ROLE_ADMIN, "second passphrase", &error));
  g_assert_no_error (error);
  g_clear_object (&added);
  added = cf_test_sign_in (data_dir, "Second Admin", "second passphrase");
  g_assert_cmpint (cf_session_get_role (added), ==, CF_ROLE_ADMIN);
  g_assert_true (cf_users_remove (admin, "Second Admin", &error));
  g_assert_no_error (error);
  g_clear_object (&added);
  added = cf_session_sign_in (data_dir, "Second Admin", "second passphrase", &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE);
}

static void
test_create_refuses_existing_and_bad_input (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autofree char *sync_dir = cf_test_make_dir ("sync");
  g_autofree char *fresh = cf_test_make_dir ("fresh");
  g_autoptr(GError) error = NULL;

  g_assert_false (cf_office_create (data_dir, sync_dir, "Office", "Someone", "a long passphrase", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (cf_office_create (fresh, sync_dir, "Office\x1b[2J", "Someone", "a long passphrase", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* A refused set-up leaves nothing behind: it can simply be run again. */
  g_assert_true (cf_office_create (fresh, sync_dir, "Office", "Someone", "a long passphrase", &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/roles", test_roles_and_permissions);
  g_test_add_func ("/session/admin-cannot-read-cases", test_admin_cannot_read_cases);
  g_test_add_func ("/session/wrong-passphrase", test_wrong_passphrase);
  g_test_add_func ("/session/lock", test_lock_wipes_access);
  g_test_add_func ("/session/lock-async", test_lock_async);
  g_test_add_func ("/session/sign-in-async", test_sign_in_async);
  g_test_add_func ("/session/users", test_users_add_remove_and_passwd);
  g_test_add_func ("/session/admin-manages-only-admins", test_admin_manages_only_admins);
  g_test_add_func ("/session/create", test_create_refuses_existing_and_bad_input);
  return g_test_run ();
}
