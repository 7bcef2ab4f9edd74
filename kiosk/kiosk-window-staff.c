/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Staff access: an unobtrusive gesture (press and hold the top-left
 * corner, or Ctrl+Alt+S on a keyboard) opens the staff PIN dialog; only
 * after the right PIN may the kiosk leave full screen or quit. */
#include "kiosk-window-private.h"

/* The longest GTK allows, about a second: longer than any tap a student
 * would make in an empty corner by chance. */
#define LONG_PRESS_FACTOR 2.0

static void
staff_quit_requested_cb (KioskWindow *self)
{
  _kiosk_window_quit (self);
}

static void
staff_fullscreen_requested_cb (KioskWindow *self,
                               gboolean     fullscreen)
{
  _kiosk_window_set_fullscreen (self, fullscreen);
}

/* Kept by the application, so a restarted kiosk stays paused. */
void
_kiosk_window_set_paused (KioskWindow *self,
                          const char  *message)
{
  KioskApplication *app = _kiosk_window_get_app (self);

  if (self->paused != message)
    {
      g_free (self->paused);
      self->paused = g_strdup (message);
    }
  if (app != NULL)
    kiosk_application_set_paused (app, message);
  if (self->flow != NULL)
    kiosk_flow_set_paused (self->flow, message);
  if (self->staff_dialog != NULL)
    kiosk_pin_dialog_set_paused (self->staff_dialog, message);
}

static void
staff_pause_requested_cb (KioskWindow *self,
                          const char  *message)
{
  _kiosk_window_set_paused (self, message);
}

static void
staff_dialog_destroyed_cb (KioskWindow *self)
{
  self->staff_dialog = NULL;
}

void
_kiosk_window_open_staff (KioskWindow *self)
{
  KioskApplication *app = _kiosk_window_get_app (self);
  g_autofree char *status = NULL;

  if (self->staff_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->staff_dialog));
      return;
    }
  self->staff_dialog = kiosk_pin_dialog_new (GTK_WINDOW (self), kiosk_application_get_data_dir (app));
  status = _kiosk_window_describe_sync (self);
  kiosk_pin_dialog_set_status (self->staff_dialog, status);
  kiosk_pin_dialog_set_fullscreen (self->staff_dialog, self->fullscreen);
  kiosk_pin_dialog_set_paused (self->staff_dialog, self->paused);
  g_signal_connect_object (self->staff_dialog, "quit-requested",
                           G_CALLBACK (staff_quit_requested_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->staff_dialog, "fullscreen-requested",
                           G_CALLBACK (staff_fullscreen_requested_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->staff_dialog, "pause-requested",
                           G_CALLBACK (staff_pause_requested_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->staff_dialog, "destroy",
                           G_CALLBACK (staff_dialog_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->staff_dialog));
}

void
_kiosk_window_close_staff (KioskWindow *self)
{
  if (self->staff_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->staff_dialog));
  self->staff_dialog = NULL;
}

static void
staff_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  _kiosk_window_open_staff (KIOSK_WINDOW (widget));
}

static void
corner_pressed_cb (KioskWindow *self,
                   double       x,
                   double       y)
{
  _kiosk_window_open_staff (self);
}

void
_kiosk_window_class_init_staff (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.staff", NULL, staff_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "win.staff", NULL);
}

void
_kiosk_window_init_staff (KioskWindow *self)
{
  GtkGesture *hold = gtk_gesture_long_press_new ();

  /* Its halign "start" would put it top right in a right-to-left
   * language; staff are told top left (README, the staff's instructions),
   * and must find it in whatever language a student left the kiosk. */
  gtk_widget_set_direction (self->staff_corner, GTK_TEXT_DIR_LTR);
  gtk_gesture_long_press_set_delay_factor (GTK_GESTURE_LONG_PRESS (hold), LONG_PRESS_FACTOR);
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (hold), FALSE);
  g_signal_connect_object (hold, "pressed", G_CALLBACK (corner_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->staff_corner, GTK_EVENT_CONTROLLER (hold));
}
