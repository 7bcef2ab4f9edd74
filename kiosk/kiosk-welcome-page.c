/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-welcome-page.h"

#include <glib/gi18n-lib.h>

#include "cf-json.h"
#include "kiosk-language.h"
#include "kiosk-page.h"

/* How many called codes fit in the line under the choices; the waiting
 * screen shows them all. */
#define CALLING_PREVIEW 3

struct _KioskWelcomePage {
  AdwBin     parent_instance;

  GtkLabel  *office_label;
  GtkWidget *hours_box;
  GtkLabel  *hours_label;
  GtkLabel  *calling_label;
  GtkWidget *drop_in_button;
  GtkWidget *paused_box;
  GtkLabel  *paused_label;
  GtkBox    *language_box;
};

static void kiosk_welcome_page_page_init (KioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskWelcomePage, kiosk_welcome_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_PAGE, kiosk_welcome_page_page_init))

static char *
calling_preview (JsonArray *calling)
{
  g_autoptr(GString) codes = g_string_new (NULL);
  guint count = calling ? json_array_get_length (calling) : 0;

  if (count == 0)
    return g_strdup (_("Nobody is being called just now."));
  for (guint i = 0; i < MIN (count, CALLING_PREVIEW); i++)
    {
      const char *code = json_array_get_string_element (calling, i);

      if (code == NULL)
        continue;
      if (codes->len > 0)
        g_string_append (codes, ", ");
      g_string_append (codes, code);
    }
  if (count > CALLING_PREVIEW)
    g_string_append (codes, ", …");
  return g_strdup_printf (_("Now calling: %s"), codes->str);
}

static void
kiosk_welcome_page_set_feed (KioskPage  *page,
                             JsonObject *feed)
{
  KioskWelcomePage *self = KIOSK_WELCOME_PAGE (page);
  const char *office = cf_json_get_string (feed, "office");
  const char *hours = cf_json_get_string (feed, "hours");
  g_autofree char *calling = calling_preview (cf_json_get_array (feed, "calling"));

  gtk_label_set_text (self->office_label, office && *office ? office : _("Welcome"));
  gtk_label_set_text (self->hours_label, hours ? hours : "");
  gtk_widget_set_visible (self->hours_box, hours != NULL && *hours != '\0');
  gtk_label_set_text (self->calling_label, calling);
}

void
kiosk_welcome_page_set_paused (KioskWelcomePage *self,
                               const char       *message)
{
  g_return_if_fail (KIOSK_IS_WELCOME_PAGE (self));

  gtk_widget_set_visible (self->drop_in_button, message == NULL);
  gtk_widget_set_visible (self->paused_box, message != NULL);
  gtk_label_set_text (self->paused_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->paused_label), message != NULL && *message != '\0');
}

static void
kiosk_welcome_page_page_init (KioskPageInterface *iface)
{
  iface->set_feed = kiosk_welcome_page_set_feed;
}

static void
kiosk_welcome_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_WELCOME_PAGE);
  G_OBJECT_CLASS (kiosk_welcome_page_parent_class)->dispose (object);
}

static void
kiosk_welcome_page_class_init (KioskWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_welcome_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskWelcomePage, office_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWelcomePage, hours_box);
  gtk_widget_class_bind_template_child (widget_class, KioskWelcomePage, hours_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWelcomePage, calling_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWelcomePage, drop_in_button);
  gtk_widget_class_bind_template_child (widget_class, KioskWelcomePage, paused_box);
  gtk_widget_class_bind_template_child (widget_class, KioskWelcomePage, paused_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWelcomePage, language_box);
}

/* A button for each other language, named in that language: the student
 * who needs it can read it.  The screens are rebuilt on a switch, so this
 * is set once. */
static GtkWidget *
language_button_new (const char *code)
{
  const char *name = kiosk_language_get_native_name (code);
  GtkWidget *button = gtk_button_new_with_label (name);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.language");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", code);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Change the language"),
                                  -1);
  return button;
}

static void
show_languages (KioskWelcomePage *self)
{
  const char *current = kiosk_language_get_current ();
  const char *code;

  for (guint i = 0; (code = kiosk_language_get_code (i)) != NULL; i++)
    if (!g_str_equal (code, current))
      gtk_box_append (self->language_box, language_button_new (code));
}

static void
kiosk_welcome_page_init (KioskWelcomePage *self)
{
  g_autofree char *calling = calling_preview (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_label_set_text (self->calling_label, calling);
  show_languages (self);
}
