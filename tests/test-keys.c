/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Roles kept by the keys: tried as someone who holds a copy of every file
 * would, with only what a passphrase reaches. */
#include <glib/gstdio.h>
#include <signal.h>
#include <sodium.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cf-case-entries.h"
#include "cf-case-keys-private.h"
#include "cf-data-dir.h"
#include "cf-enroll-private.h"
#include "cf-error.h"
#include "cf-keyslots.h"
#include "cf-segment.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"
#include "cf-store-private.h"
#include "cf-sync.h"
#include "cf-test-util.h"
#include "cf-users.h"

#define MARKER_NAME "Zebedee Quixotemarker"
#define MARKER_NOTE "landlordmarker 7731"
#define MARKER_LATER "writtenafterremoval 4410"

/* ---- what a passphrase reaches ------------------------------------------ */

typedef struct {
  CfKey         *secret;
  CfKey         *office_key;
  CfKey         *office_db_key;
  CfCaseKeyring *case_keys;     /* NULL when no grant opens */
  CfKey         *case_db_key;   /* NULL when no case key opens the box */
} Reach;

static void
reach_clear (Reach *reach)
{
  g_clear_pointer (&reach->secret, cf_key_free);
  g_clear_pointer (&reach->office_key, cf_key_free);
  g_clear_pointer (&reach->office_db_key, cf_key_free);
  g_clear_pointer (&reach->case_keys, _cf_case_keyring_free);
  g_clear_pointer (&reach->case_db_key, cf_key_free);
}

/* Every grant in the office database, tried with the user's secret key:
 * whatever opens is theirs, whatever the code would have let them do. */
static void
reach_case_keys (Reach      *reach,
                 CfStore    *office,
                 const char *slots)
{
  sqlite3 *db = _cf_store_get_db (office);
  sqlite3_stmt *stmt = NULL;
  guint generation = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT user_id FROM grants", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW && reach->case_keys == NULL)
    reach->case_keys = _cf_case_keys_load (office, (const char *) sqlite3_column_text (stmt, 0),
                                           reach->secret, NULL);
  sqlite3_finalize (stmt);
  if (reach->case_keys == NULL)
    return;
  g_assert_true (cf_keyslots_get_case_box (slots, CF_CASE_BOX_CURRENT, &generation, NULL));
  if (_cf_case_keyring_get (reach->case_keys, generation) != NULL)
    reach->case_db_key = cf_keyslots_open_case_box (slots, CF_CASE_BOX_CURRENT,
                                                    _cf_case_keyring_get (reach->case_keys, generation),
                                                    NULL);
}

/* TRUE when any text or blob in any table of the open database holds @marker. */
static gboolean
database_holds (CfStore    *store,
                const char *schema,
                const char *marker)
{
  sqlite3 *db = _cf_store_get_db (store);
  g_autofree char *list = g_strdup_printf ("SELECT name FROM %s.sqlite_master WHERE type = 'table'", schema);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_assert_cmpint (sqlite3_prepare_v2 (db, list, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  for (guint t = 0; t < tables->len && !found; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s.\"%s\"", schema, (char *) tables->pdata[t]);

      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        continue;   /* an FTS table's shadow that cannot be read alone */
      while (!found && sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt) && !found; c++)
          {
            const void *bytes = sqlite3_column_blob (stmt, c);
            int length = sqlite3_column_bytes (stmt, c);

            found = bytes && memmem (bytes, (size_t) length, marker, strlen (marker)) != NULL;
          }
      sqlite3_finalize (stmt);
    }
  return found;
}

static const guint8 *
any_roster_signer (const char *node_id,
                   gpointer    user_data)
{
  return g_hash_table_lookup (user_data, node_id);
}

static GHashTable *
roster_of (CfStore *office)
{
  GHashTable *roster = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_cf_store_get_db (office), "SELECT id, sign_public FROM nodes",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gsize length = 0;
      guint8 *key = g_base64_decode ((const char *) sqlite3_column_text (stmt, 1), &length);

      g_hash_table_insert (roster, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), key);
    }
  sqlite3_finalize (stmt);
  return roster;
}

static const guint8 *
ring_lookup (guint    generation,
             gpointer user_data)
{
  const CfKey *key = _cf_case_keyring_get (user_data, generation);

  return key ? cf_key_get_bytes (key) : NULL;
}

/* Every segment in the sync folder, opened with the keys reached. */
static gboolean
segments_hold (const Reach *reach,
               CfStore     *office,
               const char  *sync_dir,
               const char  *marker)
{
  g_autoptr(CfOfficeKeys) keys = cf_office_keys_new ();
  g_autoptr(GHashTable) roster = roster_of (office);
  g_autoptr(GDir) top = g_dir_open (sync_dir, 0, NULL);
  gboolean found = FALSE;
  const char *machine;

  memcpy (keys->office_key, cf_key_get_bytes (reach->office_key), CF_KEY_BYTES);
  keys->has_office_key = TRUE;
  if (reach->case_keys)
    {
      keys->case_generation = _cf_case_keyring_newest (reach->case_keys);
      memcpy (keys->case_key, cf_key_get_bytes (_cf_case_keyring_get (reach->case_keys, keys->case_generation)),
              CF_KEY_BYTES);
      memcpy (keys->box_secret, cf_key_get_bytes (_cf_case_keyring_box_secret (reach->case_keys)), CF_KEY_BYTES);
      keys->has_box_secret = TRUE;
      keys->case_key_for = ring_lookup;
      keys->case_key_data = reach->case_keys;
    }
  while ((machine = g_dir_read_name (top)) != NULL && !found)
    {
      g_autofree char *folder = g_build_filename (sync_dir, machine, NULL);
      g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL && !found)
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);
          g_autofree char *contents = NULL;
          g_autoptr(GBytes) segment = NULL, plain = NULL;
          CfSegmentHeader header;
          gsize length;

          if (!g_str_has_suffix (name, ".seg") || !g_file_get_contents (path, &contents, &length, NULL))
            continue;
          segment = g_bytes_new_take (g_steal_pointer (&contents), length);
          plain = cf_segment_open (segment, keys, any_roster_signer, roster, &header, NULL);
          found = plain && memmem (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain),
                                   marker, strlen (marker)) != NULL;
        }
    }
  return found;
}

/* A desk bundle made with this user's rights, opened with its code. */
static gboolean
bundle_holds (CfSession  *session,
              const char *marker)
{
  g_autofree char *dir = cf_test_make_dir ("bundle");
  g_autofree char *bundle = g_build_filename (dir, "desk.bundle", NULL);
  g_autofree char *code_file = g_build_filename (dir, "desk.code", NULL);
  g_autofree char *code = NULL, *contents = NULL;
  g_autoptr(JsonObject) opened = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (!cf_enroll_create (session, CF_MACHINE_DESK, bundle, code_file, NULL))
    return FALSE;
  code = cf_enroll_read_code (code_file, NULL);
  opened = _cf_enroll_read_bundle (bundle, code, "desk", NULL);
  g_assert_nonnull (opened);
  node = json_node_init_object (json_node_alloc (), opened);
  text = json_to_string (node, FALSE);
  return strstr (text, marker) != NULL;
}

/* Everything @user's passphrase reaches on the desk at @data_dir: the
 * databases it opens, every segment, a bundle they may make.  TRUE when
 * @marker is found anywhere. */
static gboolean
passphrase_reaches (const char *data_dir,
                    const char *sync_dir,
                    const char *user,
                    const char *passphrase,
                    const char *marker)
{
  g_autofree char *slots = cf_data_dir_keyslots (data_dir);
  g_autofree char *office_path = cf_data_dir_database (data_dir);
  g_autofree char *cases_path = cf_data_dir_cases (data_dir);
  g_autoptr(CfStore) office = NULL;
  g_autoptr(CfSession) session = NULL;
  Reach reach = { NULL };
  gboolean found;

  reach.secret = cf_keyslots_unlock (slots, user, passphrase, &reach.office_key, NULL);
  g_assert_nonnull (reach.secret);
  reach.office_db_key = cf_keyslots_open_office_box (slots, reach.office_key, NULL);
  g_assert_nonnull (reach.office_db_key);
  office = cf_store_open_desk (office_path, reach.office_db_key, NULL);
  g_assert_nonnull (office);
  reach_case_keys (&reach, office, slots);
  found = database_holds (office, "main", marker) || segments_hold (&reach, office, sync_dir, marker);
  /* The case database, with every key reached. */
  {
    const CfKey *candidates[] = { reach.case_db_key, reach.office_db_key, reach.office_key, reach.secret };

    for (guint i = 0; i < G_N_ELEMENTS (candidates) && !found; i++)
      if (candidates[i] != NULL && cf_store_attach_cases (office, cases_path, candidates[i], NULL))
        found = database_holds (office, "cases", marker);
  }
  cf_store_close (office);
  /* A removed user can no longer sign in to make one. */
  session = cf_session_sign_in (data_dir, user, passphrase, NULL);
  found = found || (session != NULL && bundle_holds (session, marker));
  reach_clear (&reach);
  return found;
}

static char *
sync_dir_of (const char *data_dir)
{
  g_autoptr(CfNodeConfig) config = cf_node_config_load (data_dir, NULL);

  return g_strdup (config->sync_dir);
}

static void
sync_once (CfSession  *session,
           const char *sync_dir)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  cf_sync_run (session, sync_dir, &report, &error);
  g_assert_no_error (error);
  cf_sync_report_clear (&report);
}

static void
write_markers (CfSession  *adviser,
               const char *name,
               const char *note)
{
  g_autofree char *student = cf_test_add_student (adviser, name);
  g_autoptr(CfCaseEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = cf_case_entries_add (adviser, student, CF_ENTRY_NOTE, note, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The administrator's passphrase reaches nothing of a case, on any file;
 * the same procedure with an adviser's finds it, so the test can fail. */
static void
test_administrator_reaches_no_case (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autofree char *sync_dir = sync_dir_of (data_dir);
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);

  write_markers (adviser, MARKER_NAME, MARKER_NOTE);
  sync_once (adviser, sync_dir);
  g_clear_object (&adviser);

  g_assert_false (passphrase_reaches (data_dir, sync_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW, MARKER_NAME));
  g_assert_false (passphrase_reaches (data_dir, sync_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW, MARKER_NOTE));
  g_assert_true (passphrase_reaches (data_dir, sync_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW, MARKER_NAME));
  g_assert_true (passphrase_reaches (data_dir, sync_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW, MARKER_NOTE));
}

/* An administrator signed in holds no case key: the case pages are not
 * merely hidden, the case database is not open. */
static void
test_administrator_session_has_no_case_database (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) admin = cf_test_sign_in (data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);

  g_assert_false (cf_store_has_cases (cf_session_get_store (admin)));
  g_assert_null (_cf_session_get_case_keys (admin));
  g_assert_false (cf_session_can (admin, CF_PERMISSION_READ_CASES));
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, (gssize) length, NULL));
}

/* A removed adviser who kept a copy of the slot file, and knows their
 * passphrase, opens nothing written after the removal once the desk has
 * re-keyed: not the case database, not the new segments. */
static void
test_removed_user_is_locked_out (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autofree char *sync_dir = sync_dir_of (data_dir);
  g_autofree char *slots = cf_data_dir_keyslots (data_dir);
  g_autofree char *kept_dir = cf_test_make_dir ("kept");
  g_autofree char *kept = g_build_filename (kept_dir, "keyslots.json", NULL);
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autoptr(GError) error = NULL;
  guint before = 0, after = 0;

  write_markers (adviser, MARKER_NAME, MARKER_NOTE);
  g_clear_object (&adviser);
  copy_file (slots, kept);
  g_assert_true (cf_keyslots_get_case_box (slots, CF_CASE_BOX_CURRENT, &before, NULL));

  g_assert_true (cf_users_remove (manager, CF_TEST_ADVISER, &error));
  g_assert_no_error (error);
  write_markers (manager, "Later Student", MARKER_LATER);
  sync_once (manager, sync_dir);
  g_clear_object (&manager);
  /* The next sign-in re-keys the case database. */
  manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_assert_true (cf_keyslots_get_case_box (slots, CF_CASE_BOX_CURRENT, &after, NULL));
  g_assert_cmpuint (after, ==, before + 1);
  g_clear_object (&manager);

  /* The removed adviser's old files: the slot file they kept, with their
   * passphrase, over today's databases and sync folder. */
  copy_file (kept, slots);
  g_assert_false (passphrase_reaches (data_dir, sync_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW, MARKER_LATER));
}

/* Sign-in re-keys the case database; killed at any moment, it leaves a
 * database that opens with the old key or the new one, never neither. */
static void
test_rekey_survives_kill (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new ();

  for (int i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("Student %d with a name long enough to fill pages", i);

      g_free (cf_test_add_student (manager, name));
    }
  for (int round = 0; round < 12; round++)
    {
      pid_t child;
      int status;

      g_assert_true (cf_users_rotate_keys (manager, &error));
      g_assert_no_error (error);
      child = fork ();
      if (child == 0)
        {
          CfSession *session = cf_session_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW, NULL);

          _exit (session ? 0 : 1);
        }
      /* Argon2 takes most of the first tenth of a second; the copy follows. */
      g_usleep (g_rand_int_range (rand, 60000, 260000));
      kill (child, SIGKILL);
      waitpid (child, &status, 0);
      g_clear_object (&manager);
      /* Whatever state the kill left, the next sign-in opens the database. */
      manager = cf_session_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW, &error);
      g_assert_no_error (error);
      g_assert_true (cf_store_has_cases (cf_session_get_store (manager)));
      g_assert_true (cf_store_check_integrity (cf_session_get_store (manager), &error));
      g_assert_no_error (error);
    }
  g_rand_free (rand);
}

/* The next free segment number in a machine's folder. */
static guint64
next_seq (const char *folder)
{
  guint64 seq = 1;

  for (;;)
    {
      g_autofree char *name = g_strdup_printf ("%016" G_GUINT64_FORMAT ".seg", seq);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return seq;
      seq++;
    }
}

#define FORGED_STUDENT \
  "[{\"k\":\"student\",\"id\":\"forged-student\",\"f\":" \
  "{\"name\":[\"Slipped In\",\"0000000000000001@x\"]," \
  "\"created_at\":[1,\"0000000000000001@x\"]," \
  "\"updated_at\":[1,\"0000000000000001@x\"]}}]"

/* Whoever holds only the office key (an administrator) cannot slip a
 * student's record into an office segment: the desk that reads it refuses
 * the whole segment. */
static void
test_office_segment_carries_no_case_data (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autofree char *sync_dir = sync_dir_of (data_dir);
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *other_dir = cf_test_join_desk (manager, sync_dir);
  g_autoptr(CfSession) other = cf_test_sign_in (other_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(CfOfficeKeys) keys = cf_office_keys_new ();
  g_autoptr(GBytes) plain = NULL, segment = NULL;
  g_autofree char *node = NULL, *folder = NULL, *name = NULL, *path = NULL;
  CfSegmentHeader header = { CF_SEGMENT_OFFICE, { 0 }, 0 };
  CfSyncReport report = { 0 };
  g_autoptr(GError) error = NULL;
  guint8 secret[64];

  sync_once (manager, sync_dir);
  sync_once (other, sync_dir);
  {
    CfStore *store = cf_session_get_store (manager);
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
    g_autofree char *text = NULL;
    g_autofree guint8 *bytes = NULL;
    const char *id;
    gsize length = 0;

    g_assert_true (_cf_settings_get_node_id (store, &id, NULL));
    node = g_strdup (id);
    g_assert_true (_cf_settings_get (store, "node_sign_secret", &text, NULL));
    bytes = g_base64_decode (text, &length);
    g_assert_cmpuint (length, ==, sizeof secret);
    memcpy (secret, bytes, sizeof secret);
  }
  memcpy (keys->office_key, cf_key_get_bytes (_cf_session_get_office_key (manager)), CF_KEY_BYTES);
  keys->has_office_key = TRUE;
  plain = g_bytes_new_static (FORGED_STUDENT, strlen (FORGED_STUDENT));
  folder = g_build_filename (sync_dir, node, NULL);
  header.seq = next_seq (folder);
  g_strlcpy (header.node_id, node, sizeof header.node_id);
  segment = cf_segment_seal (&header, plain, keys, secret, &error);
  g_assert_no_error (error);
  name = g_strdup_printf ("%016" G_GUINT64_FORMAT ".seg", header.seq);
  path = g_build_filename (folder, name, NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (segment, NULL),
                                      (gssize) g_bytes_get_size (segment), NULL));

  cf_sync_run (other, sync_dir, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report.segments_refused, ==, 1);
  cf_sync_report_clear (&report);
  {
    CfStore *store = cf_session_get_store (other);
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
    sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT 1 FROM students WHERE id = 'forged-student'", NULL);
    gboolean exists = TRUE;

    g_assert_true (_cf_store_exists (store, stmt, &exists, NULL));
    g_assert_false (exists);
  }
  sodium_memzero (secret, sizeof secret);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CfSession **session = user_data;

  *session = cf_session_sign_in_finish (result, NULL);
}

/* The desk shows how far a re-key has got: the sign-in reports it, in the
 * caller's main context, up to the whole. */
static void
test_rekey_reports_progress (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  CfSession *again = NULL;
  double last = -1;

  g_assert_true (cf_users_rotate_keys (manager, NULL));
  g_clear_object (&manager);
  cf_session_sign_in_with_progress_async (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW, progress_cb,
                                          &last, NULL, signed_in_cb, &again);
  while (again == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (last, ==, 1.0);
  g_object_unref (again);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cf_crypto_init ();
  g_test_add_func ("/keys/administrator-reaches-no-case", test_administrator_reaches_no_case);
  g_test_add_func ("/keys/administrator-session", test_administrator_session_has_no_case_database);
  g_test_add_func ("/keys/removed-user-locked-out", test_removed_user_is_locked_out);
  g_test_add_func ("/keys/rekey-survives-kill", test_rekey_survives_kill);
  g_test_add_func ("/keys/rekey-reports-progress", test_rekey_reports_progress);
  g_test_add_func ("/keys/office-segment-carries-no-case-data", test_office_segment_carries_no_case_data);
  return g_test_run ();
}
