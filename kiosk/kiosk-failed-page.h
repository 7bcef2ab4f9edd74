/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The kiosk's own disk refused a check-in: the student is asked to see a
 * member of staff, and may try again. */
#define KIOSK_TYPE_FAILED_PAGE (kiosk_failed_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskFailedPage, kiosk_failed_page, KIOSK, FAILED_PAGE, AdwBin)

G_END_DECLS
