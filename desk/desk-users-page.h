/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_USERS_PAGE (desk_users_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskUsersPage, desk_users_page, DESK, USERS_PAGE, GtkWidget)

/* The office's users (name and role), adding one and removing one.  A
 * manager adds anyone; an administrator only administrators
 * (cf_users_can_manage decides, and the library enforces it). */
void desk_users_page_set_session (DeskUsersPage *self,
                                  CfSession     *session);
void desk_users_page_reload      (DeskUsersPage *self);
/* Forgets everything shown: the desk is being locked. */
void desk_users_page_clear       (DeskUsersPage *self);

G_END_DECLS
