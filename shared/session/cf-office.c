/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-office.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <stdio.h>

#include "cf-audit-private.h"
#include "cf-audit.h"
#include "cf-case-keys-private.h"
#include "cf-changes-private.h"
#include "cf-data-dir.h"
#include "cf-enroll-private.h"
#include "cf-error.h"
#include "cf-files.h"
#include "cf-keyslots.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"
#include "cf-text.h"
#include "cf-time.h"

#define PASSPHRASE_MIN_CHARS 8

gboolean
cf_passphrase_check (const char *passphrase,
                     GError    **error)
{
  if (!cf_text_check (passphrase, -1, CF_TEXT_LINE, _("The passphrase"), error))
    return FALSE;
  if (g_utf8_strlen (passphrase, -1) < PASSPHRASE_MIN_CHARS)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE, "The passphrase is too short: use at least %d character.",
                                "The passphrase is too short: use at least %d characters.",
                                PASSPHRASE_MIN_CHARS),
                   PASSPHRASE_MIN_CHARS);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_base64_setting (CfStore      *store,
                    const char   *name,
                    const guint8 *bytes,
                    gsize         length,
                    GError      **error)
{
  g_autofree char *text = g_base64_encode (bytes, length);
  gboolean ok = _cf_settings_set (store, name, text, error);

  sodium_memzero (text, strlen (text));
  return ok;
}

/* The office keys of design.md kept in the office database: kiosks seal to
 * the office public key, the kiosk feed has its own key, and each machine
 * signs what it writes.  The public key's secret half is case data: it goes
 * with the case key's first generation (cf-case-keys.c). */
static gboolean
create_office_keys (CfStore *store,
                    CfKey   *box_secret,
                    guint8  *sign_public,
                    GError **error)
{
  guint8 box_public[crypto_box_PUBLICKEYBYTES];
  guint8 sign_secret[crypto_sign_SECRETKEYBYTES];
  guint8 feed_key[CF_KEY_BYTES];
  gboolean ok;

  cf_key_get_public (box_secret, box_public);
  crypto_sign_keypair (sign_public, sign_secret);
  randombytes_buf (feed_key, sizeof feed_key);

  ok = set_base64_setting (store, "office_box_public", box_public, sizeof box_public, error) &&
       set_base64_setting (store, "feed_key", feed_key, sizeof feed_key, error) &&
       set_base64_setting (store, "node_sign_secret", sign_secret, sizeof sign_secret, error);

  sodium_memzero (sign_secret, sizeof sign_secret);
  sodium_memzero (feed_key, sizeof feed_key);
  return ok;
}

typedef struct {
  const char  *node_id;
  const char  *office_name;
  const char  *user;
  const char  *credential;
  const guint8 *user_public;
} FirstRecords;

static gboolean
insert_first_records (CfStore            *store,
                      const FirstRecords *first,
                      GError            **error)
{
  g_autofree char *user_id = g_uuid_string_random ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint8 sign_public[crypto_sign_PUBLICKEYBYTES];
  g_autofree char *sign_public_text = NULL;
  g_autoptr(CfKey) box_secret = cf_key_new_random ();
  sqlite3_stmt *stmt;

  if (!_cf_settings_set (store, "node_id", first->node_id, error) ||
      !_cf_settings_set (store, "node_kind", "desk", error) ||
      !_cf_settings_set (store, "office_name", first->office_name, error) ||
      !_cf_settings_set (store, "time_zone", g_time_zone_get_identifier (zone), error) ||
      !create_office_keys (store, box_secret, sign_public, error))
    return FALSE;

  stmt = _cf_store_prepare (store,
      "INSERT INTO users (id, name, role, credential, created_at) VALUES (?, ?, 'manager', ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, user_id);
  _cf_bind_text (stmt, 2, first->user);
  _cf_bind_text (stmt, 3, first->credential);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!_cf_store_step_done (store, stmt, error) ||
      !_cf_changes_record (store, "user", user_id,
                           (const char *const[]) { "name", "role", "credential", "created_at", NULL },
                           error) ||
      !_cf_case_keys_create_first (store, user_id, first->user_public, box_secret, error))
    return FALSE;

  sign_public_text = g_base64_encode (sign_public, sizeof sign_public);
  return _cf_enroll_insert_node (store, first->node_id, "desk", sign_public_text, now, error) &&
         _cf_audit_append (store, user_id, "office-created", first->node_id, NULL, error);
}

static gboolean
check_create_arguments (const char *data_dir,
                        const char *office_name,
                        const char *user,
                        const char *passphrase,
                        GError    **error)
{
  g_autofree char *database = cf_data_dir_database (data_dir);

  if (!cf_text_check_required (office_name, CF_TEXT_LINE, _("The office name"), error) ||
      !cf_text_check_required (user, CF_TEXT_LINE, _("The user name"), error) ||
      !cf_passphrase_check (passphrase, error))
    return FALSE;
  if (g_file_test (database, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_EXISTS,
                   _("%s already holds an office. Choose another --data-dir, or sign in to that one."),
                   data_dir);
      return FALSE;
    }
  return TRUE;
}

static gboolean
create_database (const char         *data_dir,
                 const CfKey        *key,
                 const FirstRecords *first,
                 GError            **error)
{
  g_autofree char *database = cf_data_dir_database (data_dir);
  g_autoptr(CfStore) store = cf_store_open_desk (database, key, error);
  g_autoptr(CfStoreLock) lock = NULL;

  if (store == NULL)
    return FALSE;
  lock = _cf_store_lock (store);
  if (!_cf_store_begin (store, error))
    return FALSE;
  if (!insert_first_records (store, first, error) ||
      !_cf_store_commit (store, error))
    {
      _cf_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

gboolean
cf_office_create (const char *data_dir,
                  const char *sync_dir,
                  const char *office_name,
                  const char *user,
                  const char *passphrase,
                  GError    **error)
{
  g_autofree char *slots = NULL, *credential = NULL;
  g_autofree char *node_id = g_uuid_string_random ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(CfKey) office_key = cf_key_new_random ();
  g_autoptr(CfKey) user_secret = cf_key_new_random ();
  guint8 user_public[crypto_box_PUBLICKEYBYTES];
  CfNodeConfig config = { node_id, (char *) "desk", (char *) sync_dir };
  FirstRecords first = { node_id, office_name, user, NULL, user_public };

  g_return_val_if_fail (data_dir && sync_dir && office_name && user && passphrase, FALSE);

  if (!check_create_arguments (data_dir, office_name, user, passphrase, error) ||
      !cf_files_ensure_folder (data_dir, error) ||
      !cf_files_ensure_folder (sync_dir, error))
    return FALSE;

  slots = cf_data_dir_keyslots (data_dir);
  cf_key_get_public (user_secret, user_public);
  if (cf_keyslots_create (slots, NULL, office_key, key, error))
    credential = cf_keyslots_make_credential (slots, user, passphrase, user_secret, office_key, error);
  first.credential = credential;
  if (credential == NULL ||
      !cf_keyslots_put_credentials (slots, (const char *const[]) { credential, NULL }, FALSE, error) ||
      !create_database (data_dir, key, &first, error) ||
      !cf_node_config_save (data_dir, &config, error))
    {
      cf_data_dir_remove_machine (data_dir);   /* so set-up can simply be run again */
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  char *data_dir;
  char *sync_dir;
  char *office_name;
  char *user;
  char *passphrase;
} Create;

static void
create_free (Create *create)
{
  g_free (create->data_dir);
  g_free (create->sync_dir);
  g_free (create->office_name);
  g_free (create->user);
  cf_wipe_string (create->passphrase);
  g_free (create);
}

static void
create_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Create *create = task_data;
  GError *error = NULL;

  if (cf_office_create (create->data_dir, create->sync_dir, create->office_name,
                        create->user, create->passphrase, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cf_office_create_async (const char         *data_dir,
                        const char         *sync_dir,
                        const char         *office_name,
                        const char         *user,
                        const char         *passphrase,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Create *create = g_new0 (Create, 1);

  create->data_dir = g_strdup (data_dir);
  create->sync_dir = g_strdup (sync_dir);
  create->office_name = g_strdup (office_name);
  create->user = g_strdup (user);
  create->passphrase = g_strdup (passphrase);
  g_task_set_source_tag (task, cf_office_create_async);
  g_task_set_task_data (task, create, (GDestroyNotify) create_free);
  g_task_run_in_thread (task, create_thread);
}

gboolean
cf_office_create_finish (GAsyncResult *result,
                         GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
cf_office_get_name (CfSession *session,
                    GError   **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = NULL;
  char *name;

  g_return_val_if_fail (store != NULL, NULL);
  lock = _cf_store_lock (store);
  return _cf_settings_get (store, "office_name", &name, error) ? name : NULL;
}

/* The times of day in the office's opening hours, as it wrote them
 * ("Monday to Friday, 10:00 to 16:00", "9am-5pm"), in order. */
static GArray *
times_in (const char *hours)
{
  g_autoptr(GRegex) regex = g_regex_new ("\\b(\\d{1,2}[:.]\\d{2}(?:\\s*[ap]m)?|\\d{1,2}\\s*[ap]m)\\b",
                                         G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GArray *times = g_array_new (FALSE, FALSE, sizeof (int));

  g_regex_match (regex, hours, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *word = g_match_info_fetch (match, 1);
      int minutes;

      if (cf_clock_parse (word, &minutes, NULL))
        g_array_append_val (times, minutes);
      g_match_info_next (match, NULL);
    }
  return times;
}

void
cf_office_hours_parse (const char *text,
                       int        *opens,
                       int        *closes)
{
  g_autoptr(GArray) times = times_in (text ? text : "");

  *opens = 9 * 60;
  *closes = 17 * 60;
  if (times->len >= 2 && g_array_index (times, int, 0) < g_array_index (times, int, 1))
    {
      *opens = g_array_index (times, int, 0);
      *closes = g_array_index (times, int, 1);
    }
}

gboolean
cf_office_hours_check (const char *text,
                       GError    **error)
{
  g_autoptr(GArray) times = NULL;

  if (!cf_text_check_required (text, CF_TEXT_LINE, _("The opening hours"), error))
    return FALSE;
  times = times_in (text);
  if (times->len < 2 || g_array_index (times, int, 0) >= g_array_index (times, int, 1))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("Write the opening hours with the time the office opens, then the time it closes, as in “Monday to Friday, 10:00 to 16:00”."));
      return FALSE;
    }
  return TRUE;
}

GTimeZone *
cf_office_get_time_zone (CfSession *session)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = NULL;
  g_autofree char *identifier = NULL;
  GTimeZone *zone;

  g_return_val_if_fail (store != NULL, g_time_zone_new_local ());
  lock = _cf_store_lock (store);
  /* Only how times are shown depends on it: one that cannot be read is
   * shown as local time, as an unset one is, and the fault is reported by
   * the next read that decides something. */
  _cf_settings_get (store, "time_zone", &identifier, NULL);
  zone = identifier ? g_time_zone_new_identifier (identifier) : NULL;
  return zone ? zone : g_time_zone_new_local ();
}

GDateTime *
cf_office_today_start (CfSession *session)
{
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (session);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);

  return g_date_time_new (zone, g_date_time_get_year (now), g_date_time_get_month (now),
                          g_date_time_get_day_of_month (now), 0, 0, 0);
}
