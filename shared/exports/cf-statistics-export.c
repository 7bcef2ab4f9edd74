/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing anonymised statistics to a file the manager chose. */
#include "cf-statistics-export.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cf-files.h"
#include "cf-session-private.h"

/* Format and fields only: codes, never anything typed. */
static gboolean
audit_export (CfSession *session,
              gpointer   data,
              GError   **error)
{
  return _cf_session_audit (session, "statistics-exported", NULL, data, error);
}

/* The PDF's charts are by month and by topic whatever the table is
 * grouped by: two more reports over the same range. */
static GBytes *
make_pdf (CfSession          *session,
          CfStatisticsReport *report,
          GError            **error)
{
  GDateTime *from = cf_statistics_report_get_from (report);
  GDateTime *to = cf_statistics_report_get_to (report);
  g_autoptr(CfStatisticsReport) by_month = NULL, by_topic = NULL;

  by_month = cf_statistics_report_new (session, from, to, (const char *const[]) { "month", NULL }, error);
  if (by_month == NULL)
    return NULL;
  by_topic = cf_statistics_report_new (session, from, to, (const char *const[]) { "topic", NULL }, error);
  if (by_topic == NULL)
    return NULL;
  return cf_statistics_write_pdf (report, by_month, by_topic, error);
}

static GBytes *
make_bytes (CfSession          *session,
            CfStatisticsReport *report,
            CfStatisticsFormat  format,
            GError            **error)
{
  char *text;

  switch (format)
    {
    case CF_STATISTICS_FORMAT_CSV:
      text = cf_statistics_write_csv (report);
      return g_bytes_new_take (text, strlen (text));
    case CF_STATISTICS_FORMAT_JSON:
      text = cf_statistics_write_json (report);
      return g_bytes_new_take (text, strlen (text));
    case CF_STATISTICS_FORMAT_PDF:
    default:
      return make_pdf (session, report, error);
    }
}

gboolean
cf_statistics_export (CfSession         *session,
                      GDateTime         *from,
                      GDateTime         *to,
                      const char *const *by,
                      CfStatisticsFormat format,
                      const char        *path,
                      GError           **error)
{
  g_autoptr(CfStatisticsReport) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *fields = NULL, *detail = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format <= CF_STATISTICS_FORMAT_PDF, FALSE);

  report = cf_statistics_report_new (session, from, to, by, error);
  if (report == NULL)
    return FALSE;
  bytes = make_bytes (session, report, format, error);
  if (bytes == NULL ||
      !cf_files_write_atomic (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    return FALSE;
  fields = by && by[0] ? g_strjoinv (",", (char **) by) : g_strdup ("total");
  detail = g_strdup_printf ("%s %s", cf_statistics_format_to_string (format), fields);
  /* No file leaves unaudited: if the entry cannot be written, the file goes. */
  if (_cf_session_write (session, audit_export, detail, error))
    return TRUE;
  g_unlink (path);
  return FALSE;
}
