/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_MACHINES_PAGE (desk_machines_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskMachinesPage, desk_machines_page, DESK, MACHINES_PAGE, GtkWidget)

/* The office's machines for administrators and managers: each one's kind,
 * when it was enrolled and last seen, whether it is revoked; and Revoke…,
 * which asks for the reason. */
void desk_machines_page_set_session (DeskMachinesPage *self,
                                     CfSession        *session);
void desk_machines_page_reload      (DeskMachinesPage *self);
/* Forgets everything shown: the desk is being locked. */
void desk_machines_page_clear       (DeskMachinesPage *self);

G_END_DECLS
