/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The office's machines: listing them, and revoking one (a stolen kiosk, a
 * dead desk).  The sync pass does the rest: it refuses a revoked machine's
 * segments (cf-sync-import.c), leaves it out of compaction
 * (cf-sync-acks.c) and gives the remaining kiosks the new feed key
 * (cf-sync-feed-key.c). */
#include "cf-machines-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cf-audit-private.h"
#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"
#include "cf-text.h"

void
cf_machine_free (CfMachine *machine)
{
  if (machine == NULL)
    return;
  g_free (machine->id);
  g_free (machine->kind);
  g_free (machine->revoke_reason);
  g_free (machine);
}

/* ---- settings the machines share ------------------------------------- */

CfKey *
_cf_machines_booking_key (CfStore *store,
                          GError **error)
{
  g_autofree char *text = NULL;

  if (!_cf_settings_get (store, "booking_key", &text, error))
    return NULL;
  if (text != NULL)
    sodium_memzero (text, strlen (text));
  return _cf_settings_get_key (store, text ? "booking_key" : "feed_key", error);
}

gboolean
_cf_machines_unjoined_days (CfStore *store,
                            gint64  *days,
                            GError **error)
{
  g_autofree char *text = NULL;

  if (!_cf_settings_get (store, "machine_unjoined_days", &text, error))
    return FALSE;
  *days = text ? g_ascii_strtoll (text, NULL, 10) : 0;
  if (*days <= 0)
    *days = CF_MACHINES_UNJOINED_DAYS_DEFAULT;
  return TRUE;
}

/* ---- listing ---------------------------------------------------------- */

/* A machine is seen when it writes its acks or when this one applies a
 * segment of its: a kiosk reads nobody's segments, so it writes no acks. */
static CfMachine *
machine_new_from_row (sqlite3_stmt *stmt,
                      const char   *self_id)
{
  CfMachine *machine = g_new0 (CfMachine, 1);

  machine->id = _cf_column_dup (stmt, 0);
  machine->kind = _cf_column_dup (stmt, 1);
  machine->enrolled_at = sqlite3_column_int64 (stmt, 2);
  machine->revoked_at = sqlite3_column_int64 (stmt, 3);
  machine->revoke_reason = _cf_column_dup (stmt, 4);
  machine->is_self = g_strcmp0 (machine->id, self_id) == 0;
  machine->last_seen = machine->is_self ? g_get_real_time () / G_USEC_PER_SEC
                                        : sqlite3_column_int64 (stmt, 5);
  return machine;
}

static gboolean
collect_machines (CfStore    *store,
                  const char *self_id,
                  GPtrArray  *machines,
                  GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT n.id, n.kind, n.enrolled_at, coalesce (n.revoked_at, 0), n.revoke_reason,"
      " max (coalesce ((SELECT max (reported_at) FROM peer_acks a WHERE a.reader_id = n.id), 0),"
      "      coalesce ((SELECT max (applied_at) FROM applied_segments s WHERE s.node_id = n.id), 0))"
      " FROM nodes n ORDER BY n.kind, n.enrolled_at, n.id", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    g_ptr_array_add (machines, machine_new_from_row (stmt, self_id));
  sqlite3_reset (stmt);
  return step == CF_STEP_DONE;
}

GPtrArray *
cf_machines_list (CfSession *session,
                  GError   **error)
{
  g_autoptr(GPtrArray) machines = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_machine_free);
  g_autoptr(CfStoreLock) lock = NULL;
  CfStore *store;
  const char *self_id;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  if (!cf_session_require (session, CF_PERMISSION_ADMINISTER, error))
    return NULL;
  store = cf_session_get_store (session);
  lock = _cf_store_lock (store);
  if (!_cf_settings_get_node_id (store, &self_id, error) ||
      !collect_machines (store, self_id, machines, error))
    return NULL;
  return g_steal_pointer (&machines);
}

/* ---- revoking ---------------------------------------------------------- */

typedef struct {
  const char *machine_id;
  const char *reason;
} Revocation;

/* The machine's kind; an error when it is this one, unknown or revoked. */
static char *
revocable_kind (CfStore    *store,
                const char *machine_id,
                GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT kind, revoked_at IS NOT NULL FROM nodes WHERE id = ?", error);
  g_autofree char *kind = NULL;
  gboolean revoked = FALSE;
  CfStep step;

  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, machine_id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_ROW)
    {
      kind = _cf_column_dup (stmt, 0);
      revoked = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return NULL;
  if (kind == NULL)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND,
                 _("There is no machine with that id in this office. `machine list` shows them."));
  else if (revoked)
    g_set_error (error, CF_ERROR, CF_ERROR_EXISTS, _("That machine is already revoked."));
  return revoked ? NULL : g_steal_pointer (&kind);
}

static gboolean
mark_revoked (CfStore          *store,
              const Revocation *revocation,
              GError          **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "UPDATE nodes SET revoked_at = ?, revoke_reason = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 2, revocation->reason);
  _cf_bind_text (stmt, 3, revocation->machine_id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "node", revocation->machine_id,
                             (const char *const[]) { "revoked_at", "revoke_reason", NULL }, error);
}

static gboolean
next_generation (CfStore *store,
                 gint64  *generation,
                 GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT coalesce (max (generation), 0) + 1 FROM feed_keys", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_ROW)
    *generation = sqlite3_column_int64 (stmt, 0);
  else if (step == CF_STEP_DONE)
    _cf_store_set_error (store, SQLITE_ERROR, error);   /* max() always gives a row */
  sqlite3_reset (stmt);
  return step == CF_STEP_ROW;
}

static gboolean
insert_feed_key (CfStore     *store,
                 gint64       generation,
                 const CfKey *feed_key,
                 const CfKey *booking_key,
                 GError     **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *feed_text = g_base64_encode (cf_key_get_bytes (feed_key), CF_KEY_BYTES);
  g_autofree char *booking_text = g_base64_encode (cf_key_get_bytes (booking_key), CF_KEY_BYTES);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO feed_keys (id, generation, feed_key, booking_key, created_at) VALUES (?, ?, ?, ?, ?)",
      error);
  gboolean inserted = FALSE;

  if (stmt != NULL)
    {
      _cf_bind_text (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, generation);
      _cf_bind_text (stmt, 3, feed_text);
      _cf_bind_text (stmt, 4, booking_text);
      sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
      inserted = _cf_store_step_done (store, stmt, error) &&
                 _cf_changes_record (store, "feed_key", id, NULL, error);
    }
  sodium_memzero (feed_text, strlen (feed_text));
  sodium_memzero (booking_text, strlen (booking_text));
  return inserted;
}

/* The revoked kiosk knew the feed key: a new one replaces it everywhere
 * (the table's trigger sets it here; its row replicates to the desks, and
 * the desks seal it to the kiosks that remain). */
static gboolean
replace_feed_key (CfStore *store,
                  GError **error)
{
  g_autoptr(CfKey) booking_key = _cf_machines_booking_key (store, error);
  g_autoptr(CfKey) feed_key = NULL;
  gint64 generation = 0;

  if (booking_key == NULL || !next_generation (store, &generation, error))
    return FALSE;
  feed_key = cf_key_new_random ();
  return insert_feed_key (store, generation, feed_key, booking_key, error);
}

static gboolean
revoke_body (CfSession *session,
             gpointer   data,
             GError   **error)
{
  const Revocation *revocation = data;
  CfStore *store = cf_session_get_store (session);
  g_autofree char *kind = NULL;
  const char *self_id;

  if (!_cf_settings_get_node_id (store, &self_id, error))
    return FALSE;
  if (g_strcmp0 (self_id, revocation->machine_id) == 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("A machine cannot revoke itself; revoke it from another desk."));
      return FALSE;
    }
  kind = revocable_kind (store, revocation->machine_id, error);
  if (kind == NULL || !mark_revoked (store, revocation, error))
    return FALSE;
  if (g_str_equal (kind, "kiosk") && !replace_feed_key (store, error))
    return FALSE;
  /* The reason is free text: it stays on the machine's row, not in the audit. */
  return _cf_session_audit (session, "machine-revoked", revocation->machine_id, kind, error);
}

gboolean
cf_machines_revoke (CfSession  *session,
                    const char *machine_id,
                    const char *reason,
                    GError    **error)
{
  g_autofree char *trimmed = NULL;
  Revocation revocation;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (machine_id != NULL, FALSE);
  if (!cf_session_require (session, CF_PERMISSION_ADMINISTER, error))
    return FALSE;
  trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  if (!cf_text_check_required (trimmed, CF_TEXT_LINE, _("The reason"), error))
    return FALSE;
  revocation = (Revocation) { machine_id, trimmed };
  return _cf_session_write (session, revoke_body, &revocation, error);
}
