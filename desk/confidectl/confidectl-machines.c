/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: the office's machines, and revoking one. */
#include "confidectl.h"

#include <glib/gi18n.h>

#include "cf-machines.h"
#include "cf-office.h"
#include "cf-time.h"

/* ---- machine list ------------------------------------------------------ */

enum { COLUMN_ID, COLUMN_KIND, COLUMN_ENROLLED, COLUMN_SEEN, COLUMN_REVOKED, N_COLUMNS };

/* One row's texts, as printed; times in the office's zone. */
static GStrv
machine_texts (const CfMachine *machine,
               GTimeZone       *zone)
{
  GStrv texts = g_new0 (char *, N_COLUMNS + 1);

  texts[COLUMN_ID] = g_strdup (machine->id);
  texts[COLUMN_KIND] = machine->is_self ? g_strdup_printf (_("%s (this machine)"), machine->kind)
                                        : g_strdup (machine->kind);
  texts[COLUMN_ENROLLED] = machine->enrolled_at ? cf_time_format (machine->enrolled_at, zone) : g_strdup ("-");
  texts[COLUMN_SEEN] = machine->last_seen ? cf_time_format (machine->last_seen, zone) : g_strdup (_("never"));
  texts[COLUMN_REVOKED] = machine->revoked_at ? cf_time_format (machine->revoked_at, zone) : g_strdup ("-");
  return texts;
}

static void
print_row (const char *const *texts,
           const guint       *widths)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      glong pad = c + 1 < N_COLUMNS ? (glong) widths[c] - g_utf8_strlen (texts[c], -1) + 2 : 0;

      g_print ("%s%*s", texts[c], (int) MAX (pad, 0), "");
    }
  g_print ("\n");
}

/* Columns as wide as their widest text, header included. */
static void
print_columns (GPtrArray *rows)
{
  const char *header[N_COLUMNS + 1] = {
    _("ID"), _("KIND"), _("ENROLLED"), _("LAST SEEN"), _("REVOKED"), NULL
  };
  guint widths[N_COLUMNS] = { 0 };

  g_ptr_array_insert (rows, 0, g_strdupv ((char **) header));
  for (guint r = 0; r < rows->len; r++)
    for (guint c = 0; c < N_COLUMNS; c++)
      widths[c] = MAX (widths[c], (guint) g_utf8_strlen (((char **) rows->pdata[r])[c], -1));
  for (guint r = 0; r < rows->len; r++)
    print_row ((const char *const *) rows->pdata[r], widths);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       at,
          GTimeZone   *zone)
{
  g_autofree char *text = at ? cf_time_format (at, zone) : NULL;

  json_builder_set_member_name (builder, member);
  if (text)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
machine_to_json (JsonBuilder     *builder,
                 const CfMachine *machine,
                 GTimeZone       *zone)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, machine->id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, machine->kind);
  add_time (builder, "enrolled", machine->enrolled_at, zone);
  add_time (builder, "last_seen", machine->last_seen, zone);
  add_time (builder, "revoked", machine->revoked_at, zone);
  json_builder_set_member_name (builder, "revoke_reason");
  if (machine->revoke_reason)
    json_builder_add_string_value (builder, machine->revoke_reason);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "this_machine");
  json_builder_add_boolean_value (builder, machine->is_self);
  json_builder_end_object (builder);
}

static CtlExit
run_machine_list (CtlContext *ctx,
                  int         argc,
                  char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GPtrArray) machines = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GTimeZone) zone = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("machine list", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  machines = cf_machines_list (ctx->session, &error);
  if (machines == NULL)
    return ctl_fail (error);
  zone = cf_office_get_time_zone (ctx->session);
  json_builder_begin_array (builder);
  for (guint i = 0; i < machines->len; i++)
    {
      if (ctx->json)
        machine_to_json (builder, machines->pdata[i], zone);
      else
        g_ptr_array_add (rows, machine_texts (machines->pdata[i], zone));
    }
  json_builder_end_array (builder);
  if (ctx->json)
    ctl_print_json (builder);
  else
    print_columns (rows);
  return CTL_EXIT_OK;
}

/* ---- machine revoke ---------------------------------------------------- */

static CtlExit
run_machine_revoke (CtlContext *ctx,
                    int         argc,
                    char      **argv)
{
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, NULL, NULL },
    { NULL }
  };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("machine revoke", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if (reason == NULL)
    return ctl_usage (_("machine revoke ID needs --reason TEXT"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_machines_revoke (ctx->session, argv[1], reason, &error))
    return ctl_fail (error);
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, argv[1]);
      json_builder_set_member_name (builder, "revoked");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      ctl_print_json (builder);
    }
  else
    g_print (_("Machine %s is revoked. Every machine refuses its segments once it has synced.\n"), argv[1]);
  return CTL_EXIT_OK;
}

const CtlCommand ctl_machine_commands[] = {
  { "machine list", "", run_machine_list },
  { "machine revoke", "ID --reason TEXT", run_machine_revoke },
  { NULL }
};
