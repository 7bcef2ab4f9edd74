/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-failed-page.h"

#include "kiosk-page.h"

struct _KioskFailedPage {
  AdwBin    parent_instance;
};

static void kiosk_failed_page_page_init (KioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskFailedPage, kiosk_failed_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_PAGE, kiosk_failed_page_page_init))

/* It holds nothing of the student: the flow keeps the other screens
 * filled in so that "Try Again" can send them. */
static void
kiosk_failed_page_page_init (KioskPageInterface *iface)
{
}

static void
kiosk_failed_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_FAILED_PAGE);
  G_OBJECT_CLASS (kiosk_failed_page_parent_class)->dispose (object);
}

static void
kiosk_failed_page_class_init (KioskFailedPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_failed_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-failed-page.ui");
}

static void
kiosk_failed_page_init (KioskFailedPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
