/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The readable subject access export: a cover page that says, in plain
 * words, what each section holds, then every section, each record a list
 * of its parts.  Every piece of stored text is its own Pango layout with
 * its direction found from its text, so a right-to-left note reads right
 * to left and every script is shaped; text is never markup. */
#include "cf-student-export.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "cf-error.h"

/* A4 in points, with margins a printer will not clip. */
#define PAGE_WIDTH   595.276
#define PAGE_HEIGHT  841.890
#define MARGIN       50.0
#define FOOTER       30.0
#define INDENT       14.0

typedef struct {
  const char *section;
  const char *title;
  const char *about;
} SectionText;

static const SectionText section_texts[] = {
  { "student", N_("Your registration"),
    N_("Your name, student ID, college, faculty and contact details as we recorded them, and whether you were recorded as removed from your course.") },
  { "retention_holds", N_("Records kept longer"),
    N_("If we keep your records past our usual time (because of a complaint, a dispute or a legal duty), when and why.") },
  { "monitoring", N_("Monitoring"),
    N_("The details you chose to give for monitoring (date of birth, gender, ethnicity). They are only ever counted anonymously.") },
  { "cases", N_("Your cases"),
    N_("Each matter you came to us about: its topic, your adviser, when it was opened and closed, and how it ended.") },
  { "access_requests", N_("Your requests for your records"),
    N_("Each time you asked for a copy of your records, when we received it, and any extension and why.") },
  { "conflicts", N_("Conflicts of interest"),
    N_("Advisers who said they should not advise you, for example because they know you or someone involved.") },
  { "breaches", N_("Information shared without your consent"),
    N_("The rare times we shared information about you without your consent: why, on what grounds, with whom, who we consulted, and whether you were told.") },
  { "consents", N_("Your consents"),
    N_("Who you allowed us to contact on your behalf, or stopped us contacting, with the exact wording you agreed to and its version.") },
  { "appointments", N_("Appointments"),
    N_("Appointments booked for you: when, how (in person, by phone or video), the topic, your adviser, and what happened.") },
  { "tickets", N_("Drop-in visits and check-ins"),
    N_("Each time you joined the drop-in queue or checked in at the kiosk, and what you typed there while we still held it.") },
  { "security_notices", N_("Notices to University Security"),
    N_("If you were recorded as removed from your course, the appointment times University Security was told about. Nothing else about you was sent.") },
  { "case_entries", N_("Case notes"),
    N_("Every note, piece of advice and action written in your cases. A correction is a new note that refers to the one it corrects: both are shown.") },
  { "audit", N_("Who has read your record"),
    N_("Each time someone at the service opened or changed your record: their name, when, what they did, and the computer they used.") },
};

static const SectionText *
find_section_text (const char *section)
{
  for (gsize i = 0; i < G_N_ELEMENTS (section_texts); i++)
    if (g_strcmp0 (section_texts[i].section, section) == 0)
      return &section_texts[i];
  return NULL;
}

typedef struct {
  cairo_t              *cr;
  PangoContext         *context;
  PangoFontDescription *body;
  PangoFontDescription *bold;
  PangoFontDescription *heading;
  PangoFontDescription *title;
  double                y;
  guint                 page;
} Pdf;

/* --- drawing --- */

static void
end_page (Pdf *pdf)
{
  g_autofree char *text = g_strdup_printf (_("Page %u"), pdf->page);
  g_autoptr(PangoLayout) layout = pango_layout_new (pdf->context);

  pango_layout_set_font_description (layout, pdf->body);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (pdf->cr, MARGIN, PAGE_HEIGHT - MARGIN);
  pango_cairo_show_layout (pdf->cr, layout);
  cairo_show_page (pdf->cr);
  pdf->page++;
  pdf->y = MARGIN;
}

/* One paragraph, line by line, so a long note flows onto the next page. */
static void
draw_paragraph (Pdf                        *pdf,
                const char                 *text,
                const PangoFontDescription *font,
                double                      indent,
                double                      space_after)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (pdf->context);
  PangoAttrList *attributes;
  PangoLayoutIter *iter;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, pango_units_from_double (PAGE_WIDTH - 2 * MARGIN - indent));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_auto_dir (layout, TRUE);
  pango_layout_set_text (layout, text, -1);
  /* A record id or what a kiosk typed breaks across lines as it is: a
   * hyphen added there would change what the reader copies. */
  attributes = pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle logical;
      double height, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      height = pango_units_to_double (logical.height);
      baseline = pango_units_to_double (pango_layout_iter_get_baseline (iter) - logical.y);
      if (pdf->y + height > PAGE_HEIGHT - MARGIN - FOOTER)
        end_page (pdf);
      cairo_move_to (pdf->cr, MARGIN + indent + pango_units_to_double (logical.x), pdf->y + baseline);
      pango_cairo_show_layout_line (pdf->cr, pango_layout_iter_get_line_readonly (iter));
      pdf->y += height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  pdf->y += space_after;
}

/* A heading is not left alone at the foot of a page. */
static void
draw_heading (Pdf        *pdf,
              const char *text,
              double      room)
{
  if (pdf->y + room > PAGE_HEIGHT - MARGIN - FOOTER)
    end_page (pdf);
  draw_paragraph (pdf, text, pdf->heading, 0, 4);
}

/* --- records --- */

typedef struct {
  const char *member;
  const char *label;
} Label;

static const Label labels[] = {
  { "id", N_("Record") }, { "name", N_("Name") }, { "preferred_name", N_("Preferred name") },
  { "student_number", N_("Student ID") }, { "college", N_("College") }, { "faculty", N_("Faculty") },
  { "email", N_("Email") }, { "phone", N_("Phone") }, { "body", N_("Text") }, { "kind", N_("Kind") },
  { "topic", N_("Topic") }, { "third_party", N_("Third party") }, { "author", N_("Written by") },
  { "created_at", N_("Written") }, { "corrects_id", N_("Corrects record") }, { "wording", N_("Wording agreed to") },
  { "wording_version", N_("Wording version") }, { "granted", N_("Given") }, { "withheld", N_("Withheld") },
  { "at", N_("When") }, { "user_name", N_("Who") }, { "action", N_("What") }, { "machine", N_("Computer") },
  { "start_at", N_("Starts") }, { "end_at", N_("Ends") }, { "adviser", N_("Adviser") }, { "status", N_("Status") },
  { "reason", N_("Reason") }, { "outline", N_("Outline") }, { "disclosed_to", N_("Disclosed to") },
  { "removed_from_course", N_("Removed from course") }, { "cancelled", N_("Cancelled") },
  { "received", N_("Received") }, { "extension_reason", N_("Why it was extended") },
};

/* A translated label, or the member's name made readable. */
static char *
label_for (const char *member)
{
  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].member, member))
      return g_strdup (_(labels[i].label));
  return g_strdelimit (g_strdup (member), "_", ' ');
}

/* Members that hold 0 or 1. */
static const char *const yes_no_members[] = { "granted", "removed_from_course", "cancelled" };

static char *
value_text (const char *member,
            JsonNode   *node)
{
  for (gsize i = 0; i < G_N_ELEMENTS (yes_no_members); i++)
    if (g_str_equal (member, yes_no_members[i]) && json_node_get_value_type (node) == G_TYPE_INT64)
      return g_strdup (json_node_get_int (node) ? _("Yes") : _("No"));
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return g_strdup_printf ("%g", json_node_get_double (node));
  return NULL;
}

static void
draw_record (Pdf        *pdf,
             JsonObject *record)
{
  g_autoptr(GList) members = json_object_get_members (record);

  cairo_set_line_width (pdf->cr, 0.5);
  cairo_move_to (pdf->cr, MARGIN, pdf->y);
  cairo_line_to (pdf->cr, PAGE_WIDTH - MARGIN, pdf->y);
  cairo_stroke (pdf->cr);
  pdf->y += 4;
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *label = label_for (l->data);
      g_autofree char *value = value_text (l->data, json_object_get_member (record, l->data));

      if (value == NULL)
        continue;
      draw_paragraph (pdf, label, pdf->bold, 0, 0);
      draw_paragraph (pdf, value, pdf->body, INDENT, 3);
    }
  pdf->y += 4;
}

static void
draw_section (Pdf        *pdf,
              const char *section,
              JsonArray  *records)
{
  const SectionText *text = find_section_text (section);
  guint n = json_array_get_length (records);

  draw_heading (pdf, text != NULL ? _(text->title) : section, 60);
  if (n == 0)
    draw_paragraph (pdf, _("Nothing is held in this section."), pdf->body, 0, 10);
  for (guint i = 0; i < n; i++)
    draw_record (pdf, json_array_get_object_element (records, i));
  pdf->y += 10;
}

/* --- the cover --- */

static const char *
student_name (JsonObject *sections)
{
  JsonArray *students = json_object_get_array_member (sections, "student");
  JsonObject *student;

  if (students == NULL || json_array_get_length (students) == 0)
    return NULL;
  student = json_array_get_object_element (students, 0);
  return json_object_get_string_member_with_default (student, "name", NULL);
}

static void
draw_cover (Pdf        *pdf,
            JsonObject *document,
            JsonObject *sections)
{
  g_autoptr(GList) names = json_object_get_members (sections);
  g_autofree char *when = g_strdup_printf (_("Made on %s by %s (times in %s)."),
      json_object_get_string_member_with_default (document, "exported_at", ""),
      json_object_get_string_member_with_default (document, "exported_by", ""),
      json_object_get_string_member_with_default (document, "time_zone", ""));
  const char *name = student_name (sections);

  draw_paragraph (pdf, _("Your records"), pdf->title, 0, 8);
  if (name != NULL)
    draw_paragraph (pdf, name, pdf->heading, 0, 4);
  draw_paragraph (pdf, when, pdf->body, 0, 8);
  draw_paragraph (pdf, _("This is everything the advice service holds about you. Each section is explained below, in the order they follow. Every record shows its record number, which you can quote if you have a question about it."),
                  pdf->body, 0, 6);
  draw_paragraph (pdf, _("Where you see “[withheld: …]”, a passage has been left out because it would identify someone else; the words in the brackets say why."),
                  pdf->body, 0, 12);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const SectionText *text = find_section_text (l->data);
      guint n = json_array_get_length (json_object_get_array_member (sections, l->data));
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u record)", "%s (%u records)", n),
                                                text != NULL ? _(text->title) : (const char *) l->data, n);

      draw_paragraph (pdf, title, pdf->bold, 0, 1);
      if (text != NULL)
        draw_paragraph (pdf, _(text->about), pdf->body, INDENT, 6);
    }
  end_page (pdf);
}

/* --- the file --- */

static void
pdf_draw (cairo_surface_t *surface,
          JsonObject      *document)
{
  /* A font map of its own, released afterwards: the default one lives as
   * long as its thread and keeps fontconfig's patterns with it. */
  g_autoptr(PangoFontMap) font_map = pango_cairo_font_map_new ();
  JsonObject *sections = json_object_get_object_member (document, "sections");
  g_autoptr(GList) names = json_object_get_members (sections);
  Pdf pdf = { .y = MARGIN, .page = 1 };

  pdf.cr = cairo_create (surface);
  pdf.context = pango_font_map_create_context (font_map);
  pango_cairo_update_context (pdf.cr, pdf.context);
  pdf.body = pango_font_description_from_string ("Sans 10");
  pdf.bold = pango_font_description_from_string ("Sans Bold 9");
  pdf.heading = pango_font_description_from_string ("Sans Bold 13");
  pdf.title = pango_font_description_from_string ("Sans Bold 18");
  draw_cover (&pdf, document, sections);
  for (GList *l = names; l != NULL; l = l->next)
    draw_section (&pdf, l->data, json_object_get_array_member (sections, l->data));
  end_page (&pdf);
  pango_font_description_free (pdf.body);
  pango_font_description_free (pdf.bold);
  pango_font_description_free (pdf.heading);
  pango_font_description_free (pdf.title);
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
cf_student_export_write_pdf (JsonObject *document,
                             GError    **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (json_object_get_object_member (document, "sections") != NULL, NULL);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  /* The title goes into the file's metadata: no name in it. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Your records"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Confide");
  pdf_draw (surface, document);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_FAILED,
                   _("The PDF could not be made (%s). Try the JSON format."), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
