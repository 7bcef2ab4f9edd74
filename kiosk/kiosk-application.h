/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_APPLICATION (kiosk_application_get_type ())
G_DECLARE_FINAL_TYPE (KioskApplication, kiosk_application, KIOSK, APPLICATION, AdwApplication)

KioskApplication *kiosk_application_new                      (void);
const char       *kiosk_application_get_data_dir             (KioskApplication *self);
/* NULL: the folder stored at enrollment. */
const char       *kiosk_application_get_sync_dir             (KioskApplication *self);
gboolean          kiosk_application_get_board                (KioskApplication *self);
gboolean          kiosk_application_get_windowed             (KioskApplication *self);
guint             kiosk_application_get_idle_seconds         (KioskApplication *self);
guint             kiosk_application_get_reading_idle_seconds (KioskApplication *self);
guint             kiosk_application_get_idle_warning_seconds (KioskApplication *self);
/* The idle times the office set, from the feed's "idle" (cf-feed.h); an
 * option given for this run still wins. */
void              kiosk_application_take_office_idle         (KioskApplication *self,
                                                              JsonObject       *feed);
char             *kiosk_application_dup_paused               (KioskApplication *self);
void              kiosk_application_set_paused               (KioskApplication *self,
                                                              const char       *message);
guint             kiosk_application_get_sync_seconds         (KioskApplication *self);

G_END_DECLS
