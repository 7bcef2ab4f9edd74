/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-idle-warning.h"

#include <glib/gi18n-lib.h>

struct _KioskIdleWarning {
  AdwBin     parent_instance;

  GtkLabel  *heading_label;
  GtkLabel  *countdown_label;
  GtkWidget *still_here_button;

  guint      tick_source;
  guint      remaining;       /* seconds */
};

G_DEFINE_FINAL_TYPE (KioskIdleWarning, kiosk_idle_warning, ADW_TYPE_BIN)

enum {
  STILL_HERE,
  EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_remaining (KioskIdleWarning *self)
{
  g_autofree char *text =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                  "This screen will be cleared in %u second, so that the next person cannot see what you entered.",
                                  "This screen will be cleared in %u seconds, so that the next person cannot see what you entered.",
                                  self->remaining),
                     self->remaining);

  gtk_label_set_text (self->countdown_label, text);
  /* Read out with the button a screen reader user lands on. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->still_here_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* The warning is built once, with the window, but a student may have
 * chosen another language since: its words are looked up each time it
 * shows, as the countdown's are each second. */
static void
show_texts (KioskIdleWarning *self)
{
  gtk_label_set_text (self->heading_label, _("Are you still there?"));
  gtk_button_set_label (GTK_BUTTON (self->still_here_button), _("I’m still here"));
}

static gboolean
tick_cb (gpointer user_data)
{
  KioskIdleWarning *self = user_data;

  if (self->remaining > 0)
    self->remaining--;
  if (self->remaining > 0)
    {
      show_remaining (self);
      return G_SOURCE_CONTINUE;
    }
  self->tick_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_emit (self, signals[EXPIRED], 0);
  return G_SOURCE_REMOVE;
}

void
kiosk_idle_warning_start (KioskIdleWarning *self,
                          guint             seconds)
{
  g_return_if_fail (KIOSK_IS_IDLE_WARNING (self));

  g_clear_handle_id (&self->tick_source, g_source_remove);
  self->remaining = MAX (seconds, 1);
  show_texts (self);
  show_remaining (self);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_widget_grab_focus (self->still_here_button);
  self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
}

void
kiosk_idle_warning_stop (KioskIdleWarning *self)
{
  g_return_if_fail (KIOSK_IS_IDLE_WARNING (self));

  g_clear_handle_id (&self->tick_source, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

gboolean
kiosk_idle_warning_is_running (KioskIdleWarning *self)
{
  g_return_val_if_fail (KIOSK_IS_IDLE_WARNING (self), FALSE);
  return self->tick_source != 0;
}

static void
still_here_clicked_cb (KioskIdleWarning *self)
{
  kiosk_idle_warning_stop (self);
  g_signal_emit (self, signals[STILL_HERE], 0);
}

static void
kiosk_idle_warning_dispose (GObject *object)
{
  KioskIdleWarning *self = KIOSK_IDLE_WARNING (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_IDLE_WARNING);
  G_OBJECT_CLASS (kiosk_idle_warning_parent_class)->dispose (object);
}

static void
kiosk_idle_warning_class_init (KioskIdleWarningClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_idle_warning_dispose;

  signals[STILL_HERE] = g_signal_new ("still-here", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[EXPIRED] = g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-idle-warning.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskIdleWarning, heading_label);
  gtk_widget_class_bind_template_child (widget_class, KioskIdleWarning, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, KioskIdleWarning, still_here_button);
  gtk_widget_class_bind_template_callback (widget_class, still_here_clicked_cb);
}

static void
kiosk_idle_warning_init (KioskIdleWarning *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
