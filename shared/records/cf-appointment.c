/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-appointment-private.h"

#include "cf-record-private.h"

static const CfField cf_appointment_fields[] = {
  CF_FIELD (CfAppointment, id, CF_FIELD_STRING),
  CF_FIELD (CfAppointment, student_id, CF_FIELD_STRING),
  CF_FIELD (CfAppointment, adviser_id, CF_FIELD_STRING),
  CF_FIELD (CfAppointment, adviser_name, CF_FIELD_STRING),
  CF_FIELD (CfAppointment, start_at, CF_FIELD_INT64),
  CF_FIELD (CfAppointment, end_at, CF_FIELD_INT64),
  CF_FIELD (CfAppointment, mode, CF_FIELD_STRING),
  CF_FIELD (CfAppointment, topic, CF_FIELD_STRING),
  CF_FIELD (CfAppointment, room, CF_FIELD_STRING),
  CF_FIELD (CfAppointment, status, CF_FIELD_STRING),
  CF_FIELD (CfAppointment, created_at, CF_FIELD_INT64),
  CF_FIELD (CfAppointment, needs_adviser, CF_FIELD_BOOLEAN),
};

CF_DEFINE_RECORD (CfAppointment, cf_appointment)

CfAppointment *
cf_appointment_new (void)
{
  return g_object_new (CF_TYPE_APPOINTMENT, NULL);
}

const char *
cf_appointment_get_id (CfAppointment *self)
{
  g_return_val_if_fail (CF_IS_APPOINTMENT (self), NULL);
  return self->id;
}

const char *
cf_appointment_get_student_id (CfAppointment *self)
{
  g_return_val_if_fail (CF_IS_APPOINTMENT (self), NULL);
  return self->student_id;
}

const char *
cf_appointment_get_adviser_id (CfAppointment *self)
{
  g_return_val_if_fail (CF_IS_APPOINTMENT (self), NULL);
  return self->adviser_id;
}

gint64
cf_appointment_get_start_at (CfAppointment *self)
{
  g_return_val_if_fail (CF_IS_APPOINTMENT (self), 0);
  return self->start_at;
}

gint64
cf_appointment_get_end_at (CfAppointment *self)
{
  g_return_val_if_fail (CF_IS_APPOINTMENT (self), 0);
  return self->end_at;
}

const char *
cf_appointment_get_status (CfAppointment *self)
{
  g_return_val_if_fail (CF_IS_APPOINTMENT (self), NULL);
  return self->status;
}

gboolean
cf_appointment_get_needs_adviser (CfAppointment *self)
{
  g_return_val_if_fail (CF_IS_APPOINTMENT (self), FALSE);
  return self->needs_adviser;
}
