/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A kiosk without its screens, for the desk's tests: it joins the office
 * with a bundle from `confidectl enroll kiosk`, then hands in visits
 * exactly as confide-kiosk does (cf_kiosk_submit, then a sync pass), so
 * what reaches the desk is a real sealed submission.
 *
 *   kiosk-submit join KIOSK_DIR SYNC_DIR BUNDLE CODE_FILE
 *   kiosk-submit drop-in KIOSK_DIR DETAILS.json [TOPIC]    prints the ticket code
 *   kiosk-submit arrive KIOSK_DIR BOOKING_CODE             prints the ticket code
 *   kiosk-submit arrive-by-name KIOSK_DIR NAME DATE_OF_BIRTH  (YYYY-MM-DD, or - for none)
 *   kiosk-submit sync KIOSK_DIR                            a sync pass, as the kiosk makes
 *
 * The ticket code is printed once the visit is on the disk, then the sync
 * pass runs: a failed pass exits 1 after the code was shown.
 */
#include <locale.h>
#include <stdio.h>

#include "cf-enroll.h"
#include "cf-error.h"
#include "cf-key.h"
#include "cf-kiosk.h"

static gboolean
sync_once (CfKiosk *kiosk,
           GError **error)
{
  CfSyncReport report = { 0 };
  gboolean ok = cf_kiosk_sync (kiosk, &report, error);

  if (ok && report.problem != NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_FAILED, "%s", report.problem);
      ok = FALSE;
    }
  cf_sync_report_clear (&report);
  return ok;
}

static gboolean
join (char   **argv,
      GError **error)
{
  g_autofree char *code = cf_enroll_read_code (argv[5], error);

  return code != NULL && cf_enroll_join_kiosk (argv[2], argv[3], argv[4], code, error);
}

static JsonObject *
read_details (const char *path,
              GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT, "%s holds no JSON object", path);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static gboolean
submit (CfKiosk    *kiosk,
        CfVisitKind kind,
        const char *topic,
        const char *appointment_id,
        JsonObject *details,
        GError    **error)
{
  g_autofree char *code = cf_kiosk_submit (kiosk, kind, topic, appointment_id, details, error);

  if (code == NULL)
    return FALSE;
  /* Shown as soon as the visit is on the disk, before the sync pass, as
   * the kiosk's own screen shows it: a crash test counts it from here. */
  printf ("%s\n", code);
  fflush (stdout);
  return sync_once (kiosk, error);
}

static gboolean
sync_only (char   **argv,
           GError **error)
{
  g_autoptr(CfKiosk) kiosk = cf_kiosk_open (argv[2], NULL, error);

  return kiosk != NULL && sync_once (kiosk, error);
}

static gboolean
drop_in (int      argc,
         char   **argv,
         GError **error)
{
  g_autoptr(CfKiosk) kiosk = cf_kiosk_open (argv[2], NULL, error);
  g_autoptr(JsonObject) details = NULL;

  if (kiosk == NULL || (details = read_details (argv[3], error)) == NULL)
    return FALSE;
  return submit (kiosk, CF_VISIT_DROP_IN, argc > 4 ? argv[4] : NULL, NULL, details, error);
}

/* The booking is looked up in the newest feed, as the kiosk's own page does. */
static gboolean
arrive (char   **argv,
        GError **error)
{
  g_autoptr(CfKiosk) kiosk = cf_kiosk_open (argv[2], NULL, error);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *appointment_id = NULL;
  gboolean found;

  if (kiosk == NULL || !sync_once (kiosk, error) ||
      !cf_kiosk_find_booking (kiosk, argv[3], &found, &appointment_id, NULL, NULL, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, "no booking with that code in the feed");
      return FALSE;
    }
  return submit (kiosk, CF_VISIT_APPOINTMENT, NULL, appointment_id, details, error);
}

/* No booking code: what the kiosk's arrival page collects instead. */
static gboolean
arrive_by_name (char   **argv,
                GError **error)
{
  g_autoptr(CfKiosk) kiosk = cf_kiosk_open (argv[2], NULL, error);
  g_autoptr(JsonObject) details = json_object_new ();

  if (kiosk == NULL)
    return FALSE;
  json_object_set_string_member (details, "name", argv[3]);
  if (!g_str_equal (argv[4], "-"))
    json_object_set_string_member (details, "date_of_birth", argv[4]);
  return submit (kiosk, CF_VISIT_APPOINTMENT, NULL, NULL, details, error);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *command = argc > 1 ? argv[1] : "";
  gboolean ok;

  setlocale (LC_ALL, "");
  if (!cf_crypto_init ())
    return 1;
  if (g_str_equal (command, "join") && argc == 6)
    ok = join (argv, &error);
  else if (g_str_equal (command, "drop-in") && (argc == 4 || argc == 5))
    ok = drop_in (argc, argv, &error);
  else if (g_str_equal (command, "arrive") && argc == 4)
    ok = arrive (argv, &error);
  else if (g_str_equal (command, "arrive-by-name") && argc == 5)
    ok = arrive_by_name (argv, &error);
  else if (g_str_equal (command, "sync") && argc == 3)
    ok = sync_only (argv, &error);
  else
    {
      fprintf (stderr, "usage: kiosk-submit join|drop-in|arrive|sync … (see the source)\n");
      return 2;
    }
  if (!ok)
    {
      fprintf (stderr, "kiosk-submit: %s\n", error->message);
      return 1;
    }
  return 0;
}
