/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Arriving for a booked appointment: the booking code, or without it the
 * student's name and date of birth (sealed like everything else). */
#define KIOSK_TYPE_APPOINTMENT_PAGE (kiosk_appointment_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskAppointmentPage, kiosk_appointment_page, KIOSK, APPOINTMENT_PAGE, AdwBin)

/* The booking code typed, or NULL when the student checks in by name. */
const char *kiosk_appointment_page_get_code       (KioskAppointmentPage *self);
void        kiosk_appointment_page_show_not_found (KioskAppointmentPage *self);

G_END_DECLS
