/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-application.h"

#include <glib/gi18n-lib.h>

#include "cf-feed.h"
#include "cf-key.h"
#include "kiosk-command-line.h"
#include "kiosk-window.h"

#define DEFAULT_IDLE_SECONDS 60
#define DEFAULT_READING_IDLE_SECONDS 300
#define DEFAULT_IDLE_WARNING_SECONDS 30
#define DEFAULT_SYNC_SECONDS 30

struct _KioskApplication {
  AdwApplication  parent_instance;

  char           *data_dir;
  char           *sync_dir;
  gboolean        windowed;
  gboolean        board;
  guint           idle_override;   /* each 0: the setting */
  guint           reading_idle_override;
  guint           idle_warning_override;
  guint           office_idle;     /* each 0: the office set none (the feed's "idle") */
  guint           office_reading_idle;
  guint           office_idle_warning;
  GSettings      *settings;        /* NULL when the schema is not installed */
  char           *paused;          /* without settings: for this run only */
};

G_DEFINE_FINAL_TYPE (KioskApplication, kiosk_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("This machine’s own files (database, key, staff PIN)"), N_("DIR") },
  { "sync-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The sync folder (otherwise the one stored at enrollment)"), N_("DIR") },
  { "windowed", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run in a window instead of full screen"), NULL },
  { "board", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show only the ticket codes being called, with a chime: a board for the waiting area"), NULL },
  { "enroll", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Enrol this machine as a kiosk with a bundle made at a desk, then exit"), N_("FILE") },
  { "code-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The enrollment code, on the first line of FILE"), N_("FILE") },
  { "set-pin-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Set the staff PIN from the first line of FILE, then exit"), N_("FILE") },
  { "idle-seconds", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Wipe the screens after this many idle seconds, overriding the idle-reset-seconds setting"), N_("N") },
  { "reading-idle-seconds", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("On the screens a student reads, wait this many idle seconds, overriding the idle-reading-seconds setting"), N_("N") },
  { "idle-warning-seconds", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Count down this many seconds before wiping, overriding the idle-warning-seconds setting"), N_("N") },
  { NULL }
};

KioskApplication *
kiosk_application_new (void)
{
  return g_object_new (KIOSK_TYPE_APPLICATION,
                       "application-id", "org.confide.Kiosk",
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/confide/Kiosk",
                       NULL);
}

const char *
kiosk_application_get_data_dir (KioskApplication *self)
{
  g_return_val_if_fail (KIOSK_IS_APPLICATION (self), NULL);
  return self->data_dir;
}

const char *
kiosk_application_get_sync_dir (KioskApplication *self)
{
  g_return_val_if_fail (KIOSK_IS_APPLICATION (self), NULL);
  return self->sync_dir;
}

gboolean
kiosk_application_get_board (KioskApplication *self)
{
  g_return_val_if_fail (KIOSK_IS_APPLICATION (self), FALSE);
  return self->board;
}

gboolean
kiosk_application_get_windowed (KioskApplication *self)
{
  g_return_val_if_fail (KIOSK_IS_APPLICATION (self), FALSE);
  return self->windowed;
}

static gboolean
has_key (KioskApplication *self,
         const char       *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return FALSE;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  return g_settings_schema_has_key (schema, key);
}

/* A run's option first, then the office's (set by a manager at a desk,
 * received in the feed), then this machine's own setting. */
static guint
setting_or (KioskApplication *self,
            guint             override,
            guint             office,
            const char       *key,
            guint             fallback)
{
  if (override > 0)
    return override;
  if (office > 0)
    return office;
  /* A schema installed by an older version may lack a newer key. */
  if (!has_key (self, key))
    return fallback;
  return g_settings_get_uint (self->settings, key);
}

/* Read each time the idle timer is armed, so a changed setting applies
 * from the next student on. */
guint
kiosk_application_get_idle_seconds (KioskApplication *self)
{
  g_return_val_if_fail (KIOSK_IS_APPLICATION (self), DEFAULT_IDLE_SECONDS);
  return setting_or (self, self->idle_override, self->office_idle, "idle-reset-seconds",
                     DEFAULT_IDLE_SECONDS);
}

guint
kiosk_application_get_reading_idle_seconds (KioskApplication *self)
{
  g_return_val_if_fail (KIOSK_IS_APPLICATION (self), DEFAULT_READING_IDLE_SECONDS);
  return setting_or (self, self->reading_idle_override, self->office_reading_idle,
                     "idle-reading-seconds", DEFAULT_READING_IDLE_SECONDS);
}

guint
kiosk_application_get_idle_warning_seconds (KioskApplication *self)
{
  g_return_val_if_fail (KIOSK_IS_APPLICATION (self), DEFAULT_IDLE_WARNING_SECONDS);
  return setting_or (self, self->idle_warning_override, self->office_idle_warning,
                     "idle-warning-seconds", DEFAULT_IDLE_WARNING_SECONDS);
}

void
kiosk_application_take_office_idle (KioskApplication *self,
                                    JsonObject       *feed)
{
  g_return_if_fail (KIOSK_IS_APPLICATION (self));

  self->office_idle = cf_feed_idle_seconds (feed, CF_IDLE_KIOSK_RESET);
  self->office_reading_idle = cf_feed_idle_seconds (feed, CF_IDLE_KIOSK_READING);
  self->office_idle_warning = cf_feed_idle_seconds (feed, CF_IDLE_KIOSK_WARNING);
}

/* NULL while drop-ins are open. */
char *
kiosk_application_dup_paused (KioskApplication *self)
{
  char *message = NULL;

  g_return_val_if_fail (KIOSK_IS_APPLICATION (self), NULL);

  if (!has_key (self, "drop-ins-paused"))
    return g_strdup (self->paused);
  g_settings_get (self->settings, "drop-ins-paused", "ms", &message);
  return message;
}

void
kiosk_application_set_paused (KioskApplication *self,
                              const char       *message)
{
  g_return_if_fail (KIOSK_IS_APPLICATION (self));

  if (!has_key (self, "drop-ins-paused"))
    {
      g_free (self->paused);
      self->paused = g_strdup (message);
      return;
    }
  g_settings_set (self->settings, "drop-ins-paused", "ms", message);
}

guint
kiosk_application_get_sync_seconds (KioskApplication *self)
{
  g_return_val_if_fail (KIOSK_IS_APPLICATION (self), DEFAULT_SYNC_SECONDS);

  if (self->settings != NULL)
    return g_settings_get_uint (self->settings, "sync-interval-seconds");
  return DEFAULT_SYNC_SECONDS;
}

/* Run uninstalled, the schema may be missing: the kiosk still works with
 * its defaults rather than aborting inside g_settings_new(). */
static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.confide.Kiosk", TRUE);
  return schema ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

static char *
lookup_path (GVariantDict *options,
             const char   *name)
{
  g_autofree char *value = NULL;

  if (!g_variant_dict_lookup (options, name, "^ay", &value))
    return NULL;
  return g_canonicalize_filename (value, NULL);
}

/* Leaves *seconds as it was when the option is not given. */
static gboolean
lookup_seconds (GVariantDict *options,
                const char   *name,
                guint        *seconds)
{
  gint32 value = 0;

  if (!g_variant_dict_lookup (options, name, "i", &value))
    return TRUE;
  if (value < 1)
    {
      /* TRANSLATORS: %s is a command-line option, like --idle-seconds */
      g_printerr ("confide-kiosk: ");
      g_printerr (_("--%s needs a number of seconds above zero."), name);
      g_printerr ("\n");
      return FALSE;
    }
  *seconds = (guint) value;
  return TRUE;
}

/* A kiosk beside a desk on one machine (the demo) must not share its
 * folder: its own default differs from the desk's. */
static char *
default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "confide-kiosk", NULL);
}

static int
run_command_line (KioskApplication *self,
                  GVariantDict     *options)
{
  g_autofree char *bundle = lookup_path (options, "enroll");
  g_autofree char *code_file = lookup_path (options, "code-file");
  g_autofree char *pin_file = lookup_path (options, "set-pin-file");

  if (bundle == NULL && code_file == NULL && pin_file == NULL)
    return -1;
  if (!cf_crypto_init ())
    {
      g_printerr ("confide-kiosk: %s\n", _("The cryptography library could not start."));
      return 1;
    }
  return kiosk_command_line_run (self->data_dir, self->sync_dir, bundle, code_file, pin_file);
}

static int
kiosk_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  KioskApplication *self = KIOSK_APPLICATION (app);

  self->data_dir = lookup_path (options, "data-dir");
  if (self->data_dir == NULL)
    self->data_dir = default_data_dir ();
  self->sync_dir = lookup_path (options, "sync-dir");
  self->windowed = g_variant_dict_contains (options, "windowed");
  self->board = g_variant_dict_contains (options, "board");
  if (!lookup_seconds (options, "idle-seconds", &self->idle_override) ||
      !lookup_seconds (options, "reading-idle-seconds", &self->reading_idle_override) ||
      !lookup_seconds (options, "idle-warning-seconds", &self->idle_warning_override))
    return 2;
  return run_command_line (self, options);
}

static void
kiosk_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (kiosk_application_parent_class)->startup (app);

  if (!cf_crypto_init ())
    {
      g_printerr ("confide-kiosk: %s\n", _("The cryptography library could not start."));
      g_application_quit (app);
      return;
    }
  g_set_application_name (_("Confide Kiosk"));
  gtk_window_set_default_icon_name ("org.confide.Kiosk");
  KIOSK_APPLICATION (app)->settings = settings_new_if_installed ();
}

static void
kiosk_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (kiosk_window_new (KIOSK_APPLICATION (app)));
  gtk_window_present (window);
}

static void
kiosk_application_finalize (GObject *object)
{
  KioskApplication *self = KIOSK_APPLICATION (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->sync_dir, g_free);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->paused, g_free);
  G_OBJECT_CLASS (kiosk_application_parent_class)->finalize (object);
}

static void
kiosk_application_class_init (KioskApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = kiosk_application_finalize;
  app_class->handle_local_options = kiosk_application_handle_local_options;
  app_class->startup = kiosk_application_startup;
  app_class->activate = kiosk_application_activate;
}

static void
kiosk_application_init (KioskApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                             _("The check-in kiosk of a Confide office: a write-only drop box."));
}
