/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An audit chain cut short or rewritten on its own machine, by someone who
 * holds that machine's keys, is caught by verify on another desk: through
 * the heads the machine signed into its segments. */
#include <sodium.h>
#include <string.h>

#include "cf-audit.h"
#include "cf-error.h"
#include "cf-data-dir.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"
#include "cf-students.h"
#include "cf-sync.h"
#include "cf-test-util.h"

typedef struct {
  char      *data_dir;
  char      *sync_dir;
  char      *other_dir;
  CfSession *manager;      /* desk A */
  CfSession *other;        /* desk B */
} Fixture;

static void
sync_desk (CfSession  *session,
           const char *sync_dir,
           char      **problem)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  g_assert_true (cf_sync_run (session, sync_dir, &report, &error));
  g_assert_no_error (error);
  if (problem)
    *problem = g_strdup (report.problem);
  cf_sync_report_clear (&report);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->data_dir = cf_test_make_office ();
  f->manager = cf_test_sign_in (f->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  {
    g_autoptr(CfNodeConfig) config = cf_node_config_load (f->data_dir, NULL);
    f->sync_dir = g_strdup (config->sync_dir);
  }
  f->other_dir = cf_test_join_desk (f->manager, f->sync_dir);
  f->other = cf_test_sign_in (f->other_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  /* Entries on desk A, which desk B receives with their head. */
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *id = cf_test_add_student (f->manager, "Someone");
      g_autoptr(CfStudent) student = cf_students_get (f->manager, id, NULL);

      g_assert_nonnull (student);
    }
  sync_desk (f->manager, f->sync_dir, NULL);
  sync_desk (f->other, f->sync_dir, NULL);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->other);
  g_clear_object (&f->manager);
  g_free (f->other_dir);
  g_free (f->sync_dir);
  g_free (f->data_dir);
}

static const char *
node_of (CfSession *session)
{
  const char *node = NULL;

  g_assert_true (_cf_settings_get_node_id (cf_session_get_store (session), &node, NULL));
  return node;
}

static void
drop_guards (CfStore *store)
{
  g_autoptr(GError) error = NULL;

  /* Someone holding the key could drop the guards. */
  g_assert_true (_cf_store_exec (store, "DROP TRIGGER IF EXISTS audit_no_update;"
                                        "DROP TRIGGER IF EXISTS audit_no_delete;", &error));
  g_assert_no_error (error);
}

static void
cut_tail (CfSession  *session,
          const char *node_id,
          int         n)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt;

  drop_guards (store);
  stmt = _cf_store_prepare (store,
      "DELETE FROM audit WHERE node_id = ?1"
      " AND seq > (SELECT max (seq) FROM audit WHERE node_id = ?1) - ?2", NULL);
  _cf_bind_text (stmt, 1, node_id);
  sqlite3_bind_int (stmt, 2, n);
  g_assert_true (_cf_store_step_done (store, stmt, NULL));
}

/* The chain's hash, as cf-audit.c makes it: length-prefixed fields. */
static void
hash_field (crypto_generichash_state *state,
            const char               *text)
{
  guint32 length = text ? (guint32) strlen (text) : G_MAXUINT32;

  crypto_generichash_update (state, (const guint8 *) &length, sizeof length);
  if (text)
    crypto_generichash_update (state, (const guint8 *) text, strlen (text));
}

static char *
entry_hash (sqlite3_stmt *stmt,
            const char   *prev)
{
  crypto_generichash_state state;
  g_autofree char *numbers = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                              (gint64) sqlite3_column_int64 (stmt, 1),
                                              (gint64) sqlite3_column_int64 (stmt, 2));
  guint8 out[32];
  char hex[65];

  crypto_generichash_init (&state, NULL, 0, sizeof out);
  hash_field (&state, prev);
  hash_field (&state, (const char *) sqlite3_column_text (stmt, 0));
  hash_field (&state, numbers);
  for (int i = 3; i <= 6; i++)
    hash_field (&state, (const char *) sqlite3_column_text (stmt, i));
  crypto_generichash_final (&state, out, sizeof out);
  sodium_bin2hex (hex, sizeof hex, out, sizeof out);
  return g_strdup (hex);
}

/* Changes entry @seq's detail and hashes every entry after it again, so
 * the chain on this machine verifies. */
static void
rewrite_from (CfSession  *session,
              const char *node_id,
              gint64      seq)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prev = NULL;
  sqlite3_stmt *stmt;

  drop_guards (store);
  stmt = _cf_store_prepare (store,
      "UPDATE audit SET detail = 'nothing to see' WHERE node_id = ? AND seq = ?", NULL);
  _cf_bind_text (stmt, 1, node_id);
  sqlite3_bind_int64 (stmt, 2, seq);
  g_assert_true (_cf_store_step_done (store, stmt, NULL));
  stmt = _cf_store_prepare (store,
      "SELECT node_id, seq, at, actor_id, action, subject, detail, prev_hash, id"
      " FROM audit WHERE node_id = ? AND seq >= ? ORDER BY seq", NULL);
  _cf_bind_text (stmt, 1, node_id);
  sqlite3_bind_int64 (stmt, 2, seq);
  while (_cf_store_step (store, stmt, NULL) == CF_STEP_ROW)
    {
      if (prev == NULL)
        prev = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 8)));
      g_ptr_array_add (hashes, g_strdup (prev));     /* its new prev_hash */
      g_free (prev);
      prev = entry_hash (stmt, hashes->pdata[hashes->len - 1]);
      g_ptr_array_add (hashes, g_strdup (prev));
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < ids->len; i++)
    {
      stmt = _cf_store_prepare (store, "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", NULL);
      _cf_bind_text (stmt, 1, hashes->pdata[2 * i]);
      _cf_bind_text (stmt, 2, hashes->pdata[2 * i + 1]);
      _cf_bind_text (stmt, 3, ids->pdata[i]);
      g_assert_true (_cf_store_step_done (store, stmt, NULL));
    }
}

static gint64
last_seq (CfSession  *session,
          const char *node_id)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT max (seq) FROM audit WHERE node_id = ?", NULL);
  gint64 seq;

  _cf_bind_text (stmt, 1, node_id);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq;
}

static void
assert_verifies (CfSession *session)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_audit_verify (cf_session_get_store (session), NULL, &error));
  g_assert_no_error (error);
}

/* Verify fails with a sentence that names @node_id. */
static void
assert_reported (CfSession  *session,
                 const char *node_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cf_audit_verify (cf_session_get_store (session), NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, node_id));
  g_test_message ("%s", error->message);
}

/* Desk A's last entries are cut on desk A, and A carries on: its next
 * segment is refused on desk B, but the head it signed shows the cut. */
static void
test_cut_on_own_machine (Fixture      *f,
                         gconstpointer data)
{
  const char *a = node_of (f->manager);

  assert_verifies (f->other);
  cut_tail (f->manager, a, 3);
  assert_verifies (f->manager);           /* its own machine cannot tell */
  g_free (cf_test_add_student (f->manager, "After the cut"));
  sync_desk (f->manager, f->sync_dir, NULL);
  sync_desk (f->other, f->sync_dir, NULL);
  assert_reported (f->other, a);
}

/* The same cut, with nothing new written after it: the next segment A
 * writes (here a snapshot) signs a shorter chain than before. */
static void
test_cut_then_quiet (Fixture      *f,
                     gconstpointer data)
{
  const char *a = node_of (f->manager);
  g_autoptr(GError) error = NULL;

  cut_tail (f->manager, a, 2);
  g_assert_true (cf_sync_write_snapshot (f->manager, f->sync_dir, &error));
  g_assert_no_error (error);
  sync_desk (f->other, f->sync_dir, NULL);
  assert_reported (f->other, a);
}

/* Desk B's own copy of A's chain loses its end: shorter than A signed. */
static void
test_cut_on_the_other_desk (Fixture      *f,
                            gconstpointer data)
{
  const char *a = node_of (f->manager);

  g_assert_cmpint (last_seq (f->other, a), ==, last_seq (f->manager, a));
  cut_tail (f->other, a, 2);
  assert_reported (f->other, a);
}

/* One entry of A's is rewritten on A and the chain after it hashed again:
 * A's chain verifies, but the head its next segment signs is not the one
 * desk B holds. */
static void
test_rewritten_on_own_machine (Fixture      *f,
                               gconstpointer data)
{
  const char *a = node_of (f->manager);
  g_autoptr(GError) error = NULL;

  rewrite_from (f->manager, a, 2);
  assert_verifies (f->manager);
  g_assert_true (cf_sync_write_snapshot (f->manager, f->sync_dir, &error));
  g_assert_no_error (error);
  sync_desk (f->other, f->sync_dir, NULL);
  assert_reported (f->other, a);
}

/* A kept head altered on desk B no longer matches A's signature. */
static void
test_altered_head (Fixture      *f,
                   gconstpointer data)
{
  CfStore *store = cf_session_get_store (f->other);

  assert_verifies (f->other);
  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

    g_assert_true (_cf_store_exec (store, "UPDATE audit_heads SET seq = seq - 1", NULL));
  }
  assert_reported (f->other, node_of (f->manager));
}

static gboolean
has_row (CfSession  *session,
         const char *sql,
         const char *id)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, NULL);
  gboolean found = FALSE;

  _cf_bind_text (stmt, 1, id);
  g_assert_true (_cf_store_exists (store, stmt, &found, NULL));
  return found;
}

/* Desk A sends an audit entry in desk B's name, beside its own entry about
 * a new student: B refuses the whole segment (the office segment that
 * carries both; the student travels with case data, apart), with a
 * sentence. */
static void
test_foreign_entry_refused (Fixture      *f,
                            gconstpointer data)
{
  g_autofree char *student = cf_test_add_student (f->manager, "Sent beside a forgery");
  CfStore *store = cf_session_get_store (f->manager);
  g_autofree char *problem = NULL;

  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
    sqlite3_stmt *stmt = _cf_store_prepare (store,
        "INSERT INTO audit (id, node_id, seq, at, action, prev_hash, hash)"
        " VALUES ('forged-entry', ?, 999, 0, 'case-read', '', '')", NULL);

    _cf_bind_text (stmt, 1, node_of (f->other));
    g_assert_true (_cf_store_step_done (store, stmt, NULL));
    g_assert_true (_cf_store_exec (store,
        "INSERT INTO outbox (kind, row_id, hlc)"
        " SELECT 'audit', 'forged-entry', hlc FROM outbox ORDER BY seq DESC LIMIT 1", NULL));
  }
  sync_desk (f->manager, f->sync_dir, NULL);
  sync_desk (f->other, f->sync_dir, &problem);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, node_of (f->manager)));
  g_assert_nonnull (strstr (problem, "audit entries of another machine"));
  g_assert_false (has_row (f->other, "SELECT 1 FROM audit WHERE id = ?", "forged-entry"));
  g_assert_false (has_row (f->other, "SELECT 1 FROM audit WHERE subject = ?", student));
}

/* A snapshot carries every machine's entries, and is not refused for it;
 * a desk that joins from it holds desk B's entries too. */
static void
test_snapshot_carries_every_chain (Fixture      *f,
                                   gconstpointer data)
{
  g_autofree char *third_dir = NULL, *problem = NULL;
  g_autoptr(CfSession) third = NULL;

  g_free (cf_test_add_student (f->other, "Written on B"));
  sync_desk (f->other, f->sync_dir, NULL);
  sync_desk (f->manager, f->sync_dir, NULL);
  third_dir = cf_test_join_desk (f->manager, f->sync_dir);
  third = cf_test_sign_in (third_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  sync_desk (third, f->sync_dir, &problem);
  g_assert_null (problem);          /* the snapshot was not refused */
  g_assert_cmpint (last_seq (third, node_of (f->other)), ==, last_seq (f->manager, node_of (f->other)));
  assert_verifies (third);
}

/* A segment whose audit head is not signed, though the segment is (its
 * writer's key was used to sign all but the head): verify names it. */
static void
test_unsigned_head_in_folder (Fixture      *f,
                              gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->sync_dir, node_of (f->manager), "0000000000000001.seg", NULL);
  g_autofree char *secret_text = NULL;
  g_autofree guint8 *secret = NULL;
  g_autofree guint8 *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length, secret_length;
  guint n = 0;

  g_assert_true (cf_sync_verify_folder (f->other, f->sync_dir, &n, &error));
  g_assert_no_error (error);
  {
    CfStore *store = cf_session_get_store (f->manager);
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

    g_assert_true (_cf_settings_get (store, "node_sign_secret", &secret_text, NULL));
  }
  secret = g_base64_decode (secret_text, &secret_length);
  g_assert_cmpuint (secret_length, ==, crypto_sign_SECRETKEYBYTES);
  g_assert_true (g_file_get_contents (path, (char **) &contents, &length, NULL));
  memset (contents + 97, 0, crypto_sign_BYTES);             /* the head's signature */
  crypto_sign_detached (contents + length - crypto_sign_BYTES, NULL, contents, length - crypto_sign_BYTES,
                        secret);
  g_assert_true (g_file_set_contents (path, (char *) contents, (gssize) length, NULL));
  g_assert_false (cf_sync_verify_folder (f->other, f->sync_dir, &n, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "audit head"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/audit-heads/cut-on-own-machine", test_cut_on_own_machine);
  ADD ("/audit-heads/cut-then-quiet", test_cut_then_quiet);
  ADD ("/audit-heads/cut-on-the-other-desk", test_cut_on_the_other_desk);
  ADD ("/audit-heads/rewritten", test_rewritten_on_own_machine);
  ADD ("/audit-heads/altered-head", test_altered_head);
  ADD ("/audit-heads/foreign-entry-refused", test_foreign_entry_refused);
  ADD ("/audit-heads/unsigned-head-in-folder", test_unsigned_head_in_folder);
  ADD ("/audit-heads/snapshot-carries-every-chain", test_snapshot_carries_every_chain);
  return g_test_run ();
}
