/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Drop in, step 4, optional: the equality monitoring form (date of birth,
 * gender, ethnicity), each with "prefer not to say".  Its buttons confirm
 * the check-in, with or without the form. */
#define KIOSK_TYPE_MONITORING_PAGE (kiosk_monitoring_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskMonitoringPage, kiosk_monitoring_page, KIOSK, MONITORING_PAGE, AdwBin)

G_END_DECLS
