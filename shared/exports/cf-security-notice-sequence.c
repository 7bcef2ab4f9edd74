/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What Security's calendar holds, so that an updated notice replaces the
 * earlier one there: each appointment keeps one opaque UID from export to
 * export, its SEQUENCE goes up when what Security sees of it changes, and
 * an appointment Security was told of that no longer brings anyone on
 * campus comes once more, as cancelled. */
#include "cf-security-notice-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"

/* crypto_kdf_CONTEXTBYTES long: the notice's keys, and nothing else's. */
#define KDF_CONTEXT "cfnotice"

enum { SUBKEY_UID = 1, SUBKEY_SHOWN = 2 };

typedef struct {
  guint8 uid[crypto_generichash_KEYBYTES];
  guint8 shown[crypto_generichash_KEYBYTES];
} Keys;

G_STATIC_ASSERT (CF_KEY_BYTES == crypto_kdf_KEYBYTES);
G_STATIC_ASSERT (sizeof KDF_CONTEXT - 1 == crypto_kdf_CONTEXTBYTES);

/* ---- The key ------------------------------------------------------------ */

/* Derived, not stored: every holder of the case key has the box secret
 * that each of its generations carries, and it does not change when the
 * case key does, so every desk makes the same UIDs without a key of its own
 * to create and replicate (two desks exporting before they first
 * synchronised would otherwise make two keys, and Security would get each
 * appointment twice).  An administrator holds none, and so cannot tell
 * which appointment a UID stands for. */
gboolean
_cf_security_notice_uid_key (CfSession *session,
                             guint8    *uid_key,
                             guint8    *shown_key,
                             GError   **error)
{
  CfCaseKeyring *ring = _cf_session_get_case_keys (session);
  g_autoptr(CfKey) secret = ring ? _cf_case_keyring_derive (ring, "security-notice") : NULL;

  if (secret == NULL)
    {
      if (cf_session_require (session, CF_PERMISSION_EXPORT_SECURITY, error))
        g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
                     _("You hold no case key on this desk, so no notice can be made here."));
      return FALSE;
    }
  crypto_kdf_derive_from_key (uid_key, crypto_generichash_KEYBYTES, SUBKEY_UID, KDF_CONTEXT,
                              cf_key_get_bytes (secret));
  crypto_kdf_derive_from_key (shown_key, crypto_generichash_KEYBYTES, SUBKEY_SHOWN, KDF_CONTEXT,
                              cf_key_get_bytes (secret));
  return TRUE;
}

/* Each part with its terminating NUL, so that no two lists of parts hash
 * alike ("ab", "c" and "a", "bc"). */
static char *
keyed_hash (const guint8      *key,
            const char *const *parts)
{
  crypto_generichash_state state;
  guint8 hash[32];
  char hex[2 * sizeof hash + 1];

  crypto_generichash_init (&state, key, crypto_generichash_KEYBYTES, sizeof hash);
  for (; *parts != NULL; parts++)
    crypto_generichash_update (&state, (const guint8 *) *parts, strlen (*parts) + 1);
  crypto_generichash_final (&state, hash, sizeof hash);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  return g_strdup (hex);
}

static char *
uid_for (const Keys *keys,
         const char *appointment_id)
{
  g_autofree char *hash = keyed_hash (keys->uid, (const char *const[]) { appointment_id, NULL });

  return g_strconcat (hash, "@confide", NULL);
}

static char *
shown_for (const Keys                *keys,
           const CfSecurityNoticeRow *row)
{
  const char *number = row->student_number ? row->student_number : "";

  return keyed_hash (keys->shown, (const char *const[]) { row->student_name, number, NULL });
}

/* ---- What Security was last sent ---------------------------------------- */

typedef struct {
  gboolean  found;
  guint     sequence;
  gboolean  cancelled;
  gint64    start_at;
  gint64    end_at;
  char     *shown;
} LastSent;

#define LAST_SENT_QUERY \
  "SELECT coalesce (i.sequence, 0), coalesce (i.cancelled, 0), i.start_at, i.end_at, i.shown" \
  " FROM security_notice_items i WHERE i.id = (" NOTICE_LATEST_ITEM ("?1") ")"

static gboolean
read_last_sent (CfStore    *store,
                const char *appointment_id,
                LastSent   *last,
                GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, LAST_SENT_QUERY, error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, appointment_id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_ROW)
    {
      last->found = TRUE;
      last->sequence = (guint) sqlite3_column_int64 (stmt, 0);
      last->cancelled = sqlite3_column_int (stmt, 1) != 0;
      last->start_at = sqlite3_column_int64 (stmt, 2);
      last->end_at = sqlite3_column_int64 (stmt, 3);
      last->shown = _cf_column_dup (stmt, 4);
    }
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

/* The same SEQUENCE while Security holds what the row says; one more once
 * the times, the name or the student ID changed, or the event was
 * cancelled and is back.  An item from before schema step 14 has no shown
 * hash: only its times can tell. */
static guint
next_sequence (const LastSent   *last,
               const NoticeItem *item)
{
  if (!last->found)
    return 0;
  if (last->cancelled || last->start_at != item->start_at || last->end_at != item->end_at ||
      (last->shown != NULL && g_strcmp0 (last->shown, item->shown) != 0))
    return last->sequence + 1;
  return last->sequence;
}

static gboolean
sequence_rows_on (CfStore    *store,
                  const Keys *keys,
                  Notice     *notice,
                  GError    **error)
{
  for (guint i = 0; i < notice->n_on; i++)
    {
      CfSecurityNoticeRow *row = &g_array_index (notice->rows, CfSecurityNoticeRow, i);
      NoticeItem *item = &g_array_index (notice->items, NoticeItem, i);
      LastSent last = { 0 };

      row->uid = uid_for (keys, item->appointment_id);
      item->shown = shown_for (keys, row);
      if (!read_last_sent (store, item->appointment_id, &last, error))
        return FALSE;
      item->sequence = row->sequence = next_sequence (&last, item);
      g_free (last.shown);
    }
  return TRUE;
}

/* ---- Cancellations ------------------------------------------------------ */

/* Appointments whose latest item told Security, of this period, that they
 * are on.  Those not in the notice now are off for Security, whatever the
 * reason: cancelled, by phone or video, the student's flag cleared, the
 * appointment gone, or moved out of the period (a later notice for its new
 * period brings it back, with a higher SEQUENCE). */
#define TOLD_IN_PERIOD_QUERY \
  "SELECT i.appointment_id, i.student_id, i.start_at, i.end_at, coalesce (i.sequence, 0), i.shown" \
  " FROM security_notice_items i" \
  " WHERE i.start_at >= ?1 AND i.start_at < ?2 AND coalesce (i.cancelled, 0) = 0" \
  "   AND i.id = (" NOTICE_LATEST_ITEM ("i.appointment_id") ")" \
  " ORDER BY i.start_at, i.end_at, i.appointment_id"

/* The times Security holds, so that its calendar finds the event in the
 * period it is in; no name. */
static void
append_cancellation (Notice       *notice,
                     const Keys   *keys,
                     sqlite3_stmt *stmt)
{
  CfSecurityNoticeRow row = { 0 };
  NoticeItem item = { 0 };

  item.appointment_id = _cf_column_dup (stmt, 0);
  item.student_id = _cf_column_dup (stmt, 1);
  row.start_at = item.start_at = sqlite3_column_int64 (stmt, 2);
  row.end_at = item.end_at = sqlite3_column_int64 (stmt, 3);
  row.sequence = item.sequence = (guint) sqlite3_column_int64 (stmt, 4) + 1;
  item.shown = _cf_column_dup (stmt, 5);
  row.cancelled = item.cancelled = TRUE;
  row.uid = uid_for (keys, item.appointment_id);
  g_array_append_val (notice->rows, row);
  g_array_append_val (notice->items, item);
}

static gboolean
add_cancellations (CfStore    *store,
                   const Keys *keys,
                   gint64      from,
                   gint64      to,
                   Notice     *notice,
                   GError    **error)
{
  g_autoptr(GHashTable) on = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt = _cf_store_prepare (store, TOLD_IN_PERIOD_QUERY, error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < notice->n_on; i++)
    g_hash_table_add (on, g_array_index (notice->items, NoticeItem, i).appointment_id);
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    if (!g_hash_table_contains (on, sqlite3_column_text (stmt, 0)))
      append_cancellation (notice, keys, stmt);
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

gboolean
_cf_security_notice_sequence (CfSession *session,
                              gint64     from,
                              gint64     to,
                              Notice    *notice,
                              GError   **error)
{
  CfStore *store = cf_session_get_store (session);
  Keys *keys;
  gboolean ok;

  g_return_val_if_fail (notice->n_on == notice->rows->len, FALSE);

  /* Locked memory, wiped when freed, as the store keeps its keys. */
  keys = sodium_malloc (sizeof (Keys));
  if (keys == NULL)
    g_error ("Out of memory for the notice's keys");
  ok = _cf_security_notice_uid_key (session, keys->uid, keys->shown, error) &&
       sequence_rows_on (store, keys, notice, error) &&
       add_cancellations (store, keys, from, to, notice, error);
  sodium_free (keys);
  return ok;
}
