/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-consent-private.h"

#include "cf-record-private.h"

static const CfField cf_consent_fields[] = {
  CF_FIELD (CfConsent, id, CF_FIELD_STRING),
  CF_FIELD (CfConsent, student_id, CF_FIELD_STRING),
  CF_FIELD (CfConsent, third_party, CF_FIELD_STRING),
  CF_FIELD (CfConsent, granted, CF_FIELD_BOOLEAN),
  CF_FIELD (CfConsent, source, CF_FIELD_STRING),
  CF_FIELD (CfConsent, wording_version, CF_FIELD_STRING),
  CF_FIELD (CfConsent, verbal_note, CF_FIELD_STRING),
  CF_FIELD (CfConsent, recorded_by, CF_FIELD_STRING),
  CF_FIELD (CfConsent, recorded_by_name, CF_FIELD_STRING),
  CF_FIELD (CfConsent, recorded_at, CF_FIELD_INT64),
  CF_FIELD (CfConsent, withdrawal_id, CF_FIELD_STRING),
  CF_FIELD (CfConsent, withdrawal_source, CF_FIELD_STRING),
  CF_FIELD (CfConsent, withdrawal_note, CF_FIELD_STRING),
  CF_FIELD (CfConsent, withdrawn_by_name, CF_FIELD_STRING),
  CF_FIELD (CfConsent, withdrawn_at, CF_FIELD_INT64),
};

CF_DEFINE_RECORD (CfConsent, cf_consent)

CfConsent *
cf_consent_new (void)
{
  return g_object_new (CF_TYPE_CONSENT, NULL);
}

const char *
cf_consent_get_id (CfConsent *self)
{
  g_return_val_if_fail (CF_IS_CONSENT (self), NULL);
  return self->id;
}

const char *
cf_consent_get_third_party (CfConsent *self)
{
  g_return_val_if_fail (CF_IS_CONSENT (self), NULL);
  return self->third_party;
}

const char *
cf_consent_get_source (CfConsent *self)
{
  g_return_val_if_fail (CF_IS_CONSENT (self), NULL);
  return self->source;
}

gint64
cf_consent_get_recorded_at (CfConsent *self)
{
  g_return_val_if_fail (CF_IS_CONSENT (self), 0);
  return self->recorded_at;
}

gboolean
cf_consent_is_current (CfConsent *self)
{
  g_return_val_if_fail (CF_IS_CONSENT (self), FALSE);
  return self->granted && self->withdrawal_id == NULL;
}
