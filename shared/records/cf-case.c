/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-case-private.h"

#include "cf-record-private.h"

static const CfField cf_case_fields[] = {
  CF_FIELD (CfCase, id, CF_FIELD_STRING),
  CF_FIELD (CfCase, student_id, CF_FIELD_STRING),
  CF_FIELD (CfCase, topic, CF_FIELD_STRING),
  CF_FIELD (CfCase, status, CF_FIELD_STRING),
  CF_FIELD (CfCase, outcome, CF_FIELD_STRING),
  CF_FIELD (CfCase, adviser_id, CF_FIELD_STRING),
  CF_FIELD (CfCase, adviser_name, CF_FIELD_STRING),
  CF_FIELD (CfCase, opened_at, CF_FIELD_INT64),
  CF_FIELD (CfCase, resolved_at, CF_FIELD_INT64),
};

CF_DEFINE_RECORD (CfCase, cf_case)

CfCase *
cf_case_new (void)
{
  return g_object_new (CF_TYPE_CASE, NULL);
}

const char *
cf_case_get_id (CfCase *self)
{
  g_return_val_if_fail (CF_IS_CASE (self), NULL);
  return self->id;
}

const char *
cf_case_get_student_id (CfCase *self)
{
  g_return_val_if_fail (CF_IS_CASE (self), NULL);
  return self->student_id;
}

const char *
cf_case_get_topic (CfCase *self)
{
  g_return_val_if_fail (CF_IS_CASE (self), NULL);
  return self->topic;
}

gboolean
cf_case_is_resolved (CfCase *self)
{
  g_return_val_if_fail (CF_IS_CASE (self), FALSE);
  return g_strcmp0 (self->status, "resolved") == 0;
}

const char *
cf_case_get_outcome (CfCase *self)
{
  g_return_val_if_fail (CF_IS_CASE (self), NULL);
  return self->outcome;
}

gint64
cf_case_get_opened_at (CfCase *self)
{
  g_return_val_if_fail (CF_IS_CASE (self), 0);
  return self->opened_at;
}

gint64
cf_case_get_resolved_at (CfCase *self)
{
  g_return_val_if_fail (CF_IS_CASE (self), 0);
  return self->resolved_at;
}
