/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: the office's shared settings (cf-office-settings.h): opening
 * hours, the kiosk's topics, the consent wording and idle times.  The
 * retention rule has its own commands (confidectl-retention.c). */
#include "confidectl.h"

#include <glib/gi18n.h>

#include "cf-error.h"
#include "cf-office-settings.h"
#include "cf-office.h"

static const char *const idle_names[CF_IDLE_TIME_COUNT] = {
  [CF_IDLE_DESK_LOCK] = "desk-lock",
  [CF_IDLE_KIOSK_RESET] = "kiosk-reset",
  [CF_IDLE_KIOSK_READING] = "kiosk-reading",
  [CF_IDLE_KIOSK_WARNING] = "kiosk-warning",
};

/* --- show --- */

typedef struct {
  char   *hours;
  GStrv   topics;
  char   *version;
  char   *wording;
  guint   idle[CF_IDLE_TIME_COUNT];
} Shown;

static gboolean
read_settings (CfSession *session,
               Shown     *shown,
               GError   **error)
{
  if ((shown->hours = cf_office_settings_get_hours (session, error)) == NULL ||
      (shown->topics = cf_office_settings_get_topics (session, error)) == NULL ||
      (shown->wording = cf_office_settings_get_wording (session, &shown->version, error)) == NULL)
    return FALSE;
  for (CfIdleTime i = 0; i < CF_IDLE_TIME_COUNT; i++)
    if (!cf_office_settings_get_idle (session, i, &shown->idle[i], error))
      return FALSE;
  return TRUE;
}

static void
shown_clear (Shown *shown)
{
  g_free (shown->hours);
  g_strfreev (shown->topics);
  g_free (shown->version);
  g_free (shown->wording);
}

static void
print_shown_json (const Shown *shown)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hours");
  json_builder_add_string_value (builder, shown->hours);
  json_builder_set_member_name (builder, "topics");
  json_builder_begin_array (builder);
  for (int i = 0; shown->topics[i]; i++)
    json_builder_add_string_value (builder, shown->topics[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "consent_version");
  json_builder_add_string_value (builder, shown->version);
  json_builder_set_member_name (builder, "idle");
  json_builder_begin_object (builder);
  for (CfIdleTime i = 0; i < CF_IDLE_TIME_COUNT; i++)
    {
      json_builder_set_member_name (builder, idle_names[i]);
      if (shown->idle[i])
        json_builder_add_int_value (builder, shown->idle[i]);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  ctl_print_json (builder);
}

/* Tab-separated, one setting a line; topics one a line after "topic". */
static void
print_shown (const Shown *shown)
{
  g_print ("hours\t%s\n", shown->hours);
  for (int i = 0; shown->topics[i]; i++)
    g_print ("topic\t%s\n", shown->topics[i]);
  g_print ("consent-version\t%s\n", shown->version);
  for (CfIdleTime i = 0; i < CF_IDLE_TIME_COUNT; i++)
    if (shown->idle[i])
      g_print ("idle-%s\t%u\n", idle_names[i], shown->idle[i]);
    else
      g_print ("idle-%s\t\n", idle_names[i]);
}

static CtlExit
run_settings_show (CtlContext *ctx,
                   int         argc,
                   char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  Shown shown = { 0 };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("settings show", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!read_settings (ctx->session, &shown, &error))
    status = ctl_fail (error);
  else if (ctx->json)
    print_shown_json (&shown);
  else
    print_shown (&shown);
  shown_clear (&shown);
  return status;
}

/* The wording now, or the one a consent names, exactly as it was shown. */
static CtlExit
run_settings_consent_wording (CtlContext *ctx,
                              int         argc,
                              char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autofree char *text = NULL, *version = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("settings consent-wording", entries, &argc, &argv, -1))
    return CTL_EXIT_USAGE;
  if (argc > 2)
    return ctl_usage (_("settings consent-wording takes at most one version"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (argc == 2)
    {
      version = g_strdup (argv[1]);
      text = cf_office_settings_get_wording_version (ctx->session, version, NULL, &error);
    }
  else
    text = cf_office_settings_get_wording (ctx->session, &version, &error);
  if (text == NULL)
    return ctl_fail (error);
  g_print ("%s\n", text);
  return CTL_EXIT_OK;
}

/* --- setting --- */

static CtlExit
run_settings_set_hours (CtlContext *ctx,
                        int         argc,
                        char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("settings set-hours", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  /* What is typed is checked before signing in: a mistake is wrong usage. */
  if (!cf_office_hours_check (argv[1], &error))
    {
      ctl_fail (error);
      return CTL_EXIT_USAGE;
    }
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_office_settings_set_hours (ctx->session, argv[1], &error))
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

static CtlExit
run_settings_set_topics (CtlContext *ctx,
                         int         argc,
                         char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("settings set-topics", entries, &argc, &argv, -1))
    return CTL_EXIT_USAGE;
  if (!cf_office_settings_check_topics ((const char *const *) argv + 1, NULL, &error))
    {
      ctl_fail (error);
      return CTL_EXIT_USAGE;
    }
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_office_settings_set_topics (ctx->session, (const char *const *) argv + 1, &error))
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

/* Prints the new version, which consents given under it will name. */
static CtlExit
run_settings_set_consent_wording (CtlContext *ctx,
                                  int         argc,
                                  char      **argv)
{
  g_autofree char *file = NULL, *text = NULL, *version = NULL;
  GOptionEntry entries[] = {
    { "text-file", 0, 0, G_OPTION_ARG_FILENAME, &file, NULL, NULL },
    { NULL }
  };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("settings set-consent-wording", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (file == NULL)
    return ctl_usage (_("settings set-consent-wording needs --text-file FILE"));
  if (!g_file_get_contents (file, &text, NULL, &error))
    return ctl_fail (error);
  if (!cf_office_settings_check_wording (text, &error))
    {
      ctl_fail (error);
      return CTL_EXIT_USAGE;
    }
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if ((version = cf_office_settings_publish_wording (ctx->session, text, &error)) == NULL)
    return ctl_fail (error);
  g_print ("%s\n", version);
  return CTL_EXIT_OK;
}

static gboolean
parse_idle (const char *name,
            const char *seconds,
            CfIdleTime *idle,
            guint      *value,
            GError    **error)
{
  guint64 n;

  for (*idle = 0; *idle < CF_IDLE_TIME_COUNT; (*idle)++)
    if (g_strcmp0 (name, idle_names[*idle]) == 0)
      break;
  if (*idle == CF_IDLE_TIME_COUNT)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("Which idle time? Write desk-lock, kiosk-reset, kiosk-reading or kiosk-warning."));
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (seconds, 10, 0, G_MAXUINT, &n, NULL))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("Give the idle time as a number of seconds, or 0 to unset it."));
      return FALSE;
    }
  *value = (guint) n;
  return *value == 0 || cf_office_settings_check_idle (*idle, *value, error);
}

static CtlExit
run_settings_set_idle (CtlContext *ctx,
                       int         argc,
                       char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  GError *error = NULL;
  CfIdleTime idle;
  guint seconds;
  CtlExit status;

  if (!ctl_parse ("settings set-idle", entries, &argc, &argv, 2))
    return CTL_EXIT_USAGE;
  if (!parse_idle (argv[1], argv[2], &idle, &seconds, &error))
    {
      ctl_fail (error);
      return CTL_EXIT_USAGE;
    }
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_office_settings_set_idle (ctx->session, idle, seconds, &error))
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

const CtlCommand ctl_settings_commands[] = {
  { "settings show", "", run_settings_show },
  { "settings consent-wording", "[VERSION]", run_settings_consent_wording },
  { "settings set-hours", "TEXT", run_settings_set_hours },
  { "settings set-topics", "TOPIC...", run_settings_set_topics },
  { "settings set-consent-wording", "--text-file FILE", run_settings_set_consent_wording },
  { "settings set-idle", "desk-lock|kiosk-reset|kiosk-reading|kiosk-warning SECONDS", run_settings_set_idle },
  { NULL }
};
