/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules: what replicates between machines, and the
 * one implementation of turning local changes into operations and applying
 * operations from other machines. */

#include "cf-store-private.h"

G_BEGIN_DECLS

/* The two classes of data, each under its own key. */
typedef enum {
  CF_DATA_OFFICE,
  CF_DATA_CASE,
} CfDataClass;

CfDataClass _cf_replica_class_of (const char *kind);

/* The payload of the changes of @data_class queued in the outbox after
 * @after_seq, among the next @max_ops entries; NULL with no error when
 * there is nothing to export.  *@last_seq is the last outbox entry covered. */
GBytes *_cf_replica_export_changes (CfStore    *store,
                                    CfDataClass data_class,
                                    gint64      after_seq,
                                    guint       max_ops,
                                    gint64     *last_seq,
                                    guint      *n_ops,
                                    GError    **error);
/* Everything of @data_class this machine holds now, as operations: what a
 * machine that joins later needs, without any erased history. */
GBytes *_cf_replica_export_all     (CfStore    *store,
                                    CfDataClass data_class,
                                    guint      *n_ops,
                                    GError    **error);
/* What one import transaction has learned about students and cases, so
 * that thousands of operations about the same few look each one up once.
 * Create it when the transaction begins and free it when it ends: it holds
 * only while that transaction has the write lock (no other program can
 * erase a student or move a case meanwhile), and the import's own erasures
 * and moves correct it as they happen. */
typedef struct _CfReplicaMemo CfReplicaMemo;

CfReplicaMemo *_cf_replica_memo_new  (void);
void           _cf_replica_memo_free (CfReplicaMemo *memo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfReplicaMemo, _cf_replica_memo_free)

/* The operation that begins each segment of a snapshot: {"k": "snapshot",
 * "id": writer}. */
#define CF_REPLICA_SNAPSHOT "snapshot"

/* Within the caller's transaction.  Unknown kinds and fields (from a newer
 * Confide) are skipped; malformed operations fail the whole payload.  From
 * a kiosk, only new tickets are accepted.  Audit entries are accepted only
 * from their own machine, @signer (NULL: from anyone), except in a
 * snapshot.  New students and case entries
 * are left for the caller to add to the search index before it commits
 * (_cf_fts_watermark and _cf_fts_index_above): indexing many segments'
 * rows at once costs far less than indexing each segment's.  @memo may be
 * NULL: everything is then looked up in the database. */
gboolean _cf_replica_apply      (CfStore           *store,
                                 CfReplicaMemo     *memo,
                                 GBytes            *payload,
                                 gboolean           from_kiosk,
                                 CfDataClass        data_class,
                                 const char        *signer,
                                 guint             *n_applied,
                                 GError           **error);
/* Within the caller's transaction: stamps @fields of the @kind record
 * @row_id with @stamp, as a local change to them. */
gboolean _cf_replica_stamp      (CfStore           *store,
                                 const char        *kind,
                                 const char        *row_id,
                                 const char *const *fields,
                                 const char        *stamp,
                                 GError           **error);
/* When @field of the @kind record @row_id last changed, as the wall-clock
 * milliseconds of its stamp: 0 when it never changed since the record was
 * made, or the record does not exist. */
gboolean _cf_replica_changed_at (CfStore           *store,
                                 const char        *kind,
                                 const char        *row_id,
                                 const char        *field,
                                 gint64            *millis,
                                 GError           **error);
/* A hash of the replicated state: equal on machines that have converged. */
char    *_cf_replica_digest     (CfStore           *store,
                                 GError           **error);

G_END_DECLS
