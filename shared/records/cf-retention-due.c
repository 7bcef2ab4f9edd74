/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-retention-due-private.h"

struct _CfRetentionDue {
  GObject    parent_instance;
  char      *student_id;
  char      *name;
  GDateTime *last_contact;
  GDateTime *due;
  char      *hold_reason;
};

G_DEFINE_FINAL_TYPE (CfRetentionDue, cf_retention_due, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STUDENT_ID,
  PROP_NAME,
  PROP_LAST_CONTACT,
  PROP_DUE,
  PROP_HOLD_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CfRetentionDue *
_cf_retention_due_new (const char *student_id,
                       const char *name,
                       GDateTime  *last_contact,
                       GDateTime  *due,
                       const char *hold_reason)
{
  CfRetentionDue *self = g_object_new (CF_TYPE_RETENTION_DUE, NULL);

  self->student_id = g_strdup (student_id);
  self->name = g_strdup (name);
  self->last_contact = g_date_time_ref (last_contact);
  self->due = g_date_time_ref (due);
  self->hold_reason = g_strdup (hold_reason);
  return self;
}

const char *
cf_retention_due_get_student_id (CfRetentionDue *self)
{
  g_return_val_if_fail (CF_IS_RETENTION_DUE (self), NULL);
  return self->student_id;
}

const char *
cf_retention_due_get_name (CfRetentionDue *self)
{
  g_return_val_if_fail (CF_IS_RETENTION_DUE (self), NULL);
  return self->name;
}

GDateTime *
cf_retention_due_get_last_contact (CfRetentionDue *self)
{
  g_return_val_if_fail (CF_IS_RETENTION_DUE (self), NULL);
  return self->last_contact;
}

GDateTime *
cf_retention_due_get_due (CfRetentionDue *self)
{
  g_return_val_if_fail (CF_IS_RETENTION_DUE (self), NULL);
  return self->due;
}

const char *
cf_retention_due_get_hold_reason (CfRetentionDue *self)
{
  g_return_val_if_fail (CF_IS_RETENTION_DUE (self), NULL);
  return self->hold_reason;
}

static void
cf_retention_due_finalize (GObject *object)
{
  CfRetentionDue *self = CF_RETENTION_DUE (object);

  g_free (self->student_id);
  g_free (self->name);
  g_clear_pointer (&self->last_contact, g_date_time_unref);
  g_clear_pointer (&self->due, g_date_time_unref);
  g_free (self->hold_reason);
  G_OBJECT_CLASS (cf_retention_due_parent_class)->finalize (object);
}

static void
cf_retention_due_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CfRetentionDue *self = CF_RETENTION_DUE (object);

  switch (prop_id)
    {
    case PROP_STUDENT_ID:
      g_value_set_string (value, self->student_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_LAST_CONTACT:
      g_value_set_boxed (value, self->last_contact);
      break;
    case PROP_DUE:
      g_value_set_boxed (value, self->due);
      break;
    case PROP_HOLD_REASON:
      g_value_set_string (value, self->hold_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_retention_due_class_init (CfRetentionDueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cf_retention_due_finalize;
  object_class->get_property = cf_retention_due_get_property;
  properties[PROP_STUDENT_ID] = g_param_spec_string ("student-id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_LAST_CONTACT] = g_param_spec_boxed ("last-contact", NULL, NULL,
                                                      G_TYPE_DATE_TIME, flags);
  properties[PROP_DUE] = g_param_spec_boxed ("due", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_HOLD_REASON] = g_param_spec_string ("hold-reason", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cf_retention_due_init (CfRetentionDue *self)
{
}
