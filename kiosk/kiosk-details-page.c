/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-details-page.h"

#include "kiosk-page.h"
#include "kiosk-text-field.h"

struct _KioskDetailsPage {
  AdwBin          parent_instance;

  GtkSwitch      *anonymous_switch;
  GtkWidget      *anonymous_note;
  GtkWidget      *fields_box;
  KioskTextField *name_field;
  KioskTextField *preferred_field;
  KioskTextField *student_id_field;
  KioskTextField *college_field;
  KioskTextField *faculty_field;
  KioskTextField *contact_field;
};

static void kiosk_details_page_page_init (KioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskDetailsPage, kiosk_details_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_PAGE, kiosk_details_page_page_init))

typedef struct {
  const char *member;
  gsize       offset;
} Field;

/* The submission's member names, as the desk reads them. */
static const Field fields[] = {
  { "name", G_STRUCT_OFFSET (KioskDetailsPage, name_field) },
  { "preferred_name", G_STRUCT_OFFSET (KioskDetailsPage, preferred_field) },
  { "student_id", G_STRUCT_OFFSET (KioskDetailsPage, student_id_field) },
  { "college", G_STRUCT_OFFSET (KioskDetailsPage, college_field) },
  { "faculty", G_STRUCT_OFFSET (KioskDetailsPage, faculty_field) },
  { "contact", G_STRUCT_OFFSET (KioskDetailsPage, contact_field) },
};

static KioskTextField *
field_at (KioskDetailsPage *self,
          gsize             i)
{
  return G_STRUCT_MEMBER (KioskTextField *, self, fields[i].offset);
}

gboolean
kiosk_details_page_get_anonymous (KioskDetailsPage *self)
{
  g_return_val_if_fail (KIOSK_IS_DETAILS_PAGE (self), FALSE);
  return gtk_switch_get_active (self->anonymous_switch);
}

static void
clear_fields (KioskDetailsPage *self)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    kiosk_text_field_clear (field_at (self, i));
}

/* Choosing to stay anonymous wipes what was already typed: it must not
 * travel with an anonymous visit. */
static void
anonymous_toggled_cb (KioskDetailsPage *self)
{
  gboolean anonymous = gtk_switch_get_active (self->anonymous_switch);

  if (anonymous)
    clear_fields (self);
  gtk_widget_set_visible (self->fields_box, !anonymous);
  gtk_widget_set_visible (self->anonymous_note, anonymous);
  kiosk_page_changed (KIOSK_PAGE (self));
}

static void
field_changed_cb (KioskDetailsPage *self)
{
  kiosk_page_changed (KIOSK_PAGE (self));
}

static void
kiosk_details_page_clear (KioskPage *page)
{
  KioskDetailsPage *self = KIOSK_DETAILS_PAGE (page);

  gtk_switch_set_active (self->anonymous_switch, FALSE);
  clear_fields (self);
}

static gboolean
kiosk_details_page_validate (KioskPage *page)
{
  KioskDetailsPage *self = KIOSK_DETAILS_PAGE (page);
  gboolean ok = TRUE;

  if (gtk_switch_get_active (self->anonymous_switch))
    return TRUE;
  /* Backwards, so the first field with a problem ends up focused. */
  for (gsize i = G_N_ELEMENTS (fields); i-- > 0;)
    ok = kiosk_text_field_validate (field_at (self, i)) && ok;
  return ok;
}

static void
kiosk_details_page_collect (KioskPage  *page,
                            JsonObject *details)
{
  KioskDetailsPage *self = KIOSK_DETAILS_PAGE (page);
  gboolean anonymous = gtk_switch_get_active (self->anonymous_switch);

  json_object_set_boolean_member (details, "anonymous", anonymous);
  if (anonymous)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!kiosk_text_field_is_blank (field_at (self, i)))
      json_object_set_string_member (details, fields[i].member,
                                     kiosk_text_field_get_text (field_at (self, i)));
}

static void
kiosk_details_page_page_init (KioskPageInterface *iface)
{
  iface->clear = kiosk_details_page_clear;
  iface->validate = kiosk_details_page_validate;
  iface->collect = kiosk_details_page_collect;
}

static void
kiosk_details_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_DETAILS_PAGE);
  G_OBJECT_CLASS (kiosk_details_page_parent_class)->dispose (object);
}

static void
kiosk_details_page_class_init (KioskDetailsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_details_page_dispose;

  g_type_ensure (KIOSK_TYPE_TEXT_FIELD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-details-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, anonymous_switch);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, anonymous_note);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, fields_box);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, name_field);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, preferred_field);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, student_id_field);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, college_field);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, faculty_field);
  gtk_widget_class_bind_template_child (widget_class, KioskDetailsPage, contact_field);
  gtk_widget_class_bind_template_callback (widget_class, anonymous_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
}

static void
kiosk_details_page_init (KioskDetailsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
