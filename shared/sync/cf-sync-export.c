/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This machine's changes, the kiosk feed and snapshots. */
#include "cf-sync-private.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-error.h"
#include "cf-feed.h"
#include "cf-settings-private.h"

/* Entries of the outbox this class has passed over (the other class's, or
 * none to send) are simply passed. */
static gboolean
forget_passed_changes (Pass       *pass,
                       CfDataClass data_class,
                       gint64      through,
                       GError    **error)
{
  return _cf_sync_set_setting_int (pass->store, _cf_sync_export_cursor (data_class), through, error) &&
         _cf_sync_delete_outbox_through (pass->store, data_class, through, error);
}

/* Office changes under the office key, case changes under the newest case
 * key: a desk where no one holding the case key has signed in keeps its
 * case changes queued. */
static gboolean
export_class (Pass       *pass,
              CfDataClass data_class,
              GError    **error)
{
  CfSegmentKind kind = data_class == CF_DATA_OFFICE ? CF_SEGMENT_OFFICE : CF_SEGMENT_CASE;

  for (;;)
    {
      gint64 after, through;
      g_autoptr(GBytes) payload = NULL;
      gboolean written;
      guint n_ops;
      guint64 seq;

      if (!_cf_sync_setting_int (pass->store, _cf_sync_export_cursor (data_class), &after, error))
        return FALSE;
      payload = _cf_replica_export_changes (pass->store, data_class, after, OPS_PER_SEGMENT,
                                            &through, &n_ops, error);
      if (payload == NULL)
        return (error == NULL || *error == NULL) &&
               (through == after || forget_passed_changes (pass, data_class, through, error));
      /* Audit entries travel with office data: the head this machine signs
       * counts those sent so far. */
      if (data_class == CF_DATA_OFFICE)
        pass->changes_through = through;
      if (!_cf_sync_next_free_seq (pass, &seq, error) ||
          !_cf_sync_write_segment (pass, kind, seq, payload, NULL, &written, error))
        return FALSE;
      if (!written)
        return TRUE;           /* retried on the next pass */
      if (!_cf_sync_record_export (pass, seq, data_class, through, error))
        return FALSE;
      pass->report->segments_written++;
    }
}

gboolean
_cf_sync_export_changes (Pass    *pass,
                         GError **error)
{
  return export_class (pass, CF_DATA_OFFICE, error) &&
         (pass->keys->case_generation == 0 || export_class (pass, CF_DATA_CASE, error));
}

/* ---- the kiosk feed -------------------------------------------------- */

#define FEED_REFRESH        (5 * 60)

/* The feed's content without its time, to tell a real change. */
static char *
feed_digest (JsonObject *feed)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), feed);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonNode) copy = json_from_string (text, NULL);   /* a deep copy */
  g_autofree char *without_time = NULL;

  json_object_remove_member (json_node_get_object (copy), "at");
  without_time = json_to_string (copy, FALSE);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, without_time, -1);
}

/* Written when it changes (a ticket called, a booking made) and every few
 * minutes, so a kiosk can tell a fresh feed from a stale one. */
gboolean
_cf_sync_publish_feed (Pass    *pass,
                       GError **error)
{
  g_autoptr(JsonObject) feed = cf_feed_build (pass->session, error);
  g_autofree char *digest = NULL, *previous = NULL, *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) payload = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 version, at;
  gboolean written;

  if (feed == NULL)
    return FALSE;
  digest = feed_digest (feed);
  if (!_cf_settings_get (pass->store, "feed_digest", &previous, error) ||
      !_cf_sync_setting_int (pass->store, "feed_at", &at, error) ||
      !_cf_sync_setting_int (pass->store, "feed_seq", &version, error))
    return FALSE;
  if (g_strcmp0 (digest, previous) == 0 && now - at < FEED_REFRESH)
    return TRUE;
  node = json_node_init_object (json_node_alloc (), feed);
  text = json_to_string (node, FALSE);
  payload = g_bytes_new (text, strlen (text));
  version++;
  if (!_cf_sync_write_segment (pass, CF_SEGMENT_FEED, (guint64) version, payload, FEED_NAME, &written, error))
    return FALSE;
  return !written ||
         (_cf_sync_set_setting_int (pass->store, "feed_seq", version, error) &&
          _cf_sync_set_setting_int (pass->store, "feed_at", now, error) &&
          _cf_settings_set (pass->store, "feed_digest", digest, error));
}

/* ---- snapshot, digest, status ---------------------------------------- */

/* @first: the snapshot's first segment.  Its writer's own floor says so,
 * so that a machine takes the floors only once it holds every segment of
 * the snapshot up to it (apply_floor in cf-replica.c). */
static gboolean
append_floor_ops (Pass      *pass,
                  guint64    first,
                  JsonArray *ops,
                  GError   **error)
{
  GHashTableIter iter;
  gpointer node;

  g_hash_table_iter_init (&iter, pass->roster);
  while (g_hash_table_iter_next (&iter, &node, NULL))
    {
      JsonObject *op;
      gint64 through;

      if (g_str_equal (node, pass->node_id)
          ? !_cf_sync_setting_int (pass->store, "segment_seq", &through, error)
          : !_cf_sync_applied_through (pass->store, node, &through, error))
        return FALSE;
      op = json_object_new ();
      json_object_set_string_member (op, "k", "floor");
      json_object_set_string_member (op, "id", node);
      json_object_set_int_member (op, "seq", through);
      if (g_str_equal (node, pass->node_id))
        json_object_set_int_member (op, "from", (gint64) first);
      json_array_add_object_element (ops, op);
    }
  return TRUE;
}

/* Each segment of a snapshot says so first: it carries every machine's
 * audit entries, which no other segment may (_cf_replica_apply). */
static JsonObject *
snapshot_marker (Pass *pass)
{
  JsonObject *marker = json_object_new ();

  json_object_set_string_member (marker, "k", CF_REPLICA_SNAPSHOT);
  json_object_set_string_member (marker, "id", pass->node_id);
  return marker;
}

static gboolean
write_chunk (Pass       *pass,
             CfDataClass data_class,
             JsonArray  *ops,
             guint       start,
             guint       end,
             GError    **error)
{
  g_autoptr(JsonArray) chunk = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) payload = NULL;
  gboolean written;
  gint64 exported;
  guint64 seq;
  char *text;

  json_array_add_object_element (chunk, snapshot_marker (pass));
  for (guint i = start; i < end; i++)
    json_array_add_element (chunk, json_node_copy (json_array_get_element (ops, i)));
  node = json_node_init_array (json_node_alloc (), json_array_ref (chunk));
  text = json_to_string (node, FALSE);
  payload = g_bytes_new_take (text, strlen (text));
  if (!_cf_sync_next_free_seq (pass, &seq, error) ||
      !_cf_sync_write_segment (pass, data_class == CF_DATA_OFFICE ? CF_SEGMENT_OFFICE : CF_SEGMENT_CASE,
                               seq, payload, NULL, &written, error))
    return FALSE;
  if (!written)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NO_FOLDER, "%s", pass->report->problem);
      return FALSE;
    }
  pass->report->segments_written++;
  return _cf_sync_setting_int (pass->store, _cf_sync_export_cursor (data_class), &exported, error) &&
         _cf_sync_record_export (pass, seq, data_class, exported, error);
}

/* Everything this desk holds, in chunks, ending with "floors": for each
 * machine, the segments this state already includes, so a machine that
 * applies the snapshot need not (and, once compacted, cannot) read them. */
static gboolean
write_class_snapshot (Pass       *pass,
                      CfDataClass data_class,
                      guint64     first,
                      GError    **error)
{
  guint n_ops, n;
  g_autoptr(GBytes) all = _cf_replica_export_all (pass->store, data_class, &n_ops, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *ops;

  if (all == NULL || !json_parser_load_from_data (parser, g_bytes_get_data (all, NULL),
                                                  (gssize) g_bytes_get_size (all), error))
    return FALSE;
  ops = json_node_get_array (json_parser_get_root (parser));
  if (data_class == CF_DATA_CASE && !append_floor_ops (pass, first, ops, error))
    return FALSE;
  n = json_array_get_length (ops);
  for (guint start = 0; start < n; start += OPS_PER_SEGMENT)
    if (!write_chunk (pass, data_class, ops, start, MIN (n, start + OPS_PER_SEGMENT), error))
      return FALSE;
  return TRUE;
}

/* Office data first; the floors come last, with the case data, so that a
 * desk that cannot read the case part yet does not take the segments they
 * cover as applied.  A snapshot made where no one holding the case key has
 * signed in holds office data only, and no floors. */
static gboolean
write_snapshot_chunks (Pass    *pass,
                       GError **error)
{
  guint64 first;

  /* Under the store's lock, nothing else writes a segment meanwhile. */
  return _cf_sync_next_free_seq (pass, &first, error) &&
         write_class_snapshot (pass, CF_DATA_OFFICE, first, error) &&
         (pass->keys->case_generation == 0 || write_class_snapshot (pass, CF_DATA_CASE, first, error));
}

gboolean
cf_sync_write_snapshot (CfSession  *session,
                        const char *sync_dir,
                        GError    **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  CfSyncReport report = { 0 };
  Pass pass;
  gboolean ok;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  if (!cf_session_require (session, CF_PERMISSION_ADMINISTER, error))
    return FALSE;
  lock = _cf_store_lock (cf_session_get_store (session));
  ok = _cf_sync_pass_init (&pass, cf_session_get_store (session), session, sync_dir, &report, error) &&
       _cf_sync_ensure_own_folder (&pass) && write_snapshot_chunks (&pass, error);
  if (ok && report.folder_unavailable)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NO_FOLDER, "%s", report.problem);
      ok = FALSE;
    }
  _cf_sync_pass_clear (&pass);
  cf_sync_report_clear (&report);
  return ok;
}
