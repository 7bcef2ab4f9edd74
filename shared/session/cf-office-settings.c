/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The office's shared settings: office_settings (by name, replicated as
 * "office_setting", last writer wins) and consent_wordings (append-only,
 * "consent_wording").  This file is the only writer of both. */
#include "cf-office-settings.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-office-settings-private.h"
#include "cf-office.h"
#include "cf-resources.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"
#include "cf-text.h"

#define SETTING_HOURS   "opening_hours"
#define SETTING_TOPICS  "kiosk_topics"
#define DEFAULT_WORDING_VERSION "1"

typedef struct {
  const char *setting;
  const char *feed_name;
  guint       min;
  guint       max;
} IdleTime;

/* The ranges are those of the programs' own GSettings keys. */
static const IdleTime idle_times[CF_IDLE_TIME_COUNT] = {
  [CF_IDLE_DESK_LOCK] = { "desk_idle_lock_seconds", NULL, 30, 3600 },
  [CF_IDLE_KIOSK_RESET] = { "kiosk_idle_reset_seconds", "reset", 10, 3600 },
  [CF_IDLE_KIOSK_READING] = { "kiosk_idle_reading_seconds", "reading", 10, 3600 },
  [CF_IDLE_KIOSK_WARNING] = { "kiosk_idle_warning_seconds", "warning", 5, 600 },
};

/* --- the built-in texts --- */

static char *
resource_text (const char *path)
{
  g_autoptr(GBytes) bytes = g_resource_lookup_data (cf_get_resource (), path, 0, NULL);

  g_assert (bytes != NULL);
  return g_strchomp (g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
}

char *
_cf_office_settings_default_wording (char **version)
{
  if (version)
    *version = g_strdup (DEFAULT_WORDING_VERSION);
  return resource_text ("/org/confide/defaults/consent-1.txt");
}

GStrv
_cf_office_settings_default_topics (void)
{
  g_autofree char *text = resource_text ("/org/confide/defaults/topics.txt");

  return g_strsplit (text, "\n", -1);
}

/* --- checks --- */

static gboolean
check_topic (const char *topic,
             GHashTable *seen,
             GError    **error)
{
  g_autofree char *folded = NULL;

  if (!cf_text_check_required (topic, CF_TEXT_LINE, _("A topic"), error))
    return FALSE;
  if (g_utf8_strlen (topic, -1) > CF_OFFICE_TOPIC_CHARS_MAX)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("A topic is too long: at most %d characters are accepted."),
                   CF_OFFICE_TOPIC_CHARS_MAX);
      return FALSE;
    }
  folded = cf_text_fold (topic);
  if (!g_hash_table_add (seen, g_steal_pointer (&folded)))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_EXISTS,
                   _("The topic “%s” is in the list twice."), topic);
      return FALSE;
    }
  return TRUE;
}

gboolean
cf_office_settings_check_topics (const char *const *topics,
                                 GStrv             *clean,
                                 GError           **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  guint n = topics ? g_strv_length ((GStrv) topics) : 0;

  if (n == 0 || n > CF_OFFICE_TOPICS_MAX)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("The kiosk needs between 1 and %d topics."), CF_OFFICE_TOPICS_MAX);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *topic = g_strstrip (g_strdup (topics[i]));

      if (!check_topic (topic, seen, error))
        return FALSE;
      g_strv_builder_add (kept, topic);
    }
  if (clean)
    *clean = g_strv_builder_end (kept);
  return TRUE;
}

gboolean
cf_office_settings_check_wording (const char *text,
                                  GError    **error)
{
  if (!cf_text_check_required (text, CF_TEXT_PARAGRAPHS, _("The consent wording"), error))
    return FALSE;
  if (g_utf8_strlen (text, -1) > CF_OFFICE_WORDING_CHARS_MAX)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("The consent wording is too long: at most %d characters are accepted."),
                   CF_OFFICE_WORDING_CHARS_MAX);
      return FALSE;
    }
  return TRUE;
}

void
cf_office_settings_idle_range (CfIdleTime idle,
                               guint     *min,
                               guint     *max)
{
  g_return_if_fail (idle < CF_IDLE_TIME_COUNT);

  *min = idle_times[idle].min;
  *max = idle_times[idle].max;
}

gboolean
cf_office_settings_check_idle (CfIdleTime idle,
                               guint      seconds,
                               GError   **error)
{
  g_return_val_if_fail (idle < CF_IDLE_TIME_COUNT, FALSE);

  if (seconds >= idle_times[idle].min && seconds <= idle_times[idle].max)
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
               _("An idle time must be between %u and %u seconds."),
               idle_times[idle].min, idle_times[idle].max);
  return FALSE;
}

/* --- the table --- */

gboolean
_cf_office_settings_read (CfStore    *store,
                          const char *name,
                          char      **value,
                          GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT value FROM office_settings WHERE name = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, name);
  return _cf_store_get_text (store, stmt, value, error);
}

/* No UPSERT in SQLite 3.15: the row is made first, so that its clocks
 * survive, then its value set. */
gboolean
_cf_office_settings_write (CfStore    *store,
                           const char *name,
                           const char *value,
                           GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT OR IGNORE INTO office_settings (name) VALUES (?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, name);
  if (!_cf_store_step_done (store, stmt, error))
    return FALSE;
  stmt = _cf_store_prepare (store, "UPDATE office_settings SET value = ? WHERE name = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, value);
  _cf_bind_text (stmt, 2, name);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "office_setting", name,
                             (const char *const[]) { "value", NULL }, error);
}

/* Hours and topics were once this machine's own settings (the settings
 * table), never replicated: a desk that still has them keeps them until a
 * manager sets the office's. */
static gboolean
read_shared_or_local (CfStore    *store,
                      const char *name,
                      char      **value,
                      GError    **error)
{
  if (!_cf_office_settings_read (store, name, value, error))
    return FALSE;
  if (*value != NULL)
    return TRUE;
  return _cf_settings_get (store, name, value, error);
}

GStrv
_cf_office_settings_topics (CfStore *store,
                            GError **error)
{
  g_autofree char *configured = NULL;
  g_auto(GStrv) topics = NULL;
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  gboolean any = FALSE;

  if (!read_shared_or_local (store, SETTING_TOPICS, &configured, error))
    return NULL;
  topics = configured ? g_strsplit (configured, "\n", -1) : _cf_office_settings_default_topics ();
  for (int i = 0; topics[i]; i++)
    if (*topics[i])
      {
        g_strv_builder_add (kept, topics[i]);
        any = TRUE;
      }
  if (!any)
    {
      g_auto(GStrv) defaults = _cf_office_settings_default_topics ();

      g_strv_builder_addv (kept, (const char **) defaults);
    }
  return g_strv_builder_end (kept);
}

char *
_cf_office_settings_hours (CfStore *store,
                           GError **error)
{
  char *hours = NULL;

  if (!read_shared_or_local (store, SETTING_HOURS, &hours, error))
    return NULL;
  return hours ? hours : g_strdup ("");
}

/* A value another machine wrote that this one cannot read (a newer
 * Confide's, or out of range) is taken as unset. */
gboolean
_cf_office_settings_idle (CfStore   *store,
                          CfIdleTime idle,
                          guint     *seconds,
                          GError   **error)
{
  g_autofree char *text = NULL;
  guint64 n;

  g_return_val_if_fail (idle < CF_IDLE_TIME_COUNT, FALSE);

  *seconds = 0;
  if (!_cf_office_settings_read (store, idle_times[idle].setting, &text, error))
    return FALSE;
  if (text && g_ascii_string_to_unsigned (text, 10, idle_times[idle].min, idle_times[idle].max,
                                          &n, NULL))
    *seconds = (guint) n;
  return TRUE;
}

const char *
_cf_office_settings_idle_feed_name (CfIdleTime idle)
{
  g_return_val_if_fail (idle < CF_IDLE_TIME_COUNT, NULL);

  return idle_times[idle].feed_name;
}

/* --- the consent wordings --- */

static gboolean
newest_wording (CfStore *store,
                char   **version,
                char   **text,
                GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT version, body FROM consent_wordings ORDER BY published_at DESC, version DESC LIMIT 1",
      error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_ROW)
    {
      *version = _cf_column_dup (stmt, 0);
      *text = _cf_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

static gboolean
insert_wording (CfStore    *store,
                const char *version,
                const char *text,
                gint64      published_at,
                GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT OR IGNORE INTO consent_wordings (version, body, published_at) VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, version);
  _cf_bind_text (stmt, 2, text);
  sqlite3_bind_int64 (stmt, 3, published_at);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "consent_wording", version, NULL, error);
}

/* The built-in wording is the same record on every desk that stores it
 * (append-only records are never merged), so no time of its own. */
static gboolean
store_default_wording (CfStore *store,
                       GError **error)
{
  g_autofree char *version = NULL;
  g_autofree char *text = _cf_office_settings_default_wording (&version);

  if (!_cf_store_begin (store, error))
    return FALSE;
  if (!insert_wording (store, version, text, 0, error) || !_cf_store_commit (store, error))
    {
      _cf_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

gboolean
_cf_office_settings_current_wording (CfStore *store,
                                     char   **version,
                                     char   **text,
                                     GError **error)
{
  *version = *text = NULL;
  if (!newest_wording (store, version, text, error))
    return FALSE;
  if (*text != NULL)
    return TRUE;
  return store_default_wording (store, error) && newest_wording (store, version, text, error);
}

/* A version two desks cannot both choose while apart: the next number,
 * then this desk's id, since a version names one text on every desk. */
static char *
next_version (CfStore *store,
              GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT coalesce (max (CAST (version AS INTEGER)), 0) + 1 FROM consent_wordings", error);
  g_autofree char *number = NULL;
  const char *node_id = NULL;

  if (stmt == NULL || !_cf_store_get_text (store, stmt, &number, error) ||
      !_cf_settings_get_node_id (store, &node_id, error))
    return NULL;
  return g_strdup_printf ("%s-%.4s", number, node_id ? node_id : "");
}

/* --- reading, signed in --- */

static CfStore *
signed_in_store (CfSession *session,
                 GError   **error)
{
  CfStore *store = cf_session_get_store (session);

  if (store == NULL)
    cf_session_require (session, CF_PERMISSION_READ_CASES, error);
  return store;
}

char *
cf_office_settings_get_hours (CfSession *session,
                              GError   **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  CfStore *store;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  if ((store = signed_in_store (session, error)) == NULL)
    return NULL;
  lock = _cf_store_lock (store);
  return _cf_office_settings_hours (store, error);
}

/* The hours a manager set for the office (or this desk's own old ones):
 * booking and the week's grid go by the same hours the kiosk shows. */
gboolean
cf_office_settings_get_opening_hours (CfSession *session,
                                      int       *opens,
                                      int       *closes,
                                      GError   **error)
{
  g_autofree char *hours = NULL;

  g_return_val_if_fail (opens != NULL && closes != NULL, FALSE);
  if ((hours = cf_office_settings_get_hours (session, error)) == NULL)
    return FALSE;
  cf_office_hours_parse (hours, opens, closes);
  return TRUE;
}

GStrv
cf_office_settings_get_topics (CfSession *session,
                               GError   **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  CfStore *store;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  if ((store = signed_in_store (session, error)) == NULL)
    return NULL;
  lock = _cf_store_lock (store);
  return _cf_office_settings_topics (store, error);
}

gboolean
cf_office_settings_get_idle (CfSession *session,
                             CfIdleTime idle,
                             guint     *seconds,
                             GError   **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  CfStore *store;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (seconds != NULL, FALSE);
  if ((store = signed_in_store (session, error)) == NULL)
    return FALSE;
  lock = _cf_store_lock (store);
  return _cf_office_settings_idle (store, idle, seconds, error);
}

char *
cf_office_settings_get_wording (CfSession *session,
                                char     **version,
                                GError   **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  g_autofree char *found = NULL;
  char *text = NULL;
  CfStore *store;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  if ((store = signed_in_store (session, error)) == NULL)
    return NULL;
  lock = _cf_store_lock (store);
  if (!_cf_office_settings_current_wording (store, &found, &text, error))
    return NULL;
  if (version)
    *version = g_steal_pointer (&found);
  return text;
}

char *
cf_office_settings_get_wording_version (CfSession  *session,
                                        const char *version,
                                        gint64     *published_at,
                                        GError    **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  sqlite3_stmt *stmt;
  char *text = NULL;
  CfStore *store;
  CfStep step;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (version != NULL, NULL);
  if ((store = signed_in_store (session, error)) == NULL)
    return NULL;
  lock = _cf_store_lock (store);
  stmt = _cf_store_prepare (store,
      "SELECT body, published_at FROM consent_wordings WHERE version = ?", error);
  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, version);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_ROW)
    {
      text = _cf_column_dup (stmt, 0);
      if (published_at)
        *published_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_DONE)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND,
                 _("There is no consent wording with version %s."), version);
  return text;
}

/* --- setting, managers only --- */

typedef struct {
  const char *name;
  const char *value;
  const char *action;
  char       *detail;   /* codes and counts only: the audit holds no free text */
  char       *version;  /* a new wording's */
} Change;

static gboolean
write_change (CfSession *session,
              gpointer   data,
              GError   **error)
{
  Change *change = data;

  return _cf_office_settings_write (cf_session_get_store (session), change->name, change->value,
                                    error) &&
         _cf_session_audit (session, change->action, change->name, change->detail, error);
}

static gboolean
set_setting (CfSession  *session,
             const char *name,
             const char *value,
             char       *detail,
             GError    **error)
{
  Change change = { name, value, "office-setting-set", detail, NULL };
  gboolean ok = _cf_session_write (session, write_change, &change, error);

  g_free (detail);
  return ok;
}

gboolean
cf_office_settings_set_hours (CfSession  *session,
                              const char *hours,
                              GError    **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);

  if (!cf_session_require (session, CF_PERMISSION_OFFICE_SETTINGS, error) ||
      !cf_office_hours_check (hours, error))
    return FALSE;
  trimmed = g_strstrip (g_strdup (hours));
  return set_setting (session, SETTING_HOURS, trimmed, NULL, error);
}

gboolean
cf_office_settings_set_topics (CfSession         *session,
                               const char *const *topics,
                               GError           **error)
{
  g_auto(GStrv) clean = NULL;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);

  if (!cf_session_require (session, CF_PERMISSION_OFFICE_SETTINGS, error) ||
      !cf_office_settings_check_topics (topics, &clean, error))
    return FALSE;
  joined = g_strjoinv ("\n", clean);
  return set_setting (session, SETTING_TOPICS, joined,
                      g_strdup_printf ("%u", g_strv_length (clean)), error);
}

gboolean
cf_office_settings_set_idle (CfSession *session,
                             CfIdleTime idle,
                             guint      seconds,
                             GError   **error)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (idle < CF_IDLE_TIME_COUNT, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_OFFICE_SETTINGS, error) ||
      (seconds != 0 && !cf_office_settings_check_idle (idle, seconds, error)))
    return FALSE;
  value = seconds ? g_strdup_printf ("%u", seconds) : NULL;
  return set_setting (session, idle_times[idle].setting, value,
                      g_strdup_printf ("%u", seconds), error);
}

typedef struct {
  const char  *hours;
  const guint *idle;
} OfficeChange;

/* Checked here, against what is set now: empty hours are refused only
 * once the office has some. */
static gboolean
write_hours (CfSession  *session,
             const char *hours,
             GError    **error)
{
  Change change = { SETTING_HOURS, hours, "office-setting-set", NULL, NULL };
  g_autofree char *current = _cf_office_settings_hours (cf_session_get_store (session), error);

  if (current == NULL)
    return FALSE;
  if ((*hours == '\0' && *current == '\0') || g_strcmp0 (current, hours) == 0)
    return TRUE;
  return cf_office_hours_check (hours, error) && write_change (session, &change, error);
}

static gboolean
write_hours_and_idle (CfSession *session,
                      gpointer   data,
                      GError   **error)
{
  OfficeChange *office = data;

  if (!write_hours (session, office->hours, error))
    return FALSE;
  for (CfIdleTime i = 0; i < CF_IDLE_TIME_COUNT; i++)
    {
      g_autofree char *value = office->idle[i] ? g_strdup_printf ("%u", office->idle[i]) : NULL;
      g_autofree char *detail = g_strdup_printf ("%u", office->idle[i]);
      Change change = { idle_times[i].setting, value, "office-setting-set", detail, NULL };
      guint now;

      if (!_cf_office_settings_idle (cf_session_get_store (session), i, &now, error))
        return FALSE;
      if (now != office->idle[i] && !write_change (session, &change, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
cf_office_settings_set_hours_and_idle (CfSession   *session,
                                       const char  *hours,
                                       const guint *idle,
                                       GError     **error)
{
  g_autofree char *trimmed = NULL;
  OfficeChange office = { NULL, idle };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (hours != NULL && idle != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_OFFICE_SETTINGS, error))
    return FALSE;
  for (CfIdleTime i = 0; i < CF_IDLE_TIME_COUNT; i++)
    if (idle[i] != 0 && !cf_office_settings_check_idle (i, idle[i], error))
      return FALSE;
  office.hours = trimmed = g_strstrip (g_strdup (hours));
  return _cf_session_write (session, write_hours_and_idle, &office, error);
}

static gboolean
publish_wording (CfSession *session,
                 gpointer   data,
                 GError   **error)
{
  Change *change = data;
  CfStore *store = cf_session_get_store (session);
  g_autofree char *current = NULL, *current_text = NULL;

  if (!newest_wording (store, &current, &current_text, error))
    return FALSE;
  if (g_strcmp0 (current_text, change->value) == 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_EXISTS,
                   _("That is already the consent wording the kiosk offers."));
      return FALSE;
    }
  change->version = next_version (store, error);
  return change->version != NULL &&
         insert_wording (store, change->version, change->value,
                         g_get_real_time () / G_USEC_PER_SEC, error) &&
         _cf_session_audit (session, change->action, change->version, change->detail, error);
}

char *
cf_office_settings_publish_wording (CfSession  *session,
                                    const char *text,
                                    GError    **error)
{
  Change change = { NULL, NULL, "consent-wording-published", NULL, NULL };
  g_autofree char *detail = NULL, *chomped = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);

  if (!cf_session_require (session, CF_PERMISSION_OFFICE_SETTINGS, error) ||
      !cf_office_settings_check_wording (text, error))
    return NULL;
  /* A file's last line ends in a new line the wording does not have. */
  change.value = chomped = g_strchomp (g_strdup (text));
  change.detail = detail = g_strdup_printf ("%ld", g_utf8_strlen (chomped, -1));
  if (!_cf_session_write (session, publish_wording, &change, error))
    {
      g_free (change.version);
      return NULL;
    }
  return change.version;
}
