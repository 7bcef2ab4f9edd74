/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-feed.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-feed-private.h"
#include "cf-json.h"
#include "cf-key.h"
#include "cf-office-settings-private.h"
#include "cf-office.h"
#include "cf-resources.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"

#define CALLING_WINDOW          (15 * 60)   /* how long a called ticket shows */
#define QUEUE_WINDOW            (16 * 3600) /* a day's drop-ins, not yesterday's */

char *
cf_feed_default_consent (char **version)
{
  return _cf_office_settings_default_wording (version);
}

GStrv
cf_feed_default_topics (void)
{
  return _cf_office_settings_default_topics ();
}

JsonArray *
cf_feed_default_parties (void)
{
  g_autoptr(GBytes) bytes = g_resource_lookup_data (cf_get_resource (), "/org/confide/defaults/parties.txt",
                                                    0, NULL);
  g_autofree char *text = g_strchomp (g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  JsonArray *parties = json_array_new ();

  for (int i = 0; lines[i]; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 2);
      JsonObject *party;

      if (g_strv_length (fields) != 2)
        continue;
      party = json_object_new ();
      json_object_set_string_member (party, "id", fields[0]);
      json_object_set_string_member (party, "label", fields[1]);
      json_array_add_object_element (parties, party);
    }
  return parties;
}

char *
cf_feed_normalise_code (const char *code)
{
  GString *normal = g_string_new (NULL);

  for (const char *p = code; p && *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (normal, g_ascii_toupper (*p));
  return g_string_free (normal, FALSE);
}

char *
cf_feed_booking_verifier (const guint8 *feed_key,
                          const char   *code)
{
  char *normal = cf_feed_normalise_code (code);
  guint8 hash[16];
  char hex[33];

  crypto_generichash (hash, sizeof hash, (const guint8 *) normal, strlen (normal),
                      feed_key, crypto_generichash_KEYBYTES);
  /* A code a student typed at the kiosk: no copy of it is left behind. */
  cf_wipe_string (normal);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  return g_strdup (hex);
}

/* ---- building -------------------------------------------------------- */

static gboolean
add_consent (JsonObject *feed,
             CfStore    *store,
             GError    **error)
{
  JsonObject *consent;
  g_autofree char *version = NULL;
  g_autofree char *text = NULL;

  if (!_cf_office_settings_current_wording (store, &version, &text, error))
    return FALSE;
  consent = json_object_new ();
  json_object_set_string_member (consent, "version", version);
  json_object_set_string_member (consent, "text", text);
  json_object_set_array_member (consent, "parties", cf_feed_default_parties ());
  json_object_set_object_member (feed, "consent", consent);
  return TRUE;
}

GStrv
_cf_feed_office_topics (CfStore *store,
                        GError **error)
{
  return _cf_office_settings_topics (store, error);
}

/* What the feed's "idle" holds may be anything a desk signed, a newer
 * Confide's too: a time out of the range desks allow is taken as none. */
guint
cf_feed_idle_seconds (JsonObject *feed,
                      CfIdleTime  idle)
{
  JsonObject *times = feed ? cf_json_get_object (feed, "idle") : NULL;
  const char *name = idle < CF_IDLE_TIME_COUNT ? _cf_office_settings_idle_feed_name (idle) : NULL;
  guint min, max;
  gint64 seconds;

  if (times == NULL || name == NULL)
    return 0;
  seconds = cf_json_get_int (times, name, 0);
  cf_office_settings_idle_range (idle, &min, &max);
  return seconds >= min && seconds <= max ? (guint) seconds : 0;
}

/* The kiosk's idle times the office set; each one missing leaves the
 * kiosk's own setting. */
static gboolean
add_idle (JsonObject *feed,
          CfStore    *store,
          GError    **error)
{
  JsonObject *idle = json_object_new ();

  json_object_set_object_member (feed, "idle", idle);
  for (CfIdleTime i = 0; i < CF_IDLE_TIME_COUNT; i++)
    {
      const char *name = _cf_office_settings_idle_feed_name (i);
      guint seconds;

      if (name == NULL)
        continue;
      if (!_cf_office_settings_idle (store, i, &seconds, error))
        return FALSE;
      if (seconds > 0)
        json_object_set_int_member (idle, name, seconds);
    }
  return TRUE;
}

static gboolean
add_topics (JsonObject *feed,
            CfStore    *store,
            GError    **error)
{
  g_auto(GStrv) topics = _cf_feed_office_topics (store, error);
  JsonArray *array;

  if (topics == NULL)
    return FALSE;
  array = json_array_new ();
  for (int i = 0; topics[i]; i++)
    json_array_add_string_element (array, topics[i]);
  json_object_set_array_member (feed, "topics", array);
  return TRUE;
}

/* Sets @member of @feed to the rows of @sql, given ?1 = @bound. */
static gboolean
add_array (JsonObject        *feed,
           const char        *member,
           CfStore           *store,
           const char        *sql,
           gint64             bound,
           const char *const *members,
           GError           **error)
{
  g_autoptr(JsonArray) array = json_array_new ();
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, bound);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      JsonObject *row;

      if (members == NULL)
        {
          json_array_add_string_element (array, (const char *) sqlite3_column_text (stmt, 0));
          continue;
        }
      row = json_object_new ();
      for (int i = 0; members[i]; i++)
        if (sqlite3_column_type (stmt, i) == SQLITE_INTEGER)
          json_object_set_int_member (row, members[i], sqlite3_column_int64 (stmt, i));
        else
          json_object_set_string_member (row, members[i], (const char *) sqlite3_column_text (stmt, i));
      json_array_add_object_element (array, row);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  json_object_set_array_member (feed, member, g_steal_pointer (&array));
  return TRUE;
}

/* How many wait for a drop-in now: a count, so a kiosk can tell the next
 * student their place without learning anything about anyone. */
static gboolean
add_waiting (JsonObject *feed,
             CfStore    *store,
             gint64      now,
             GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT count(*) FROM tickets WHERE status = 'waiting' AND kind = 'drop-in' AND waiting_since >= ?",
      error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now - QUEUE_WINDOW);
  step = _cf_store_step (store, stmt, error);
  if (step != CF_STEP_ROW)
    {
      /* A count always gives a row: none is a broken database. */
      if (step == CF_STEP_DONE)
        _cf_store_set_error (store, SQLITE_ERROR, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  json_object_set_int_member (feed, "waiting", sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  return TRUE;
}

/* Every ticket code handed out on the office's today, whatever became of
 * the ticket, so a kiosk draws none of them again (cf-kiosk.c).  Codes
 * only, in the order of the codes, not of arrival: they are on the public
 * board anyway. */
static gboolean
add_issued (JsonObject *feed,
            CfSession  *session,
            CfStore    *store,
            GError    **error)
{
  g_autoptr(GDateTime) midnight = cf_office_today_start (session);
  g_autoptr(JsonObject) issued = json_object_new ();
  g_autofree char *day = g_date_time_format (midnight, "%Y-%m-%d");

  if (!add_array (issued, "codes", store,
                  "SELECT DISTINCT code FROM tickets WHERE code IS NOT NULL AND waiting_since >= ? ORDER BY code",
                  g_date_time_to_unix (midnight), NULL, error))
    return FALSE;
  json_object_set_string_member (issued, "day", day);
  json_object_set_object_member (feed, "issued", g_steal_pointer (&issued));
  return TRUE;
}

void
cf_feed_issued_codes (JsonObject *feed,
                      const char *day,
                      GHashTable *codes)
{
  JsonObject *issued = feed ? cf_json_get_object (feed, "issued") : NULL;
  JsonArray *array = issued ? cf_json_get_array (issued, "codes") : NULL;

  g_return_if_fail (day != NULL && codes != NULL);
  /* Another day's codes (a feed not refreshed since yesterday) take
   * nothing from today's. */
  if (array == NULL || g_strcmp0 (cf_json_get_string (issued, "day"), day) != 0)
    return;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_hash_table_add (codes, cf_feed_normalise_code (json_node_get_string (node)));
    }
}

static const char *const booking_members[] = { "verifier", "appointment", "start", "end", NULL };
static const char *const roster_members[] = { "id", "kind", "sign_public", "revoked", NULL };

/* Today's and tomorrow's bookings: enough for a kiosk to check a student in
 * while the folder is away for a while, no more. */
JsonObject *
cf_feed_build (CfSession *session,
               GError   **error)
{
  CfStore *store;
  g_autoptr(CfStoreLock) lock = NULL;
  g_autofree char *office = NULL, *hours = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(JsonObject) feed = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  if (!cf_session_require (session, CF_PERMISSION_ADMINISTER, NULL) &&
      !cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return NULL;
  store = cf_session_get_store (session);
  lock = _cf_store_lock (store);
  if (!_cf_settings_get (store, "office_name", &office, error) ||
      (hours = _cf_office_settings_hours (store, error)) == NULL)
    return NULL;
  feed = json_object_new ();
  json_object_set_int_member (feed, "format", 1);
  json_object_set_int_member (feed, "at", now);
  json_object_set_string_member (feed, "office", office ? office : "");
  json_object_set_string_member (feed, "hours", hours);
  if (!add_topics (feed, store, error) || !add_consent (feed, store, error) ||
      !add_idle (feed, store, error) ||
      !add_waiting (feed, store, now, error) ||
      !add_issued (feed, session, store, error) ||
      !add_array (feed, "calling", store,
                  "SELECT code FROM tickets WHERE status = 'called' AND called_at > ? ORDER BY called_at DESC",
                  now - CALLING_WINDOW, NULL, error) ||
      !add_array (feed, "bookings", store,
                  "SELECT booking_code_hash, id, start_at, end_at FROM appointments"
                  " WHERE booking_code_hash IS NOT NULL AND status = 'booked' AND start_at >= ?1 AND start_at < ?1 + 172800",
                  now - 86400 / 2, booking_members, error) ||
      !add_array (feed, "roster", store,
                  "SELECT id, kind, sign_public, revoked_at IS NOT NULL FROM nodes WHERE ? IS NOT NULL",
                  now, roster_members, error))
    return NULL;
  return g_steal_pointer (&feed);
}
