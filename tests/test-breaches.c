/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-breaches.h"
#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-test-util.h"
#include "cf-users.h"

typedef struct {
  char      *data_dir;
  CfSession *adviser;
  CfSession *manager;
  char      *student_id;
  char      *adviser_id;
  char      *manager_id;
  char      *admin_id;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->data_dir = cf_test_make_office ();
  f->adviser = cf_test_sign_in (f->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  f->manager = cf_test_sign_in (f->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  f->student_id = cf_test_add_student (f->adviser, "Aroha Ngata");
  f->adviser_id = cf_users_find_id (f->manager, CF_TEST_ADVISER, &error);
  f->manager_id = cf_users_find_id (f->manager, CF_TEST_MANAGER, &error);
  f->admin_id = cf_users_find_id (f->manager, CF_TEST_ADMIN, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->adviser);
  g_clear_object (&f->manager);
  g_free (f->student_id);
  g_free (f->adviser_id);
  g_free (f->manager_id);
  g_free (f->admin_id);
  g_free (f->data_dir);
}

static CfBreach *
complete_draft (Fixture *f)
{
  CfBreach *draft = cf_breach_new ();
  const char *consulted[] = { f->manager_id, NULL };

  g_object_set (draft, "student-id", f->student_id,
                "outline", "The student described a plan to harm a housemate.",
                "reason", "A serious and imminent risk to another person's safety.",
                "ground", "risk-to-others",
                "purpose", "The housemate is protected tonight.",
                "disclosed-to", "Campus security",
                "student-informed", "told",
                "informed-at", g_get_real_time () / G_USEC_PER_SEC - 3600,
                NULL);
  cf_breach_set_consulted (draft, consulted);
  return draft;
}

static gboolean
has_problem (GPtrArray    *problems,
             CfBreachField field)
{
  for (guint i = 0; i < problems->len; i++)
    if (((CfBreachProblem *) problems->pdata[i])->field == field)
      return TRUE;
  return FALSE;
}

static void
test_every_missing_item_has_its_sentence (Fixture      *f,
                                          gconstpointer data)
{
  g_autoptr(CfBreach) draft = cf_breach_new ();
  g_autoptr(GPtrArray) problems = cf_breach_check (draft, f->adviser_id, g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(GHashTable) sentences = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfBreach) saved = NULL;
  g_autoptr(GListModel) records = NULL;
  CfBreachField expected[] = {
    CF_BREACH_FIELD_STUDENT, CF_BREACH_FIELD_OUTLINE, CF_BREACH_FIELD_REASON, CF_BREACH_FIELD_GROUND,
    CF_BREACH_FIELD_CONSULTED, CF_BREACH_FIELD_PURPOSE, CF_BREACH_FIELD_DISCLOSED_TO,
    CF_BREACH_FIELD_STUDENT_INFORMED,
  };

  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < problems->len; i++)
    {
      CfBreachProblem *problem = problems->pdata[i];

      g_assert_cmpint (problem->field, ==, expected[i]);
      g_assert_true (g_hash_table_add (sentences, problem->sentence));   /* each its own */
      g_assert_true (g_str_has_suffix (problem->sentence, "."));
    }

  /* The store refuses it too, with every sentence, and saves nothing. */
  g_object_set (draft, "student-id", f->student_id, NULL);
  saved = cf_breaches_add (f->adviser, draft, &error);
  g_assert_null (saved);
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  for (guint i = 1; i < problems->len; i++)
    g_assert_nonnull (strstr (error->message, ((CfBreachProblem *) problems->pdata[i])->sentence));
  g_clear_error (&error);
  records = cf_breaches_list (f->adviser, f->student_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 0);
}

static void
test_conditional_items (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(CfBreach) draft = complete_draft (f);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *only_me[] = { f->adviser_id, NULL };
  GPtrArray *problems;

  problems = cf_breach_check (draft, f->adviser_id, now);
  g_assert_cmpuint (problems->len, ==, 0);
  g_ptr_array_unref (problems);

  /* A legal duty needs its reference. */
  g_object_set (draft, "ground", "terrorism", NULL);
  problems = cf_breach_check (draft, f->adviser_id, now);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (has_problem (problems, CF_BREACH_FIELD_LEGAL_REFERENCE));
  g_ptr_array_unref (problems);
  g_object_set (draft, "legal-reference", "Terrorism Act 2000, section 38B", NULL);
  problems = cf_breach_check (draft, f->adviser_id, now);
  g_assert_cmpuint (problems->len, ==, 0);
  g_ptr_array_unref (problems);

  /* Told or asked: a date, not in the future.  Not told: none. */
  g_object_set (draft, "informed-at", (gint64) 0, NULL);
  problems = cf_breach_check (draft, f->adviser_id, now);
  g_assert_true (has_problem (problems, CF_BREACH_FIELD_INFORMED_AT));
  g_ptr_array_unref (problems);
  g_object_set (draft, "informed-at", now + 7 * 24 * 3600, NULL);
  problems = cf_breach_check (draft, f->adviser_id, now);
  g_assert_true (has_problem (problems, CF_BREACH_FIELD_INFORMED_AT));
  g_ptr_array_unref (problems);
  g_object_set (draft, "student-informed", "not-told", NULL);
  problems = cf_breach_check (draft, f->adviser_id, now);
  g_assert_cmpuint (problems->len, ==, 0);
  g_ptr_array_unref (problems);

  /* Consulting only oneself is not consulting. */
  cf_breach_set_consulted (draft, only_me);
  problems = cf_breach_check (draft, f->adviser_id, now);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (has_problem (problems, CF_BREACH_FIELD_CONSULTED));
  g_ptr_array_unref (problems);
}

static void
test_consulted_must_be_an_adviser (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr(CfBreach) draft = complete_draft (f);
  g_autoptr(CfBreach) saved = NULL;
  g_autoptr(GError) error = NULL;
  const char *admin[] = { f->admin_id, NULL };
  const char *nobody[] = { "00000000-0000-4000-8000-000000000000", NULL };

  cf_breach_set_consulted (draft, admin);
  saved = cf_breaches_add (f->adviser, draft, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  cf_breach_set_consulted (draft, nobody);
  saved = cf_breaches_add (f->adviser, draft, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
}

static void
test_saved_listed_audited_append_only (Fixture      *f,
                                       gconstpointer data)
{
  g_autoptr(CfBreach) draft = complete_draft (f);
  g_autoptr(CfBreach) saved = NULL, listed = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL, *author = NULL, *reference = NULL;
  gint64 informed_at;

  /* A reference the ground does not call for is not kept. */
  g_object_set (draft, "legal-reference", "irrelevant", NULL);
  saved = cf_breaches_add (f->adviser, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "breach-recorded", f->student_id), ==, 1);
  g_assert_cmpuint (cf_test_count_outbox (f->adviser, "breach", cf_breach_get_id (saved)), ==, 1);

  records = cf_breaches_list (f->manager, f->student_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 1);
  listed = g_list_model_get_item (records, 0);
  g_object_get (listed, "consulted-names", &names, "author-name", &author,
                "legal-reference", &reference, "informed-at", &informed_at, NULL);
  g_assert_cmpstr (names, ==, CF_TEST_MANAGER);
  g_assert_cmpstr (author, ==, CF_TEST_ADVISER);
  g_assert_null (reference);
  g_assert_cmpint (informed_at, >, 0);
  g_assert_cmpuint (cf_test_count_audit (f->manager, "breaches-read", f->student_id), ==, 1);

  {
    CfStore *store = cf_session_get_store (f->adviser);
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

    g_assert_false (_cf_store_exec (store, "UPDATE breaches SET outline = 'changed'", &error));
    g_assert_nonnull (error);
  }
}

static void
test_corrections_refer_to_the_record (Fixture      *f,
                                      gconstpointer data)
{
  g_autoptr(CfBreach) draft = complete_draft (f);
  g_autoptr(CfBreach) saved = NULL, correction = NULL, older = NULL, newer = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other = cf_test_add_student (f->adviser, "Someone Else");
  gboolean corrected;

  saved = cf_breaches_add (f->adviser, draft, &error);
  g_assert_no_error (error);
  g_object_set (draft, "disclosed-to", "Police", "corrects-id", cf_breach_get_id (saved), NULL);
  correction = cf_breaches_add (f->adviser, draft, &error);
  g_assert_no_error (error);

  records = cf_breaches_list (f->adviser, f->student_id, &error);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 2);
  newer = g_list_model_get_item (records, 0);
  older = g_list_model_get_item (records, 1);
  g_object_get (older, "corrected", &corrected, NULL);
  g_assert_true (corrected);
  g_object_get (newer, "corrected", &corrected, NULL);
  g_assert_false (corrected);

  /* Not across students. */
  g_clear_object (&correction);
  g_object_set (draft, "student-id", other, NULL);
  correction = cf_breaches_add (f->adviser, draft, &error);
  g_assert_null (correction);
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
}

/* One situation may rest on several grounds; the record keeps each once,
 * in the list's order, with ground the first for older readers. */
static void
test_several_grounds (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(CfBreach) draft = complete_draft (f);
  g_autoptr(CfBreach) saved = NULL, listed = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_auto(GStrv) kept = NULL;
  g_autofree char *ground = NULL, *reference = NULL;
  const char *chosen[] = { "safeguarding-children", "risk-to-others", "risk-to-others", NULL };
  const char *unknown[] = { "risk-to-others", "curiosity", NULL };

  cf_breach_set_grounds (draft, unknown);
  problems = cf_breach_check (draft, f->adviser_id, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (has_problem (problems, CF_BREACH_FIELD_GROUND));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A legal ground among them calls for the reference. */
  cf_breach_set_grounds (draft, chosen);
  problems = cf_breach_check (draft, f->adviser_id, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (has_problem (problems, CF_BREACH_FIELD_LEGAL_REFERENCE));
  g_object_set (draft, "legal-reference", "Children Act 1989, section 47", NULL);
  saved = cf_breaches_add (f->adviser, draft, &error);
  g_assert_no_error (error);

  records = cf_breaches_list (f->manager, f->student_id, &error);
  g_assert_no_error (error);
  listed = g_list_model_get_item (records, 0);
  kept = cf_breach_dup_grounds (listed);
  g_assert_cmpuint (g_strv_length (kept), ==, 2);
  g_assert_cmpstr (kept[0], ==, "risk-to-others");
  g_assert_cmpstr (kept[1], ==, "safeguarding-children");
  g_object_get (listed, "ground", &ground, "legal-reference", &reference, NULL);
  g_assert_cmpstr (ground, ==, "risk-to-others");
  g_assert_cmpstr (reference, ==, "Children Act 1989, section 47");
}

/* An adviser alone in an emergency records that there was no time to
 * consult, and why; the consultation comes later as a correction. */
static void
test_no_time_to_consult_then_consulted (Fixture      *f,
                                        gconstpointer data)
{
  g_autoptr(CfBreach) draft = complete_draft (f);
  g_autoptr(CfBreach) saved = NULL, correction = NULL, newer = NULL, older = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *why = NULL, *names = NULL, *later_why = NULL, *corrects = NULL;
  const char *consulted[] = { f->manager_id, NULL };
  gboolean corrected;

  /* Nobody consulted and no reason: still missing. */
  cf_breach_set_consulted (draft, NULL);
  problems = cf_breach_check (draft, f->adviser_id, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (has_problem (problems, CF_BREACH_FIELD_CONSULTED));
  g_assert_nonnull (strstr (((CfBreachProblem *) problems->pdata[0])->sentence, "no time"));
  g_object_set (draft, "unconsulted-reason", "Alone in the office at 19:00; an ambulance was needed at once.",
                NULL);
  saved = cf_breaches_add (f->adviser, draft, &error);
  g_assert_no_error (error);

  /* The next morning: the same record, now with the colleague consulted. */
  g_object_set (draft, "corrects-id", cf_breach_get_id (saved), NULL);
  cf_breach_set_consulted (draft, consulted);
  correction = cf_breaches_add (f->adviser, draft, &error);
  g_assert_no_error (error);

  records = cf_breaches_list (f->manager, f->student_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 2);
  newer = g_list_model_get_item (records, 0);
  older = g_list_model_get_item (records, 1);
  g_object_get (older, "unconsulted-reason", &why, "corrected", &corrected, NULL);
  g_assert_cmpstr (why, ==, "Alone in the office at 19:00; an ambulance was needed at once.");
  g_assert_true (corrected);
  g_object_get (newer, "consulted-names", &names, "unconsulted-reason", &later_why,
                "corrects-id", &corrects, NULL);
  g_assert_cmpstr (names, ==, CF_TEST_MANAGER);
  g_assert_null (later_why);
  g_assert_cmpstr (corrects, ==, cf_breach_get_id (saved));
}

static void
test_colleagues_to_consult (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) colleagues = cf_breaches_colleagues (f->adviser, &error);
  g_autoptr(CfUser) only = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (colleagues), ==, 1);   /* not oneself, not the admin */
  only = g_list_model_get_item (colleagues, 0);
  g_assert_cmpstr (cf_user_get_name (only), ==, CF_TEST_MANAGER);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/breaches/missing-items", test_every_missing_item_has_its_sentence);
  ADD ("/breaches/conditional-items", test_conditional_items);
  ADD ("/breaches/consulted-adviser", test_consulted_must_be_an_adviser);
  ADD ("/breaches/saved-and-listed", test_saved_listed_audited_append_only);
  ADD ("/breaches/corrections", test_corrections_refer_to_the_record);
  ADD ("/breaches/colleagues", test_colleagues_to_consult);
  ADD ("/breaches/several-grounds", test_several_grounds);
  ADD ("/breaches/no-time-to-consult", test_no_time_to_consult_then_consulted);
#undef ADD
  return g_test_run ();
}
