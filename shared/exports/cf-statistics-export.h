/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "cf-statistics-report.h"

G_BEGIN_DECLS

/* Anonymised statistics as they leave the office: CSV and JSON for
 * spreadsheets, a PDF report with bar charts.  Every writer takes a
 * CfStatisticsReport, whose counts are already rounded under the rule
 * (cf-statistics-report.c), and states the rule at its foot, so no file
 * or chart made here can show an exact count. */

typedef enum {
  CF_STATISTICS_FORMAT_CSV,
  CF_STATISTICS_FORMAT_JSON,
  CF_STATISTICS_FORMAT_PDF,
} CfStatisticsFormat;

const char *cf_statistics_format_to_string   (CfStatisticsFormat  format);
gboolean    cf_statistics_format_from_string (const char         *text,
                                              CfStatisticsFormat *format);

/* RFC 4180 with CRLF: a header of the fields grouped by, then "students,
 * cases,contacts,median_wait_minutes"; a row per group, a row "total"
 * (or only that row, unlabelled, grouped by nothing), an empty line and
 * the rule in a cell of its own. */
char   *cf_statistics_write_csv  (CfStatisticsReport *report);
/* interfaces.md's shape: {"rule", "rows": [{"group": {FIELD: VALUE},
 * "students", "cases", "contacts", "median_wait_minutes"}], "total"},
 * a hidden median as "..", an unknown value as null. */
char   *cf_statistics_write_json (CfStatisticsReport *report);
/* A printable A4 report: the table, its total, and bars of contacts by
 * month (@by_month) and by topic (@by_topic), the rule at the foot of
 * every page. */
GBytes *cf_statistics_write_pdf  (CfStatisticsReport *report,
                                  CfStatisticsReport *by_month,
                                  CfStatisticsReport *by_topic,
                                  GError            **error);

/* A horizontal bar for each row of @report (grouped by one field) of its
 * contacts, with its label and count, drawn into @width × @height from
 * the current point's origin of @cr, text in @cr's current source.
 * @context: the Pango context to lay text out with, NULL for @cr's own. */
void        cf_statistics_chart_draw     (cairo_t            *cr,
                                          PangoContext       *context,
                                          CfStatisticsReport *report,
                                          const char         *title,
                                          double              width,
                                          double              height);
/* The chart in words, for a screen reader: "@title: A, 10; B, 5." */
char       *cf_statistics_chart_describe (CfStatisticsReport *report,
                                          const char         *title);
/* A group's value of @field as a person reads it: an outcome's, a
 * gender's or an ethnic group's words for its code, "Not known" for none,
 * anything else as it is. */
const char *cf_statistics_group_label    (const char         *field,
                                          const char         *value);

/* Counts [@from, @to) by @by, writes it as @format to @path (a name the
 * manager chose) in place, and audits the export (format and fields).
 * Managers only.  Slow (database and disk): from a window, run it on the
 * store's thread. */
gboolean cf_statistics_export (CfSession         *session,
                               GDateTime         *from,
                               GDateTime         *to,
                               const char *const *by,
                               CfStatisticsFormat format,
                               const char        *path,
                               GError           **error);

G_END_DECLS
