/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-breaches.h"
#include "cf-case-entries.h"
#include "cf-conflicts.h"
#include "cf-consents.h"
#include "cf-error.h"
#include "cf-feed.h"
#include "cf-session-private.h"
#include "cf-students.h"
#include "cf-test-util.h"
#include "cf-users.h"

typedef struct {
  char      *data_dir;
  CfSession *adviser;
  CfSession *manager;
  char      *student_id;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->data_dir = cf_test_make_office ();
  f->adviser = cf_test_sign_in (f->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  f->manager = cf_test_sign_in (f->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  f->student_id = cf_test_add_student (f->adviser, "Zanele Okonkwo");
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->adviser);
  g_clear_object (&f->manager);
  g_free (f->student_id);
  g_free (f->data_dir);
}

/* An action with the party goes in only while something covers it. */
static gboolean
can_act_with (Fixture    *f,
              const char *party,
              GError    **error)
{
  g_autoptr(CfCaseEntry) entry = cf_case_entries_add (f->adviser, f->student_id, CF_ENTRY_ACTION,
                                                      "Wrote to them about the deadline.",
                                                      party, NULL, error);
  return entry != NULL;
}

static CfConsent *
find_party (GListModel *consents,
            const char *party)
{
  for (guint i = 0; i < g_list_model_get_n_items (consents); i++)
    {
      g_autoptr(CfConsent) consent = g_list_model_get_item (consents, i);

      if (g_strcmp0 (cf_consent_get_third_party (consent), party) == 0)
        return g_steal_pointer (&consent);
    }
  return NULL;
}

static void
test_sources_and_their_conditions (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfConsent) consent = NULL;
  g_autoptr(JsonObject) feed = NULL;

  /* Verbal: only with a written note of what the student agreed to. */
  consent = cf_consents_record (f->adviser, f->student_id, "health", CF_CONSENT_SOURCE_VERBAL,
                                NULL, NULL, &error);
  g_assert_null (consent);
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "note of what the student agreed to"));
  g_clear_error (&error);
  consent = cf_consents_record (f->adviser, f->student_id, "health", CF_CONSENT_SOURCE_VERBAL,
                                NULL, "   ", &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Kiosk: the wording seen, which must exist. */
  consent = cf_consents_record (f->adviser, f->student_id, "college-tutor", CF_CONSENT_SOURCE_KIOSK,
                                NULL, NULL, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  consent = cf_consents_record (f->adviser, f->student_id, "college-tutor", CF_CONSENT_SOURCE_KIOSK,
                                "99", NULL, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  feed = cf_feed_build (f->adviser, &error);   /* stores the wording it offers, version 1 */
  g_assert_no_error (error);
  consent = cf_consents_record (f->adviser, f->student_id, "college-tutor", CF_CONSENT_SOURCE_KIOSK,
                                "1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_consent_get_source (consent), ==, "kiosk");
  g_clear_object (&consent);

  consent = cf_consents_record (f->adviser, f->student_id, "health", CF_CONSENT_SOURCE_VERBAL,
                                NULL, "Agreed on the phone that we may call the counselling service.", &error);
  g_assert_no_error (error);
  g_assert_true (cf_consent_is_current (consent));
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "consent-recorded", f->student_id), ==, 2);
  g_assert_cmpuint (cf_test_count_outbox (f->adviser, "consent", cf_consent_get_id (consent)), ==, 1);
}

static void
test_cover_follows_consent_and_withdrawal (Fixture      *f,
                                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfConsent) first = NULL, second = NULL, state = NULL;
  g_autoptr(GListModel) consents = NULL;

  g_assert_false (can_act_with (f, "department", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NO_CONSENT);
  g_assert_nonnull (strstr (error->message, "Department or faculty"));
  g_clear_error (&error);

  first = cf_consents_record (f->adviser, f->student_id, "department", CF_CONSENT_SOURCE_WRITTEN,
                              NULL, NULL, &error);
  g_assert_no_error (error);
  second = cf_consents_record (f->manager, f->student_id, "Department", CF_CONSENT_SOURCE_EMAIL,
                               NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (can_act_with (f, "department", &error));
  g_assert_no_error (error);
  /* Parties compare without regard to case. */
  g_assert_true (can_act_with (f, "DEPARTMENT", &error));
  g_assert_no_error (error);

  /* Withdrawing one grant withdraws the party: both rows get a withdrawal. */
  g_assert_true (cf_consents_withdraw (f->adviser, cf_consent_get_id (first), CF_CONSENT_SOURCE_EMAIL,
                                       NULL, &error));
  g_assert_no_error (error);
  g_assert_false (can_act_with (f, "department", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NO_CONSENT);
  g_clear_error (&error);
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "consent-withdrawn", f->student_id), ==, 2);

  g_assert_false (cf_consents_withdraw (f->adviser, cf_consent_get_id (second), CF_CONSENT_SOURCE_EMAIL,
                                        NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_EXISTS);
  g_clear_error (&error);

  consents = cf_consents_list (f->adviser, f->student_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (consents), ==, 1);
  state = g_list_model_get_item (consents, 0);
  g_assert_false (cf_consent_is_current (state));
  {
    g_autofree char *withdrawal_source = NULL;
    g_autofree char *withdrawn_by = NULL;
    gint64 withdrawn_at;

    g_object_get (state, "withdrawal-source", &withdrawal_source, "withdrawn-by-name", &withdrawn_by,
                  "withdrawn-at", &withdrawn_at, NULL);
    g_assert_cmpstr (withdrawal_source, ==, "email");
    g_assert_cmpstr (withdrawn_by, ==, CF_TEST_ADVISER);
    g_assert_cmpint (withdrawn_at, >, 0);
  }

  /* A new permission after the withdrawal stands again. */
  g_clear_object (&first);
  first = cf_consents_record (f->adviser, f->student_id, "department", CF_CONSENT_SOURCE_WRITTEN,
                              NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (can_act_with (f, "department", &error));
  g_clear_object (&consents);
  consents = cf_consents_list (f->adviser, f->student_id, &error);
  g_clear_object (&state);
  state = g_list_model_get_item (consents, 0);
  g_assert_true (cf_consent_is_current (state));
  g_assert_cmpstr (cf_consent_get_id (state), ==, cf_consent_get_id (first));
}

static void
test_list_one_state_per_party (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) consents = NULL;
  g_autoptr(CfConsent) health = NULL, tutor = NULL;
  const char *parties[] = { "health", "college-tutor", "Citizens Advice", "health" };

  for (gsize i = 0; i < G_N_ELEMENTS (parties); i++)
    {
      g_autoptr(CfConsent) consent = cf_consents_record (f->adviser, f->student_id, parties[i],
                                                         CF_CONSENT_SOURCE_WRITTEN, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  consents = cf_consents_list (f->adviser, f->student_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (consents), ==, 3);
  health = find_party (consents, "health");
  tutor = find_party (consents, "college-tutor");
  g_assert_true (cf_consent_is_current (health));
  g_assert_true (cf_consent_is_current (tutor));
  g_assert_cmpstr (cf_consents_party_label ("college-tutor"), ==, "College tutor");
  g_assert_cmpstr (cf_consents_party_label ("Citizens Advice"), ==, "Citizens Advice");
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "consents-read", f->student_id), ==, 1);
}

/* One permission, several parties: a consent for each, recorded together
 * or not at all. */
static void
test_several_parties_at_once (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) recorded = NULL, consents = NULL, none = NULL;
  const char *parties[] = { "college-tutor", "health", "Citizens Advice", NULL };
  const char *with_blank[] = { "department", "  ", NULL };
  const char *nobody[] = { NULL };

  recorded = cf_consents_record_parties (f->adviser, f->student_id, parties, CF_CONSENT_SOURCE_WRITTEN,
                                         NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (recorded), ==, 3);
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "consent-recorded", f->student_id), ==, 3);
  consents = cf_consents_list (f->adviser, f->student_id, &error);
  g_assert_cmpuint (g_list_model_get_n_items (consents), ==, 3);
  g_assert_true (can_act_with (f, "health", &error));
  g_assert_true (can_act_with (f, "Citizens Advice", &error));
  g_assert_no_error (error);

  /* One bad party and nothing is recorded. */
  none = cf_consents_record_parties (f->adviser, f->student_id, with_blank, CF_CONSENT_SOURCE_WRITTEN,
                                     NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (can_act_with (f, "department", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NO_CONSENT);
  g_clear_error (&error);
  none = cf_consents_record_parties (f->adviser, f->student_id, nobody, CF_CONSENT_SOURCE_WRITTEN,
                                     NULL, NULL, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpstr (cf_consents_party_phrase ("college-tutor"), ==, "the college tutor");
  g_assert_cmpstr (cf_consents_party_phrase ("Citizens Advice"), ==, "Citizens Advice");
}

static void
test_append_only_in_the_store (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfConsent) consent = cf_consents_record (f->adviser, f->student_id, "health",
                                                     CF_CONSENT_SOURCE_EMAIL, NULL, NULL, &error);
  CfStore *store = cf_session_get_store (f->adviser);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

  g_assert_no_error (error);
  g_assert_false (_cf_store_exec (store, "UPDATE consents SET granted = 0", &error));
  g_assert_nonnull (error);
}

static void
test_breach_record_covers_its_party (Fixture      *f,
                                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfBreach) draft = cf_breach_new ();
  g_autoptr(CfBreach) saved = NULL, correction = NULL;
  g_autofree char *manager_id = cf_users_find_id (f->manager, CF_TEST_MANAGER, &error);
  const char *consulted[] = { manager_id, NULL };

  g_assert_false (can_act_with (f, "Student Health Centre", &error));
  g_clear_error (&error);
  g_object_set (draft, "student-id", f->student_id, "outline", "Disclosed a plan to harm themself.",
                "reason", "A serious and imminent risk to the student's life.",
                "ground", "risk-to-student", "purpose", "Urgent medical help.",
                "disclosed-to", "Student Health Centre", "student-informed", "not-told", NULL);
  cf_breach_set_consulted (draft, consulted);
  saved = cf_breaches_add (f->adviser, draft, &error);
  g_assert_no_error (error);
  g_assert_true (can_act_with (f, "student health centre", &error));
  g_assert_no_error (error);

  /* Once corrected, the record's correction speaks for it. */
  g_object_set (draft, "disclosed-to", "GP surgery", "corrects-id", cf_breach_get_id (saved), NULL);
  correction = cf_breaches_add (f->adviser, draft, &error);
  g_assert_no_error (error);
  g_assert_false (can_act_with (f, "Student Health Centre", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NO_CONSENT);
  g_clear_error (&error);
  g_assert_true (can_act_with (f, "GP surgery", &error));
  g_assert_no_error (error);
}

static void
test_conflicted_adviser_cannot_record (Fixture      *f,
                                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfConsent) consent = NULL;
  g_autoptr(GListModel) consents = NULL;

  g_assert_true (cf_conflicts_declare (f->adviser, f->student_id, NULL, &error));
  consent = cf_consents_record (f->adviser, f->student_id, "health", CF_CONSENT_SOURCE_EMAIL,
                                NULL, NULL, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  consents = cf_consents_list (f->adviser, f->student_id, &error);
  g_assert_null (consents);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
}

static void
test_administrator_cannot_see_consents (Fixture      *f,
                                        gconstpointer data)
{
  g_autoptr(CfSession) admin = cf_test_sign_in (f->data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) consents = cf_consents_list (admin, f->student_id, &error);

  g_assert_null (consents);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/consents/several-parties", test_several_parties_at_once);
  ADD ("/consents/sources", test_sources_and_their_conditions);
  ADD ("/consents/cover-and-withdrawal", test_cover_follows_consent_and_withdrawal);
  ADD ("/consents/list-per-party", test_list_one_state_per_party);
  ADD ("/consents/append-only", test_append_only_in_the_store);
  ADD ("/consents/breach-covers", test_breach_record_covers_its_party);
  ADD ("/consents/conflict", test_conflicted_adviser_cannot_record);
  ADD ("/consents/administrator", test_administrator_cannot_see_consents);
#undef ADD
  return g_test_run ();
}
