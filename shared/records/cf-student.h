/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CF_TYPE_STUDENT (cf_student_get_type ())
G_DECLARE_FINAL_TYPE (CfStudent, cf_student, CF, STUDENT, GObject)

/* Properties: id, name, preferred-name, student-number, college, faculty,
 * email, phone, service-group, removed-from-course, created-at; and, read
 * with the student by cf_students_get, who last set or cleared the
 * removed-from-course flag (removed-by, their name), when (removed-at, 0
 * if never) and why (removed-reason). */
CfStudent  *cf_student_new                     (void);
const char *cf_student_get_id                  (CfStudent *self);
const char *cf_student_get_name                (CfStudent *self);
const char *cf_student_get_student_number      (CfStudent *self);
gboolean    cf_student_get_removed_from_course (CfStudent *self);

G_END_DECLS
