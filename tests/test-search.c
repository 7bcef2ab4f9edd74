/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-case-entries.h"
#include "cf-conflicts.h"
#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-search.h"
#include "cf-services.h"
#include "cf-session-private.h"
#include "cf-students.h"
#include "cf-sync.h"
#include "cf-test-util.h"
#include "cf-users.h"

typedef struct {
  char      *data_dir;
  CfSession *adviser;
  CfSession *manager;
  char      *zanele;
  char      *tomos;
} Fixture;

static char *
add_student (CfSession  *session,
             const char *name,
             const char *number,
             const char *email)
{
  g_autoptr(CfStudent) student = cf_student_new ();
  g_autoptr(GError) error = NULL;

  g_object_set (student, "name", name, "student-number", number, "email", email, NULL);
  cf_students_add (session, student, &error);
  g_assert_no_error (error);
  return g_strdup (cf_student_get_id (student));
}

static void
add_entry (CfSession  *session,
           const char *student_id,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCaseEntry) entry = cf_case_entries_add (session, student_id, CF_ENTRY_NOTE, text,
                                                      NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->data_dir = cf_test_make_office ();
  f->adviser = cf_test_sign_in (f->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  f->manager = cf_test_sign_in (f->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  f->zanele = add_student (f->adviser, "Zanele Okonkwo", "S7731902", "zo123@example.ac.uk");
  f->tomos = add_student (f->adviser, "Tomos Price", "S1000001", "tp@example.ac.uk");
  g_free (add_student (f->adviser, "Okon Ekpo", "S7731000", "okon@example.ac.uk"));
  add_entry (f->adviser, f->zanele, "Discussed the housing appeal with the landlord.");
  add_entry (f->adviser, f->tomos, "Extenuating circumstances form for the exam board.");
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->adviser);
  g_clear_object (&f->manager);
  g_free (f->zanele);
  g_free (f->tomos);
  g_free (f->data_dir);
}

static CfSearchHit *
hit_at (GListModel *hits,
        guint       i)
{
  return g_list_model_get_item (hits, i);
}

static void
test_query_building (void)
{
  struct { const char *text; guint min_prefix; const char *query; } cases[] = {
    { "hous", 3, "\"hous*\"" },
    { "ho", 3, "\"ho\"" },
    { "housing ", 3, "\"housing\"" },
    { "Zanele Oko", 2, "\"zanele\" \"oko*\"" },
    { "NOT \"x\" OR y*", 1, "\"not\" \"x\" \"or\" \"y\"" },
    { "zo123@example", 3, "\"zo123\" \"example*\"" },
    { "Siân", 2, "\"siân*\"" },
    { "  -- ", 1, NULL },
    { "", 1, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = cf_search_build_query (cases[i].text, cases[i].min_prefix);

      g_assert_cmpstr (query, ==, cases[i].query);
    }
}

static void
test_students_by_name_number_email (Fixture      *f,
                                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  struct { const char *text; const char *first; guint n; } cases[] = {
    { "zanele", "Zanele Okonkwo", 1 },
    { "Oko", "Okon Ekpo", 2 },                /* a prefix: Okon, Okonkwo */
    { "S7731902", "Zanele Okonkwo", 1 },
    { "S7731", "Okon Ekpo", 2 },
    { "zo123", "Zanele Okonkwo", 1 },
    { "nobody", NULL, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean more = TRUE;
      g_autoptr(GListModel) hits = cf_search_students (f->adviser, cases[i].text, 0, 20, &more, &error);
      g_autoptr(CfSearchHit) first = NULL;

      g_assert_no_error (error);
      g_assert_false (more);
      g_assert_cmpuint (g_list_model_get_n_items (hits), ==, cases[i].n);
      if (cases[i].first == NULL)
        continue;
      first = hit_at (hits, 0);
      g_assert_cmpstr (cf_search_hit_get_kind (first), ==, "student");
      g_assert_cmpstr (cf_search_hit_get_student_name (first), ==, cases[i].first);
    }
}

static void
test_exact_student_id_ranks_first (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_student (f->adviser, "Aaron Able", "S7731", NULL);
  g_autoptr(GListModel) hits = cf_search_students (f->adviser, "s7731", 0, 20, NULL, &error);
  g_autoptr(CfSearchHit) first = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (hits), ==, 3);
  first = hit_at (hits, 0);
  g_assert_cmpstr (cf_search_hit_get_student_id (first), ==, id);
}

static void
test_entries_with_snippets (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 next = -1;
  g_autoptr(GListModel) hits = cf_search_entries (f->adviser, "landl", 0, 20, &next, &error);
  g_autoptr(CfSearchHit) hit = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (next, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (hits), ==, 1);
  hit = hit_at (hits, 0);
  g_assert_cmpstr (cf_search_hit_get_kind (hit), ==, "entry");
  g_assert_cmpstr (cf_search_hit_get_student_id (hit), ==, f->zanele);
  g_assert_cmpstr (cf_search_hit_get_student_name (hit), ==, "Zanele Okonkwo");
  g_assert_nonnull (strstr (cf_search_hit_get_snippet (hit), "landlord"));
  g_assert_nonnull (cf_search_hit_get_entry_id (hit));
  g_clear_object (&hits);

  /* Two letters are not yet a prefix for entries. */
  hits = cf_search_entries (f->adviser, "la", 0, 20, &next, &error);
  g_assert_cmpuint (g_list_model_get_n_items (hits), ==, 0);
}

static void
test_entries_page_newest_first (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 next = 0;
  guint pages = 0;

  for (int i = 0; i < 45; i++)
    {
      g_autofree char *text = g_strdup_printf ("Appeal letter number %d drafted.", i);
      add_entry (f->adviser, i % 2 ? f->zanele : f->tomos, text);
    }
  do
    {
      g_autoptr(GListModel) hits = cf_search_entries (f->adviser, "appeal letter", next, 20, &next, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < g_list_model_get_n_items (hits); i++)
        {
          g_autoptr(CfSearchHit) hit = hit_at (hits, i);
          g_assert_true (g_hash_table_add (seen, g_strdup (cf_search_hit_get_entry_id (hit))));
          /* Newest first: the first hit of all is the last note written. */
          if (pages == 0 && i == 0)
            g_assert_nonnull (strstr (cf_search_hit_get_snippet (hit), "44"));
        }
      pages++;
    }
  while (next != 0 && pages < 10);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 45);
}

static void
test_leaves_out_who_the_user_may_not_see (Fixture      *f,
                                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) students = NULL, entries = NULL;
  g_autoptr(CfSession) restricted = NULL;
  g_autofree char *adviser_id = cf_users_find_id (f->manager, CF_TEST_ADVISER, &error);

  g_assert_true (cf_conflicts_declare (f->adviser, f->zanele, NULL, &error));
  g_assert_no_error (error);
  students = cf_search_students (f->adviser, "zanele", 0, 20, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (students), ==, 0);
  entries = cf_search_entries (f->adviser, "landlord", 0, 20, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 0);
  g_clear_object (&students);
  g_clear_object (&entries);

  /* A restricted officer sees only students of their service. */
  g_assert_true (cf_services_set_user_service (f->manager, adviser_id, "women's service", &error));
  g_assert_true (cf_services_set_student_group (f->manager, f->tomos, "women's service", &error));
  g_assert_no_error (error);
  restricted = cf_test_sign_in (f->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  students = cf_search_students (restricted, "example", 0, 20, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (students), ==, 1);
  entries = cf_search_entries (restricted, "exam board", 0, 20, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 1);
}

/* The audit log has the search and whom it showed, never the words. */
static void
test_audited_without_the_words (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) students = cf_search_students (f->adviser, "Okonkwo", 0, 20, NULL, &error);
  g_autoptr(GListModel) entries = cf_search_entries (f->adviser, "housing", 0, 20, NULL, &error);
  CfStore *store = cf_session_get_store (f->adviser);
  g_autoptr(CfStoreLock) lock = NULL;
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "searched", NULL), ==, 2);
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "search-result-shown", f->zanele), ==, 2);
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "search-result-shown", f->tomos), ==, 0);
  lock = _cf_store_lock (store);
  stmt = _cf_store_prepare (store,
      "SELECT count(*) FROM audit WHERE coalesce (detail, '') LIKE '%okonkwo%'"
      " OR coalesce (detail, '') LIKE '%housing%'", &error);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_reset (stmt);
}

static void
test_administrator_cannot_search (Fixture      *f,
                                  gconstpointer data)
{
  g_autoptr(CfSession) admin = cf_test_sign_in (f->data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) hits = cf_search_students (admin, "zanele", 0, 20, NULL, &error);

  g_assert_null (hits);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  hits = cf_search_entries (admin, "landlord", 0, 20, NULL, &error);
  g_assert_null (hits);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
}

static guint
count_students (CfSession  *session,
                const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) hits = cf_search_students (session, text, 0, 20, NULL, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (hits);
}

static void
sync_desk (CfSession  *session,
           const char *sync_dir)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  cf_sync_run (session, sync_dir, &report, &error);
  g_assert_no_error (error);
  cf_sync_report_clear (&report);
}

/* What arrives from another desk is found as what was typed here is: new
 * students and entries are indexed as a segment is applied, and a changed
 * name is found by its new words only. */
static void
test_replicated_rows_are_found (Fixture      *f,
                                gconstpointer data)
{
  g_autofree char *sync_dir = NULL, *other_dir = NULL;
  g_autoptr(CfSession) other = NULL;
  g_autoptr(CfStudent) student = NULL;
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(CfNodeConfig) config = cf_node_config_load (f->data_dir, NULL);
    sync_dir = g_strdup (config->sync_dir);
  }
  other_dir = cf_test_join_desk (f->manager, sync_dir);
  other = cf_test_sign_in (other_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);

  /* After the snapshot: a student and a note written on desk A. */
  g_free (add_student (f->adviser, "Ifeoma Adeyemi", "S5550001", NULL));
  sync_desk (f->adviser, sync_dir);
  sync_desk (other, sync_dir);
  g_assert_cmpuint (count_students (other, "ifeoma"), ==, 1);
  g_assert_cmpuint (count_students (other, "zanele"), ==, 1);
  entries = cf_search_entries (other, "landlord", 0, 20, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 1);

  student = cf_students_get (f->adviser, f->tomos, &error);
  g_assert_no_error (error);
  g_object_set (student, "name", "Tomos Rhys", NULL);
  g_assert_true (cf_students_update (f->adviser, student, &error));
  sync_desk (f->adviser, sync_dir);
  sync_desk (other, sync_dir);
  g_assert_cmpuint (count_students (other, "rhys"), ==, 1);
  g_assert_cmpuint (count_students (other, "tomos"), ==, 1);
  g_assert_cmpuint (count_students (other, "price"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search/query", test_query_building);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/search/students", test_students_by_name_number_email);
  ADD ("/search/exact-id-first", test_exact_student_id_ranks_first);
  ADD ("/search/entries", test_entries_with_snippets);
  ADD ("/search/entries-paged", test_entries_page_newest_first);
  ADD ("/search/visibility", test_leaves_out_who_the_user_may_not_see);
  ADD ("/search/audit", test_audited_without_the_words);
  ADD ("/search/administrator", test_administrator_cannot_search);
  ADD ("/search/replicated", test_replicated_rows_are_found);
#undef ADD
  return g_test_run ();
}
