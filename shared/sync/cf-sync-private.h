/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the files of the sync pass only.  cf-sync.c runs a pass and answers
 * status and verification; the pass is split by concern:
 *   cf-sync-pass.c: a pass's state, keys and roster, bookkeeping, writing this machine's segments
 *   cf-sync-export.c: this machine's changes, the kiosk feed and snapshots
 *   cf-sync-import.c: everyone else's segments, verified and applied
 *   cf-sync-acks.c: what each machine has applied, and compaction
 *   cf-sync-feed-key.c: a replaced feed key, sealed to the kiosks that remain
 *   cf-sync-kiosk.c: the kiosk's pass
 *   cf-sync-restore.c: a machine restored from a backup catching up with its own folder
 */

#include <json-glib/json-glib.h>

#include "cf-fts-private.h"
#include "cf-keyslots.h"
#include "cf-replica-private.h"
#include "cf-segment.h"
#include "cf-session-private.h"
#include "cf-store-private.h"
#include "cf-sync.h"

G_BEGIN_DECLS

/* Layout of the sync folder: one sub-folder per machine, written only by
 * that machine.  Segments are <16-digit sequence>.seg, numbered from 1
 * without gaps; "acks" says what the machine has applied of everyone
 * else's.  Anything else (temporary names, a file-sync engine's own files)
 * is ignored. */
#define SEGMENT_SUFFIX      ".seg"
#define ACKS_NAME           "acks"
#define OPS_PER_SEGMENT     5000
/* One past the highest number a segment's name can carry (16 digits). */
#define SEQ_LIMIT           G_GINT64_CONSTANT (10000000000000000)

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
  CfCaseKeyring *case_keys;        /* a copy of the session's, behind keys->case_key_for */
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
  gint64         changes_through;  /* the outbox entries the segment being written carries */
  gboolean       import_own;       /* after a restore: see cf-sync-restore.c */
  gint64         own_after;        /* the last own segment the backup holds */
  gboolean       hold_export;      /* restored, and not yet caught up */
  gboolean       own_seq_known;    /* see _cf_sync_next_free_seq() */
  gint64         own_seq;
} Pass;

#define FEED_NAME           "feed"

/* cf-sync-pass.c */
char *         _cf_sync_segment_name          (guint64       seq);
gboolean       _cf_sync_is_node_id            (const char   *name);
gboolean       _cf_sync_load_roster           (Pass         *pass,
                                               GError      **error);
const guint8 * _cf_sync_lookup_signer         (const char   *node_id,
                                               gpointer      user_data);
void           _cf_sync_pass_clear            (Pass         *pass);
gboolean       _cf_sync_pass_init             (Pass         *pass,
                                               CfStore      *store,
                                               CfSession    *session,
                                               const char   *sync_dir,
                                               CfSyncReport *report,
                                               GError      **error);
gboolean       _cf_sync_is_applied            (CfStore      *store,
                                               const char   *node_id,
                                               guint64       seq,
                                               gboolean     *applied,
                                               GError      **error);
gboolean       _cf_sync_mark_applied          (CfStore      *store,
                                               const char   *node_id,
                                               guint64       seq,
                                               GError      **error);
gboolean       _cf_sync_ensure_own_folder     (Pass         *pass);
gboolean       _cf_sync_next_free_seq         (Pass         *pass,
                                               guint64      *seq,
                                               GError      **error);
const char *   _cf_sync_export_cursor         (CfDataClass   data_class);
void           _cf_sync_take_session_keys     (Pass         *pass);
gboolean       _cf_sync_delete_outbox_through (CfStore      *store,
                                               CfDataClass   data_class,
                                               gint64        through,
                                               GError      **error);
gboolean       _cf_sync_note_exported         (Pass         *pass,
                                               guint64       seq,
                                               CfDataClass   data_class,
                                               gint64        outbox_through,
                                               GError      **error);
gboolean       _cf_sync_record_export         (Pass         *pass,
                                               guint64       seq,
                                               CfDataClass   data_class,
                                               gint64        outbox_through,
                                               GError      **error);
gboolean       _cf_sync_applied_through       (CfStore      *store,
                                               const char   *writer,
                                               gint64       *through,
                                               GError      **error);
gboolean       _cf_sync_setting_int           (CfStore      *store,
                                               const char   *name,
                                               gint64       *value,
                                               GError      **error);
gboolean       _cf_sync_write_segment         (Pass         *pass,
                                               CfSegmentKind kind,
                                               guint64       seq,
                                               GBytes       *payload,
                                               const char   *name,
                                               gboolean     *written,
                                               GError      **error);
gboolean       _cf_sync_set_setting_int       (CfStore      *store,
                                               const char   *name,
                                               gint64        value,
                                               GError      **error);
void           _cf_sync_note_problem          (Pass         *pass,
                                               const char   *message);
gboolean       _cf_sync_parse_segment_name    (const char   *name,
                                               guint64      *seq);

/* cf-sync-pass.c: the audit head every segment this machine writes carries */
gboolean _cf_sync_fill_audit_head (Pass            *pass,
                                   CfSegmentHeader *header,
                                   GError         **error);

/* cf-sync-export.c */
gboolean _cf_sync_export_changes (Pass    *pass,
                                  GError **error);
gboolean _cf_sync_publish_feed   (Pass    *pass,
                                  GError **error);

/* cf-sync-feed-key.c */
gboolean _cf_sync_publish_feed_key          (Pass            *pass,
                                             GError         **error);
gboolean _cf_sync_take_feed_key             (Pass            *pass,
                                             GError         **error);
GBytes  *_cf_sync_open_under_other_feed_key (Pass            *pass,
                                             GBytes          *bytes,
                                             CfSegmentHeader *header,
                                             GError         **error);

/* cf-sync-import.c */
gboolean _cf_sync_import_all    (Pass      *pass,
                                 GError   **error);
gboolean _cf_sync_own_unapplied (Pass      *pass,
                                 GPtrArray *paths,
                                 GError   **error);

/* cf-sync-restore.c */
gboolean _cf_sync_restored_after  (Pass    *pass,
                                   gint64  *limit,
                                   GError **error);
gboolean _cf_sync_highest_own_seq (Pass    *pass,
                                   gint64  *highest,
                                   GError **error);
gboolean _cf_sync_catch_up        (Pass    *pass,
                                   gboolean folder_ok,
                                   GError **error);

/* cf-sync-kiosk.c, for cf-kiosk.c: a kiosk's pass (send sealed
 * submissions, remove what every desk has applied, take the newest feed). */
gboolean _cf_sync_run_kiosk       (CfStore      *store,
                                   const char   *sync_dir,
                                   CfSyncReport *report,
                                   GError      **error);
/* A feed whose signature held, as the kiosk's pass takes it. */
gboolean _cf_sync_kiosk_take_feed (Pass         *pass,
                                   JsonObject   *feed,
                                   const char   *source,
                                   GError      **error);

/* cf-kiosk.c, for the import: a kiosk's visit without the padding it was
 * sealed with; NULL when the padding is damaged. */
GBytes *_cf_sync_unpad_visit (GBytes  *payload,
                              GError **error);

/* cf-sync-acks.c */
gboolean _cf_sync_write_acks    (Pass    *pass,
                                 GError **error);
gboolean _cf_sync_read_all_acks (Pass    *pass,
                                 GError **error);
gboolean _cf_sync_compact_own   (Pass    *pass,
                                 GError **error);

G_END_DECLS
