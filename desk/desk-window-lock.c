/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk locks itself when nobody has used it for a while, and on
 * request: what it showed goes at once, the database closes behind. */
#include "desk-window-private.h"

#include <glib/gi18n.h>

/* --- idle lock --- */

static gboolean idle_timeout_cb (gpointer user_data);

static void
arm_idle_timer (DeskWindow *self,
                guint       seconds)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->idle_source = g_timeout_add_seconds (seconds, idle_timeout_cb, self);
}

/* Input only stamps the time: re-arming a timer on every motion event
 * would churn sources; the timer instead re-checks when it fires. */
static gboolean
idle_timeout_cb (gpointer user_data)
{
  DeskWindow *self = user_data;
  gint64 limit = (gint64) desk_application_get_idle_lock_seconds (_desk_window_get_app (self)) * G_USEC_PER_SEC;
  gint64 idle = g_get_monotonic_time () - self->last_activity;

  self->idle_source = 0;
  if (idle >= limit)
    desk_window_lock (self, TRUE);
  else
    arm_idle_timer (self, (guint) ((limit - idle + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  return G_SOURCE_REMOVE;
}

void
_desk_window_note_activity (DeskWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
}

static gboolean
key_pressed_cb (DeskWindow     *self,
                guint           keyval,
                guint           keycode,
                GdkModifierType state)
{
  _desk_window_note_activity (self);
  return GDK_EVENT_PROPAGATE;
}

static void
pointer_moved_cb (DeskWindow *self,
                  double      x,
                  double      y)
{
  _desk_window_note_activity (self);
}

static void
pressed_cb (DeskWindow *self,
            int         n_press,
            double      x,
            double      y)
{
  _desk_window_note_activity (self);
}

void
_desk_window_watch_activity (DeskWindow *self,
                             GtkWidget  *widget)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  /* Capture phase: seen before any child can stop the event. */
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "motion", G_CALLBACK (pointer_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, key);
  gtk_widget_add_controller (widget, motion);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
}

void
desk_window_watch_input (DeskWindow *self,
                         GtkWindow  *dialog)
{
  g_return_if_fail (DESK_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WINDOW (dialog));

  _desk_window_watch_activity (self, GTK_WIDGET (dialog));
}

void
_desk_window_arm_idle_lock (DeskWindow *self)
{
  arm_idle_timer (self, desk_application_get_idle_lock_seconds (_desk_window_get_app (self)));
}

/* --- locking --- */

/* Dialogs (booking, new student) may hold names: they go with the lock.
 * The shortcuts window holds none, and its application window keeps it
 * for reuse. */
static void
destroy_dialogs (DeskWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours to free */
  g_autoptr(GPtrArray) dialogs = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (window) == GTK_WINDOW (self) &&
          !GTK_IS_SHORTCUTS_WINDOW (window))
        g_ptr_array_add (dialogs, window);
    }
  for (guint i = 0; i < dialogs->len; i++)
    gtk_window_destroy (g_ptr_array_index (dialogs, i));
}

static void
session_locked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CfSession) session = user_data;
  g_autoptr(GError) error = NULL;

  if (!cf_session_lock_finish (session, result, &error))
    g_warning ("Locking failed: %s", error->message);
  g_application_release (g_application_get_default ());
}

/* Clears everything the window showed at once, then asks for the
 * passphrase; the key is wiped and the database closed on the store's
 * thread, behind any work under way, so the window never waits for it. */
void
desk_window_lock (DeskWindow *self,
                  gboolean    idle)
{
  CfSession *session;

  g_return_if_fail (DESK_IS_WINDOW (self));

  if (self->session == NULL)
    return;
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  destroy_dialogs (self);
  desk_today_page_clear (self->today_page);
  desk_students_page_clear (self->students_page);
  desk_search_page_clear (self->search_page);
  desk_security_page_clear (self->security_page);
  desk_machines_page_clear (self->machines_page);
  desk_retention_page_clear (self->retention_page);
  desk_statistics_page_clear (self->statistics_page);
  desk_audit_page_clear (self->audit_page);
  desk_users_page_clear (self->users_page);
  desk_health_page_clear (self->health_page);
  adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
  adw_view_stack_set_visible_child_name (self->view_stack, "today");
  _desk_window_stop_syncing (self);
  session = g_steal_pointer (&self->session);
  /* The application stays until the database is closed, even if this
   * window is closed first: quitting never cuts work on the store short. */
  g_application_hold (g_application_get_default ());
  cf_session_lock_async (session, session_locked_cb, session);
  _desk_window_set_signed_in (self, FALSE);
  _desk_window_watch_locked (self);

  desk_sign_in_page_reset (self->sign_in_page,
                           idle ? _("The desk locked itself because nobody used it for a while.")
                                : _("The desk is locked."));
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  desk_sign_in_page_focus (self->sign_in_page);
}

static void
lock_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  desk_window_lock (DESK_WINDOW (widget), FALSE);
}

void
_desk_window_class_init_lock (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action_cb);
}
