/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-sync.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-feed.h"
#include "cf-files.h"
#include "cf-fts.h"
#include "cf-json.h"
#include "cf-keyslots.h"
#include "cf-kiosk-private.h"
#include "cf-replica.h"
#include "cf-segment.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"

/* Layout of the sync folder: one sub-folder per machine, written only by
 * that machine.  Segments are <16-digit sequence>.seg, numbered from 1
 * without gaps; "acks" says what the machine has applied of everyone
 * else's.  Anything else (temporary names, a file-sync engine's own files)
 * is ignored. */
#define SEGMENT_SUFFIX      ".seg"
#define ACKS_NAME           "acks"
#define OPS_PER_SEGMENT     5000

typedef struct {
  char     kind[8];
  guint8   sign_public[CF_SIGN_PUBLIC_BYTES];
  gboolean revoked;
} Signer;

/* One pass's state. */
typedef struct {
  CfSession     *session;
  CfStore       *store;
  const char    *sync_dir;
  const char    *node_id;
  char          *own_dir;
  CfOfficeKeys  *keys;
  guint8        *sign_secret;      /* guarded memory */
  GHashTable    *roster;           /* node id → Signer */
  CfSyncReport  *report;
  gboolean       batch_open;       /* see apply_in_batch() */
  guint          batch_ops;
  CfSyncReport   before_batch;     /* the counts to go back to if it breaks */
  gboolean       careful;          /* one transaction per segment */
  CfFtsWatermark unindexed;        /* see commit_indexed() */
  CfReplicaMemo *memo;             /* the import transaction's, see begin_deferred() */
  GThread       *ahead;            /* reading the next segment, see read_ahead() */
} Pass;

void
cf_sync_report_clear (CfSyncReport *report)
{
  g_clear_pointer (&report->problem, g_free);
  memset (report, 0, sizeof *report);
}

static void
note_problem (Pass *pass, const char *message)
{
  if (pass->report->problem == NULL)
    pass->report->problem = g_strdup (message);
}

static char *
segment_name (guint64 seq)
{
  return g_strdup_printf ("%016" G_GUINT64_FORMAT SEGMENT_SUFFIX, seq);
}

static gboolean
parse_segment_name (const char *name, guint64 *seq)
{
  if (strlen (name) != 16 + strlen (SEGMENT_SUFFIX) || !g_str_has_suffix (name, SEGMENT_SUFFIX))
    return FALSE;
  for (int i = 0; i < 16; i++)
    if (!g_ascii_isdigit (name[i]))
      return FALSE;
  *seq = g_ascii_strtoull (name, NULL, 10);
  return *seq > 0;
}

static gboolean
is_node_id (const char *name)
{
  return strlen (name) == CF_NODE_ID_LENGTH && g_uuid_string_is_valid (name);
}

/* ---- keys and roster ------------------------------------------------- */

/* *present is FALSE when the setting is missing or not @length bytes. */
static gboolean
decode_setting (CfStore *store, const char *name, guint8 *out, gsize length, gboolean *present,
                GError **error)
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

static gboolean
load_keys (Pass *pass, GError **error)
{
  CfOfficeKeys *keys = pass->keys = cf_office_keys_new ();
  gboolean feed_key = FALSE, box_public = FALSE, sign_secret = FALSE;

  pass->sign_secret = sodium_malloc (CF_SIGN_SECRET_BYTES);
  if (!decode_setting (pass->store, "desk_key", keys->desk_key, CF_SYMMETRIC_BYTES,
                       &keys->has_desk_key, error) ||
      !decode_setting (pass->store, "office_box_secret", keys->box_secret, CF_BOX_KEY_BYTES,
                       &keys->has_box_secret, error) ||
      !decode_setting (pass->store, "feed_key", keys->feed_key, CF_SYMMETRIC_BYTES, &feed_key, error) ||
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
static gboolean
load_roster (Pass *pass, GError **error)
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
static const guint8 *
lookup_signer (const char *node_id, gpointer user_data)
{
  GHashTable *roster = user_data;
  Signer *signer = g_hash_table_lookup (roster, node_id);

  return signer && !signer->revoked ? signer->sign_public : NULL;
}

static void drop_read_ahead (Pass *pass);

static void
pass_clear (Pass *pass)
{
  drop_read_ahead (pass);
  g_clear_pointer (&pass->own_dir, g_free);
  g_clear_pointer (&pass->keys, cf_office_keys_free);
  g_clear_pointer (&pass->sign_secret, sodium_free);
  g_clear_pointer (&pass->roster, g_hash_table_unref);
  g_clear_pointer (&pass->memo, _cf_replica_memo_free);
}

static gboolean
pass_init (Pass *pass, CfStore *store, CfSession *session, const char *sync_dir,
           CfSyncReport *report, GError **error)
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
  return load_keys (pass, error) && load_roster (pass, error);
}

/* ---- bookkeeping ----------------------------------------------------- */

static gboolean
setting_int (CfStore *store, const char *name, gint64 *value, GError **error)
{
  g_autofree char *text = NULL;

  if (!_cf_settings_get (store, name, &text, error))
    return FALSE;
  *value = text ? g_ascii_strtoll (text, NULL, 10) : 0;
  return TRUE;
}

static gboolean
set_setting_int (CfStore *store, const char *name, gint64 value, GError **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return _cf_settings_set (store, name, text, error);
}

static gboolean
is_applied (CfStore *store, const char *node_id, guint64 seq, gboolean *applied, GError **error)
{
  g_autofree char *floor_key = g_strconcat ("floor:", node_id, NULL);
  sqlite3_stmt *stmt;
  gint64 floor;

  if (!setting_int (store, floor_key, &floor, error))
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

static gboolean
mark_applied (CfStore *store, const char *node_id, guint64 seq, GError **error)
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
static gboolean
applied_through (CfStore *store, const char *writer, gint64 *through, GError **error)
{
  g_autofree char *floor_key = g_strconcat ("floor:", writer, NULL);
  sqlite3_stmt *stmt;
  CfStep step;

  if (!setting_int (store, floor_key, through, error))
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

static gboolean
ensure_own_folder (Pass *pass)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_test (pass->sync_dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *message = g_strdup_printf (
          _("The sync folder %s is not there (a missing share or USB stick?). Work goes on here and is sent when it is back."),
          pass->sync_dir);
      pass->report->folder_unavailable = TRUE;
      note_problem (pass, message);
      return FALSE;
    }
  if (!cf_files_ensure_folder (pass->own_dir, &error))
    {
      pass->report->folder_unavailable = TRUE;
      note_problem (pass, error->message);
      return FALSE;
    }
  return TRUE;
}

/* A file is only ever written under a new number: if a number's file
 * exists already (written, but its commit here was lost), the next one is
 * used, so no reader ever sees two different segments under one number. */
static gboolean
next_free_seq (Pass *pass, guint64 *seq, GError **error)
{
  gint64 last;

  if (!setting_int (pass->store, "segment_seq", &last, error))
    return FALSE;
  for (*seq = (guint64) last + 1;; (*seq)++)
    {
      g_autofree char *name = segment_name (*seq);
      g_autofree char *path = g_build_filename (pass->own_dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
    }
}

/* Writes one segment durably; a folder problem is reported, not an error. */
static gboolean
write_segment (Pass *pass, CfSegmentKind kind, guint64 seq, GBytes *payload,
               const char *name, gboolean *written, GError **error)
{
  CfSegmentHeader header = { kind, { 0 }, seq };
  g_autoptr(GBytes) segment = NULL;
  g_autoptr(GError) file_error = NULL;
  g_autofree char *file_name = name ? g_strdup (name) : segment_name (seq);
  g_autofree char *path = g_build_filename (pass->own_dir, file_name, NULL);
  gsize length;
  const void *data;

  *written = FALSE;
  g_strlcpy (header.node_id, pass->node_id, sizeof header.node_id);
  segment = cf_segment_seal (&header, payload, pass->keys, pass->sign_secret, error);
  if (segment == NULL)
    return FALSE;
  data = g_bytes_get_data (segment, &length);
  if (!cf_files_write_atomic (path, data, length, &file_error))
    {
      pass->report->folder_unavailable = TRUE;
      note_problem (pass, file_error->message);
      return TRUE;
    }
  *written = TRUE;
  return TRUE;
}

static gboolean
delete_outbox_through (CfStore *store, gint64 through, GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, "DELETE FROM outbox WHERE seq <= ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, through);
  return _cf_store_step_done (store, stmt, error);
}

static gboolean
note_exported (Pass *pass, guint64 seq, gint64 outbox_through, GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "INSERT OR REPLACE INTO exported_segments (seq, exported_at) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (gint64) seq);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  return _cf_store_step_done (pass->store, stmt, error) &&
         set_setting_int (pass->store, "segment_seq", (gint64) seq, error) &&
         set_setting_int (pass->store, "exported_outbox_seq", outbox_through, error) &&
         delete_outbox_through (pass->store, outbox_through, error);
}

/* After the file is durable: the number is used, the changes are sent. */
static gboolean
record_export (Pass *pass, guint64 seq, gint64 outbox_through, GError **error)
{
  if (!_cf_store_begin (pass->store, error))
    return FALSE;
  if (!note_exported (pass, seq, outbox_through, error) || !_cf_store_commit (pass->store, error))
    {
      _cf_store_rollback (pass->store);
      return FALSE;
    }
  return TRUE;
}

/* Changes that do not replicate (none are queued today, but a kind may be
 * local-only) are simply passed. */
static gboolean
forget_local_only_changes (Pass *pass, gint64 through, GError **error)
{
  return set_setting_int (pass->store, "exported_outbox_seq", through, error) &&
         delete_outbox_through (pass->store, through, error);
}

static gboolean
export_changes (Pass *pass, GError **error)
{
  for (;;)
    {
      gint64 after, through;
      g_autoptr(GBytes) payload = NULL;
      gboolean written;
      guint n_ops;
      guint64 seq;

      if (!setting_int (pass->store, "exported_outbox_seq", &after, error))
        return FALSE;
      payload = _cf_replica_export_changes (pass->store, after, OPS_PER_SEGMENT, &through, &n_ops, error);
      if (payload == NULL)
        return (error == NULL || *error == NULL) &&
               (through == after || forget_local_only_changes (pass, through, error));
      if (!next_free_seq (pass, &seq, error) ||
          !write_segment (pass, CF_SEGMENT_DESK, seq, payload, NULL, &written, error))
        return FALSE;
      if (!written)
        return TRUE;           /* retried on the next pass */
      if (!record_export (pass, seq, through, error))
        return FALSE;
      pass->report->segments_written++;
    }
}

/* ---- reading everyone else's ----------------------------------------- */

/* What a kind of segment may carry, whoever signed it. */
static gboolean
signer_may_write (Pass *pass, const CfSegmentHeader *header)
{
  Signer *signer = g_hash_table_lookup (pass->roster, header->node_id);

  if (signer == NULL)
    return FALSE;
  if (g_str_equal (signer->kind, "kiosk"))
    return header->kind == CF_SEGMENT_KIOSK || header->kind == CF_SEGMENT_ACKS ||
           header->kind == CF_SEGMENT_FEED;
  return header->kind != CF_SEGMENT_KIOSK;
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
begin_deferred (Pass *pass, GError **error)
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
commit_indexed (Pass *pass, GError **error)
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
foreign_keys_resolved (CfStore *store, GError **error)
{
  int pending = 0, highest = 0;

  sqlite3_db_status (_cf_store_get_db (store), SQLITE_DBSTATUS_DEFERRED_FKS, &pending, &highest, FALSE);
  if (pending > 0)
    _cf_store_set_error (store, SQLITE_CONSTRAINT_FOREIGNKEY, error);
  return pending == 0;
}

static gboolean
apply_payload (Pass *pass, const CfSegmentHeader *header, GBytes *payload, guint *n_ops,
               GError **error)
{
  return _cf_replica_apply (pass->store, pass->memo, payload, header->kind == CF_SEGMENT_KIOSK,
                            n_ops, error) &&
         mark_applied (pass->store, header->node_id, header->seq, error) &&
         foreign_keys_resolved (pass->store, error);
}

static gboolean
apply_alone (Pass *pass, const CfSegmentHeader *header, GBytes *payload, guint *n_ops,
             GError **error)
{
  if (!begin_deferred (pass, error))
    return FALSE;
  if (apply_payload (pass, header, payload, n_ops, error))
    return commit_indexed (pass, error);
  rollback (pass);
  return FALSE;
}

static gboolean
batch_commit (Pass *pass, GError **error)
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
apply_in_batch (Pass *pass, const CfSegmentHeader *header, GBytes *payload, guint *n_ops,
                GError **error)
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
  if (!apply_payload (pass, header, payload, n_ops, &local_error))
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
  read->payload = cf_segment_open (bytes, read->keys, lookup_signer, read->roster, &read->header,
                                   &read->error);
  return read;
}

static SegmentRead *
segment_read_new (Pass *pass, const char *path)
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
read_ahead (Pass *pass, const char *path)
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
read_still_holds (Pass *pass, SegmentRead *read, const char *path)
{
  const guint8 *then, *now;

  if (!g_str_equal (read->path, path) || read->payload == NULL)
    return FALSE;
  if (read->roster == pass->roster)
    return TRUE;
  then = lookup_signer (read->header.node_id, read->roster);
  now = lookup_signer (read->header.node_id, pass->roster);
  return then && now && sodium_memcmp (then, now, CF_SIGN_PUBLIC_BYTES) == 0;
}

/* The segment at @path, as read ahead if it was, else read now; and the
 * reading of @next (may be NULL) begins. */
static SegmentRead *
take_segment (Pass *pass, const char *path, const char *next)
{
  SegmentRead *read = join_read_ahead (pass);

  if (read != NULL && !read_still_holds (pass, read, path))
    g_clear_pointer (&read, segment_read_free);
  read_ahead (pass, next);
  return read ? read : segment_read_run (segment_read_new (pass, path));
}

static SegmentOutcome
import_segment (Pass *pass, const char *path, const char *next, gboolean last_round,
                GError **fatal)
{
  g_autoptr(SegmentRead) read = take_segment (pass, path, next);
  g_autoptr(GError) error = NULL;
  GBytes *payload = read->payload;
  CfSegmentHeader header = read->header;
  guint n_ops = 0;

  if (!read->found)
    return SEGMENT_WAITING;   /* vanished or still arriving */
  if (payload == NULL)
    {
      error = g_steal_pointer (&read->error);
      /* An unknown signer may be a machine enrolled in a segment not yet
       * applied; it counts as refused only at the end of the pass. */
      if (g_error_matches (error, CF_ERROR, CF_ERROR_UNKNOWN_SIGNER) && !last_round)
        return SEGMENT_WAITING;
      note_problem (pass, error->message);
      return SEGMENT_REFUSED;
    }
  if (!signer_may_write (pass, &header))
    {
      note_problem (pass, _("A machine wrote a kind of segment it may not write; it was refused."));
      return SEGMENT_REFUSED;
    }
  if (!pass->careful)
    {
      if (apply_in_batch (pass, &header, payload, &n_ops, &error))
        {
          pass->report->operations_applied += n_ops;
          return SEGMENT_APPLIED;
        }
      if (error == NULL)
        return SEGMENT_BATCH_BROKEN;
      g_propagate_error (fatal, g_steal_pointer (&error));
      return SEGMENT_REFUSED;
    }
  if (!apply_alone (pass, &header, payload, &n_ops, &error))
    {
      if (cf_error_is_integrity (error))
        {
          note_problem (pass, error->message);
          return SEGMENT_REFUSED;
        }
      if (g_error_matches (error, CF_ERROR, CF_ERROR_EXISTS))
        return SEGMENT_WAITING;             /* a reference not yet arrived */
      g_propagate_error (fatal, g_steal_pointer (&error));
      return SEGMENT_REFUSED;
    }
  pass->report->operations_applied += n_ops;
  return SEGMENT_APPLIED;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Segments waiting to be applied, as paths, oldest first per machine. */
static GPtrArray *
pending_segments (Pass *pass, GError **error)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) top = g_dir_open (pass->sync_dir, 0, NULL);
  const char *node;

  if (top == NULL)
    return paths;
  while ((node = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *dir_path = NULL;
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = NULL;
      const char *name;

      if (!is_node_id (node) || g_str_equal (node, pass->node_id))
        continue;
      dir_path = g_build_filename (pass->sync_dir, node, NULL);
      dir = g_dir_open (dir_path, 0, NULL);
      if (dir == NULL)
        continue;
      names = g_ptr_array_new_with_free_func (g_free);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          guint64 seq;
          gboolean applied;

          if (!parse_segment_name (name, &seq))
            continue;
          if (!is_applied (pass->store, node, seq, &applied, error))
            {
              g_ptr_array_unref (paths);
              return NULL;
            }
          if (!applied)
            g_ptr_array_add (names, g_strdup (name));
        }
      g_ptr_array_sort (names, compare_names);   /* zero-padded: numeric order */
      for (guint i = 0; i < names->len; i++)
        g_ptr_array_add (paths, g_build_filename (dir_path, names->pdata[i], NULL));
    }
  return paths;
}

/* Rounds until nothing more applies: a segment that needs another one (a
 * record it refers to, a machine that enrolled its writer) waits for it.
 * FALSE with no error when a batch broke. */
static gboolean
import_rounds (Pass *pass, GError **error)
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
              if (!load_roster (pass, error))
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
import_all_segments (Pass *pass, GError **error)
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
  return load_roster (pass, error) && import_rounds (pass, error);
}

static gboolean
import_all (Pass *pass, GError **error)
{
  gboolean imported;

  _cf_store_begin_bulk (pass->store);
  imported = import_all_segments (pass, error);
  _cf_store_end_bulk (pass->store);
  return imported;
}

/* ---- acknowledgements and compaction --------------------------------- */

static GBytes *
acks_payload (Pass *pass, GError **error)
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

        if (!applied_through (pass->store, node, &through, error))
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

static gboolean
write_acks (Pass *pass, GError **error)
{
  g_autoptr(GBytes) payload = acks_payload (pass, error);
  gint64 version;
  gboolean written;

  if (payload == NULL || !setting_int (pass->store, "acks_seq", &version, error))
    return FALSE;
  version++;
  if (!write_segment (pass, CF_SEGMENT_ACKS, (guint64) version, payload, ACKS_NAME, &written, error))
    return FALSE;
  return !written || set_setting_int (pass->store, "acks_seq", version, error);
}

static gboolean
store_peer_ack (Pass *pass, const char *reader, const char *writer, gint64 seq, gint64 at,
                GError **error)
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
read_peer_acks (Pass *pass, const char *reader, GError **error)
{
  g_autofree char *path = g_build_filename (pass->sync_dir, reader, ACKS_NAME, NULL);
  g_autoptr(GBytes) bytes = NULL, payload = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GList) writers = NULL;
  g_autofree char *contents = NULL;
  CfSegmentHeader header;
  JsonObject *root, *applied;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  payload = cf_segment_open (bytes, pass->keys, lookup_signer, pass->roster, &header, &local_error);
  if (payload != NULL)
    document = cf_json_parse (g_bytes_get_data (payload, NULL), (gssize) g_bytes_get_size (payload));
  if (payload == NULL || header.kind != CF_SEGMENT_ACKS || !g_str_equal (header.node_id, reader) ||
      document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    {
      if (local_error)
        note_problem (pass, local_error->message);
      return;
    }
  root = json_node_get_object (document);
  applied = cf_json_get_object (root, "applied");
  writers = applied ? json_object_get_members (applied) : NULL;
  for (GList *l = writers; l; l = l->next)
    if (!store_peer_ack (pass, reader, l->data, json_object_get_int_member_with_default (applied, l->data, 0),
                         json_object_get_int_member_with_default (root, "at", 0), error))
      return;
}

static gboolean
read_all_acks (Pass *pass, GError **error)
{
  GHashTableIter iter;
  gpointer node;

  g_hash_table_iter_init (&iter, pass->roster);
  while (g_hash_table_iter_next (&iter, &node, NULL))
    if (!g_str_equal (node, pass->node_id))
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
applied_by_every_reader (Pass *pass, gint64 *through, GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "SELECT CASE WHEN EXISTS (SELECT 1 FROM peer_acks p WHERE p.writer_id != ?1"
      "                         AND p.writer_id NOT IN (SELECT id FROM nodes)) THEN 0"
      " ELSE (SELECT min (coalesce ((SELECT seq FROM peer_acks a WHERE a.reader_id = n.id"
      "                                AND a.writer_id = ?1), 0))"
      "       FROM nodes n WHERE n.kind = 'desk' AND n.revoked_at IS NULL AND n.id != ?1) END", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, pass->node_id);
  step = _cf_store_step (pass->store, stmt, error);
  *through = G_MAXINT64;
  if (step == CF_STEP_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    *through = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

/* Removes this machine's own segments that every reader has applied, so
 * erased data leaves the sync folder too.  Never beyond what is committed
 * here, so a number is never written twice. */
static gboolean
compact_own (Pass *pass, GError **error)
{
  gint64 read_by_all, written;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!applied_by_every_reader (pass, &read_by_all, error) ||
      !setting_int (pass->store, "segment_seq", &written, error))
    return FALSE;
  dir = g_dir_open (pass->own_dir, 0, NULL);
  if (dir == NULL)
    return TRUE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint64 seq;
      g_autofree char *path = NULL;

      if (!parse_segment_name (name, &seq) || (gint64) seq > MIN (read_by_all, written))
        continue;
      path = g_build_filename (pass->own_dir, name, NULL);
      if (g_unlink (path) == 0)
        pass->report->segments_removed++;
    }
  return TRUE;
}

/* ---- the kiosk feed -------------------------------------------------- */

#define FEED_NAME           "feed"
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
static gboolean
publish_feed (Pass *pass, GError **error)
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
      !setting_int (pass->store, "feed_at", &at, error) ||
      !setting_int (pass->store, "feed_seq", &version, error))
    return FALSE;
  if (g_strcmp0 (digest, previous) == 0 && now - at < FEED_REFRESH)
    return TRUE;
  node = json_node_init_object (json_node_alloc (), feed);
  text = json_to_string (node, FALSE);
  payload = g_bytes_new (text, strlen (text));
  version++;
  if (!write_segment (pass, CF_SEGMENT_FEED, (guint64) version, payload, FEED_NAME, &written, error))
    return FALSE;
  return !written ||
         (set_setting_int (pass->store, "feed_seq", version, error) &&
          set_setting_int (pass->store, "feed_at", now, error) &&
          _cf_settings_set (pass->store, "feed_digest", digest, error));
}

/* ---- the pass -------------------------------------------------------- */

static gboolean
run_locked (Pass *pass, GError **error)
{
  gboolean folder_ok = ensure_own_folder (pass);

  if (folder_ok && !export_changes (pass, error))
    return FALSE;
  if (!import_all (pass, error) || !read_all_acks (pass, error))
    return FALSE;
  /* Import may have queued nothing new, but what it applied is acked. */
  if (folder_ok && !pass->report->folder_unavailable)
    {
      if (!write_acks (pass, error) || !publish_feed (pass, error) || !compact_own (pass, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
cf_sync_run (CfSession *session, const char *sync_dir, CfSyncReport *report, GError **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  Pass pass;
  gboolean ok;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (sync_dir != NULL && report != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_ADMINISTER, NULL) &&
      !cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return FALSE;
  lock = _cf_store_lock (cf_session_get_store (session));
  ok = pass_init (&pass, cf_session_get_store (session), session, sync_dir, report, error) && run_locked (&pass, error);
  pass_clear (&pass);
  return ok && _cf_session_refresh_credentials (session, error);
}

/* ---- snapshot, digest, status ---------------------------------------- */

static gboolean
append_floor_ops (Pass *pass, JsonArray *ops, GError **error)
{
  GHashTableIter iter;
  gpointer node;

  g_hash_table_iter_init (&iter, pass->roster);
  while (g_hash_table_iter_next (&iter, &node, NULL))
    {
      JsonObject *op;
      gint64 through;

      if (g_str_equal (node, pass->node_id)
          ? !setting_int (pass->store, "segment_seq", &through, error)
          : !applied_through (pass->store, node, &through, error))
        return FALSE;
      op = json_object_new ();
      json_object_set_string_member (op, "k", "floor");
      json_object_set_string_member (op, "id", node);
      json_object_set_int_member (op, "seq", through);
      json_array_add_object_element (ops, op);
    }
  return TRUE;
}

static gboolean
write_chunk (Pass *pass, JsonArray *ops, guint start, guint end, GError **error)
{
  g_autoptr(JsonArray) chunk = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) payload = NULL;
  gboolean written;
  gint64 exported;
  guint64 seq;
  char *text;

  for (guint i = start; i < end; i++)
    json_array_add_element (chunk, json_node_copy (json_array_get_element (ops, i)));
  node = json_node_init_array (json_node_alloc (), json_array_ref (chunk));
  text = json_to_string (node, FALSE);
  payload = g_bytes_new_take (text, strlen (text));
  if (!next_free_seq (pass, &seq, error) ||
      !write_segment (pass, CF_SEGMENT_DESK, seq, payload, NULL, &written, error))
    return FALSE;
  if (!written)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NO_FOLDER, "%s", pass->report->problem);
      return FALSE;
    }
  pass->report->segments_written++;
  return setting_int (pass->store, "exported_outbox_seq", &exported, error) &&
         record_export (pass, seq, exported, error);
}

/* Everything this desk holds, in chunks, ending with "floors": for each
 * machine, the segments this state already includes, so a machine that
 * applies the snapshot need not (and, once compacted, cannot) read them. */
static gboolean
write_snapshot_chunks (Pass *pass, GError **error)
{
  guint n_ops, n;
  g_autoptr(GBytes) all = _cf_replica_export_all (pass->store, &n_ops, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *ops;

  if (all == NULL || !json_parser_load_from_data (parser, g_bytes_get_data (all, NULL),
                                                  (gssize) g_bytes_get_size (all), error))
    return FALSE;
  ops = json_node_get_array (json_parser_get_root (parser));
  if (!append_floor_ops (pass, ops, error))
    return FALSE;
  n = json_array_get_length (ops);
  for (guint start = 0; start < n; start += OPS_PER_SEGMENT)
    if (!write_chunk (pass, ops, start, MIN (n, start + OPS_PER_SEGMENT), error))
      return FALSE;
  return TRUE;
}

gboolean
cf_sync_write_snapshot (CfSession *session, const char *sync_dir, GError **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  CfSyncReport report = { 0 };
  Pass pass;
  gboolean ok;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  if (!cf_session_require (session, CF_PERMISSION_ADMINISTER, error))
    return FALSE;
  lock = _cf_store_lock (cf_session_get_store (session));
  ok = pass_init (&pass, cf_session_get_store (session), session, sync_dir, &report, error) &&
       ensure_own_folder (&pass) && write_snapshot_chunks (&pass, error);
  if (ok && report.folder_unavailable)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NO_FOLDER, "%s", report.problem);
      ok = FALSE;
    }
  pass_clear (&pass);
  cf_sync_report_clear (&report);
  return ok;
}

char *
cf_sync_digest (CfSession *session, GError **error)
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
count_waiting (Pass *pass, const char *node, guint *waiting, GError **error)
{
  g_autofree char *path = g_build_filename (pass->sync_dir, node, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint64 seq;
  gboolean applied;

  *waiting = 0;
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      if (!parse_segment_name (name, &seq))
        continue;
      if (!is_applied (pass->store, node, seq, &applied, error))
        return FALSE;
      *waiting += applied ? 0 : 1;
    }
  return TRUE;
}

static gboolean
list_machines (Pass *pass, GPtrArray *machines, GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "SELECT n.id, n.kind, n.revoked_at IS NOT NULL,"
      " (SELECT max (reported_at) FROM peer_acks a WHERE a.reader_id = n.id)"
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
cf_sync_status (CfSession *session, const char *sync_dir, GError **error)
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
  if (!pass_init (&pass, cf_session_get_store (session), session, sync_dir, &report, error))
    {
      pass_clear (&pass);
      return NULL;
    }
  listed = list_machines (&pass, machines, error);
  pass_clear (&pass);
  return listed ? g_steal_pointer (&machines) : NULL;
}

/* ---- the kiosk's pass ------------------------------------------------ */

/* Sealed submissions become signed segments; the kiosk cannot read them. */
static gboolean
export_sealed (Pass *pass, GError **error)
{
  for (;;)
    {
      sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
          "SELECT seq, sealed FROM kiosk_outbox ORDER BY seq LIMIT 1", error);
      CfSegmentHeader header = { CF_SEGMENT_KIOSK, { 0 }, 0 };
      g_autoptr(GBytes) sealed = NULL, segment = NULL;
      g_autofree char *name = NULL, *path = NULL;
      g_autoptr(GError) file_error = NULL;
      gint64 row, exported;
      CfStep step;

      if (stmt == NULL)
        return FALSE;
      step = _cf_store_step (pass->store, stmt, error);
      if (step != CF_STEP_ROW)
        {
          sqlite3_reset (stmt);
          return step == CF_STEP_DONE;
        }
      row = sqlite3_column_int64 (stmt, 0);
      sealed = g_bytes_new (sqlite3_column_blob (stmt, 1), (gsize) sqlite3_column_bytes (stmt, 1));
      sqlite3_reset (stmt);

      if (!next_free_seq (pass, &header.seq, error) ||
          !setting_int (pass->store, "exported_outbox_seq", &exported, error))
        return FALSE;
      g_strlcpy (header.node_id, pass->node_id, sizeof header.node_id);
      segment = cf_segment_sign_sealed (&header, sealed, pass->sign_secret, error);
      name = segment_name (header.seq);
      path = g_build_filename (pass->own_dir, name, NULL);
      if (segment == NULL)
        return FALSE;
      if (!cf_files_write_atomic (path, g_bytes_get_data (segment, NULL), g_bytes_get_size (segment),
                                  &file_error))
        {
          pass->report->folder_unavailable = TRUE;
          note_problem (pass, file_error->message);
          return TRUE;      /* kept here; sent on a later pass */
        }
      if (!_cf_store_begin (pass->store, error))
        return FALSE;
      if (!_cf_kiosk_outbox_sent (pass->store, row, error) ||
          !note_exported (pass, header.seq, exported, error) ||
          !_cf_store_commit (pass->store, error))
        {
          _cf_store_rollback (pass->store);
          return FALSE;
        }
      pass->report->segments_written++;
    }
}

static JsonObject *
read_feed_of (Pass *pass, const char *desk, guint64 *version)
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
  payload = cf_segment_open (bytes, pass->keys, lookup_signer, pass->roster, &header, &error);
  if (payload == NULL || header.kind != CF_SEGMENT_FEED || !g_str_equal (header.node_id, desk))
    {
      if (error)
        note_problem (pass, error->message);
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
learn_roster (Pass *pass, JsonObject *feed, GError **error)
{
  JsonArray *roster = cf_json_get_array (feed, "roster");

  for (guint i = 0; roster && i < json_array_get_length (roster); i++)
    {
      JsonObject *node = cf_json_array_object (roster, i);
      sqlite3_stmt *stmt;

      if (node == NULL || !g_uuid_string_is_valid (json_object_get_string_member_with_default (node, "id", "")))
        continue;
      stmt = _cf_store_prepare (pass->store,
          "INSERT OR REPLACE INTO nodes (id, kind, sign_public, enrolled_at, revoked_at)"
          " VALUES (?, ?, ?, coalesce ((SELECT enrolled_at FROM nodes WHERE id = ?1), 0),"
          " CASE WHEN ? THEN coalesce ((SELECT revoked_at FROM nodes WHERE id = ?1), 1) END)", error);
      if (stmt == NULL)
        return FALSE;
      _cf_bind_text (stmt, 1, cf_json_get_string (node, "id"));
      _cf_bind_text (stmt, 2, json_object_get_string_member_with_default (node, "kind", "desk"));
      _cf_bind_text (stmt, 3, json_object_get_string_member_with_default (node, "sign_public", ""));
      sqlite3_bind_int (stmt, 4, json_object_get_int_member_with_default (node, "revoked", 0) != 0);
      if (!_cf_store_step_done (pass->store, stmt, error))
        return FALSE;
    }
  return load_roster (pass, error);
}

/* The newest feed of any trusted desk; a feed already taken (same desk,
 * same version) is not taken again. */
static gboolean
take_newest_feed (Pass *pass, GError **error)
{
  g_autoptr(JsonObject) newest = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL, *source = NULL, *taken = NULL;
  GHashTableIter iter;
  gpointer id, value;
  gint64 at;

  g_hash_table_iter_init (&iter, pass->roster);
  while (g_hash_table_iter_next (&iter, &id, &value))
    {
      Signer *signer = value;
      g_autoptr(JsonObject) feed = NULL;
      guint64 version = 0;

      if (signer->revoked || !g_str_equal (signer->kind, "desk"))
        continue;
      feed = read_feed_of (pass, id, &version);
      if (feed && (newest == NULL || json_object_get_int_member_with_default (feed, "at", 0) >=
                                     json_object_get_int_member_with_default (newest, "at", 0)))
        {
          g_clear_pointer (&newest, json_object_unref);
          newest = json_object_ref (feed);
          g_free (source);
          source = g_strdup_printf ("%s:%" G_GUINT64_FORMAT, (char *) id, version);
        }
    }
  if (!_cf_settings_get (pass->store, "feed_source", &taken, error) ||
      !setting_int (pass->store, "feed_at", &at, error))
    return FALSE;
  if (newest == NULL || g_strcmp0 (source, taken) == 0 ||
      json_object_get_int_member_with_default (newest, "at", 0) < at)
    return TRUE;
  node = json_node_init_object (json_node_alloc (), newest);
  text = json_to_string (node, FALSE);
  return _cf_settings_set (pass->store, "feed", text, error) &&
         _cf_settings_set (pass->store, "feed_source", source, error) &&
         set_setting_int (pass->store, "feed_at", json_object_get_int_member_with_default (newest, "at", 0), error) &&
         learn_roster (pass, newest, error);
}

gboolean
_cf_sync_run_kiosk (CfStore *store, const char *sync_dir, CfSyncReport *report, GError **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  Pass pass;
  gboolean ok = pass_init (&pass, store, NULL, sync_dir, report, error);

  if (ok && ensure_own_folder (&pass))
    ok = export_sealed (&pass, error) && read_all_acks (&pass, error);
  if (ok && !report->folder_unavailable)
    ok = compact_own (&pass, error);
  if (ok && g_file_test (sync_dir, G_FILE_TEST_IS_DIR))
    ok = take_newest_feed (&pass, error);
  pass_clear (&pass);
  return ok;
}

/* ---- verification ---------------------------------------------------- */

static gboolean
is_sync_file (const char *name)
{
  guint64 seq;

  return parse_segment_name (name, &seq) || g_str_equal (name, ACKS_NAME) ||
         g_str_equal (name, FEED_NAME);
}

static gboolean
verify_file (Pass *pass, const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL, payload = NULL;
  g_autoptr(GError) local_error = NULL;
  CfSegmentHeader header;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return TRUE;       /* removed meanwhile (compacted) */
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  payload = cf_segment_open (bytes, pass->keys, lookup_signer, pass->roster, &header, &local_error);
  if (payload != NULL)
    return TRUE;
  g_set_error (error, CF_ERROR, cf_error_is_integrity (local_error) ? local_error->code : CF_ERROR_CORRUPT,
               _("%s failed its check: %s"), path, local_error->message);
  return FALSE;
}

/* Opens every file in the sync folder this desk can read: signatures from
 * the roster, authenticated decryption.  Reports the first that fails. */
gboolean
cf_sync_verify_folder (CfSession *session, const char *sync_dir, guint *n_checked,
                       GError **error)
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
  if (!pass_init (&pass, cf_session_get_store (session), session, sync_dir, &report, error))
    ok = FALSE;
  while (ok && (node = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *folder = g_build_filename (sync_dir, node, NULL);
      g_autoptr(GDir) dir = is_node_id (node) ? g_dir_open (folder, 0, NULL) : NULL;
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
  pass_clear (&pass);
  cf_sync_report_clear (&report);
  return ok;
}
