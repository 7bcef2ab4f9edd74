/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DESK_TYPE_SETUP_PAGE (desk_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskSetupPage, desk_setup_page, DESK, SETUP_PAGE, GtkWidget)

void  desk_setup_page_set_folders      (DeskSetupPage *self,
                                        const char    *data_dir,
                                        const char    *sync_dir);
void  desk_setup_page_focus            (DeskSetupPage *self);
/* The sync folder a new office uses unless one is chosen: beside the data
 * folder, so the kiosk and the desk on one machine share it. */
char *desk_setup_page_default_sync_dir (const char    *data_dir);

G_END_DECLS
