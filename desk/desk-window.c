/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-window.h"

#include <glib/gi18n.h>

#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-office.h"
#include "desk-a11y.h"
#include "desk-jobs.h"
#include "desk-setup-page.h"
#include "desk-sign-in-page.h"
#include "desk-students-page.h"
#include "desk-today-page.h"

struct _DeskWindow {
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *problem_page;
  DeskSetupPage        *setup_page;
  DeskSignInPage       *sign_in_page;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
  DeskTodayPage        *today_page;
  DeskStudentsPage     *students_page;

  CfSession            *session;
  GCancellable         *cancellable;   /* start-up check and office name */
  guint                 idle_source;
  gint64                last_activity; /* monotonic microseconds */
};

G_DEFINE_FINAL_TYPE (DeskWindow, desk_window, ADW_TYPE_APPLICATION_WINDOW)

static void check_setup (DeskWindow *self);

/* The check starts once the window knows its application, which holds
 * the folders: GtkWindow sets that property only after construction. */
DeskWindow *
desk_window_new (DeskApplication *app)
{
  DeskWindow *self = g_object_new (DESK_TYPE_WINDOW, "application", app, NULL);

  check_setup (self);
  return self;
}

static DeskApplication *
get_app (DeskWindow *self)
{
  return DESK_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

void
desk_window_show_toast (DeskWindow *self, const char *message)
{
  g_return_if_fail (DESK_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* --- idle lock --- */

static gboolean idle_timeout_cb (gpointer user_data);

static void
arm_idle_timer (DeskWindow *self, guint seconds)
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
  gint64 limit = (gint64) desk_application_get_idle_lock_seconds (get_app (self)) * G_USEC_PER_SEC;
  gint64 idle = g_get_monotonic_time () - self->last_activity;

  self->idle_source = 0;
  if (idle >= limit)
    desk_window_lock (self, TRUE);
  else
    arm_idle_timer (self, (guint) ((limit - idle + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  return G_SOURCE_REMOVE;
}

static void
note_activity (DeskWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
}

static gboolean
key_pressed_cb (DeskWindow *self, guint keyval, guint keycode, GdkModifierType state)
{
  note_activity (self);
  return GDK_EVENT_PROPAGATE;
}

static void
pointer_moved_cb (DeskWindow *self, double x, double y)
{
  note_activity (self);
}

static void
pressed_cb (DeskWindow *self, int n_press, double x, double y)
{
  note_activity (self);
}

static void
add_activity_controllers (DeskWindow *self, GtkWidget *widget)
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
desk_window_watch_input (DeskWindow *self, GtkWindow *dialog)
{
  g_return_if_fail (DESK_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WINDOW (dialog));

  add_activity_controllers (self, GTK_WIDGET (dialog));
}

/* --- actions that need a signed-in session --- */

static void
open_student_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);

  if (self->session == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "students");
  desk_students_page_open (self->students_page, g_variant_get_string (parameter, NULL));
}

static void
search_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);

  if (self->session == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "students");
  desk_students_page_focus_search (self->students_page);
}

static void
set_signed_in (DeskWindow *self, gboolean signed_in)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-student", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", signed_in);
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

/* Wipes the key (cf_session_lock closes the database) and everything the
 * window showed from it, then asks for the passphrase again. */
void
desk_window_lock (DeskWindow *self, gboolean idle)
{
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
  adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
  adw_view_stack_set_visible_child_name (self->view_stack, "today");
  cf_session_lock (self->session);
  g_clear_object (&self->session);
  set_signed_in (self, FALSE);

  desk_sign_in_page_reset (self->sign_in_page,
                           idle ? _("The desk locked itself because nobody used it for a while.")
                                : _("The desk is locked."));
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  desk_sign_in_page_focus (self->sign_in_page);
}

static void
lock_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  desk_window_lock (DESK_WINDOW (widget), FALSE);
}

/* --- signing in --- */

static gpointer
office_name_job (CfSession *session, gpointer data, GCancellable *cancellable, GError **error)
{
  if (cf_session_is_locked (session))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_DENIED, _("The desk is locked. Sign in again to continue."));
      return NULL;
    }
  return cf_office_get_name (session);
}

static void
office_name_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(DeskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = desk_session_run_finish (result, &error);

  if (name != NULL && self->session != NULL)
    adw_view_switcher_title_set_subtitle (self->switcher_title, name);
}

static void
signed_in_cb (DeskWindow *self, CfSession *session)
{
  g_set_object (&self->session, session);
  set_signed_in (self, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "desk");
  desk_today_page_set_session (self->today_page, session);
  desk_students_page_set_session (self->students_page, session);
  desk_session_run_async (session, office_name_job, NULL, NULL, g_free,
                          self->cancellable, office_name_loaded_cb, g_object_ref (self));
  note_activity (self);
  arm_idle_timer (self, desk_application_get_idle_lock_seconds (get_app (self)));
}

static void
office_created_cb (DeskWindow *self, const char *user_name)
{
  desk_sign_in_page_set_user_name (self->sign_in_page, user_name);
  desk_sign_in_page_reset (self->sign_in_page,
                           _("The office is ready. Sign in with the passphrase you chose."));
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  desk_sign_in_page_focus (self->sign_in_page);
}

/* --- start-up: is this machine set up? --- */

static void
check_setup_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_autoptr(CfNodeConfig) config = NULL;
  GError *error = NULL;

  config = cf_node_config_load (task_data, &error);
  if (config == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
setup_checked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DeskWindow *self = DESK_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      gtk_stack_set_visible_child_name (self->stack, "sign-in");
      desk_sign_in_page_focus (self->sign_in_page);
    }
  else if (g_error_matches (error, CF_ERROR, CF_ERROR_NOT_SET_UP))
    {
      gtk_stack_set_visible_child_name (self->stack, "setup");
      desk_setup_page_focus (self->setup_page);
    }
  else if (!desk_error_is_cancelled (error))
    {
      adw_status_page_set_description (self->problem_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "problem");
    }
}

/* Reading node.conf touches the disk, so even this runs in a thread. */
static void
check_setup (DeskWindow *self)
{
  const char *data_dir = desk_application_get_data_dir (get_app (self));
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, setup_checked_cb, NULL);

  desk_setup_page_set_folders (self->setup_page, data_dir,
                               desk_application_get_sync_dir (get_app (self)));
  desk_sign_in_page_set_data_dir (self->sign_in_page, data_dir);
  g_task_set_source_tag (task, check_setup);
  g_task_set_task_data (task, g_strdup (data_dir), g_free);
  g_task_run_in_thread (task, check_setup_thread);
}

/* --- object --- */

static void
desk_window_dispose (GObject *object)
{
  DeskWindow *self = DESK_WINDOW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    cf_session_lock (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_WINDOW);
  G_OBJECT_CLASS (desk_window_parent_class)->dispose (object);
}

static void
desk_window_class_init (DeskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_window_dispose;

  g_type_ensure (DESK_TYPE_SETUP_PAGE);
  g_type_ensure (DESK_TYPE_SIGN_IN_PAGE);
  g_type_ensure (DESK_TYPE_TODAY_PAGE);
  g_type_ensure (DESK_TYPE_STUDENTS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, problem_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, today_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, students_page);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, office_created_cb);

  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action_cb);
  gtk_widget_class_install_action (widget_class, "win.open-student", "s", open_student_action_cb);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

static void
desk_window_init (DeskWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  desk_present_visible_child_only (GTK_WIDGET (self->stack));
  desk_present_visible_child_only (GTK_WIDGET (self->view_stack));
  self->cancellable = g_cancellable_new ();
  add_activity_controllers (self, GTK_WIDGET (self));
  set_signed_in (self, FALSE);
}
