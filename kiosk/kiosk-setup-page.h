/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Staff set-up of a kiosk that is not enrolled: the enrollment bundle made
 * at a desk, its one-time code, the sync folder and a staff PIN typed
 * twice.  With @pin_only (enrolled from the command line without a PIN)
 * only the PIN.  Emits "finished" once all is stored. */
#define KIOSK_TYPE_SETUP_PAGE (kiosk_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskSetupPage, kiosk_setup_page, KIOSK, SETUP_PAGE, AdwBin)

KioskSetupPage *kiosk_setup_page_new (const char *data_dir,
                                      const char *sync_dir,
                                      gboolean    pin_only);

G_END_DECLS
