/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit log read back by a manager: filters that combine, pages that
 * give every entry once, entries made on another desk, the chain's state,
 * and an index search behind every filter. */
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "cf-audit-csv.h"
#include "cf-audit-log.h"
#include "cf-audit-private.h"
#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"
#include "cf-students.h"
#include "cf-sync.h"
#include "cf-test-util.h"

#define DAY 86400
/* 1 March 2021: the made-up entries are all older than the real ones. */
#define BASE ((gint64) 1614556800)
#define MADE_UP_MACHINE "made-up-machine"

static const char *const users[] = { "user-one", "user-two" };
static const char *const actions[] = { "student-read", "entry-added" };
static const char *const subjects[] = { "00000000-0000-4000-8000-000000000001",
                                        "00000000-0000-4000-8000-000000000002", NULL };

/* --- made-up entries ----------------------------------------------------- */

/* Entries of another machine, straight into the table as a segment would
 * put them: three days, and on each day every user, action and subject,
 * several in the same second so the page's tie-break is tested too. */
static guint
add_made_up_entries (CfSession *session)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO audit (id, node_id, seq, at, actor_id, action, subject, detail, prev_hash, hash)"
      " VALUES (?, '" MADE_UP_MACHINE "', ?, ?, ?, ?, ?, NULL, 'x', 'x')", NULL);
  guint seq = 0;

  for (int day = 0; day < 3; day++)
    for (gsize u = 0; u < G_N_ELEMENTS (users); u++)
      for (gsize a = 0; a < G_N_ELEMENTS (actions); a++)
        for (gsize s = 0; s < G_N_ELEMENTS (subjects); s++)
          {
            g_autofree char *id = g_uuid_string_random ();

            seq++;
            _cf_bind_text (stmt, 1, id);
            sqlite3_bind_int64 (stmt, 2, seq);
            sqlite3_bind_int64 (stmt, 3, BASE + day * DAY + (gint64) (s % 2) * 60);
            _cf_bind_text (stmt, 4, users[u]);
            _cf_bind_text (stmt, 5, actions[a]);
            _cf_bind_text (stmt, 6, subjects[s]);
            g_assert_true (_cf_store_step_done (store, stmt, NULL));
          }
  return seq;
}

static gboolean
keeps (const CfAuditFilter *filter,
       CfAuditEntry        *entry)
{
  gint64 at = cf_audit_entry_get_at (entry);

  return (filter->from == 0 || at >= filter->from) && (filter->to == 0 || at < filter->to) &&
         (filter->user_id == NULL || g_strcmp0 (filter->user_id, cf_audit_entry_get_user_id (entry)) == 0) &&
         (filter->action == NULL || g_strcmp0 (filter->action, cf_audit_entry_get_action (entry)) == 0) &&
         (filter->subject == NULL || g_strcmp0 (filter->subject, cf_audit_entry_get_subject (entry)) == 0);
}

/* How many made-up entries @filter should keep, counted the slow way. */
static guint
expected (const CfAuditFilter *filter)
{
  guint n = 0;

  for (int day = 0; day < 3; day++)
    for (gsize u = 0; u < G_N_ELEMENTS (users); u++)
      for (gsize a = 0; a < G_N_ELEMENTS (actions); a++)
        for (gsize s = 0; s < G_N_ELEMENTS (subjects); s++)
          {
            gint64 at = BASE + day * DAY + (gint64) (s % 2) * 60;

            n += (filter->from == 0 || at >= filter->from) && (filter->to == 0 || at < filter->to) &&
                 (filter->user_id == NULL || g_str_equal (filter->user_id, users[u])) &&
                 (filter->action == NULL || g_str_equal (filter->action, actions[a])) &&
                 (filter->subject == NULL || g_strcmp0 (filter->subject, subjects[s]) == 0);
          }
  return n;
}

/* --- filters ------------------------------------------------------------- */

static void
assert_filter (CfSession           *manager,
               const CfAuditFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) entries = cf_audit_log_list (manager, filter, NULL,
                                                     CF_AUDIT_LOG_PAGE_MAX, &error);
  guint made_up = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(CfAuditEntry) entry = g_list_model_get_item (entries, i);

      g_assert_true (keeps (filter, entry));
      made_up += g_str_equal (cf_audit_entry_get_machine (entry), MADE_UP_MACHINE);
    }
  g_assert_cmpuint (made_up, ==, expected (filter));
}

/* Every combination of a date range, a user, an action and a student. */
static void
test_filters_combine (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  const gint64 froms[] = { 0, BASE + DAY };
  const gint64 tos[] = { 0, BASE + 2 * DAY + 30 };
  const char *const any_user[] = { NULL, users[1] };
  const char *const any_action[] = { NULL, actions[0] };
  const char *const any_subject[] = { NULL, subjects[0] };

  add_made_up_entries (manager);
  for (int f = 0; f < 2; f++)
    for (int t = 0; t < 2; t++)
      for (int u = 0; u < 2; u++)
        for (int a = 0; a < 2; a++)
          for (int s = 0; s < 2; s++)
            {
              CfAuditFilter filter = { froms[f], tos[t], any_user[u], any_action[a], any_subject[s], FALSE };

              assert_filter (manager, &filter);
            }
}

/* --- paging -------------------------------------------------------------- */

static void
test_pages_give_every_entry_once (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  CfAuditFilter filter = { .to = BASE + 10 * DAY };
  g_autoptr(CfAuditEntry) last = NULL;
  guint n_made_up = add_made_up_entries (manager);
  gint64 previous_at = G_MAXINT64;
  guint pages = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) page = cf_audit_log_list (manager, &filter, last, 5, &error);
      guint n = g_list_model_get_n_items (page);

      g_assert_no_error (error);
      if (n == 0)
        break;
      pages++;
      g_assert_cmpuint (n, <=, 5);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CfAuditEntry) entry = g_list_model_get_item (page, i);
          char *key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, cf_audit_entry_get_machine (entry),
                                       cf_audit_entry_get_seq (entry));

          g_assert_cmpint (cf_audit_entry_get_at (entry), <=, previous_at);
          previous_at = cf_audit_entry_get_at (entry);
          g_assert_true (g_hash_table_add (seen, key));   /* never twice */
          g_set_object (&last, entry);
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, n_made_up);
  g_assert_cmpuint (pages, ==, (n_made_up + 4) / 5);
}

/* --- who may read it ----------------------------------------------------- */

static void
assert_refused (CfSession *session)
{
  CfAuditFilter filter = { 0 };
  g_auto(CfAuditChainState) state = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) entries = cf_audit_log_list (session, &filter, NULL, 10, &error);

  g_assert_null (entries);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (cf_audit_log_reads (session, "someone", NULL, 10, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (cf_audit_log_check (session, &state, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (cf_audit_log_find_user (session, CF_TEST_MANAGER, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
}

static void
test_only_managers (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autoptr(CfSession) admin = cf_test_sign_in (data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *id = cf_test_add_student (adviser, "Someone");
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) reads = NULL;

  assert_refused (adviser);
  assert_refused (admin);
  /* Reading the log is itself in the log, about the student looked at. */
  reads = cf_audit_log_reads (manager, id, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_test_count_audit (manager, "audit-read", id), ==, 1);
}

/* A name typed where the student's id goes is refused before anything is
 * read or written: the audit log replicates and is never destroyed. */
static void
test_subject_must_be_an_id (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *path = g_build_filename (data_dir, "audit.csv", NULL);
  CfAuditFilter filter = { .subject = "Read Elsewhere" };
  g_autoptr(GError) error = NULL;
  guint reads = cf_test_count_audit (manager, "audit-read", NULL);

  g_assert_null (cf_audit_log_list (manager, &filter, NULL, 10, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (cf_audit_log_reads (manager, "Read Elsewhere", NULL, 10, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (cf_audit_log_export (manager, &filter, 0, path, NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (cf_test_count_audit (manager, "audit-read", NULL), ==, reads);
  g_assert_cmpuint (cf_test_count_audit (manager, "audit-read", "Read Elsewhere"), ==, 0);
  g_assert_cmpuint (cf_test_count_audit (manager, "audit-exported", NULL), ==, 0);
}

/* --- export -------------------------------------------------------------- */

static guint
count_lines (const char *path)
{
  g_autofree char *text = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  for (const char *p = text; (p = strstr (p, "\r\n")) != NULL; p += 2)
    n++;
  return n;
}

/* Every entry in one file, private to its owner, and one audit entry for
 * the export (the count, no audit-read per page); a limit is kept. */
static void
test_export (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autofree char *path = g_build_filename (data_dir, "audit.csv", NULL);
  g_autofree char *detail = NULL;
  CfAuditFilter all = { .to = BASE + 10 * DAY };
  CfAuditFilter one = { .subject = subjects[0] };
  guint n_made_up = add_made_up_entries (manager);
  guint reads = cf_test_count_audit (manager, "audit-read", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  guint n = 0;

  g_assert_false (cf_audit_log_export (adviser, &all, 0, path, &n, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_true (cf_audit_log_export (manager, &all, 0, path, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, n_made_up);
  g_assert_cmpuint (count_lines (path), ==, n_made_up + 1);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (cf_test_count_audit (manager, "audit-exported", NULL), ==, 1);
  g_assert_cmpuint (cf_test_count_audit (manager, "audit-read", NULL), ==, reads);

  g_assert_true (cf_audit_log_export (manager, &one, 5, path, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpuint (count_lines (path), ==, 6);
  g_assert_cmpuint (cf_test_count_audit (manager, "audit-exported", subjects[0]), ==, 1);
}

/* --- another desk -------------------------------------------------------- */

static void
sync_desk (CfSession  *session,
           const char *sync_dir)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  g_assert_true (cf_sync_run (session, sync_dir, &report, &error));
  g_assert_no_error (error);
  cf_sync_report_clear (&report);
}

static const char *
node_of (CfSession *session)
{
  const char *node = NULL;

  g_assert_true (_cf_settings_get_node_id (cf_session_get_store (session), &node, NULL));
  return node;
}

/* Whether @entries hold a read of @student_id by @user_id on @machine. */
static gboolean
holds_read (GListModel *entries,
            const char *student_id,
            const char *user_id,
            const char *machine)
{
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(CfAuditEntry) entry = g_list_model_get_item (entries, i);

      if (g_str_equal (cf_audit_entry_get_action (entry), "student-read") &&
          g_strcmp0 (cf_audit_entry_get_subject (entry), student_id) == 0 &&
          g_strcmp0 (cf_audit_entry_get_user_id (entry), user_id) == 0 &&
          g_str_equal (cf_audit_entry_get_machine (entry), machine))
        return TRUE;
    }
  return FALSE;
}

static void
test_reads_on_another_desk (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(CfNodeConfig) config = cf_node_config_load (data_dir, NULL);
  g_autofree char *id = cf_test_add_student (manager, "Read Elsewhere");
  g_autofree char *other_dir = cf_test_join_desk (manager, config->sync_dir);
  g_autoptr(CfSession) other = cf_test_sign_in (other_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(CfStudent) student = NULL;
  CfAuditFilter filter = { .subject = id, .action = "student-read",
                           .user_id = cf_session_get_user_id (manager) };
  g_autoptr(GListModel) before = NULL, reads = NULL, filtered = NULL;
  g_autoptr(CfAuditEntry) first = NULL;
  g_autoptr(GError) error = NULL;

  sync_desk (manager, config->sync_dir);
  sync_desk (other, config->sync_dir);
  student = cf_students_get (other, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (student);
  g_assert_cmpstr (node_of (manager), !=, node_of (other));
  before = cf_audit_log_reads (manager, id, NULL, 50, &error);
  g_assert_false (holds_read (before, id, cf_session_get_user_id (manager), node_of (other)));
  sync_desk (other, config->sync_dir);
  sync_desk (manager, config->sync_dir);
  reads = cf_audit_log_reads (manager, id, NULL, 50, &error);
  g_assert_no_error (error);
  g_assert_true (holds_read (reads, id, cf_session_get_user_id (manager), node_of (other)));
  first = g_list_model_get_item (reads, 0);
  g_assert_cmpstr (cf_audit_entry_get_user_name (first), ==, CF_TEST_MANAGER);
  filtered = cf_audit_log_list (manager, &filter, NULL, 50, &error);
  g_assert_true (holds_read (filtered, id, cf_session_get_user_id (manager), node_of (other)));
  filter.user_id = "somebody-else";
  g_clear_object (&filtered);
  filtered = cf_audit_log_list (manager, &filter, NULL, 50, &error);
  g_assert_cmpuint (g_list_model_get_n_items (filtered), ==, 0);
}

/* --- the chain's state --------------------------------------------------- */

static void
test_chain_state (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *id = cf_test_add_student (manager, "Someone");
  CfStore *store = cf_session_get_store (manager);
  g_auto(CfAuditChainState) state = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_audit_log_check (manager, &state, &error));
  g_assert_no_error (error);
  g_assert_null (state.problem);
  g_assert_null (state.machine);
  g_assert_cmpuint (state.n_entries, >, 0);
  cf_audit_chain_state_clear (&state);
  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

    g_assert_true (_cf_store_exec (store, "DROP TRIGGER IF EXISTS audit_no_update;"
                                          "UPDATE audit SET actor_id = 'someone-else' WHERE seq = 2", &error));
  }
  g_assert_true (cf_audit_log_check (manager, &state, &error));
  g_assert_no_error (error);
  g_assert_nonnull (state.problem);
  g_assert_cmpstr (state.machine, ==, node_of (manager));
  g_assert_cmpint (state.seq, ==, 2);
}

/* --- index searches ------------------------------------------------------ */

/* The plan of @filter's statement searches @index and never sorts: the
 * first page of one student's audit is an index search among millions. */
static void
assert_plan (CfSession           *manager,
             const CfAuditFilter *filter,
             const char          *index)
{
  sqlite3 *db = _cf_store_get_db (cf_session_get_store (manager));
  g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", _cf_audit_list_sql (filter), NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  g_test_message ("%s", plan->str);
  g_assert_nonnull (strstr (plan->str, index));
  g_assert_null (strstr (plan->str, "TEMP B-TREE"));
  g_assert_null (strstr (plan->str, "SCAN TABLE audit AS a\n"));
}

static void
test_every_filter_searches_an_index (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  CfAuditFilter by_student = { .subject = "s", .user_id = "u", .action = "a", .from = 1 };
  CfAuditFilter by_user = { .user_id = "u", .action = "a", .to = 1 };
  CfAuditFilter by_action = { .action = "a", .from = 1 };
  CfAuditFilter by_time = { .from = 1, .to = 2 };

  assert_plan (manager, &by_student, "audit_subject");
  assert_plan (manager, &by_user, "audit_actor");
  assert_plan (manager, &by_action, "audit_action");
  assert_plan (manager, &by_time, "audit_at");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit-log/filters-combine", test_filters_combine);
  g_test_add_func ("/audit-log/pages", test_pages_give_every_entry_once);
  g_test_add_func ("/audit-log/only-managers", test_only_managers);
  g_test_add_func ("/audit-log/subject-must-be-an-id", test_subject_must_be_an_id);
  g_test_add_func ("/audit-log/export", test_export);
  g_test_add_func ("/audit-log/another-desk", test_reads_on_another_desk);
  g_test_add_func ("/audit-log/chain-state", test_chain_state);
  g_test_add_func ("/audit-log/index-searches", test_every_filter_searches_an_index);
  return g_test_run ();
}
