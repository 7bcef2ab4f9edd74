/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Times are stored as UTC seconds and shown in the office's time zone as
 * ISO 8601 without seconds ("2026-11-23T14:00"); dates as "YYYY-MM-DD". */
gboolean cf_time_parse   (const char *text,
                          GTimeZone  *zone,
                          gint64     *out,
                          GError    **error);
char    *cf_time_format  (gint64      utc_seconds,
                          GTimeZone  *zone);
gboolean cf_date_parse   (const char *text,
                          GTimeZone  *zone,
                          gint64     *day_start,
                          gint64     *day_end,
                          GError    **error);
char    *cf_date_format  (gint64      utc_seconds,
                          GTimeZone  *zone);
char    *cf_clock_format (gint64      utc_seconds,
                          GTimeZone  *zone);

/* A date as people in the UK type it, day first ("07/12/2026" is the 7th
 * of December); "2026-12-07" is accepted too.  The day's bounds as
 * cf_date_parse gives them. */
gboolean cf_date_parse_uk  (const char *text,
                            GTimeZone  *zone,
                            gint64     *day_start,
                            gint64     *day_end,
                            GError    **error);
/* "07/12/2026" */
char    *cf_date_format_uk (gint64      utc_seconds,
                            GTimeZone  *zone);

G_END_DECLS
