/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_SECURITY_PAGE (desk_security_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskSecurityPage, desk_security_page, DESK, SECURITY_PAGE, GtkWidget)

/* The time-only notice for University Security: the students removed from
 * their course, a preview of exactly the rows the notice carries for a
 * period, its export to CSV, ICS or PDF, and a banner when Security holds
 * out-of-date times. */
void desk_security_page_set_session (DeskSecurityPage *self,
                                     CfSession        *session);
void desk_security_page_reload      (DeskSecurityPage *self);
/* Forgets everything shown: the desk is being locked. */
void desk_security_page_clear       (DeskSecurityPage *self);

G_END_DECLS
