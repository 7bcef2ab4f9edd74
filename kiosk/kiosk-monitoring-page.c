/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-monitoring-page.h"

#include <glib/gi18n-lib.h>

#include "cf-key.h"
#include "cf-monitoring.h"
#include "kiosk-date-field.h"
#include "kiosk-page.h"

/* Two columns: HESA's labels are long. */
#define CHOICE_COLUMNS 2

struct _KioskMonitoringPage {
  AdwBin          parent_instance;

  KioskDateField *birth_field;
  GtkToggleButton *birth_private_check;
  GtkGrid        *gender_grid;
  GtkGrid        *ethnicity_grid;

  /* code → GtkToggleButton, in the grids */
  GHashTable     *gender_buttons;
  GHashTable     *ethnicity_buttons;
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
choice_toggled_cb (KioskMonitoringPage *self)
{
  kiosk_page_changed (KIOSK_PAGE (self));
}

/* "Prefer not to say" reads as its question's (twice on one screen). */
static GtkWidget *
choice_button_new (KioskMonitoringPage      *self,
                   const CfMonitoringChoice *choice,
                   const char               *private_name,
                   GtkToggleButton          *group)
{
  GtkWidget *button = gtk_toggle_button_new_with_label (_(choice->label));
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
  if (g_str_equal (choice->code, CF_MONITORING_PREFER_NOT_TO_SAY))
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    private_name, -1);
  g_signal_connect_object (button, "toggled", G_CALLBACK (choice_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  return button;
}

static void
fill_choices (KioskMonitoringPage      *self,
              GtkGrid                  *grid,
              GHashTable               *buttons,
              const CfMonitoringChoice *choices,
              const char               *private_name)
{
  GtkToggleButton *first = NULL;

  for (int i = 0; choices[i].code != NULL; i++)
    {
      GtkWidget *button = choice_button_new (self, &choices[i], private_name, first);

      if (first == NULL)
        first = GTK_TOGGLE_BUTTON (button);
      gtk_grid_attach (grid, button, i % CHOICE_COLUMNS, i / CHOICE_COLUMNS, 1, 1);
      g_hash_table_insert (buttons, (gpointer) choices[i].code, button);
    }
}

static void
clear_choices (GHashTable *buttons)
{
  GHashTableIter iter;
  gpointer button;

  g_hash_table_iter_init (&iter, buttons);
  while (g_hash_table_iter_next (&iter, NULL, &button))
    gtk_toggle_button_set_active (button, FALSE);
}

/* The chosen code; NULL when nothing is chosen. */
static const char *
chosen (GHashTable *buttons)
{
  GHashTableIter iter;
  gpointer code, button;

  g_hash_table_iter_init (&iter, buttons);
  while (g_hash_table_iter_next (&iter, &code, &button))
    if (gtk_toggle_button_get_active (button))
      return code;
  return NULL;
}

static void
kiosk_monitoring_page_clear (KioskPage *page)
{
  KioskMonitoringPage *self = KIOSK_MONITORING_PAGE (page);

  if (self->gender_buttons == NULL)   /* disposed: nothing left to wipe */
    return;
  gtk_toggle_button_set_active (self->birth_private_check, FALSE);
  clear_choices (self->gender_buttons);
  clear_choices (self->ethnicity_buttons);
  kiosk_date_field_clear (self->birth_field);
}

static gboolean
kiosk_monitoring_page_validate (KioskPage *page)
{
  KioskMonitoringPage *self = KIOSK_MONITORING_PAGE (page);

  if (gtk_toggle_button_get_active (self->birth_private_check))
    return TRUE;
  return kiosk_date_field_validate (self->birth_field);
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

static void
kiosk_monitoring_page_collect (KioskPage  *page,
                               JsonObject *details)
{
  KioskMonitoringPage *self = KIOSK_MONITORING_PAGE (page);
  JsonObject *monitoring = json_object_new ();
  char *birth = kiosk_date_field_get_iso (self->birth_field);

  if (gtk_toggle_button_get_active (self->birth_private_check))
    json_object_set_member (monitoring, "date_of_birth", answer (CF_MONITORING_PREFER_NOT_TO_SAY));
  else
    json_object_set_member (monitoring, "date_of_birth", answer (birth));
  json_object_set_member (monitoring, "gender", answer (chosen (self->gender_buttons)));
  json_object_set_member (monitoring, "ethnicity", answer (chosen (self->ethnicity_buttons)));
  json_object_set_object_member (details, "monitoring", monitoring);
  cf_wipe_string (birth);
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
  KioskMonitoringPage *self = KIOSK_MONITORING_PAGE (object);

  g_clear_pointer (&self->gender_buttons, g_hash_table_unref);
  g_clear_pointer (&self->ethnicity_buttons, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_MONITORING_PAGE);
  G_OBJECT_CLASS (kiosk_monitoring_page_parent_class)->dispose (object);
}

static void
kiosk_monitoring_page_class_init (KioskMonitoringPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_monitoring_page_dispose;

  g_type_ensure (KIOSK_TYPE_DATE_FIELD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-monitoring-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, birth_field);
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, birth_private_check);
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, gender_grid);
  gtk_widget_class_bind_template_child (widget_class, KioskMonitoringPage, ethnicity_grid);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, birth_private_toggled_cb);
}

static void
kiosk_monitoring_page_init (KioskMonitoringPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The buttons are the grids' children; the tables only find them. */
  self->gender_buttons = g_hash_table_new (g_str_hash, g_str_equal);
  self->ethnicity_buttons = g_hash_table_new (g_str_hash, g_str_equal);
  fill_choices (self, self->gender_grid, self->gender_buttons, cf_monitoring_genders (),
                _("Prefer not to say my gender"));
  fill_choices (self, self->ethnicity_grid, self->ethnicity_buttons, cf_monitoring_ethnicities (),
                _("Prefer not to say my ethnicity"));
}
