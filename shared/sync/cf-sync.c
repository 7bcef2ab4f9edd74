/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-sync-private.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-student-data-private.h"

/* ---- the pass -------------------------------------------------------- */

/* Another desk may have made a new generation of the case key (a user was
 * removed): its grant arrives in an office segment, and the case segments
 * written under it wait for it. */
static gboolean
import_with_new_keys (Pass    *pass,
                      GError **error)
{
  guint before = pass->keys->case_generation;

  if (pass->session == NULL || !_cf_session_reload_case_keys (pass->session, error))
    return pass->session == NULL;
  _cf_sync_take_session_keys (pass);
  return pass->keys->case_generation == before || _cf_sync_import_all (pass, error);
}

/* An erasure applied leaves words in the search index until it is merged.
 * A failure (a full disk) leaves that pending for the next pass and is
 * said in the report: the pass itself went through. */
static void
clean_up_after_erasures (Pass *pass)
{
  g_autoptr(GError) local_error = NULL;

  if (!_cf_student_data_clean_up (pass->store, &local_error))
    _cf_sync_note_problem (pass, local_error->message);
}

static gboolean
run_locked (Pass    *pass,
            GError **error)
{
  gboolean folder_ok = _cf_sync_ensure_own_folder (pass);

  if (!_cf_sync_catch_up (pass, folder_ok, error))
    return FALSE;
  if (folder_ok && !pass->hold_export && !_cf_sync_export_changes (pass, error))
    return FALSE;
  /* What was imported may have replaced the feed key, which the acks and
   * the feed are read and written under. */
  if (!_cf_sync_import_all (pass, error) || !import_with_new_keys (pass, error))
    return FALSE;
  /* A restored desk held back may have just applied what it waited for. */
  if (pass->hold_export && folder_ok && !_cf_sync_catch_up (pass, folder_ok, error))
    return FALSE;
  clean_up_after_erasures (pass);
  if (!_cf_sync_publish_feed_key (pass, error) ||
      !_cf_sync_read_all_acks (pass, error))
    return FALSE;
  /* Import may have queued nothing new, but what it applied is acked.  The
   * feed is made of case data: only a desk that holds the case key can. */
  if (folder_ok && !pass->report->folder_unavailable)
    {
      if (!_cf_sync_write_acks (pass, error) ||
          (pass->keys->case_generation > 0 && !_cf_sync_publish_feed (pass, error)) ||
          !_cf_sync_compact_own (pass, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
cf_sync_run (CfSession    *session,
             const char   *sync_dir,
             CfSyncReport *report,
             GError      **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  Pass pass;
  gboolean ok;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (sync_dir != NULL && report != NULL, FALSE);

  /* Anyone signed in may sync: a pass moves only what their keys open. */
  if (cf_session_is_locked (session))
    return cf_session_require (session, CF_PERMISSION_READ_CASES, error);
  lock = _cf_store_lock (cf_session_get_store (session));
  ok = _cf_sync_pass_init (&pass, cf_session_get_store (session), session, sync_dir, report, error) && run_locked (&pass, error);
  _cf_sync_pass_clear (&pass);
  return ok && _cf_session_refresh_credentials (session, error);
}

char *
cf_sync_digest (CfSession *session,
                GError   **error)
{
  g_autoptr(CfStoreLock) lock = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  if (cf_session_is_locked (session))
    {
      cf_session_require (session, CF_PERMISSION_ADMINISTER, error);
      return NULL;
    }
  lock = _cf_store_lock (cf_session_get_store (session));
  return _cf_replica_digest (cf_session_get_store (session), error);
}

static void
machine_free (CfSyncMachine *machine)
{
  g_free (machine->node_id);
  g_free (machine->kind);
  g_free (machine);
}

static gboolean
count_waiting (Pass       *pass,
               const char *node,
               guint      *waiting,
               GError    **error)
{
  g_autofree char *path = g_build_filename (pass->sync_dir, node, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint64 seq;
  gboolean applied;

  *waiting = 0;
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      if (!_cf_sync_parse_segment_name (name, &seq))
        continue;
      if (!_cf_sync_is_applied (pass->store, node, seq, &applied, error))
        return FALSE;
      *waiting += applied ? 0 : 1;
    }
  return TRUE;
}

/* A machine is seen when it writes its acks or when this one applies a
 * segment of its: a kiosk reads nobody's segments, so it writes no acks,
 * and only its check-ins say it is alive. */
static gboolean
list_machines (Pass      *pass,
               GPtrArray *machines,
               GError   **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "SELECT n.id, n.kind, n.revoked_at IS NOT NULL,"
      " max (coalesce ((SELECT max (reported_at) FROM peer_acks a WHERE a.reader_id = n.id), 0),"
      "      coalesce ((SELECT max (applied_at) FROM applied_segments s WHERE s.node_id = n.id), 0))"
      " FROM nodes n ORDER BY n.kind, n.enrolled_at", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = _cf_store_step (pass->store, stmt, error)) == CF_STEP_ROW)
    {
      CfSyncMachine *machine = g_new0 (CfSyncMachine, 1);

      g_ptr_array_add (machines, machine);
      machine->node_id = _cf_column_dup (stmt, 0);
      machine->kind = _cf_column_dup (stmt, 1);
      machine->revoked = sqlite3_column_int (stmt, 2) != 0;
      machine->is_self = g_str_equal (machine->node_id, pass->node_id);
      machine->last_seen = machine->is_self ? g_get_real_time () / G_USEC_PER_SEC
                                            : sqlite3_column_int64 (stmt, 3);
      if (!machine->is_self && !count_waiting (pass, machine->node_id, &machine->waiting, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);
  return step == CF_STEP_DONE;
}

GPtrArray *
cf_sync_status (CfSession  *session,
                const char *sync_dir,
                GError    **error)
{
  g_autoptr(GPtrArray) machines = g_ptr_array_new_with_free_func ((GDestroyNotify) machine_free);
  g_autoptr(CfStoreLock) lock = NULL;
  CfSyncReport report = { 0 };
  Pass pass;
  gboolean listed;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  if (!cf_session_require (session, CF_PERMISSION_ADMINISTER, NULL) &&
      !cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return NULL;
  lock = _cf_store_lock (cf_session_get_store (session));
  if (!_cf_sync_pass_init (&pass, cf_session_get_store (session), session, sync_dir, &report, error))
    {
      _cf_sync_pass_clear (&pass);
      return NULL;
    }
  listed = list_machines (&pass, machines, error);
  _cf_sync_pass_clear (&pass);
  return listed ? g_steal_pointer (&machines) : NULL;
}

/* ---- verification ---------------------------------------------------- */

static gboolean
is_sync_file (const char *name)
{
  guint64 seq;

  return _cf_sync_parse_segment_name (name, &seq) || g_str_equal (name, ACKS_NAME) ||
         g_str_equal (name, FEED_NAME);
}

static gboolean
verify_file (Pass       *pass,
             const char *path,
             GError    **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL, payload = NULL;
  g_autoptr(GError) local_error = NULL;
  CfSegmentHeader header = { 0 };
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return TRUE;       /* removed meanwhile (compacted) */
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  payload = cf_segment_open (bytes, pass->keys, _cf_sync_lookup_signer, pass->roster, &header, &local_error);
  if (payload == NULL && (header.kind == CF_SEGMENT_ACKS || header.kind == CF_SEGMENT_FEED))
    {
      g_autoptr(GError) store_error = NULL;

      payload = _cf_sync_open_under_other_feed_key (pass, bytes, &header, &store_error);
      if (store_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&store_error));
          return FALSE;
        }
    }
  /* Case data this desk holds no key for (an administrator's) is checked
   * as far as it can be: its signature, which is checked before anything
   * is decrypted, and its audit head. */
  if (g_error_matches (local_error, CF_ERROR, CF_ERROR_NO_KEY))
    {
      g_clear_error (&local_error);
      payload = g_bytes_new (NULL, 0);
    }
  /* The audit head is signed on its own too, so a desk can keep it. */
  if (payload != NULL &&
      !cf_audit_head_check (&header.audit, _cf_sync_lookup_signer (header.node_id, pass->roster)))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
                   _("%s failed its check: the audit head in it is not signed by the machine that wrote it."),
                   path);
      return FALSE;
    }
  if (payload != NULL)
    return TRUE;
  g_set_error (error, CF_ERROR, cf_error_is_integrity (local_error) ? local_error->code : CF_ERROR_CORRUPT,
               _("%s failed its check: %s"), path, local_error->message);
  return FALSE;
}

/* Opens every file in the sync folder this desk can read: signatures from
 * the roster, authenticated decryption.  Reports the first that fails. */
gboolean
cf_sync_verify_folder (CfSession  *session,
                       const char *sync_dir,
                       guint      *n_checked,
                       GError    **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  g_autoptr(GDir) top = NULL;
  CfSyncReport report = { 0 };
  const char *node;
  gboolean ok = TRUE;
  Pass pass;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  *n_checked = 0;
  top = g_dir_open (sync_dir, 0, NULL);
  if (top == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NO_FOLDER,
                   _("The sync folder %s cannot be read. Check that it is there, or pass the right --sync-dir."),
                   sync_dir);
      return FALSE;
    }
  lock = _cf_store_lock (cf_session_get_store (session));
  if (!_cf_sync_pass_init (&pass, cf_session_get_store (session), session, sync_dir, &report, error))
    ok = FALSE;
  while (ok && (node = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *folder = g_build_filename (sync_dir, node, NULL);
      Signer *signer = _cf_sync_is_node_id (node) ? g_hash_table_lookup (pass.roster, node) : NULL;
      /* A revoked machine's files are refused by design, not a problem. */
      g_autoptr(GDir) dir = _cf_sync_is_node_id (node) && !(signer && signer->revoked)
                                ? g_dir_open (folder, 0, NULL) : NULL;
      const char *name;

      while (ok && dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);

          if (!is_sync_file (name))
            continue;
          ok = verify_file (&pass, path, error);
          *n_checked += ok ? 1 : 0;
        }
    }
  _cf_sync_pass_clear (&pass);
  cf_sync_report_clear (&report);
  return ok;
}
