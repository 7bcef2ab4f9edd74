/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Times are stored as UTC seconds and shown in the office's time zone as
 * ISO 8601 without seconds ("2026-11-23T14:00"); dates as "YYYY-MM-DD".
 * Parsing also takes the day as cf_day_parse reads it ("07/12/2026T14:00",
 * "07/12/2026 14:00"). */
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

/* The one reader of days and times of day as people type them, for the
 * desk and confidectl alike.  A day is "07/12/2026" (day first, as in the
 * UK; "7/12/26" too) or "2026-12-07"; a day that does not exist, like
 * 31/02/2026, is refused with a sentence that says why.  A time of day is
 * "14:00", "9.30", "9am" or "2:30 pm", given as minutes after midnight.
 * Errors name what was typed and an example, never an internal format. */
gboolean cf_day_parse      (const char  *text,
                            GDate       *date,
                            GError     **error);
gboolean cf_clock_parse    (const char  *text,
                            int         *minutes,
                            GError     **error);
/* @minutes after the start of @date, in @zone, as UTC seconds. */
gint64   cf_time_from_day  (const GDate *date,
                            int          minutes,
                            GTimeZone   *zone);
/* "07/12/2026": a day as the UK writes it, as cf_day_parse reads it back. */
char    *cf_date_format_uk (gint64       utc_seconds,
                            GTimeZone   *zone);

G_END_DECLS
