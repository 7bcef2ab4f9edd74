/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"

G_BEGIN_DECLS

/* What one pass over the sync folder did.  Problems with the folder or with
 * other machines' files are reported here, not as errors: local work goes
 * on regardless, and the next pass retries. */
typedef struct {
  guint     segments_written;
  guint     segments_applied;
  guint     operations_applied;
  guint     segments_waiting;    /* need something not yet arrived */
  guint     segments_refused;    /* damaged, tampered or unknown signer */
  guint     segments_removed;    /* applied everywhere, compacted away */
  gboolean  folder_unavailable;
  char     *problem;             /* the first problem, as a sentence */
  gboolean  restore_held;        /* restored, waiting for another desk's snapshot */
} CfSyncReport;

void cf_sync_report_clear (CfSyncReport *report);

/* One pass: export this machine's new changes, import everyone else's,
 * publish what was applied, remove own segments every reader has applied.
 * Returns FALSE only when this machine's own database failed.  Runs on the
 * store's thread in the apps (it reads and writes files). */
gboolean cf_sync_run (CfSession    *session,
                      const char   *sync_dir,
                      CfSyncReport *report,
                      GError      **error);

/* Writes a segment with everything this desk holds now, for a machine that
 * joins later (erased records are not in it). */
gboolean cf_sync_write_snapshot (CfSession  *session,
                                 const char *sync_dir,
                                 GError    **error);

/* Checks every file of the sync folder this desk can read; the first that
 * fails gives CF_ERROR_CORRUPT (or UNKNOWN_SIGNER), naming the file. */
gboolean cf_sync_verify_folder (CfSession  *session,
                                const char *sync_dir,
                                guint      *n_checked,
                                GError    **error);

char *cf_sync_digest (CfSession *session,
                      GError   **error);

typedef struct {
  char     *node_id;
  char     *kind;
  gboolean  is_self;
  gboolean  revoked;
  gint64    last_seen;          /* its acks or its segments, the newest; 0 = never */
  guint     waiting;            /* its segments here not yet applied */
} CfSyncMachine;

/* The office's machines as this one sees them. */
GPtrArray *cf_sync_status (CfSession  *session,
                           const char *sync_dir,
                           GError    **error);

G_END_DECLS
