/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-search-hit-private.h"

#include "cf-record-private.h"

static const CfField cf_search_hit_fields[] = {
  CF_FIELD (CfSearchHit, kind, CF_FIELD_STRING),
  CF_FIELD (CfSearchHit, student_id, CF_FIELD_STRING),
  CF_FIELD (CfSearchHit, student_name, CF_FIELD_STRING),
  CF_FIELD (CfSearchHit, student_number, CF_FIELD_STRING),
  CF_FIELD (CfSearchHit, email, CF_FIELD_STRING),
  CF_FIELD (CfSearchHit, entry_id, CF_FIELD_STRING),
  CF_FIELD (CfSearchHit, entry_kind, CF_FIELD_STRING),
  CF_FIELD (CfSearchHit, snippet, CF_FIELD_STRING),
  CF_FIELD (CfSearchHit, created_at, CF_FIELD_INT64),
};

CF_DEFINE_RECORD (CfSearchHit, cf_search_hit)

CfSearchHit *
cf_search_hit_new (void)
{
  return g_object_new (CF_TYPE_SEARCH_HIT, NULL);
}

const char *
cf_search_hit_get_kind (CfSearchHit *self)
{
  g_return_val_if_fail (CF_IS_SEARCH_HIT (self), NULL);
  return self->kind;
}

const char *
cf_search_hit_get_student_id (CfSearchHit *self)
{
  g_return_val_if_fail (CF_IS_SEARCH_HIT (self), NULL);
  return self->student_id;
}

const char *
cf_search_hit_get_student_name (CfSearchHit *self)
{
  g_return_val_if_fail (CF_IS_SEARCH_HIT (self), NULL);
  return self->student_name;
}

const char *
cf_search_hit_get_entry_id (CfSearchHit *self)
{
  g_return_val_if_fail (CF_IS_SEARCH_HIT (self), NULL);
  return self->entry_id;
}

const char *
cf_search_hit_get_snippet (CfSearchHit *self)
{
  g_return_val_if_fail (CF_IS_SEARCH_HIT (self), NULL);
  return self->snippet;
}
