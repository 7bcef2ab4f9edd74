/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-topic-page.h"

#include "cf-json.h"
#include "kiosk-office-texts.h"
#include "kiosk-page.h"

#define COLUMNS 2

struct _KioskTopicPage {
  AdwBin     parent_instance;

  GtkGrid   *topic_grid;
};

static void kiosk_topic_page_page_init (KioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskTopicPage, kiosk_topic_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_PAGE, kiosk_topic_page_page_init))

static GtkWidget *
topic_button_new (const char *topic)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (kiosk_office_text (topic));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kiosk_office_text (topic), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "flow.choose-topic");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", topic);
  gtk_widget_add_css_class (button, "kiosk-topic");
  return button;
}

static void
remove_topics (KioskTopicPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->topic_grid))) != NULL)
    gtk_grid_remove (self->topic_grid, child);
}

static void
kiosk_topic_page_set_feed (KioskPage  *page,
                           JsonObject *feed)
{
  KioskTopicPage *self = KIOSK_TOPIC_PAGE (page);
  JsonArray *topics = cf_json_get_array (feed, "topics");
  guint shown = 0;

  remove_topics (self);
  for (guint i = 0; topics != NULL && i < json_array_get_length (topics); i++)
    {
      const char *topic = json_array_get_string_element (topics, i);

      if (topic == NULL || *topic == '\0')
        continue;
      gtk_grid_attach (self->topic_grid, topic_button_new (topic),
                       (int) (shown % COLUMNS), (int) (shown / COLUMNS), 1, 1);
      shown++;
    }
}

static void
kiosk_topic_page_page_init (KioskPageInterface *iface)
{
  iface->set_feed = kiosk_topic_page_set_feed;
}

static void
kiosk_topic_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_TOPIC_PAGE);
  G_OBJECT_CLASS (kiosk_topic_page_parent_class)->dispose (object);
}

static void
kiosk_topic_page_class_init (KioskTopicPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_topic_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-topic-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskTopicPage, topic_grid);
}

static void
kiosk_topic_page_init (KioskTopicPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
