/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: a student's cases, opened, resolved and reopened. */
#include "confidectl.h"

#include <glib/gi18n.h>

#include "cf-cases.h"
#include "cf-office.h"
#include "cf-time.h"

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
case_to_json (JsonBuilder *builder,
              CfCase      *item,
              GTimeZone   *zone)
{
  g_autofree char *opened = cf_time_format (cf_case_get_opened_at (item), zone);
  g_autofree char *resolved = NULL;

  if (cf_case_is_resolved (item))
    resolved = cf_time_format (cf_case_get_resolved_at (item), zone);
  json_builder_begin_object (builder);
  add_string (builder, "id", cf_case_get_id (item));
  add_string (builder, "student_id", cf_case_get_student_id (item));
  add_string (builder, "topic", cf_case_get_topic (item));
  add_string (builder, "status", cf_case_is_resolved (item) ? "resolved" : "open");
  add_string (builder, "opened", opened);
  add_string (builder, "resolved", resolved);
  add_string (builder, "outcome", cf_case_get_outcome (item));
  json_builder_end_object (builder);
}

static void
print_case_line (CfCase    *item,
                 GTimeZone *zone)
{
  g_autofree char *opened = cf_time_format (cf_case_get_opened_at (item), zone);
  const char *topic = cf_case_get_topic (item);

  if (cf_case_is_resolved (item))
    {
      g_autofree char *resolved = cf_time_format (cf_case_get_resolved_at (item), zone);
      g_print ("%s\tresolved\t%s\t%s\t%s\t%s\n", cf_case_get_id (item), opened, resolved,
               cf_case_get_outcome (item), topic ? topic : "");
    }
  else
    g_print ("%s\topen\t%s\t\t\t%s\n", cf_case_get_id (item), opened, topic ? topic : "");
}

/* One line a case, newest first: id, state, opened, resolved, outcome,
 * topic (tab-separated); --json: a list of {id, student_id, topic, status,
 * opened, resolved, outcome}. */
static CtlExit
run_case_list (CtlContext *ctx,
               int         argc,
               char      **argv)
{
  g_autofree char *student = NULL;
  GOptionEntry entries[] = {
    { "student", 0, 0, G_OPTION_ARG_STRING, &student, NULL, NULL },
    { NULL }
  };
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GTimeZone) zone = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("case list", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (student == NULL)
    return ctl_usage (_("case list needs --student ID"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  cases = cf_cases_list (ctx->session, student, &error);
  if (cases == NULL)
    return ctl_fail (error);
  zone = cf_office_get_time_zone (ctx->session);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(CfCase) item = g_list_model_get_item (cases, i);

      if (ctx->json)
        case_to_json (builder, item, zone);
      else
        print_case_line (item, zone);
    }
  json_builder_end_array (builder);
  if (ctx->json)
    ctl_print_json (builder);
  return CTL_EXIT_OK;
}

static CtlExit
run_case_open (CtlContext *ctx,
               int         argc,
               char      **argv)
{
  g_autofree char *student = NULL, *topic = NULL;
  GOptionEntry entries[] = {
    { "student", 0, 0, G_OPTION_ARG_STRING, &student, NULL, NULL },
    { "topic", 0, 0, G_OPTION_ARG_STRING, &topic, NULL, NULL },
    { NULL }
  };
  g_autoptr(CfCase) opened = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("case open", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (student == NULL || topic == NULL)
    return ctl_usage (_("case open needs --student ID --topic TEXT"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  opened = cf_cases_open (ctx->session, student, topic, &error);
  if (opened == NULL)
    return ctl_fail (error);
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_string (builder, "id", cf_case_get_id (opened));
      json_builder_end_object (builder);
      ctl_print_json (builder);
    }
  else
    g_print ("%s\n", cf_case_get_id (opened));
  return CTL_EXIT_OK;
}

static CtlExit
usage_with_outcomes (void)
{
  g_autofree char *codes = g_strjoinv ("|", (char **) cf_cases_outcomes ());

  return ctl_usage (_("case resolve needs ID --outcome %s"), codes);
}

static CtlExit
run_case_resolve (CtlContext *ctx,
                  int         argc,
                  char      **argv)
{
  g_autofree char *outcome = NULL;
  GOptionEntry entries[] = {
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome, NULL, NULL },
    { NULL }
  };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("case resolve", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if (outcome == NULL || !g_strv_contains (cf_cases_outcomes (), outcome))
    return usage_with_outcomes ();
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  return cf_cases_resolve (ctx->session, argv[1], outcome, &error) ? CTL_EXIT_OK : ctl_fail (error);
}

static CtlExit
run_case_reopen (CtlContext *ctx,
                 int         argc,
                 char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("case reopen", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  return cf_cases_reopen (ctx->session, argv[1], &error) ? CTL_EXIT_OK : ctl_fail (error);
}

const CtlCommand ctl_case_commands[] = {
  { "case list", "--student ID", run_case_list },
  { "case open", "--student ID --topic TEXT", run_case_open },
  { "case resolve", "ID --outcome OUTCOME", run_case_resolve },
  { "case reopen", "ID", run_case_reopen },
  { NULL }
};
