/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-monitoring-page.h"

#include "kiosk-date-field.h"
#include "kiosk-page.h"
#include "kiosk-text-field.h"

/* What the desk reads for an answer the student chose not to give. */
#define PREFER_NOT_TO_SAY "prefer-not-to-say"

struct _KioskMonitoringPage {
  AdwBin          parent_instance;

  KioskDateField *birth_field;
  GtkToggleButton *birth_private_check;
  GtkToggleButton *woman_check;
  GtkToggleButton *man_check;
  GtkToggleButton *non_binary_check;
  GtkToggleButton *other_gender_check;
  GtkToggleButton *gender_private_check;
  KioskTextField *other_gender_field;
  KioskTextField *ethnicity_field;
  GtkToggleButton *ethnicity_private_check;
};

static void kiosk_monitoring_page_page_init (KioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskMonitoringPage, kiosk_monitoring_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_PAGE, kiosk_monitoring_page_page_init))

static void
field_changed_cb (KioskMonitoringPage *self)
{
  kiosk_page_changed (KIOSK_PAGE (self));
}

/* "Prefer not to say" wins over anything typed: the typing is wiped. */
static void
birth_private_toggled_cb (KioskMonitoringPage *self)
{
  gboolean private = gtk_toggle_button_get_active (self->birth_private_check);

  if (private)
    kiosk_date_field_clear (self->birth_field);
  gtk_widget_set_sensitive (GTK_WIDGET (self->birth_field), !private);
  kiosk_page_changed (KIOSK_PAGE (self));
}

static void
ethnicity_private_toggled_cb (KioskMonitoringPage *self)
{
  gboolean private = gtk_toggle_button_get_active (self->ethnicity_private_check);

  if (private)
    kiosk_text_field_clear (self->ethnicity_field);
  gtk_widget_set_sensitive (GTK_WIDGET (self->ethnicity_field), !private);
  kiosk_page_changed (KIOSK_PAGE (self));
}

static void
gender_toggled_cb (KioskMonitoringPage *self)
{
  gboolean other = gtk_toggle_button_get_active (self->other_gender_check);

  if (!other)
    kiosk_text_field_clear (self->other_gender_field);
  gtk_widget_set_visible (GTK_WIDGET (self->other_gender_field), other);
  kiosk_page_changed (KIOSK_PAGE (self));
}

static void
kiosk_monitoring_page_clear (KioskPage *page)
{
  KioskMonitoringPage *self = KIOSK_MONITORING_PAGE (page);
  GtkToggleButton *checks[] = { self->woman_check, self->man_check, self->non_binary_check,
                               self->other_gender_check, self->gender_private_check,
                               self->birth_private_check, self->ethnicity_private_check };

  for (gsize i = 0; i < G_N_ELEMENTS (checks); i++)
    gtk_toggle_button_set_active (checks[i], FALSE);
  kiosk_date_field_clear (self->birth_field);
  kiosk_text_field_clear (self->other_gender_field);
  kiosk_text_field_clear (self->ethnicity_field);
}

static gboolean
kiosk_monitoring_page_validate (KioskPage *page)
{
  KioskMonitoringPage *self = KIOSK_MONITORING_PAGE (page);
  gboolean ok = kiosk_text_field_validate (self->ethnicity_field);

  if (gtk_toggle_button_get_active (self->other_gender_check))
    ok = kiosk_text_field_validate (self->other_gender_field) && ok;
  if (!gtk_toggle_button_get_active (self->birth_private_check))
    ok = kiosk_date_field_validate (self->birth_field) && ok;
  return ok;
}

static JsonNode *
answer (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (text != NULL)
    json_node_set_string (node, text);
  else
    json_node_init_null (node);
  return node;
}

static const char *
gender_answer (KioskMonitoringPage *self)
{
  if (gtk_toggle_button_get_active (self->woman_check))
    return "woman";
  if (gtk_toggle_button_get_active (self->man_check))
    return "man";
  if (gtk_toggle_button_get_active (self->non_binary_check))
    return "non-binary";
  if (gtk_toggle_button_get_active (self->gender_private_check))
    return PREFER_NOT_TO_SAY;
  if (gtk_toggle_button_get_active (self->other_gender_check) &&
      !kiosk_text_field_is_blank (self->other_gender_field))
    return kiosk_text_field_get_text (self->other_gender_field);
  return NULL;
}

static void
kiosk_monitoring_page_collect (KioskPage  *page,
                               JsonObject *details)
{
  KioskMonitoringPage *self = KIOSK_MONITORING_PAGE (page);
  JsonObject *monitoring = json_object_new ();
  g_autofree char *birth = kiosk_date_field_get_iso (self->birth_field);
  const char *ethnicity = NULL;

  if (gtk_toggle_button_get_active (self->birth_private_check))
    json_object_set_member (monitoring, "date_of_birth", answer (PREFER_NOT_TO_SAY));
  else
    json_object_set_member (monitoring, "date_of_birth", answer (birth));
  json_object_set_member (monitoring, "gender", answer (gender_answer (self)));
  if (gtk_toggle_button_get_active (self->ethnicity_private_check))
    ethnicity = PREFER_NOT_TO_SAY;
  else if (!kiosk_text_field_is_blank (self->ethnicity_field))
    ethnicity = kiosk_text_field_get_text (self->ethnicity_field);
  json_object_set_member (monitoring, "ethnicity", answer (ethnicity));
  json_object_set_object_member (details, "monitoring", monitoring);
}

static void
kiosk_monitoring_page_page_init (KioskPageInterface *iface)
{
  iface->clear = kiosk_monitoring_page_clear;
  iface->validate = kiosk_monitoring_page_validate;
  iface->collect = kiosk_monitoring_page_collect;
}

static void
kiosk_monitoring_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_MONITORING_PAGE);
  G_OBJECT_CLASS (kiosk_monitoring_page_parent_class)->dispose (object);
}

static void
kiosk_monitoring_page_class_init (KioskMonitoringPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_monitoring_page_dispose;

  g_type_ensure (KIOSK_TYPE_DATE_FIELD);
  g_type_ensure (KIOSK_TYPE_TEXT_FIELD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-monitoring-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, birth_field);
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, birth_private_check);
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, woman_check);
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, man_check);
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, non_binary_check);
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, other_gender_check);
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, gender_private_check);
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, other_gender_field);
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, ethnicity_field);
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, ethnicity_private_check);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, birth_private_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, ethnicity_private_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, gender_toggled_cb);
}

static void
kiosk_monitoring_page_init (KioskMonitoringPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
