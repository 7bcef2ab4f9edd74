/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "cf-error.h"
#include "cf-settings-private.h"
#include "cf-store-private.h"
#include "cf-test-util.h"

static char *
new_database_path (void)
{
  g_autofree char *dir = cf_test_make_dir ("store");

  return g_build_filename (dir, "confide.db", NULL);
}

static int
pragma_int (CfStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, NULL);
  int value;

  g_assert_nonnull (stmt);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static void
fill (CfStore *store,
      int      rows)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_cf_store_begin (store, &error));
  for (int i = 0; i < rows; i++)
    {
      g_autofree char *key = g_strdup_printf ("filler-%d", i);
      g_autofree char *value = g_strnfill (200, 'a' + i % 26);

      g_assert_true (_cf_settings_set (store, key, value, &error));
    }
  g_assert_true (_cf_store_commit (store, &error));
  g_assert_no_error (error);
}

static gint64
file_size (const char *path)
{
  GStatBuf info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  return info.st_size;
}

/* The WAL goes back into the database after a commit that leaves it over
 * 1,000 pages; in bulk (an import) only when the bulk ends.  The database
 * file grows when pages are copied back into it. */
static void
test_checkpoints_wait_for_the_end_of_a_bulk (void)
{
  g_autofree char *path = new_database_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_store_open (path, key, &error);
  gint64 empty, after_bulk;

  g_assert_no_error (error);
  empty = file_size (path);
  _cf_store_begin_bulk (store);
  fill (store, 25000);                     /* about 1,500 pages */
  g_assert_cmpint (file_size (path), ==, empty);
  _cf_store_end_bulk (store);
  after_bulk = file_size (path);
  g_assert_cmpint (after_bulk, >, empty + 1000 * 4096);

  fill (store, 50000);                     /* 25,000 more rows */
  g_assert_cmpint (file_size (path), >, after_bulk);
}

static void
test_open_sets_pragmas_and_schema (void)
{
  g_autofree char *path = new_database_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_store_open (path, key, &error);
  g_autofree char *header = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_cmpint (cf_store_get_schema_version (store), ==, cf_store_latest_schema_version ());
  g_assert_cmpint (pragma_int (store, "PRAGMA synchronous"), ==, 2);     /* FULL */
  g_assert_cmpint (pragma_int (store, "PRAGMA secure_delete"), ==, 1);
  g_assert_cmpint (pragma_int (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (pragma_int (store, "PRAGMA temp_store"), ==, 2);      /* MEMORY */
  fill (store, 10);
  cf_store_close (store);

  g_assert_true (g_file_get_contents (path, &header, &length, NULL));
  g_assert_cmpuint (length, >, 16);
  g_assert_false (memcmp (header, "SQLite format 3", 15) == 0);
  g_assert_null (memmem (header, length, "filler-", 7));
}

static void
test_wrong_key_is_refused_and_file_kept (void)
{
  g_autofree char *path = new_database_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(CfKey) other = cf_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_store_open (path, key, &error);
  g_autofree char *before = NULL, *after = NULL;
  gsize before_length, after_length;

  fill (store, 5);
  g_clear_object (&store);
  g_assert_true (g_file_get_contents (path, &before, &before_length, NULL));

  store = cf_store_open (path, other, &error);
  g_assert_null (store);
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, path));

  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);
}

static void
test_not_a_database (void)
{
  g_autofree char *path = new_database_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *junk = g_strnfill (8192, 'x');
  g_autoptr(CfStore) store = NULL;

  g_assert_true (g_file_set_contents (path, junk, -1, NULL));
  store = cf_store_open (path, key, &error);
  g_assert_null (store);
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_A_DATABASE);
}

static void
flip_byte (const char *path,
           goffset     offset)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpint (offset, <, (goffset) length);
  contents[offset] ^= 0x01;
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

/* SQLCipher authenticates every page with an HMAC: one flipped bit in the
 * middle of the file must be reported as tampering, never read as data. */
static void
test_tampered_page_is_detected (void)
{
  g_autofree char *path = new_database_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_store_open (path, key, &error);
  GStatBuf st;

  /* Enough rows that the last pages hold data, not the pages the office
   * schema's last step freed (which nothing reads). */
  fill (store, 2000);
  g_clear_object (&store);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  flip_byte (path, st.st_size - 4096 * 2 + 100);

  store = cf_store_open (path, key, &error);
  if (store != NULL)
    {
      g_assert_false (cf_store_check_integrity (store, &error));
    }
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
  g_assert_true (cf_error_is_integrity (error));
}

static void
test_missing_folder (void)
{
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_store_open ("/nonexistent/confide/confide.db", key, &error);

  g_assert_null (store);
  g_assert_error (error, CF_ERROR, CF_ERROR_NO_FOLDER);
  g_assert_nonnull (strstr (error->message, "/nonexistent/confide"));
}

static gpointer
count_settings_job (CfStore      *store,
                    gpointer      data,
                    GCancellable *cancellable,
                    GError      **error)
{
  GThread **thread = data;

  *thread = g_thread_self ();
  return GINT_TO_POINTER (pragma_int (store, "SELECT count(*) FROM settings") + 1);
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Work runs on the store's own thread; the caller's loop keeps running. */
static void
test_async_runs_on_writer_thread (void)
{
  g_autofree char *path = new_database_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_store_open (path, key, &error);
  g_autoptr(GAsyncResult) result = NULL;
  GThread *thread = NULL;
  gpointer value;

  fill (store, 3);
  cf_store_run_async (store, count_settings_job, &thread, NULL, NULL, NULL, job_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  value = cf_store_run_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (GPOINTER_TO_INT (value), ==, 3 + 1);
  g_assert_true (thread != NULL && thread != g_thread_self ());
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/open", test_open_sets_pragmas_and_schema);
  g_test_add_func ("/store/wrong-key", test_wrong_key_is_refused_and_file_kept);
  g_test_add_func ("/store/not-a-database", test_not_a_database);
  g_test_add_func ("/store/tampered-page", test_tampered_page_is_detected);
  g_test_add_func ("/store/missing-folder", test_missing_folder);
  g_test_add_func ("/store/async", test_async_runs_on_writer_thread);
  g_test_add_func ("/store/checkpoints", test_checkpoints_wait_for_the_end_of_a_bulk);
  return g_test_run ();
}
