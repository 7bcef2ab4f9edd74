/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-waiting-page.h"

#include <glib/gi18n-lib.h>

#include "cf-json.h"
#include "kiosk-page.h"

struct _KioskWaitingPage {
  AdwBin      parent_instance;

  GtkFlowBox *codes_box;
  GtkWidget  *empty_label;
  GtkWidget  *back_button;

  gboolean    board;          /* always on: no way back, a chime */
  GStrv       shown;          /* the codes on screen now */
};

static void kiosk_waiting_page_page_init (KioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskWaitingPage, kiosk_waiting_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_PAGE, kiosk_waiting_page_page_init))

static GtkWidget *
code_label_new (const char *code)
{
  GtkWidget *label = gtk_label_new (code);
  g_autofree char *name = g_strdup_printf (_("Ticket %s"), code);

  gtk_widget_add_css_class (label, "kiosk-code");
  gtk_widget_add_css_class (label, "card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return label;
}

/* The flow box children are pictures of codes, not controls: a screen
 * reader reads them, the focus passes them by. */
static void
add_code (KioskWaitingPage *self,
          const char       *code)
{
  GtkWidget *child = gtk_flow_box_child_new ();

  gtk_widget_set_focusable (child, FALSE);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), code_label_new (code));
  gtk_flow_box_append (self->codes_box, child);
}

void
kiosk_waiting_page_set_board (KioskWaitingPage *self,
                              gboolean          board)
{
  g_return_if_fail (KIOSK_IS_WAITING_PAGE (self));

  self->board = board;
  gtk_widget_set_visible (self->back_button, !board);
}

/* A code called since the last feed: the board chimes, so someone reading
 * in the waiting area looks up. */
static void
chime_for_new (KioskWaitingPage *self,
               GStrv             codes)
{
  /* The codes already up when the board starts were called before. */
  for (guint i = 0; self->board && self->shown != NULL && codes[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *) self->shown, codes[i]))
      {
        gtk_widget_error_bell (GTK_WIDGET (self));
        break;
      }
  g_strfreev (self->shown);
  self->shown = codes;
}

static void
kiosk_waiting_page_set_feed (KioskPage  *page,
                             JsonObject *feed)
{
  KioskWaitingPage *self = KIOSK_WAITING_PAGE (page);
  JsonArray *calling = cf_json_get_array (feed, "calling");
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->codes_box))) != NULL)
    gtk_flow_box_remove (self->codes_box, child);
  for (guint i = 0; calling != NULL && i < json_array_get_length (calling); i++)
    {
      const char *code = json_array_get_string_element (calling, i);

      if (code != NULL && *code != '\0')
        {
          add_code (self, code);
          g_strv_builder_add (codes, code);
          shown++;
        }
    }
  chime_for_new (self, g_strv_builder_end (codes));
  gtk_widget_set_visible (GTK_WIDGET (self->codes_box), shown > 0);
  gtk_widget_set_visible (self->empty_label, shown == 0);
}

static void
kiosk_waiting_page_page_init (KioskPageInterface *iface)
{
  iface->set_feed = kiosk_waiting_page_set_feed;
}

static void
kiosk_waiting_page_dispose (GObject *object)
{
  g_clear_pointer (&KIOSK_WAITING_PAGE (object)->shown, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_WAITING_PAGE);
  G_OBJECT_CLASS (kiosk_waiting_page_parent_class)->dispose (object);
}

static void
kiosk_waiting_page_class_init (KioskWaitingPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_waiting_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-waiting-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskWaitingPage, codes_box);
  gtk_widget_class_bind_template_child (widget_class, KioskWaitingPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWaitingPage, back_button);
}

static void
kiosk_waiting_page_init (KioskWaitingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self->codes_box), FALSE);
}
