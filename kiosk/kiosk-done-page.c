/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-done-page.h"

#include <glib/gi18n-lib.h>

#include "cf-tickets.h"
#include "kiosk-page.h"

struct _KioskDonePage {
  AdwBin     parent_instance;

  GtkLabel  *title_label;
  GtkLabel  *ticket_label;
  GtkLabel  *instruction_label;
  GtkLabel  *queue_label;
  GtkWidget *declined_label;
  GtkWidget *access_box;
  GtkLabel  *access_label;
};

static void kiosk_done_page_page_init (KioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskDonePage, kiosk_done_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_PAGE, kiosk_done_page_page_init))

/* The time as the kiosk's clock shows it, like "14:00". */
static char *
format_start (gint64 start)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (start);

  return time ? g_date_time_format (time, "%H:%M") : g_strdup ("");
}

static char *
title_for (CfVisitKind kind,
           gint64      start)
{
  g_autofree char *time = NULL;

  if (kind == CF_VISIT_DROP_IN)
    return g_strdup (_("You are checked in"));
  if (start == 0)
    return g_strdup (_("Thank you: please take a seat"));
  time = format_start (start);
  /* TRANSLATORS: %s is the time of the appointment, like 14:00 */
  return g_strdup_printf (_("You are checked in for your %s appointment"), time);
}

void
kiosk_done_page_show (KioskDonePage *self,
                      CfVisitKind    kind,
                      const char    *ticket,
                      const char    *access_code,
                      gint64         start)
{
  g_autofree char *title = title_for (kind, start);

  g_return_if_fail (KIOSK_IS_DONE_PAGE (self));
  g_return_if_fail (ticket != NULL);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->ticket_label, ticket);
  gtk_label_set_text (self->instruction_label,
                      kind == CF_VISIT_DROP_IN
                      ? _("Please take a seat. When your ticket is on the screen, an adviser is ready for you.")
                      : _("Please take a seat. Your adviser will call your ticket."));
  gtk_label_set_text (self->access_label, access_code ? access_code : "");
  gtk_widget_set_visible (self->access_box, access_code != NULL);
}

/* The desk's rule: place p expects p times the interval between calls.
 * The kiosk has no history of calls, so it uses the usual interval, and
 * rounds to five minutes: an estimate should not look precise. */
static guint
estimate_minutes (guint ahead)
{
  gint64 seconds = (gint64) (ahead + 1) * CF_TICKETS_DEFAULT_INTERVAL;
  guint minutes = (guint) ((seconds + 150) / 300 * 5);

  return MAX (minutes, 5);
}

void
kiosk_done_page_show_queue (KioskDonePage *self,
                            guint          ahead)
{
  guint minutes = estimate_minutes (ahead);
  g_autofree char *place = NULL;
  g_autofree char *wait = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (KIOSK_IS_DONE_PAGE (self));

  place = ahead == 0
          ? g_strdup (_("Nobody is waiting ahead of you."))
          : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person is waiting ahead of you.",
                                          "%u people are waiting ahead of you.", ahead), ahead);
  wait = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Estimated wait: about %u minute.",
                                       "Estimated wait: about %u minutes.", minutes), minutes);
  text = g_strconcat (place, " ", wait, NULL);
  gtk_label_set_text (self->queue_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->queue_label), TRUE);
}

void
kiosk_done_page_show_declined (KioskDonePage *self)
{
  g_return_if_fail (KIOSK_IS_DONE_PAGE (self));
  gtk_widget_set_visible (self->declined_label, TRUE);
}

static void
kiosk_done_page_clear (KioskPage *page)
{
  KioskDonePage *self = KIOSK_DONE_PAGE (page);

  gtk_label_set_text (self->title_label, "");
  gtk_label_set_text (self->ticket_label, "");
  gtk_label_set_text (self->access_label, "");
  gtk_widget_set_visible (self->access_box, FALSE);
  gtk_label_set_text (self->queue_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->queue_label), FALSE);
  gtk_widget_set_visible (self->declined_label, FALSE);
}

static void
kiosk_done_page_page_init (KioskPageInterface *iface)
{
  iface->clear = kiosk_done_page_clear;
}

static void
kiosk_done_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_DONE_PAGE);
  G_OBJECT_CLASS (kiosk_done_page_parent_class)->dispose (object);
}

static void
kiosk_done_page_class_init (KioskDonePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_done_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskDonePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDonePage, ticket_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDonePage, instruction_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDonePage, queue_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDonePage, declined_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDonePage, access_box);
  gtk_widget_class_bind_template_child (widget_class, KioskDonePage, access_label);
}

static void
kiosk_done_page_init (KioskDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
