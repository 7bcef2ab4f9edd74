/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The equal-opportunities answers a student may give, in the categories
 * HESA uses (sex identifier; the 2012/13 ethnicity coding frame), each
 * with "Prefer not to say".  A record stores the stable code; a screen
 * shows the label, translated with _().  Codes never change: a label may. */
typedef struct {
  const char *code;
  const char *label;   /* untranslated, marked with N_() */
} CfMonitoringChoice;

#define CF_MONITORING_PREFER_NOT_TO_SAY "prefer-not-to-say"

/* Each ends with { NULL, NULL }; "Prefer not to say" is the last choice. */
const CfMonitoringChoice *cf_monitoring_genders     (void);
const CfMonitoringChoice *cf_monitoring_ethnicities (void);
/* The untranslated label of @code in @choices, or NULL for a code that is
 * not one of them (a free-text answer from an older kiosk). */
const char               *cf_monitoring_label       (const CfMonitoringChoice *choices,
                                                     const char               *code);

G_END_DECLS
