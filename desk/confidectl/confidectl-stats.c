/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: anonymised statistics, written to a file. */
#include "confidectl.h"

#include <glib/gi18n.h>

#include "cf-office.h"
#include "cf-statistics-export.h"
#include "cf-time.h"

/* What is typed is checked before signing in: a mistake is wrong usage. */
static CtlExit
check_arguments (const char         *from_text,
                 const char         *to_text,
                 const char         *format_text,
                 const char *const  *by,
                 CfStatisticsFormat *format)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  gint64 first, last;

  if (!cf_statistics_format_from_string (format_text, format))
    return ctl_usage (_("stats: the format must be csv, json or pdf"));
  if (!cf_statistics_check_fields (by, &error) ||
      !cf_date_parse (from_text, utc, &first, NULL, &error) ||
      !cf_date_parse (to_text, utc, &last, NULL, &error))
    return ctl_usage ("%s", error->message);
  if (last < first)
    return ctl_usage (_("stats: --to must not be before --from"));
  return CTL_EXIT_OK;
}

static void
print_result (CtlContext *ctx,
              const char *out,
              const char *format)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (!ctx->json)
    {
      g_print (_("Wrote %s.\n"), out);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "out");
  json_builder_add_string_value (builder, out);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, format);
  json_builder_end_object (builder);
  ctl_print_json (builder);
}

/* --from D --to D: from the start of the first day to the end of the
 * last, in the office's time zone. */
static CtlExit
export_range (CtlContext        *ctx,
              const char        *from_text,
              const char        *to_text,
              const char *const *by,
              CfStatisticsFormat format,
              const char        *out)
{
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (ctx->session);
  g_autoptr(GDateTime) from = NULL, to = NULL;
  GError *error = NULL;
  gint64 first, last;

  if (!cf_date_parse (from_text, zone, &first, NULL, &error) ||
      !cf_date_parse (to_text, zone, NULL, &last, &error))
    {
      ctl_fail (error);
      return CTL_EXIT_USAGE;
    }
  from = g_date_time_new_from_unix_utc (first);
  to = g_date_time_new_from_unix_utc (last);
  if (!cf_statistics_export (ctx->session, from, to, by, format, out, &error))
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

static CtlExit
run_stats (CtlContext *ctx,
           int         argc,
           char      **argv)
{
  g_autofree char *from_text = NULL, *to_text = NULL, *format_text = NULL, *out = NULL, *by_text = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, NULL, NULL },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, NULL, NULL },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by_text, NULL, NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, NULL, NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, NULL, NULL },
    { NULL }
  };
  g_auto(GStrv) by = NULL;
  CfStatisticsFormat format;
  CtlExit status;

  if (!ctl_parse ("stats", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (from_text == NULL || to_text == NULL || out == NULL || format_text == NULL)
    return ctl_usage (_("stats needs --from D --to D --by FIELD[,FIELD] --format csv|json|pdf --out FILE"));
  by = by_text ? g_strsplit (by_text, ",", -1) : g_new0 (char *, 1);
  if ((status = check_arguments (from_text, to_text, format_text, (const char *const *) by,
                                 &format)) != CTL_EXIT_OK ||
      (status = ctl_sign_in (ctx)) != CTL_EXIT_OK ||
      (status = export_range (ctx, from_text, to_text, (const char *const *) by, format,
                              out)) != CTL_EXIT_OK)
    return status;
  print_result (ctx, out, format_text);
  return CTL_EXIT_OK;
}

const CtlCommand ctl_stats_commands[] = {
  { "stats", "--from D --to D --by FIELD[,FIELD] --format csv|json|pdf --out FILE", run_stats },
  { NULL }
};
