/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-appointment-page.h"

#include <glib/gi18n-lib.h>

#include "cf-key.h"
#include "kiosk-date-field.h"
#include "kiosk-page.h"
#include "kiosk-text-field.h"

struct _KioskAppointmentPage {
  AdwBin          parent_instance;

  GtkWidget      *code_box;
  KioskTextField *code_field;
  GtkWidget      *name_box;
  KioskTextField *name_field;
  KioskDateField *birth_field;
};

static void kiosk_appointment_page_page_init (KioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskAppointmentPage, kiosk_appointment_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_PAGE, kiosk_appointment_page_page_init))

static gboolean
uses_code (KioskAppointmentPage *self)
{
  return gtk_widget_get_visible (self->code_box);
}

const char *
kiosk_appointment_page_get_code (KioskAppointmentPage *self)
{
  g_return_val_if_fail (KIOSK_IS_APPOINTMENT_PAGE (self), NULL);
  return uses_code (self) ? kiosk_text_field_get_text (self->code_field) : NULL;
}

void
kiosk_appointment_page_show_not_found (KioskAppointmentPage *self)
{
  g_return_if_fail (KIOSK_IS_APPOINTMENT_PAGE (self));

  kiosk_text_field_set_problem (self->code_field,
                                _("We could not find that booking code. Check it and try again, or check in with your name instead."));
  gtk_widget_grab_focus (GTK_WIDGET (self->code_field));
}

static void
field_changed_cb (KioskAppointmentPage *self)
{
  kiosk_page_changed (KIOSK_PAGE (self));
}

static void
code_activated_cb (KioskAppointmentPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "flow.check-in", NULL);
}

/* Only one way of checking in is on screen and in the submission: what
 * was typed for the other is wiped. */
static void
show_mode (KioskAppointmentPage *self,
           gboolean              code)
{
  if (code)
    {
      kiosk_text_field_clear (self->name_field);
      kiosk_date_field_clear (self->birth_field);
    }
  else
    kiosk_text_field_clear (self->code_field);
  gtk_widget_set_visible (self->code_box, code);
  gtk_widget_set_visible (self->name_box, !code);
  gtk_widget_grab_focus (GTK_WIDGET (code ? self->code_field : self->name_field));
  kiosk_page_changed (KIOSK_PAGE (self));
}

static void
no_code_clicked_cb (KioskAppointmentPage *self)
{
  show_mode (self, FALSE);
}

static void
use_code_clicked_cb (KioskAppointmentPage *self)
{
  show_mode (self, TRUE);
}

static void
kiosk_appointment_page_clear (KioskPage *page)
{
  KioskAppointmentPage *self = KIOSK_APPOINTMENT_PAGE (page);

  kiosk_text_field_clear (self->code_field);
  kiosk_text_field_clear (self->name_field);
  kiosk_date_field_clear (self->birth_field);
  gtk_widget_set_visible (self->code_box, TRUE);
  gtk_widget_set_visible (self->name_box, FALSE);
}

static gboolean
kiosk_appointment_page_validate (KioskPage *page)
{
  KioskAppointmentPage *self = KIOSK_APPOINTMENT_PAGE (page);
  gboolean ok;

  if (uses_code (self))
    return kiosk_text_field_validate (self->code_field);
  ok = kiosk_date_field_validate (self->birth_field);
  return kiosk_text_field_validate (self->name_field) && ok;
}

static void
kiosk_appointment_page_collect (KioskPage  *page,
                                JsonObject *details)
{
  KioskAppointmentPage *self = KIOSK_APPOINTMENT_PAGE (page);
  char *birth;

  if (uses_code (self))
    return;
  birth = kiosk_date_field_get_iso (self->birth_field);
  json_object_set_string_member (details, "name", kiosk_text_field_get_text (self->name_field));
  if (birth != NULL)
    json_object_set_string_member (details, "date_of_birth", birth);
  /* The visit's copy is wiped with it (kiosk_details_wipe); this one now. */
  cf_wipe_string (birth);
}

static void
kiosk_appointment_page_page_init (KioskPageInterface *iface)
{
  iface->clear = kiosk_appointment_page_clear;
  iface->validate = kiosk_appointment_page_validate;
  iface->collect = kiosk_appointment_page_collect;
}

static void
kiosk_appointment_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_APPOINTMENT_PAGE);
  G_OBJECT_CLASS (kiosk_appointment_page_parent_class)->dispose (object);
}

static void
kiosk_appointment_page_class_init (KioskAppointmentPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_appointment_page_dispose;

  g_type_ensure (KIOSK_TYPE_DATE_FIELD);
  g_type_ensure (KIOSK_TYPE_TEXT_FIELD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-appointment-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentPage, code_box);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentPage, code_field);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentPage, name_box);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentPage, name_field);
  gtk_widget_class_bind_template_child (widget_class, KioskAppointmentPage, birth_field);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, no_code_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_code_clicked_cb);
}

static void
kiosk_appointment_page_init (KioskAppointmentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
