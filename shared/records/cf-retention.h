/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"

G_BEGIN_DECLS

/* How long a student's records live (design.md, "The life of a record"):
 * the office's rule, replicated, set by a manager.  A student is due
 * @years after the end of the academic year of their last contact (the
 * latest entry, appointment, ticket, consent or breach record about them),
 * or @years after their last case was resolved.  An academic year starts
 * on the office's day (1 August unless set). */
typedef enum {
  CF_RETENTION_FROM_LAST_CONTACT,
  CF_RETENTION_FROM_CASE_CLOSED,
} CfRetentionFrom;

typedef struct {
  guint           years;             /* 1 to 10 */
  CfRetentionFrom from;
  guint           year_starts_month; /* 1 to 12 */
  guint           year_starts_day;   /* 1 to 31, a real day of that month */
} CfRetentionRule;

/* The office's rule; six years from last contact, years starting on
 * 1 August, until a manager sets one. */
gboolean cf_retention_get_rule (CfSession             *session,
                                CfRetentionRule       *rule,
                                GError               **error);
gboolean cf_retention_set_rule (CfSession             *session,
                                const CfRetentionRule *rule,
                                GError               **error);

/* The day a student whose last contact (or last case resolved) was on
 * @day is due under @rule: pure date arithmetic, no database. */
GDateTime *cf_retention_due_day (const CfRetentionRule *rule,
                                 GDateTime             *day);

/* The students due on or before @today (a CfRetentionDue each, oldest
 * due first), held ones included and marked.  Audited as a list shown. */
GListModel *cf_retention_list_due (CfSession *session,
                                   GDateTime *today,
                                   GError   **error);

/* Keeps a student's records past their due day (@reason: a complaint, a
 * dispute, a legal duty), and lets them go again.  Managers only. */
gboolean cf_retention_hold    (CfSession  *session,
                               const char *student_id,
                               const char *reason,
                               GError    **error);
gboolean cf_retention_release (CfSession  *session,
                               const char *student_id,
                               GError    **error);

/* Destroys every student due on or before @today and not held, each in a
 * transaction of its own (cf_students_destroy), so a purge cut short
 * leaves nobody half destroyed and the next one finishes it.  With
 * @dry_run, counts and destroys nothing.  Managers only. */
gboolean cf_retention_purge (CfSession *session,
                             GDateTime *today,
                             gboolean   dry_run,
                             guint     *n_students,
                             GError   **error);

G_END_DECLS
