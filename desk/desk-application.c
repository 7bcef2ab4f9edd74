/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-application.h"

#include <glib/gi18n.h>

#include "cf-data-dir.h"
#include "cf-key.h"
#include "desk-window.h"

#define DEFAULT_IDLE_LOCK_SECONDS 300

struct _DeskApplication {
  AdwApplication  parent_instance;

  char           *data_dir;
  char           *sync_dir;
  guint           idle_lock_override;   /* 0: use the setting */
  GSettings      *settings;             /* NULL when the schema is not installed */
};

G_DEFINE_FINAL_TYPE (DeskApplication, desk_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("This machine’s own files (database, key slots, settings)"), N_("DIR") },
  { "sync-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The sync folder (otherwise the one stored at set-up)"), N_("DIR") },
  { "idle-lock-seconds", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Lock after this many idle seconds, overriding the idle-lock-seconds setting"), N_("N") },
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

/* Read each time the idle timer is armed, so a changed setting applies
 * from the next sign-in. */
guint
desk_application_get_idle_lock_seconds (DeskApplication *self)
{
  g_return_val_if_fail (DESK_IS_APPLICATION (self), DEFAULT_IDLE_LOCK_SECONDS);

  if (self->idle_lock_override > 0)
    return self->idle_lock_override;
  if (self->settings != NULL)
    return g_settings_get_uint (self->settings, "idle-lock-seconds");
  return DEFAULT_IDLE_LOCK_SECONDS;
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
lookup_folder (GVariantDict *options, const char *name)
{
  g_autofree char *value = NULL;

  if (!g_variant_dict_lookup (options, name, "^ay", &value))
    return NULL;
  return g_canonicalize_filename (value, NULL);
}

static int
desk_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  DeskApplication *self = DESK_APPLICATION (app);
  gint32 idle = 0;

  self->data_dir = lookup_folder (options, "data-dir");
  if (self->data_dir == NULL)
    self->data_dir = cf_data_dir_default ();
  self->sync_dir = lookup_folder (options, "sync-dir");
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
lock_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = user_data;

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (DESK_IS_WINDOW (l->data))
      desk_window_lock (l->data, FALSE);
}

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = user_data;

  /* Locking first closes every database before the process goes. */
  lock_activated (action, parameter, app);
  g_application_quit (G_APPLICATION (app));
}

static void
about_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
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

static const GActionEntry app_entries[] = {
  { "lock", lock_activated },
  { "quit", quit_activated },
  { "about", about_activated },
};

static void
desk_application_startup (GApplication *app)
{
  static const char *const quit_accels[] = { "<Control>q", NULL };
  static const char *const lock_accels[] = { "<Control>l", NULL };

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
  DESK_APPLICATION (app)->settings = settings_new_if_installed ();
}

static void
desk_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (desk_window_new (DESK_APPLICATION (app)));
  gtk_window_present (window);
}

static void
desk_application_finalize (GObject *object)
{
  DeskApplication *self = DESK_APPLICATION (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->sync_dir, g_free);
  g_clear_object (&self->settings);
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
}

static void
desk_application_init (DeskApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The adviser’s desk of a Confide office."));
}
