/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The first screen: drop in or arrive for an appointment, the office's
 * opening hours, the codes being called, and the language and display
 * choices. */
#define KIOSK_TYPE_WELCOME_PAGE (kiosk_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskWelcomePage, kiosk_welcome_page, KIOSK, WELCOME_PAGE, AdwBin)

/* While staff pause drop-ins only an appointment can be checked in;
 * @message (staff's words, maybe "") says why, NULL opens drop-ins. */
void kiosk_welcome_page_set_paused (KioskWelcomePage *self,
                                    const char       *message);

G_END_DECLS
