/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the desk shows for stored values: pure functions, so display state
 * can be tested without a display. */
const char *desk_format_mode       (const char *mode);
const char *desk_format_status     (const char *status);
const char *desk_format_entry_kind (const char *kind);
char       *desk_format_time_range (gint64      start_at,
                                    gint64      end_at,
                                    GTimeZone  *zone);
char       *desk_format_day        (gint64      utc_seconds,
                                    GTimeZone  *zone);
char       *desk_format_moment     (gint64      utc_seconds,
                                    GTimeZone  *zone);
/* TRUE when @query (already case-folded) is empty or occurs in @name or
 * @number, ignoring case. */
gboolean    desk_match_student     (const char *query,
                                    const char *name,
                                    const char *number);

G_END_DECLS
