/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-statistics-page.h"

#include <glib/gi18n.h>

#include "cf-statistics-export.h"
#include "cf-time.h"
#include "desk-jobs.h"

#define CHART_BAR    22
#define CHART_TOP    40
#define DEFAULT_DAYS 365

struct _DeskStatisticsPage {
  GtkWidget           parent_instance;

  GtkEditable        *from_entry;
  GtkEditable        *to_entry;
  GtkDropDown        *first_dropdown;
  GtkDropDown        *second_dropdown;
  GtkLabel           *problem_label;
  GtkGrid            *table_grid;
  GtkDrawingArea     *month_chart;
  GtkDrawingArea     *topic_chart;
  GtkLabel           *rule_label;

  CfSession          *session;
  GCancellable       *cancellable;
  CfStatisticsReport *report;      /* what the table shows; rounded */
  CfStatisticsReport *by_month;
  CfStatisticsReport *by_topic;
};

G_DEFINE_FINAL_TYPE (DeskStatisticsPage, desk_statistics_page, GTK_TYPE_WIDGET)

/* Labels for cf_statistics_fields(), in its order. */
static const char *const field_labels[] = {
  N_("Topic"), N_("Month"), N_("Term"), N_("College"), N_("Faculty"), N_("Mode"), N_("Kind"),
  N_("Outcome"), N_("Gender"), N_("Ethnicity"), N_("Age band"),
};

/* --- counting, on the writer thread --- */

typedef struct {
  char *from_text;
  char *to_text;
  char *by[3];
} Request;

static void
request_free (Request *request)
{
  g_free (request->from_text);
  g_free (request->to_text);
  g_free (request->by[0]);
  g_free (request->by[1]);
  g_free (request);
}

typedef struct {
  CfStatisticsReport *report;
  CfStatisticsReport *by_month;
  CfStatisticsReport *by_topic;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->report, cf_statistics_report_unref);
  g_clear_pointer (&loaded->by_month, cf_statistics_report_unref);
  g_clear_pointer (&loaded->by_topic, cf_statistics_report_unref);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

/* The period runs from the start of the first day to the end of the
 * last, in the office's time zone. */
static gpointer
count_job (CfSession    *session,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  Request *request = data;
  g_autoptr(GTimeZone) zone = desk_session_get_zone (session, error);
  g_autoptr(Loaded) loaded = g_new0 (Loaded, 1);
  g_autoptr(GDateTime) from = NULL, to = NULL;
  gint64 first, last;

  if (zone == NULL || !cf_date_parse (request->from_text, zone, &first, NULL, error) ||
      !cf_date_parse (request->to_text, zone, NULL, &last, error))
    return NULL;
  from = g_date_time_new_from_unix_utc (first);
  to = g_date_time_new_from_unix_utc (last);
  loaded->report = cf_statistics_report_new (session, from, to, (const char *const *) request->by, error);
  if (loaded->report == NULL)
    return NULL;
  loaded->by_month = cf_statistics_report_new (session, from, to, (const char *const[]) { "month", NULL }, error);
  if (loaded->by_month == NULL)
    return NULL;
  loaded->by_topic = cf_statistics_report_new (session, from, to, (const char *const[]) { "topic", NULL }, error);
  return loaded->by_topic ? g_steal_pointer (&loaded) : NULL;
}

/* --- the table --- */

static void
clear_table (DeskStatisticsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table_grid))) != NULL)
    gtk_grid_remove (self->table_grid, child);
}

/* Stored text (a college, a topic) as plain text, never markup. */
static void
add_cell (DeskStatisticsPage *self,
          const char         *text,
          int                 column,
          int                 row,
          gboolean            heading)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  gtk_grid_attach (self->table_grid, label, column, row, 1, 1);
}

static void
add_counts (DeskStatisticsPage    *self,
            const CfStatisticsRow *row,
            int                    column,
            int                    line)
{
  guint counts[3] = { row->students, row->cases, row->contacts };
  g_autofree char *median = cf_statistics_format_median (row->median_wait);

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", counts[i]);

      add_cell (self, text, column + i, line, line == 0);
    }
  add_cell (self, median, column + 3, line, FALSE);
}

static const char *
field_label (const char *field)
{
  const char *const *fields = cf_statistics_fields ();

  for (guint i = 0; fields[i] != NULL; i++)
    if (g_str_equal (fields[i], field))
      return _(field_labels[i]);
  return field;
}

static void
show_table (DeskStatisticsPage *self)
{
  const char *const *by = cf_statistics_report_get_by (self->report);
  int n_by = (int) g_strv_length ((char **) by), line = 1;
  const char *heads[] = { _("Students"), _("Cases"), _("Contacts"), _("Median wait (minutes)") };

  clear_table (self);
  for (int i = 0; i < n_by; i++)
    add_cell (self, field_label (by[i]), i, 0, TRUE);
  for (int i = 0; i < 4; i++)
    add_cell (self, heads[i], n_by + i, 0, TRUE);
  for (guint r = 0; n_by > 0 && r < cf_statistics_report_get_n_rows (self->report); r++, line++)
    {
      const CfStatisticsRow *row = cf_statistics_report_get_row (self->report, r);

      for (int i = 0; i < n_by; i++)
        add_cell (self, cf_statistics_group_label (by[i], row->group[i]), i, line, FALSE);
      add_counts (self, row, n_by, line);
    }
  add_cell (self, _("Total"), 0, line, TRUE);
  add_counts (self, cf_statistics_report_get_total (self->report), MAX (n_by, 1), line);
}

/* --- the charts --- */

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  DeskStatisticsPage *self = user_data;
  gboolean by_month = area == self->month_chart;
  CfStatisticsReport *report = by_month ? self->by_month : self->by_topic;
  GdkRGBA color;

  if (report == NULL)
    return;
  /* GTK 4.8 has no gtk_widget_get_color: the style's foreground. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gdk_cairo_set_source_rgba (cr, &color);
  cf_statistics_chart_draw (cr, NULL, report, by_month ? _("Contacts by month") : _("Contacts by topic"),
                            width, height);
}

/* A chart is read out as its bars in words. */
static void
show_chart (GtkDrawingArea     *area,
            CfStatisticsReport *report,
            const char         *title)
{
  g_autofree char *description = report ? cf_statistics_chart_describe (report, title) : NULL;
  guint n = report ? cf_statistics_report_get_n_rows (report) : 0;

  gtk_drawing_area_set_content_height (area, report ? CHART_TOP + (int) n * CHART_BAR : 0);
  gtk_widget_set_visible (GTK_WIDGET (area), report != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description ? description : "", -1);
  gtk_widget_queue_draw (GTK_WIDGET (area));
}

static void
show_reports (DeskStatisticsPage *self)
{
  gboolean counted = self->report != NULL;

  if (counted)
    show_table (self);
  else
    clear_table (self);
  show_chart (self->month_chart, self->by_month, _("Contacts by month"));
  show_chart (self->topic_chart, self->by_topic, _("Contacts by topic"));
  gtk_widget_set_visible (GTK_WIDGET (self->rule_label), counted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "statistics.export", counted);
}

static void
forget_reports (DeskStatisticsPage *self)
{
  g_clear_pointer (&self->report, cf_statistics_report_unref);
  g_clear_pointer (&self->by_month, cf_statistics_report_unref);
  g_clear_pointer (&self->by_topic, cf_statistics_report_unref);
}

static void
show_problem (DeskStatisticsPage *self,
              const char         *problem)
{
  gtk_label_set_text (self->problem_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
}

static void
counted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeskStatisticsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(Loaded) loaded = desk_session_run_finish (result, &error);

  if (loaded == NULL && desk_error_is_cancelled (error))
    return;
  forget_reports (self);
  show_problem (self, loaded ? NULL : error->message);
  if (loaded != NULL)
    {
      self->report = g_steal_pointer (&loaded->report);
      self->by_month = g_steal_pointer (&loaded->by_month);
      self->by_topic = g_steal_pointer (&loaded->by_topic);
    }
  show_reports (self);
}

/* The fields chosen: the first always, the second unless "None" (0). */
static Request *
make_request (DeskStatisticsPage *self)
{
  const char *const *fields = cf_statistics_fields ();
  Request *request = g_new0 (Request, 1);
  guint first = gtk_drop_down_get_selected (self->first_dropdown);
  guint second = gtk_drop_down_get_selected (self->second_dropdown);

  request->from_text = g_strstrip (g_strdup (gtk_editable_get_text (self->from_entry)));
  request->to_text = g_strstrip (g_strdup (gtk_editable_get_text (self->to_entry)));
  request->by[0] = g_strdup (fields[first < G_N_ELEMENTS (field_labels) ? first : 0]);
  if (second > 0 && second <= G_N_ELEMENTS (field_labels))
    request->by[1] = g_strdup (fields[second - 1]);
  return request;
}

void
desk_statistics_page_reload (DeskStatisticsPage *self)
{
  g_return_if_fail (DESK_IS_STATISTICS_PAGE (self));

  if (self->session == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "statistics.export", FALSE);
  desk_session_run_async (self->session, count_job, make_request (self), (GDestroyNotify) request_free,
                          (GDestroyNotify) loaded_free, self->cancellable, counted_cb,
                          g_object_ref (self));
}

static void
count_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  desk_statistics_page_reload (DESK_STATISTICS_PAGE (widget));
}

static void
entry_activated_cb (DeskStatisticsPage *self)
{
  desk_statistics_page_reload (self);
}

/* --- exporting --- */

typedef struct {
  CfStatisticsReport *report;     /* what was shown: its period and fields */
  CfStatisticsFormat  format;
  char               *path;
} Export;

static void
export_free (Export *export)
{
  cf_statistics_report_unref (export->report);
  g_free (export->path);
  g_free (export);
}

static gboolean
export_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  Export *export = data;

  return cf_statistics_export (session, cf_statistics_report_get_from (export->report),
                               cf_statistics_report_get_to (export->report),
                               cf_statistics_report_get_by (export->report), export->format,
                               export->path, error);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeskStatisticsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!desk_session_do_finish (result, &error))
    {
      if (!desk_error_is_cancelled (error))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("The statistics are saved."));
}

static void
file_chosen_cb (GtkNativeDialog *chooser,
                int              response,
                gpointer         user_data)
{
  DeskStatisticsPage *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  Export *export;

  if (response == GTK_RESPONSE_ACCEPT && self->session != NULL && self->report != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    {
      export = g_new0 (Export, 1);
      export->report = cf_statistics_report_ref (self->report);
      export->format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "format"));
      export->path = g_steal_pointer (&path);
      desk_session_do_async (self->session, export_job, export, (GDestroyNotify) export_free,
                             self->cancellable, exported_cb, g_object_ref (self));
    }
  g_object_unref (chooser);
}

/* The file's name says what it is and when, never who is in it. */
static char *
suggested_name (DeskStatisticsPage *self,
                CfStatisticsFormat  format)
{
  g_autoptr(GDateTime) from = g_date_time_to_local (cf_statistics_report_get_from (self->report));
  g_autofree char *day = g_date_time_format (from, "%Y-%m-%d");

  return g_strdup_printf ("statistics-from-%s.%s", day, cf_statistics_format_to_string (format));
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeskStatisticsPage *self = DESK_STATISTICS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autofree char *name = NULL;
  CfStatisticsFormat format;
  GtkFileChooserNative *chooser;

  if (self->session == NULL || self->report == NULL ||
      !cf_statistics_format_from_string (g_variant_get_string (parameter, NULL), &format))
    return;
  name = suggested_name (self, format);
  chooser = gtk_file_chooser_native_new (_("Export Statistics"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  g_object_set_data (G_OBJECT (chooser), "format", GINT_TO_POINTER (format));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), home, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (file_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- public --- */

/* The last twelve months, today included. */
static void
set_default_period (DeskStatisticsPage *self)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) first = g_date_time_add_days (today, 1 - DEFAULT_DAYS);
  g_autofree char *from = g_date_time_format (first, "%d/%m/%Y");
  g_autofree char *to = g_date_time_format (today, "%d/%m/%Y");

  gtk_editable_set_text (self->from_entry, from);
  gtk_editable_set_text (self->to_entry, to);
}

void
desk_statistics_page_set_session (DeskStatisticsPage *self,
                                  CfSession          *session)
{
  g_return_if_fail (DESK_IS_STATISTICS_PAGE (self));
  g_return_if_fail (session == NULL || CF_IS_SESSION (session));

  desk_statistics_page_clear (self);
  g_set_object (&self->session, session);
}

void
desk_statistics_page_clear (DeskStatisticsPage *self)
{
  g_return_if_fail (DESK_IS_STATISTICS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->session);
  forget_reports (self);
  show_problem (self, NULL);
  show_reports (self);
  set_default_period (self);
}

static void
desk_statistics_page_dispose (GObject *object)
{
  DeskStatisticsPage *self = DESK_STATISTICS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  forget_reports (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_STATISTICS_PAGE);
  G_OBJECT_CLASS (desk_statistics_page_parent_class)->dispose (object);
}

static void
desk_statistics_page_class_init (DeskStatisticsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_statistics_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-statistics-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskStatisticsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskStatisticsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskStatisticsPage, first_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DeskStatisticsPage, second_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DeskStatisticsPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, DeskStatisticsPage, table_grid);
  gtk_widget_class_bind_template_child (widget_class, DeskStatisticsPage, month_chart);
  gtk_widget_class_bind_template_child (widget_class, DeskStatisticsPage, topic_chart);
  gtk_widget_class_bind_template_child (widget_class, DeskStatisticsPage, rule_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_install_action (widget_class, "statistics.count", NULL, count_action_cb);
  gtk_widget_class_install_action (widget_class, "statistics.export", "s", export_action_cb);
}

static void
desk_statistics_page_init (DeskStatisticsPage *self)
{
  g_autoptr(GtkStringList) first = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) second = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_string_list_append (second, _("None"));
  for (gsize i = 0; i < G_N_ELEMENTS (field_labels); i++)
    {
      gtk_string_list_append (first, _(field_labels[i]));
      gtk_string_list_append (second, _(field_labels[i]));
    }
  gtk_drop_down_set_model (self->first_dropdown, G_LIST_MODEL (first));
  gtk_drop_down_set_model (self->second_dropdown, G_LIST_MODEL (second));
  gtk_drop_down_set_selected (self->first_dropdown, 0);      /* topic */
  gtk_drop_down_set_selected (self->second_dropdown, 2);     /* month */
  gtk_label_set_text (self->rule_label, cf_statistics_rule ());
  gtk_drawing_area_set_draw_func (self->month_chart, draw_chart, self, NULL);
  gtk_drawing_area_set_draw_func (self->topic_chart, draw_chart, self, NULL);
  self->cancellable = g_cancellable_new ();
  set_default_period (self);
  show_reports (self);
}
