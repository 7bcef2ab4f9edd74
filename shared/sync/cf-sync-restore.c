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
#include "cf-error.h"
#include "cf-json.h"

static const guint8 *
own_signer (const char *node_id,
            gpointer    user_data)
{
  Pass *pass = user_data;

  return g_str_equal (node_id, pass->node_id) ? _cf_sync_lookup_signer (node_id, pass->roster) : NULL;
}

/* A file this machine wrote: its name, its header and this machine's own
 * signature agree.  Anyone who can write to the sync folder can drop a
 * file into it; a number taken from such a file would be one that no
 * reader accepts, and this machine would fall silent. */
static gboolean
is_own_segment (Pass       *pass,
                const char *name,
                guint64     seq)
{
  g_autofree char *path = g_build_filename (pass->own_dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  CfSegmentHeader header;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return cf_segment_check_signature (bytes, own_signer, pass, &header, NULL) &&
         header.seq == seq && g_str_equal (header.node_id, pass->node_id);
}

static gint
by_seq_descending (gconstpointer a,
                   gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? 1 : x > y ? -1 : 0;
}

/* Only numbers above what is already known are read, highest first, and
 * the first one that is truly this machine's ends the search. */
static gboolean
highest_in_folder (Pass   *pass,
                   gint64 *highest)
{
  g_autoptr(GDir) dir = g_dir_open (pass->own_dir, 0, NULL);
  g_autoptr(GArray) above = g_array_new (FALSE, FALSE, sizeof (guint64));
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      guint64 seq;

      if (_cf_sync_parse_segment_name (name, &seq) && (gint64) seq > *highest)
        g_array_append_val (above, seq);
    }
  g_array_sort (above, by_seq_descending);
  for (guint i = 0; i < above->len; i++)
    {
      guint64 seq = g_array_index (above, guint64, i);
      g_autofree char *file_name = _cf_sync_segment_name (seq);

      if (is_own_segment (pass, file_name, seq))
        {
          *highest = (gint64) seq;
          break;
        }
    }
  return TRUE;
}

/* What other desks say they applied of this one's: its own folder may
 * have been compacted since, and they would skip a number used again.  A
 * kiosk never reads a desk's segments, so its acks say nothing. */
static gboolean
highest_acked (Pass    *pass,
               gint64  *highest,
               GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "SELECT max(a.seq) FROM peer_acks a JOIN nodes n ON n.id = a.reader_id"
      " WHERE a.writer_id = ? AND n.kind = 'desk'", error);
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
 * folder, or is known by another desk to have written.  A number past
 * what a name can hold is refused: every reader would ignore it. */
gboolean
_cf_sync_highest_own_seq (Pass    *pass,
                          gint64  *highest,
                          GError **error)
{
  if (!_cf_sync_setting_int (pass->store, "segment_seq", highest, error) ||
      !highest_in_folder (pass, highest) || !highest_acked (pass, highest, error))
    return FALSE;
  if (*highest >= 0 && *highest < SEQ_LIMIT - 1)
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
               _("This desk cannot number its next segment: another desk says it has applied segment %lld of this one, past the highest number there can be. That desk's acks are wrong; ask for help before syncing again."),
               (long long) *highest);
  return FALSE;
}

/* The last own segment the restored database holds: its own segment_seq,
 * read before anything raises it and kept in the marker.  Not the
 * manifest's: a backup file's hashes are not keyed, and a number raised
 * there would make the desk skip its own segments written after it. */
static gboolean
restore_point (Pass       *pass,
               const char *data_dir,
               gint64     *after,
               GError    **error)
{
  if (cf_data_dir_restored_after (data_dir, after))
    return TRUE;
  return _cf_sync_setting_int (pass->store, "segment_seq", after, error) &&
         cf_data_dir_set_restored_after (data_dir, *after, error);
}

/* A restored machine has raised its numbers past segments of its own it
 * has not applied yet (case data waiting for someone who holds the case
 * key): until the marker goes, none after the backup leaves the folder,
 * whoever else has applied them.  Lowers @limit to the backup's point,
 * noting that point first if nothing has yet (every raise of the numbers
 * passes here first). */
gboolean
_cf_sync_restored_after (Pass    *pass,
                         gint64  *limit,
                         GError **error)
{
  const char *data_dir = pass->session ? cf_session_get_data_dir (pass->session) : NULL;
  gint64 after;

  if (data_dir == NULL || !cf_data_dir_is_restored (data_dir))
    return TRUE;
  if (!restore_point (pass, data_dir, &after, error))
    return FALSE;
  *limit = MIN (*limit, after);
  return TRUE;
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

  if (!restore_point (pass, data_dir, &pass->own_after, error))
    return FALSE;
  pass->import_own = TRUE;
  imported = _cf_sync_import_all (pass, error);
  pass->import_own = FALSE;
  return imported;
}

/* The numbers above @above and up to @through that this machine has
 * applied (its floor, then the rows), into @held. */
static gboolean
add_applied (Pass       *pass,
             gint64      above,
             gint64      through,
             GHashTable *held,
             GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "SELECT seq FROM applied_segments WHERE node_id = ? AND seq > ? AND seq <= ?", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, pass->node_id);
  sqlite3_bind_int64 (stmt, 2, above);
  sqlite3_bind_int64 (stmt, 3, through);
  while ((step = _cf_store_step (pass->store, stmt, error)) == CF_STEP_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);

      g_hash_table_add (held, g_memdup2 (&seq, sizeof seq));
    }
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

/* Own segments in the folder above @above and up to @through, not applied
 * yet (case data waiting for its key): still there, so no gap. */
static void
add_in_folder (Pass       *pass,
               gint64      above,
               gint64      through,
               GHashTable *held)
{
  g_autoptr(GDir) dir = g_dir_open (pass->own_dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      guint64 seq;
      gint64 key;

      if (!_cf_sync_parse_segment_name (name, &seq) || (gint64) seq <= above ||
          (gint64) seq > through)
        continue;
      key = (gint64) seq;
      if (!g_hash_table_contains (held, &key) && is_own_segment (pass, name, seq))
        g_hash_table_add (held, g_memdup2 (&key, sizeof key));
    }
}

/* Own segments after the backup that other machines applied but that are
 * no longer in the sync folder (compacted once every desk had them) and
 * not applied here: only another desk's snapshot brings them back.  Counts
 * what is held, never walks the numbers: an ack may name a huge one. */
static gboolean
find_gap (Pass     *pass,
          gboolean *gap,
          GError  **error)
{
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *floor_key = g_strconcat ("floor:", pass->node_id, NULL);
  gint64 acked = 0, floor, above;

  *gap = FALSE;
  if (!highest_acked (pass, &acked, error) ||
      !_cf_sync_setting_int (pass->store, floor_key, &floor, error))
    return FALSE;
  above = MAX (pass->own_after, MIN (floor, acked));
  if (acked <= above)
    return TRUE;
  if (!add_applied (pass, above, acked, held, error))
    return FALSE;
  add_in_folder (pass, above, acked, held);
  *gap = (gint64) g_hash_table_size (held) < acked - above;
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
