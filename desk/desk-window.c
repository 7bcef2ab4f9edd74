/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-window.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-key.h"
#include "cf-office.h"
#include "cf-sync-watcher.h"
#include "cf-tickets.h"
#include "desk-a11y.h"
#include "desk-jobs.h"
#include "desk-search-page.h"
#include "desk-security-page.h"
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
  DeskSearchPage       *search_page;
  DeskSecurityPage     *security_page;
  GtkRevealer          *news_revealer;

  CfSession            *session;
  char                 *sync_dir;      /* NULL until known, or when none is set */
  CfSyncWatcher        *watcher;
  GHashTable           *locked_segments; /* segment names seen when the desk locked */
  GCancellable         *sync_cancellable;
  char                 *pending_ticket;  /* to show once signed in */
  guint                 sync_timer;
  gboolean              sync_running;
  gboolean              sync_again;
  gint64                sign_in_started; /* benchmarks: monotonic microseconds */
  gint64                sign_in_took;
  char                 *last_problem;    /* the sync problem last shown */
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

/* --- sync: on the store's thread, when the folder changes and every 30 s --- */

#define SYNC_SETTLE_MS      100
#define SYNC_EVERY_SECONDS  30

typedef struct {
  guint       applied;
  char       *problem;
  GListModel *arrivals;
  GTimeZone  *zone;
} SyncOutcome;

static void
sync_outcome_free (SyncOutcome *outcome)
{
  g_free (outcome->problem);
  g_clear_object (&outcome->arrivals);
  g_clear_pointer (&outcome->zone, g_time_zone_unref);
  g_free (outcome);
}

static gpointer
sync_job (CfSession *session, gpointer data, GCancellable *cancellable, GError **error)
{
  CfSyncReport report = { 0 };
  GListModel *arrivals = NULL;
  SyncOutcome *outcome;

  if (!cf_tickets_sync (session, data, &report, &arrivals, error))
    {
      cf_sync_report_clear (&report);
      return NULL;
    }
  outcome = g_new0 (SyncOutcome, 1);
  outcome->applied = report.operations_applied;
  outcome->problem = g_steal_pointer (&report.problem);
  outcome->arrivals = arrivals;
  outcome->zone = cf_office_get_time_zone (session);
  cf_sync_report_clear (&report);
  return outcome;
}

static void run_sync (DeskWindow *self);

/* A problem with the folder or another machine's files is said once, not
 * on every pass while it lasts. */
static void
note_sync_problem (DeskWindow *self, const char *problem)
{
  if (g_strcmp0 (problem, self->last_problem) == 0)
    return;
  g_free (self->last_problem);
  self->last_problem = g_strdup (problem);
  if (problem != NULL)
    desk_window_show_toast (self, problem);
}

static void
take_outcome (DeskWindow *self, SyncOutcome *outcome)
{
  guint arrived = outcome->arrivals ? g_list_model_get_n_items (outcome->arrivals) : 0;

  note_sync_problem (self, outcome->problem);
  if (outcome->applied > 0 || arrived > 0)
    desk_today_page_reload (self->today_page);
  if (arrived == 0)
    return;
  desk_application_notify_arrivals (get_app (self), outcome->arrivals,
                                    cf_session_get_user_id (self->session), outcome->zone);
  /* Handling arrivals changed records: the next pass sends them on. */
  self->sync_again = TRUE;
}

static void
synced_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(DeskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  SyncOutcome *outcome = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  self->sync_running = FALSE;
  if (self->session == NULL)
    {
      g_clear_pointer (&outcome, sync_outcome_free);
      return;
    }
  if (outcome == NULL)
    note_sync_problem (self, error->message);
  else
    take_outcome (self, outcome);
  g_clear_pointer (&outcome, sync_outcome_free);
  if (self->sync_again)
    run_sync (self);
}

static void
run_sync (DeskWindow *self)
{
  if (self->session == NULL || self->sync_dir == NULL ||
      desk_application_get_bench_user (get_app (self)) != NULL)
    return;
  if (self->sync_running)
    {
      self->sync_again = TRUE;
      return;
    }
  self->sync_running = TRUE;
  self->sync_again = FALSE;
  desk_session_run_async (self->session, sync_job, g_strdup (self->sync_dir), g_free,
                          (GDestroyNotify) sync_outcome_free, self->sync_cancellable,
                          synced_cb, g_object_ref (self));
}

static gboolean
sync_tick_cb (gpointer user_data)
{
  run_sync (user_data);
  return G_SOURCE_CONTINUE;
}

static void
stop_syncing (DeskWindow *self)
{
  g_clear_handle_id (&self->sync_timer, g_source_remove);
  g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  self->sync_cancellable = g_cancellable_new ();
  self->sync_running = self->sync_again = FALSE;
  g_clear_pointer (&self->last_problem, g_free);
}

/* --- while locked: news from the folder, with the database shut --- */

/* Only names are listed: a new segment is news, nothing in it is read. */
static void
list_segments_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) top = g_dir_open (task_data, 0, NULL);
  const char *machine, *file;

  while (top != NULL && (machine = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *folder = g_build_filename (task_data, machine, NULL);
      g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);

      while (dir != NULL && (file = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (file, ".seg"))
          g_hash_table_add (names, g_build_filename (machine, file, NULL));
    }
  g_task_return_pointer (task, names, (GDestroyNotify) g_hash_table_unref);
}

static gboolean
has_new_name (GHashTable *before, GHashTable *now)
{
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (!g_hash_table_contains (before, name))
      return TRUE;
  return FALSE;
}

static void
segments_listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DeskWindow *self = DESK_WINDOW (source);
  g_autoptr(GHashTable) names = g_task_propagate_pointer (G_TASK (result), NULL);

  if (names == NULL || self->session != NULL)
    return;
  if (self->locked_segments == NULL)
    self->locked_segments = g_steal_pointer (&names);
  else if (has_new_name (self->locked_segments, names))
    gtk_revealer_set_reveal_child (self->news_revealer, TRUE);
}

static void
list_segments (DeskWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->sync_dir == NULL)
    return;
  task = g_task_new (self, self->sync_cancellable, segments_listed_cb, NULL);
  g_task_set_source_tag (task, list_segments);
  g_task_set_task_data (task, g_strdup (self->sync_dir), g_free);
  g_task_run_in_thread (task, list_segments_thread);
}

/* From now on, what arrives is news to whoever signs in next. */
static void
start_watching_locked (DeskWindow *self)
{
  g_clear_pointer (&self->locked_segments, g_hash_table_unref);
  gtk_revealer_set_reveal_child (self->news_revealer, FALSE);
  list_segments (self);
}

static void
folder_changed_cb (DeskWindow *self)
{
  if (self->session != NULL)
    run_sync (self);
  else if (self->locked_segments != NULL)
    list_segments (self);
}

static void
watch_folder (DeskWindow *self, const char *sync_dir)
{
  g_clear_pointer (&self->sync_dir, g_free);
  g_clear_object (&self->watcher);
  if (sync_dir == NULL || desk_application_get_bench_user (get_app (self)) != NULL)
    return;
  self->sync_dir = g_strdup (sync_dir);
  self->watcher = cf_sync_watcher_new (sync_dir, SYNC_SETTLE_MS);
  g_signal_connect_object (self->watcher, "changed", G_CALLBACK (folder_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

void
desk_window_show_ticket (DeskWindow *self, const char *ticket_id)
{
  g_return_if_fail (DESK_IS_WINDOW (self));
  g_return_if_fail (ticket_id != NULL);

  if (self->session == NULL)
    {
      g_free (self->pending_ticket);
      self->pending_ticket = g_strdup (ticket_id);
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, "today");
  desk_today_page_show_ticket (self->today_page, ticket_id);
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

static void
session_locked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
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
desk_window_lock (DeskWindow *self, gboolean idle)
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
  adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
  adw_view_stack_set_visible_child_name (self->view_stack, "today");
  stop_syncing (self);
  session = g_steal_pointer (&self->session);
  /* The application stays until the database is closed, even if this
   * window is closed first: quitting never cuts work on the store short. */
  g_application_hold (g_application_get_default ());
  cf_session_lock_async (session, session_locked_cb, session);
  set_signed_in (self, FALSE);
  start_watching_locked (self);

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
  return cf_office_get_name (session, error);
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

/* Today's lists are queued on the store's thread first, then the first
 * sync pass, so the adviser sees their day before anything is exchanged. */
static void
signed_in_cb (DeskWindow *self, CfSession *session)
{
  g_set_object (&self->session, session);
  set_signed_in (self, TRUE);
  g_clear_pointer (&self->locked_segments, g_hash_table_unref);
  gtk_revealer_set_reveal_child (self->news_revealer, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "desk");
  desk_today_page_set_session (self->today_page, session);
  desk_students_page_set_session (self->students_page, session);
  desk_search_page_set_session (self->search_page, session);
  desk_security_page_set_session (self->security_page, session);
  desk_session_run_async (session, office_name_job, NULL, NULL, g_free,
                          self->cancellable, office_name_loaded_cb, g_object_ref (self));
  note_activity (self);
  arm_idle_timer (self, desk_application_get_idle_lock_seconds (get_app (self)));
  if (self->pending_ticket != NULL)
    {
      g_autofree char *ticket = g_steal_pointer (&self->pending_ticket);
      desk_window_show_ticket (self, ticket);
    }
  run_sync (self);
  if (self->sync_dir != NULL)
    self->sync_timer = g_timeout_add_seconds (SYNC_EVERY_SECONDS, sync_tick_cb, self);
}

/* --- benchmarks: signed in from the command line, timed to the first frame --- */

static void
after_paint_cb (GdkFrameClock *clock, DeskWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, self);
  /* Monotonic time is the machine's, so the benchmark can compare it with
   * its own clock; the sign-in (Argon2id) is reported to be left out. */
  g_print ("desk-bench first-frame-us=%" G_GINT64_FORMAT " sign-in-us=%" G_GINT64_FORMAT "\n",
           g_get_monotonic_time (), self->sign_in_took);
  /* app.quit locks first: the database closes once the job on its thread
   * (the Students page's list) is done, before the process goes. */
  g_action_group_activate_action (G_ACTION_GROUP (get_app (self)), "quit", NULL);
}

static void
today_loaded_cb (DeskWindow *self)
{
  GdkFrameClock *clock;

  if (desk_application_get_bench_user (get_app (self)) == NULL || self->sign_in_took == 0)
    return;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (after_paint_cb), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

typedef struct {
  char *data_dir;
  char *user;
  char *passphrase_file;
} BenchSignIn;

static void
bench_sign_in_free (BenchSignIn *data)
{
  g_free (data->data_dir);
  g_free (data->user);
  g_free (data->passphrase_file);
  g_free (data);
}

static void
bench_sign_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  BenchSignIn *data = task_data;
  g_autofree char *contents = NULL;
  GError *error = NULL;
  CfSession *session = NULL;

  if (g_file_get_contents (data->passphrase_file, &contents, NULL, &error))
    {
      contents[strcspn (contents, "\r\n")] = '\0';
      session = cf_session_sign_in (data->data_dir, data->user, contents, &error);
      cf_wipe_string (g_steal_pointer (&contents));
    }
  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
}

static void
bench_signed_in_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DeskWindow *self = DESK_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfSession) session = g_task_propagate_pointer (G_TASK (result), &error);

  if (session == NULL)
    {
      g_printerr ("confide-desk: %s\n", error->message);
      g_application_quit (G_APPLICATION (get_app (self)));
      return;
    }
  self->sign_in_took = g_get_monotonic_time () - self->sign_in_started;
  signed_in_cb (self, session);
}

static void
bench_sign_in (DeskWindow *self)
{
  DeskApplication *app = get_app (self);
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, bench_signed_in_cb, NULL);
  BenchSignIn *data = g_new0 (BenchSignIn, 1);

  data->data_dir = g_strdup (desk_application_get_data_dir (app));
  data->user = g_strdup (desk_application_get_bench_user (app));
  data->passphrase_file = g_strdup (desk_application_get_bench_passphrase_file (app));
  self->sign_in_started = g_get_monotonic_time ();
  g_task_set_source_tag (task, bench_sign_in);
  g_task_set_task_data (task, data, (GDestroyNotify) bench_sign_in_free);
  g_task_run_in_thread (task, bench_sign_in_thread);
}

static void
office_created_cb (DeskWindow *self, const char *user_name)
{
  desk_sign_in_page_set_user_name (self->sign_in_page, user_name);
  desk_sign_in_page_reset (self->sign_in_page,
                           _("The office is ready. Sign in with the passphrase you chose."));
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  desk_sign_in_page_focus (self->sign_in_page);
  /* The new office's sync folder is in its node.conf: watch it. */
  check_setup (self);
}

/* --- start-up: is this machine set up? --- */

/* Returns the sync folder stored at set-up ("" when there is none). */
static void
check_setup_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_autoptr(CfNodeConfig) config = NULL;
  GError *error = NULL;

  config = cf_node_config_load (task_data, &error);
  if (config == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (config->sync_dir ? config->sync_dir : ""), g_free);
}

static void
setup_checked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DeskWindow *self = DESK_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = g_task_propagate_pointer (G_TASK (result), &error);

  if (stored != NULL)
    {
      const char *given = desk_application_get_sync_dir (get_app (self));

      watch_folder (self, given ? given : *stored ? stored : NULL);
      gtk_stack_set_visible_child_name (self->stack, "sign-in");
      desk_sign_in_page_focus (self->sign_in_page);
      if (desk_application_get_bench_user (get_app (self)) != NULL)
        bench_sign_in (self);
      else
        start_watching_locked (self);
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
  g_clear_handle_id (&self->sync_timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->sync_cancellable);
  if (self->session != NULL)
    cf_session_lock (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync_cancellable);
  g_clear_object (&self->watcher);
  g_clear_pointer (&self->sync_dir, g_free);
  g_clear_pointer (&self->locked_segments, g_hash_table_unref);
  g_clear_pointer (&self->pending_ticket, g_free);
  g_clear_pointer (&self->last_problem, g_free);
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
  g_type_ensure (DESK_TYPE_SEARCH_PAGE);
  g_type_ensure (DESK_TYPE_SECURITY_PAGE);

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
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, search_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, security_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, news_revealer);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, office_created_cb);
  gtk_widget_class_bind_template_callback (widget_class, run_sync);
  gtk_widget_class_bind_template_callback (widget_class, today_loaded_cb);

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
  self->sync_cancellable = g_cancellable_new ();
  add_activity_controllers (self, GTK_WIDGET (self));
  set_signed_in (self, FALSE);
}
