/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-case-entry-private.h"

#include "cf-record-private.h"

static const CfField cf_case_entry_fields[] = {
  CF_FIELD (CfCaseEntry, id, CF_FIELD_STRING),
  CF_FIELD (CfCaseEntry, case_id, CF_FIELD_STRING),
  CF_FIELD (CfCaseEntry, student_id, CF_FIELD_STRING),
  CF_FIELD (CfCaseEntry, kind, CF_FIELD_STRING),
  CF_FIELD (CfCaseEntry, body, CF_FIELD_STRING),
  CF_FIELD (CfCaseEntry, third_party, CF_FIELD_STRING),
  CF_FIELD (CfCaseEntry, author_id, CF_FIELD_STRING),
  CF_FIELD (CfCaseEntry, author_name, CF_FIELD_STRING),
  CF_FIELD (CfCaseEntry, created_at, CF_FIELD_INT64),
  CF_FIELD (CfCaseEntry, corrects_id, CF_FIELD_STRING),
};

CF_DEFINE_RECORD (CfCaseEntry, cf_case_entry)

CfCaseEntry *
cf_case_entry_new (void)
{
  return g_object_new (CF_TYPE_CASE_ENTRY, NULL);
}

const char *
cf_case_entry_get_id (CfCaseEntry *self)
{
  g_return_val_if_fail (CF_IS_CASE_ENTRY (self), NULL);
  return self->id;
}

const char *
cf_case_entry_get_student_id (CfCaseEntry *self)
{
  g_return_val_if_fail (CF_IS_CASE_ENTRY (self), NULL);
  return self->student_id;
}

const char *
cf_case_entry_get_kind (CfCaseEntry *self)
{
  g_return_val_if_fail (CF_IS_CASE_ENTRY (self), NULL);
  return self->kind;
}

const char *
cf_case_entry_get_body (CfCaseEntry *self)
{
  g_return_val_if_fail (CF_IS_CASE_ENTRY (self), NULL);
  return self->body;
}

gint64
cf_case_entry_get_created_at (CfCaseEntry *self)
{
  g_return_val_if_fail (CF_IS_CASE_ENTRY (self), 0);
  return self->created_at;
}

const char *
cf_case_entry_get_corrects_id (CfCaseEntry *self)
{
  g_return_val_if_fail (CF_IS_CASE_ENTRY (self), NULL);
  return self->corrects_id;
}
