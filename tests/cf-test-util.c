/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cf-enroll.h"
#include "cf-office.h"
#include "cf-store-private.h"
#include "cf-students.h"
#include "cf-sync.h"
#include "cf-users.h"

static char *test_root;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
remove_root (void)
{
  if (test_root != NULL && g_getenv ("CF_TEST_KEEP") == NULL)
    remove_tree (test_root);
}

char *
cf_test_make_dir (const char *name)
{
  static guint counter;
  char *path;

  if (test_root == NULL)
    {
      test_root = g_dir_make_tmp ("confide-test-XXXXXX", NULL);
      g_assert_nonnull (test_root);
      atexit (remove_root);
    }
  path = g_strdup_printf ("%s/%s-%u", test_root, name, ++counter);
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

char *
cf_test_make_office (void)
{
  g_autofree char *data_dir = cf_test_make_dir ("data");
  g_autofree char *sync_dir = cf_test_make_dir ("sync");
  g_autoptr(CfSession) session = NULL;
  g_autoptr(GError) error = NULL;

  cf_office_create (data_dir, sync_dir, "Test Advice Office", CF_TEST_MANAGER,
                    CF_TEST_MANAGER_PW, &error);
  g_assert_no_error (error);
  session = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  cf_users_add (session, CF_TEST_ADVISER, CF_ROLE_ADVISER, CF_TEST_ADVISER_PW, &error);
  g_assert_no_error (error);
  cf_users_add (session, CF_TEST_ADMIN, CF_ROLE_ADMIN, CF_TEST_ADMIN_PW, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&data_dir);
}

CfSession *
cf_test_sign_in (const char *data_dir,
                 const char *user,
                 const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  CfSession *session = cf_session_sign_in (data_dir, user, passphrase, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

char *
cf_test_join_desk (CfSession  *manager,
                   const char *sync_dir)
{
  g_autofree char *bundle_dir = cf_test_make_dir ("bundle");
  g_autofree char *bundle = g_build_filename (bundle_dir, "desk.bundle", NULL);
  g_autofree char *code_file = g_build_filename (bundle_dir, "desk.code", NULL);
  g_autofree char *code = NULL;
  char *data_dir = cf_test_make_dir ("second-desk");
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_enroll_create (manager, CF_MACHINE_DESK, bundle, code_file, &error));
  g_assert_true (cf_sync_write_snapshot (manager, sync_dir, &error));
  code = cf_enroll_read_code (code_file, &error);
  g_assert_true (cf_enroll_join_desk (data_dir, sync_dir, bundle, code, CF_TEST_MANAGER,
                                      CF_TEST_MANAGER_PW, &error));
  g_assert_no_error (error);
  return data_dir;
}

char *
cf_test_add_student (CfSession  *session,
                     const char *name)
{
  g_autoptr(CfStudent) student = cf_student_new ();
  g_autoptr(GError) error = NULL;

  g_object_set (student, "name", name, NULL);
  cf_students_add (session, student, &error);
  g_assert_no_error (error);
  return g_strdup (cf_student_get_id (student));
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

gboolean
cf_test_folder_contains (const char *folder,
                         const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (folder, name, NULL);

      if (strstr (name, needle) != NULL)
        return TRUE;
      if (g_file_test (child, G_FILE_TEST_IS_DIR)
          ? cf_test_folder_contains (child, needle)
          : file_contains (child, needle))
        return TRUE;
    }
  return FALSE;
}

static guint
count_rows (CfSession  *session,
            const char *sql,
            const char *first,
            const char *second)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, &error);
  guint count;

  g_assert_no_error (error);
  _cf_bind_text (stmt, 1, first);
  _cf_bind_text (stmt, 2, second);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

guint
cf_test_count_audit (CfSession  *session,
                     const char *action,
                     const char *subject)
{
  return count_rows (session,
                     "SELECT count(*) FROM audit WHERE action = ?1 AND (?2 IS NULL OR subject = ?2)",
                     action, subject);
}

guint
cf_test_count_outbox (CfSession  *session,
                      const char *kind,
                      const char *row_id)
{
  return count_rows (session, "SELECT count(*) FROM outbox WHERE kind = ?1 AND row_id = ?2",
                     kind, row_id);
}
