/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: machines and the sync folder. */
#include "confidectl.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-error.h"
#include "cf-key.h"
#include "cf-office.h"
#include "cf-sync.h"
#include "cf-sync-watcher.h"
#include "cf-time.h"

/* --sync-dir, or the folder stored at set-up. */
static char *
sync_dir_for (CtlContext *ctx,
              GError    **error)
{
  g_autoptr(CfNodeConfig) config = NULL;

  if (ctx->sync_dir)
    return g_strdup (ctx->sync_dir);
  config = cf_node_config_load (ctx->data_dir, error);
  if (config == NULL)
    return NULL;
  if (config->sync_dir == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NO_FOLDER,
                   _("No sync folder is stored for this machine; pass --sync-dir DIR."));
      return NULL;
    }
  return g_strdup (config->sync_dir);
}

static void
print_report_text (const CfSyncReport *report)
{
  guint written = report->segments_written, changed = report->operations_applied;
  g_autofree char *sent = g_strdup_printf (g_dngettext (NULL, "Sent %u segment", "Sent %u segments",
                                                        written),
                                           written);
  g_autofree char *changes = g_strdup_printf (g_dngettext (NULL, "%u change", "%u changes", changed),
                                              changed);

  /* TRANSLATORS: "Sent 2 segments; applied 1 (40 changes); 0 waiting; 0 refused; 0 removed." */
  g_print (_("%s; applied %u (%s); %u waiting; %u refused; %u removed.\n"),
           sent, report->segments_applied, changes,
           report->segments_waiting, report->segments_refused, report->segments_removed);
}

static void
print_report (CtlContext         *ctx,
              const CfSyncReport *report)
{
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
#define MEMBER(name, value) \
      json_builder_set_member_name (builder, name); json_builder_add_int_value (builder, value)
      MEMBER ("written", report->segments_written);
      MEMBER ("applied", report->segments_applied);
      MEMBER ("operations", report->operations_applied);
      MEMBER ("waiting", report->segments_waiting);
      MEMBER ("refused", report->segments_refused);
      MEMBER ("removed", report->segments_removed);
#undef MEMBER
      json_builder_set_member_name (builder, "folder_available");
      json_builder_add_boolean_value (builder, !report->folder_unavailable);
      json_builder_set_member_name (builder, "problem");
      if (report->problem)
        json_builder_add_string_value (builder, report->problem);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      ctl_print_json (builder);
      return;
    }
  print_report_text (report);
}

/* A refused segment is an integrity problem (exit 4); a missing folder a
 * failure (exit 1): either way local work was kept. */
static CtlExit
report_status (const CfSyncReport *report)
{
  if (report->segments_refused > 0)
    {
      g_printerr ("confidectl: %s\n", report->problem);
      return CTL_EXIT_INTEGRITY;
    }
  if (report->folder_unavailable || report->restore_held)
    {
      g_printerr ("confidectl: %s\n", report->problem);
      return CTL_EXIT_FAILED;
    }
  return CTL_EXIT_OK;
}

static CtlExit
sync_once (CtlContext *ctx,
           const char *sync_dir)
{
  CfSyncReport report = { 0 };
  GError *error = NULL;
  CtlExit status;

  if (!cf_sync_run (ctx->session, sync_dir, &report, &error))
    {
      cf_sync_report_clear (&report);
      return ctl_fail (error);
    }
  print_report (ctx, &report);
  status = report_status (&report);
  cf_sync_report_clear (&report);
  return status;
}

typedef struct {
  CtlContext *ctx;
  const char *sync_dir;
  GMainLoop  *loop;
} Watch;

static void
folder_changed_cb (CfSyncWatcher *watcher,
                   gpointer       user_data)
{
  Watch *watch = user_data;

  sync_once (watch->ctx, watch->sync_dir);
}

static gboolean
periodic_cb (gpointer user_data)
{
  Watch *watch = user_data;

  sync_once (watch->ctx, watch->sync_dir);
  return G_SOURCE_CONTINUE;
}

/* The source stays: sync_watch removes both signals' sources once the
 * loop ends, and removing one that had removed itself is a critical. */
static gboolean
stop_cb (gpointer user_data)
{
  Watch *watch = user_data;

  g_main_loop_quit (watch->loop);
  return G_SOURCE_CONTINUE;
}

/* Passes whenever the folder changes, and every half minute anyway (local
 * changes and a folder that comes back). */
static CtlExit
sync_watch (CtlContext *ctx,
            const char *sync_dir)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(CfSyncWatcher) watcher = cf_sync_watcher_new (sync_dir, 100);
  Watch watch = { ctx, sync_dir, loop };
  guint periodic, term, interrupt;

  sync_once (ctx, sync_dir);
  g_signal_connect (watcher, "changed", G_CALLBACK (folder_changed_cb), &watch);
  periodic = g_timeout_add_seconds (30, periodic_cb, &watch);
  term = g_unix_signal_add (SIGTERM, stop_cb, &watch);
  interrupt = g_unix_signal_add (SIGINT, stop_cb, &watch);
  g_main_loop_run (loop);
  g_source_remove (periodic);
  g_source_remove (term);
  g_source_remove (interrupt);
  return CTL_EXIT_OK;
}

static CtlExit
run_sync (CtlContext *ctx,
          int         argc,
          char      **argv)
{
  gboolean watch = FALSE;
  GOptionEntry entries[] = {
    { "watch", 0, 0, G_OPTION_ARG_NONE, &watch, NULL, NULL },
    { NULL }
  };
  g_autofree char *sync_dir = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("sync", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  sync_dir = sync_dir_for (ctx, &error);
  if (sync_dir == NULL)
    return ctl_fail (error);
  return watch ? sync_watch (ctx, sync_dir) : sync_once (ctx, sync_dir);
}

static CtlExit
run_enroll (CtlContext *ctx,
            int         argc,
            char      **argv)
{
  g_autofree char *out = NULL, *code_file = NULL, *sync_dir = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, NULL, NULL },
    { "code-file", 0, 0, G_OPTION_ARG_FILENAME, &code_file, NULL, NULL },
    { NULL }
  };
  CfMachineKind kind;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("enroll", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if (g_str_equal (argv[1], "desk"))
    kind = CF_MACHINE_DESK;
  else if (g_str_equal (argv[1], "kiosk"))
    kind = CF_MACHINE_KIOSK;
  else
    return ctl_usage (_("enroll takes desk or kiosk"));
  if (out == NULL || code_file == NULL)
    return ctl_usage (_("enroll needs --out FILE and --code-file F"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  sync_dir = sync_dir_for (ctx, &error);
  if (sync_dir == NULL || !cf_enroll_create (ctx->session, kind, out, code_file, &error))
    return ctl_fail (error);
  /* A new desk starts from a snapshot of what this one holds now. */
  if (kind == CF_MACHINE_DESK && !cf_sync_write_snapshot (ctx->session, sync_dir, &error))
    return ctl_fail (error);
  status = sync_once (ctx, sync_dir);
  if (status == CTL_EXIT_OK && !ctx->json)
    g_print (_("The bundle is in %s and its one-time code in %s. Give them to the new machine separately.\n"),
             out, code_file);
  return status;
}

static CtlExit
run_join (CtlContext *ctx,
          int         argc,
          char      **argv)
{
  g_autofree char *code_file = NULL, *code = NULL;
  GOptionEntry entries[] = {
    { "code-file", 0, 0, G_OPTION_ARG_FILENAME, &code_file, NULL, NULL },
    { NULL }
  };
  GError *error = NULL;
  char *passphrase;
  gboolean ok;

  if (!ctl_parse ("join", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if (code_file == NULL || ctx->sync_dir == NULL || ctx->user == NULL)
    return ctl_usage (_("join FILE needs --code-file F, and --sync-dir DIR and --user NAME before it"));
  code = cf_enroll_read_code (code_file, &error);
  if (code == NULL)
    return ctl_fail (error);
  passphrase = ctl_read_passphrase (ctx->passphrase_file, _("Passphrase: "), &error);
  if (passphrase == NULL)
    return ctl_fail (error);
  ok = cf_enroll_join_desk (ctx->data_dir, ctx->sync_dir, argv[1], code, ctx->user, passphrase, &error);
  if (ok)
    ctx->session = cf_session_sign_in (ctx->data_dir, ctx->user, passphrase, &error);
  cf_wipe_string (passphrase);
  if (!ok || ctx->session == NULL)
    return ctl_fail (error);
  return sync_once (ctx, ctx->sync_dir);
}

static CtlExit
run_status (CtlContext *ctx,
            int         argc,
            char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GPtrArray) machines = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *sync_dir = NULL;
  GError *error = NULL;
  gboolean folder;
  CtlExit status;

  if (!ctl_parse ("status", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  sync_dir = sync_dir_for (ctx, &error);
  if (sync_dir == NULL || (machines = cf_sync_status (ctx->session, sync_dir, &error)) == NULL)
    return ctl_fail (error);
  zone = cf_office_get_time_zone (ctx->session);
  folder = g_file_test (sync_dir, G_FILE_TEST_IS_DIR);

  if (!ctx->json)
    g_print (folder ? _("Sync folder %s is available.\n")
                    : _("Sync folder %s is not available; changes wait here until it is.\n"), sync_dir);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sync_folder_available");
  json_builder_add_boolean_value (builder, folder);
  json_builder_set_member_name (builder, "machines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < machines->len; i++)
    {
      CfSyncMachine *m = machines->pdata[i];
      g_autofree char *seen = m->last_seen ? cf_time_format (m->last_seen, zone) : NULL;

      if (!ctx->json)
        {
          g_print ("%s\t%s%s\t%s\t%s\n", m->node_id, m->kind, m->is_self ? _(" (this machine)") : "",
                   seen ? seen : _("never seen"), m->revoked ? _("revoked") : "");
          if (m->waiting)
            g_print (g_dngettext (NULL, "\t%u segment waiting to be applied\n",
                                  "\t%u segments waiting to be applied\n", m->waiting),
                     m->waiting);
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, m->node_id);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, m->kind);
      json_builder_set_member_name (builder, "this_machine");
      json_builder_add_boolean_value (builder, m->is_self);
      json_builder_set_member_name (builder, "last_seen");
      if (seen)
        json_builder_add_string_value (builder, seen);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "segments_pending");
      json_builder_add_int_value (builder, m->waiting);
      json_builder_set_member_name (builder, "revoked");
      json_builder_add_boolean_value (builder, m->revoked);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (ctx->json)
    ctl_print_json (builder);
  return CTL_EXIT_OK;
}

static CtlExit
run_digest (CtlContext *ctx,
            int         argc,
            char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autofree char *digest = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("digest", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  digest = cf_sync_digest (ctx->session, &error);
  if (digest == NULL)
    return ctl_fail (error);
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "digest");
      json_builder_add_string_value (builder, digest);
      json_builder_end_object (builder);
      ctl_print_json (builder);
    }
  else
    g_print ("%s\n", digest);
  return CTL_EXIT_OK;
}

const CtlCommand ctl_sync_commands[] = {
  { "enroll", "desk|kiosk --out FILE --code-file F", run_enroll },
  { "join", "FILE --code-file F", run_join },
  { "sync", "[--watch]", run_sync },
  { "status", "", run_status },
  { "digest", "", run_digest },
  { NULL }
};
