/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-breach-private.h"

#include "cf-record-private.h"

static const CfField cf_breach_fields[] = {
  CF_FIELD (CfBreach, id, CF_FIELD_STRING),
  CF_FIELD (CfBreach, student_id, CF_FIELD_STRING),
  CF_FIELD (CfBreach, outline, CF_FIELD_STRING),
  CF_FIELD (CfBreach, reason, CF_FIELD_STRING),
  CF_FIELD (CfBreach, ground, CF_FIELD_STRING),
  CF_FIELD (CfBreach, grounds, CF_FIELD_STRING),
  CF_FIELD (CfBreach, legal_reference, CF_FIELD_STRING),
  CF_FIELD (CfBreach, consulted, CF_FIELD_STRING),
  CF_FIELD (CfBreach, consulted_names, CF_FIELD_STRING),
  CF_FIELD (CfBreach, unconsulted_reason, CF_FIELD_STRING),
  CF_FIELD (CfBreach, purpose, CF_FIELD_STRING),
  CF_FIELD (CfBreach, disclosed_to, CF_FIELD_STRING),
  CF_FIELD (CfBreach, student_informed, CF_FIELD_STRING),
  CF_FIELD (CfBreach, informed_at, CF_FIELD_INT64),
  CF_FIELD (CfBreach, author_id, CF_FIELD_STRING),
  CF_FIELD (CfBreach, author_name, CF_FIELD_STRING),
  CF_FIELD (CfBreach, created_at, CF_FIELD_INT64),
  CF_FIELD (CfBreach, corrects_id, CF_FIELD_STRING),
  CF_FIELD (CfBreach, corrected, CF_FIELD_BOOLEAN),
};

CF_DEFINE_RECORD (CfBreach, cf_breach)

CfBreach *
cf_breach_new (void)
{
  return g_object_new (CF_TYPE_BREACH, NULL);
}

const char *
cf_breach_get_id (CfBreach *self)
{
  g_return_val_if_fail (CF_IS_BREACH (self), NULL);
  return self->id;
}

const char *
cf_breach_get_student_id (CfBreach *self)
{
  g_return_val_if_fail (CF_IS_BREACH (self), NULL);
  return self->student_id;
}

void
cf_breach_set_consulted (CfBreach          *self,
                         const char *const *user_ids)
{
  g_autofree char *joined = NULL;

  g_return_if_fail (CF_IS_BREACH (self));

  joined = user_ids && user_ids[0] ? g_strjoinv (",", (char **) user_ids) : NULL;
  g_object_set (self, "consulted", joined, NULL);
}

static GStrv
split_list (const char *list)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (list ? list : "", ",", -1);

  for (guint i = 0; parts[i]; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

GStrv
cf_breach_dup_consulted (CfBreach *self)
{
  g_return_val_if_fail (CF_IS_BREACH (self), NULL);

  return split_list (self->consulted);
}

void
cf_breach_set_grounds (CfBreach          *self,
                       const char *const *grounds)
{
  g_autofree char *joined = NULL;

  g_return_if_fail (CF_IS_BREACH (self));

  joined = grounds && grounds[0] ? g_strjoinv (",", (char **) grounds) : NULL;
  g_object_set (self, "grounds", joined, "ground", grounds ? grounds[0] : NULL, NULL);
}

GStrv
cf_breach_dup_grounds (CfBreach *self)
{
  g_return_val_if_fail (CF_IS_BREACH (self), NULL);

  /* A record from before grounds, or a draft that set only ground. */
  if (self->grounds == NULL || self->grounds[0] == '\0')
    return split_list (self->ground);
  return split_list (self->grounds);
}
