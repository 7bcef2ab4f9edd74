/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What each machine has applied, and compaction. */
#include "cf-sync-private.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "cf-json.h"
#include "cf-machines-private.h"

/* ---- acknowledgements and compaction --------------------------------- */

static GBytes *
acks_payload (Pass    *pass,
              GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer node;
  gsize length;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "at");
  json_builder_add_int_value (builder, g_get_real_time () / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "applied");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, pass->roster);
  while (g_hash_table_iter_next (&iter, &node, NULL))
    if (!g_str_equal (node, pass->node_id))
      {
        gint64 through;

        if (!_cf_sync_applied_through (pass->store, node, &through, error))
          return NULL;
        json_builder_set_member_name (builder, node);
        json_builder_add_int_value (builder, through);
      }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

gboolean
_cf_sync_write_acks (Pass    *pass,
                     GError **error)
{
  g_autoptr(GBytes) payload = acks_payload (pass, error);
  gint64 version;
  gboolean written;

  if (payload == NULL || !_cf_sync_setting_int (pass->store, "acks_seq", &version, error))
    return FALSE;
  version++;
  if (!_cf_sync_write_segment (pass, CF_SEGMENT_ACKS, (guint64) version, payload, ACKS_NAME, &written, error))
    return FALSE;
  return !written || _cf_sync_set_setting_int (pass->store, "acks_seq", version, error);
}

static gboolean
store_peer_ack (Pass       *pass,
                const char *reader,
                const char *writer,
                gint64      seq,
                gint64      at,
                GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "INSERT OR REPLACE INTO peer_acks (reader_id, writer_id, seq, reported_at) VALUES (?, ?, ?, ?)",
      error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, reader);
  _cf_bind_text (stmt, 2, writer);
  sqlite3_bind_int64 (stmt, 3, seq);
  sqlite3_bind_int64 (stmt, 4, at);
  return _cf_store_step_done (pass->store, stmt, error);
}

static void
read_peer_acks (Pass       *pass,
                const char *reader,
                GError    **error)
{
  g_autofree char *path = g_build_filename (pass->sync_dir, reader, ACKS_NAME, NULL);
  g_autoptr(GBytes) bytes = NULL, payload = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GList) writers = NULL;
  g_autofree char *contents = NULL;
  CfSegmentHeader header = { 0 };
  JsonObject *root, *applied;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  payload = cf_segment_open (bytes, pass->keys, _cf_sync_lookup_signer, pass->roster, &header, &local_error);
  /* On a desk: under the feed key before a revocation until its writer
   * syncs, or one this desk has not received yet (then empty: read on a
   * later pass).  A kiosk takes the newest key before it reads acks. */
  if (payload == NULL && pass->session != NULL && header.kind == CF_SEGMENT_ACKS &&
      (payload = _cf_sync_open_under_other_feed_key (pass, bytes, &header, error)) != NULL)
    g_clear_error (&local_error);
  else if (payload == NULL && error != NULL && *error != NULL)
    return;
  if (payload != NULL && g_bytes_get_size (payload) == 0)
    return;
  if (payload != NULL)
    document = cf_json_parse (g_bytes_get_data (payload, NULL), (gssize) g_bytes_get_size (payload));
  if (payload == NULL || header.kind != CF_SEGMENT_ACKS || !g_str_equal (header.node_id, reader) ||
      document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    {
      if (local_error)
        _cf_sync_note_problem (pass, local_error->message);
      return;
    }
  root = json_node_get_object (document);
  applied = cf_json_get_object (root, "applied");
  writers = applied ? json_object_get_members (applied) : NULL;
  for (GList *l = writers; l; l = l->next)
    if (!store_peer_ack (pass, reader, l->data, cf_json_get_int (applied, l->data, 0),
                         cf_json_get_int (root, "at", 0), error))
      return;
}

gboolean
_cf_sync_read_all_acks (Pass    *pass,
                        GError **error)
{
  GHashTableIter iter;
  gpointer node;

  gpointer signer;

  /* A revoked machine's acks are not believed (and would not open). */
  g_hash_table_iter_init (&iter, pass->roster);
  while (g_hash_table_iter_next (&iter, &node, &signer))
    if (!g_str_equal (node, pass->node_id) && !((Signer *) signer)->revoked)
      {
        read_peer_acks (pass, node, error);
        if (error && *error)
          return FALSE;
      }
  return TRUE;
}

/* Desks read every machine's segments; kiosks read none.  A segment may go
 * once every desk on the roster has applied it, and only while no machine's
 * acks name a machine this one has not heard of: a desk enrolled elsewhere
 * starts from a snapshot taken then, and needs what was written since. */
static gboolean
acks_name_unknown_writer (Pass     *pass,
                          gboolean *unknown,
                          GError  **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "SELECT 1 FROM peer_acks p WHERE p.writer_id != ? AND p.writer_id NOT IN (SELECT id FROM nodes)",
      error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, pass->node_id);
  return _cf_store_exists (pass->store, stmt, unknown, error);
}

static gboolean
folder_is_empty (Pass       *pass,
                 const char *node)
{
  g_autofree char *path = g_build_filename (pass->sync_dir, node, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir == NULL || g_dir_read_name (dir) == NULL;
}

/* A desk enrolled here (its enrolled_at known) longer ago than the office's
 * machine_unjoined_days that never wrote anything to the sync folder nor
 * was heard of would hold back every segment forever: it does not count. */
static gboolean
never_joined (Pass       *pass,
              const char *desk,
              gint64      cutoff,
              gboolean   *unjoined,
              GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "SELECT 1 FROM nodes n WHERE n.id = ?1 AND n.enrolled_at > 0 AND n.enrolled_at < ?2"
      " AND NOT EXISTS (SELECT 1 FROM peer_acks r WHERE r.reader_id = ?1)"
      " AND NOT EXISTS (SELECT 1 FROM applied_segments s WHERE s.node_id = ?1)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, desk);
  sqlite3_bind_int64 (stmt, 2, cutoff);
  if (!_cf_store_exists (pass->store, stmt, unjoined, error))
    return FALSE;
  *unjoined = *unjoined && folder_is_empty (pass, desk);
  return TRUE;
}

static gboolean
applied_by_desk (Pass       *pass,
                 const char *desk,
                 gint64     *seq,
                 GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "SELECT seq FROM peer_acks WHERE reader_id = ? AND writer_id = ?", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, desk);
  _cf_bind_text (stmt, 2, pass->node_id);
  step = _cf_store_step (pass->store, stmt, error);
  *seq = step == CF_STEP_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

/* Revoked desks do not count (the roster says so). */
static gboolean
applied_by_every_reader (Pass    *pass,
                         gint64  *through,
                         GError **error)
{
  GHashTableIter iter;
  gpointer node, value;
  gboolean unknown;
  gint64 days;

  *through = G_MAXINT64;
  if (!acks_name_unknown_writer (pass, &unknown, error) ||
      !_cf_machines_unjoined_days (pass->store, &days, error))
    return FALSE;
  if (unknown)
    *through = 0;
  g_hash_table_iter_init (&iter, pass->roster);
  while (!unknown && g_hash_table_iter_next (&iter, &node, &value))
    {
      Signer *signer = value;
      gboolean unjoined;
      gint64 seq;

      if (signer->revoked || !g_str_equal (signer->kind, "desk") || g_str_equal (node, pass->node_id))
        continue;
      if (!never_joined (pass, node, g_get_real_time () / G_USEC_PER_SEC - days * 86400, &unjoined, error) ||
          (!unjoined && !applied_by_desk (pass, node, &seq, error)))
        return FALSE;
      if (!unjoined)
        *through = MIN (*through, seq);
    }
  return TRUE;
}

/* Removes this machine's own segments that every reader has applied, so
 * erased data leaves the sync folder too.  Never beyond what is committed
 * here, so a number is never written twice. */
/* A segment's temporary twin ("NAME.seg.XXXXXX") that a writer killed
 * between writing and renaming left behind.  Readers never take it; an
 * hour old, no live writer (a desk's window and confidectl may both sync)
 * is still writing it. */
#define STALE_TEMP_SECONDS (60 * 60)

static void
remove_if_stale_temp (Pass       *pass,
                      const char *name)
{
  gsize length = strlen (name);
  g_autofree char *stem = NULL, *path = NULL;
  guint64 seq;
  GStatBuf info;

  if (length < 8 || name[length - 7] != '.')
    return;
  stem = g_strndup (name, length - 7);
  if (!_cf_sync_parse_segment_name (stem, &seq))
    return;
  path = g_build_filename (pass->own_dir, name, NULL);
  if (g_lstat (path, &info) == 0 && S_ISREG (info.st_mode) &&
      time (NULL) - info.st_mtime > STALE_TEMP_SECONDS)
    g_unlink (path);
}

gboolean
_cf_sync_compact_own (Pass    *pass,
                      GError **error)
{
  gint64 read_by_all, written;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!applied_by_every_reader (pass, &read_by_all, error) ||
      !_cf_sync_setting_int (pass->store, "segment_seq", &written, error) ||
      !_cf_sync_restored_after (pass, &written, error))
    return FALSE;
  dir = g_dir_open (pass->own_dir, 0, NULL);
  if (dir == NULL)
    return TRUE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint64 seq;
      g_autofree char *path = NULL;

      if (!_cf_sync_parse_segment_name (name, &seq))
        {
          remove_if_stale_temp (pass, name);
          continue;
        }
      if ((gint64) seq > MIN (read_by_all, written))
        continue;
      path = g_build_filename (pass->own_dir, name, NULL);
      if (g_unlink (path) == 0)
        pass->report->segments_removed++;
    }
  return TRUE;
}
