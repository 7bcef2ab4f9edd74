/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_STUDENT_PAGE (desk_student_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskStudentPage, desk_student_page, DESK, STUDENT_PAGE, GtkWidget)

/* Opens a student's record and case timeline; both reads are audited. */
void desk_student_page_open  (DeskStudentPage *self,
                              CfSession       *session,
                              const char      *student_id);
/* Forgets the record shown, and any unsent entry. */
void desk_student_page_clear (DeskStudentPage *self);

G_END_DECLS
