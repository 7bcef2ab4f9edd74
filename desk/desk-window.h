/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "desk-application.h"

G_BEGIN_DECLS

#define DESK_TYPE_WINDOW (desk_window_get_type ())
G_DECLARE_FINAL_TYPE (DeskWindow, desk_window, DESK, WINDOW, AdwApplicationWindow)

DeskWindow *desk_window_new         (DeskApplication *app);
void        desk_window_lock        (DeskWindow      *self,
                                     gboolean         idle);
/* Brings the queue's ticket into view (now, or once signed in). */
void        desk_window_show_ticket (DeskWindow      *self,
                                     const char      *ticket_id);
/* Input in @dialog counts as use of the desk, so typing in a dialog does
 * not let the desk lock itself for idleness. */
void        desk_window_watch_input (DeskWindow      *self,
                                     GtkWindow       *dialog);

G_END_DECLS
