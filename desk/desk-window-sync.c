/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sync passes run on the store's thread, when the folder changes and
 * every 30 s; while the desk is locked it only notices that something
 * arrived. */
#include "desk-window-private.h"

#include "cf-office-settings.h"
#include "cf-office.h"
#include "cf-tickets.h"
#include "desk-jobs.h"

/* --- sync: on the store's thread, when the folder changes and every 30 s --- */

#define SYNC_SETTLE_MS      100
#define SYNC_EVERY_SECONDS  30

typedef struct {
  guint       applied;
  char       *problem;
  GListModel *arrivals;
  GTimeZone  *zone;
  guint       idle_lock;   /* the office's, 0 when it set none */
  gboolean    idle_read;   /* FALSE: idle_lock could not be read, the last one stands */
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
sync_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  CfSyncReport report = { 0 };
  GListModel *arrivals = NULL;
  g_autoptr(GError) idle_error = NULL;
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
  /* A manager may have changed it on another desk: each pass reads it.
   * Failing to read it does not undo the pass: its arrivals are still
   * handled, the failure is said, and the last idle time read stands. */
  outcome->idle_read = cf_office_settings_get_idle (session, CF_IDLE_DESK_LOCK,
                                                    &outcome->idle_lock, &idle_error);
  if (!outcome->idle_read)
    {
      char *problem = outcome->problem
                      ? g_strconcat (outcome->problem, " ", idle_error->message, NULL)
                      : g_strdup (idle_error->message);

      g_free (outcome->problem);
      outcome->problem = problem;
    }
  return outcome;
}

static void run_sync (DeskWindow *self);

/* A problem with the folder or another machine's files is said once, not
 * on every pass while it lasts. */
static void
note_sync_problem (DeskWindow *self,
                   const char *problem)
{
  if (g_strcmp0 (problem, self->last_problem) == 0)
    return;
  g_free (self->last_problem);
  self->last_problem = g_strdup (problem);
  if (problem != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", problem);
}

static void
take_outcome (DeskWindow  *self,
              SyncOutcome *outcome)
{
  guint arrived = outcome->arrivals ? g_list_model_get_n_items (outcome->arrivals) : 0;

  note_sync_problem (self, outcome->problem);
  if (outcome->idle_read)
    desk_application_set_office_idle_lock (_desk_window_get_app (self), outcome->idle_lock);
  if (outcome->applied > 0 || arrived > 0)
    desk_today_page_reload (self->today_page);
  if (arrived == 0)
    return;
  desk_application_notify_arrivals (_desk_window_get_app (self), outcome->arrivals,
                                    cf_session_get_user_id (self->session), outcome->zone);
  /* Handling arrivals changed records: the next pass sends them on. */
  self->sync_again = TRUE;
}

static void
synced_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
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
  desk_health_page_note_sync (self->health_page, outcome ? outcome->problem : error->message);
  g_clear_pointer (&outcome, sync_outcome_free);
  if (self->sync_again)
    run_sync (self);
}

static void
run_sync (DeskWindow *self)
{
  if (self->session == NULL || self->sync_dir == NULL)
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

void
_desk_window_stop_syncing (DeskWindow *self)
{
  g_clear_handle_id (&self->sync_timer, g_source_remove);
  g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  self->sync_cancellable = g_cancellable_new ();
  self->sync_running = self->sync_again = FALSE;
  g_clear_pointer (&self->last_problem, g_free);
}

/* --- while locked: news from the folder, with the database shut --- */

static gboolean
has_new_name (GHashTable *before,
              GHashTable *now)
{
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (!g_hash_table_contains (before, name))
      return TRUE;
  return FALSE;
}

/* Only names are listed: a new segment is news, nothing in it is read. */
static void
segments_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DeskWindow) self = user_data;
  g_autoptr(GHashTable) names = cf_sync_list_segments_finish (result, NULL);

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
  if (self->sync_dir == NULL)
    return;
  cf_sync_list_segments_async (self->sync_dir, self->sync_cancellable, segments_listed_cb,
                               g_object_ref (self));
}

/* From now on, what arrives is news to whoever signs in next. */
void
_desk_window_watch_locked (DeskWindow *self)
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

void
_desk_window_watch_folder (DeskWindow *self,
                           const char *sync_dir)
{
  g_clear_pointer (&self->sync_dir, g_free);
  g_clear_object (&self->watcher);
  if (sync_dir == NULL || !desk_application_get_syncs (_desk_window_get_app (self)))
    return;
  self->sync_dir = g_strdup (sync_dir);
  self->watcher = cf_sync_watcher_new (sync_dir, SYNC_SETTLE_MS);
  g_signal_connect_object (self->watcher, "changed", G_CALLBACK (folder_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

void
_desk_window_start_syncing (DeskWindow *self)
{
  run_sync (self);
  if (self->sync_dir != NULL)
    self->sync_timer = g_timeout_add_seconds (SYNC_EVERY_SECONDS, sync_tick_cb, self);
}

void
_desk_window_class_init_sync (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, run_sync);
}
