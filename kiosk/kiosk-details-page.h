/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Drop in, step 2: who the student is, or that they stay anonymous. */
#define KIOSK_TYPE_DETAILS_PAGE (kiosk_details_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskDetailsPage, kiosk_details_page, KIOSK, DETAILS_PAGE, AdwBin)

gboolean kiosk_details_page_get_anonymous (KioskDetailsPage *self);

G_END_DECLS
