/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_AUDIT_PAGE (desk_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskAuditPage, desk_audit_page, DESK, AUDIT_PAGE, GtkWidget)

/* The audit log for managers: the chain's state (verified, or where it
 * breaks), filters by date, user, action and student that combine, a
 * page at a time newest first, and the entries found as CSV. */
void desk_audit_page_set_session (DeskAuditPage *self,
                                  CfSession     *session);
/* Forgets everything shown: the desk is being locked. */
void desk_audit_page_clear       (DeskAuditPage *self);

G_END_DECLS
