/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A pass's state, keys and roster, bookkeeping, writing this machine's segments. */
#include "cf-sync-private.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-audit-private.h"
#include "cf-error.h"
#include "cf-files.h"
#include "cf-settings-private.h"

void
cf_sync_report_clear (CfSyncReport *report)
{
  g_clear_pointer (&report->problem, g_free);
  memset (report, 0, sizeof *report);
}

void
_cf_sync_note_problem (Pass       *pass,
                       const char *message)
{
  if (pass->report->problem == NULL)
    pass->report->problem = g_strdup (message);
}

char *
_cf_sync_segment_name (guint64 seq)
{
  return g_strdup_printf ("%016" G_GUINT64_FORMAT SEGMENT_SUFFIX, seq);
}

gboolean
_cf_sync_parse_segment_name (const char *name,
                             guint64    *seq)
{
  if (strlen (name) != 16 + strlen (SEGMENT_SUFFIX) || !g_str_has_suffix (name, SEGMENT_SUFFIX))
    return FALSE;
  for (int i = 0; i < 16; i++)
    if (!g_ascii_isdigit (name[i]))
      return FALSE;
  *seq = g_ascii_strtoull (name, NULL, 10);
  return *seq > 0;
}

gboolean
_cf_sync_is_node_id (const char *name)
{
  return strlen (name) == CF_NODE_ID_LENGTH && g_uuid_string_is_valid (name);
}

/* ---- keys and roster ------------------------------------------------- */

/* *present is FALSE when the setting is missing or not @length bytes. */
static gboolean
decode_setting (CfStore    *store,
                const char *name,
                guint8     *out,
                gsize       length,
                gboolean   *present,
                GError    **error)
{
  g_autofree char *text = NULL;
  g_autofree guint8 *bytes = NULL;
  gsize decoded = 0;

  *present = FALSE;
  if (!_cf_settings_get (store, name, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  bytes = g_base64_decode (text, &decoded);
  *present = decoded == length;
  if (*present)
    memcpy (out, bytes, length);
  sodium_memzero (bytes, decoded);
  sodium_memzero (text, strlen (text));
  return TRUE;
}

static const guint8 *
case_key_for (guint    generation,
              gpointer user_data)
{
  const CfKey *key = _cf_case_keyring_get (user_data, generation);

  return key ? cf_key_get_bytes (key) : NULL;
}

/* The signed-in user's keys: the office key, and for an adviser or a
 * manager every generation of the case key, with the box secret that opens
 * kiosk submissions.  A copy, which the pass's reader thread may use. */
void
_cf_sync_take_session_keys (Pass *pass)
{
  CfOfficeKeys *keys = pass->keys;
  CfCaseKeyring *ring = pass->session ? _cf_session_get_case_keys (pass->session) : NULL;
  const CfKey *office_key = pass->session ? _cf_session_get_office_key (pass->session) : NULL;

  g_clear_pointer (&pass->case_keys, _cf_case_keyring_free);
  keys->has_office_key = office_key != NULL;
  if (office_key)
    memcpy (keys->office_key, cf_key_get_bytes (office_key), CF_SYMMETRIC_BYTES);
  keys->case_generation = 0;
  keys->has_box_secret = FALSE;
  keys->case_key_for = NULL;
  keys->case_key_data = NULL;
  sodium_memzero (keys->case_key, sizeof keys->case_key);
  sodium_memzero (keys->box_secret, sizeof keys->box_secret);
  if (ring == NULL)
    return;
  pass->case_keys = _cf_case_keyring_copy (ring);
  keys->case_generation = _cf_case_keyring_newest (ring);
  memcpy (keys->case_key, cf_key_get_bytes (_cf_case_keyring_get (ring, keys->case_generation)),
          CF_SYMMETRIC_BYTES);
  memcpy (keys->box_secret, cf_key_get_bytes (_cf_case_keyring_box_secret (ring)), CF_BOX_KEY_BYTES);
  keys->has_box_secret = TRUE;
  keys->case_key_for = case_key_for;
  keys->case_key_data = pass->case_keys;
}

static gboolean
load_keys (Pass    *pass,
           GError **error)
{
  CfOfficeKeys *keys = pass->keys = cf_office_keys_new ();
  gboolean feed_key = FALSE, box_public = FALSE, sign_secret = FALSE;

  pass->sign_secret = sodium_malloc (CF_SIGN_SECRET_BYTES);
  _cf_sync_take_session_keys (pass);
  if (!decode_setting (pass->store, "feed_key", keys->feed_key, CF_SYMMETRIC_BYTES, &feed_key, error) ||
      !decode_setting (pass->store, "office_box_public", keys->box_public, CF_BOX_KEY_BYTES,
                       &box_public, error) ||
      !decode_setting (pass->store, "node_sign_secret", pass->sign_secret, CF_SIGN_SECRET_BYTES,
                       &sign_secret, error))
    return FALSE;
  if (!feed_key || !box_public || !sign_secret)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
                   _("The office keys are missing from this machine’s database; restore it from a backup."));
      return FALSE;
    }
  return TRUE;
}

/* Each load makes a new table: a segment being read ahead on another
 * thread keeps the one it started with (see read_ahead()). */
gboolean
_cf_sync_load_roster (Pass    *pass,
                      GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "SELECT id, kind, sign_public, revoked_at IS NOT NULL FROM nodes", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  g_clear_pointer (&pass->roster, g_hash_table_unref);
  pass->roster = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((step = _cf_store_step (pass->store, stmt, error)) == CF_STEP_ROW)
    {
      Signer *signer = g_new0 (Signer, 1);
      g_autofree guint8 *key = NULL;
      gsize length = 0;

      g_strlcpy (signer->kind, (const char *) sqlite3_column_text (stmt, 1), sizeof signer->kind);
      key = g_base64_decode ((const char *) sqlite3_column_text (stmt, 2), &length);
      if (length == CF_SIGN_PUBLIC_BYTES)
        memcpy (signer->sign_public, key, length);
      signer->revoked = sqlite3_column_int (stmt, 3) != 0 || length != CF_SIGN_PUBLIC_BYTES;
      g_hash_table_insert (pass->roster, _cf_column_dup (stmt, 0), signer);
    }
  sqlite3_reset (stmt);
  return step == CF_STEP_DONE;
}

/* Only machines on the roster (@user_data), not revoked, are believed. */
const guint8 *
_cf_sync_lookup_signer (const char *node_id,
                        gpointer    user_data)
{
  GHashTable *roster = user_data;
  Signer *signer = g_hash_table_lookup (roster, node_id);

  return signer && !signer->revoked ? signer->sign_public : NULL;
}

void
_cf_sync_pass_clear (Pass *pass)
{
  g_assert (pass->ahead == NULL);         /* import_all joins its reader */
  g_clear_pointer (&pass->own_dir, g_free);
  g_clear_pointer (&pass->keys, cf_office_keys_free);
  g_clear_pointer (&pass->case_keys, _cf_case_keyring_free);
  g_clear_pointer (&pass->sign_secret, sodium_free);
  g_clear_pointer (&pass->roster, g_hash_table_unref);
  g_clear_pointer (&pass->memo, _cf_replica_memo_free);
}

gboolean
_cf_sync_pass_init (Pass         *pass,
                    CfStore      *store,
                    CfSession    *session,
                    const char   *sync_dir,
                    CfSyncReport *report,
                    GError      **error)
{
  memset (pass, 0, sizeof *pass);
  pass->session = session;
  pass->store = store;
  pass->sync_dir = sync_dir;
  pass->report = report;
  if (!_cf_settings_get_node_id (pass->store, &pass->node_id, error))
    return FALSE;
  if (pass->node_id == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_SET_UP, _("This machine has no id; it is not set up."));
      return FALSE;
    }
  pass->own_dir = g_build_filename (sync_dir, pass->node_id, NULL);
  return load_keys (pass, error) && _cf_sync_load_roster (pass, error);
}

/* ---- bookkeeping ----------------------------------------------------- */

gboolean
_cf_sync_setting_int (CfStore    *store,
                      const char *name,
                      gint64     *value,
                      GError    **error)
{
  g_autofree char *text = NULL;

  if (!_cf_settings_get (store, name, &text, error))
    return FALSE;
  *value = text ? g_ascii_strtoll (text, NULL, 10) : 0;
  return TRUE;
}

gboolean
_cf_sync_set_setting_int (CfStore    *store,
                          const char *name,
                          gint64      value,
                          GError    **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return _cf_settings_set (store, name, text, error);
}

gboolean
_cf_sync_is_applied (CfStore    *store,
                     const char *node_id,
                     guint64     seq,
                     gboolean   *applied,
                     GError    **error)
{
  g_autofree char *floor_key = g_strconcat ("floor:", node_id, NULL);
  sqlite3_stmt *stmt;
  gint64 floor;

  if (!_cf_sync_setting_int (store, floor_key, &floor, error))
    return FALSE;
  *applied = (gint64) seq <= floor;
  if (*applied)
    return TRUE;
  stmt = _cf_store_prepare (store,
      "SELECT 1 FROM applied_segments WHERE node_id = ? AND seq = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, node_id);
  sqlite3_bind_int64 (stmt, 2, (gint64) seq);
  return _cf_store_exists (store, stmt, applied, error);
}

gboolean
_cf_sync_mark_applied (CfStore    *store,
                       const char *node_id,
                       guint64     seq,
                       GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT OR IGNORE INTO applied_segments (node_id, seq, digest, applied_at) VALUES (?, ?, '', ?)",
      error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, node_id);
  sqlite3_bind_int64 (stmt, 2, (gint64) seq);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  return _cf_store_step_done (store, stmt, error);
}

/* The highest N such that every segment of @writer up to N is applied. */
gboolean
_cf_sync_applied_through (CfStore    *store,
                          const char *writer,
                          gint64     *through,
                          GError    **error)
{
  g_autofree char *floor_key = g_strconcat ("floor:", writer, NULL);
  sqlite3_stmt *stmt;
  CfStep step;

  if (!_cf_sync_setting_int (store, floor_key, through, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "SELECT seq FROM applied_segments WHERE node_id = ? AND seq > ? ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, writer);
  sqlite3_bind_int64 (stmt, 2, *through);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW &&
         sqlite3_column_int64 (stmt, 0) == *through + 1)
    (*through)++;
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

/* ---- writing this machine's segments --------------------------------- */

gboolean
_cf_sync_ensure_own_folder (Pass *pass)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_test (pass->sync_dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *message = g_strdup_printf (
          _("The sync folder %s is not there (a missing share or USB stick?). Work goes on here and is sent when it is back."),
          pass->sync_dir);
      pass->report->folder_unavailable = TRUE;
      _cf_sync_note_problem (pass, message);
      return FALSE;
    }
  if (!cf_files_ensure_folder (pass->own_dir, &error))
    {
      pass->report->folder_unavailable = TRUE;
      _cf_sync_note_problem (pass, error->message);
      return FALSE;
    }
  return TRUE;
}

/* A file is only ever written under a new number: after the highest this
 * machine is known to have written (its commit here may have been lost, or
 * this database restored from a backup), so no reader ever sees two
 * different segments under one number.  The folder and the acks are read
 * once a pass; each segment written since is committed here before the
 * next number is asked for. */
gboolean
_cf_sync_next_free_seq (Pass    *pass,
                        guint64 *seq,
                        GError **error)
{
  gint64 committed, unused = G_MAXINT64;

  if (!pass->own_seq_known &&
      (!_cf_sync_restored_after (pass, &unused, error) ||
       !_cf_sync_highest_own_seq (pass, &pass->own_seq, error)))
    return FALSE;
  pass->own_seq_known = TRUE;
  if (!_cf_sync_setting_int (pass->store, "segment_seq", &committed, error))
    return FALSE;
  pass->own_seq = MAX (pass->own_seq, committed);
  if (pass->own_seq >= SEQ_LIMIT - 1)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
                   _("This machine has used every segment number there is; it cannot send anything more."));
      return FALSE;
    }
  *seq = (guint64) pass->own_seq + 1;
  return TRUE;
}

/* The head of this machine's audit chain that a segment written now
 * carries: the entries already sent, or going in this segment, and none
 * that a later one brings, so a desk that holds every segment up to this
 * one holds every entry up to the head. */
gboolean
_cf_sync_fill_audit_head (Pass            *pass,
                          CfSegmentHeader *header,
                          GError         **error)
{
  gint64 exported;

  if (!_cf_sync_setting_int (pass->store, _cf_sync_export_cursor (CF_DATA_OFFICE), &exported, error))
    return FALSE;
  return _cf_audit_exported_head (pass->store, pass->node_id, MAX (exported, pass->changes_through),
                                  &header->audit, error);
}

/* Writes one segment durably; a folder problem is reported, not an error. */
gboolean
_cf_sync_write_segment (Pass         *pass,
                        CfSegmentKind kind,
                        guint64       seq,
                        GBytes       *payload,
                        const char   *name,
                        gboolean     *written,
                        GError      **error)
{
  CfSegmentHeader header = { kind, { 0 }, seq, { { 0 } } };
  g_autoptr(GBytes) segment = NULL;
  g_autoptr(GError) file_error = NULL;
  g_autofree char *file_name = name ? g_strdup (name) : _cf_sync_segment_name (seq);
  g_autofree char *path = g_build_filename (pass->own_dir, file_name, NULL);
  gsize length;
  const void *data;

  *written = FALSE;
  g_strlcpy (header.node_id, pass->node_id, sizeof header.node_id);
  if (!_cf_sync_fill_audit_head (pass, &header, error))
    return FALSE;
  segment = cf_segment_seal (&header, payload, pass->keys, pass->sign_secret, error);
  if (segment == NULL)
    return FALSE;
  data = g_bytes_get_data (segment, &length);
  if (!cf_files_write_atomic (path, data, length, &file_error))
    {
      pass->report->folder_unavailable = TRUE;
      _cf_sync_note_problem (pass, file_error->message);
      return TRUE;
    }
  *written = TRUE;
  return TRUE;
}

/* Where each class's export has got to in the outbox. */
const char *
_cf_sync_export_cursor (CfDataClass data_class)
{
  return data_class == CF_DATA_OFFICE ? "exported_office_seq" : "exported_outbox_seq";
}

/* Each class forgets only its own entries: the other's may not have gone. */
static gboolean
outbox_entry_is_office (const char *kind)
{
  return _cf_replica_class_of (kind) == CF_DATA_OFFICE;
}

gboolean
_cf_sync_delete_outbox_through (CfStore    *store,
                                CfDataClass data_class,
                                gint64      through,
                                GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT seq, kind FROM outbox WHERE seq <= ?", error);
  g_autoptr(GArray) mine = g_array_new (FALSE, FALSE, sizeof (gint64));
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, through);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    if (outbox_entry_is_office ((const char *) sqlite3_column_text (stmt, 1)) ==
        (data_class == CF_DATA_OFFICE))
      {
        gint64 seq = sqlite3_column_int64 (stmt, 0);

        g_array_append_val (mine, seq);
      }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  stmt = _cf_store_prepare (store, "DELETE FROM outbox WHERE seq = ?", error);
  for (guint i = 0; stmt != NULL && i < mine->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (mine, gint64, i));
      if (!_cf_store_step_done (store, stmt, error))
        return FALSE;
    }
  return stmt != NULL;
}

gboolean
_cf_sync_note_exported (Pass       *pass,
                        guint64     seq,
                        CfDataClass data_class,
                        gint64      outbox_through,
                        GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "INSERT OR REPLACE INTO exported_segments (seq, exported_at) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (gint64) seq);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  return _cf_store_step_done (pass->store, stmt, error) &&
         _cf_sync_set_setting_int (pass->store, "segment_seq", (gint64) seq, error) &&
         _cf_sync_set_setting_int (pass->store, _cf_sync_export_cursor (data_class), outbox_through, error) &&
         _cf_sync_delete_outbox_through (pass->store, data_class, outbox_through, error);
}

/* After the file is durable: the number is used, the changes are sent. */
gboolean
_cf_sync_record_export (Pass       *pass,
                        guint64     seq,
                        CfDataClass data_class,
                        gint64      outbox_through,
                        GError    **error)
{
  if (!_cf_store_begin (pass->store, error))
    return FALSE;
  if (!_cf_sync_note_exported (pass, seq, data_class, outbox_through, error) || !_cf_store_commit (pass->store, error))
    {
      _cf_store_rollback (pass->store);
      return FALSE;
    }
  return TRUE;
}

/* Changes that do not replicate (none are queued today, but a kind may be
 * local-only) are simply passed. */
