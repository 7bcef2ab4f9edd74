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

G_END_DECLS
