/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-breach.h"
#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_BREACH_DIALOG (desk_breach_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeskBreachDialog, desk_breach_dialog, DESK, BREACH_DIALOG, AdwWindow)

/* The breach-of-confidentiality form.  Under each field it says what the
 * record still lacks, and it cannot be saved until nothing does.  With
 * @corrects, the form starts from that record and saves a correction of
 * it.  Emits "saved" once saved, then closes. */
DeskBreachDialog *desk_breach_dialog_new (GtkWindow  *parent,
                                          CfSession  *session,
                                          const char *student_id,
                                          CfBreach   *corrects);

G_END_DECLS
