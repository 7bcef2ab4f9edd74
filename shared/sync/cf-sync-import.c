/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Everyone else's segments, verified and applied. */
#include "cf-sync-private.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-audit-private.h"
#include "cf-error.h"

/* ---- reading everyone else's ----------------------------------------- */

/* What a kind of segment may carry, whoever signed it. */
static gboolean
signer_may_write (Pass                  *pass,
                  const CfSegmentHeader *header)
{
  Signer *signer = g_hash_table_lookup (pass->roster, header->node_id);

  if (signer == NULL)
    return FALSE;
  if (g_str_equal (signer->kind, "kiosk"))
    return header->kind == CF_SEGMENT_KIOSK || header->kind == CF_SEGMENT_ACKS ||
           header->kind == CF_SEGMENT_FEED;
  return header->kind != CF_SEGMENT_KIOSK;
}

/* A revoked machine's segments are refused whole, however they were
 * signed: it may have been stolen, and it keeps writing until it learns. */
static gboolean
is_revoked (Pass       *pass,
            const char *node_id)
{
  Signer *signer = g_hash_table_lookup (pass->roster, node_id);

  return signer != NULL && signer->revoked;
}

static const char *
revoked_sentence (void)
{
  return _("Segments written by a machine that was revoked were refused; nothing of them was applied. "
           "Its folder in the sync folder may be removed.");
}

typedef enum {
  SEGMENT_APPLIED,
  SEGMENT_WAITING,   /* try again in a later round */
  SEGMENT_REFUSED,
  SEGMENT_BATCH_BROKEN,
} SegmentOutcome;

/* Segments are applied many to a transaction: a page that many of them
 * change (an index on random ids, the clocks) is then encrypted and written
 * once, not once per segment.  A batch ends after BATCH_OPS operations, or
 * when the pass has nothing more to apply.
 *
 * A segment must apply whole or not at all.  Savepoints would say so per
 * segment, but SQLCipher 3.4 encrypts every page a savepoint records, which
 * costs about what the batch saves.  So a batch is optimistic: when one of
 * its segments cannot apply (it refers to something not yet arrived, or it
 * is malformed), the whole batch is rolled back and the pass starts again,
 * carefully, with one transaction per segment. */
#define BATCH_OPS 50000

/* An import transaction, and what it learns as it goes (a memo that holds
 * only while the transaction has the write lock). */
static gboolean
begin_deferred (Pass    *pass,
                GError **error)
{
  /* Foreign keys are checked when a segment is done, so a segment that
   * refers to something not yet arrived waits for it. */
  if (!_cf_store_begin (pass->store, error))
    return FALSE;
  if (_cf_store_exec (pass->store, "PRAGMA defer_foreign_keys = ON", error) &&
      _cf_fts_watermark (pass->store, &pass->unindexed, error))
    {
      pass->memo = _cf_replica_memo_new ();
      return TRUE;
    }
  _cf_store_rollback (pass->store);
  return FALSE;
}

static void
rollback (Pass *pass)
{
  _cf_store_rollback (pass->store);
  g_clear_pointer (&pass->memo, _cf_replica_memo_free);
}

/* What the transaction's segments added goes into the search index at
 * once (see _cf_replica_apply). */
static gboolean
commit_indexed (Pass    *pass,
                GError **error)
{
  if (_cf_fts_index_above (pass->store, &pass->unindexed, error) &&
      _cf_store_commit (pass->store, error))
    {
      g_clear_pointer (&pass->memo, _cf_replica_memo_free);
      return TRUE;
    }
  rollback (pass);
  return FALSE;
}

static gboolean
foreign_keys_resolved (CfStore *store,
                       GError **error)
{
  int pending = 0, highest = 0;

  sqlite3_db_status (_cf_store_get_db (store), SQLITE_DBSTATUS_DEFERRED_FKS, &pending, &highest, FALSE);
  if (pending > 0)
    _cf_store_set_error (store, SQLITE_CONSTRAINT_FOREIGNKEY, error);
  return pending == 0;
}

/* @head is NULL when its own signature did not hold. */
static gboolean
apply_payload (Pass                  *pass,
               const CfSegmentHeader *header,
               const CfAuditHead     *head,
               GBytes                *payload,
               guint                 *n_ops,
               GError               **error)
{
  return (head == NULL || _cf_audit_note_head (pass->store, head, error)) &&
         _cf_replica_apply (pass->store, pass->memo, payload, header->kind == CF_SEGMENT_KIOSK,
                            header->kind == CF_SEGMENT_OFFICE ? CF_DATA_OFFICE : CF_DATA_CASE,
                            header->node_id, n_ops, error) &&
         _cf_sync_mark_applied (pass->store, header->node_id, header->seq, error) &&
         foreign_keys_resolved (pass->store, error);
}

static gboolean
apply_alone (Pass                  *pass,
             const CfSegmentHeader *header,
             const CfAuditHead     *head,
             GBytes                *payload,
             guint                 *n_ops,
             GError               **error)
{
  if (!begin_deferred (pass, error))
    return FALSE;
  if (apply_payload (pass, header, head, payload, n_ops, error))
    return commit_indexed (pass, error);
  rollback (pass);
  return FALSE;
}

static gboolean
batch_commit (Pass    *pass,
              GError **error)
{
  if (!pass->batch_open)
    return TRUE;
  pass->batch_open = FALSE;
  return commit_indexed (pass, error);
}

static void
batch_abandon (Pass *pass)
{
  if (pass->batch_open)
    rollback (pass);
  pass->batch_open = FALSE;
}

/* In a batch: FALSE with no error when the segment could not apply and the
 * batch must be given up. */
static gboolean
apply_in_batch (Pass                  *pass,
                const CfSegmentHeader *header,
                const CfAuditHead     *head,
                GBytes                *payload,
                guint                 *n_ops,
                GError               **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!pass->batch_open)
    {
      if (!begin_deferred (pass, error))
        return FALSE;
      pass->batch_open = TRUE;
      pass->batch_ops = 0;
      pass->before_batch = *pass->report;
    }
  if (!apply_payload (pass, header, head, payload, n_ops, &local_error))
    {
      /* Only a problem with the database itself is an error of the pass. */
      if (!cf_error_is_integrity (local_error) && !g_error_matches (local_error, CF_ERROR, CF_ERROR_EXISTS))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  pass->batch_ops += *n_ops;
  return pass->batch_ops < BATCH_OPS || batch_commit (pass, error);
}

/* A segment read from the sync folder, its signature checked and its
 * payload decrypted.  That is a tenth of an import's work and needs nothing
 * from the database, so the next segment is read on a second thread while
 * one is applied. */
typedef struct {
  char               *path;
  const CfOfficeKeys *keys;
  GHashTable         *roster;    /* the signers believed when reading began */
  gboolean            found;
  GBytes             *payload;   /* NULL if it could not be opened: see error */
  CfSegmentHeader     header;
  gboolean            head_signed;   /* header.audit holds, whatever the payload */
  GError             *error;
} SegmentRead;

static void
segment_read_free (SegmentRead *read)
{
  g_free (read->path);
  g_hash_table_unref (read->roster);
  g_clear_pointer (&read->payload, g_bytes_unref);
  g_clear_error (&read->error);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegmentRead, segment_read_free)

static gpointer
segment_read_run (gpointer data)
{
  SegmentRead *read = data;
  g_autoptr(GBytes) bytes = NULL;
  char *contents;
  gsize length;

  read->found = g_file_get_contents (read->path, &contents, &length, NULL);
  if (!read->found)
    return read;   /* vanished or still arriving */
  bytes = g_bytes_new_take (contents, length);
  if (cf_segment_read_header (bytes, &read->header, NULL))
    {
      const guint8 *signer = _cf_sync_lookup_signer (read->header.node_id, read->roster);

      read->head_signed = signer && cf_audit_head_check (&read->header.audit, signer);
    }
  read->payload = cf_segment_open (bytes, read->keys, _cf_sync_lookup_signer, read->roster, &read->header,
                                   &read->error);
  if (read->payload != NULL && read->header.kind == CF_SEGMENT_KIOSK)
    {
      g_autoptr(GBytes) padded = g_steal_pointer (&read->payload);

      read->payload = _cf_sync_unpad_visit (padded, &read->error);
    }
  return read;
}

static SegmentRead *
segment_read_new (Pass       *pass,
                  const char *path)
{
  SegmentRead *read = g_new0 (SegmentRead, 1);

  read->path = g_strdup (path);
  read->keys = pass->keys;
  read->roster = g_hash_table_ref (pass->roster);
  return read;
}

/* Starts reading @path (may be NULL) on a second thread; without one, the
 * segment is simply read when it is needed. */
static void
read_ahead (Pass       *pass,
            const char *path)
{
  SegmentRead *read;

  if (path == NULL || pass->ahead != NULL)
    return;
  read = segment_read_new (pass, path);
  pass->ahead = g_thread_try_new ("confide-read", segment_read_run, read, NULL);
  if (pass->ahead == NULL)
    segment_read_free (read);
}

static SegmentRead *
join_read_ahead (Pass *pass)
{
  return pass->ahead ? g_thread_join (g_steal_pointer (&pass->ahead)) : NULL;
}

static void
drop_read_ahead (Pass *pass)
{
  SegmentRead *read = join_read_ahead (pass);

  if (read != NULL)
    segment_read_free (read);
}

/* A segment read ahead counts only if it opened and its signer is believed
 * now, with the same key: a segment applied meanwhile may have enrolled or
 * revoked a machine.  Anything else is read again, as if never read. */
static gboolean
read_still_holds (Pass        *pass,
                  SegmentRead *read,
                  const char  *path)
{
  const guint8 *then, *now;

  if (!g_str_equal (read->path, path) || read->payload == NULL)
    return FALSE;
  if (read->roster == pass->roster)
    return TRUE;
  then = _cf_sync_lookup_signer (read->header.node_id, read->roster);
  now = _cf_sync_lookup_signer (read->header.node_id, pass->roster);
  return then && now && sodium_memcmp (then, now, CF_SIGN_PUBLIC_BYTES) == 0;
}

/* The segment at @path, as read ahead if it was, else read now; and the
 * reading of @next (may be NULL) begins. */
static SegmentRead *
take_segment (Pass       *pass,
              const char *path,
              const char *next)
{
  SegmentRead *read = join_read_ahead (pass);

  if (read != NULL && !read_still_holds (pass, read, path))
    g_clear_pointer (&read, segment_read_free);
  read_ahead (pass, next);
  return read ? read : segment_read_run (segment_read_new (pass, path));
}

/* A refused segment's head still counts when its own signature holds: a
 * segment refused for what it carries may be the one that shows its
 * writer's audit log was cut.  FALSE only when the database fails. */
static SegmentOutcome
refuse (Pass        *pass,
        SegmentRead *read,
        const char  *message,
        GError     **fatal)
{
  _cf_sync_note_problem (pass, message);
  if (!read->head_signed)
    return SEGMENT_REFUSED;
  if (pass->batch_open)
    {
      _cf_audit_note_head (pass->store, &read->header.audit, fatal);
      return SEGMENT_REFUSED;
    }
  if (!_cf_store_begin (pass->store, fatal))
    return SEGMENT_REFUSED;
  if (!_cf_audit_note_head (pass->store, &read->header.audit, fatal) ||
      !_cf_store_commit (pass->store, fatal))
    _cf_store_rollback (pass->store);
  return SEGMENT_REFUSED;
}

static SegmentOutcome
import_segment (Pass       *pass,
                const char *path,
                const char *next,
                gboolean    last_round,
                GError    **fatal)
{
  g_autoptr(SegmentRead) read = take_segment (pass, path, next);
  g_autoptr(GError) error = NULL;
  GBytes *payload = read->payload;
  CfSegmentHeader header = read->header;
  const CfAuditHead *head = read->head_signed ? &header.audit : NULL;
  guint n_ops = 0;

  if (!read->found)
    return SEGMENT_WAITING;   /* vanished or still arriving */
  if (payload == NULL)
    {
      error = g_steal_pointer (&read->error);
      /* Case data this desk holds no key for waits for one, however long. */
      if (g_error_matches (error, CF_ERROR, CF_ERROR_NO_KEY))
        return SEGMENT_WAITING;
      if (g_error_matches (error, CF_ERROR, CF_ERROR_UNKNOWN_SIGNER) && is_revoked (pass, header.node_id))
        {
          _cf_sync_note_problem (pass, revoked_sentence ());
          return SEGMENT_REFUSED;
        }
      /* An unknown signer may be a machine enrolled in a segment not yet
       * applied; it counts as refused only at the end of the pass. */
      if (g_error_matches (error, CF_ERROR, CF_ERROR_UNKNOWN_SIGNER) && !last_round)
        return SEGMENT_WAITING;
      return refuse (pass, read, error->message, fatal);
    }
  if (!signer_may_write (pass, &header))
    return refuse (pass, read, _("A machine wrote a kind of segment it may not write; it was refused."), fatal);
  if (!pass->careful)
    {
      if (apply_in_batch (pass, &header, head, payload, &n_ops, &error))
        {
          pass->report->operations_applied += n_ops;
          return SEGMENT_APPLIED;
        }
      if (error == NULL)
        return SEGMENT_BATCH_BROKEN;
      g_propagate_error (fatal, g_steal_pointer (&error));
      return SEGMENT_REFUSED;
    }
  if (!apply_alone (pass, &header, head, payload, &n_ops, &error))
    {
      if (cf_error_is_integrity (error))
        return refuse (pass, read, error->message, fatal);
      if (g_error_matches (error, CF_ERROR, CF_ERROR_EXISTS))
        return SEGMENT_WAITING;             /* a reference not yet arrived */
      g_propagate_error (fatal, g_steal_pointer (&error));
      return SEGMENT_REFUSED;
    }
  pass->report->operations_applied += n_ops;
  return SEGMENT_APPLIED;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* A revoked machine's segments are counted as refused, each once: the
 * highest number reported is kept, so a later pass speaks only of new ones. */
static gboolean
refuse_revoked (Pass       *pass,
                const char *node,
                GDir       *dir,
                GError    **error)
{
  g_autofree char *floor_key = g_strconcat ("refused:", node, NULL);
  gint64 floor, highest;
  const char *name;
  guint refused = 0;

  if (!_cf_sync_setting_int (pass->store, floor_key, &floor, error))
    return FALSE;
  highest = floor;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint64 seq;
      gboolean applied;

      if (!_cf_sync_parse_segment_name (name, &seq) || (gint64) seq <= floor)
        continue;
      if (!_cf_sync_is_applied (pass->store, node, seq, &applied, error))
        return FALSE;
      refused += applied ? 0 : 1;
      highest = MAX (highest, (gint64) seq);
    }
  if (refused == 0)
    return TRUE;
  pass->report->segments_refused += refused;
  _cf_sync_note_problem (pass, revoked_sentence ());
  return _cf_sync_set_setting_int (pass->store, floor_key, highest, error);
}

/* @node's segments numbered above @above not yet applied, as paths in
 * numeric order. */
static gboolean
add_unapplied (Pass       *pass,
               const char *node,
               gint64      above,
               const char *dir_path,
               GDir       *dir,
               GPtrArray  *paths,
               GError    **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint64 seq;
      gboolean applied;

      if (!_cf_sync_parse_segment_name (name, &seq) || (gint64) seq <= above)
        continue;
      if (!_cf_sync_is_applied (pass->store, node, seq, &applied, error))
        return FALSE;
      if (!applied)
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);   /* zero-padded: numeric order */
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (paths, g_build_filename (dir_path, names->pdata[i], NULL));
  return TRUE;
}

static gboolean
is_kiosk (Pass       *pass,
          const char *node_id)
{
  Signer *signer = g_hash_table_lookup (pass->roster, node_id);

  return signer != NULL && g_str_equal (signer->kind, "kiosk");
}

/* Segments waiting to be applied, as paths, oldest first per machine.
 * Desks' come before kiosks': a desk's may revoke a kiosk, and a kiosk's
 * never change the roster, so a revocation and the revoked kiosk's
 * segments arriving together are read in that order. */
static GPtrArray *
pending_segments (Pass    *pass,
                  GError **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) kiosk_paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) top = g_dir_open (pass->sync_dir, 0, NULL);
  const char *node;

  while (top && (node = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *dir_path = NULL;
      g_autoptr(GDir) dir = NULL;
      gboolean listed, own;

      if (!_cf_sync_is_node_id (node))
        continue;
      /* This machine's own only after a restore: those written after the
       * backup, which its database does not hold. */
      own = g_str_equal (node, pass->node_id);
      if (own && !pass->import_own)
        continue;
      dir_path = g_build_filename (pass->sync_dir, node, NULL);
      dir = g_dir_open (dir_path, 0, NULL);
      if (dir == NULL)
        continue;
      if (is_revoked (pass, node))
        listed = refuse_revoked (pass, node, dir, error);
      else
        listed = add_unapplied (pass, node, own ? pass->own_after : 0, dir_path, dir,
                                is_kiosk (pass, node) ? kiosk_paths : paths, error);
      if (!listed)
        return NULL;
    }
  for (guint i = 0; i < kiosk_paths->len; i++)
    g_ptr_array_add (paths, g_steal_pointer (&kiosk_paths->pdata[i]));
  return g_steal_pointer (&paths);
}

/* Rounds until nothing more applies: a segment that needs another one (a
 * record it refers to, a machine that enrolled its writer) waits for it.
 * FALSE with no error when a batch broke. */
static gboolean
import_rounds (Pass    *pass,
               GError **error)
{
  g_autoptr(GPtrArray) paths = pending_segments (pass, error);
  gboolean progress = TRUE, last_round = FALSE;

  if (paths == NULL)
    return FALSE;
  while (paths->len > 0 && (progress || !last_round))
    {
      last_round = !progress;
      progress = FALSE;
      for (guint i = 0; i < paths->len;)
        {
          const char *next = i + 1 < paths->len ? paths->pdata[i + 1] : NULL;
          SegmentOutcome outcome = import_segment (pass, paths->pdata[i], next, last_round, error);

          if ((error && *error) || outcome == SEGMENT_BATCH_BROKEN)
            return FALSE;
          if (outcome == SEGMENT_WAITING)
            {
              i++;
              continue;
            }
          if (outcome == SEGMENT_APPLIED)
            {
              pass->report->segments_applied++;
              progress = TRUE;
              if (!_cf_sync_load_roster (pass, error))
                return FALSE;
            }
          else
            pass->report->segments_refused++;
          g_ptr_array_remove_index (paths, i);
        }
    }
  pass->report->segments_waiting = paths->len;
  return batch_commit (pass, error);
}

static gboolean
import_all_segments (Pass    *pass,
                     GError **error)
{
  if (import_rounds (pass, error))
    return TRUE;
  batch_abandon (pass);
  if (error && *error)
    return FALSE;
  /* A batch broke: what it applied is undone (batches committed before it
   * stay, and are counted), and the pass goes on one segment at a time. */
  pass->report->segments_applied = pass->before_batch.segments_applied;
  pass->report->operations_applied = pass->before_batch.operations_applied;
  pass->report->segments_refused = pass->before_batch.segments_refused;
  pass->careful = TRUE;
  return _cf_sync_load_roster (pass, error) && import_rounds (pass, error);
}

gboolean
_cf_sync_import_all (Pass    *pass,
                     GError **error)
{
  gboolean imported;

  _cf_store_begin_bulk (pass->store);
  imported = import_all_segments (pass, error);
  drop_read_ahead (pass);
  _cf_store_end_bulk (pass->store);
  return imported;
}

/* This machine's own segments written after its backup that are not
 * applied yet (case data, for someone who holds no case key), as paths. */
gboolean
_cf_sync_own_unapplied (Pass      *pass,
                        GPtrArray *paths,
                        GError   **error)
{
  g_autoptr(GDir) dir = g_dir_open (pass->own_dir, 0, NULL);

  return dir == NULL || add_unapplied (pass, pass->node_id, pass->own_after, pass->own_dir, dir, paths, error);
}
