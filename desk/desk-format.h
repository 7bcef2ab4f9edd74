/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cf-consent.h"
#include "cf-session.h"

G_BEGIN_DECLS

/* What the desk shows for stored values: pure functions, so display state
 * can be tested without a display. */
const char *desk_format_role       (CfRole      role);
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

/* A student with no name (an anonymous check-in) is "Anonymous". */
const char *desk_format_student_name (const char        *name);
/* "First seen 7 Dec 2026, 14:05": what tells anonymous students apart in
 * a list; only a hash of their access code is kept, so it cannot be shown. */
char       *desk_format_first_seen   (gint64             created_at,
                                      GTimeZone         *zone);
/* @parts (NULL-terminated; empty ones left out) joined with " · ",
 * each isolated (U+2068 … U+2069) so that a right-to-left name does not
 * reorder the rest of the line. */
char       *desk_format_detail_line  (const char *const *parts);

/* Whether a student is removed from their course, and who last set or
 * cleared that, when and why: "Yes, since 7 Dec 2026, 14:05, marked by
 * Mari Manager: Suspended pending a hearing." */
char *desk_format_removed (gboolean    removed,
                           const char *reason,
                           const char *by,
                           gint64      at,
                           GTimeZone  *zone);

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
 * (Tuesday 24 November 2026, 14:00–14:45)", or that the appointment is
 * cancelled. */
char       *desk_format_security_told   (gint64             told_at,
                                         gint64             start_at,
                                         gint64             end_at,
                                         gboolean           cancelled,
                                         GTimeZone         *zone);

G_END_DECLS
