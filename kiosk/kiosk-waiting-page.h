/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The ticket codes being called now, from the feed: never a name. */
#define KIOSK_TYPE_WAITING_PAGE (kiosk_waiting_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskWaitingPage, kiosk_waiting_page, KIOSK, WAITING_PAGE, AdwBin)

/* The always-on "now calling" board: no way back, and a chime when a new
 * code is called. */
void kiosk_waiting_page_set_board (KioskWaitingPage *self,
                                   gboolean          board);

G_END_DECLS
