/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's pass. */
#include "cf-sync-private.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-files.h"
#include "cf-json.h"
#include "cf-kiosk-outbox-private.h"
#include "cf-settings-private.h"

/* ---- the kiosk's pass ------------------------------------------------ */

/* Sealed submissions become signed segments; the kiosk cannot read them. */
static gboolean
export_sealed (Pass    *pass,
               GError **error)
{
  for (;;)
    {
      CfSegmentHeader header = { CF_SEGMENT_KIOSK, { 0 }, 0, { { 0 } } };
      g_autoptr(GBytes) sealed = NULL, segment = NULL;
      g_autofree char *name = NULL, *path = NULL;
      g_autoptr(GError) file_error = NULL;
      gint64 row = 0, exported;

      if (!_cf_kiosk_outbox_oldest (pass->store, &row, &sealed, error))
        return FALSE;
      if (sealed == NULL)
        return TRUE;
      if (!_cf_sync_next_free_seq (pass, &header.seq, error) ||
          !_cf_sync_setting_int (pass->store, "exported_outbox_seq", &exported, error))
        return FALSE;
      g_strlcpy (header.node_id, pass->node_id, sizeof header.node_id);
      if (!_cf_sync_fill_audit_head (pass, &header, error))
        return FALSE;
      segment = cf_segment_sign_sealed (&header, sealed, pass->sign_secret, error);
      name = _cf_sync_segment_name (header.seq);
      path = g_build_filename (pass->own_dir, name, NULL);
      if (segment == NULL)
        return FALSE;
      if (!cf_files_write_atomic (path, g_bytes_get_data (segment, NULL), g_bytes_get_size (segment),
                                  &file_error))
        {
          pass->report->folder_unavailable = TRUE;
          _cf_sync_note_problem (pass, file_error->message);
          return TRUE;      /* kept here; sent on a later pass */
        }
      if (!_cf_store_begin (pass->store, error))
        return FALSE;
      if (!_cf_kiosk_outbox_sent (pass->store, row, error) ||
          !_cf_sync_note_exported (pass, header.seq, CF_DATA_CASE, exported, error) ||
          !_cf_store_commit (pass->store, error))
        {
          _cf_store_rollback (pass->store);
          return FALSE;
        }
      pass->report->segments_written++;
    }
}

static JsonObject *
read_feed_of (Pass       *pass,
              const char *desk,
              guint64    *version)
{
  g_autofree char *path = g_build_filename (pass->sync_dir, desk, FEED_NAME, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL, payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  CfSegmentHeader header;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  payload = cf_segment_open (bytes, pass->keys, _cf_sync_lookup_signer, pass->roster, &header, &error);
  if (payload == NULL || header.kind != CF_SEGMENT_FEED || !g_str_equal (header.node_id, desk))
    {
      if (error)
        _cf_sync_note_problem (pass, error->message);
      return NULL;
    }
  root = json_from_string (g_bytes_get_data (payload, NULL), NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  *version = header.seq;
  return json_object_ref (json_node_get_object (root));
}

/* A desk's feed names the machines of the office: a kiosk learns of desks
 * enrolled after it only this way.  Only feeds signed by a desk it already
 * trusts are believed. */
static gboolean
learn_roster (Pass       *pass,
              JsonObject *feed,
              GError    **error)
{
  JsonArray *roster = cf_json_get_array (feed, "roster");

  for (guint i = 0; roster && i < json_array_get_length (roster); i++)
    {
      JsonObject *node = cf_json_array_object (roster, i);
      const char *id = cf_json_get_string (node, "id");
      const char *kind = cf_json_get_string (node, "kind");
      const char *sign_public = cf_json_get_string (node, "sign_public");
      sqlite3_stmt *stmt;

      /* Each member read as the type it should be: a desk signed the
       * feed, but it may be a newer Confide's. */
      if (id == NULL || !g_uuid_string_is_valid (id))
        continue;
      stmt = _cf_store_prepare (pass->store,
          "INSERT OR REPLACE INTO nodes (id, kind, sign_public, enrolled_at, revoked_at)"
          " VALUES (?, ?, ?, coalesce ((SELECT enrolled_at FROM nodes WHERE id = ?1), 0),"
          " CASE WHEN ? THEN coalesce ((SELECT revoked_at FROM nodes WHERE id = ?1), 1) END)", error);
      if (stmt == NULL)
        return FALSE;
      _cf_bind_text (stmt, 1, id);
      _cf_bind_text (stmt, 2, kind ? kind : "desk");
      _cf_bind_text (stmt, 3, sign_public ? sign_public : "");
      sqlite3_bind_int (stmt, 4, cf_json_get_int (node, "revoked", 0) != 0);
      if (!_cf_store_step_done (pass->store, stmt, error))
        return FALSE;
    }
  return _cf_sync_load_roster (pass, error);
}

/* @feed, from @source ("desk:version"), becomes the kiosk's feed unless
 * it is the one already taken or older than it; the machines it names are
 * learnt.  What a kiosk believes of a feed once its signature held. */
gboolean
_cf_sync_kiosk_take_feed (Pass       *pass,
                          JsonObject *feed,
                          const char *source,
                          GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL, *taken = NULL;
  gint64 at;

  if (!_cf_settings_get (pass->store, "feed_source", &taken, error) ||
      !_cf_sync_setting_int (pass->store, "feed_at", &at, error))
    return FALSE;
  if (g_strcmp0 (source, taken) == 0 || cf_json_get_int (feed, "at", 0) < at)
    return TRUE;
  node = json_node_init_object (json_node_alloc (), feed);
  text = json_to_string (node, FALSE);
  return _cf_settings_set (pass->store, "feed", text, error) &&
         _cf_settings_set (pass->store, "feed_source", source, error) &&
         _cf_sync_set_setting_int (pass->store, "feed_at", cf_json_get_int (feed, "at", 0), error) &&
         learn_roster (pass, feed, error);
}

/* The newest feed of any trusted desk; a feed already taken (same desk,
 * same version) is not taken again. */
static gboolean
take_newest_feed (Pass    *pass,
                  GError **error)
{
  g_autoptr(JsonObject) newest = NULL;
  g_autofree char *source = NULL;
  GHashTableIter iter;
  gpointer id, value;

  g_hash_table_iter_init (&iter, pass->roster);
  while (g_hash_table_iter_next (&iter, &id, &value))
    {
      Signer *signer = value;
      g_autoptr(JsonObject) feed = NULL;
      guint64 version = 0;

      if (signer->revoked || !g_str_equal (signer->kind, "desk"))
        continue;
      feed = read_feed_of (pass, id, &version);
      if (feed && (newest == NULL || cf_json_get_int (feed, "at", 0) >=
                                     cf_json_get_int (newest, "at", 0)))
        {
          g_clear_pointer (&newest, json_object_unref);
          newest = json_object_ref (feed);
          g_free (source);
          source = g_strdup_printf ("%s:%" G_GUINT64_FORMAT, (char *) id, version);
        }
    }
  return newest == NULL || _cf_sync_kiosk_take_feed (pass, newest, source, error);
}

gboolean
_cf_sync_run_kiosk (CfStore      *store,
                    const char   *sync_dir,
                    CfSyncReport *report,
                    GError      **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  Pass pass;
  gboolean ok = _cf_sync_pass_init (&pass, store, NULL, sync_dir, report, error);

  if (ok && _cf_sync_ensure_own_folder (&pass))
    ok = export_sealed (&pass, error) && _cf_sync_take_feed_key (&pass, error) &&
         _cf_sync_read_all_acks (&pass, error);
  if (ok && !report->folder_unavailable)
    ok = _cf_sync_compact_own (&pass, error);
  if (ok && g_file_test (sync_dir, G_FILE_TEST_IS_DIR))
    ok = take_newest_feed (&pass, error);
  _cf_sync_pass_clear (&pass);
  return ok;
}
