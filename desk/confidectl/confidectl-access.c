/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: subject access.  A student's records returned to them
 * (export, and the passages withheld from it first) and the register of
 * access requests with their due days. */
#include "confidectl.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cf-access-requests.h"
#include "cf-error.h"
#include "cf-student-export.h"
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

/* An id on its own line, or {"id": …} with --json. */
static void
print_id (CtlContext *ctx,
          const char *id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!ctx->json)
    {
      g_print ("%s\n", id);
      return;
    }
  json_builder_begin_object (builder);
  add_string (builder, "id", id);
  json_builder_end_object (builder);
  ctl_print_json (builder);
}

/* --- a student's records --- */

static CtlExit
run_student_export (CtlContext *ctx,
                    int         argc,
                    char      **argv)
{
  g_autofree char *format_text = NULL, *out = NULL;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, NULL, NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, NULL, NULL },
    { NULL }
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  CfStudentExportFormat format;
  GError *error = NULL;
  CtlExit status;
  guint n = 0;

  if (!ctl_parse ("student export", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if (format_text == NULL || out == NULL)
    return ctl_usage (_("student export needs --format pdf|json --out FILE"));
  if (!cf_student_export_format_from_string (format_text, &format))
    return ctl_usage (_("student export: the format must be pdf or json"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_student_export (ctx->session, argv[1], format, out, &n, &error))
    return ctl_fail (error);
  if (!ctx->json)
    {
      g_print (g_dngettext (NULL, "%u record exported\n", "%u records exported\n", n), n);
      return CTL_EXIT_OK;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "records");
  json_builder_add_int_value (builder, n);
  json_builder_end_object (builder);
  ctl_print_json (builder);
  return CTL_EXIT_OK;
}

/* Standard input to its end. */
static char *
read_stdin (GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char buffer[4096];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (text, buffer, (gssize) n);
  if (ferror (stdin))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT, _("Cannot read the passage from standard input."));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A passage is another person's words: it comes from a file or standard
 * input ("-"), never the command line, which shell history and other
 * users of the machine (/proc) can read.  The newline that ends the
 * file's last line is the file's, not the passage's. */
static char *
read_passage (const char *path,
              GError    **error)
{
  char *text = g_strcmp0 (path, "-") == 0 ? read_stdin (error) : ctl_read_text_file (path, error);

  if (text != NULL && g_str_has_suffix (text, "\r\n"))
    text[strlen (text) - 2] = '\0';
  else if (text != NULL && g_str_has_suffix (text, "\n"))
    text[strlen (text) - 1] = '\0';
  return text;
}

static CtlExit
run_student_withhold (CtlContext *ctx,
                      int         argc,
                      char      **argv)
{
  g_autofree char *record = NULL, *part = NULL, *passage_file = NULL, *passage = NULL, *reason = NULL;
  g_autofree char *id = NULL;
  GOptionEntry entries[] = {
    { "record", 0, 0, G_OPTION_ARG_STRING, &record, NULL, NULL },
    { "part", 0, 0, G_OPTION_ARG_STRING, &part, NULL, NULL },
    { "passage-file", 0, 0, G_OPTION_ARG_FILENAME, &passage_file, NULL, NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, NULL, NULL },
    { NULL }
  };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("student withhold", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if (record == NULL || reason == NULL)
    return ctl_usage (_("student withhold needs --record ID --reason TEXT"));
  if (passage_file != NULL && part == NULL)
    return ctl_usage (_("student withhold: --passage-file needs --part, the part of the record that holds it"));
  if (passage_file != NULL && (passage = read_passage (passage_file, &error)) == NULL)
    return ctl_fail (error);
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  id = cf_student_withhold (ctx->session, argv[1], record, part, passage, reason, &error);
  if (id == NULL)
    return ctl_fail (error);
  print_id (ctx, id);
  return CTL_EXIT_OK;
}

/* --- the register --- */

static CtlExit
run_access_request_add (CtlContext *ctx,
                        int         argc,
                        char      **argv)
{
  g_autofree char *student = NULL, *received_text = NULL, *id = NULL;
  GOptionEntry entries[] = {
    { "student", 0, 0, G_OPTION_ARG_STRING, &student, NULL, NULL },
    { "received", 0, 0, G_OPTION_ARG_STRING, &received_text, NULL, NULL },
    { NULL }
  };
  GError *error = NULL;
  CtlExit status;
  GDate received;

  if (!ctl_parse ("access-request add", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (student == NULL || received_text == NULL)
    return ctl_usage (_("access-request add needs --student ID --received D"));
  g_date_clear (&received, 1);
  if (!cf_day_parse (received_text, &received, &error))
    {
      g_autofree char *message = g_strdup (error->message);

      g_error_free (error);
      return ctl_usage ("access-request add: %s", message);
    }
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  id = cf_access_requests_add (ctx->session, student, &received, &error);
  if (id == NULL)
    return ctl_fail (error);
  print_id (ctx, id);
  return CTL_EXIT_OK;
}

static char *
day_text (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static void
request_to_json (JsonBuilder     *builder,
                 CfAccessRequest *request)
{
  g_autofree char *received = day_text (&request->received);
  g_autofree char *due = day_text (&request->due);

  json_builder_begin_object (builder);
  add_string (builder, "id", request->id);
  add_string (builder, "student_id", request->student_id);
  add_string (builder, "student_name", request->student_name);
  add_string (builder, "received", received);
  add_string (builder, "due", due);
  json_builder_set_member_name (builder, "extension_months");
  json_builder_add_int_value (builder, request->extension_months);
  add_string (builder, "extension_reason", request->extension_reason);
  json_builder_set_member_name (builder, "done");
  json_builder_add_boolean_value (builder, request->done_at != 0);
  json_builder_end_object (builder);
}

/* One request a line: id, student, received, due, open or done
 * (tab-separated); --json: a list of {id, student_id, student_name,
 * received, due, extension_months, extension_reason, done}. */
static CtlExit
run_access_request_list (CtlContext *ctx,
                         int         argc,
                         char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) requests = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("access-request list", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if ((requests = cf_access_requests_list (ctx->session, &error)) == NULL)
    return ctl_fail (error);
  json_builder_begin_array (builder);
  for (guint i = 0; i < requests->len; i++)
    {
      CfAccessRequest *request = requests->pdata[i];
      g_autofree char *received = day_text (&request->received);
      g_autofree char *due = day_text (&request->due);

      if (ctx->json)
        request_to_json (builder, request);
      else
        g_print ("%s\t%s\t%s\t%s\t%s\n", request->id, request->student_id, received, due,
                 request->done_at != 0 ? "done" : "open");
    }
  json_builder_end_array (builder);
  if (ctx->json)
    ctl_print_json (builder);
  return CTL_EXIT_OK;
}

static CtlExit
run_access_request_extend (CtlContext *ctx,
                           int         argc,
                           char      **argv)
{
  g_autofree char *reason = NULL;
  int months = CF_ACCESS_REQUEST_MAX_EXTENSION;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, NULL, NULL },
    { "months", 0, 0, G_OPTION_ARG_INT, &months, NULL, NULL },
    { NULL }
  };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("access-request extend", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if (reason == NULL)
    return ctl_usage (_("access-request extend needs --reason TEXT"));
  if (months < 1 || months > CF_ACCESS_REQUEST_MAX_EXTENSION)
    return ctl_usage (_("access-request extend: --months must be 1 or 2"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_access_requests_extend (ctx->session, argv[1], (guint) months, reason, &error))
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

static CtlExit
run_access_request_done (CtlContext *ctx,
                         int         argc,
                         char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("access-request done", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_access_requests_done (ctx->session, argv[1], &error))
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

const CtlCommand ctl_access_commands[] = {
  { "student export", "ID --format pdf|json --out FILE", run_student_export },
  { "student withhold",
    "ID --record RID [--part FIELD [--passage-file FILE|-]] --reason TEXT\n"
    "      (the passage's words from a file, never the command line; a reason names nobody)",
    run_student_withhold },
  { "access-request add", "--student ID --received D", run_access_request_add },
  { "access-request list", "", run_access_request_list },
  { "access-request extend", "ID --reason TEXT [--months 1|2]", run_access_request_extend },
  { "access-request done", "ID", run_access_request_done },
  { NULL }
};
