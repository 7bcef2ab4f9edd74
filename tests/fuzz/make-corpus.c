/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes the fuzz targets' seeds from real product output:
 *
 *   build/tests/fuzz/make-corpus tests/fuzz/corpus
 *
 * A real office with a kiosk is set up in a scratch folder and used (a
 * student, opening hours, topics, idle times, a consent wording, a
 * retention rule, a booking, a kiosk visit with a consent slip), synced
 * both ways, and every segment in the sync folder opened with the desk's
 * keys: kiosk visits, still padded, seed submission/; the feed, feed/;
 * office and case payloads, ops/ and settings/ (case data), with the
 * desk's whole office and case data as a snapshot carries them.  Grants and
 * key slots are made with the fixed keys the targets know (fuzz-util.h),
 * so that the seeds' sealed boxes open for them.  Ids, stamps and keys
 * are new on each run: commit the seeds a run writes, not a mixture. */
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-appointments.h"
#include "cf-case-keys-private.h"
#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-keyslots.h"
#include "cf-kiosk.h"
#include "cf-office-settings.h"
#include "cf-ops.h"
#include "cf-retention.h"
#include "cf-sync-private.h"
#include "cf-test-util.h"
#include "fuzz-util.h"

static const char *out;

static void
save (const char *target,
      const char *name,
      const void *data,
      gsize       length)
{
  g_autofree char *dir = g_build_filename (out, target, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, data, (gssize) length, NULL));
}

/* ---- grants and key slots, under the targets' fixed keys ---------------- */

static void
write_user (GString    *ops,
            const char *id,
            const char *role,
            const char *credential)
{
  const char *stamp = "0000000000010000@" FUZZ_NODE;

  if (ops->len > 1)
    g_string_append_c (ops, ',');
  cf_op_write_begin (ops, "user", id);
  cf_op_write_string (ops, "name", role, stamp);
  cf_op_write_string (ops, "role", role, stamp);
  cf_op_write_string (ops, "credential", credential, stamp);
  cf_op_write_integer (ops, "created_at", 1, stamp);
  cf_op_write_end (ops);
}

static void
make_grants (const char *manager_credential,
             const char *adviser_credential)
{
  CfStore *store = fuzz_scratch_store ();
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GString) users = g_string_new ("[");
  g_autoptr(GBytes) payload = NULL, all = NULL;
  g_autoptr(CfKey) manager = fuzz_fixed_key (5), adviser = fuzz_fixed_key (6);
  g_autoptr(CfKey) box_secret = cf_key_new_random ();
  g_autoptr(CfCaseKeyring) ring = NULL;
  guint8 manager_public[32], adviser_public[32];
  guint n;

  cf_key_get_public (manager, manager_public);
  cf_key_get_public (adviser, adviser_public);
  write_user (users, FUZZ_USER, "manager", manager_credential);
  write_user (users, FUZZ_OTHER_USER, "adviser", adviser_credential);
  g_string_append_c (users, ']');
  payload = g_bytes_new (users->str, users->len + 1);
  payload = g_bytes_new_from_bytes (payload, 0, users->len);
  g_assert_true (_cf_store_begin (store, NULL));
  g_assert_true (fuzz_apply (store, payload, FALSE, CF_DATA_OFFICE));
  g_assert_true (_cf_case_keys_create_first (store, FUZZ_USER, manager_public, box_secret, NULL));
  ring = _cf_case_keys_load (store, FUZZ_USER, manager, NULL);
  g_assert_nonnull (ring);
  g_assert_true (_cf_case_keys_grant (store, ring, FUZZ_OTHER_USER, adviser_public, NULL));
  g_assert_true (_cf_case_keys_rotate (store, ring, NULL));
  g_assert_true (_cf_case_keys_rotate (store, ring, NULL));
  all = _cf_replica_export_all (store, CF_DATA_OFFICE, &n, NULL);
  g_assert_nonnull (all);
  save ("grants", "keyring.json", g_bytes_get_data (all, NULL), g_bytes_get_size (all));
  _cf_store_rollback (store);
}

/* As fuzz-keyslots.c makes its own, with a case box of each kind. */
static void
make_keyslots (char **manager_credential,
               char **adviser_credential)
{
  g_autofree char *path = g_build_filename (fuzz_scratch_dir (), "keyslots.json", NULL);
  g_autoptr(CfKey) office = fuzz_fixed_key (1), database = fuzz_fixed_key (2);
  g_autoptr(CfKey) case_key = fuzz_fixed_key (3);
  g_autoptr(CfKey) manager = fuzz_fixed_key (5), adviser = fuzz_fixed_key (6);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (cf_keyslots_create (path, NULL, office, database, NULL));
  *manager_credential = cf_keyslots_make_credential (path, CF_TEST_MANAGER, CF_TEST_MANAGER_PW,
                                                     manager, office, NULL);
  *adviser_credential = cf_keyslots_make_credential (path, CF_TEST_ADVISER, CF_TEST_ADVISER_PW,
                                                     adviser, office, NULL);
  g_assert_true (cf_keyslots_put_credentials (path, (const char *const[]) { *manager_credential,
                                              *adviser_credential, NULL }, FALSE, NULL));
  g_assert_true (cf_keyslots_set_case_box (path, CF_CASE_BOX_CURRENT, 1, database, case_key, NULL));
  g_assert_true (cf_keyslots_set_case_box (path, CF_CASE_BOX_NEXT, 2, database, case_key, NULL));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  save ("keyslots", "keyslots.json", contents, length);
  save ("keyslots", "credential.json", *manager_credential, strlen (*manager_credential));
}

/* ---- a real office ------------------------------------------------------ */

typedef struct {
  char      *desk_dir;
  char      *sync_dir;
  CfSession *desk;
  CfKiosk   *kiosk;
} Office;

static void
set_up_office (Office *o)
{
  g_autofree char *bundle_dir = cf_test_make_dir ("bundle");
  g_autofree char *bundle = g_build_filename (bundle_dir, "kiosk.bundle", NULL);
  g_autofree char *code_file = g_build_filename (bundle_dir, "kiosk.code", NULL);
  g_autofree char *code = NULL, *kiosk_dir = cf_test_make_dir ("kiosk");

  o->desk_dir = cf_test_make_office ();
  o->desk = cf_test_sign_in (o->desk_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  {
    g_autoptr(CfNodeConfig) config = cf_node_config_load (o->desk_dir, NULL);
    o->sync_dir = g_strdup (config->sync_dir);
  }
  g_assert_true (cf_enroll_create (o->desk, CF_MACHINE_KIOSK, bundle, code_file, NULL));
  code = cf_enroll_read_code (code_file, NULL);
  g_assert_true (cf_enroll_join_kiosk (kiosk_dir, o->sync_dir, bundle, code, NULL));
  o->kiosk = cf_kiosk_open (kiosk_dir, NULL, NULL);
  g_assert_nonnull (o->kiosk);
}

static void
use_office (Office *o)
{
  const guint idle[CF_IDLE_TIME_COUNT] = { 300, 90, 240, 20 };
  const CfRetentionRule rule = { 7, CF_RETENTION_FROM_CASE_CLOSED, 9, 1 };
  g_autofree char *student = cf_test_add_student (o->desk, "Seed Student");
  g_autofree char *version = NULL, *code = NULL, *ticket = NULL;
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  g_autoptr(JsonObject) visit = json_object_new ();
  JsonObject *consent = json_object_new (), *parties = json_object_new ();
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 3600;

  g_assert_true (cf_office_settings_set_hours_and_idle (o->desk, "Monday to Friday, 9:30 to 16:30",
                                                        idle, NULL));
  g_assert_true (cf_office_settings_set_topics (o->desk, (const char *const[]) {
                   "Housing and landlords", "Money, funding and hardship", NULL }, NULL));
  version = cf_office_settings_publish_wording (o->desk, "What you tell us stays with us.", NULL);
  g_assert_nonnull (version);
  g_assert_true (cf_retention_set_rule (o->desk, &rule, NULL));
  g_object_set (appointment, "student-id", student, "start-at", start, "end-at", start + 1800, NULL);
  g_assert_true (cf_appointments_add (o->desk, appointment, NULL));
  code = cf_appointments_new_booking_code (o->desk, cf_appointment_get_id (appointment), NULL);
  g_assert_nonnull (code);

  json_object_set_string_member (visit, "name", "Seed Visitor");
  json_object_set_string_member (visit, "student_id", "K-4411907");
  json_object_set_string_member (visit, "contact", "seed@example.ac.uk");
  json_object_set_string_member (consent, "version", version);
  json_object_set_boolean_member (parties, "college-tutor", TRUE);
  json_object_set_boolean_member (parties, "health", FALSE);
  json_object_set_object_member (consent, "parties", parties);
  json_object_set_string_member (consent, "signature", "Seed Visitor");
  json_object_set_object_member (visit, "consent", consent);
  ticket = cf_kiosk_submit (o->kiosk, CF_VISIT_DROP_IN, "Housing and landlords", NULL, visit, NULL);
  g_assert_nonnull (ticket);
}

/* ---- the sync folder, opened with the desk's keys ---------------------- */

static void
save_payload (const CfSegmentHeader *header,
              GBytes                *payload,
              const char            *file)
{
  const char *name = file;
  const char *data = g_bytes_get_data (payload, NULL);
  gsize length = g_bytes_get_size (payload);

  switch (header->kind)
    {
    case CF_SEGMENT_OFFICE:
      save ("ops", name, data, length);
      if (g_strstr_len (data, (gssize) length, "\"grant\""))
        save ("grants", name, data, length);
      break;
    case CF_SEGMENT_CASE:
      save ("ops", name, data, length);
      if (g_strstr_len (data, (gssize) length, "\"office_setting\""))
        save ("settings", name, data, length);
      break;
    case CF_SEGMENT_KIOSK:
      save ("submission", name, data, length);
      break;
    case CF_SEGMENT_FEED:
      save ("feed", name, data, length);
      break;
    default:
      break;
    }
}

static void
open_folder (Pass       *pass,
             const char *node)
{
  g_autofree char *dir = g_build_filename (pass->sync_dir, node, NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *file;

  while (listing && (file = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) bytes = NULL, payload = NULL;
      g_autoptr(GError) error = NULL;
      CfSegmentHeader header;
      gsize length;

      if (!g_str_has_suffix (file, SEGMENT_SUFFIX) && !g_str_equal (file, FEED_NAME))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
      payload = cf_segment_open (bytes, pass->keys, _cf_sync_lookup_signer, pass->roster,
                                 &header, &error);
      if (payload != NULL)
        save_payload (&header, payload, file);
      else
        g_printerr ("%s/%s: %s\n", node, file, error->message);
    }
}

static void
open_sync_folder (Office *o)
{
  CfSyncReport report = { 0 };
  Pass pass;
  g_autoptr(GDir) nodes = g_dir_open (o->sync_dir, 0, NULL);
  const char *node;

  g_assert_true (_cf_sync_pass_init (&pass, cf_session_get_store (o->desk), o->desk, o->sync_dir,
                                     &report, NULL));
  while ((node = g_dir_read_name (nodes)) != NULL)
    if (_cf_sync_is_node_id (node))
      open_folder (&pass, node);
  _cf_sync_pass_clear (&pass);
  cf_sync_report_clear (&report);
}

/* Segments are removed once every machine has applied them: the folder is
 * opened after each machine's pass, before the others' acks reach it. */
static void
sync_both (Office *o)
{
  for (int round = 0; round < 2; round++)
    {
      CfSyncReport report = { 0 };

      g_assert_true (cf_sync_run (o->desk, o->sync_dir, &report, NULL));
      open_sync_folder (o);
      g_assert_true (cf_kiosk_sync (o->kiosk, &report, NULL));
      open_sync_folder (o);
      cf_sync_report_clear (&report);
    }
}

/* Only the settings' operations, from either class. */
static void
save_settings (GBytes *office,
               GBytes *cases)
{
  GBytes *both[] = { office, cases };
  g_autoptr(JsonArray) kept = json_array_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  for (guint b = 0; b < G_N_ELEMENTS (both); b++)
    {
      g_autoptr(JsonNode) node = json_from_string (g_bytes_get_data (both[b], NULL), NULL);
      JsonArray *ops = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (ops); i++)
        {
          JsonObject *op = json_array_get_object_element (ops, i);
          const char *kind = json_object_get_string_member (op, "k");

          if (g_str_equal (kind, "office_setting") || g_str_equal (kind, "consent_wording"))
            json_array_add_object_element (kept, json_object_ref (op));
        }
    }
  root = json_node_init_array (json_node_alloc (), kept);
  text = json_to_string (root, FALSE);
  save ("settings", "settings.json", text, strlen (text));
}

/* Everything the desk holds, as a snapshot carries it to a desk that
 * joins: a single desk keeps no segments of its own changes for long. */
static void
export_desk (Office *o)
{
  CfStore *store = cf_session_get_store (o->desk);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GBytes) office = NULL, cases = NULL;
  guint n;

  office = _cf_replica_export_all (store, CF_DATA_OFFICE, &n, NULL);
  cases = _cf_replica_export_all (store, CF_DATA_CASE, &n, NULL);
  g_assert_true (office != NULL && cases != NULL);
  save ("ops", "office.json", g_bytes_get_data (office, NULL), g_bytes_get_size (office));
  save ("ops", "case.json", g_bytes_get_data (cases, NULL), g_bytes_get_size (cases));
  save_settings (office, cases);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *manager_credential = NULL, *adviser_credential = NULL;
  g_autofree char *slots = NULL;
  gsize length;
  Office o = { 0 };

  if (argc != 2)
    {
      g_printerr ("usage: make-corpus CORPUS-FOLDER\n");
      return 2;
    }
  out = argv[1];
  g_assert_cmpint (sodium_init (), >=, 0);
  make_keyslots (&manager_credential, &adviser_credential);
  make_grants (manager_credential, adviser_credential);
  set_up_office (&o);
  use_office (&o);
  sync_both (&o);
  export_desk (&o);
  {
    g_autofree char *path = g_build_filename (o.desk_dir, "keyslots.json", NULL);

    g_assert_true (g_file_get_contents (path, &slots, &length, NULL));
    save ("keyslots", "office.json", slots, length);
  }
  g_object_unref (o.kiosk);
  g_object_unref (o.desk);
  return 0;
}
