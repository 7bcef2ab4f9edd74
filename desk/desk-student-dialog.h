/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_STUDENT_DIALOG (desk_student_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeskStudentDialog, desk_student_dialog, DESK, STUDENT_DIALOG, AdwWindow)

/* Registers a new student; emits "added" with the new student's id. */
DeskStudentDialog *desk_student_dialog_new (GtkWindow *parent,
                                            CfSession *session);

G_END_DECLS
