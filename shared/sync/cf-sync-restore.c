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

static gboolean
import_own (Pass       *pass,
            const char *data_dir,
            GError    **error)
{
  gboolean imported;

  pass->import_own = TRUE;
  pass->own_after = cf_data_dir_restored_after (data_dir);
  imported = _cf_sync_import_all (pass, error);
  pass->import_own = FALSE;
  return imported;
}

/* Own segments after the backup that other machines applied but that are
 * no longer in the sync folder (compacted once every desk had them) and
 * not applied here: only another desk's snapshot brings them back. */
static gboolean
find_gap (Pass     *pass,
          gboolean *gap,
          GError  **error)
{
  gint64 acked = 0;

  *gap = FALSE;
  if (!highest_acked (pass, &acked, error))
    return FALSE;
  for (gint64 seq = pass->own_after + 1; seq <= acked && !*gap; seq++)
    {
      g_autofree char *name = _cf_sync_segment_name ((guint64) seq);
      g_autofree char *path = g_build_filename (pass->own_dir, name, NULL);
      gboolean applied;

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      if (!_cf_sync_is_applied (pass->store, pass->node_id, (guint64) seq, &applied, error))
        return FALSE;
      *gap = !applied;
    }
  return TRUE;
}

static guint
count_office (GPtrArray *paths)
{
  guint office = 0;

  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) bytes = NULL;
      CfSegmentHeader header;
      gsize length;

      if (!g_file_get_contents (paths->pdata[i], &contents, &length, NULL))
        continue;
      bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
      office += !cf_segment_read_header (bytes, &header, NULL) || header.kind != CF_SEGMENT_CASE;
    }
  return office;
}

static gboolean
hold_for_snapshot (Pass *pass)
{
  pass->hold_export = TRUE;
  pass->report->restore_held = TRUE;
  _cf_sync_note_problem (pass, _("This desk was restored from a backup, and part of what it wrote after the backup is no longer in the sync folder: the other desks hold it. On another desk, a manager runs “confidectl snapshot”; then sync this desk again."));
  return TRUE;
}

gboolean
_cf_sync_catch_up (Pass    *pass,
                   gboolean folder_ok,
                   GError **error)
{
  const char *data_dir = pass->session ? cf_session_get_data_dir (pass->session) : NULL;
  g_autoptr(GPtrArray) waiting = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *marker = NULL;
  gboolean gap;

  if (data_dir == NULL || !cf_data_dir_is_restored (data_dir))
    return TRUE;
  if (!folder_ok)
    {
      /* Without the folder, the numbers it used are unknown. */
      pass->hold_export = TRUE;
      return TRUE;
    }
  marker = cf_data_dir_restored (data_dir);
  if (!_cf_sync_read_all_acks (pass, error) || !import_own (pass, data_dir, error) ||
      !bump_numbers (pass, error) || !find_gap (pass, &gap, error))
    return FALSE;
  if (gap)
    return hold_for_snapshot (pass);
  if (!_cf_sync_own_unapplied (pass, waiting, error))
    return FALSE;
  /* Office data waiting (the audit chain) holds everything back; case data
   * waits for someone who holds the case key, and holds back nothing. */
  if (count_office (waiting) > 0)
    {
      pass->hold_export = TRUE;
      return TRUE;
    }
  pass->hold_export = FALSE;
  pass->report->restore_held = FALSE;
  if (!cf_data_dir_mark_caught_up (data_dir, error))
    return FALSE;
  if (waiting->len == 0)
    g_unlink (marker);
  return TRUE;
}
