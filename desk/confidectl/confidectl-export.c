/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: exports. */
#include "confidectl.h"

#include <glib/gi18n.h>

#include "cf-error.h"
#include "cf-office.h"
#include "cf-security-notice.h"
#include "cf-time.h"

#ifdef __SANITIZE_ADDRESS__
/* Only in sanitizer builds: fontconfig (below the PDF notice's Pango) loses
 * a few hundred bytes once while parsing its own configuration, which
 * would otherwise fail every leak-checked run of this tool. */
const char *__lsan_default_suppressions (void);
const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

/* …quietly, so standard error stays one line as scripts expect. */
const char *__lsan_default_options (void);
const char *
__lsan_default_options (void)
{
  return "print_suppressions=0";
}
#endif

/* A date's syntax does not depend on the office's time zone, so a typing
 * mistake is reported before anyone is asked for a passphrase. */
static gboolean
dates_look_right (const char *from,
                  const char *to)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  gint64 first, last;

  if (!cf_date_parse (from, utc, &first, NULL, &error) ||
      !cf_date_parse (to, utc, &last, NULL, &error))
    {
      ctl_usage ("%s", error->message);
      return FALSE;
    }
  if (last < first)
    {
      ctl_usage (_("export-security: --to must not be before --from"));
      return FALSE;
    }
  return TRUE;
}

static void
print_result (CtlContext *ctx,
              const char *out,
              guint       n_appointments,
              guint       n_students)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (!ctx->json)
    {
      g_autofree char *appointments = g_strdup_printf (g_dngettext (NULL, "%u appointment",
                                                                    "%u appointments", n_appointments),
                                                       n_appointments);
      g_autofree char *students = g_strdup_printf (g_dngettext (NULL, "%u student", "%u students",
                                                                n_students),
                                                   n_students);

      /* TRANSLATORS: "Wrote notice.ics: 3 appointments of 2 students." */
      g_print (_("Wrote %s: %s of %s.\n"), out, appointments, students);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "out");
  json_builder_add_string_value (builder, out);
  json_builder_set_member_name (builder, "appointments");
  json_builder_add_int_value (builder, n_appointments);
  json_builder_set_member_name (builder, "students");
  json_builder_add_int_value (builder, n_students);
  json_builder_end_object (builder);
  ctl_print_json (builder);
}

/* --from D --to D: from the start of the first day to the end of the
 * last, in the office's time zone. */
static CtlExit
run_export_security (CtlContext *ctx,
                     int         argc,
                     char      **argv)
{
  g_autofree char *from_text = NULL, *to_text = NULL, *format_text = NULL, *out = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, NULL, NULL },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, NULL, NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, NULL, NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, NULL, NULL },
    { NULL }
  };
  g_autoptr(GTimeZone) zone = NULL;
  CfSecurityFormat format;
  GError *error = NULL;
  gint64 from, to;
  guint n_appointments = 0, n_students = 0;
  CtlExit status;

  if (!ctl_parse ("export-security", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (from_text == NULL || to_text == NULL || out == NULL || format_text == NULL)
    return ctl_usage (_("export-security needs --from D --to D --format ics|csv|pdf --out FILE"));
  if (!cf_security_format_from_string (format_text, &format))
    return ctl_usage (_("export-security: the format must be ics, csv or pdf"));
  if (!dates_look_right (from_text, to_text))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;

  zone = cf_office_get_time_zone (ctx->session);
  if (!cf_date_parse (from_text, zone, &from, NULL, &error) ||
      !cf_date_parse (to_text, zone, NULL, &to, &error))
    {
      ctl_fail (error);
      return CTL_EXIT_USAGE;
    }
  if (!cf_security_notice_export (ctx->session, from, to, format, out,
                                  &n_appointments, &n_students, &error))
    return ctl_fail (error);
  print_result (ctx, out, n_appointments, n_students);
  return CTL_EXIT_OK;
}

const CtlCommand ctl_export_commands[] = {
  { "export-security", "--from D --to D --format ics|csv|pdf --out FILE", run_export_security },
  { NULL }
};
