/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_RETENTION_PAGE (desk_retention_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskRetentionPage, desk_retention_page, DESK, RETENTION_PAGE, GtkWidget)

/* How long the office keeps a student's records, for managers: the
 * office's rule, the students whose records are due (each held with a
 * reason, or released), and destroying the records due. */
void desk_retention_page_set_session (DeskRetentionPage *self,
                                      CfSession         *session);
void desk_retention_page_reload      (DeskRetentionPage *self);
/* Forgets everything shown: the desk is being locked. */
void desk_retention_page_clear       (DeskRetentionPage *self);

G_END_DECLS
