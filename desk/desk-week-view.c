/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-week-view.h"

#include <glib/gi18n.h>

#include "cf-appointment.h"
#include "cf-time.h"
#include "desk-format.h"
#include "desk-widgets.h"

struct _DeskWeekView {
  GtkWidget  parent_instance;

  GtkWidget *scrolled;
  GtkGrid   *grid;   /* replaced whole at each showing */
};

G_DEFINE_FINAL_TYPE (DeskWeekView, desk_week_view, GTK_TYPE_WIDGET)

enum {
  SLOT_ACTIVATED,
  APPOINTMENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- the cells --- */

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
day_title (gint64     utc_seconds,
           GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  /* TRANSLATORS: a day in the week view, like "Mon 23 Nov"; see strftime */
  return g_date_time_format (local, _("%a %-d %b"));
}

static void
slot_clicked_cb (GtkButton    *button,
                 DeskWeekView *self)
{
  gint64 *start_at = g_object_get_data (G_OBJECT (button), "start-at");

  g_signal_emit (self, signals[SLOT_ACTIVATED], 0, *start_at);
}

static GtkWidget *
new_free_button (DeskWeekView *self,
                 CfWeekSlot   *slot,
                 GTimeZone    *zone)
{
  g_autofree char *day = desk_format_day (slot->start_at, zone);
  g_autofree char *time = cf_clock_format (slot->start_at, zone);
  /* TRANSLATORS: a free hour's button, like "Book Monday 7 December 2026 at 14:00" */
  g_autofree char *a11y = g_strdup_printf (_("Book %s at %s"), day, time);
  GtkWidget *button = gtk_button_new_with_label (_("Free"));
  gint64 *start_at = g_new (gint64, 1);

  *start_at = slot->start_at;
  g_object_set_data_full (G_OBJECT (button), "start-at", start_at, g_free);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "week-free");
  gtk_widget_set_tooltip_text (button, a11y);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (slot_clicked_cb), self, 0);
  return button;
}

static const char *
student_name (GHashTable    *names,
              CfAppointment *appointment)
{
  const char *name = names ? g_hash_table_lookup (names, cf_appointment_get_student_id (appointment)) : NULL;

  if (name == NULL)
    return _("A record you cannot open");
  return *name ? name : _("Anonymous student");
}

/* What the block says besides its time and name: someone else must take
 * it, or it is no longer simply booked. */
static const char *
block_note (CfAppointment *appointment)
{
  if (cf_appointment_get_needs_adviser (appointment))
    return _("Needs another adviser");
  if (g_strcmp0 (cf_appointment_get_status (appointment), "booked") == 0)
    return NULL;
  return desk_format_status (cf_appointment_get_status (appointment));
}

static void
block_clicked_cb (GtkButton    *button,
                  DeskWeekView *self)
{
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "position"));

  g_signal_emit (self, signals[APPOINTMENT_ACTIVATED], 0, position);
}

static GtkWidget *
new_block (DeskWeekView  *self,
           CfAppointment *appointment,
           guint          position,
           GHashTable    *names,
           GTimeZone     *zone,
           gboolean       show_adviser)
{
  g_autofree char *time = desk_format_time_range (cf_appointment_get_start_at (appointment),
                                                  cf_appointment_get_end_at (appointment), zone);
  g_autofree char *adviser = NULL;
  g_autoptr(GString) a11y = g_string_new (NULL);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char *note = block_note (appointment);

  g_object_get (appointment, "adviser-name", &adviser, NULL);
  g_string_printf (a11y, "%s %s", time, student_name (names, appointment));
  gtk_box_append (GTK_BOX (box), new_label (time, "caption-heading"));
  gtk_box_append (GTK_BOX (box), new_label (student_name (names, appointment), NULL));
  if (show_adviser && adviser != NULL)
    {
      gtk_box_append (GTK_BOX (box), new_label (adviser, "caption"));
      g_string_append_printf (a11y, ", %s", adviser);
    }
  if (note != NULL)
    {
      gtk_box_append (GTK_BOX (box), new_label (note, "caption"));
      g_string_append_printf (a11y, ", %s", note);
      gtk_widget_add_css_class (button, cf_appointment_get_needs_adviser (appointment) ? "warning" : "dim-label");
    }
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "week-block");
  g_object_set_data (G_OBJECT (button), "position", GUINT_TO_POINTER (position));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y->str, -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (block_clicked_cb), self, 0);
  return button;
}

/* --- the grid --- */

static GtkWidget *
new_cell (GtkGrid *grid,
          guint    day,
          guint    row)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_set_hexpand (cell, TRUE);
  gtk_widget_set_size_request (cell, 120, 48);
  gtk_widget_add_css_class (cell, "week-cell");
  gtk_grid_attach (grid, cell, day + 1, row + 1, 1, 1);
  return cell;
}

static void
add_headings (GtkGrid    *grid,
              CfWeekGrid *week,
              GTimeZone  *zone)
{
  for (guint d = 0; d < week->n_days; d++)
    {
      g_autofree char *title = day_title (cf_week_grid_get (week, d, 0)->start_at, zone);
      GtkWidget *label = new_label (title, "heading");

      gtk_label_set_xalign (GTK_LABEL (label), 0.5);
      gtk_grid_attach (grid, label, d + 1, 0, 1, 1);
    }
  for (guint h = 0; h < week->n_hours; h++)
    {
      g_autofree char *hour = cf_clock_format (cf_week_grid_get (week, 0, h)->start_at, zone);
      GtkWidget *label = new_label (hour, "dim-label");

      gtk_widget_set_valign (label, GTK_ALIGN_START);
      gtk_grid_attach (grid, label, 0, h + 1, 1, 1);
    }
}

static void
add_blocks (DeskWeekView *self,
            GtkWidget   **cells,
            CfWeekGrid   *week,
            GListModel   *appointments,
            GHashTable   *names,
            GTimeZone    *zone,
            gboolean      show_adviser)
{
  for (guint i = 0; i < g_list_model_get_n_items (appointments); i++)
    {
      g_autoptr(CfAppointment) appointment = g_list_model_get_item (appointments, i);
      guint day, row;

      if (cf_week_grid_locate (week, zone, cf_appointment_get_start_at (appointment), &day, &row))
        gtk_box_append (GTK_BOX (cells[day * week->n_hours + row]),
                        new_block (self, appointment, i, names, zone, show_adviser));
    }
}

void
desk_week_view_show (DeskWeekView *self,
                     CfWeekGrid   *week,
                     GListModel   *appointments,
                     GHashTable   *names,
                     GTimeZone    *zone,
                     gboolean      show_adviser)
{
  g_autofree GtkWidget **cells = NULL;
  GtkGrid *grid;

  g_return_if_fail (DESK_IS_WEEK_VIEW (self));
  g_return_if_fail (week != NULL && G_IS_LIST_MODEL (appointments) && zone != NULL);

  grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Week"), -1);
  add_headings (grid, week, zone);
  cells = g_new0 (GtkWidget *, week->n_days * week->n_hours);
  for (guint d = 0; d < week->n_days; d++)
    for (guint h = 0; h < week->n_hours; h++)
      cells[d * week->n_hours + h] = new_cell (grid, d, h);
  add_blocks (self, cells, week, appointments, names, zone, show_adviser);
  for (guint d = 0; d < week->n_days; d++)
    for (guint h = 0; h < week->n_hours; h++)
      if (cf_week_grid_get (week, d, h)->free)
        gtk_box_append (GTK_BOX (cells[d * week->n_hours + h]),
                        new_free_button (self, cf_week_grid_get (week, d, h), zone));
  self->grid = grid;
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (grid));
}

void
desk_week_view_clear (DeskWeekView *self)
{
  g_return_if_fail (DESK_IS_WEEK_VIEW (self));

  self->grid = NULL;
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), NULL);
}

/* --- object --- */

static void
desk_week_view_dispose (GObject *object)
{
  DeskWeekView *self = DESK_WEEK_VIEW (object);

  self->grid = NULL;
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  G_OBJECT_CLASS (desk_week_view_parent_class)->dispose (object);
}

static void
desk_week_view_class_init (DeskWeekViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_week_view_dispose;

  signals[SLOT_ACTIVATED] = g_signal_new ("slot-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[APPOINTMENT_ACTIVATED] = g_signal_new ("appointment-activated", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
desk_week_view_init (DeskWeekView *self)
{
  self->scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_widget_set_margin_start (self->scrolled, 18);
  gtk_widget_set_margin_end (self->scrolled, 18);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}
