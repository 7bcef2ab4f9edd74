/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_HEALTH_PAGE (desk_health_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskHealthPage, desk_health_page, DESK, HEALTH_PAGE, GtkWidget)

/* The office's health for whoever runs it: the sync folder, whether it can
 * be reached, the machines and what waits to be applied (what `confidectl
 * status` shows), the last sync pass, and Verify (what `confidectl verify`
 * checks).  @sync_dir is NULL when this desk has no sync folder. */
void desk_health_page_set_session (DeskHealthPage *self,
                                   CfSession      *session,
                                   const char     *sync_dir);
void desk_health_page_reload      (DeskHealthPage *self);
/* The window's last sync pass ended, with @problem or none. */
void desk_health_page_note_sync   (DeskHealthPage *self,
                                   const char     *problem);
/* Forgets everything shown: the desk is being locked. */
void desk_health_page_clear       (DeskHealthPage *self);

G_END_DECLS
