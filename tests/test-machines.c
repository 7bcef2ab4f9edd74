/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The office's machines: listing, revoking, refusing a revoked machine's
 * segments, compaction that no longer waits for it, and the feed key that
 * a revoked kiosk no longer learns.  Real SQLCipher, a real sync folder. */
#include <glib/gstdio.h>
#include <string.h>

#include "cf-appointments.h"
#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-error.h"
#include "cf-kiosk.h"
#include "cf-machines.h"
#include "cf-settings-private.h"
#include "cf-store-private.h"
#include "cf-sync.h"
#include "cf-test-util.h"

typedef struct {
  char      *desk_dir;
  char      *sync_dir;
  CfSession *desk;
  char      *kiosk_dirs[2];
  CfKiosk   *kiosks[2];
  char      *kiosk_ids[2];
} Office;

static void
sync_desk (CfSession    *desk,
           const char   *sync_dir,
           CfSyncReport *report)
{
  g_autoptr(GError) error = NULL;

  cf_sync_report_clear (report);
  g_assert_true (cf_sync_run (desk, sync_dir, report, &error));
  g_assert_no_error (error);
}

static void
sync_kiosk (CfKiosk      *kiosk,
            CfSyncReport *report)
{
  g_autoptr(GError) error = NULL;

  cf_sync_report_clear (report);
  g_assert_true (cf_kiosk_sync (kiosk, report, &error));
  g_assert_no_error (error);
}

static char *
setting (CfStore    *store,
         const char *name)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  char *value = NULL;

  g_assert_true (_cf_settings_get (store, name, &value, NULL));
  return value;
}

static void
enroll_kiosk (Office *o,
              guint   i)
{
  g_autofree char *bundle_dir = cf_test_make_dir ("bundle");
  g_autofree char *bundle = g_build_filename (bundle_dir, "kiosk.bundle", NULL);
  g_autofree char *code_file = g_build_filename (bundle_dir, "kiosk.code", NULL);
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_enroll_create (o->desk, CF_MACHINE_KIOSK, bundle, code_file, &error));
  code = cf_enroll_read_code (code_file, &error);
  o->kiosk_dirs[i] = cf_test_make_dir ("kiosk");
  g_assert_true (cf_enroll_join_kiosk (o->kiosk_dirs[i], o->sync_dir, bundle, code, &error));
  g_assert_no_error (error);
  o->kiosks[i] = cf_kiosk_open (o->kiosk_dirs[i], NULL, &error);
  g_assert_no_error (error);
  o->kiosk_ids[i] = setting (cf_kiosk_get_store (o->kiosks[i]), "node_id");
}

static void
office_set_up (Office       *o,
               gconstpointer data)
{
  CfSyncReport report = { 0 };

  o->desk_dir = cf_test_make_office ();
  o->desk = cf_test_sign_in (o->desk_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  {
    g_autoptr(CfNodeConfig) config = cf_node_config_load (o->desk_dir, NULL);
    o->sync_dir = g_strdup (config->sync_dir);
  }
  enroll_kiosk (o, 0);
  enroll_kiosk (o, 1);
  sync_desk (o->desk, o->sync_dir, &report);
  sync_kiosk (o->kiosks[0], &report);
  sync_kiosk (o->kiosks[1], &report);
  cf_sync_report_clear (&report);
}

static void
office_tear_down (Office       *o,
                  gconstpointer data)
{
  g_clear_object (&o->desk);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&o->kiosks[i]);
      g_free (o->kiosk_dirs[i]);
      g_free (o->kiosk_ids[i]);
    }
  g_free (o->desk_dir);
  g_free (o->sync_dir);
}

static const CfMachine *
find_machine (GPtrArray  *machines,
              const char *id)
{
  for (guint i = 0; i < machines->len; i++)
    if (g_str_equal (((CfMachine *) machines->pdata[i])->id, id))
      return machines->pdata[i];
  return NULL;
}

static void
revoke_machine (CfSession  *desk,
                const char *id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_machines_revoke (desk, id, "Stolen from the waiting room", &error));
  g_assert_no_error (error);
}

static char *
submit_visit (CfKiosk *kiosk)
{
  g_autoptr(JsonObject) visit = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *code;

  json_object_set_string_member (visit, "name", "Revokedmarker Student");
  code = cf_kiosk_submit (kiosk, CF_VISIT_DROP_IN, "Housing", NULL, visit, &error);
  g_assert_no_error (error);
  return code;
}

static gboolean
desk_has_ticket (CfSession  *desk,
                 const char *code)
{
  CfStore *store = cf_session_get_store (desk);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT 1 FROM tickets WHERE code = ?", NULL);
  gboolean found = FALSE;

  _cf_bind_text (stmt, 1, code);
  g_assert_true (_cf_store_exists (store, stmt, &found, NULL));
  return found;
}

/* ---- listing ---------------------------------------------------------- */

static void
test_list (Office       *o,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) machines = cf_machines_list (o->desk, &error);
  g_autoptr(CfSession) admin = cf_test_sign_in (o->desk_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_autoptr(CfSession) adviser = cf_test_sign_in (o->desk_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autoptr(GPtrArray) by_admin = NULL, by_adviser = NULL;
  const CfMachine *desk, *kiosk;

  g_assert_no_error (error);
  g_assert_cmpuint (machines->len, ==, 3);
  desk = machines->pdata[0];
  g_assert_cmpstr (desk->kind, ==, "desk");
  g_assert_true (desk->is_self);
  g_assert_cmpint (desk->enrolled_at, >, 0);
  kiosk = find_machine (machines, o->kiosk_ids[0]);
  g_assert_nonnull (kiosk);
  g_assert_cmpstr (kiosk->kind, ==, "kiosk");
  g_assert_false (kiosk->is_self);
  g_assert_cmpint (kiosk->enrolled_at, >, 0);
  g_assert_cmpint (kiosk->revoked_at, ==, 0);
  g_assert_null (kiosk->revoke_reason);
  /* Each id names the machine's folder in the sync folder. */
  {
    g_autofree char *folder = g_build_filename (o->sync_dir, desk->id, NULL);

    g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  }

  by_admin = cf_machines_list (admin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_admin->len, ==, 3);
  by_adviser = cf_machines_list (adviser, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_assert_null (by_adviser);
}

/* A kiosk writes no acks: its check-ins are how a desk sees it. */
static void
test_last_seen (Office       *o,
                gconstpointer data)
{
  g_autofree char *code = submit_visit (o->kiosks[0]);
  g_autoptr(GPtrArray) before = cf_machines_list (o->desk, NULL);
  g_autoptr(GPtrArray) after = NULL;
  CfSyncReport report = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (find_machine (before, o->kiosk_ids[0])->last_seen, ==, 0);
  sync_kiosk (o->kiosks[0], &report);
  sync_desk (o->desk, o->sync_dir, &report);
  after = cf_machines_list (o->desk, NULL);
  g_assert_cmpint (find_machine (after, o->kiosk_ids[0])->last_seen, >=, now);
  g_assert_cmpint (find_machine (after, o->kiosk_ids[1])->last_seen, ==, 0);
  cf_sync_report_clear (&report);
}

/* ---- revoking --------------------------------------------------------- */

static void
test_revoke_rules (Office       *o,
                   gconstpointer data)
{
  g_autoptr(CfSession) adviser = cf_test_sign_in (o->desk_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autoptr(GError) error = NULL;
  g_autofree char *self_id = setting (cf_session_get_store (o->desk), "node_id");

  g_assert_false (cf_machines_revoke (o->desk, o->kiosk_ids[0], "  ", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (cf_machines_revoke (o->desk, o->kiosk_ids[0], NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (cf_machines_revoke (o->desk, self_id, "Old", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (cf_machines_revoke (o->desk, "00000000-0000-4000-8000-000000000000", "Old", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cf_machines_revoke (adviser, o->kiosk_ids[0], "Old", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpuint (cf_test_count_audit (o->desk, "machine-revoked", NULL), ==, 0);

  revoke_machine (o->desk, o->kiosk_ids[0]);
  g_assert_false (cf_machines_revoke (o->desk, o->kiosk_ids[0], "Again", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_EXISTS);
}

static void
test_revoke_recorded (Office       *o,
                      gconstpointer data)
{
  g_autoptr(CfSession) admin = cf_test_sign_in (o->desk_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_autoptr(GPtrArray) machines = NULL;
  g_autoptr(GError) error = NULL;
  const CfMachine *kiosk;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  /* An administrator may revoke, holding no case key. */
  g_assert_true (cf_machines_revoke (admin, o->kiosk_ids[1], " Broken screen, replaced ", &error));
  g_assert_no_error (error);
  machines = cf_machines_list (o->desk, &error);
  kiosk = find_machine (machines, o->kiosk_ids[1]);
  g_assert_cmpint (kiosk->revoked_at, >=, before);
  g_assert_cmpstr (kiosk->revoke_reason, ==, "Broken screen, replaced");
  g_assert_cmpint (find_machine (machines, o->kiosk_ids[0])->revoked_at, ==, 0);
  g_assert_cmpuint (cf_test_count_audit (o->desk, "machine-revoked", o->kiosk_ids[1]), ==, 1);
  g_assert_cmpuint (cf_test_count_outbox (o->desk, "node", o->kiosk_ids[1]), ==, 1);
}

/* The revocation replicates, and every desk refuses the revoked kiosk's
 * segments, including one it writes after it was revoked. */
static void
test_revoked_segments_refused (Office       *o,
                               gconstpointer data)
{
  g_autofree char *second_dir = cf_test_join_desk (o->desk, o->sync_dir);
  g_autoptr(CfSession) second = cf_test_sign_in (second_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *before = submit_visit (o->kiosks[0]);
  g_autofree char *after = NULL, *from_other = NULL;
  g_autoptr(GPtrArray) machines = NULL;
  CfSyncReport report = { 0 };

  sync_desk (second, o->sync_dir, &report);
  sync_kiosk (o->kiosks[0], &report);
  g_assert_cmpuint (report.segments_written, ==, 1);
  revoke_machine (o->desk, o->kiosk_ids[0]);
  sync_desk (o->desk, o->sync_dir, &report);
  g_assert_cmpuint (report.segments_refused, ==, 1);
  g_assert_nonnull (strstr (report.problem, "revoked"));
  g_assert_false (desk_has_ticket (o->desk, before));

  /* The stolen kiosk does not know, and goes on writing. */
  after = submit_visit (o->kiosks[0]);
  from_other = submit_visit (o->kiosks[1]);
  sync_kiosk (o->kiosks[0], &report);
  g_assert_cmpuint (report.segments_written, ==, 1);
  sync_kiosk (o->kiosks[1], &report);
  sync_desk (second, o->sync_dir, &report);
  machines = cf_machines_list (second, NULL);
  g_assert_cmpint (find_machine (machines, o->kiosk_ids[0])->revoked_at, >, 0);
  sync_desk (o->desk, o->sync_dir, &report);
  g_assert_cmpuint (report.segments_refused, ==, 1);
  g_assert_null (strstr (report.problem, "Revokedmarker"));
  g_assert_false (desk_has_ticket (o->desk, after));
  g_assert_true (desk_has_ticket (o->desk, from_other));
  sync_desk (second, o->sync_dir, &report);
  g_assert_false (desk_has_ticket (second, before));
  g_assert_false (desk_has_ticket (second, after));
  g_assert_true (desk_has_ticket (second, from_other));

  /* Each refusal is told once, not on every pass. */
  sync_desk (o->desk, o->sync_dir, &report);
  g_assert_cmpuint (report.segments_refused, ==, 0);
  cf_sync_report_clear (&report);

  /* Verifying the folder passes over what was refused by design. */
  {
    g_autoptr(GError) error = NULL;
    guint checked = 0;

    g_assert_true (cf_sync_verify_folder (o->desk, o->sync_dir, &checked, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (checked, >, 0);
  }
}

/* ---- the feed key ----------------------------------------------------- */

static char *
book (CfSession *desk,
      gint64     start)
{
  g_autofree char *student = cf_test_add_student (desk, "Booked Student");
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  g_autoptr(GError) error = NULL;
  char *code;

  g_object_set (appointment, "student-id", student, "start-at", start, "end-at", start + 1800, NULL);
  g_assert_true (cf_appointments_add (desk, appointment, &error));
  code = cf_appointments_new_booking_code (desk, cf_appointment_get_id (appointment), &error);
  g_assert_no_error (error);
  return code;
}

static gboolean
kiosk_finds (CfKiosk    *kiosk,
             const char *code)
{
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  g_assert_true (cf_kiosk_find_booking (kiosk, code, &found, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return found;
}

static void
test_feed_key_replaced (Office       *o,
                        gconstpointer data)
{
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 3600;
  g_autofree char *old_code = book (o->desk, start);
  g_autofree char *old_key = setting (cf_session_get_store (o->desk), "feed_key");
  g_autofree char *new_key = NULL, *new_code = NULL, *kept = NULL, *learned = NULL;
  g_autoptr(JsonObject) stale = NULL, fresh = NULL;
  CfSyncReport report = { 0 };

  sync_desk (o->desk, o->sync_dir, &report);
  sync_kiosk (o->kiosks[0], &report);
  sync_kiosk (o->kiosks[1], &report);
  g_assert_true (kiosk_finds (o->kiosks[1], old_code));

  revoke_machine (o->desk, o->kiosk_ids[0]);
  new_key = setting (cf_session_get_store (o->desk), "feed_key");
  g_assert_cmpstr (new_key, !=, old_key);
  g_assert_false (cf_test_folder_contains (o->sync_dir, new_key));
  new_code = book (o->desk, start + 7200);
  sync_desk (o->desk, o->sync_dir, &report);
  sync_kiosk (o->kiosks[0], &report);
  sync_kiosk (o->kiosks[1], &report);

  /* The kiosk that remains learns the new key, reads the feed under it,
   * and still knows the codes students were given before. */
  learned = setting (cf_kiosk_get_store (o->kiosks[1]), "feed_key");
  g_assert_cmpstr (learned, ==, new_key);
  g_assert_true (kiosk_finds (o->kiosks[1], old_code));
  g_assert_true (kiosk_finds (o->kiosks[1], new_code));

  /* The revoked one does not, and cannot read what desks publish now. */
  kept = setting (cf_kiosk_get_store (o->kiosks[0]), "feed_key");
  g_assert_cmpstr (kept, ==, old_key);
  g_assert_false (kiosk_finds (o->kiosks[0], new_code));
  stale = cf_kiosk_get_feed (o->kiosks[0]);
  fresh = cf_kiosk_get_feed (o->kiosks[1]);
  g_assert_cmpint (json_object_get_int_member (stale, "at"), <,
                   json_object_get_int_member (fresh, "at") + 1);
  cf_sync_report_clear (&report);
}

/* A kiosk enrolled after the key was replaced gets the new feed key in
 * its bundle, and the booking key from the desks' sealed file. */
static void
test_feed_key_new_kiosk (Office       *o,
                         gconstpointer data)
{
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 3600;
  g_autofree char *old_code = book (o->desk, start);
  CfSyncReport report = { 0 };

  revoke_machine (o->desk, o->kiosk_ids[0]);
  sync_desk (o->desk, o->sync_dir, &report);
  g_clear_object (&o->kiosks[0]);
  g_clear_pointer (&o->kiosk_dirs[0], g_free);
  g_clear_pointer (&o->kiosk_ids[0], g_free);
  enroll_kiosk (o, 0);
  sync_desk (o->desk, o->sync_dir, &report);
  sync_kiosk (o->kiosks[0], &report);
  g_assert_true (kiosk_finds (o->kiosks[0], old_code));
  cf_sync_report_clear (&report);
}

/* A second desk learns the new feed key from the replicated record, so
 * the feed it publishes is under it too. */
static void
test_feed_key_replicates (Office       *o,
                          gconstpointer data)
{
  g_autofree char *second_dir = cf_test_join_desk (o->desk, o->sync_dir);
  g_autoptr(CfSession) second = cf_test_sign_in (second_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *first_key = NULL, *second_key = NULL, *first_booking = NULL, *second_booking = NULL;
  CfSyncReport report = { 0 };

  sync_desk (second, o->sync_dir, &report);
  revoke_machine (o->desk, o->kiosk_ids[1]);
  sync_desk (o->desk, o->sync_dir, &report);
  sync_desk (second, o->sync_dir, &report);
  first_key = setting (cf_session_get_store (o->desk), "feed_key");
  second_key = setting (cf_session_get_store (second), "feed_key");
  g_assert_cmpstr (first_key, ==, second_key);
  first_booking = setting (cf_session_get_store (o->desk), "booking_key");
  second_booking = setting (cf_session_get_store (second), "booking_key");
  g_assert_cmpstr (first_booking, ==, second_booking);
  g_assert_cmpstr (first_booking, !=, first_key);
  /* Reading acks under the new key raised no problem. */
  sync_desk (second, o->sync_dir, &report);
  g_assert_null (report.problem);
  cf_sync_report_clear (&report);
}

/* ---- compaction ------------------------------------------------------- */

static void
set_enrolled_days_ago (CfSession  *desk,
                       const char *id,
                       gint64      days)
{
  CfStore *store = cf_session_get_store (desk);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, "UPDATE nodes SET enrolled_at = ? WHERE id = ?", NULL);

  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC - days * 86400);
  _cf_bind_text (stmt, 2, id);
  g_assert_true (_cf_store_step_done (store, stmt, NULL));
}

/* A desk enrolled that never joins: the id of its roster row. */
static char *
enroll_unjoined_desk (Office *o)
{
  g_autofree char *bundle_dir = cf_test_make_dir ("bundle");
  g_autofree char *bundle = g_build_filename (bundle_dir, "desk.bundle", NULL);
  g_autofree char *code_file = g_build_filename (bundle_dir, "desk.code", NULL);
  g_autoptr(GPtrArray) machines = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_enroll_create (o->desk, CF_MACHINE_DESK, bundle, code_file, &error));
  g_assert_no_error (error);
  machines = cf_machines_list (o->desk, &error);
  for (guint i = 0; i < machines->len; i++)
    {
      CfMachine *machine = machines->pdata[i];

      if (g_str_equal (machine->kind, "desk") && !machine->is_self)
        return g_strdup (machine->id);
    }
  g_assert_not_reached ();
}

static guint
removed_after_a_change (Office *o)
{
  g_autofree char *student = cf_test_add_student (o->desk, "Compacted Student");
  CfSyncReport report = { 0 };
  guint removed;

  sync_desk (o->desk, o->sync_dir, &report);
  removed = report.segments_removed;
  sync_desk (o->desk, o->sync_dir, &report);
  removed += report.segments_removed;
  cf_sync_report_clear (&report);
  return removed;
}

static void
test_unjoined_desk_stops_holding_back (Office       *o,
                                       gconstpointer data)
{
  g_autofree char *unjoined = enroll_unjoined_desk (o);

  /* Just enrolled: it may still join, and needs what is written now. */
  g_assert_cmpuint (removed_after_a_change (o), ==, 0);
  set_enrolled_days_ago (o->desk, unjoined, 13);
  g_assert_cmpuint (removed_after_a_change (o), ==, 0);
  set_enrolled_days_ago (o->desk, unjoined, 15);
  g_assert_cmpuint (removed_after_a_change (o), >, 0);
}

static void
test_unjoined_days_setting (Office       *o,
                            gconstpointer data)
{
  g_autofree char *unjoined = enroll_unjoined_desk (o);

  set_enrolled_days_ago (o->desk, unjoined, 15);
  {
    CfStore *store = cf_session_get_store (o->desk);
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

    g_assert_true (_cf_settings_set (store, "machine_unjoined_days", "30", NULL));
  }
  g_assert_cmpuint (removed_after_a_change (o), ==, 0);
}

static void
test_revoked_desk_stops_holding_back (Office       *o,
                                      gconstpointer data)
{
  g_autofree char *unjoined = enroll_unjoined_desk (o);

  g_assert_cmpuint (removed_after_a_change (o), ==, 0);
  revoke_machine (o->desk, unjoined);
  g_assert_cmpuint (removed_after_a_change (o), >, 0);
}

/* A bundle opened by the other kind of machine: refused with a whole
 * sentence in the person's language, naming no kind the bundle says. */
static void
test_bundle_of_another_kind (Office       *o,
                             gconstpointer data)
{
  g_autofree char *bundle_dir = cf_test_make_dir ("bundle");
  g_autofree char *bundle = g_build_filename (bundle_dir, "desk.bundle", NULL);
  g_autofree char *code_file = g_build_filename (bundle_dir, "desk.code", NULL);
  g_autofree char *code = NULL;
  g_autofree char *kiosk_dir = cf_test_make_dir ("kiosk");
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_enroll_create (o->desk, CF_MACHINE_DESK, bundle, code_file, &error));
  code = cf_enroll_read_code (code_file, &error);
  g_assert_no_error (error);
  g_assert_false (cf_enroll_join_kiosk (kiosk_dir, o->sync_dir, bundle, code, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "This bundle is not for a kiosk. At a desk, make a bundle for a kiosk.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Office, NULL, office_set_up, func, office_tear_down)
  ADD ("/machines/list", test_list);
  ADD ("/machines/last-seen", test_last_seen);
  ADD ("/machines/revoke-rules", test_revoke_rules);
  ADD ("/machines/revoke-recorded", test_revoke_recorded);
  ADD ("/machines/revoked-segments-refused", test_revoked_segments_refused);
  ADD ("/machines/feed-key-replaced", test_feed_key_replaced);
  ADD ("/machines/feed-key-new-kiosk", test_feed_key_new_kiosk);
  ADD ("/machines/feed-key-replicates", test_feed_key_replicates);
  ADD ("/machines/unjoined-desk-stops-holding-back", test_unjoined_desk_stops_holding_back);
  ADD ("/machines/unjoined-days-setting", test_unjoined_days_setting);
  ADD ("/machines/revoked-desk-stops-holding-back", test_revoked_desk_stops_holding_back);
  ADD ("/machines/bundle-of-another-kind", test_bundle_of_another_kind);
#undef ADD
  return g_test_run ();
}
