/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cf-consent.h"

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

/* Consents, breach records and what Security was told. */
const char *desk_format_consent_source  (const char        *source);
const char *desk_format_breach_ground   (const char        *ground);
/* Every ground's label, one after another. */
char       *desk_format_breach_grounds  (const char *const *grounds);
const char *desk_format_breach_informed (const char        *informed);
/* "Given in writing on 21 Nov 2026, 14:05, recorded by Ada Adviser", or
 * how it was withdrawn. */
char       *desk_format_consent         (CfConsent         *consent,
                                         GTimeZone         *zone);
/* "Security was told of appointment times on 21 Nov 2026, 14:05
 * (Tuesday 24 November 2026, 14:00–14:45)". */
char       *desk_format_security_told   (gint64             told_at,
                                         gint64             start_at,
                                         gint64             end_at,
                                         GTimeZone         *zone);

G_END_DECLS
