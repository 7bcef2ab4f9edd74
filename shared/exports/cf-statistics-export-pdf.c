/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The anonymised statistics as a printable report: the table of rounded
 * counts, then bars of contacts by month and by topic, the rule at the
 * foot of every page. */
#include "cf-statistics-export.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "cf-error.h"

/* A4 in points, with margins a printer will not clip. */
#define PAGE_WIDTH   595.276
#define PAGE_HEIGHT  841.890
#define MARGIN       50.0
#define CELL_PAD     4.0
#define FOOTER       70.0
#define N_COUNTS     4           /* students, cases, contacts, median wait */
#define COUNT_SHARE  0.15

typedef struct {
  cairo_t              *cr;
  PangoContext         *context;
  PangoFontDescription *body;
  PangoFontDescription *bold;
  PangoFontDescription *title;
  PangoFontDescription *small;
  CfStatisticsReport   *report;
  guint                 n_by;
  char                 *range;
  guint                 n_pages;
} Pdf;

static double
draw_text (Pdf                        *pdf,
           const char                 *text,
           const PangoFontDescription *font,
           double                      x,
           double                      y,
           double                      width,
           gboolean                    draw)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (pdf->context);
  int height;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, pango_units_from_double (width));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  if (draw)
    {
      cairo_move_to (pdf->cr, x, y);
      pango_cairo_show_layout (pdf->cr, layout);
    }
  pango_layout_get_size (layout, NULL, &height);
  return pango_units_to_double (height);
}

static double
column_width (Pdf  *pdf,
              guint column)
{
  double width = PAGE_WIDTH - 2 * MARGIN;

  if (column >= pdf->n_by)
    return width * COUNT_SHARE;
  return width * (1 - N_COUNTS * COUNT_SHARE) / MAX (pdf->n_by, 1);
}

/* Measures (and with @draw, draws) one table row of n_by + N_COUNTS
 * cells; returns its height. */
static double
draw_cells (Pdf                        *pdf,
            const char *const          *cells,
            const PangoFontDescription *font,
            double                      y,
            gboolean                    draw)
{
  double x = MARGIN, height = 0;

  for (guint c = 0; c < pdf->n_by + N_COUNTS; c++)
    {
      double width = column_width (pdf, c);

      height = MAX (height, draw_text (pdf, cells[c], font, x + CELL_PAD, y + CELL_PAD,
                                       width - 2 * CELL_PAD, draw));
      x += width;
    }
  height += 2 * CELL_PAD;
  if (draw)
    {
      cairo_set_line_width (pdf->cr, 0.5);
      cairo_move_to (pdf->cr, MARGIN, y + height);
      cairo_line_to (pdf->cr, PAGE_WIDTH - MARGIN, y + height);
      cairo_stroke (pdf->cr);
    }
  return height;
}

/* A row's cells: its group's labels (or "Total"), then its counts. */
static GStrv
row_cells (Pdf                   *pdf,
           const CfStatisticsRow *row,
           gboolean               total)
{
  GStrv cells = g_new0 (char *, pdf->n_by + N_COUNTS + 1);

  for (guint i = 0; i < pdf->n_by; i++)
    cells[i] = g_strdup (total ? (i == 0 ? _("Total") : "")
                               : cf_statistics_group_label (cf_statistics_report_get_by (pdf->report)[i],
                                                          row->group[i]));
  cells[pdf->n_by] = g_strdup_printf ("%u", row->students);
  cells[pdf->n_by + 1] = g_strdup_printf ("%u", row->cases);
  cells[pdf->n_by + 2] = g_strdup_printf ("%u", row->contacts);
  cells[pdf->n_by + 3] = cf_statistics_format_median (row->median_wait);
  return cells;
}

static double
draw_page_top (Pdf     *pdf,
               gboolean draw)
{
  const char *const *by = cf_statistics_report_get_by (pdf->report);
  g_autoptr(GPtrArray) heads = g_ptr_array_new ();
  double width = PAGE_WIDTH - 2 * MARGIN, y = MARGIN;

  for (guint i = 0; i < pdf->n_by; i++)
    g_ptr_array_add (heads, (gpointer) by[i]);
  g_ptr_array_add (heads, _("Students"));
  g_ptr_array_add (heads, _("Cases"));
  g_ptr_array_add (heads, _("Contacts"));
  g_ptr_array_add (heads, _("Median wait (minutes)"));
  y += draw_text (pdf, _("Anonymised statistics"), pdf->title, MARGIN, y, width, draw) + 4;
  y += draw_text (pdf, pdf->range, pdf->body, MARGIN, y, width, draw) + 12;
  return y + draw_cells (pdf, (const char *const *) heads->pdata, pdf->bold, y, draw);
}

static void
draw_page_foot (Pdf  *pdf,
                guint page)
{
  g_autofree char *text = g_strdup_printf (_("Page %u of %u"), page, pdf->n_pages);
  double width = PAGE_WIDTH - 2 * MARGIN, y = PAGE_HEIGHT - MARGIN - FOOTER + CELL_PAD;

  y += draw_text (pdf, cf_statistics_rule (), pdf->small, MARGIN, y, width, TRUE) + CELL_PAD;
  draw_text (pdf, text, pdf->small, MARGIN, y, width, TRUE);
}

/* The table's rows (the total last), split into pages: the index of each
 * page's first row, and the number of rows at the end. */
static GArray *
paginate (Pdf       *pdf,
          GPtrArray *rows)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (guint));
  double top = draw_page_top (pdf, FALSE), bottom = PAGE_HEIGHT - MARGIN - FOOTER;
  double y = top;
  guint zero = 0;

  g_array_append_val (starts, zero);
  for (guint i = 0; i < rows->len; i++)
    {
      double height = draw_cells (pdf, rows->pdata[i], pdf->body, 0, FALSE);

      if (y + height > bottom && y > top)
        {
          g_array_append_val (starts, i);
          y = top;
        }
      y += height;
    }
  g_array_append_val (starts, rows->len);
  return starts;
}

static void
draw_charts (Pdf                *pdf,
             CfStatisticsReport *by_month,
             CfStatisticsReport *by_topic)
{
  double width = PAGE_WIDTH - 2 * MARGIN;
  double height = (PAGE_HEIGHT - 2 * MARGIN - FOOTER) / 2 - 20;

  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
  cairo_save (pdf->cr);
  cairo_translate (pdf->cr, MARGIN, MARGIN);
  cf_statistics_chart_draw (pdf->cr, pdf->context, by_month, _("Contacts by month"), width, height);
  cairo_translate (pdf->cr, 0, height + 40);
  cf_statistics_chart_draw (pdf->cr, pdf->context, by_topic, _("Contacts by topic"), width, height);
  cairo_restore (pdf->cr);
}

static void
draw_pages (Pdf                *pdf,
            GPtrArray          *rows,
            CfStatisticsReport *by_month,
            CfStatisticsReport *by_topic)
{
  g_autoptr(GArray) starts = paginate (pdf, rows);
  guint n_table_pages = starts->len - 1;

  pdf->n_pages = n_table_pages + 1;
  for (guint page = 0; page < n_table_pages; page++)
    {
      double y = draw_page_top (pdf, TRUE);

      for (guint i = g_array_index (starts, guint, page); i < g_array_index (starts, guint, page + 1); i++)
        y += draw_cells (pdf, rows->pdata[i], pdf->body, y, TRUE);
      draw_page_foot (pdf, page + 1);
      cairo_show_page (pdf->cr);
    }
  draw_charts (pdf, by_month, by_topic);
  draw_page_foot (pdf, pdf->n_pages);
  cairo_show_page (pdf->cr);
}

static char *
range_text (CfStatisticsReport *report)
{
  g_autoptr(GDateTime) first = g_date_time_to_local (cf_statistics_report_get_from (report));
  g_autoptr(GDateTime) to = g_date_time_to_local (cf_statistics_report_get_to (report));
  g_autoptr(GDateTime) last = g_date_time_add_seconds (to, -1);
  g_autofree char *first_text = g_date_time_format (first, "%Y-%m-%d");
  g_autofree char *last_text = g_date_time_format (last, "%Y-%m-%d");

  return g_strdup_printf (_("From %s to %s"), first_text, last_text);
}

static GPtrArray *
table_rows (Pdf *pdf)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  CfStatisticsReport *report = pdf->report;

  for (guint i = 0; pdf->n_by > 0 && i < cf_statistics_report_get_n_rows (report); i++)
    g_ptr_array_add (rows, row_cells (pdf, cf_statistics_report_get_row (report, i), FALSE));
  g_ptr_array_add (rows, row_cells (pdf, cf_statistics_report_get_total (report), TRUE));
  return rows;
}

static void
pdf_draw (cairo_surface_t    *surface,
          CfStatisticsReport *report,
          CfStatisticsReport *by_month,
          CfStatisticsReport *by_topic)
{
  /* A font map of its own, released afterwards: the default one lives as
   * long as its thread and keeps fontconfig's patterns with it. */
  g_autoptr(PangoFontMap) font_map = pango_cairo_font_map_new ();
  g_autoptr(GPtrArray) rows = NULL;
  Pdf pdf = { 0 };

  pdf.cr = cairo_create (surface);
  pdf.context = pango_font_map_create_context (font_map);
  pango_cairo_update_context (pdf.cr, pdf.context);
  pdf.body = pango_font_description_from_string ("Sans 10");
  pdf.bold = pango_font_description_from_string ("Sans Bold 10");
  pdf.title = pango_font_description_from_string ("Sans Bold 16");
  pdf.small = pango_font_description_from_string ("Sans 8");
  pdf.report = report;
  pdf.n_by = g_strv_length ((char **) cf_statistics_report_get_by (report));
  pdf.range = range_text (report);
  rows = table_rows (&pdf);
  draw_pages (&pdf, rows, by_month, by_topic);

  g_free (pdf.range);
  pango_font_description_free (pdf.body);
  pango_font_description_free (pdf.bold);
  pango_font_description_free (pdf.title);
  pango_font_description_free (pdf.small);
  g_object_unref (pdf.context);
  cairo_destroy (pdf.cr);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
cf_statistics_write_pdf (CfStatisticsReport *report,
                         CfStatisticsReport *by_month,
                         CfStatisticsReport *by_topic,
                         GError            **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (report != NULL && by_month != NULL && by_topic != NULL, NULL);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Anonymised statistics"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Confide");
  pdf_draw (surface, report, by_month, by_topic);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_FAILED,
                   _("The PDF report could not be made (%s). Try the CSV or JSON format."),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
