/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_STUDENTS_PAGE (desk_students_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskStudentsPage, desk_students_page, DESK, STUDENTS_PAGE, GtkWidget)

void desk_students_page_set_session  (DeskStudentsPage *self,
                                      CfSession        *session);
void desk_students_page_reload       (DeskStudentsPage *self);
void desk_students_page_open         (DeskStudentsPage *self,
                                      const char       *student_id);
void desk_students_page_focus_search (DeskStudentsPage *self);
/* Forgets everything shown: the desk is being locked. */
void desk_students_page_clear        (DeskStudentsPage *self);

G_END_DECLS
