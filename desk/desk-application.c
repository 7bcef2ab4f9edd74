/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-application.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "cf-data-dir.h"
#include "cf-key.h"
#include "cf-time.h"
#include "desk-window.h"

#define DEFAULT_IDLE_LOCK_SECONDS 300

struct _DeskApplication {
  AdwApplication  parent_instance;

  char           *data_dir;
  char           *sync_dir;
  guint           idle_lock_override;   /* 0: use the setting */
  guint           office_idle_lock;     /* 0: the office set none */
  GSettings      *settings;             /* NULL when the schema is not installed */
  char           *user;                 /* --user: the name on the sign-in page */
  char           *passphrase_file;      /* --passphrase-file: sign in at start */
  gboolean        reports_first_frame;  /* --report-first-frame */
  GHashTable     *notifications;        /* ticket id → NotifyNotification shown */
  gboolean        notify_ready;
};

G_DEFINE_FINAL_TYPE (DeskApplication, desk_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("This machine’s own files (database, key slots, settings)"), N_("DIR") },
  { "sync-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The sync folder (otherwise the one stored at set-up)"), N_("DIR") },
  { "idle-lock-seconds", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Lock after this many idle seconds, overriding the idle-lock-seconds setting"), N_("N") },
  { "user", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The user to sign in as"), N_("NAME") },
  { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Sign in at start with the passphrase on the first line of FILE (needs --user)"), N_("FILE") },
  /* For the start-up benchmark: with --user and --passphrase-file, prints
   * the monotonic time of Today's first frame and quits; no sync. */
  { "report-first-frame", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL, NULL, NULL },
  { NULL }
};

DeskApplication *
desk_application_new (void)
{
  return g_object_new (DESK_TYPE_APPLICATION,
                       "application-id", "org.confide.Desk",
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/confide/Desk",
                       NULL);
}

const char *
desk_application_get_data_dir (DeskApplication *self)
{
  g_return_val_if_fail (DESK_IS_APPLICATION (self), NULL);
  return self->data_dir;
}

const char *
desk_application_get_sync_dir (DeskApplication *self)
{
  g_return_val_if_fail (DESK_IS_APPLICATION (self), NULL);
  return self->sync_dir;
}

/* Read each time the idle timer fires, so a changed setting applies at
 * once: a run's option first, then the office's (set by a manager), then
 * this machine's own setting. */
guint
desk_application_get_idle_lock_seconds (DeskApplication *self)
{
  g_return_val_if_fail (DESK_IS_APPLICATION (self), DEFAULT_IDLE_LOCK_SECONDS);

  if (self->idle_lock_override > 0)
    return self->idle_lock_override;
  if (self->office_idle_lock > 0)
    return self->office_idle_lock;
  if (self->settings != NULL)
    return g_settings_get_uint (self->settings, "idle-lock-seconds");
  return DEFAULT_IDLE_LOCK_SECONDS;
}

void
desk_application_set_office_idle_lock (DeskApplication *self,
                                       guint            seconds)
{
  g_return_if_fail (DESK_IS_APPLICATION (self));
  self->office_idle_lock = seconds;
}

const char *
desk_application_get_user (DeskApplication *self)
{
  g_return_val_if_fail (DESK_IS_APPLICATION (self), NULL);
  return self->user;
}

const char *
desk_application_get_passphrase_file (DeskApplication *self)
{
  g_return_val_if_fail (DESK_IS_APPLICATION (self), NULL);
  return self->passphrase_file;
}

/* The benchmark measures the start alone: nothing is exchanged. */
gboolean
desk_application_get_syncs (DeskApplication *self)
{
  g_return_val_if_fail (DESK_IS_APPLICATION (self), FALSE);
  return !self->reports_first_frame;
}

/* --- the start-up benchmark's report --- */

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *window)
{
  gint64 *sign_in_us = g_object_get_data (G_OBJECT (window), "sign-in-us");

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
  /* Monotonic time is the machine's, so the benchmark can compare it with
   * its own clock; the sign-in (Argon2id) is reported to be left out. */
  g_print ("desk-bench first-frame-us=%" G_GINT64_FORMAT " sign-in-us=%" G_GINT64_FORMAT "\n",
           g_get_monotonic_time (), *sign_in_us);
  /* app.quit locks first: the database closes once the jobs on its thread
   * are done, before the process goes. */
  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "quit", NULL);
}

static void
window_ready_cb (GtkWidget *window,
                 gint64     sign_in_us)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_object_set_data_full (G_OBJECT (window), "sign-in-us", g_memdup2 (&sign_in_us, sizeof sign_in_us),
                          g_free);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (after_paint_cb), window, 0);
  gtk_widget_queue_draw (window);
}

/* --- notifications --- */

/* A locked screen shows notifications: the code the kiosk printed, or the
 * time of the adviser's own appointment, identify nobody; a name or a
 * topic could. */
char *
desk_application_arrival_summary (CfTicket   *ticket,
                                  const char *user_id,
                                  GTimeZone  *zone)
{
  g_autofree char *time = NULL;

  g_return_val_if_fail (CF_IS_TICKET (ticket), NULL);

  if (g_strcmp0 (cf_ticket_get_kind (ticket), "appointment") != 0)
    return g_strdup_printf (_("A drop-in is waiting: %s"), cf_ticket_get_code (ticket));
  /* Said apart: it waits for an adviser to match it to its appointment. */
  if (cf_ticket_get_unmatched (ticket))
    return g_strdup_printf (_("An arrival needs matching: %s"), cf_ticket_get_code (ticket));
  if (cf_ticket_get_adviser_id (ticket) == NULL)
    return g_strdup_printf (_("A student with an appointment has checked in: %s"),
                            cf_ticket_get_code (ticket));
  if (g_strcmp0 (cf_ticket_get_adviser_id (ticket), user_id) != 0 ||
      cf_ticket_get_appointment_start (ticket) == 0)
    return NULL;
  time = cf_clock_format (cf_ticket_get_appointment_start (ticket), zone);
  /* TRANSLATORS: the time of the adviser's appointment, like "Your 14:00 has arrived" */
  return g_strdup_printf (_("Your %s has arrived"), time);
}

static void
notification_activated_cb (NotifyNotification *notification,
                           char               *action,
                           gpointer            user_data)
{
  DeskApplication *self = user_data;
  const char *ticket_id = g_object_get_data (G_OBJECT (notification), "ticket-id");

  g_action_group_activate_action (G_ACTION_GROUP (self), "show-ticket",
                                  g_variant_new_string (ticket_id));
}

static gboolean
release_notification_cb (gpointer notification)
{
  g_object_unref (notification);
  return G_SOURCE_REMOVE;
}

static void
notification_closed_cb (NotifyNotification *notification,
                        DeskApplication    *self)
{
  const char *ticket_id = g_object_get_data (G_OBJECT (notification), "ticket-id");

  gpointer key = NULL, value = NULL;

  if (self->notifications == NULL || ticket_id == NULL ||
      g_hash_table_lookup (self->notifications, ticket_id) != notification)
    return;
  /* Let go of it after its own signal is over. */
  g_hash_table_steal_extended (self->notifications, ticket_id, &key, &value);
  g_free (key);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, release_notification_cb, value, NULL);
}

static void
send_notification (DeskApplication *self,
                   CfTicket        *ticket,
                   const char      *summary)
{
  NotifyNotification *notification = notify_notification_new (summary, NULL, "org.confide.Desk");
  g_autoptr(GError) error = NULL;

  g_object_set_data_full (G_OBJECT (notification), "ticket-id",
                          g_strdup (cf_ticket_get_id (ticket)), g_free);
  notify_notification_set_hint_string (notification, "desktop-entry", "org.confide.Desk");
  notify_notification_set_category (notification, "presence.online");
  notify_notification_add_action (notification, "default", _("Show"),
                                  notification_activated_cb, self, NULL);
  g_signal_connect_object (notification, "closed", G_CALLBACK (notification_closed_cb), self, 0);
  /* Kept until closed: its action is answered through this object. */
  g_hash_table_replace (self->notifications, g_strdup (cf_ticket_get_id (ticket)), notification);
  if (!notify_notification_show (notification, &error))
    g_debug ("no notification shown: %s", error->message);
}

void
desk_application_notify_arrivals (DeskApplication *self,
                                  GListModel      *arrivals,
                                  const char      *user_id,
                                  GTimeZone       *zone)
{
  g_return_if_fail (DESK_IS_APPLICATION (self));
  g_return_if_fail (G_IS_LIST_MODEL (arrivals));

  if (!self->notify_ready)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (arrivals); i++)
    {
      g_autoptr(CfTicket) ticket = g_list_model_get_item (arrivals, i);
      g_autofree char *summary = desk_application_arrival_summary (ticket, user_id, zone);

      if (summary != NULL)
        send_notification (self, ticket, summary);
    }
}

/* Run uninstalled, the schema may be missing: the desk still works, with
 * the default idle time, rather than aborting inside g_settings_new(). */
static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.confide.Desk", TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static char *
lookup_folder (GVariantDict *options,
               const char   *name)
{
  g_autofree char *value = NULL;

  if (!g_variant_dict_lookup (options, name, "^ay", &value))
    return NULL;
  return g_canonicalize_filename (value, NULL);
}

static int
desk_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  DeskApplication *self = DESK_APPLICATION (app);
  gint32 idle = 0;

  self->data_dir = lookup_folder (options, "data-dir");
  if (self->data_dir == NULL)
    self->data_dir = cf_data_dir_default ();
  self->sync_dir = lookup_folder (options, "sync-dir");
  g_variant_dict_lookup (options, "user", "s", &self->user);
  self->passphrase_file = lookup_folder (options, "passphrase-file");
  self->reports_first_frame = g_variant_dict_contains (options, "report-first-frame");
  if (self->passphrase_file != NULL && self->user == NULL)
    {
      g_printerr ("confide-desk: %s\n", _("--passphrase-file needs --user: whose passphrase is it?"));
      return 2;
    }
  if (self->reports_first_frame && self->passphrase_file == NULL)
    {
      g_printerr ("confide-desk: %s\n", _("--report-first-frame needs --user and --passphrase-file."));
      return 2;
    }
  if (g_variant_dict_lookup (options, "idle-lock-seconds", "i", &idle))
    {
      if (idle < 1)
        {
          g_printerr ("confide-desk: %s\n", _("--idle-lock-seconds needs a number of seconds above zero."));
          return 2;
        }
      self->idle_lock_override = (guint) idle;
    }
  return -1;
}

static void
lock_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = user_data;

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (DESK_IS_WINDOW (l->data))
      desk_window_lock (l->data, FALSE);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = user_data;

  g_autoptr(GList) windows = NULL;

  /* Locking closes every database on its own thread; the application holds
   * itself until that is done, and goes once its windows are closed. */
  lock_activated (action, parameter, app);
  windows = g_list_copy (gtk_application_get_windows (app));
  for (GList *l = windows; l; l = l->next)
    gtk_window_destroy (l->data);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *developers[] = { "Confide", NULL };

  adw_show_about_window (window,
                         "application-name", _("Confide Desk"),
                         "application-icon", "org.confide.Desk",
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Confidential appointments and case records for an advice service"),
                         NULL);
}

/* The guide is installed for Yelp (help/); where it cannot be shown, the
 * window says so rather than a warning nobody reads. */
static void
help_shown_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GtkWindow *window = GTK_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (window, result, &error))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.toast", "s",
                                _("The user guide could not be opened. Is Yelp, the help viewer, installed?"));
}

static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_show_uri_full (window, "help:confide-desk", GDK_CURRENT_TIME, NULL, help_shown_cb, NULL);
}

/* From a notification: the ticket, in the queue of the desk's window. */
static void
show_ticket_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (app);

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (app));
      window = gtk_application_get_active_window (app);
    }
  if (!DESK_IS_WINDOW (window))
    return;
  desk_window_show_ticket (DESK_WINDOW (window), g_variant_get_string (parameter, NULL));
  gtk_window_present (window);
}

static const GActionEntry app_entries[] = {
  { "show-ticket", show_ticket_activated, "s" },
  { "lock", lock_activated },
  { "quit", quit_activated },
  { "about", about_activated },
  { "help", help_activated },
};

static void
desk_application_startup (GApplication *app)
{
  static const char *const quit_accels[] = { "<Control>q", NULL };
  static const char *const lock_accels[] = { "<Control>l", NULL };
  static const char *const help_accels[] = { "F1", NULL };

  G_APPLICATION_CLASS (desk_application_parent_class)->startup (app);

  if (!cf_crypto_init ())
    {
      g_printerr ("confide-desk: %s\n", _("The cryptography library could not start."));
      g_application_quit (app);
      return;
    }
  g_set_application_name (_("Confide Desk"));
  gtk_window_set_default_icon_name ("org.confide.Desk");
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries,
                                   G_N_ELEMENTS (app_entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.lock", lock_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.help", help_accels);
  DESK_APPLICATION (app)->settings = settings_new_if_installed ();
  DESK_APPLICATION (app)->notify_ready = notify_init (_("Confide Desk"));
}

static void
desk_application_shutdown (GApplication *app)
{
  DeskApplication *self = DESK_APPLICATION (app);

  g_hash_table_remove_all (self->notifications);
  if (self->notify_ready)
    notify_uninit ();
  self->notify_ready = FALSE;
  G_APPLICATION_CLASS (desk_application_parent_class)->shutdown (app);
}

static void
desk_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (desk_window_new (DESK_APPLICATION (app)));
      if (DESK_APPLICATION (app)->reports_first_frame)
        g_signal_connect (window, "ready", G_CALLBACK (window_ready_cb), NULL);
    }
  gtk_window_present (window);
}

static void
desk_application_finalize (GObject *object)
{
  DeskApplication *self = DESK_APPLICATION (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->sync_dir, g_free);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->passphrase_file, g_free);
  g_clear_pointer (&self->notifications, g_hash_table_unref);
  G_OBJECT_CLASS (desk_application_parent_class)->finalize (object);
}

static void
desk_application_class_init (DeskApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = desk_application_finalize;
  app_class->handle_local_options = desk_application_handle_local_options;
  app_class->startup = desk_application_startup;
  app_class->activate = desk_application_activate;
  app_class->shutdown = desk_application_shutdown;
}

static void
desk_application_init (DeskApplication *self)
{
  self->notifications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The adviser’s desk of a Confide office."));
}
