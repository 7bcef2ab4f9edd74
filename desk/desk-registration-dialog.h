/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"
#include "cf-student.h"

G_BEGIN_DECLS

#define DESK_TYPE_REGISTRATION_DIALOG (desk_registration_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeskRegistrationDialog, desk_registration_dialog, DESK, REGISTRATION_DIALOG, AdwWindow)

/* Edits a student's registration details; a manager also sets the service
 * the student belongs to.  Emits "saved" once saved, then closes. */
DeskRegistrationDialog *desk_registration_dialog_new (GtkWindow *parent,
                                                      CfSession *session,
                                                      CfStudent *student);

G_END_DECLS
