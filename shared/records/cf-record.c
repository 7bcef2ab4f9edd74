/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-record-private.h"

#define FIELD_AT(object, field) (G_STRUCT_MEMBER_P ((object), (field)->offset))

static gboolean
replace_string (char      **slot,
                const char *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

void
_cf_record_install (GObjectClass  *klass,
                    const CfField *fields,
                    guint          n_fields,
                    GParamSpec   **pspecs)
{
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_NICK |
                            G_PARAM_STATIC_BLURB | G_PARAM_EXPLICIT_NOTIFY;

  pspecs[0] = NULL;
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (fields[i].name), "_", '-');

      switch (fields[i].kind)
        {
        case CF_FIELD_STRING:
          pspecs[i + 1] = g_param_spec_string (name, NULL, NULL, NULL, flags);
          break;
        case CF_FIELD_INT64:
          pspecs[i + 1] = g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
          break;
        case CF_FIELD_BOOLEAN:
          pspecs[i + 1] = g_param_spec_boolean (name, NULL, NULL, FALSE, flags);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_object_class_install_properties (klass, n_fields + 1, pspecs);
}

void
_cf_record_get (GObject       *object,
                const CfField *fields,
                guint          prop_id,
                GValue        *value)
{
  const CfField *field = &fields[prop_id - 1];

  switch (field->kind)
    {
    case CF_FIELD_STRING:
      g_value_set_string (value, *(char **) FIELD_AT (object, field));
      break;
    case CF_FIELD_INT64:
      g_value_set_int64 (value, *(gint64 *) FIELD_AT (object, field));
      break;
    case CF_FIELD_BOOLEAN:
      g_value_set_boolean (value, *(gboolean *) FIELD_AT (object, field));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Notifies only when the value really changes. */
void
_cf_record_set (GObject       *object,
                const CfField *fields,
                GParamSpec   **pspecs,
                guint          prop_id,
                const GValue  *value)
{
  const CfField *field = &fields[prop_id - 1];
  gboolean changed = FALSE;

  switch (field->kind)
    {
    case CF_FIELD_STRING:
      changed = replace_string ((char **) FIELD_AT (object, field), g_value_get_string (value));
      break;
    case CF_FIELD_INT64:
      {
        gint64 *slot = FIELD_AT (object, field);
        changed = *slot != g_value_get_int64 (value);
        *slot = g_value_get_int64 (value);
      }
      break;
    case CF_FIELD_BOOLEAN:
      {
        gboolean *slot = FIELD_AT (object, field);
        changed = *slot != g_value_get_boolean (value);
        *slot = g_value_get_boolean (value);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  if (changed)
    g_object_notify_by_pspec (object, pspecs[prop_id]);
}

void
_cf_record_clear (GObject       *object,
                  const CfField *fields,
                  guint          n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    if (fields[i].kind == CF_FIELD_STRING)
      g_clear_pointer ((char **) FIELD_AT (object, &fields[i]), g_free);
}
