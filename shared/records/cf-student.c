/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-student-private.h"

#include "cf-record-private.h"

static const CfField cf_student_fields[] = {
  CF_FIELD (CfStudent, id, CF_FIELD_STRING),
  CF_FIELD (CfStudent, name, CF_FIELD_STRING),
  CF_FIELD (CfStudent, preferred_name, CF_FIELD_STRING),
  CF_FIELD (CfStudent, student_number, CF_FIELD_STRING),
  CF_FIELD (CfStudent, college, CF_FIELD_STRING),
  CF_FIELD (CfStudent, faculty, CF_FIELD_STRING),
  CF_FIELD (CfStudent, email, CF_FIELD_STRING),
  CF_FIELD (CfStudent, phone, CF_FIELD_STRING),
  CF_FIELD (CfStudent, service_group, CF_FIELD_STRING),
  CF_FIELD (CfStudent, removed_from_course, CF_FIELD_BOOLEAN),
  CF_FIELD (CfStudent, created_at, CF_FIELD_INT64),
  CF_FIELD (CfStudent, removed_reason, CF_FIELD_STRING),
  CF_FIELD (CfStudent, removed_by, CF_FIELD_STRING),
  CF_FIELD (CfStudent, removed_at, CF_FIELD_INT64),
};

CF_DEFINE_RECORD (CfStudent, cf_student)

CfStudent *
cf_student_new (void)
{
  return g_object_new (CF_TYPE_STUDENT, NULL);
}

const char *
cf_student_get_id (CfStudent *self)
{
  g_return_val_if_fail (CF_IS_STUDENT (self), NULL);
  return self->id;
}

const char *
cf_student_get_name (CfStudent *self)
{
  g_return_val_if_fail (CF_IS_STUDENT (self), NULL);
  return self->name;
}

const char *
cf_student_get_student_number (CfStudent *self)
{
  g_return_val_if_fail (CF_IS_STUDENT (self), NULL);
  return self->student_number;
}

gboolean
cf_student_get_removed_from_course (CfStudent *self)
{
  g_return_val_if_fail (CF_IS_STUDENT (self), FALSE);
  return self->removed_from_course;
}
