/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: the office, its users and its integrity. */
#include "confidectl.h"

#include <glib/gi18n.h>

#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-key.h"
#include "cf-office.h"
#include "cf-sync.h"
#include "cf-users.h"
#include "cf-verify.h"

static char *
read_new_passphrase (const char *path,
                     GError    **error)
{
  return ctl_read_passphrase (path, _("New passphrase: "), error);
}

static CtlExit
run_init (CtlContext *ctx,
          int         argc,
          char      **argv)
{
  g_autofree char *office = NULL, *user = NULL, *sync_dir = NULL;
  GOptionEntry entries[] = {
    { "office", 0, 0, G_OPTION_ARG_STRING, &office, NULL, NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, NULL, NULL },
    { "sync-dir", 0, 0, G_OPTION_ARG_FILENAME, &sync_dir, NULL, NULL },
    { NULL }
  };
  GError *error = NULL;
  char *passphrase;
  gboolean ok;

  if (!ctl_parse ("init", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (user == NULL)
    user = g_strdup (ctx->user);
  if (sync_dir == NULL)
    sync_dir = g_strdup (ctx->sync_dir);
  if (office == NULL || user == NULL || sync_dir == NULL)
    return ctl_usage (_("init needs --office NAME, --user NAME and --sync-dir DIR"));

  passphrase = ctl_read_passphrase (ctx->passphrase_file, _("Passphrase for the first manager: "), &error);
  if (passphrase == NULL)
    return ctl_fail (error);
  ok = cf_office_create (ctx->data_dir, sync_dir, office, user, passphrase, &error);
  cf_wipe_string (passphrase);
  if (!ok)
    return ctl_fail (error);
  if (!ctx->json)
    g_print (_("The office is set up; this machine is its first desk.\n"));
  return CTL_EXIT_OK;
}

static CtlExit
run_user_add (CtlContext *ctx,
              int         argc,
              char      **argv)
{
  g_autofree char *role_text = NULL, *new_file = NULL;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, NULL, NULL },
    { "new-passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &new_file, NULL, NULL },
    { NULL }
  };
  GError *error = NULL;
  CfRole role;
  char *passphrase;
  gboolean ok;
  CtlExit status;

  if (!ctl_parse ("user add", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if (role_text == NULL || new_file == NULL || !cf_role_from_string (role_text, &role))
    return ctl_usage (_("user add NAME needs --role adviser|manager|admin and --new-passphrase-file FILE"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  passphrase = read_new_passphrase (new_file, &error);
  if (passphrase == NULL)
    return ctl_fail (error);
  ok = cf_users_add (ctx->session, argv[1], role, passphrase, &error);
  cf_wipe_string (passphrase);
  return ok ? CTL_EXIT_OK : ctl_fail (error);
}

static CtlExit
run_user_list (CtlContext *ctx,
               int         argc,
               char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GListModel) users = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("user list", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  users = cf_users_list (ctx->session, &error);
  if (users == NULL)
    return ctl_fail (error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    {
      g_autoptr(CfUser) user = g_list_model_get_item (users, i);

      if (!ctx->json)
        {
          g_print ("%s\t%s\n", cf_user_get_name (user), cf_user_get_role (user));
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, cf_user_get_id (user));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, cf_user_get_name (user));
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, cf_user_get_role (user));
      /* The restricted service they work in, null for none. */
      {
        g_autofree char *service = NULL;

        g_object_get (user, "restricted-service", &service, NULL);
        json_builder_set_member_name (builder, "service");
        if (service)
          json_builder_add_string_value (builder, service);
        else
          json_builder_add_null_value (builder);
      }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (ctx->json)
    ctl_print_json (builder);
  return CTL_EXIT_OK;
}

static CtlExit
run_user_remove (CtlContext *ctx,
                 int         argc,
                 char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("user remove", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  return cf_users_remove (ctx->session, argv[1], &error) ? CTL_EXIT_OK : ctl_fail (error);
}

/* A new case key for everyone still here, as a removal makes; each desk
 * re-keys its case records at its next sign-in. */
static CtlExit
run_user_rotate_keys (CtlContext *ctx,
                      int         argc,
                      char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("user rotate-keys", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_users_rotate_keys (ctx->session, &error))
    return ctl_fail (error);
  if (!ctx->json)
    g_print (_("A new case key was made for every adviser and manager. Each desk re-keys its case records at its next sign-in.\n"));
  return CTL_EXIT_OK;
}

static CtlExit
run_passwd (CtlContext *ctx,
            int         argc,
            char      **argv)
{
  g_autofree char *new_file = NULL;
  GOptionEntry entries[] = {
    { "new-passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &new_file, NULL, NULL },
    { NULL }
  };
  GError *error = NULL;
  char *passphrase;
  gboolean ok;
  CtlExit status;

  if (!ctl_parse ("passwd", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (new_file == NULL && ctx->passphrase_file != NULL && g_str_equal (ctx->passphrase_file, "-"))
    return ctl_usage (_("passwd with --passphrase-file - also needs --new-passphrase-file FILE"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  passphrase = read_new_passphrase (new_file, &error);
  if (passphrase == NULL)
    return ctl_fail (error);
  ok = cf_users_change_passphrase (ctx->session, passphrase, &error);
  cf_wipe_string (passphrase);
  return ok ? CTL_EXIT_OK : ctl_fail (error);
}

static char *
stored_sync_dir (const char *data_dir)
{
  g_autoptr(CfNodeConfig) config = cf_node_config_load (data_dir, NULL);

  return config ? g_strdup (config->sync_dir) : NULL;
}

static void
print_verified (CtlContext           *ctx,
                const CfVerifyReport *report)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *audit = NULL, *folder = NULL;

  if (ctx->json)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "audit_entries");
      json_builder_add_int_value (builder, report->audit_entries);
      json_builder_set_member_name (builder, "sync_files");
      json_builder_add_int_value (builder, report->sync_files);
      json_builder_end_object (builder);
      ctl_print_json (builder);
      return;
    }
  audit = g_strdup_printf (g_dngettext (NULL, "%u entry", "%u entries", report->audit_entries),
                           report->audit_entries);
  folder = g_strdup_printf (g_dngettext (NULL, "%u file", "%u files", report->sync_files),
                            report->sync_files);
  /* TRANSLATORS: "… its audit log (12 entries) and the sync folder (3 files) …" */
  g_print (_("The database, its audit log (%s) and the sync folder (%s) are intact.\n"),
           audit, folder);
}

/* The first problem found says what went wrong; a damaged database or
 * audit chain is an integrity problem whatever its error. */
static CtlExit
fail_verify (CfVerifyReport *report)
{
  GError **first = report->database != NULL ? &report->database : &report->audit;
  CtlExit failed;

  if (*first == NULL)
    return ctl_fail (g_steal_pointer (&report->folder));
  failed = ctl_fail (g_steal_pointer (first));
  return failed == CTL_EXIT_FAILED ? CTL_EXIT_INTEGRITY : failed;
}

/* Checks the database, its audit chain and the sync folder (the library's
 * cf_verify_run).  Reports; never repairs. */
static CtlExit
run_verify (CtlContext *ctx,
            int         argc,
            char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autofree char *sync_dir = NULL;
  g_auto(CfVerifyReport) report = { 0 };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("verify", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  /* The sync folder too, when this machine has one. */
  sync_dir = ctx->sync_dir ? g_strdup (ctx->sync_dir) : stored_sync_dir (ctx->data_dir);
  if (!cf_verify_run (ctx->session, sync_dir, &report, &error))
    return ctl_fail (error);
  if (cf_verify_report_first (&report) != NULL)
    return fail_verify (&report);
  print_verified (ctx, &report);
  return CTL_EXIT_OK;
}

const CtlCommand ctl_office_commands[] = {
  { "init", "--office NAME --user NAME --sync-dir DIR", run_init },
  { "user add", "NAME --role adviser|manager|admin --new-passphrase-file F", run_user_add },
  { "user list", "", run_user_list },
  { "user remove", "NAME", run_user_remove },
  { "user rotate-keys", "", run_user_rotate_keys },
  { "passwd", "--new-passphrase-file F", run_passwd },
  { "verify", "", run_verify },
  { NULL }
};
