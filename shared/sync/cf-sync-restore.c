/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A machine restored from a backup catching up with its own folder.
 *
 * Its database is as it was at the backup, but the machine went on
 * writing segments after it: the sync folder holds them (and other
 * machines have applied them).  Before it writes anything, its first pass
 * applies its own segments written after the backup (a machine normally
 * skips its own), so nothing it wrote is lost and its audit chain goes on
 * from theirs, and its numbers go on after the highest it is known to have
 * written.  The marker cf_data_dir_restored() stays until every one of
 * those segments is applied (case data waits for someone who holds the
 * case key); nothing is exported until the first catch-up has run. */
#include "cf-sync-private.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cf-data-dir.h"
#include "cf-json.h"

static gboolean
highest_in_folder (Pass   *pass,
                   gint64 *highest)
{
  g_autoptr(GDir) dir = g_dir_open (pass->own_dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      guint64 seq;

      if (_cf_sync_parse_segment_name (name, &seq))
        *highest = MAX (*highest, (gint64) seq);
    }
  return TRUE;
}

/* What other machines say they applied of this one's: its own folder may
 * have been compacted since, and they would skip a number used again. */
static gboolean
highest_acked (Pass    *pass,
               gint64  *highest,
               GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "SELECT max(seq) FROM peer_acks WHERE writer_id = ?", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, pass->node_id);
  step = _cf_store_step (pass->store, stmt, error);
  if (step == CF_STEP_ROW)
    *highest = MAX (*highest, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

/* The highest number this machine has committed, has a file for in its
 * folder, or is known by another machine to have written. */
gboolean
_cf_sync_highest_own_seq (Pass    *pass,
                          gint64  *highest,
                          GError **error)
{
  return _cf_sync_setting_int (pass->store, "segment_seq", highest, error) &&
         highest_in_folder (pass, highest) && highest_acked (pass, highest, error);
}

/* The version of a named file (acks, feed) already in the folder: a later
 * one must carry a higher one, or readers take it for an old one. */
static gboolean
bump_named (Pass       *pass,
            const char *file_name,
            const char *setting,
            GError    **error)
{
  g_autofree char *path = g_build_filename (pass->own_dir, file_name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  CfSegmentHeader header;
  gint64 version;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return TRUE;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (!cf_segment_read_header (bytes, &header, NULL) ||
      !_cf_sync_setting_int (pass->store, setting, &version, error))
    return error == NULL || *error == NULL;
  return (gint64) header.seq <= version ||
         _cf_sync_set_setting_int (pass->store, setting, (gint64) header.seq, error);
}

static gboolean
bump_numbers (Pass    *pass,
              GError **error)
{
  gint64 highest;

  if (!_cf_store_begin (pass->store, error))
    return FALSE;
  if (_cf_sync_highest_own_seq (pass, &highest, error) &&
      _cf_sync_set_setting_int (pass->store, "segment_seq", highest, error) &&
      bump_named (pass, ACKS_NAME, "acks_seq", error) &&
      bump_named (pass, FEED_NAME, "feed_seq", error) &&
      _cf_store_commit (pass->store, error))
    return TRUE;
  _cf_store_rollback (pass->store);
  return FALSE;
}

/* The last own segment the backup holds, from the marker (the backup's
 * manifest); 0 if the marker cannot be read, so all are looked at. */
static gint64
restored_after (const char *marker)
{
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) document = NULL;
  gsize length;

  if (!g_file_get_contents (marker, &contents, &length, NULL))
    return 0;
  document = cf_json_parse (contents, (gssize) length);
  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    return 0;
  return json_object_get_int_member_with_default (json_node_get_object (document), "segment_seq", 0);
}

static gboolean
import_own (Pass       *pass,
            const char *marker,
            GError    **error)
{
  gboolean imported;

  pass->import_own = TRUE;
  pass->own_after = restored_after (marker);
  imported = _cf_sync_import_all (pass, error);
  pass->import_own = FALSE;
  return imported;
}

gboolean
_cf_sync_catch_up (Pass    *pass,
                   gboolean folder_ok,
                   GError **error)
{
  g_autofree char *marker = NULL;
  guint waiting;

  if (pass->session == NULL || !cf_data_dir_is_restored (cf_session_get_data_dir (pass->session)))
    return TRUE;
  if (!folder_ok)
    {
      /* Without the folder, the numbers it used are unknown. */
      pass->hold_export = TRUE;
      return TRUE;
    }
  marker = cf_data_dir_restored (cf_session_get_data_dir (pass->session));
  if (!_cf_sync_read_all_acks (pass, error) || !import_own (pass, marker, error) ||
      !bump_numbers (pass, error) || !_cf_sync_own_unapplied (pass, &waiting, error))
    return FALSE;
  if (waiting == 0)
    g_unlink (marker);
  return TRUE;
}
