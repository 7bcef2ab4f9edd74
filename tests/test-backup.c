/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Backing up a machine and restoring it: a consistent copy while another
 * connection writes, an administrator's copy that an adviser reads after a
 * restore, nothing readable in the file, damaged files refused, and a
 * restored desk that takes back its own later segments and never uses a
 * segment number again.  Real SQLCipher, a real sync folder. */
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "cf-backup.h"
#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-store-private.h"
#include "cf-students.h"
#include "cf-sync.h"
#include "cf-test-util.h"
#include "cf-verify.h"

#define NAME "Zebedee Quillfeather"

static char *
backup_path (const char *name)
{
  g_autofree char *dir = cf_test_make_dir ("backups");

  return g_build_filename (dir, name, NULL);
}

static void
back_up (CfSession  *session,
         const char *path)
{
  g_autoptr(GError) error = NULL;

  gboolean written = cf_backup_write (session, path, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (written);
}

static void
backed_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  cf_backup_write_finish (CF_SESSION (g_object_get_data (source, "session")), result, error);
  g_object_set_data (source, "done", GINT_TO_POINTER (1));
}

/* As the desk would: on the store's writer thread. */
static void
back_up_async (CfSession  *session,
               const char *path)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(GError) error = NULL;

  g_object_set_data (G_OBJECT (store), "session", session);
  g_object_set_data (G_OBJECT (store), "done", NULL);
  cf_backup_write_async (session, path, NULL, backed_up_cb, &error);
  while (g_object_get_data (G_OBJECT (store), "done") == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static char *
restore (const char *path,
         const char *sync_dir)
{
  g_autofree char *parent = cf_test_make_dir ("restored");
  char *data_dir = g_build_filename (parent, "desk", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_backup_restore (path, data_dir, sync_dir, NULL, &error));
  g_assert_no_error (error);
  return data_dir;
}

/* ---- consistent while another connection writes ---------------------- */

typedef struct {
  char *data_dir;
  gint  stop;
  gint  added;      /* students committed, read by the test's thread */
} Writer;

static gpointer
write_students (gpointer data)
{
  Writer *writer = data;
  g_autoptr(CfSession) session = cf_test_sign_in (writer->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);

  while (!g_atomic_int_get (&writer->stop))
    {
      g_autofree char *id = cf_test_add_student (session, "Written Meanwhile");

      g_atomic_int_inc (&writer->added);
      /* A breath between writes, as people at desks take: a writer that
       * commits back to back starves every reader of a rollback-journal
       * database (under the sanitizers for longer than the busy wait). */
      g_usleep (5000);
    }
  return NULL;
}

/* Each student is added with its change queued in the outbox, one in each
 * database, in one transaction: a copy that took the two files at two
 * moments would count them differently. */
static void
assert_consistent (const char *data_dir,
                   guint      *students)
{
  g_autoptr(CfSession) session = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_assert_true (cf_store_check_integrity (store, &error));
  g_assert_no_error (error);
  stmt = _cf_store_prepare (store, "SELECT (SELECT count(*) FROM students),"
                                   " (SELECT count(*) FROM outbox WHERE kind = 'student')", &error);
  g_assert_nonnull (stmt);
  g_assert_cmpint (_cf_store_step (store, stmt, &error), ==, CF_STEP_ROW);
  *students = (guint) sqlite3_column_int (stmt, 0);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, sqlite3_column_int (stmt, 1));
  sqlite3_reset (stmt);
}

/* Until the writer has committed more than @seen students: a backup taken
 * then must hold more than one taken before. */
static guint
wait_for_writer (Writer *writer,
                 guint   seen)
{
  gint64 until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while ((guint) g_atomic_int_get (&writer->added) <= seen && g_get_monotonic_time () < until)
    g_usleep (10000);
  g_assert_cmpuint (g_atomic_int_get (&writer->added), >, seen);
  return (guint) g_atomic_int_get (&writer->added);
}

static void
test_consistent_while_writing (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  Writer writer = { data_dir, 0, 0 };
  GThread *thread = g_thread_new ("writer", write_students, &writer);
  guint previous = 0, seen = 0;

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("while-%d.cfb", i);
      g_autofree char *path = backup_path (name);
      g_autofree char *restored = NULL;
      guint students, committed = wait_for_writer (&writer, seen);

      back_up (manager, path);
      seen = (guint) g_atomic_int_get (&writer.added);
      restored = restore (path, NULL);
      assert_consistent (restored, &students);
      g_assert_cmpuint (students, >=, committed);
      g_assert_cmpuint (students, <=, seen);
      g_assert_cmpuint (students, >, previous);
      previous = students;
    }
  g_atomic_int_set (&writer.stop, 1);
  g_thread_join (thread);
  g_test_message ("students written meanwhile: %d; in the last backup: %u", writer.added, previous);
}

static void
sync_desk (CfSession  *desk,
           const char *sync_dir)
{
  CfSyncReport report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_sync_run (desk, sync_dir, &report, &error));
  g_assert_no_error (error);
  cf_sync_report_clear (&report);
}

/* ---- an administrator's backup, read by an adviser after a restore --- */

static gboolean
file_holds (const char *path,
            const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static void
test_admin_backup_read_by_adviser (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autofree char *path = backup_path ("admin.cfb");
  g_autofree char *sync_dir = cf_test_make_dir ("sync");
  g_autofree char *restored = NULL;
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autoptr(CfSession) admin = cf_test_sign_in (data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_autoptr(CfSession) reader = NULL;
  g_autoptr(GListModel) students = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = cf_test_add_student (adviser, NAME);

  g_assert_false (cf_store_has_cases (cf_session_get_store (admin)));
  back_up (admin, path);
  g_assert_false (file_holds (path, "Quillfeather"));
  g_assert_false (file_holds (path, "Zebedee"));
  g_assert_cmpuint (cf_test_count_audit (admin, "backup", NULL), ==, 1);

  restored = restore (path, sync_dir);
  g_assert_true (cf_data_dir_is_restored (restored));
  reader = cf_test_sign_in (restored, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  sync_desk (reader, sync_dir);
  students = cf_students_list (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (students), ==, 1);
  {
    g_autoptr(CfStudent) student = g_list_model_get_item (students, 0);

    g_assert_cmpstr (cf_student_get_name (student), ==, NAME);
  }
  g_assert_true (cf_store_check_integrity (cf_session_get_store (reader), &error));
}

/* ---- damaged files and folders in use --------------------------------- */

static void
assert_refused (const char *path,
                int         code)
{
  g_autofree char *parent = cf_test_make_dir ("refused");
  g_autofree char *data_dir = g_build_filename (parent, "desk", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (cf_backup_restore (path, data_dir, NULL, NULL, &error));
  g_assert_error (error, CF_ERROR, code);
  g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));
}

static void
test_damaged_refused (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *path = backup_path ("whole.cfb");
  g_autofree char *damaged = backup_path ("damaged.cfb");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  back_up_async (manager, path);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  for (gsize at = 0; at < length; at += length / 7)
    {
      contents[at] ^= 0x01;
      g_assert_true (g_file_set_contents (damaged, contents, length, NULL));
      assert_refused (damaged, CF_ERROR_CORRUPT);
      contents[at] ^= 0x01;
    }
  g_assert_true (g_file_set_contents (damaged, contents, length - 1, NULL));
  assert_refused (damaged, CF_ERROR_CORRUPT);
  g_assert_true (g_file_set_contents (damaged, contents, 12, NULL));
  assert_refused (damaged, CF_ERROR_CORRUPT);

  /* A folder in use is never written over. */
  g_assert_false (cf_backup_restore (path, data_dir, NULL, NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_EXISTS);
}

/* ---- large case databases, leftovers, failed backups ----------------- */

/* Read in chunks: more than one, and a file of no whole number of them,
 * comes back byte for byte.  Past the container's limit (just over 4 GiB,
 * where a 32-bit length would wrap to a few bytes) it is refused, not cut
 * short or padded with whatever the heap held. */
static void
test_large_case_database (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autofree char *cases = cf_data_dir_cases (data_dir);
  g_autofree char *path = backup_path ("large.cfb");
  g_autofree char *too_large = backup_path ("too-large.cfb");
  g_autofree char *restored = NULL, *restored_cases = NULL;
  g_autofree char *contents = NULL, *back = NULL;
  g_autoptr(CfSession) admin = NULL;
  g_autoptr(GError) error = NULL;
  gsize length, back_length, grown;

  {
    g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
    g_autofree char *id = cf_test_add_student (adviser, NAME);
  }
  admin = cf_test_sign_in (data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_assert_true (g_file_get_contents (cases, &contents, &length, NULL));
  grown = length + 3 * 1024 * 1024 + 17;
  contents = g_realloc (contents, grown);
  for (gsize i = length; i < grown; i++)
    contents[i] = (char) (i * 7 + 1);
  g_assert_true (g_file_set_contents (cases, contents, grown, NULL));
  back_up (admin, path);
  restored = restore (path, NULL);
  restored_cases = cf_data_dir_cases (restored);
  g_assert_true (g_file_get_contents (restored_cases, &back, &back_length, NULL));
  g_assert_cmpuint (back_length, ==, grown);
  g_assert_true (memcmp (back, contents, grown) == 0);

  /* Sparse: no disk is used. */
  g_assert_cmpint (truncate (cases, (off_t) G_MAXUINT32 + 1 + (off_t) length), ==, 0);
  g_assert_false (cf_backup_write (admin, too_large, NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_false (g_file_test (too_large, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (cf_test_count_audit (admin, "backup", NULL), ==, 1);
}

static void
write_leftover (const char *data_dir)
{
  g_autofree char *copy = g_build_filename (data_dir, CF_DATA_DIR_OFFICE_COPY, NULL);
  g_autofree char *journal = g_strconcat (copy, "-journal", NULL);

  g_assert_true (g_file_set_contents (copy, "a killed backup's copy", -1, NULL));
  g_assert_true (g_file_set_contents (journal, "and its journal", -1, NULL));
}

static void
assert_no_leftover (const char *data_dir)
{
  g_autofree char *copy = g_build_filename (data_dir, CF_DATA_DIR_OFFICE_COPY, NULL);
  g_autofree char *journal = g_strconcat (copy, "-journal", NULL);

  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

/* A backup killed between writing the office's copy and reading it back
 * leaves a second encrypted copy in the data folder: the next backup
 * removes it, and so does removing the machine. */
static void
test_leftover_copy_removed (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autofree char *other = cf_test_make_dir ("removed-machine");
  g_autofree char *path = backup_path ("after-a-kill.cfb");

  {
    g_autoptr(CfSession) admin = cf_test_sign_in (data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);

    write_leftover (data_dir);
    back_up (admin, path);
    assert_no_leftover (data_dir);
  }
  write_leftover (other);
  cf_data_dir_remove_machine (other);
  assert_no_leftover (other);
}

/* A backup that could not be written is no backup: the log says none was
 * made. */
static void
test_failed_backup_not_audited (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) admin = cf_test_sign_in (data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_autofree char *config = cf_data_dir_config (data_dir);
  /* Under a file, not a folder: unwritable even to root. */
  g_autofree char *unwritable = g_build_filename (config, "backup.cfb", NULL);
  g_autofree char *path = backup_path ("written.cfb");
  g_autoptr(GError) error = NULL;

  g_assert_false (cf_backup_write (admin, unwritable, NULL, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (cf_test_count_audit (admin, "backup", NULL), ==, 0);
  back_up (admin, path);
  g_assert_cmpuint (cf_test_count_audit (admin, "backup", NULL), ==, 1);
}

/* ---- segment numbers after a restore ---------------------------------- */

static gint64
highest_segment (const char *sync_dir,
                 const char *node_id)
{
  g_autofree char *folder = g_build_filename (sync_dir, node_id, NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  gint64 highest = 0;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".seg"))
      highest = MAX (highest, g_ascii_strtoll (name, NULL, 10));
  return highest;
}

static char *
node_id (const char *data_dir)
{
  g_autoptr(CfNodeConfig) config = cf_node_config_load (data_dir, NULL);

  return g_strdup (config->node_id);
}

static void
assert_verifies (CfSession  *session,
                 const char *sync_dir)
{
  g_auto(CfVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_verify_run (session, sync_dir, &report, &error));
  g_assert_no_error (cf_verify_report_first (&report));
}

/* Desk A is backed up, writes on, and its later segments are applied by
 * desk B and compacted away from the sync folder: the restored A must not
 * use their numbers again, or B would skip what it sends under them. */
static void
test_numbers_continue (void)
{
  g_autofree char *a_dir = cf_test_make_office ();
  g_autofree char *sync_dir = cf_test_make_dir ("sync");
  g_autoptr(CfSession) a = cf_test_sign_in (a_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *b_dir = cf_test_join_desk (a, sync_dir);
  g_autoptr(CfSession) b = cf_test_sign_in (b_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *path = backup_path ("numbers.cfb");
  g_autofree char *a_id = node_id (a_dir), *restored = NULL, *later = NULL, *after = NULL;
  g_autoptr(CfSession) r = NULL;
  g_autoptr(CfStudent) student = NULL;
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };
  gint64 used;

  sync_desk (a, sync_dir);
  sync_desk (b, sync_dir);
  back_up (a, path);
  later = cf_test_add_student (a, "Written After The Backup");
  sync_desk (a, sync_dir);
  used = highest_segment (sync_dir, a_id);
  sync_desk (b, sync_dir);
  sync_desk (a, sync_dir);                      /* B has applied them: compacted */
  g_assert_cmpint (highest_segment (sync_dir, a_id), <, used);
  g_clear_object (&a);

  restored = restore (path, sync_dir);
  r = cf_test_sign_in (restored, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_assert_true (cf_sync_run (r, sync_dir, &report, &error));
  g_assert_true (report.restore_held);
  g_assert_true (cf_data_dir_is_catching_up (restored));
  /* Until then it writes nothing: its audit chain would fork. */
  g_assert_null (cf_students_list (r, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_SET_UP);
  g_clear_error (&error);

  g_assert_true (cf_sync_write_snapshot (b, sync_dir, &error));
  g_assert_no_error (error);
  sync_desk (r, sync_dir);
  g_assert_false (cf_data_dir_is_restored (restored));
  student = cf_students_get (r, later, &error);
  g_assert_no_error (error);
  g_assert_nonnull (student);
  after = cf_test_add_student (r, "Written After The Restore");
  sync_desk (r, sync_dir);
  g_test_message ("highest used before the restore: %" G_GINT64_FORMAT ", after: %" G_GINT64_FORMAT,
                  used, highest_segment (sync_dir, a_id));
  g_assert_cmpint (highest_segment (sync_dir, a_id), >, used);
  sync_desk (b, sync_dir);
  g_assert_cmpuint (cf_test_count_audit (b, "backup", NULL), ==, 1);
  assert_verifies (b, sync_dir);
  assert_verifies (r, sync_dir);
  g_clear_object (&student);
  student = cf_students_get (b, after, &error);
  g_assert_no_error (error);
  g_assert_nonnull (student);
  cf_sync_report_clear (&report);
}

/* Desk A's later segments are still in the sync folder: the restored A
 * applies them (a machine normally skips its own), so nothing it wrote
 * after the backup is lost, and its audit chain goes on from them. */
static void
test_own_segments_taken_back (void)
{
  g_autofree char *a_dir = cf_test_make_office ();
  g_autofree char *sync_dir = cf_test_make_dir ("sync");
  g_autoptr(CfSession) a = cf_test_sign_in (a_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *b_dir = cf_test_join_desk (a, sync_dir);
  g_autoptr(CfSession) b = cf_test_sign_in (b_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *path = backup_path ("own.cfb");
  g_autofree char *restored = NULL, *later = NULL, *a_digest = NULL, *b_digest = NULL;
  g_autoptr(CfSession) r = NULL;
  g_autoptr(CfStudent) student = NULL;
  g_autoptr(GError) error = NULL;

  sync_desk (a, sync_dir);
  back_up (a, path);
  later = cf_test_add_student (a, "Written After The Backup");
  sync_desk (a, sync_dir);
  g_clear_object (&a);                          /* its disk is lost */

  restored = restore (path, sync_dir);
  r = cf_test_sign_in (restored, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  sync_desk (r, sync_dir);
  g_assert_false (cf_data_dir_is_restored (restored));
  student = cf_students_get (r, later, &error);
  g_assert_no_error (error);
  g_assert_nonnull (student);
  g_clear_object (&student);
  g_free (cf_test_add_student (r, "Written After The Restore"));
  sync_desk (r, sync_dir);
  sync_desk (b, sync_dir);
  sync_desk (r, sync_dir);
  assert_verifies (r, sync_dir);
  assert_verifies (b, sync_dir);
  a_digest = cf_sync_digest (r, &error);
  b_digest = cf_sync_digest (b, &error);
  g_assert_cmpstr (a_digest, ==, b_digest);
}

/* The marker holds a backup's manifest, from a file: members of another
 * type read as missing, not as a critical warning (fatal here). */
static void
test_marker_of_another_type (void)
{
  g_autofree char *data_dir = cf_test_make_dir ("marker");
  g_autofree char *marker = cf_data_dir_restored (data_dir);
  g_autoptr(GError) error = NULL;
  gint64 after = -1;

  g_assert_true (g_file_set_contents (marker, "{\"caught_up\": {}, \"own_after\": [1]}", -1, &error));
  g_assert_true (cf_data_dir_is_catching_up (data_dir));
  g_assert_true (cf_data_dir_restored_after (data_dir, &after));
  g_assert_cmpint (after, ==, 0);
  g_assert_true (g_file_set_contents (marker, "{\"caught_up\": \"yes\", \"own_after\": \"9\"}", -1, &error));
  g_assert_true (cf_data_dir_is_catching_up (data_dir));
  g_assert_true (cf_data_dir_restored_after (data_dir, &after));
  g_assert_cmpint (after, ==, 0);
}

/* ---- a restored desk keeps what it has not applied --------------------- */

/* An administrator's desk holds no case key: restored, it cannot apply
 * its own case segments written after the backup, and must not remove
 * them from the folder because the other desk has: an adviser signing in
 * there later applies them, with no snapshot. */
static void
test_case_segments_kept (void)
{
  g_autofree char *a_dir = cf_test_make_office ();
  g_autofree char *sync_dir = cf_test_make_dir ("sync");
  g_autoptr(CfSession) admin = cf_test_sign_in (a_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_autoptr(CfSession) adviser = cf_test_sign_in (a_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autofree char *b_dir = cf_test_join_desk (admin, sync_dir);
  g_autoptr(CfSession) b = cf_test_sign_in (b_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *path = backup_path ("admin-later.cfb");
  g_autofree char *restored = NULL, *later = NULL;
  g_autoptr(CfSession) r_admin = NULL, r_adviser = NULL;
  g_autoptr(CfStudent) student = NULL;
  g_autoptr(GError) error = NULL;

  sync_desk (adviser, sync_dir);
  sync_desk (b, sync_dir);
  back_up (admin, path);
  later = cf_test_add_student (adviser, "Written After The Backup");
  sync_desk (adviser, sync_dir);
  sync_desk (b, sync_dir);                      /* B has applied them */
  g_clear_object (&admin);
  g_clear_object (&adviser);

  restored = restore (path, sync_dir);
  r_admin = cf_test_sign_in (restored, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  sync_desk (r_admin, sync_dir);
  sync_desk (r_admin, sync_dir);
  g_clear_object (&r_admin);
  r_adviser = cf_test_sign_in (restored, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  sync_desk (r_adviser, sync_dir);
  student = cf_students_get (r_adviser, later, &error);
  g_assert_no_error (error);
  g_assert_nonnull (student);
  g_assert_false (cf_data_dir_is_restored (restored));
}

/* ---- a changed manifest does not decide what the desk skips ----------- */

static void
put_be (GByteArray *out,
        guint64     value,
        guint       bytes)
{
  for (guint i = bytes; i > 0; i--)
    {
      guint8 byte = (guint8) (value >> (8 * (i - 1)));

      g_byte_array_append (out, &byte, 1);
    }
}

static guint64
get_be (const guint8 *at,
        guint         bytes)
{
  guint64 value = 0;

  for (guint i = 0; i < bytes; i++)
    value = (value << 8) | at[i];
  return value;
}

/* As someone with the file and the format would: the manifest replaced,
 * its hash and the whole file's hash computed again (they are not keyed). */
static void
replace_manifest (const char *path,
                  const char *manifest)
{
  g_autofree guint8 *data = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 hash[32];
  gsize length, at = 16;
  guint n_parts;

  g_assert_true (g_file_get_contents (path, (char **) &data, &length, NULL));
  g_byte_array_append (out, data, 16);
  n_parts = (guint) get_be (data + 12, 4);
  for (guint i = 0; i < n_parts; i++)
    {
      gsize name_length = get_be (data + at, 4), part_length;
      g_autofree char *name = g_strndup ((const char *) data + at + 4, name_length);
      const guint8 *part;
      crypto_generichash_state state;

      part_length = get_be (data + at + 4 + name_length, 8);
      part = data + at + 4 + name_length + 8 + 32;
      at = (gsize) (part - data) + part_length;
      if (g_str_equal (name, "manifest"))
        {
          part = (const guint8 *) manifest;
          part_length = strlen (manifest);
        }
      put_be (out, name_length, 4);
      g_byte_array_append (out, (const guint8 *) name, name_length);
      put_be (out, part_length, 8);
      crypto_generichash_init (&state, NULL, 0, 32);
      crypto_generichash_update (&state, (const guint8 *) name, name_length + 1);
      crypto_generichash_update (&state, part, part_length);
      crypto_generichash_final (&state, hash, 32);
      g_byte_array_append (out, hash, 32);
      g_byte_array_append (out, part, part_length);
    }
  crypto_generichash (hash, 32, out->data, out->len, NULL, 0);
  g_byte_array_append (out, hash, 32);
  g_assert_true (g_file_set_contents (path, (const char *) out->data, out->len, NULL));
}

/* The manifest says the backup holds far more of the desk's own segments
 * than it does: the restored desk still takes back those written after it. */
static void
test_manifest_not_trusted (void)
{
  g_autofree char *a_dir = cf_test_make_office ();
  g_autofree char *sync_dir = cf_test_make_dir ("sync");
  g_autoptr(CfSession) a = cf_test_sign_in (a_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *b_dir = cf_test_join_desk (a, sync_dir);   /* holds back compaction */
  g_autofree char *path = backup_path ("changed.cfb");
  g_autofree char *a_id = node_id (a_dir), *restored = NULL, *later = NULL, *manifest = NULL;
  g_autoptr(CfSession) r = NULL;
  g_autoptr(CfStudent) student = NULL;
  g_autoptr(GError) error = NULL;

  sync_desk (a, sync_dir);
  back_up (a, path);
  later = cf_test_add_student (a, "Written After The Backup");
  sync_desk (a, sync_dir);
  g_clear_object (&a);
  manifest = g_strdup_printf ("{\"format\":1,\"node\":\"%s\",\"made\":0,\"segment_seq\":1000000,"
                              "\"own_after\":1000000,\"caught_up\":true}", a_id);
  replace_manifest (path, manifest);

  restored = restore (path, sync_dir);
  g_assert_true (cf_data_dir_is_catching_up (restored));
  r = cf_test_sign_in (restored, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  sync_desk (r, sync_dir);
  student = cf_students_get (r, later, &error);
  g_assert_no_error (error);
  g_assert_nonnull (student);
  g_assert_false (cf_data_dir_is_restored (restored));
}

/* ---- numbers only from what this desk truly wrote ---------------------- */

static void
exec_sql (CfSession  *session,
          const char *sql,
          const char *text1,
          const char *text2)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  _cf_bind_text (stmt, 1, text1);
  _cf_bind_text (stmt, 2, text2);
  g_assert_true (_cf_store_step_done (store, stmt, &error));
  g_assert_no_error (error);
}

/* A file dropped into the desk's own folder under the highest name there
 * can be, and a kiosk's ack naming it, are not the desk's: its next
 * segment keeps a number every reader takes.  A desk's ack past every
 * number is refused with a sentence, not wrapped round. */
static void
test_numbers_not_forged (void)
{
  g_autofree char *a_dir = cf_test_make_office ();
  g_autofree char *sync_dir = cf_test_make_dir ("sync");
  g_autoptr(CfSession) a = cf_test_sign_in (a_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *b_dir = cf_test_join_desk (a, sync_dir);
  g_autoptr(CfSession) b = cf_test_sign_in (b_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *a_id = node_id (a_dir), *b_id = node_id (b_dir), *later = NULL;
  g_autofree char *forged = g_build_filename (sync_dir, a_id, "9999999999999999.seg", NULL);
  g_autoptr(CfStudent) student = NULL;
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };
  const char *kiosk = "00000000-0000-4000-8000-000000000001";

  sync_desk (a, sync_dir);
  sync_desk (b, sync_dir);
  g_assert_true (g_file_set_contents (forged, "CONFIDE not really a segment", -1, NULL));
  exec_sql (a, "INSERT INTO nodes (id, kind, sign_public, enrolled_at) VALUES (?, 'kiosk', ?, 0)",
            kiosk, "AAAA");
  exec_sql (a, "INSERT INTO peer_acks (reader_id, writer_id, seq, reported_at)"
               " VALUES (?, ?, 9999999999999999, 0)", kiosk, a_id);
  later = cf_test_add_student (a, "Written After The Forgery");
  sync_desk (a, sync_dir);
  g_assert_cmpint (highest_segment (sync_dir, a_id), ==, 9999999999999999);
  sync_desk (b, sync_dir);
  student = cf_students_get (b, later, &error);
  g_assert_no_error (error);
  g_assert_nonnull (student);

  exec_sql (a, "INSERT OR REPLACE INTO peer_acks (reader_id, writer_id, seq, reported_at)"
               " VALUES (?, ?, 9223372036854775807, 0)", b_id, a_id);
  g_free (cf_test_add_student (a, "Never Numbered"));
  g_assert_false (cf_sync_run (a, sync_dir, &report, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
  cf_sync_report_clear (&report);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backup/consistent-while-writing", test_consistent_while_writing);
  g_test_add_func ("/backup/admin-backup-read-by-adviser", test_admin_backup_read_by_adviser);
  g_test_add_func ("/backup/damaged-refused", test_damaged_refused);
  g_test_add_func ("/backup/numbers-continue", test_numbers_continue);
  g_test_add_func ("/backup/own-segments-taken-back", test_own_segments_taken_back);
  g_test_add_func ("/backup/marker-of-another-type", test_marker_of_another_type);
  g_test_add_func ("/backup/large-case-database", test_large_case_database);
  g_test_add_func ("/backup/leftover-copy-removed", test_leftover_copy_removed);
  g_test_add_func ("/backup/failed-backup-not-audited", test_failed_backup_not_audited);
  g_test_add_func ("/backup/numbers-not-forged", test_numbers_not_forged);
  g_test_add_func ("/backup/case-segments-kept", test_case_segments_kept);
  g_test_add_func ("/backup/manifest-not-trusted", test_manifest_not_trusted);
  return g_test_run ();
}
