/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bar charts of anonymised statistics, for the PDF report and the desk's
 * page alike: they draw a report's rows, which hold rounded counts only. */
#include "cf-statistics-export.h"

#include <pango/pangocairo.h>

#define LABEL_SHARE 0.35
#define VALUE_WIDTH 40.0
#define GAP         4.0
#define MAX_BAR     22.0

static PangoLayout *
new_layout (cairo_t      *cr,
            PangoContext *context,
            const char   *text,
            gboolean      bold,
            double        width)
{
  PangoLayout *layout = context ? pango_layout_new (context) : pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (bold ? "Sans Bold 10"
                                                                                   : "Sans 9");

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, pango_units_from_double (width));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Draws @text with its middle at @y; returns its height. */
static double
show_text (cairo_t         *cr,
           PangoContext    *context,
           cairo_pattern_t *ink,
           const char      *text,
           gboolean         bold,
           double           x,
           double           y,
           double           width)
{
  g_autoptr(PangoLayout) layout = new_layout (cr, context, text, bold, width);
  int height;

  pango_layout_get_size (layout, NULL, &height);
  cairo_set_source (cr, ink);
  cairo_move_to (cr, x, y - pango_units_to_double (height) / 2);
  pango_cairo_show_layout (cr, layout);
  return pango_units_to_double (height);
}

static guint
largest (CfStatisticsReport *report)
{
  guint most = 5;

  for (guint i = 0; i < cf_statistics_report_get_n_rows (report); i++)
    most = MAX (most, cf_statistics_report_get_row (report, i)->contacts);
  return most;
}

static void
draw_bar (cairo_t               *cr,
          PangoContext          *context,
          cairo_pattern_t       *ink,
          const char            *field,
          const CfStatisticsRow *row,
          double                 y,
          double                 bar,
          double                 width,
          guint                  most)
{
  double label_width = width * LABEL_SHARE;
  double room = width - label_width - VALUE_WIDTH - 2 * GAP;
  double length = room * row->contacts / most;
  g_autofree char *value = g_strdup_printf ("%u", row->contacts);

  show_text (cr, context, ink, cf_statistics_group_label (field, row->group[0]), FALSE, 0, y + bar / 2,
             label_width);
  cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
  cairo_rectangle (cr, label_width + GAP, y + bar * 0.15, length, bar * 0.7);
  cairo_fill (cr);
  show_text (cr, context, ink, value, FALSE, label_width + 2 * GAP + length, y + bar / 2,
             VALUE_WIDTH);
}

void
cf_statistics_chart_draw (cairo_t            *cr,
                          PangoContext       *context,
                          CfStatisticsReport *report,
                          const char         *title,
                          double              width,
                          double              height)
{
  guint n = cf_statistics_report_get_n_rows (report), most = largest (report);
  cairo_pattern_t *ink;
  double top, bar;

  g_return_if_fail (cr != NULL && report != NULL && title != NULL);

  ink = cairo_pattern_reference (cairo_get_source (cr));
  cairo_save (cr);
  top = show_text (cr, context, ink, title, TRUE, 0, 10, width) + 2 * GAP;
  bar = n > 0 ? MIN (MAX_BAR, (height - top) / n) : 0;
  for (guint i = 0; i < n; i++)
    draw_bar (cr, context, ink, cf_statistics_report_get_by (report)[0],
              cf_statistics_report_get_row (report, i), top + i * bar, bar,
              width, most);
  cairo_restore (cr);
  cairo_pattern_destroy (ink);
}

char *
cf_statistics_chart_describe (CfStatisticsReport *report,
                              const char         *title)
{
  GString *text = g_string_new (title);
  guint n = cf_statistics_report_get_n_rows (report);

  g_string_append (text, ":");
  for (guint i = 0; i < n; i++)
    {
      const CfStatisticsRow *row = cf_statistics_report_get_row (report, i);

      g_string_append_printf (text, " %s, %u%s",
                              cf_statistics_group_label (cf_statistics_report_get_by (report)[0], row->group[0]),
                              row->contacts, i + 1 < n ? ";" : ".");
    }
  return g_string_free (text, FALSE);
}
