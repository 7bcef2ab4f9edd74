/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: the audit log read back (managers), as a table, JSON or a
 * CSV file. */
#include "confidectl.h"

#include <glib/gi18n.h>

#include "cf-audit-csv.h"
#include "cf-audit-log.h"
#include "cf-office.h"
#include "cf-time.h"

typedef struct {
  char *from;
  char *to;
  char *user;
  char *student;
  char *action;
  char *format;
  char *out;
  int   limit;   /* 0: every entry */
} Options;

static void
options_clear (Options *options)
{
  g_free (options->from);
  g_free (options->to);
  g_free (options->user);
  g_free (options->student);
  g_free (options->action);
  g_free (options->format);
  g_free (options->out);
}

/* What is typed is checked before signing in: a mistake is wrong usage.
 * A date's syntax does not depend on the office's time zone. */
static gboolean
options_look_right (const Options *options)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  CfAuditFilter subject_only = { .subject = options->student };

  if ((options->from && !cf_date_parse (options->from, utc, NULL, NULL, &error)) ||
      (options->to && !cf_date_parse (options->to, utc, NULL, NULL, &error)) ||
      !cf_audit_log_check_filter (&subject_only, &error))
    {
      ctl_usage ("%s", error->message);
      return FALSE;
    }
  if (options->limit < 0)
    ctl_usage (_("audit: --limit must be a positive number"));
  else if (options->format && g_strcmp0 (options->format, "csv") != 0)
    ctl_usage (_("audit: the format must be csv"));
  else if ((options->format == NULL) != (options->out == NULL))
    ctl_usage (_("audit: --format csv and --out FILE go together"));
  else
    return TRUE;
  return FALSE;
}

/* The filter in the office's time zone: --from's first second to the end
 * of --to's day; --user by name, a removed user's too. */
static gboolean
make_filter (CtlContext    *ctx,
             const Options *options,
             CfAuditFilter *filter,
             char         **user_id,
             GError       **error)
{
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (ctx->session);

  *filter = (CfAuditFilter) { .subject = options->student, .action = options->action };
  if ((options->from && !cf_date_parse (options->from, zone, &filter->from, NULL, error)) ||
      (options->to && !cf_date_parse (options->to, zone, NULL, &filter->to, error)))
    return FALSE;
  if (options->user == NULL)
    return TRUE;
  *user_id = cf_audit_log_find_user (ctx->session, options->user, error);
  filter->user_id = *user_id;
  return *user_id != NULL;
}

/* Every entry the filter keeps, up to @limit (0: all), a page at a time. */
static GListStore *
collect (CfSession           *session,
         const CfAuditFilter *filter,
         guint                limit,
         GError             **error)
{
  g_autoptr(GListStore) all = g_list_store_new (CF_TYPE_AUDIT_ENTRY);
  g_autoptr(CfAuditEntry) last = NULL;
  guint n = 0;

  for (;;)
    {
      guint want = limit ? MIN (limit - n, CF_AUDIT_LOG_PAGE_MAX) : CF_AUDIT_LOG_PAGE_MAX;
      g_autoptr(GListModel) page = NULL;
      guint got;

      if (want == 0)
        break;
      page = cf_audit_log_list (session, filter, last, want, error);
      if (page == NULL)
        return NULL;
      got = g_list_model_get_n_items (page);
      for (guint i = 0; i < got; i++)
        {
          g_autoptr(CfAuditEntry) entry = g_list_model_get_item (page, i);

          g_list_store_append (all, entry);
          g_set_object (&last, entry);
        }
      n += got;
      if (got < want)
        break;
    }
  return g_steal_pointer (&all);
}

/* --- output --- */

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

static const char *
user_shown (CfAuditEntry *entry)
{
  const char *name = cf_audit_entry_get_user_name (entry);

  return name ? name : cf_audit_entry_get_user_id (entry);
}

static void
entry_to_json (JsonBuilder  *builder,
               CfAuditEntry *entry,
               GTimeZone    *zone)
{
  g_autofree char *at = cf_time_format (cf_audit_entry_get_at (entry), zone);

  json_builder_begin_object (builder);
  add_string (builder, "at", at);
  add_string (builder, "machine", cf_audit_entry_get_machine (entry));
  add_string (builder, "user", user_shown (entry));
  add_string (builder, "action", cf_audit_entry_get_action (entry));
  add_string (builder, "subject", cf_audit_entry_get_subject (entry));
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, cf_audit_entry_get_seq (entry));
  add_string (builder, "user_id", cf_audit_entry_get_user_id (entry));
  add_string (builder, "detail", cf_audit_entry_get_detail (entry));
  json_builder_end_object (builder);
}

static void
print_entries (CtlContext *ctx,
               GListModel *entries,
               GTimeZone  *zone)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(CfAuditEntry) entry = g_list_model_get_item (entries, i);
      g_autofree char *at = cf_time_format (cf_audit_entry_get_at (entry), zone);
      const char *subject = cf_audit_entry_get_subject (entry);

      if (ctx->json)
        entry_to_json (builder, entry, zone);
      else
        g_print ("%s\t%s\t%s\t%s\t%s\n", at, cf_audit_entry_get_machine (entry),
                 user_shown (entry), cf_audit_entry_get_action (entry), subject ? subject : "-");
    }
  json_builder_end_array (builder);
  if (ctx->json)
    ctl_print_json (builder);
}

/* The file is written, and its export audited, by the library. */
static CtlExit
write_csv (CtlContext          *ctx,
           const CfAuditFilter *filter,
           guint                limit,
           const char          *out)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GError *error = NULL;
  guint n = 0;

  if (!cf_audit_log_export (ctx->session, filter, limit, out, &n, &error))
    return ctl_fail (error);
  if (!ctx->json)
    {
      /* TRANSLATORS: "Wrote audit.csv: 12 entries." */
      g_print (g_dngettext (NULL, "Wrote %s: %u entry.\n", "Wrote %s: %u entries.\n", n), out, n);
      return CTL_EXIT_OK;
    }
  json_builder_begin_object (builder);
  add_string (builder, "out", out);
  json_builder_set_member_name (builder, "entries");
  json_builder_add_int_value (builder, n);
  json_builder_end_object (builder);
  ctl_print_json (builder);
  return CTL_EXIT_OK;
}

static CtlExit
run_audit (CtlContext *ctx,
           int         argc,
           char      **argv)
{
  Options options = { 0 };
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from, NULL, NULL },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to, NULL, NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &options.user, NULL, NULL },
    { "student", 0, 0, G_OPTION_ARG_STRING, &options.student, NULL, NULL },
    { "action", 0, 0, G_OPTION_ARG_STRING, &options.action, NULL, NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &options.limit, NULL, NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &options.format, NULL, NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &options.out, NULL, NULL },
    { NULL }
  };
  g_autoptr(GListStore) found = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *user_id = NULL;
  CfAuditFilter filter;
  GError *error = NULL;
  CtlExit status = CTL_EXIT_USAGE;

  if (ctl_parse ("audit", entries, &argc, &argv, 0) && options_look_right (&options) &&
      (status = ctl_sign_in (ctx)) == CTL_EXIT_OK)
    {
      zone = cf_office_get_time_zone (ctx->session);
      if (!make_filter (ctx, &options, &filter, &user_id, &error))
        status = ctl_fail (error);
      else if (options.out)
        status = write_csv (ctx, &filter, (guint) options.limit, options.out);
      else if ((found = collect (ctx->session, &filter, (guint) options.limit, &error)) == NULL)
        status = ctl_fail (error);
      else
        print_entries (ctx, G_LIST_MODEL (found), zone);
    }
  options_clear (&options);
  return status;
}

const CtlCommand ctl_audit_commands[] = {
  { "audit", "[--from D] [--to D] [--user NAME] [--student ID] [--action A] [--limit N] [--format csv --out FILE]", run_audit },
  { NULL }
};
