/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: how long records are kept; the students due, holds on them,
 * the purge, and destroying one student's records on request. */
#include "confidectl.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "cf-office.h"
#include "cf-retention-due.h"
#include "cf-retention.h"
#include "cf-students.h"

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

/* --- the rule --- */

static CtlExit
run_retention_show (CtlContext *ctx,
                    int         argc,
                    char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *year_starts = NULL;
  CfRetentionRule rule;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("retention show", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_retention_get_rule (ctx->session, &rule, &error))
    return ctl_fail (error);
  year_starts = g_strdup_printf ("%02u-%02u", rule.year_starts_month, rule.year_starts_day);
  if (!ctx->json)
    {
      g_print ("years\t%u\nfrom\t%s\nyear-starts\t%s\n", rule.years,
               cf_retention_from_code (rule.from), year_starts);
      return CTL_EXIT_OK;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "years");
  json_builder_add_int_value (builder, rule.years);
  add_string (builder, "from", cf_retention_from_code (rule.from));
  add_string (builder, "year_starts", year_starts);
  json_builder_end_object (builder);
  ctl_print_json (builder);
  return CTL_EXIT_OK;
}

/* What is typed is checked before signing in: a mistake is wrong usage. */
static CtlExit
parse_rule (const char      *from,
            int              years,
            const char      *year_starts,
            CfRetentionRule *rule)
{
  GError *error = NULL;

  rule->years = years < 0 ? 0 : (guint) years;
  if (!cf_retention_from_parse (from, &rule->from, &error) ||
      (year_starts != NULL &&
       !cf_retention_parse_year_start (year_starts, &rule->year_starts_month,
                                       &rule->year_starts_day, &error)) ||
      !cf_retention_rule_check (rule, &error))
    {
      ctl_fail (error);
      return CTL_EXIT_USAGE;
    }
  return CTL_EXIT_OK;
}

/* Without --year-starts, the year keeps starting on the office's day. */
static CtlExit
run_retention_set (CtlContext *ctx,
                   int         argc,
                   char      **argv)
{
  g_autofree char *from = NULL, *year_starts = NULL;
  int years = -1;
  GOptionEntry entries[] = {
    { "years", 0, 0, G_OPTION_ARG_INT, &years, NULL, NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, NULL, NULL },
    { "year-starts", 0, 0, G_OPTION_ARG_STRING, &year_starts, NULL, NULL },
    { NULL }
  };
  CfRetentionRule rule = { 0, 0, 8, 1 }, current;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("retention set", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (years < 0 || from == NULL)
    return ctl_usage (_("retention set needs --years N --from last-contact|case-closed"));
  if ((status = parse_rule (from, years, year_starts, &rule)) != CTL_EXIT_OK ||
      (status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (year_starts == NULL)
    {
      if (!cf_retention_get_rule (ctx->session, &current, &error))
        return ctl_fail (error);
      rule.year_starts_month = current.year_starts_month;
      rule.year_starts_day = current.year_starts_day;
    }
  if (!cf_retention_set_rule (ctx->session, &rule, &error))
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

/* --- who is due --- */

static void
due_to_json (JsonBuilder    *builder,
             CfRetentionDue *due)
{
  g_autofree char *last = g_date_time_format (cf_retention_due_get_last_contact (due), "%Y-%m-%d");
  g_autofree char *day = g_date_time_format (cf_retention_due_get_due (due), "%Y-%m-%d");

  json_builder_begin_object (builder);
  add_string (builder, "id", cf_retention_due_get_student_id (due));
  add_string (builder, "last_contact", last);
  add_string (builder, "due", day);
  add_string (builder, "hold", cf_retention_due_get_hold_reason (due));
  json_builder_end_object (builder);
}

static void
print_due_line (CfRetentionDue *due)
{
  g_autofree char *last = g_date_time_format (cf_retention_due_get_last_contact (due), "%Y-%m-%d");
  g_autofree char *day = g_date_time_format (cf_retention_due_get_due (due), "%Y-%m-%d");
  const char *hold = cf_retention_due_get_hold_reason (due);

  g_print ("%s\t%s\t%s\t%s\n", cf_retention_due_get_student_id (due), last, day, hold ? hold : "");
}

static GDateTime *
today (CtlContext *ctx)
{
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (ctx->session);

  return g_date_time_new_now (zone);
}

/* One line a student, oldest due first: id, last contact, due, the
 * hold's reason (tab-separated); --json: a list of {id, last_contact,
 * due, hold}. */
static CtlExit
run_retention_due (CtlContext *ctx,
                   int         argc,
                   char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GListModel) due = NULL;
  g_autoptr(GDateTime) now = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("retention due", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  now = today (ctx);
  due = cf_retention_list_due (ctx->session, now, &error);
  if (due == NULL)
    return ctl_fail (error);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (due); i++)
    {
      g_autoptr(CfRetentionDue) item = g_list_model_get_item (due, i);

      if (ctx->json)
        due_to_json (builder, item);
      else
        print_due_line (item);
    }
  json_builder_end_array (builder);
  if (ctx->json)
    ctl_print_json (builder);
  return CTL_EXIT_OK;
}

/* @line: the count in words, for a person. */
static void
print_count (CtlContext *ctx,
             const char *member,
             guint       n,
             const char *line)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!ctx->json)
    {
      g_print ("%s\n", line);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, n);
  json_builder_end_object (builder);
  ctl_print_json (builder);
}

static CtlExit
run_retention_purge (CtlContext *ctx,
                     int         argc,
                     char      **argv)
{
  gboolean dry_run = FALSE, yes = FALSE;
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, NULL, NULL },
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes, NULL, NULL },
    { NULL }
  };
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *line = NULL;
  GError *error = NULL;
  CtlExit status;
  guint n = 0;

  if (!ctl_parse ("retention purge", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (!yes)
    return ctl_usage (_("retention purge destroys records for good: add --yes to go ahead"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  now = today (ctx);
  if (!cf_retention_purge (ctx->session, now, dry_run, &n, &error))
    return ctl_fail (error);
  if (dry_run)
    line = g_strdup_printf (g_dngettext (NULL, "%u student would be destroyed",
                                         "%u students would be destroyed", n), n);
  else
    line = g_strdup_printf (g_dngettext (NULL, "%u student destroyed", "%u students destroyed", n), n);
  print_count (ctx, "students", n, line);
  return CTL_EXIT_OK;
}

/* --- one student --- */

static CtlExit
run_student_hold (CtlContext *ctx,
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

  if (!ctl_parse ("student hold", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if (reason == NULL)
    return ctl_usage (_("student hold needs --reason TEXT"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_retention_hold (ctx->session, argv[1], reason, &error))
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

static CtlExit
run_student_release (CtlContext *ctx,
                     int         argc,
                     char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("student release", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_retention_release (ctx->session, argv[1], &error))
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

static CtlExit
run_student_destroy (CtlContext *ctx,
                     int         argc,
                     char      **argv)
{
  g_autofree char *reason = NULL;
  gboolean yes = FALSE;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, NULL, NULL },
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes, NULL, NULL },
    { NULL }
  };
  g_autofree char *line = NULL;
  GError *error = NULL;
  CtlExit status;
  guint n = 0;

  if (!ctl_parse ("student destroy", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if (reason == NULL)
    return ctl_usage (_("student destroy needs --reason TEXT"));
  if (!yes)
    return ctl_usage (_("student destroy destroys records for good: add --yes to go ahead"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_students_destroy (ctx->session, argv[1], reason, &n, &error))
    return ctl_fail (error);
  line = g_strdup_printf (g_dngettext (NULL, "%u record destroyed", "%u records destroyed", n), n);
  print_count (ctx, "records", n, line);
  return CTL_EXIT_OK;
}

const CtlCommand ctl_retention_commands[] = {
  { "retention show", "", run_retention_show },
  { "retention set", "--years N --from last-contact|case-closed [--year-starts MM-DD]", run_retention_set },
  { "retention due", "", run_retention_due },
  { "retention purge", "[--dry-run] --yes", run_retention_purge },
  { "student hold", "ID --reason TEXT", run_student_hold },
  { "student release", "ID", run_student_release },
  { "student destroy", "ID --reason TEXT --yes", run_student_destroy },
  { NULL }
};
