/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-ticket.h"

G_BEGIN_DECLS

#define DESK_TYPE_APPLICATION (desk_application_get_type ())
G_DECLARE_FINAL_TYPE (DeskApplication, desk_application, DESK, APPLICATION, AdwApplication)

DeskApplication *desk_application_new                   (void);
const char      *desk_application_get_data_dir          (DeskApplication *self);
const char      *desk_application_get_sync_dir          (DeskApplication *self);
guint            desk_application_get_idle_lock_seconds (DeskApplication *self);
/* The office's idle lock (cf-office-settings.h), 0 for none: read at
 * each sync pass. */
void             desk_application_set_office_idle_lock  (DeskApplication *self,
                                                         guint            seconds);
/* --user and --passphrase-file: who signs in at start, and with what. */
const char      *desk_application_get_user              (DeskApplication *self);
const char      *desk_application_get_passphrase_file   (DeskApplication *self);
/* FALSE only while the start-up benchmark measures. */
gboolean         desk_application_get_syncs             (DeskApplication *self);
/* Desktop notifications for tickets that came in with a sync pass: the
 * ticket's code or the appointment's time, never a name or a topic. */
void             desk_application_notify_arrivals       (DeskApplication *self,
                                                         GListModel      *arrivals,
                                                         const char      *user_id,
                                                         GTimeZone       *zone);
/* The notification's text for @ticket, or NULL when there is none to send
 * to @user_id (someone else's appointment).  Pure, for tests. */
char            *desk_application_arrival_summary       (CfTicket        *ticket,
                                                         const char      *user_id,
                                                         GTimeZone       *zone);

G_END_DECLS
