/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-audit-csv.h"

#include <glib/gstdio.h>

#include "cf-audit-entry.h"
#include "cf-audit-log.h"
#include "cf-audit-private.h"
#include "cf-files.h"
#include "cf-office.h"
#include "cf-session-private.h"
#include "cf-text.h"
#include "cf-time.h"

static void
csv_begin (GString *out)
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
      cf_csv_append_field (out, cells[c] ? cells[c] : "");
    }
  g_string_append (out, "\r\n");
}

static void
csv_append (GString    *out,
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

typedef struct {
  const CfAuditFilter *filter;
  guint                limit;
  const char          *path;
  GTimeZone           *zone;
  guint                n;
  gboolean             written;
} Export;

/* Every page the filter keeps, up to the limit, under the one lock: no
 * entry arrives or goes between two pages. */
static gboolean
read_all (CfSession *session,
          Export    *export,
          GString   *csv,
          GError   **error)
{
  g_autoptr(CfAuditEntry) last = NULL;
  guint want, got;

  do
    {
      g_autoptr(GListModel) page = NULL;

      want = export->limit ? MIN (export->limit - export->n, CF_AUDIT_LOG_PAGE_MAX)
                           : CF_AUDIT_LOG_PAGE_MAX;
      if (want == 0)
        break;
      page = _cf_audit_list (cf_session_get_store (session), export->filter, last, want, error);
      if (page == NULL)
        return FALSE;
      csv_append (csv, page, export->zone);
      got = g_list_model_get_n_items (page);
      export->n += got;
      if (got > 0)
        {
          g_clear_object (&last);
          last = g_list_model_get_item (page, got - 1);
        }
    }
  while (got == want);
  return TRUE;
}

/* Read, written, then audited: the transaction commits only once the file
 * is there, and a failed commit removes it. */
static gboolean
export_in_transaction (CfSession *session,
                       gpointer   data,
                       GError   **error)
{
  Export *export = data;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree char *detail = NULL;

  csv_begin (csv);
  if (!read_all (session, export, csv, error) ||
      !cf_files_write_atomic (export->path, csv->str, csv->len, error))
    return FALSE;
  export->written = TRUE;
  /* The count only: the filter's subject is an id, checked before. */
  detail = g_strdup_printf ("%u", export->n);
  return _cf_session_audit (session, "audit-exported", export->filter->subject, detail, error);
}

gboolean
cf_audit_log_export (CfSession           *session,
                     const CfAuditFilter *filter,
                     guint                limit,
                     const char          *path,
                     guint               *n_entries,
                     GError             **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  Export export = { filter, limit, path, NULL, 0, FALSE };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (filter != NULL && path != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_VIEW_AUDIT, error) ||
      !cf_audit_log_check_filter (filter, error))
    return FALSE;
  zone = cf_office_get_time_zone (session);
  export.zone = zone;
  if (!_cf_session_write (session, export_in_transaction, &export, error))
    {
      if (export.written)
        g_unlink (path);
      return FALSE;
    }
  if (n_entries != NULL)
    *n_entries = export.n;
  return TRUE;
}
