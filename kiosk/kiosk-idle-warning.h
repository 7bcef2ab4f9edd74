/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* "Are you still there?" over a screen that holds what a student entered,
 * with a countdown to the wipe and "I'm still here".  Signals:
 * "still-here" (the button) and "expired" (the countdown reached zero). */
#define KIOSK_TYPE_IDLE_WARNING (kiosk_idle_warning_get_type ())
G_DECLARE_FINAL_TYPE (KioskIdleWarning, kiosk_idle_warning, KIOSK, IDLE_WARNING, AdwBin)

void     kiosk_idle_warning_start      (KioskIdleWarning *self,
                                        guint             seconds);
void     kiosk_idle_warning_stop       (KioskIdleWarning *self);
gboolean kiosk_idle_warning_is_running (KioskIdleWarning *self);

G_END_DECLS
