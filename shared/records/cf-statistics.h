/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"

G_BEGIN_DECLS

/* One row of a count: the values of the fields it is grouped by (NULL for
 * an unknown value, and past the fields asked for) and exact counts,
 * unrounded.  cf-statistics.c says what a contact is and how students and
 * cases are counted. */
typedef struct {
  char  *group[2];
  guint  students;
  guint  cases;
  guint  contacts;
} CfStatisticsRow;

void cf_statistics_row_free (CfStatisticsRow *row);

/* The fields a count may be grouped by: "topic", "month", "college",
 * "faculty", "mode", "kind", "outcome", "gender", "ethnicity", "age-band". */
const char *const *cf_statistics_fields (void);

/* Counts the contacts from @from (included) to @to (excluded), live
 * records and the counts folded from destroyed ones together, grouped by
 * none, one or two of cf_statistics_fields() in @by (NULL or empty: one
 * row of totals).  Folded counts know only their month: a range that does
 * not start and end at the start of a month takes them whole for each
 * month that starts within it.  Managers only; audited.  A GPtrArray of
 * CfStatisticsRow, sorted by group. */
GPtrArray *cf_statistics_count (CfSession         *session,
                                GDateTime         *from,
                                GDateTime         *to,
                                const char *const *by,
                                GError           **error);

G_END_DECLS
