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

/* The codes a rule's @from is written as ("last-contact", "case-closed"),
 * in the office's settings and on confidectl's command line. */
const char *cf_retention_from_code        (CfRetentionFrom        from);
gboolean    cf_retention_from_parse       (const char            *code,
                                           CfRetentionFrom       *from,
                                           GError               **error);
/* "MM-DD", as the day a year starts is typed and stored: a real day of
 * every year, so 29 February is refused with a sentence saying why. */
gboolean    cf_retention_parse_year_start (const char            *text,
                                           guint                 *month,
                                           guint                 *day,
                                           GError               **error);
/* Whether a manager may set @rule: 1 to 10 years, a real day of every
 * year; a sentence saying what is wrong otherwise. */
gboolean    cf_retention_rule_check       (const CfRetentionRule *rule,
                                           GError               **error);

/* The office's rule; six years from last contact, years starting on
 * 1 August, until a manager sets one. */
gboolean cf_retention_get_rule (CfSession             *session,
                                CfRetentionRule       *rule,
                                GError               **error);
gboolean cf_retention_set_rule (CfSession             *session,
                                const CfRetentionRule *rule,
                                GError               **error);

/* The day a student whose last contact (or last case resolved) was on
 * @day is due under @rule: pure date arithmetic, no database, in @day's
 * time zone (callers give days in the office's).  From last contact: the
 * start of the academic year @years after the end of the one holding
 * @day.  From a case closed: the same day @years later, and 29 February
 * then 1 March when that year has none, so records are never kept a day
 * short of the rule.  Always later than @day and never more than
 * @years + 1 years after it, whatever day the year starts on. */
GDateTime *cf_retention_due_day (const CfRetentionRule *rule,
                                 GDateTime             *day);

/* The students due on or before @today (a CfRetentionDue each, oldest
 * due first), held ones included and marked.  Last contact is the latest
 * of a student's case entries and cases opened, appointments (when they
 * start; a cancelled one when it was booked), tickets, consents and breach
 * records, or when the student was added if there is none.  From a case
 * closed: a student with an open case is never due; one with no case is
 * due from their last contact.  Students the manager may not see
 * (conflicts of interest, a restricted service) are left out, for another
 * manager.  Managers only; audited as a list shown. */
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

/* Destroys every student due on or before @today and not held, a hundred
 * to a transaction, so a purge cut short leaves nobody half destroyed and
 * the next one finishes it; the search indexes are merged once, at the
 * end.  With @dry_run, counts and destroys nothing.  Managers only. */
gboolean cf_retention_purge (CfSession *session,
                             GDateTime *today,
                             gboolean   dry_run,
                             guint     *n_students,
                             GError   **error);

/* As cf_retention_purge, but only those of @student_ids (NULL-ended) that
 * are still due and not held: what a manager was shown and confirmed.
 * Anyone due since (the rule changed on another desk) waits for another
 * look. */
gboolean cf_retention_purge_only (CfSession         *session,
                                  GDateTime         *today,
                                  const char *const *student_ids,
                                  guint             *n_students,
                                  GError           **error);

G_END_DECLS
