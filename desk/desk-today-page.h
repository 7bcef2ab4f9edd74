/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_TODAY_PAGE (desk_today_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskTodayPage, desk_today_page, DESK, TODAY_PAGE, GtkWidget)

/* The adviser's day: the drop-in queue above, the diary (a day or a week,
 * theirs or the office's) below.  Emits "changed" after this desk changed
 * a ticket or an appointment, and "loaded" once both lists are shown
 * after signing in. */

void desk_today_page_set_session (DeskTodayPage *self,
                                  CfSession     *session);
void desk_today_page_reload      (DeskTodayPage *self);
/* Shows the queue's ticket (a notification was activated). */
void desk_today_page_show_ticket (DeskTodayPage *self,
                                  const char    *ticket_id);
/* Forgets everything shown: the desk is being locked. */
void desk_today_page_clear       (DeskTodayPage *self);

G_END_DECLS
