/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules (and tests) only: folding a student's
 * contacts into anonymous counts before their records are destroyed, and
 * the exact counts, which never leave the library unrounded: every public
 * path goes through cf_statistics_report_new (cf-statistics-report.c). */

#include "cf-statistics.h"
#include "cf-store.h"

G_BEGIN_DECLS

/* Within the destroying transaction, before the student's rows go: adds
 * the student's contacts to the folded counts, which replicate. */
gboolean _cf_statistics_fold_student (CfStore    *store,
                                      const char *student_id,
                                      GError    **error);

/* @n drop-ins that waited @minutes from arriving to being called. */
typedef struct {
  gint64 minutes;
  guint  n;
} CfStatisticsWait;

/* One group's exact counts: the values of the fields it is grouped by
 * (NULL for an unknown value, and past the fields asked for), the waits
 * of its drop-ins, by minutes ascending, and how many people waited
 * (count_sql says how each is counted once). */
typedef struct {
  char   *group[2];
  guint   students;
  guint   cases;
  guint   contacts;
  GArray *waits;
  guint   waiters;
} CfStatisticsCount;

void _cf_statistics_count_free (CfStatisticsCount *count);

/* Counts the contacts from @from (included) to @to (excluded), live
 * records and the counts folded from destroyed ones together, grouped by
 * none, one or two of cf_statistics_fields() in @by (NULL or empty: one
 * row of totals).  Folded counts know only their month: a range that does
 * not start and end at the start of a month takes them whole for each
 * month that starts within it.  Managers only; audited.  A GPtrArray of
 * CfStatisticsCount, sorted by group: exact, so never shown as it is.
 * A term starts in @year_starts_month (1 to 12), the month the office's
 * academic year starts in (its retention rule's). */
GPtrArray *_cf_statistics_count (CfSession         *session,
                                 GDateTime         *from,
                                 GDateTime         *to,
                                 const char *const *by,
                                 guint              year_starts_month,
                                 GError           **error);

G_END_DECLS
