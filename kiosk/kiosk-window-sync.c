/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's start-up and its sync: opening the kiosk, the feed, and
 * passes over the sync folder that never hold a student up. */
#include "kiosk-window-private.h"

#include <glib/gi18n-lib.h>

#include "cf-error.h"
#include "kiosk-jobs.h"

/* Files that arrive together (a segment, its rename) make one pass. */
#define WATCH_SETTLE_MS 500

/* --- the feed --- */

/* A feed's time is to the second, and a desk may publish twice in one
 * (a ticket called just after a pass): a feed is new when anything in it
 * is, not only its time. */
static gboolean
is_new_feed (JsonObject *feed,
             JsonObject *held)
{
  return held == NULL || !json_object_equal (feed, held);
}

static void
take_feed (KioskWindow *self,
           JsonObject  *feed)
{
  if (feed == NULL || !is_new_feed (feed, self->feed))
    return;
  g_clear_pointer (&self->feed, json_object_unref);
  self->feed = json_object_ref (feed);
  if (_kiosk_window_get_app (self) != NULL)
    kiosk_application_take_office_idle (_kiosk_window_get_app (self), feed);
  if (self->flow != NULL)
    kiosk_flow_set_feed (self->flow, feed);
}

/* --- sync passes --- */

/* Shown to nobody but staff (the staff dialog, a dim corner icon): a
 * student has nothing to do about the sync folder. */
static void
show_sync_texts (KioskWindow *self)
{
  g_autofree char *label = _kiosk_window_describe_sync (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_indicator), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  if (self->staff_dialog != NULL)
    kiosk_pin_dialog_set_status (self->staff_dialog, label);
}

static void
show_sync_state (KioskWindow     *self,
                 KioskSyncResult *result)
{
  gboolean trouble = !result->folder_available || result->problem != NULL;

  self->sync_folder_available = result->folder_available;
  g_free (self->sync_problem);
  self->sync_problem = g_strdup (result->problem);
  self->last_sync = g_get_real_time ();
  /* Since the first pass that failed, not the latest: staff want to know
   * how long check-ins have been piling up here. */
  if (!trouble)
    self->unreachable_since = 0;
  else if (self->unreachable_since == 0)
    self->unreachable_since = self->last_sync;
  gtk_widget_set_visible (GTK_WIDGET (self->sync_indicator), trouble);
  show_sync_texts (self);
}

static void
synced_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KioskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskSyncResult) pass = kiosk_sync_finish (result, &error);

  self->syncing = FALSE;
  if (pass == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The sync pass failed: %s", error->message);
      return;
    }
  show_sync_state (self, pass);
  take_feed (self, pass->feed);
  if (self->sync_wanted)
    _kiosk_window_request_sync (self);
}

/* One pass at a time; a request during a pass makes one more after it. */
void
_kiosk_window_request_sync (KioskWindow *self)
{
  if (self->kiosk == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->syncing)
    {
      self->sync_wanted = TRUE;
      return;
    }
  self->syncing = TRUE;
  self->sync_wanted = FALSE;
  kiosk_sync_async (self->kiosk, self->cancellable, synced_cb, g_object_ref (self));
}

static gboolean
sync_timer_cb (gpointer user_data)
{
  _kiosk_window_request_sync (user_data);
  return G_SOURCE_CONTINUE;
}

static void
folder_changed_cb (KioskWindow *self)
{
  _kiosk_window_request_sync (self);
}

static void
start_sync (KioskWindow *self)
{
  const char *sync_dir = cf_kiosk_get_sync_dir (self->kiosk);
  guint seconds = kiosk_application_get_sync_seconds (_kiosk_window_get_app (self));

  if (sync_dir != NULL)
    {
      self->watcher = cf_sync_watcher_new (sync_dir, WATCH_SETTLE_MS);
      g_signal_connect_object (self->watcher, "changed", G_CALLBACK (folder_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  self->sync_timer = g_timeout_add_seconds (seconds, sync_timer_cb, self);
  _kiosk_window_request_sync (self);
}

void
_kiosk_window_stop_sync (KioskWindow *self)
{
  g_clear_handle_id (&self->sync_timer, g_source_remove);
  g_clear_object (&self->watcher);
}

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return g_date_time_format (when, "%H:%M");
}

/* For staff only: what the folder said, never a name. */
char *
_kiosk_window_describe_sync (KioskWindow *self)
{
  g_autofree char *time = NULL;

  if (self->last_sync == 0)
    return g_strdup (_("The sync folder has not been checked yet."));
  if (self->unreachable_since == 0)
    {
      time = format_time (self->last_sync);
      return g_strdup_printf (_("Sync folder reachable at %s: check-ins are sent."), time);
    }
  time = format_time (self->unreachable_since);
  /* TRANSLATORS: the first %s is a time like 10:42, the second says what went wrong */
  return g_strdup_printf (_("Not reaching the desks since %s: %s Check-ins are kept on this kiosk and sent when the folder is back."),
                          time, self->sync_problem ? self->sync_problem : _("The sync folder cannot be reached."));
}

/* After a language switch.  The sentences around the folder's state are
 * looked up again at once; what went wrong was written by the library
 * during the last pass, in the language of then, so a pass is asked for
 * to say it again in the new one. */
void
_kiosk_window_sync_language_changed (KioskWindow *self)
{
  show_sync_texts (self);
  if (self->sync_problem != NULL)
    _kiosk_window_request_sync (self);
}

/* --- opening --- */

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KioskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) feed = NULL;
  gboolean pin_set = FALSE;
  g_autoptr(CfKiosk) kiosk = kiosk_open_finish (result, &pin_set, &feed, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (kiosk == NULL)
    {
      if (g_error_matches (error, CF_ERROR, CF_ERROR_NOT_SET_UP))
        _kiosk_window_show_setup (self, FALSE);
      else
        _kiosk_window_show_problem (self, error->message);
      return;
    }
  g_set_object (&self->kiosk, kiosk);
  take_feed (self, feed);
  /* Enrolled without a PIN (headless --enroll): there must be a way out
   * for staff before students can use it. */
  if (!pin_set)
    {
      _kiosk_window_show_setup (self, TRUE);
      return;
    }
  _kiosk_window_show_flow (self);
  if (self->sync_timer == 0)
    start_sync (self);
}

void
_kiosk_window_open (KioskWindow *self)
{
  KioskApplication *app = _kiosk_window_get_app (self);

  kiosk_open_async (kiosk_application_get_data_dir (app), kiosk_application_get_sync_dir (app),
                    self->cancellable, opened_cb, g_object_ref (self));
}
