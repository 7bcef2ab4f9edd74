/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "cf-kiosk.h"

G_BEGIN_DECLS

/* The screens a student sees, from "Welcome" to the ticket, and the visit
 * they fill in.  It is rebuilt from its templates when the language
 * changes.  Signals: "activity" (the student did something) and
 * "submitted" (a visit was committed: time to sync). */
#define KIOSK_TYPE_FLOW (kiosk_flow_get_type ())
G_DECLARE_FINAL_TYPE (KioskFlow, kiosk_flow, KIOSK, FLOW, AdwBin)

KioskFlow *kiosk_flow_new         (CfKiosk    *kiosk,
                                   JsonObject *feed);
void       kiosk_flow_set_feed    (KioskFlow  *self,
                                   JsonObject *feed);
/* Wipes every field and returns to the welcome screen ("Start over",
 * idle time, staff). */
void       kiosk_flow_reset       (KioskFlow  *self);
gboolean   kiosk_flow_is_home     (KioskFlow  *self);
/* The always-on "now calling" board instead of check-in. */
void       kiosk_flow_set_board   (KioskFlow  *self,
                                   gboolean    board);
/* Staff paused drop-ins (@message, maybe ""), or opened them (NULL). */
void       kiosk_flow_set_paused  (KioskFlow  *self,
                                   const char *message);
/* For the idle time: a screen that is read gets longer, and one that
 * holds what the student entered asks before it is wiped. */
gboolean   kiosk_flow_is_reading  (KioskFlow  *self);
gboolean   kiosk_flow_holds_input (KioskFlow  *self);

G_END_DECLS
