/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk feed as a kiosk reads it, fed anything past the desk's
 * signature: the feed taken as the kiosk's pass takes it (stored, and the
 * machines it names learnt), then read back as the kiosk's screens read it
 * (its idle times through cf_feed_idle_seconds, as the kiosk takes them),
 * the ticket codes it lists as handed out today read as a kiosk reads
 * them before drawing one, and a booking code looked up in it.  The kiosk
 * is a real one, enrolled once in a scratch office; each input's changes
 * are rolled back. */
#include "cf-enroll.h"
#include "cf-feed.h"
#include "cf-json.h"
#include "cf-kiosk.h"
#include "cf-sync-private.h"
#include "cf-test-util.h"
#include "fuzz-util.h"

static CfKiosk *kiosk;
static Pass pass;
static CfSyncReport report;

static void
set_up (void)
{
  g_autofree char *desk_dir = NULL, *bundle_dir = NULL, *bundle = NULL, *code_file = NULL;
  g_autofree char *code = NULL, *kiosk_dir = NULL, *sync_dir = NULL;
  g_autoptr(CfSession) desk = NULL;

  if (kiosk != NULL)
    return;
  desk_dir = cf_test_make_office ();
  desk = cf_test_sign_in (desk_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  sync_dir = cf_test_make_dir ("sync");
  bundle_dir = cf_test_make_dir ("bundle");
  bundle = g_build_filename (bundle_dir, "kiosk.bundle", NULL);
  code_file = g_build_filename (bundle_dir, "kiosk.code", NULL);
  g_assert (cf_enroll_create (desk, CF_MACHINE_KIOSK, bundle, code_file, NULL));
  code = cf_enroll_read_code (code_file, NULL);
  kiosk_dir = cf_test_make_dir ("kiosk");
  g_assert (cf_enroll_join_kiosk (kiosk_dir, sync_dir, bundle, code, NULL));
  kiosk = cf_kiosk_open (kiosk_dir, NULL, NULL);
  g_assert (kiosk != NULL);
  g_assert (_cf_sync_pass_init (&pass, cf_kiosk_get_store (kiosk), NULL, sync_dir, &report, NULL));
}

/* What the kiosk's screens take from the feed (kiosk/): each member is read
 * with the type it should have, whatever it holds. */
static void
read_as_screens (JsonObject *feed)
{
  JsonObject *consent = cf_json_get_object (feed, "consent");
  JsonArray *arrays[] = {
    cf_json_get_array (feed, "topics"), cf_json_get_array (feed, "calling"),
    consent ? cf_json_get_array (consent, "parties") : NULL,
  };

  g_assert (feed != NULL);
  cf_json_get_string (feed, "office");
  cf_json_get_string (feed, "hours");
  cf_json_get_int (feed, "waiting", -1);
  cf_json_get_int (feed, "at", -1);
  for (CfIdleTime time = 0; time < CF_IDLE_TIME_COUNT; time++)
    {
      guint seconds = cf_feed_idle_seconds (feed, time), min, max;

      cf_office_settings_idle_range (time, &min, &max);
      g_assert (seconds == 0 || (seconds >= min && seconds <= max));
    }
  if (consent)
    cf_json_get_string (consent, "text");
  for (guint a = 0; a < G_N_ELEMENTS (arrays); a++)
    for (guint i = 0; arrays[a] && i < json_array_get_length (arrays[a]); i++)
      cf_json_array_object (arrays[a], i);
}

static void
read_back (void)
{
  g_autoptr(JsonObject) feed = cf_kiosk_get_feed (kiosk);
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *issued = cf_json_get_object (feed, "issued");
  const char *day = issued ? cf_json_get_string (issued, "day") : NULL;
  g_autofree char *appointment_id = NULL;
  gboolean found;
  gint64 start, end;

  read_as_screens (feed);
  /* The codes a kiosk draws none of, read for the feed's own day. */
  cf_feed_issued_codes (feed, issued && day ? day : "2026-12-07", codes);
  cf_kiosk_find_booking (kiosk, "ABC-DEF-GHJ", &found, &appointment_id, &start, &end, NULL);
}

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CfStoreLock) lock = NULL;
  CfStore *store;

  set_up ();
  store = cf_kiosk_get_store (kiosk);
  payload = fuzz_terminated_bytes (data, size);
  /* As read_feed_of reads a feed segment's payload. */
  root = json_from_string (g_bytes_get_data (payload, NULL), NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  lock = _cf_store_lock (store);
  g_assert (_cf_store_begin (store, NULL));
  if (_cf_sync_kiosk_take_feed (&pass, json_node_get_object (root), "fuzz:1", NULL))
    read_back ();
  _cf_store_rollback (store);
  return 0;
}
