/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-security-notice.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libical/ical.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unistd.h>

#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-files.h"
#include "cf-office.h"
#include "cf-session-private.h"
#include "cf-time.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (icalcomponent, icalcomponent_free)

static const char *const format_names[] = { "csv", "ics", "pdf" };

const char *
cf_security_format_to_string (CfSecurityFormat format)
{
  g_return_val_if_fail (format <= CF_SECURITY_FORMAT_PDF, NULL);
  return format_names[format];
}

gboolean
cf_security_format_from_string (const char *text, CfSecurityFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (text, format_names[i]) == 0)
      {
        *format = (CfSecurityFormat) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- The query ---------------------------------------------------------- */

/* Bookkeeping for one row: which appointment and student it came from.
 * Kept apart from the rows so that no writer is ever handed an id. */
typedef struct {
  char   *appointment_id;
  char   *student_id;
  gint64  start_at;
  gint64  end_at;
} NoticeItem;

typedef struct {
  GArray *rows;    /* CfSecurityNoticeRow */
  GArray *items;   /* NoticeItem, parallel to rows */
} Notice;

static void
row_clear (gpointer data)
{
  CfSecurityNoticeRow *row = data;

  g_free (row->student_name);
  g_free (row->student_number);
}

static void
item_clear (gpointer data)
{
  NoticeItem *item = data;

  g_free (item->appointment_id);
  g_free (item->student_id);
}

static void
notice_init (Notice *notice)
{
  notice->rows = g_array_new (FALSE, TRUE, sizeof (CfSecurityNoticeRow));
  notice->items = g_array_new (FALSE, TRUE, sizeof (NoticeItem));
  g_array_set_clear_func (notice->rows, row_clear);
  g_array_set_clear_func (notice->items, item_clear);
}

static void
notice_clear (Notice *notice)
{
  g_clear_pointer (&notice->rows, g_array_unref);
  g_clear_pointer (&notice->items, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Notice, notice_clear)

/* The one statement that reads what goes into a notice.  It names the only
 * four columns a notice may carry (name, student ID, start, end) and the two
 * ids the bookkeeping needs; no other column of a student or an appointment
 * is ever read for Security.  Flagged students are few, so the partial
 * index students_removed drives it, then appointments_student. */
#define NOTICE_QUERY \
  "SELECT s.name, s.student_number, a.start_at, a.end_at, a.id, s.id" \
  " FROM students s JOIN appointments a ON a.student_id = s.id" \
  " WHERE s.removed_from_course = 1 AND a.status != 'cancelled'" \
  "   AND a.start_at >= ?1 AND a.start_at < ?2" \
  " ORDER BY a.start_at, a.end_at, s.name COLLATE NOCASE, a.id"

static void
notice_append (Notice *notice, sqlite3_stmt *stmt)
{
  CfSecurityNoticeRow row = { 0 };
  NoticeItem item = { 0 };

  /* An anonymous student has no name; Security still gets the ID. */
  row.student_name = _cf_column_dup (stmt, 0);
  if (row.student_name == NULL)
    row.student_name = g_strdup ("");
  row.student_number = _cf_column_dup (stmt, 1);
  row.start_at = item.start_at = sqlite3_column_int64 (stmt, 2);
  row.end_at = item.end_at = sqlite3_column_int64 (stmt, 3);
  item.appointment_id = _cf_column_dup (stmt, 4);
  item.student_id = _cf_column_dup (stmt, 5);
  g_array_append_val (notice->rows, row);
  g_array_append_val (notice->items, item);
}

static gboolean
read_notice (CfStore *store, gint64 from, gint64 to, Notice *notice, GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, NOTICE_QUERY, error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    notice_append (notice, stmt);
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  return TRUE;
}

/* A notice reveals each student's name to whoever exports it, so it must
 * not include anyone the user may not open (a declared conflict of
 * interest, a restricted service).  Leaving them out would give Security an
 * incomplete notice, so the export is refused instead. */
static gboolean
check_students_visible (CfSession *session, Notice *notice, GError **error)
{
  for (guint i = 0; i < notice->items->len; i++)
    {
      NoticeItem *item = &g_array_index (notice->items, NoticeItem, i);
      g_autoptr(GError) local_error = NULL;

      if (_cf_session_check_student (session, item->student_id, &local_error))
        continue;
      if (g_error_matches (local_error, CF_ERROR, CF_ERROR_DENIED))
        g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
                     _("This notice would include a student whose record you cannot open (a conflict of interest or a restricted service). Ask a colleague to export it."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static guint
count_students (Notice *notice)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < notice->items->len; i++)
    g_hash_table_add (seen, g_array_index (notice->items, NoticeItem, i).student_id);
  return g_hash_table_size (seen);
}

/* ---- CSV ---------------------------------------------------------------- */

/* A spreadsheet runs a cell that starts like a formula; a leading
 * apostrophe keeps a hostile "name" from doing so on Security's computer. */
static gboolean
looks_like_formula (const char *value)
{
  return value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL;
}

static void
append_csv_field (GString *out, const char *value)
{
  gboolean formula = looks_like_formula (value);

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

/* The cells of one row, as CSV and PDF show them. */
enum { CELL_NAME, CELL_NUMBER, CELL_DATE, CELL_START, CELL_END, N_CELLS };
typedef char *Cells[N_CELLS];

static void
row_cells (const CfSecurityNoticeRow *row, GTimeZone *zone, char *cells[N_CELLS])
{
  cells[CELL_NAME] = g_strdup (row->student_name ? row->student_name : "");
  cells[CELL_NUMBER] = g_strdup (row->student_number ? row->student_number : "");
  cells[CELL_DATE] = cf_date_format (row->start_at, zone);
  cells[CELL_START] = cf_clock_format (row->start_at, zone);
  cells[CELL_END] = cf_clock_format (row->end_at, zone);
}

static void
cells_free (char *cells[N_CELLS])
{
  for (guint i = 0; i < N_CELLS; i++)
    g_free (cells[i]);
}

char *
cf_security_notice_write_csv (const CfSecurityNoticeRow *rows, guint n_rows, GTimeZone *zone)
{
  GString *out = g_string_new ("student_name,student_id,date,start,end\r\n");

  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  for (guint i = 0; i < n_rows; i++)
    {
      char *cells[N_CELLS];

      row_cells (&rows[i], zone, cells);
      for (guint c = 0; c < N_CELLS; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          append_csv_field (out, cells[c]);
        }
      g_string_append (out, "\r\n");
      cells_free (cells);
    }
  return g_string_free (out, FALSE);
}

/* ---- ICS ---------------------------------------------------------------- */

/* UTC needs no VTIMEZONE, and every calendar shows it in local time. */
static struct icaltimetype
ical_utc (gint64 seconds)
{
  return icaltime_from_timet_with_zone ((time_t) seconds, 0, icaltimezone_get_utc_timezone ());
}

static char *
summary_for (const CfSecurityNoticeRow *row)
{
  if (row->student_number == NULL || row->student_number[0] == '\0')
    return g_strdup (row->student_name);
  return g_strdup_printf ("%s (%s)", row->student_name, row->student_number);
}

/* Exactly five properties.  The UID is random for each export, so it
 * cannot be traced back to a record. */
static icalcomponent *
vevent_for (const CfSecurityNoticeRow *row, struct icaltimetype stamp)
{
  icalcomponent *event = icalcomponent_new_vevent ();
  g_autofree char *uid = g_uuid_string_random ();
  g_autofree char *summary = summary_for (row);

  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (stamp));
  icalcomponent_add_property (event, icalproperty_new_dtstart (ical_utc (row->start_at)));
  icalcomponent_add_property (event, icalproperty_new_dtend (ical_utc (row->end_at)));
  icalcomponent_add_property (event, icalproperty_new_summary (summary));
  return event;
}

char *
cf_security_notice_write_ics (const CfSecurityNoticeRow *rows, guint n_rows, gint64 now)
{
  g_autoptr(icalcomponent) calendar = icalcomponent_new_vcalendar ();
  struct icaltimetype stamp = ical_utc (now);
  char *text, *copy;

  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);

  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Confide//Security notice//EN"));
  for (guint i = 0; i < n_rows; i++)
    icalcomponent_add_component (calendar, vevent_for (&rows[i], stamp));
  text = icalcomponent_as_ical_string_r (calendar);
  copy = g_strdup (text);
  icalmemory_free_buffer (text);
  return copy;
}

/* ---- PDF ---------------------------------------------------------------- */

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
draw_text (Pdf *pdf, const char *text, const PangoFontDescription *font,
           double x, double y, double width, gboolean draw)
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
draw_cells (Pdf *pdf, char *cells[N_CELLS], const PangoFontDescription *font,
            double y, gboolean draw)
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
draw_page_top (Pdf *pdf, gboolean draw)
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
draw_page_foot (Pdf *pdf, guint page)
{
  g_autofree char *text = g_strdup_printf (_("Page %u of %u"), page, pdf->n_pages);

  draw_text (pdf, text, pdf->body, MARGIN, PAGE_HEIGHT - MARGIN, PAGE_WIDTH - 2 * MARGIN, TRUE);
}

/* Splits the rows into pages; returns the index of each page's first row
 * (and n_rows at the end), so "Page 1 of N" is known before drawing. */
static GArray *
paginate (Pdf *pdf, Cells *cells, guint n_rows)
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
draw_pages (Pdf *pdf, Cells *cells, guint n_rows)
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
range_text (GTimeZone *zone, gint64 from, gint64 to)
{
  g_autofree char *first = cf_date_format (from, zone);
  g_autofree char *last = cf_date_format (to - 1, zone);

  return g_strdup_printf (_("From %s to %s (times in %s)"), first, last,
                          g_time_zone_get_identifier (zone));
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
pdf_draw (cairo_surface_t *surface, const CfSecurityNoticeRow *rows, guint n_rows,
          GTimeZone *zone, gint64 from, gint64 to)
{
  /* A font map of its own, released afterwards: the default one lives as
   * long as its thread and keeps fontconfig's patterns with it. */
  g_autoptr(PangoFontMap) font_map = pango_cairo_font_map_new ();
  Cells *cells = g_new0 (Cells, MAX (n_rows, 1));
  Pdf pdf = { 0 };

  pdf.cr = cairo_create (surface);
  pdf.context = pango_font_map_create_context (font_map);
  pango_cairo_update_context (pdf.cr, pdf.context);
  pdf.body = pango_font_description_from_string ("Sans 10");
  pdf.bold = pango_font_description_from_string ("Sans Bold 10");
  pdf.title = pango_font_description_from_string ("Sans Bold 16");
  pdf.range = range_text (zone, from, to);
  for (guint i = 0; i < n_rows; i++)
    row_cells (&rows[i], zone, cells[i]);

  draw_pages (&pdf, cells, n_rows);

  for (guint i = 0; i < n_rows; i++)
    cells_free (cells[i]);
  g_free (cells);
  g_free (pdf.range);
  pango_font_description_free (pdf.body);
  pango_font_description_free (pdf.bold);
  pango_font_description_free (pdf.title);
  g_object_unref (pdf.context);
  cairo_destroy (pdf.cr);
}

GBytes *
cf_security_notice_write_pdf (const CfSecurityNoticeRow *rows, guint n_rows, GTimeZone *zone,
                              gint64 from, gint64 to, GError **error)
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

/* ---- Writing the file --------------------------------------------------- */

static void
set_file_error (GError **error, int saved_errno, const char *path)
{
  if (saved_errno == ENOENT || saved_errno == ENOTDIR)
    g_set_error (error, CF_ERROR, CF_ERROR_NO_FOLDER,
                 _("The folder for %s does not exist. Choose another place to save the notice."), path);
  else if (saved_errno == EISDIR)
    g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                 _("%s is a folder. Give a file name for the notice."), path);
  else
    cf_files_set_errno_error (error, saved_errno, path);
}

static gboolean
write_all (int fd, const guint8 *data, gsize length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      data += written;
      length -= (gsize) written;
    }
  return TRUE;
}

/* A hidden temporary name in the target folder (so the rename cannot cross
 * file systems), written and fsynced; the name comes from the user's chosen
 * file name, never from anything in the notice. */
static gboolean
write_temporary (const char *path, GBytes *bytes, char **out_tmp, GError **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s%c.%s.XXXXXX", folder, G_DIR_SEPARATOR, base);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  int fd, saved_errno;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_file_error (error, errno, path);
      return FALSE;
    }
  if (write_all (fd, data, length) && fsync (fd) == 0 && close (fd) == 0)
    {
      *out_tmp = g_steal_pointer (&tmp);
      return TRUE;
    }
  saved_errno = errno;
  close (fd);
  g_unlink (tmp);
  set_file_error (error, saved_errno, path);
  return FALSE;
}

/* After the rename, the folder entry itself must reach the disk. */
static void
sync_folder (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
put_in_place (const char *tmp, const char *path, GError **error)
{
  if (g_rename (tmp, path) != 0)
    {
      set_file_error (error, errno, path);
      return FALSE;
    }
  sync_folder (path);
  return TRUE;
}

/* ---- Recording the export ----------------------------------------------- */

typedef struct {
  gint64            from;
  gint64            to;
  CfSecurityFormat  format;
  char             *path;
  char             *tmp_path;     /* written, waiting for its records */
  gboolean          in_place;     /* renamed to @path */
  guint             n_appointments;
  guint             n_students;
} Export;

static void
export_free (Export *export)
{
  g_free (export->path);
  g_free (export->tmp_path);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

/* The period as ISO 8601 with its offset, readable by people and by
 * SQLite's strftime() when later notices are compared with it. */
static char *
iso_in_zone (gint64 seconds, GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

static gboolean
insert_notice (CfSession *session, Export *export, const char *notice_id, GError **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (session);
  g_autofree char *from = iso_in_zone (export->from, zone);
  g_autofree char *to = iso_in_zone (export->to, zone);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO security_notices (id, exported_by, exported_at, range_from, range_to, format)"
      " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, notice_id);
  _cf_bind_text (stmt, 2, cf_session_get_user_id (session));
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 4, from);
  _cf_bind_text (stmt, 5, to);
  _cf_bind_text (stmt, 6, cf_security_format_to_string (export->format));
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "security_notice", notice_id, NULL, error);
}

static gboolean
insert_item (CfStore *store, const char *notice_id, NoticeItem *item, GError **error)
{
  g_autofree char *id = g_uuid_string_random ();
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO security_notice_items (id, notice_id, appointment_id, student_id, start_at, end_at)"
      " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  _cf_bind_text (stmt, 2, notice_id);
  _cf_bind_text (stmt, 3, item->appointment_id);
  _cf_bind_text (stmt, 4, item->student_id);
  sqlite3_bind_int64 (stmt, 5, item->start_at);
  sqlite3_bind_int64 (stmt, 6, item->end_at);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "security_notice_item", id, NULL, error);
}

/* What Security was told (times only), one audit entry per student told so
 * it shows on their record, and one for the notice itself.  Notices and
 * their items replicate, so every desk shows them and knows when an
 * updated notice is due. */
static gboolean
record_notice (CfSession *session, Export *export, Notice *notice, GError **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autofree char *notice_id = g_uuid_string_random ();
  g_autoptr(GHashTable) told = g_hash_table_new (g_str_hash, g_str_equal);

  if (!insert_notice (session, export, notice_id, error))
    return FALSE;
  for (guint i = 0; i < notice->items->len; i++)
    {
      NoticeItem *item = &g_array_index (notice->items, NoticeItem, i);

      if (!insert_item (store, notice_id, item, error))
        return FALSE;
      if (g_hash_table_add (told, item->student_id) &&
          !_cf_session_audit (session, "security-notified", item->student_id, notice_id, error))
        return FALSE;
    }
  return _cf_session_audit (session, "security-notice-exported", notice_id,
                            cf_security_format_to_string (export->format), error);
}

static GBytes *
render (CfSession *session, Export *export, Notice *notice, GError **error)
{
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (session);
  const CfSecurityNoticeRow *rows = (const CfSecurityNoticeRow *) notice->rows->data;
  guint n_rows = notice->rows->len;
  char *text = NULL;

  switch (export->format)
    {
    case CF_SECURITY_FORMAT_CSV:
      text = cf_security_notice_write_csv (rows, n_rows, zone);
      break;
    case CF_SECURITY_FORMAT_ICS:
      text = cf_security_notice_write_ics (rows, n_rows, g_get_real_time () / G_USEC_PER_SEC);
      break;
    case CF_SECURITY_FORMAT_PDF:
    default:
      return cf_security_notice_write_pdf (rows, n_rows, zone, export->from, export->to, error);
    }
  return g_bytes_new_take (text, strlen (text));
}

/* Order of events, inside one transaction:
 *   read → write a temporary file (fsynced) → record → rename → commit.
 * A failure before the rename rolls the records back and removes the
 * temporary file, so nothing is recorded and no half file is left.  The
 * rename comes last before the commit because it can fail (a folder, a
 * vanished disk); if the commit then fails, the caller removes the file,
 * so an export that was not recorded does not exist either. */
static gboolean
export_in_transaction (CfSession *session, gpointer data, GError **error)
{
  Export *export = data;
  g_auto(Notice) notice = { 0 };
  g_autoptr(GBytes) bytes = NULL;

  notice_init (&notice);
  if (!read_notice (cf_session_get_store (session), export->from, export->to, &notice, error) ||
      !check_students_visible (session, &notice, error))
    return FALSE;
  bytes = render (session, export, &notice, error);
  if (bytes == NULL ||
      !write_temporary (export->path, bytes, &export->tmp_path, error) ||
      !record_notice (session, export, &notice, error) ||
      !put_in_place (export->tmp_path, export->path, error))
    return FALSE;
  export->in_place = TRUE;
  export->n_appointments = notice.rows->len;
  export->n_students = count_students (&notice);
  return TRUE;
}

static gboolean
check_period (gint64 from, gint64 to, GError **error)
{
  if (from < to)
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
               _("The notice’s period must end after it starts."));
  return FALSE;
}

static gboolean
check_export_arguments (gint64 from, gint64 to, const char *path, GError **error)
{
  if (!check_period (from, to, error))
    return FALSE;
  if (path[0] == '\0')
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("Give a file name for the notice."));
      return FALSE;
    }
  return TRUE;
}

gboolean
cf_security_notice_export (CfSession *session, gint64 from, gint64 to,
                           CfSecurityFormat format, const char *path,
                           guint *n_appointments, guint *n_students, GError **error)
{
  g_autoptr(Export) export = g_new0 (Export, 1);

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (format <= CF_SECURITY_FORMAT_PDF, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_EXPORT_SECURITY, error) ||
      !check_export_arguments (from, to, path, error))
    return FALSE;
  export->from = from;
  export->to = to;
  export->format = format;
  export->path = g_strdup (path);
  if (!_cf_session_write (session, export_in_transaction, export, error))
    {
      if (export->in_place)
        g_unlink (export->path);
      else if (export->tmp_path != NULL)
        g_unlink (export->tmp_path);
      return FALSE;
    }
  if (n_appointments)
    *n_appointments = export->n_appointments;
  if (n_students)
    *n_students = export->n_students;
  return TRUE;
}

/* ---- Async -------------------------------------------------------------- */

typedef struct {
  CfSession        *session;
  gint64            from;
  gint64            to;
  CfSecurityFormat  format;
  char             *path;
  guint             counts[2];
} ExportTask;

static void
export_task_free (ExportTask *data)
{
  g_clear_object (&data->session);
  g_free (data->path);
  g_free (data);
}

static void
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ExportTask *data = task_data;
  GError *error = NULL;

  if (cf_security_notice_export (data->session, data->from, data->to, data->format, data->path,
                                 &data->counts[0], &data->counts[1], &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cf_security_notice_export_async (CfSession *session, gint64 from, gint64 to,
                                 CfSecurityFormat format, const char *path,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportTask *data;

  g_return_if_fail (CF_IS_SESSION (session));
  g_return_if_fail (path != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  data = g_new0 (ExportTask, 1);
  data->session = g_object_ref (session);
  data->from = from;
  data->to = to;
  data->format = format;
  data->path = g_strdup (path);
  g_task_set_source_tag (task, cf_security_notice_export_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_task_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
cf_security_notice_export_finish (GAsyncResult *result, guint *n_appointments,
                                  guint *n_students, GError **error)
{
  ExportTask *data;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  if (n_appointments)
    *n_appointments = data->counts[0];
  if (n_students)
    *n_students = data->counts[1];
  return TRUE;
}

/* ---- Preview ----------------------------------------------------------- */

typedef struct {
  gint64  from;
  gint64  to;
  GArray *rows;
} Preview;

static gboolean
preview_in_transaction (CfSession *session, gpointer data, GError **error)
{
  Preview *preview = data;
  g_auto(Notice) notice = { 0 };
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

  notice_init (&notice);
  if (!read_notice (cf_session_get_store (session), preview->from, preview->to, &notice, error) ||
      !check_students_visible (session, &notice, error))
    return FALSE;
  for (guint i = 0; i < notice.items->len; i++)
    {
      NoticeItem *item = &g_array_index (notice.items, NoticeItem, i);

      if (g_hash_table_add (shown, item->student_id) &&
          !_cf_session_audit (session, "security-notice-previewed", item->student_id, NULL, error))
        return FALSE;
    }
  preview->rows = g_steal_pointer (&notice.rows);
  return TRUE;
}

GArray *
cf_security_notice_preview (CfSession *session, gint64 from, gint64 to, GError **error)
{
  Preview preview = { from, to, NULL };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);

  if (!cf_session_require (session, CF_PERMISSION_EXPORT_SECURITY, error) ||
      !check_period (from, to, error) ||
      !_cf_session_write (session, preview_in_transaction, &preview, error))
    return NULL;
  return preview.rows;
}

/* ---- What Security was told --------------------------------------------- */

typedef struct {
  const char *student_id;
  GArray     *told;
} ListTold;

static gboolean
list_told (CfSession *session, gpointer data, GError **error)
{
  ListTold *list = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;
  CfStep step;

  if (!_cf_session_check_student (session, list->student_id, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "SELECT n.exported_at, i.start_at, i.end_at FROM security_notice_items i"
      " JOIN security_notices n ON n.id = i.notice_id WHERE i.student_id = ?"
      " ORDER BY n.exported_at DESC, n.rowid DESC, i.start_at", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, list->student_id);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      CfSecurityTold told = {
        sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2),
      };
      g_array_append_val (list->told, told);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  return _cf_session_audit (session, "security-notices-read", list->student_id, NULL, error);
}

GArray *
cf_security_notice_list_for_student (CfSession *session, const char *student_id, GError **error)
{
  g_autoptr(GArray) told = g_array_new (FALSE, FALSE, sizeof (CfSecurityTold));
  ListTold list = { student_id, told };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, list_told, &list, error))
    return NULL;
  return g_steal_pointer (&told);
}

void
cf_security_update_free (CfSecurityUpdate *update)
{
  if (update == NULL)
    return;
  g_free (update->appointment_id);
  g_free (update->student_id);
  g_free (update);
}

/* For each appointment, the latest notice that listed it; due when what it
 * said no longer holds and no later notice has covered the period Security
 * was told of (a later notice for that period, with or without the
 * appointment, replaces what Security holds).  Only appointments still to
 * come matter to Security; filtering on them first keeps the per-row
 * subqueries few as years of notices pile up. */
#define UPDATES_QUERY \
  "SELECT i.appointment_id, i.student_id, n.exported_at, i.start_at, i.end_at," \
  "       a.id IS NULL OR a.status = 'cancelled', s.removed_from_course," \
  "       coalesce (a.start_at, 0), coalesce (a.end_at, 0)" \
  " FROM security_notice_items i" \
  " JOIN security_notices n ON n.id = i.notice_id" \
  " JOIN students s ON s.id = i.student_id" \
  " LEFT JOIN appointments a ON a.id = i.appointment_id" \
  " WHERE n.id = (SELECT n2.id FROM security_notice_items i2" \
  "               JOIN security_notices n2 ON n2.id = i2.notice_id" \
  "               WHERE i2.appointment_id = i.appointment_id" \
  "               ORDER BY n2.exported_at DESC, n2.rowid DESC LIMIT 1)" \
  "   AND NOT EXISTS (SELECT 1 FROM security_notices n3" \
  "                   WHERE (n3.exported_at > n.exported_at" \
  "                          OR (n3.exported_at = n.exported_at AND n3.rowid > n.rowid))" \
  "                     AND i.start_at >= CAST (strftime ('%s', n3.range_from) AS INTEGER)" \
  "                     AND i.start_at < CAST (strftime ('%s', n3.range_to) AS INTEGER))" \
  "   AND (a.id IS NULL OR a.status = 'cancelled' OR s.removed_from_course = 0" \
  "        OR a.start_at != i.start_at OR a.end_at != i.end_at)" \
  "   AND (i.end_at > ?1 OR a.end_at > ?1)" \
  " ORDER BY n.exported_at, i.start_at, i.appointment_id"

static CfSecurityUpdate *
update_from_row (sqlite3_stmt *stmt)
{
  CfSecurityUpdate *update = g_new0 (CfSecurityUpdate, 1);

  update->appointment_id = _cf_column_dup (stmt, 0);
  update->student_id = _cf_column_dup (stmt, 1);
  update->told_at = sqlite3_column_int64 (stmt, 2);
  update->told_start_at = sqlite3_column_int64 (stmt, 3);
  update->told_end_at = sqlite3_column_int64 (stmt, 4);
  if (sqlite3_column_int (stmt, 5))
    update->change = CF_SECURITY_CHANGE_CANCELLED;
  else if (sqlite3_column_int (stmt, 6) == 0)
    update->change = CF_SECURITY_CHANGE_UNFLAGGED;
  else
    update->change = CF_SECURITY_CHANGE_MOVED;
  update->start_at = sqlite3_column_int64 (stmt, 7);
  update->end_at = sqlite3_column_int64 (stmt, 8);
  return update;
}

GPtrArray *
cf_security_notice_updates_due (CfSession *session, GError **error)
{
  g_autoptr(GPtrArray) updates = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_security_update_free);
  g_autoptr(CfStoreLock) lock = NULL;
  CfStore *store;
  sqlite3_stmt *stmt;
  CfStep step;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);

  if (!cf_session_require (session, CF_PERMISSION_EXPORT_SECURITY, error))
    return NULL;
  store = cf_session_get_store (session);
  lock = _cf_store_lock (store);
  stmt = _cf_store_prepare (store, UPDATES_QUERY, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    g_ptr_array_add (updates, update_from_row (stmt));
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return NULL;
  return g_steal_pointer (&updates);
}
