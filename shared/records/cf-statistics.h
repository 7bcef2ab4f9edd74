/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"

G_BEGIN_DECLS

/* Anonymised statistics: what may be counted.  Counts reach programs
 * only as a report (cf-statistics-report.h), rounded.  cf-statistics.c
 * says what a contact is and how students and cases are counted. */

/* The fields a count may be grouped by: "topic", "month", "term",
 * "college", "faculty", "mode", "kind", "outcome", "gender", "ethnicity",
 * "age-band". */
const char *const *cf_statistics_fields (void);

/* Whether @by is none, one or two different fields of
 * cf_statistics_fields(); a sentence saying what is wrong otherwise. */
gboolean cf_statistics_check_fields (const char *const *by,
                                     GError           **error);

G_END_DECLS
