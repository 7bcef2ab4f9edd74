/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-audit.h"
#include "cf-session.h"

G_BEGIN_DECLS

/* The audit log read back, for managers: every machine's entries this desk
 * holds (other machines' arrive with their segments), newest first, a page
 * at a time.  Reading it is itself audited ("audit-read", about the
 * student filtered on, with the number of entries shown). */

/* At most @limit (1 to CF_AUDIT_LOG_PAGE_MAX) entries that @filter keeps,
 * after @after: the last entry of the page before, NULL for the first.
 * Each page is an index search, whatever its depth. */
#define CF_AUDIT_LOG_PAGE_MAX 1000

/* Whether @filter may be used: its subject, if any, must be an id (the
 * subject is written into the log), CF_ERROR_INVALID_INPUT otherwise.
 * Every reading of the log checks it first; a program may check it before
 * signing in. */
gboolean cf_audit_log_check_filter (const CfAuditFilter *filter,
                                    GError             **error);

GListModel *cf_audit_log_list      (CfSession           *session,
                                    const CfAuditFilter *filter,
                                    CfAuditEntry        *after,
                                    guint                limit,
                                    GError             **error);
/* Who has read @student_id's record, and when: its reads, newest first. */
GListModel *cf_audit_log_reads     (CfSession           *session,
                                    const char          *student_id,
                                    CfAuditEntry        *after,
                                    guint                limit,
                                    GError             **error);
/* The state of every chain held here (cf_audit_check); slow on a large
 * office: keep it off the GTK main thread. */
gboolean    cf_audit_log_check     (CfSession           *session,
                                    CfAuditChainState   *state,
                                    GError             **error);
/* The id of the user called @name, removed users included (their entries
 * stay in the log); CF_ERROR_NOT_FOUND when there is none. */
char       *cf_audit_log_find_user (CfSession           *session,
                                    const char          *name,
                                    GError             **error);

G_END_DECLS
