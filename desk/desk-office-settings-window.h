/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_OFFICE_SETTINGS_WINDOW (desk_office_settings_window_get_type ())
G_DECLARE_FINAL_TYPE (DeskOfficeSettingsWindow, desk_office_settings_window, DESK,
                      OFFICE_SETTINGS_WINDOW, AdwPreferencesWindow)

/* The office's settings, for managers: opening hours, idle times, the
 * kiosk's topics and its consent wording (cf-office-settings.h), and a
 * way to the Retention page, where the retention rule is set.  Loads and
 * saves on the store's thread; each part is saved on its own. */
DeskOfficeSettingsWindow *desk_office_settings_window_new (GtkWindow *parent,
                                                           CfSession *session);

G_END_DECLS
