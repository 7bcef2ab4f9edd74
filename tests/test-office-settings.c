/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The office's settings: set by a manager at a desk, checked, audited,
 * replicated to the other desks and carried to the kiosk in its feed. */
#include <string.h>

#include "cf-consent.h"
#include "cf-consents.h"
#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-error.h"
#include "cf-feed.h"
#include "cf-kiosk.h"
#include "cf-office-settings.h"
#include "cf-settings-private.h"
#include "cf-store-private.h"
#include "cf-sync.h"
#include "cf-test-util.h"

#define NEW_WORDING "We keep what you tell us private.\n\nWe speak to the people you tick below only with your permission."

typedef struct {
  char      *desk_dir;
  char      *kiosk_dir;
  char      *sync_dir;
  CfSession *desk;
  CfKiosk   *kiosk;
} Office;

static void
sync_desk (CfSession  *desk,
           const char *sync_dir)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  g_assert_true (cf_sync_run (desk, sync_dir, &report, &error));
  g_assert_no_error (error);
  cf_sync_report_clear (&report);
}

static void
sync_kiosk (Office *o)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  g_assert_true (cf_kiosk_sync (o->kiosk, &report, &error));
  g_assert_no_error (error);
  cf_sync_report_clear (&report);
}

static void
office_set_up (Office       *o,
               gconstpointer data)
{
  g_autofree char *bundle_dir = cf_test_make_dir ("bundle");
  g_autofree char *bundle = g_build_filename (bundle_dir, "kiosk.bundle", NULL);
  g_autofree char *code_file = g_build_filename (bundle_dir, "kiosk.code", NULL);
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfNodeConfig) config = NULL;

  o->desk_dir = cf_test_make_office ();
  o->desk = cf_test_sign_in (o->desk_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  config = cf_node_config_load (o->desk_dir, NULL);
  o->sync_dir = g_strdup (config->sync_dir);
  g_assert_true (cf_enroll_create (o->desk, CF_MACHINE_KIOSK, bundle, code_file, &error));
  code = cf_enroll_read_code (code_file, &error);
  o->kiosk_dir = cf_test_make_dir ("kiosk");
  g_assert_true (cf_enroll_join_kiosk (o->kiosk_dir, o->sync_dir, bundle, code, &error));
  g_assert_no_error (error);
  o->kiosk = cf_kiosk_open (o->kiosk_dir, NULL, &error);
  g_assert_no_error (error);
  sync_desk (o->desk, o->sync_dir);
  sync_kiosk (o);
}

static void
office_tear_down (Office       *o,
                  gconstpointer data)
{
  g_clear_object (&o->desk);
  g_clear_object (&o->kiosk);
  g_free (o->desk_dir);
  g_free (o->kiosk_dir);
  g_free (o->sync_dir);
}

static JsonObject *
kiosk_consent (Office *o)
{
  g_autoptr(JsonObject) feed = cf_kiosk_get_feed (o->kiosk);

  return json_object_ref (json_object_get_object_member (feed, "consent"));
}

/* A consent keeps the wording it was given under: after a new wording
 * reaches the kiosk, the old consent still shows version 1 and its text. */
static void
test_wording_reaches_kiosk (Office       *o,
                            gconstpointer data)
{
  g_autofree char *student = cf_test_add_student (o->desk, "Consenting Student");
  g_autofree char *old_text = NULL, *old_version = NULL, *version = NULL, *shown = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(CfConsent) given = NULL;
  g_autoptr(GListModel) consents = NULL;
  g_autoptr(JsonObject) consent = kiosk_consent (o);
  g_autoptr(CfConsent) listed = NULL;
  g_autoptr(GError) error = NULL;

  old_text = g_strdup (json_object_get_string_member (consent, "text"));
  old_version = g_strdup (json_object_get_string_member (consent, "version"));
  g_assert_cmpstr (old_version, ==, "1");
  given = cf_consents_record (o->desk, student, "college-tutor", CF_CONSENT_SOURCE_KIOSK,
                              old_version, NULL, &error);
  g_assert_no_error (error);

  version = cf_office_settings_publish_wording (o->desk, NEW_WORDING, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, !=, old_version);
  g_assert_true (g_str_has_prefix (version, "2-"));
  g_assert_cmpuint (cf_test_count_audit (o->desk, "consent-wording-published", version), ==, 1);
  g_assert_cmpuint (cf_test_count_outbox (o->desk, "consent_wording", version), ==, 1);

  /* Not before the kiosk syncs with a desk that published it. */
  g_clear_pointer (&consent, json_object_unref);
  consent = kiosk_consent (o);
  g_assert_cmpstr (json_object_get_string_member (consent, "version"), ==, old_version);
  sync_desk (o->desk, o->sync_dir);
  sync_kiosk (o);
  g_clear_pointer (&consent, json_object_unref);
  consent = kiosk_consent (o);
  g_assert_cmpstr (json_object_get_string_member (consent, "version"), ==, version);
  g_assert_cmpstr (json_object_get_string_member (consent, "text"), ==, NEW_WORDING);

  consents = cf_consents_list (o->desk, student, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (consents), ==, 1);
  listed = g_list_model_get_item (consents, 0);
  g_object_get (listed, "wording-version", &kept, NULL);
  g_assert_cmpstr (kept, ==, old_version);
  shown = cf_office_settings_get_wording_version (o->desk, kept, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (shown, ==, old_text);
}

static GStrv
kiosk_topics (Office *o)
{
  g_autoptr(JsonObject) feed = cf_kiosk_get_feed (o->kiosk);
  JsonArray *array = json_object_get_array_member (feed, "topics");
  g_autoptr(GStrvBuilder) topics = g_strv_builder_new ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (topics, json_array_get_string_element (array, i));
  return g_strv_builder_end (topics);
}

static void
test_topics_reach_kiosk (Office       *o,
                         gconstpointer data)
{
  const char *typed[] = { "  Housing ", "Money", "Something else", NULL };
  const char *stored[] = { "Housing", "Money", "Something else", NULL };
  g_auto(GStrv) read = NULL, shown = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_office_settings_set_topics (o->desk, typed, &error));
  g_assert_no_error (error);
  read = cf_office_settings_get_topics (o->desk, &error);
  g_assert_true (g_strv_equal ((const char *const *) read, stored));
  shown = kiosk_topics (o);
  g_assert_false (g_strv_equal ((const char *const *) shown, stored));
  g_clear_pointer (&shown, g_strfreev);

  g_assert_true (cf_office_settings_set_idle (o->desk, CF_IDLE_KIOSK_RESET, 90, &error));
  sync_desk (o->desk, o->sync_dir);
  sync_kiosk (o);
  shown = kiosk_topics (o);
  g_assert_true (g_strv_equal ((const char *const *) shown, stored));
  {
    g_autoptr(JsonObject) feed = cf_kiosk_get_feed (o->kiosk);
    JsonObject *idle = json_object_get_object_member (feed, "idle");

    g_assert_cmpint (json_object_get_int_member (idle, "reset"), ==, 90);
    g_assert_false (json_object_has_member (idle, "warning"));
    g_assert_cmpuint (cf_feed_idle_seconds (feed, CF_IDLE_KIOSK_RESET), ==, 90);
    g_assert_cmpuint (cf_feed_idle_seconds (feed, CF_IDLE_KIOSK_WARNING), ==, 0);
  }
  g_assert_cmpuint (cf_test_count_audit (o->desk, "office-setting-set", "kiosk_topics"), ==, 1);
}

static void
assert_refused (gboolean ok,
                GError **error,
                int      code)
{
  g_assert_false (ok);
  g_assert_error (*error, CF_ERROR, code);
  /* A sentence a manager can act on, not a code. */
  g_assert_true (strlen ((*error)->message) > 20 && g_str_has_suffix ((*error)->message, "."));
  g_clear_error (error);
}

static void
test_bad_values_refused (void)
{
  g_autofree char *dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  const char *twice[] = { "Housing", " housing ", NULL };
  const char *blank[] = { "Housing", "  ", NULL };
  const char *hostile[] = { "evil\xe2\x80\xae" "gnp.exe", NULL };
  const char *none[] = { NULL };
  g_autofree char *hours = NULL, *wording = NULL;
  g_autoptr(GError) error = NULL;

  assert_refused (cf_office_settings_set_topics (manager, twice, &error), &error, CF_ERROR_EXISTS);
  assert_refused (cf_office_settings_set_topics (manager, blank, &error), &error, CF_ERROR_INVALID_INPUT);
  assert_refused (cf_office_settings_set_topics (manager, hostile, &error), &error, CF_ERROR_INVALID_INPUT);
  assert_refused (cf_office_settings_set_topics (manager, none, &error), &error, CF_ERROR_INVALID_INPUT);
  assert_refused (cf_office_settings_set_hours (manager, "Mondays", &error), &error, CF_ERROR_INVALID_INPUT);
  assert_refused (cf_office_settings_set_hours (manager, "5pm to 9am", &error), &error, CF_ERROR_INVALID_INPUT);
  assert_refused (cf_office_settings_set_hours (manager, "9:00\n17:00", &error), &error, CF_ERROR_INVALID_INPUT);
  assert_refused (cf_office_settings_set_idle (manager, CF_IDLE_DESK_LOCK, 5, &error), &error, CF_ERROR_INVALID_INPUT);
  assert_refused (cf_office_settings_set_idle (manager, CF_IDLE_KIOSK_WARNING, 100000, &error), &error,
                  CF_ERROR_INVALID_INPUT);
  assert_refused (cf_office_settings_publish_wording (manager, " \n ", &error) != NULL, &error,
                  CF_ERROR_INVALID_INPUT);
  assert_refused (cf_office_settings_publish_wording (manager, "bad\xff\xfe", &error) != NULL, &error,
                  CF_ERROR_INVALID_INPUT);
  wording = cf_office_settings_get_wording (manager, NULL, &error);
  assert_refused (cf_office_settings_publish_wording (manager, wording, &error) != NULL, &error,
                  CF_ERROR_EXISTS);

  g_assert_true (cf_office_settings_set_hours (manager, "Monday to Friday, 10:00 to 16:00", &error));
  g_assert_no_error (error);
  hours = cf_office_settings_get_hours (manager, &error);
  g_assert_cmpstr (hours, ==, "Monday to Friday, 10:00 to 16:00");
  g_assert_cmpuint (cf_test_count_audit (manager, "office-setting-set", NULL), ==, 1);
  g_assert_cmpuint (cf_test_count_audit (manager, "consent-wording-published", NULL), ==, 0);
}

static void
test_only_managers (void)
{
  g_autofree char *dir = cf_test_make_office ();
  const char *topics[] = { "Housing", NULL };
  const char *users[][2] = { { CF_TEST_ADVISER, CF_TEST_ADVISER_PW }, { CF_TEST_ADMIN, CF_TEST_ADMIN_PW } };
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr(CfSession) user = cf_test_sign_in (dir, users[i][0], users[i][1]);
      g_auto(GStrv) read = NULL;

      assert_refused (cf_office_settings_set_topics (user, topics, &error), &error, CF_ERROR_DENIED);
      assert_refused (cf_office_settings_set_hours (user, "9am to 5pm", &error), &error, CF_ERROR_DENIED);
      assert_refused (cf_office_settings_set_idle (user, CF_IDLE_DESK_LOCK, 600, &error), &error, CF_ERROR_DENIED);
      assert_refused (cf_office_settings_publish_wording (user, NEW_WORDING, &error) != NULL, &error,
                      CF_ERROR_DENIED);
      /* Everyone signed in reads them: the kiosk's feed is built from them. */
      read = cf_office_settings_get_topics (user, &error);
      g_assert_no_error (error);
      g_assert_nonnull (read);
      g_assert_cmpuint (cf_test_count_audit (user, "office-setting-set", NULL), ==, 0);
    }
}

/* Hours and topics set on one desk reach another; a desk that still has
 * them among its own old settings keeps them until the office sets them. */
static void
test_replicated_and_old_data (void)
{
  g_autofree char *dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(CfNodeConfig) config = cf_node_config_load (dir, NULL);
  g_autofree char *other_dir = cf_test_join_desk (manager, config->sync_dir);
  g_autoptr(CfSession) other = cf_test_sign_in (other_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  const char *topics[] = { "Housing", "Money", NULL };
  g_autofree char *hours = NULL;
  g_auto(GStrv) read = NULL;
  g_autoptr(GError) error = NULL;
  guint seconds = 0;
  int opens = -1, closes = -1;

  {
    CfStore *store = cf_session_get_store (other);
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

    g_assert_true (_cf_settings_set (store, "opening_hours", "8am to 4pm", &error));
  }
  hours = cf_office_settings_get_hours (other, &error);
  g_assert_cmpstr (hours, ==, "8am to 4pm");
  g_clear_pointer (&hours, g_free);
  g_assert_true (cf_office_settings_get_opening_hours (other, &opens, &closes, &error));
  g_assert_cmpint (opens, ==, 8 * 60);
  g_assert_cmpint (closes, ==, 16 * 60);

  g_assert_true (cf_office_settings_set_hours (manager, "9:30 to 16:30", &error));
  g_assert_true (cf_office_settings_set_topics (manager, topics, &error));
  g_assert_true (cf_office_settings_set_idle (manager, CF_IDLE_DESK_LOCK, 600, &error));
  g_assert_no_error (error);
  sync_desk (manager, config->sync_dir);
  sync_desk (other, config->sync_dir);
  hours = cf_office_settings_get_hours (other, &error);
  g_assert_cmpstr (hours, ==, "9:30 to 16:30");
  /* What booking and the week's grid go by. */
  g_assert_true (cf_office_settings_get_opening_hours (other, &opens, &closes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (opens, ==, 9 * 60 + 30);
  g_assert_cmpint (closes, ==, 16 * 60 + 30);
  read = cf_office_settings_get_topics (other, &error);
  g_assert_true (g_strv_equal ((const char *const *) read, topics));
  g_assert_true (cf_office_settings_get_idle (other, CF_IDLE_DESK_LOCK, &seconds, &error));
  g_assert_cmpuint (seconds, ==, 600);
}

static guint
office_idle (CfSession *session,
             CfIdleTime idle)
{
  g_autoptr(GError) error = NULL;
  guint seconds = 0;

  g_assert_true (cf_office_settings_get_idle (session, idle, &seconds, &error));
  g_assert_no_error (error);
  return seconds;
}

/* The Office page's one button: hours and idle times together, or none
 * of them; those left as they are are neither written nor audited. */
static void
test_hours_and_idle_together (void)
{
  g_autofree char *dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  guint idle[CF_IDLE_TIME_COUNT] = { [CF_IDLE_DESK_LOCK] = 600, [CF_IDLE_KIOSK_RESET] = 90 };
  g_autofree char *hours = NULL;
  g_autoptr(GError) error = NULL;

  /* Hours never set stay unset when left empty. */
  g_assert_true (cf_office_settings_set_hours_and_idle (manager, "", idle, &error));
  g_assert_no_error (error);
  hours = cf_office_settings_get_hours (manager, &error);
  g_assert_cmpstr (hours, ==, "");
  g_clear_pointer (&hours, g_free);
  g_assert_cmpuint (office_idle (manager, CF_IDLE_DESK_LOCK), ==, 600);
  g_assert_cmpuint (cf_test_count_audit (manager, "office-setting-set", NULL), ==, 2);

  /* Bad hours: the idle times that came with them are not saved either. */
  idle[CF_IDLE_DESK_LOCK] = 900;
  assert_refused (cf_office_settings_set_hours_and_idle (manager, "5pm to 9am", idle, &error), &error,
                  CF_ERROR_INVALID_INPUT);
  idle[CF_IDLE_KIOSK_WARNING] = 1;
  assert_refused (cf_office_settings_set_hours_and_idle (manager, "9:00 to 17:00", idle, &error), &error,
                  CF_ERROR_INVALID_INPUT);
  g_assert_cmpuint (office_idle (manager, CF_IDLE_DESK_LOCK), ==, 600);
  hours = cf_office_settings_get_hours (manager, &error);
  g_assert_cmpstr (hours, ==, "");
  g_clear_pointer (&hours, g_free);

  idle[CF_IDLE_KIOSK_WARNING] = 0;
  idle[CF_IDLE_KIOSK_RESET] = 0;
  g_assert_true (cf_office_settings_set_hours_and_idle (manager, " 9:00 to 17:00 ", idle, &error));
  g_assert_no_error (error);
  hours = cf_office_settings_get_hours (manager, &error);
  g_assert_cmpstr (hours, ==, "9:00 to 17:00");
  g_clear_pointer (&hours, g_free);
  g_assert_cmpuint (office_idle (manager, CF_IDLE_DESK_LOCK), ==, 900);
  g_assert_cmpuint (office_idle (manager, CF_IDLE_KIOSK_RESET), ==, 0);
  g_assert_cmpuint (cf_test_count_audit (manager, "office-setting-set", NULL), ==, 5);

  /* Hours once set cannot be emptied. */
  assert_refused (cf_office_settings_set_hours_and_idle (manager, "  ", idle, &error), &error,
                  CF_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Office, NULL, office_set_up, func, office_tear_down)
  ADD ("/office-settings/wording-reaches-kiosk", test_wording_reaches_kiosk);
  ADD ("/office-settings/topics-reach-kiosk", test_topics_reach_kiosk);
#undef ADD
  g_test_add_func ("/office-settings/bad-values", test_bad_values_refused);
  g_test_add_func ("/office-settings/only-managers", test_only_managers);
  g_test_add_func ("/office-settings/replicated", test_replicated_and_old_data);
  g_test_add_func ("/office-settings/hours-and-idle", test_hours_and_idle_together);
  return g_test_run ();
}
