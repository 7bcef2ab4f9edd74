/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

/* Today's drop-in queue: who is waiting, for how long, and the adviser's
 * actions on them.  Emits "changed" after this desk changed a ticket (so a
 * sync pass can tell the kiosks) and "loaded" each time the list is shown. */
#define DESK_TYPE_QUEUE_VIEW (desk_queue_view_get_type ())
G_DECLARE_FINAL_TYPE (DeskQueueView, desk_queue_view, DESK, QUEUE_VIEW, GtkWidget)

void desk_queue_view_set_session (DeskQueueView *self,
                                  CfSession     *session);
void desk_queue_view_reload      (DeskQueueView *self);
/* Selects the ticket once it is in the list (now or after a reload). */
void desk_queue_view_show_ticket (DeskQueueView *self,
                                  const char    *ticket_id);
void desk_queue_view_clear       (DeskQueueView *self);

G_END_DECLS
