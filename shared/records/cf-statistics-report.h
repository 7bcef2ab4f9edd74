/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-statistics.h"

G_BEGIN_DECLS

/* Anonymised statistics: counts of students, cases and contacts over a
 * range, grouped by one or two fields, with the disclosure rule already
 * applied (cf_statistics_rule): no count here is exact, so nothing made
 * from a report can identify anyone. */

/* The rule every report states in its footer, translated. */
const char *cf_statistics_rule (void);

/* One row of a report: the values of the fields it is grouped by (NULL for
 * an unknown value, and past the fields asked for), its counts rounded
 * under the rule, and the median wait of its drop-ins (minutes from
 * arriving to being called), or a negative number where the rule hides it
 * (7 people or fewer waited, however many drop-ins). */
typedef struct {
  char   *group[2];
  guint   students;
  guint   cases;
  guint   contacts;
  double  median_wait;
} CfStatisticsRow;

/* A median as it is shown: ".." when hidden, else minutes ("12", "12.5"). */
char *cf_statistics_format_median (double median);

typedef struct _CfStatisticsReport CfStatisticsReport;

/* Counts the range [@from, @to), live records and the counts folded from
 * destroyed ones together, grouped by none, one or two of
 * cf_statistics_fields() in @by, and applies the rule: every cell and the
 * total is rounded from its exact count (a total is rounded from the exact
 * total, never summed from rounded cells).  Students and cases count once
 * in the range, or once a month (a term) when grouped by month (term); a
 * total adds the rows up.  Managers only; audited.  Slow: from a window,
 * run it on the store's thread. */
CfStatisticsReport    *cf_statistics_report_new        (CfSession          *session,
                                                        GDateTime          *from,
                                                        GDateTime          *to,
                                                        const char *const  *by,
                                                        GError            **error);
CfStatisticsReport    *cf_statistics_report_ref        (CfStatisticsReport *report);
void                   cf_statistics_report_unref      (CfStatisticsReport *report);
/* The fields grouped by: none, one or two, NULL-ended. */
const char *const     *cf_statistics_report_get_by     (CfStatisticsReport *report);
GDateTime             *cf_statistics_report_get_from   (CfStatisticsReport *report);
GDateTime             *cf_statistics_report_get_to     (CfStatisticsReport *report);
guint                  cf_statistics_report_get_n_rows (CfStatisticsReport *report);
const CfStatisticsRow *cf_statistics_report_get_row    (CfStatisticsReport *report,
                                                        guint               i);
const CfStatisticsRow *cf_statistics_report_get_total  (CfStatisticsReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfStatisticsReport, cf_statistics_report_unref)

G_END_DECLS
