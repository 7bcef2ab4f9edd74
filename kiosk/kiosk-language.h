/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The languages a student can switch the kiosk to, live.  Call
 * kiosk_language_init() first thing in main(), before any thread starts. */
void        kiosk_language_init            (void);
const char *kiosk_language_get_current     (void);
const char *kiosk_language_get_default     (void);
/* Returns TRUE when the language changed; new texts must then be fetched
 * again (the kiosk rebuilds its screens). */
gboolean    kiosk_language_set             (const char *code);
/* The languages offered, in the order shown: NULL past the last. */
const char *kiosk_language_get_code        (guint       index);
/* The language's name written in that language ("Français"). */
const char *kiosk_language_get_native_name (const char *code);

G_END_DECLS
