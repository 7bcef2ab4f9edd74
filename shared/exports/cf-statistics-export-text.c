/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Anonymised statistics as CSV and JSON, from a report's rounded counts. */
#include "cf-statistics-export.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cf-cases.h"
#include "cf-monitoring.h"
#include "cf-text.h"

static const char *const format_names[] = { "csv", "json", "pdf" };

const char *
cf_statistics_format_to_string (CfStatisticsFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (format_names), NULL);
  return format_names[format];
}

gboolean
cf_statistics_format_from_string (const char         *text,
                                  CfStatisticsFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (text, format_names[i]) == 0)
      {
        *format = (CfStatisticsFormat) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cf_statistics_group_label (const char *field,
                           const char *value)
{
  const char *label = NULL;

  if (value == NULL)
    return _("Not known");
  if (g_strcmp0 (field, "outcome") == 0)
    return cf_cases_outcome_label (value);
  if (g_strcmp0 (field, "gender") == 0)
    label = cf_monitoring_label (cf_monitoring_genders (), value);
  else if (g_strcmp0 (field, "ethnicity") == 0)
    label = cf_monitoring_label (cf_monitoring_ethnicities (), value);
  return label != NULL ? _(label) : value;
}

/* --- CSV --- */

static void
append_csv_counts (GString               *out,
                   const CfStatisticsRow *row)
{
  g_autofree char *median = cf_statistics_format_median (row->median_wait);

  g_string_append_printf (out, "%u,%u,%u,%s\r\n", row->students, row->cases, row->contacts, median);
}

char *
cf_statistics_write_csv (CfStatisticsReport *report)
{
  const char *const *by = cf_statistics_report_get_by (report);
  guint n_by = g_strv_length ((char **) by);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_by; i++)
    g_string_append_printf (out, "%s,", by[i]);
  g_string_append (out, "students,cases,contacts,median_wait_minutes\r\n");
  for (guint r = 0; n_by > 0 && r < cf_statistics_report_get_n_rows (report); r++)
    {
      const CfStatisticsRow *row = cf_statistics_report_get_row (report, r);

      for (guint i = 0; i < n_by; i++)
        {
          cf_csv_append_field (out, row->group[i] ? row->group[i] : "");
          g_string_append_c (out, ',');
        }
      append_csv_counts (out, row);
    }
  for (guint i = 0; i < n_by; i++)
    g_string_append (out, i == 0 ? "total," : ",");
  append_csv_counts (out, cf_statistics_report_get_total (report));
  g_string_append (out, "\r\n");
  cf_csv_append_field (out, cf_statistics_rule ());
  g_string_append (out, "\r\n");
  return g_string_free (out, FALSE);
}

/* --- JSON --- */

static void
add_counts (JsonBuilder           *builder,
            const CfStatisticsRow *row)
{
  json_builder_set_member_name (builder, "students");
  json_builder_add_int_value (builder, row->students);
  json_builder_set_member_name (builder, "cases");
  json_builder_add_int_value (builder, row->cases);
  json_builder_set_member_name (builder, "contacts");
  json_builder_add_int_value (builder, row->contacts);
  json_builder_set_member_name (builder, "median_wait_minutes");
  if (row->median_wait < 0)
    json_builder_add_string_value (builder, "..");
  else
    json_builder_add_double_value (builder, row->median_wait);
}

static void
add_row (JsonBuilder           *builder,
         const char *const     *by,
         const CfStatisticsRow *row)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "group");
  json_builder_begin_object (builder);
  for (guint i = 0; by[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, by[i]);
      if (row->group[i] != NULL)
        json_builder_add_string_value (builder, row->group[i]);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  add_counts (builder, row);
  json_builder_end_object (builder);
}

char *
cf_statistics_write_json (CfStatisticsReport *report)
{
  const char *const *by = cf_statistics_report_get_by (report);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rule");
  json_builder_add_string_value (builder, cf_statistics_rule ());
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint r = 0; by[0] != NULL && r < cf_statistics_report_get_n_rows (report); r++)
    add_row (builder, by, cf_statistics_report_get_row (report, r));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_begin_object (builder);
  add_counts (builder, cf_statistics_report_get_total (report));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
