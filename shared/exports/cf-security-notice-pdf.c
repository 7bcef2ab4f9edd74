/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-security-notice-private.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "cf-error.h"
#include "cf-time.h"

/* A4 in points, with margins a printer will not clip. */
#define PAGE_WIDTH   595.276
#define PAGE_HEIGHT  841.890
#define MARGIN       50.0
#define CELL_PAD     4.0
#define FOOTER       30.0

static const double column_shares[N_CELLS] = { 0.38, 0.18, 0.20, 0.12, 0.12 };

typedef struct {
  cairo_t              *cr;
  PangoContext         *context;
  PangoFontDescription *body;
  PangoFontDescription *bold;
  PangoFontDescription *title;
  char                 *range;
  guint                 n_pages;
} Pdf;

static double
column_width (guint column)
{
  return (PAGE_WIDTH - 2 * MARGIN) * column_shares[column];
}

/* Pango shapes every script and lays right-to-left names out as their
 * readers expect, which cairo's own text calls cannot. */
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

/* Measures (and with @draw, draws) one table row; returns its height. */
static double
draw_cells (Pdf                        *pdf,
            char                       *cells[N_CELLS],
            const PangoFontDescription *font,
            double                      y,
            gboolean                    draw)
{
  double x = MARGIN, height = 0;

  for (guint c = 0; c < N_CELLS; c++)
    {
      double width = column_width (c);

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

/* The title, the period and the column heads, on every page; returns
 * where the first row goes. */
static double
draw_page_top (Pdf     *pdf,
               gboolean draw)
{
  char *heads[N_CELLS] = {
    _("Name"), _("Student ID"), _("Date"), _("Start"), _("End"),
  };
  double width = PAGE_WIDTH - 2 * MARGIN, y = MARGIN;

  y += draw_text (pdf, _("Appointment times"), pdf->title, MARGIN, y, width, draw) + 4;
  y += draw_text (pdf, pdf->range, pdf->body, MARGIN, y, width, draw) + 2;
  y += draw_text (pdf, _("Confidential: for University Security only."),
                  pdf->body, MARGIN, y, width, draw) + 12;
  return y + draw_cells (pdf, heads, pdf->bold, y, draw);
}

static void
draw_page_foot (Pdf  *pdf,
                guint page)
{
  g_autofree char *text = g_strdup_printf (_("Page %u of %u"), page, pdf->n_pages);

  draw_text (pdf, text, pdf->body, MARGIN, PAGE_HEIGHT - MARGIN, PAGE_WIDTH - 2 * MARGIN, TRUE);
}

/* Splits the rows into pages; returns the index of each page's first row
 * (and n_rows at the end), so "Page 1 of N" is known before drawing. */
static GArray *
paginate (Pdf   *pdf,
          Cells *cells,
          guint  n_rows)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (guint));
  double top = draw_page_top (pdf, FALSE), bottom = PAGE_HEIGHT - MARGIN - FOOTER;
  double y = top;
  guint zero = 0;

  g_array_append_val (starts, zero);
  for (guint i = 0; i < n_rows; i++)
    {
      double height = draw_cells (pdf, cells[i], pdf->body, 0, FALSE);

      /* A row taller than a page still gets a page of its own. */
      if (y + height > bottom && y > top)
        {
          g_array_append_val (starts, i);
          y = top;
        }
      y += height;
    }
  g_array_append_val (starts, n_rows);
  return starts;
}

static void
draw_pages (Pdf   *pdf,
            Cells *cells,
            guint  n_rows)
{
  g_autoptr(GArray) starts = paginate (pdf, cells, n_rows);

  pdf->n_pages = starts->len - 1;
  for (guint page = 0; page < pdf->n_pages; page++)
    {
      double y = draw_page_top (pdf, TRUE);

      for (guint i = g_array_index (starts, guint, page); i < g_array_index (starts, guint, page + 1); i++)
        y += draw_cells (pdf, cells[i], pdf->body, y, TRUE);
      if (n_rows == 0)
        draw_text (pdf, _("No appointments in this period."), pdf->body, MARGIN, y + CELL_PAD,
                   PAGE_WIDTH - 2 * MARGIN, TRUE);
      draw_page_foot (pdf, page + 1);
      cairo_show_page (pdf->cr);
    }
}

static char *
range_text (GTimeZone *zone,
            gint64     from,
            gint64     to)
{
  g_autofree char *first = cf_date_format (from, zone);
  g_autofree char *last = cf_date_format (to - 1, zone);

  return g_strdup_printf (_("From %s to %s (times in %s)"), first, last,
                          g_time_zone_get_identifier (zone));
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
pdf_draw (cairo_surface_t           *surface,
          const CfSecurityNoticeRow *rows,
          guint                      n_rows,
          GTimeZone                 *zone,
          gint64                     from,
          gint64                     to)
{
  /* A font map of its own, released afterwards: the default one lives as
   * long as its thread and keeps fontconfig's patterns with it. */
  g_autoptr(PangoFontMap) font_map = pango_cairo_font_map_new ();
  Cells *cells = g_new0 (Cells, MAX (n_rows, 1));
  guint n_cells = 0;
  Pdf pdf = { 0 };

  pdf.cr = cairo_create (surface);
  pdf.context = pango_font_map_create_context (font_map);
  pango_cairo_update_context (pdf.cr, pdf.context);
  pdf.body = pango_font_description_from_string ("Sans 10");
  pdf.bold = pango_font_description_from_string ("Sans Bold 10");
  pdf.title = pango_font_description_from_string ("Sans Bold 16");
  pdf.range = range_text (zone, from, to);
  for (guint i = 0; i < n_rows; i++)
    if (!rows[i].cancelled)
      _cf_security_notice_row_cells (&rows[i], zone, cells[n_cells++]);

  draw_pages (&pdf, cells, n_cells);

  for (guint i = 0; i < n_cells; i++)
    _cf_security_notice_cells_free (cells[i]);
  g_free (cells);
  g_free (pdf.range);
  pango_font_description_free (pdf.body);
  pango_font_description_free (pdf.bold);
  pango_font_description_free (pdf.title);
  g_object_unref (pdf.context);
  cairo_destroy (pdf.cr);
}

GBytes *
cf_security_notice_write_pdf (const CfSecurityNoticeRow *rows,
                              guint                      n_rows,
                              GTimeZone                 *zone,
                              gint64                     from,
                              gint64                     to,
                              GError                   **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);
  g_return_val_if_fail (zone != NULL, NULL);
  g_return_val_if_fail (from < to, NULL);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Appointment times"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Confide");
  pdf_draw (surface, rows, n_rows, zone, from, to);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_FAILED,
                   _("The PDF notice could not be made (%s). Try the CSV or calendar format."),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
