/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-audit-csv.h"

#include <string.h>

#include "cf-audit-entry.h"
#include "cf-time.h"

/* A spreadsheet runs a cell that starts like a formula; a leading
 * apostrophe keeps a hostile user name from doing so. */
static void
append_csv_field (GString    *out,
                  const char *value)
{
  gboolean formula = value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL;

  if (!formula && value[strcspn (value, ",\"\r\n")] == '\0')
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
cf_audit_csv_begin (GString *out)
{
  g_string_append (out, "at,machine,seq,user,user_id,action,subject,detail\r\n");
}

static void
append_entry (GString      *out,
              CfAuditEntry *entry,
              GTimeZone    *zone)
{
  g_autofree char *at = cf_time_format (cf_audit_entry_get_at (entry), zone);
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, cf_audit_entry_get_seq (entry));
  const char *user = cf_audit_entry_get_user_name (entry);
  const char *cells[] = {
    at, cf_audit_entry_get_machine (entry), seq,
    user ? user : cf_audit_entry_get_user_id (entry), cf_audit_entry_get_user_id (entry),
    cf_audit_entry_get_action (entry), cf_audit_entry_get_subject (entry),
    cf_audit_entry_get_detail (entry),
  };

  for (gsize c = 0; c < G_N_ELEMENTS (cells); c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      append_csv_field (out, cells[c] ? cells[c] : "");
    }
  g_string_append (out, "\r\n");
}

void
cf_audit_csv_append (GString    *out,
                     GListModel *entries,
                     GTimeZone  *zone)
{
  g_return_if_fail (out != NULL && G_IS_LIST_MODEL (entries) && zone != NULL);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(CfAuditEntry) entry = g_list_model_get_item (entries, i);

      append_entry (out, entry, zone);
    }
}
