/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "kiosk-application.h"

G_BEGIN_DECLS

/* The kiosk's one window: full screen, and closed only by staff with the
 * PIN.  It opens the kiosk (or shows the staff set-up), keeps the feed
 * and the sync going, and wipes the screens after idle time. */
#define KIOSK_TYPE_WINDOW (kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (KioskWindow, kiosk_window, KIOSK, WINDOW, AdwApplicationWindow)

KioskWindow *kiosk_window_new (KioskApplication *app);

G_END_DECLS
