/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: backing up this machine, and restoring it onto a new data folder. */
#include "confidectl.h"

#include <glib/gi18n.h>

#include "cf-backup.h"
#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-sync.h"

static void
print_done (CtlContext            *ctx,
            const char            *member,
            const char            *path,
            const CfBackupSummary *summary,
            const char            *line)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (!ctx->json)
    {
      g_print ("%s\n", line);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "parts");
  json_builder_add_int_value (builder, summary->n_parts);
  json_builder_end_object (builder);
  ctl_print_json (builder);
}

static CtlExit
run_backup (CtlContext *ctx,
            int         argc,
            char      **argv)
{
  g_autofree char *out = NULL, *line = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, NULL, NULL },
    { NULL }
  };
  CfBackupSummary summary = { 0 };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("backup", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (out == NULL)
    return ctl_usage (_("backup needs --out FILE"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_backup_write (ctx->session, out, &summary, &error))
    return ctl_fail (error);
  line = g_strdup_printf (_("This machine is backed up to %s (%u parts, still encrypted)."), out, summary.n_parts);
  print_done (ctx, "out", out, &summary, line);
  return CTL_EXIT_OK;
}

static CtlExit
run_restore (CtlContext *ctx,
             int         argc,
             char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autofree char *line = NULL;
  CfBackupSummary summary = { 0 };
  GError *error = NULL;

  if (!ctl_parse ("restore", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if (!cf_backup_restore (argv[1], ctx->data_dir, ctx->sync_dir, &summary, &error))
    return ctl_fail (error);
  line = g_strdup_printf (_("This machine is restored into %s (%u parts). Sync it (confidectl sync) before anything else."),
                          ctx->data_dir, summary.n_parts);
  print_done (ctx, "data_dir", ctx->data_dir, &summary, line);
  return CTL_EXIT_OK;
}

/* Everything this desk holds, for a restored desk whose own later
 * segments were compacted away (or any desk that needs a fresh start). */
static CtlExit
run_snapshot (CtlContext *ctx,
              int         argc,
              char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autofree char *sync_dir = NULL;
  g_autoptr(CfNodeConfig) config = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("snapshot", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (ctx->sync_dir == NULL && (config = cf_node_config_load (ctx->data_dir, &error)) == NULL)
    return ctl_fail (error);
  sync_dir = g_strdup (ctx->sync_dir ? ctx->sync_dir : config->sync_dir);
  if (sync_dir == NULL)
    return ctl_usage (_("snapshot needs --sync-dir DIR"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_sync_write_snapshot (ctx->session, sync_dir, &error))
    return ctl_fail (error);
  if (!ctx->json)
    g_print (_("A snapshot of this desk is in the sync folder.\n"));
  return CTL_EXIT_OK;
}

const CtlCommand ctl_backup_commands[] = {
  { "backup", "--out FILE", run_backup,
    N_("Writes a consistent copy of this machine (its databases, still encrypted, its key\n"
       "slots and its settings) to FILE. Nothing in it can be read without a user's\n"
       "passphrase. A manager or an administrator may back up; it is audited.\n") },
  { "restore", "FILE", run_restore,
    N_("Restores the machine backed up in FILE into DIR, which must be new or empty.\n"
       "Restore only a machine that is gone for good: the restored one takes its\n"
       "identity, and two machines with one identity would collide in the sync folder.\n"
       "The sync folder is --sync-dir, or the one stored in the backup. Sync it once\n"
       "before anything else: it then takes back what it wrote after the backup from\n"
       "the sync folder, and numbers its segments after them.\n") },
  { "snapshot", "", run_snapshot,
    N_("Writes everything this desk holds to the sync folder, for a desk restored from a\n"
       "backup that asks for it. A manager (who holds the case key) or an administrator.\n") },
  { NULL }
};
