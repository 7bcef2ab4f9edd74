/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"

G_BEGIN_DECLS

/* What one check of this machine found: `confidectl verify` and the
 * administrator's desk run the same one.  Each problem is NULL when its
 * part checked out. */
typedef struct {
  GError *database;        /* a page or b-tree of the database */
  GError *audit;           /* the audit log's hash chain */
  GError *folder;          /* a file of the sync folder, or the folder itself */
  guint   audit_entries;   /* checked, when the chain held */
  guint   sync_files;
} CfVerifyReport;

void    cf_verify_report_clear (CfVerifyReport *report);
/* The first problem found, in the order above; NULL when all is well. */
GError *cf_verify_report_first (CfVerifyReport *report);

/* Checks every page of the database (SQLCipher's HMACs), its b-trees, the
 * audit chain and, unless @sync_dir_or_null is NULL, every file of the
 * sync folder this machine can read.  Reports; never repairs.  FALSE only
 * when the check could not be run at all (the desk is locked); every
 * problem found is in @report.  Reads files and the whole database: never
 * on the GTK main thread. */
gboolean cf_verify_run (CfSession      *session,
                        const char     *sync_dir_or_null,
                        CfVerifyReport *report,
                        GError        **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CfVerifyReport, cf_verify_report_clear)

G_END_DECLS
