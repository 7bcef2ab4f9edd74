/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-kiosk.h"

G_BEGIN_DECLS

/* After a check-in: only the ticket code (and an anonymous student's
 * access code), never anything the student typed. */
#define KIOSK_TYPE_DONE_PAGE (kiosk_done_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskDonePage, kiosk_done_page, KIOSK, DONE_PAGE, AdwBin)

/* @start: the appointment's start for a booking code, or 0. */
void kiosk_done_page_show          (KioskDonePage *self,
                                    CfVisitKind    kind,
                                    const char    *ticket,
                                    const char    *access_code,
                                    gint64         start);
/* A drop-in's place: @ahead drop-ins wait before it (from the feed, so
 * about right, not exact). */
/* The student chose "I do not agree": say what happens next. */
void kiosk_done_page_show_declined (KioskDonePage *self);
void kiosk_done_page_show_queue    (KioskDonePage *self,
                                    guint          ahead);

G_END_DECLS
