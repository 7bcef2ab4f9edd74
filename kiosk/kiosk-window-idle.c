/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Idle time: a screen nobody touches is wiped for the next student.  A
 * screen that holds what someone entered first asks "Are you still
 * there?" with a countdown, and a screen that is read (the details, the
 * consent slip, the monitoring form) waits longer before asking. */
#include "kiosk-window-private.h"

#include "kiosk-language.h"

static gboolean idle_timeout_cb (gpointer user_data);

static void
arm_idle_timer (KioskWindow *self,
                guint        seconds)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->idle_source = g_timeout_add_seconds (MAX (seconds, 1), idle_timeout_cb, self);
}

/* The next student gets the kiosk as it was set up: the default language,
 * ordinary text and colours, the welcome screen, nothing typed. */
static void
reset_for_next_student (KioskWindow *self)
{
  kiosk_idle_warning_stop (self->idle_warning);
  _kiosk_window_close_staff (self);
  g_object_set (self, "larger-text", FALSE, "high-contrast", FALSE, NULL);
  if (kiosk_language_set (kiosk_language_get_default ()))
    _kiosk_window_show_flow (self);
  else if (self->flow != NULL)
    kiosk_flow_reset (self->flow);
}

static gboolean
is_reset (KioskWindow *self)
{
  return (self->flow == NULL || kiosk_flow_is_home (self->flow)) &&
         !self->larger_text && !self->high_contrast && self->staff_dialog == NULL &&
         g_str_equal (kiosk_language_get_current (), kiosk_language_get_default ());
}

/* Read each time, so a screen changed since the last input counts. */
static gint64
idle_limit (KioskWindow      *self,
            KioskApplication *app)
{
  guint seconds = self->flow != NULL && kiosk_flow_is_reading (self->flow)
                  ? kiosk_application_get_reading_idle_seconds (app)
                  : kiosk_application_get_idle_seconds (app);

  return (gint64) seconds * G_USEC_PER_SEC;
}

/* Nothing to lose (the welcome screen with a language chosen, a ticket
 * already shown): wiped at once.  Otherwise the student is asked first. */
static void
idle_reached (KioskWindow      *self,
              KioskApplication *app)
{
  if (is_reset (self))
    return;
  if (self->flow != NULL && kiosk_flow_holds_input (self->flow))
    kiosk_idle_warning_start (self->idle_warning, kiosk_application_get_idle_warning_seconds (app));
  else
    reset_for_next_student (self);
}

/* Input only stamps the time; the timer checks it when it fires, instead
 * of being re-armed on every event.  While the warning counts down the
 * timer rests: the warning's end or any input takes over. */
static gboolean
idle_timeout_cb (gpointer user_data)
{
  KioskWindow *self = user_data;
  KioskApplication *app = _kiosk_window_get_app (self);
  gint64 limit, idle;

  self->idle_source = 0;
  if (app == NULL)
    return G_SOURCE_REMOVE;
  limit = idle_limit (self, app);
  idle = g_get_monotonic_time () - self->last_activity;
  if (idle >= limit)
    {
      idle_reached (self, app);
      if (kiosk_idle_warning_is_running (self->idle_warning))
        return G_SOURCE_REMOVE;
      self->last_activity = g_get_monotonic_time ();
      idle = 0;
    }
  arm_idle_timer (self, (guint) ((limit - idle + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  return G_SOURCE_REMOVE;
}

void
_kiosk_window_note_activity (KioskWindow *self)
{
  KioskApplication *app = _kiosk_window_get_app (self);

  /* The screens wipe themselves when the window goes: no timer then. */
  if (app == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  kiosk_idle_warning_stop (self->idle_warning);
  self->last_activity = g_get_monotonic_time ();
  if (self->idle_source == 0)
    arm_idle_timer (self, kiosk_application_get_idle_seconds (app));
}

static void
warning_expired_cb (KioskWindow *self)
{
  reset_for_next_student (self);
  _kiosk_window_note_activity (self);
}

static void
still_here_cb (KioskWindow *self)
{
  _kiosk_window_note_activity (self);
}

static gboolean
key_pressed_cb (KioskWindow    *self,
                guint           keyval,
                guint           keycode,
                GdkModifierType state)
{
  _kiosk_window_note_activity (self);
  return GDK_EVENT_PROPAGATE;
}

static void
pressed_cb (KioskWindow *self,
            int          n_press,
            double       x,
            double       y)
{
  _kiosk_window_note_activity (self);
}

/* Capture phase: seen before any child can stop the event.  Pointer
 * motion is left out: a touch screen has none, and a mouse nudged by
 * someone walking past must not keep a student's screen up. */
void
_kiosk_window_init_idle (KioskWindow *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_object (self->idle_warning, "expired", G_CALLBACK (warning_expired_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->idle_warning, "still-here", G_CALLBACK (still_here_cb), self,
                           G_CONNECT_SWAPPED);
}
