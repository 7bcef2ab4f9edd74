/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "cf-audit.h"
#include "cf-store-private.h"
#include "cf-error.h"
#include "cf-test-util.h"

/* The fixed key of the stored test databases (see tests/data/README.md). */
/* The last version at which one database held everything. */
#define SINGLE_DATABASE_VERSION 10

#define FIXTURE_KEY "5f1d0c3b2a99e8e7d6c5b4a3928170615f4e3d2c1b0a99887766554433221100"

static CfKey *
fixture_key (void)
{
  guint8 bytes[CF_KEY_BYTES];

  g_assert_cmpint (sodium_hex2bin (bytes, sizeof bytes, FIXTURE_KEY, strlen (FIXTURE_KEY),
                                   NULL, NULL, NULL), ==, 0);
  return cf_key_new_from_bytes (bytes);
}

static char *
copy_fixture (int version)
{
  g_autofree char *name = g_strdup_printf ("store-v%d.db", version);
  g_autofree char *source = g_build_filename (g_getenv ("SOURCE_ROOT"), "tests", "data", name, NULL);
  g_autofree char *dir = cf_test_make_dir ("migrate");
  g_autofree char *contents = NULL;
  char *target = g_build_filename (dir, "confide.db", NULL);
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (target, contents, length, NULL));
  return target;
}

static char *
query_text (CfStore    *store,
            const char *sql)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, NULL);
  char *text = NULL;

  g_assert_nonnull (stmt);
  g_assert_true (_cf_store_get_text (store, stmt, &text, NULL));
  return text;
}

/* The first column of the first row @sql gives is @expected (NULL: no row). */
static void
assert_query (CfStore    *store,
              const char *sql,
              const char *expected)
{
  g_autofree char *text = query_text (store, sql);

  g_assert_cmpstr (text, ==, expected);
}

/* Inserting into @table builds no temporary B-tree, as a CHECK with a list
 * of three or more values would for every row (step 6). */
static void
assert_insert_builds_no_temporary_tree (CfStore    *store,
                                        const char *table)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autofree char *sql = g_strdup_printf ("EXPLAIN INSERT INTO %s DEFAULT VALUES", table);
  sqlite3_stmt *stmt = NULL;
  CfStep step;

  g_assert_cmpint (sqlite3_prepare_v2 (_cf_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while ((step = _cf_store_step (store, stmt, NULL)) == CF_STEP_ROW)
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), !=, "OpenEphemeral");
  g_assert_cmpint (step, ==, CF_STEP_DONE);
  sqlite3_finalize (stmt);
}

/* The constraints allow what they allowed, and nothing more. */
static void
assert_role_still_checked (CfStore *store)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;

  g_assert_false (_cf_store_exec (store, "UPDATE users SET role = 'king' WHERE id = 'u1'", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (_cf_store_exec (store, "UPDATE users SET role = 'admin' WHERE id = 'u1'", &error));
  g_assert_no_error (error);
}

static void
test_version (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *path = copy_fixture (version);
  g_autoptr(CfKey) key = fixture_key ();
  g_autoptr(GError) error = NULL;
  /* Up to the last step of the single database: after it, case data is
   * in a database of its own (see /migrations/case-data-moves-out). */
  g_autoptr(CfStore) store = _cf_store_open_up_to (path, key, SINGLE_DATABASE_VERSION, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cf_store_get_schema_version (store), ==, SINGLE_DATABASE_VERSION);

  /* Data written by the old version is still there... */
  assert_query (store, "SELECT name FROM students WHERE id = 's1'", "Gwenllian ap Rhys");
  /* ...and what later steps added works on it: entry search (step 2). */
  assert_query (store, "SELECT e.id FROM case_entries_fts f JOIN case_entries e"
                       " ON e.rowid = f.docid WHERE case_entries_fts MATCH 'landlord'", "e1");
  assert_query (store, "SELECT s.id FROM students_fts f JOIN students s"
                       " ON s.rowid = f.docid WHERE students_fts MATCH 'gwenllian'", "s1");
  /* A kiosk's waiting visits survive the outbox's new shape (step 3). */
  if (version >= 2)
    {
      assert_query (store, "SELECT hex (sealed) || '/' || stamp FROM kiosk_outbox WHERE seq = 1",
                    "0123456789/");
      assert_query (store, "SELECT name FROM sqlite_sequence WHERE name = 'kiosk_outbox'", NULL);
    }
  /* Entries belong to students through their cases, corrections still
   * point at what they correct, and nothing dangles (step 4). */
  if (version >= 3)
    {
      assert_query (store, "SELECT corrects_id FROM case_entries WHERE id = 'e2'", "e1");
      assert_query (store, "SELECT e.id FROM case_entries_fts f JOIN case_entries e"
                           " ON e.rowid = f.docid WHERE case_entries_fts MATCH 'agent'", "e2");
    }
  assert_query (store, "SELECT name FROM sqlite_master WHERE name = 'case_entries_student'"
                       " OR sql LIKE '%case_entries_v3%'", NULL);
  /* The search indexes keep no per-document sizes (step 5). */
  assert_query (store, "SELECT name FROM sqlite_master WHERE name LIKE '%\\_docsize' ESCAPE '\\'",
                NULL);
  /* Checks name their values one by one (step 6). */
  for (const char *const *table = (const char *const[]) { "users", "case_entries", "consents",
                                                          "appointments", "tickets", "breaches",
                                                          NULL };
       *table; table++)
    assert_insert_builds_no_temporary_tree (store, *table);
  assert_role_still_checked (store);
  assert_query (store, "SELECT role FROM users WHERE id = 'u1'", "admin");
  /* Records keep their own field clocks, each table only its own fields;
   * the clocks of records that are gone are gone (step 7). */
  assert_query (store, "SELECT name FROM sqlite_master WHERE name = 'clocks'", NULL);
  if (version >= 6)
    {
      assert_query (store, "SELECT clocks FROM students WHERE id = 's1'",
                    "college=019a9d0e00010000@fixture-desk;name=019a9d0e00000000@fixture-desk");
      assert_query (store, "SELECT clocks FROM monitoring WHERE student_id = 's1'",
                    "gender=019a9d0e00020000@fixture-desk");
      assert_query (store, "SELECT clocks FROM cases WHERE id = 'c1'",
                    "status=019a9d0e00030000@fixture-desk");
      assert_query (store, "SELECT clocks FROM users WHERE id = 'u1'",
                    "role=019a9d0e00040000@fixture-desk");
    }
  else
    assert_query (store, "SELECT clocks FROM students WHERE id = 's1'", "");
  /* A case may say how it ended; the cases already there have not ended
   * (step 8). */
  assert_query (store, "SELECT coalesce (outcome, 'none') FROM cases WHERE id = 'c1'", "none");
  assert_query (store, "SELECT name FROM sqlite_master WHERE name = 'tickets_student'",
                "tickets_student");
  /* Who last set or cleared the removed-from-course flag, when and why:
   * new fields, empty on every student already there (step 9). */
  assert_query (store, "SELECT coalesce (removed_reason, removed_by, removed_at, 'none')"
                       " FROM students WHERE id = 's1'", "none");
  /* A breach record of one ground reads as that ground alone; a new one
   * may name several, and say why nobody was consulted (step 10). */
  if (version >= 7)
    assert_query (store, "SELECT coalesce (grounds, ground) FROM breaches WHERE id = 'b1'",
                  "risk-to-others");
  assert_query (store, "SELECT name FROM sqlite_master WHERE name = 'breaches'"
                       " AND sql LIKE '%grounds TEXT%' AND sql LIKE '%unconsulted_reason TEXT%'",
                "breaches");
  assert_query (store, "PRAGMA foreign_key_check", NULL);
  g_assert_true (cf_store_check_integrity (store, &error));
}

static void
test_newer_database_is_left_alone (void)
{
  g_autofree char *path = copy_fixture (1);
  g_autoptr(CfKey) key = fixture_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_store_open (path, key, &error);
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d",
                                             cf_store_latest_schema_version () + 1);

  g_assert_no_error (error);
  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
    g_assert_true (_cf_store_exec (store, pragma, &error));
  }
  g_clear_object (&store);
  store = cf_store_open (path, key, &error);
  g_assert_null (store);
  g_assert_error (error, CF_ERROR, CF_ERROR_TOO_NEW);
}

/* Step 11: case data leaves the office database (it lives in a case
 * database under a key of its own); the case key's generations and grants
 * arrive; office data stays. */
static void
test_case_data_moves_out (void)
{
  g_autofree char *path = copy_fixture (SINGLE_DATABASE_VERSION);
  g_autoptr(CfKey) key = fixture_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = _cf_store_open_up_to (path, key, 11, &error);
  const char *const gone[] = { "students", "monitoring", "cases", "case_entries", "consents",
                               "appointments", "tickets", "breaches", "conflicts",
                               "security_notices", "security_notice_items", "students_fts",
                               "case_entries_fts", "students_fts_segments", NULL };

  g_assert_no_error (error);
  for (int i = 0; gone[i]; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT name FROM sqlite_master WHERE name = '%s'", gone[i]);

      assert_query (store, g_intern_string (sql), NULL);
    }
  assert_query (store, "SELECT name FROM users WHERE id = 'u1'", "Fixture Adviser");
  assert_query (store, "SELECT count(*) FROM case_keys", "0");
  assert_query (store, "SELECT count(*) FROM grants", "0");
  g_assert_true (cf_store_check_integrity (store, &error));
}

/* Step 12: a machine is revoked with a reason, and the feed keys made since
 * set-up are kept; the machines already enrolled stay as they were. */
static void
test_machine_revocation (void)
{
  g_autofree char *path = copy_fixture (SINGLE_DATABASE_VERSION);
  g_autoptr(CfKey) key = fixture_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = _cf_store_open_up_to (path, key, 12, &error);
  g_autofree char *nodes = NULL;

  g_assert_no_error (error);
  nodes = query_text (store, "SELECT count(*) FROM nodes");
  assert_query (store, "SELECT count(*) FROM nodes WHERE revoke_reason IS NULL", nodes);
  assert_query (store, "SELECT count(*) FROM feed_keys", "0");
  assert_query (store, "SELECT name FROM sqlite_master WHERE name = 'feed_keys_newest'", "feed_keys_newest");
  g_assert_true (cf_store_check_integrity (store, &error));
}

/* Step 13: a table for the newest signed head of every machine's audit
 * chain, empty until segments arrive; the chain itself is untouched. */
static void
test_audit_heads (void)
{
  g_autofree char *path = copy_fixture (SINGLE_DATABASE_VERSION);
  g_autoptr(CfKey) key = fixture_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = _cf_store_open_up_to (path, key, 13, &error);
  g_autofree char *entries = NULL;

  g_assert_no_error (error);
  assert_query (store, "SELECT count(*) FROM audit_heads", "0");
  assert_query (store, "SELECT name FROM sqlite_master WHERE name = 'audit_heads'"
                       " AND sql LIKE '%signature%' AND sql LIKE '%newest%'", "audit_heads");
  entries = query_text (store, "SELECT count(*) FROM audit");
  g_assert_true (cf_audit_verify (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (entries, !=, NULL);
}

/* The case database's own steps, from its version 1: a Security notice's
 * items say with which SEQUENCE they were sent, whether they cancelled the
 * event, and a keyed hash of what Security saw; the items already there
 * read as sent at SEQUENCE 0, not cancelled (case step 2); the tables of
 * erased records, retention holds and folded statistics start empty; the
 * tickets that hold a submission are indexed for the sweep that clears
 * them; folded statistics keep a drop-in's wait (case step 10). */
static void
test_case_database_steps (void)
{
  g_autofree char *latest = NULL;
  g_autofree char *folder = cf_test_make_dir ("cases-fixture");
  g_autofree char *office_path = g_build_filename (folder, "office.db", NULL);
  g_autofree char *cases_path = g_build_filename (folder, "cases.db", NULL);
  g_autofree char *source = g_build_filename (g_getenv ("SOURCE_ROOT"), "tests", "data", "cases-v1.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(CfKey) key = fixture_key ();
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (cases_path, contents, (gssize) length, NULL));
  store = cf_store_open_desk (office_path, key, &error);
  g_assert_no_error (error);
  g_assert_true (cf_store_attach_cases (store, cases_path, key, &error));
  g_assert_no_error (error);
  latest = g_strdup_printf ("%d", cf_store_latest_case_schema_version ());
  assert_query (store, "PRAGMA cases.user_version", latest);
  assert_query (store, "SELECT count (*) FROM cases.folded_statistics", "0");
  assert_query (store, "SELECT count (*) FROM cases.erased_records", "0");
  assert_query (store, "SELECT count (*) FROM cases.retention_holds", "0");
  assert_query (store, "SELECT name FROM cases.sqlite_master WHERE name = 'security_notice_items'"
                       " AND sql LIKE '%sequence  INTEGER%' AND sql LIKE '%cancelled INTEGER%'"
                       " AND sql LIKE '%shown     TEXT%'", "security_notice_items");
  assert_query (store, "SELECT count(*) FROM security_notice_items"
                       " WHERE sequence IS NOT NULL OR cancelled IS NOT NULL OR shown IS NOT NULL", "0");
  assert_query (store, "SELECT start_at FROM security_notice_items WHERE id = 'i1'", "100");
  assert_query (store, "SELECT name FROM cases.sqlite_master WHERE name = 'security_notice_items_appointment'",
                "security_notice_items_appointment");
  /* The tickets that still hold a submission have their own index. */
  assert_query (store, "SELECT name FROM cases.sqlite_master WHERE name = 'tickets_holding_details'",
                "tickets_holding_details");
  /* Destroying a student finds what refers to their rows by index. */
  assert_query (store, "SELECT count (*) FROM cases.sqlite_master WHERE name IN ('case_entries_corrects',"
                       " 'consents_withdraws', 'breaches_corrects', 'tickets_appointment', 'conflicts_student',"
                       " 'case_entries_student')",
                "6");
  /* Subject access: withheld passages and the register, empty. */
  assert_query (store, "SELECT count (*) FROM cases.withheld_passages", "0");
  assert_query (store, "SELECT count (*) FROM cases.access_requests", "0");
  assert_query (store, "SELECT count (*) FROM cases.sqlite_master WHERE name IN ('withheld_passages_student',"
                       " 'access_requests_student', 'access_requests_open')",
                "3");
  /* Folded rows keep a drop-in's wait; a report finds a range's entries
   * by their time. */
  assert_query (store, "SELECT name FROM cases.sqlite_master WHERE name = 'folded_statistics'"
                       " AND sql LIKE '%wait_minutes INTEGER%' AND sql LIKE '%waiters INTEGER%'"
                       " AND sql LIKE '%waiter_since TEXT%'", "folded_statistics");
  assert_query (store, "SELECT name FROM cases.sqlite_master WHERE name = 'case_entries_created'",
                "case_entries_created");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cf_crypto_init ();
  /* Every version before the current one has a stored database. */
  for (int v = 1; v < SINGLE_DATABASE_VERSION; v++)
    {
      g_autofree char *path = g_strdup_printf ("/migrations/from-v%d", v);
      g_test_add_data_func (path, GINT_TO_POINTER (v), test_version);
    }
  g_test_add_func ("/migrations/newer", test_newer_database_is_left_alone);
  g_test_add_func ("/migrations/case-data-moves-out", test_case_data_moves_out);
  g_test_add_func ("/migrations/machine-revocation", test_machine_revocation);
  g_test_add_func ("/migrations/audit-heads", test_audit_heads);
  g_test_add_func ("/migrations/case-database-steps", test_case_database_steps);
  return g_test_run ();
}
