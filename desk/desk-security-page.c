/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-security-page.h"

#include "desk-widgets.h"

#include <glib/gi18n.h>

#include "cf-security-notice.h"
#include "cf-students.h"
#include "cf-time.h"
#include "desk-choices.h"
#include "desk-format.h"
#include "desk-jobs.h"

#define DEFAULT_DAYS 14

struct _DeskSecurityPage {
  GtkWidget            parent_instance;

  GtkWidget           *updates_box;
  GtkLabel            *updates_label;
  GtkListBox          *flagged_list;
  GtkEditable         *from_entry;
  GtkEditable         *to_entry;
  GtkListBox          *preview_list;
  GtkLabel            *problem_label;
  AdwPreferencesGroup *format_group;

  GPtrArray           *format_checks;   /* CSV, ICS, PDF: as CfSecurityFormat */
  CfSession           *session;
  GCancellable        *cancellable;
  GListStore          *flagged;         /* CfStudent */
  GtkStringList       *preview;         /* one line per row of the notice */
  gint64               from;            /* the period previewed, UTC seconds */
  gint64               to;
  gint64               updates_from;    /* the period out-of-date notices cover */
  gint64               updates_to;
  gboolean             loaded;          /* since the session was set */
};

G_DEFINE_FINAL_TYPE (DeskSecurityPage, desk_security_page, GTK_TYPE_WIDGET)

/* --- loading, on the writer thread --- */

typedef struct {
  char       *from_text;
  char       *to_text;
} Period;

typedef struct {
  GListModel *flagged;
  GArray     *rows;            /* CfSecurityNoticeRow; NULL when refused */
  GError     *preview_error;
  GPtrArray  *updates;         /* CfSecurityUpdate */
  GTimeZone  *zone;
  gint64      from;
  gint64      to;
} Loaded;

static void
period_free (Period *period)
{
  g_free (period->from_text);
  g_free (period->to_text);
  g_free (period);
}

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->flagged);
  g_clear_pointer (&loaded->rows, g_array_unref);
  g_clear_error (&loaded->preview_error);
  g_clear_pointer (&loaded->updates, g_ptr_array_unref);
  g_clear_pointer (&loaded->zone, g_time_zone_unref);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

/* The period runs from the start of the first day to the end of the last. */
static gboolean
parse_period (Period  *period,
              Loaded  *loaded,
              GError **error)
{
  gint64 start, end;

  if (!cf_date_parse (period->from_text, loaded->zone, &loaded->from, &end, error) ||
      !cf_date_parse (period->to_text, loaded->zone, &start, &loaded->to, error))
    return FALSE;
  return TRUE;
}

/* A refused preview (a student the user may not open) still leaves the
 * list of students and the banner to show. */
static gpointer
load_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  Period *period = data;
  g_autoptr(Loaded) loaded = g_new0 (Loaded, 1);

  if ((loaded->zone = desk_session_get_zone (session, error)) == NULL ||
      (loaded->flagged = cf_students_list_flagged (session, error)) == NULL ||
      (loaded->updates = cf_security_notice_updates_due (session, error)) == NULL)
    return NULL;
  if (parse_period (period, loaded, &loaded->preview_error))
    loaded->rows = cf_security_notice_preview (session, loaded->from, loaded->to, &loaded->preview_error);
  return g_steal_pointer (&loaded);
}

/* --- showing it --- */

static GtkWidget *
create_flagged_row (gpointer item,
                    gpointer user_data)
{
  CfStudent *student = item;
  const char *number = cf_student_get_student_number (student);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 desk_format_student_name (cf_student_get_name (student)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), number ? number : _("No student ID"));
  return row;
}

static GtkWidget *
create_preview_row (gpointer item,
                    gpointer user_data)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_string_object_get_string (item));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

/* One line per notice row, with the cells the CSV and PDF writers use. */
static char *
row_line (const CfSecurityNoticeRow *row,
          GTimeZone                 *zone)
{
  g_autofree char *date = cf_date_format (row->start_at, zone);
  g_autofree char *start = cf_clock_format (row->start_at, zone);
  g_autofree char *end = cf_clock_format (row->end_at, zone);
  /* TRANSLATORS: an appointment's start–end, in one row of the Security notice */
  g_autofree char *times = g_strdup_printf (_("%s–%s"), start, end);

  return desk_format_detail_line ((const char *const[]) {
      desk_format_student_name (*row->student_name ? row->student_name : NULL),
      row->student_number ? row->student_number : _("no student ID"), date, times, NULL });
}

static void
show_preview (DeskSecurityPage *self,
              Loaded           *loaded)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = loaded->rows != NULL;

  for (guint i = 0; ok && i < loaded->rows->len; i++)
    g_ptr_array_add (lines, row_line (&g_array_index (loaded->rows, CfSecurityNoticeRow, i), loaded->zone));
  g_ptr_array_add (lines, NULL);
  gtk_string_list_splice (self->preview, 0, g_list_model_get_n_items (G_LIST_MODEL (self->preview)),
                          (const char *const *) lines->pdata);
  gtk_label_set_text (self->problem_label, ok ? "" : loaded->preview_error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), !ok);
  self->from = ok ? loaded->from : 0;
  self->to = ok ? loaded->to : 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "security.export", ok);
}

static void
show_updates (DeskSecurityPage *self,
              GPtrArray        *updates)
{
  g_autofree char *text = NULL;

  self->updates_from = G_MAXINT64;
  self->updates_to = 0;
  for (guint i = 0; i < updates->len; i++)
    {
      CfSecurityUpdate *update = updates->pdata[i];

      self->updates_from = MIN (self->updates_from, MIN (update->told_start_at, update->start_at ? update->start_at : G_MAXINT64));
      self->updates_to = MAX (self->updates_to, MAX (update->told_end_at, update->end_at));
    }
  text = g_strdup_printf (g_dngettext (NULL,
      "Security holds out-of-date times for %u appointment (moved, cancelled, or the student is no longer removed from their course). An updated notice is due.",
      "Security holds out-of-date times for %u appointments (moved, cancelled, or the student is no longer removed from their course). An updated notice is due.",
      updates->len), updates->len);
  gtk_label_set_text (self->updates_label, text);
  gtk_widget_set_visible (self->updates_box, updates->len > 0);
}

static void
replace_flagged (DeskSecurityPage *self,
                 GListModel       *flagged)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (flagged); i++)
    g_ptr_array_add (items, g_list_model_get_item (flagged, i));
  g_list_store_splice (self->flagged, 0, g_list_model_get_n_items (G_LIST_MODEL (self->flagged)),
                       items->pdata, items->len);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeskSecurityPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(Loaded) loaded = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  /* A refused or failed read leaves no list that reads "nobody". */
  gtk_widget_set_visible (GTK_WIDGET (self->flagged_list), loaded != NULL);
  if (loaded == NULL)
    {
      gtk_label_set_text (self->problem_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
      return;
    }
  replace_flagged (self, loaded->flagged);
  show_updates (self, loaded->updates);
  show_preview (self, loaded);
}

void
desk_security_page_reload (DeskSecurityPage *self)
{
  Period *period;

  g_return_if_fail (DESK_IS_SECURITY_PAGE (self));

  if (self->session == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loaded = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "security.export", FALSE);
  period = g_new0 (Period, 1);
  period->from_text = g_strstrip (g_strdup (gtk_editable_get_text (self->from_entry)));
  period->to_text = g_strstrip (g_strdup (gtk_editable_get_text (self->to_entry)));
  desk_session_run_async (self->session, load_job, period, (GDestroyNotify) period_free,
                          (GDestroyNotify) loaded_free, self->cancellable, loaded_cb, g_object_ref (self));
}

/* --- actions --- */

static void
preview_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  desk_security_page_reload (DESK_SECURITY_PAGE (widget));
}

static void
date_activated_cb (DeskSecurityPage *self)
{
  desk_security_page_reload (self);
}

/* Dates on this computer's clock; the office's zone decides what they mean. */
static void
set_period (DeskSecurityPage *self,
            GDateTime        *first,
            GDateTime        *last)
{
  g_autofree char *from = g_date_time_format (first, "%d/%m/%Y");
  g_autofree char *to = g_date_time_format (last, "%d/%m/%Y");

  gtk_editable_set_text (self->from_entry, from);
  gtk_editable_set_text (self->to_entry, to);
}

static void
show_updates_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DeskSecurityPage *self = DESK_SECURITY_PAGE (widget);
  g_autoptr(GDateTime) first = NULL, last = NULL;

  if (self->updates_to == 0)
    return;
  first = g_date_time_new_from_unix_local (self->updates_from);
  last = g_date_time_new_from_unix_local (self->updates_to - 1);
  set_period (self, first, last);
  desk_security_page_reload (self);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeskSecurityPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_appointments = 0, n_students = 0;

  if (!cf_security_notice_export_finish (result, &n_appointments, &n_students, &error))
    {
      if (!desk_error_is_cancelled (error))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  text = g_strdup_printf (g_dngettext (NULL, "The notice is saved: %u appointment.",
                                       "The notice is saved: %u appointments.", n_appointments),
                          n_appointments);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
  desk_security_page_reload (self);
}

static CfSecurityFormat
chosen_format (DeskSecurityPage *self)
{
  int chosen = desk_choices_get_active (self->format_checks);

  return chosen < 0 ? CF_SECURITY_FORMAT_CSV : (CfSecurityFormat) chosen;
}

static void
file_chosen_cb (GtkNativeDialog *chooser,
                int              response,
                gpointer         user_data)
{
  DeskSecurityPage *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->session != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    cf_security_notice_export_async (self->session, self->from, self->to, chosen_format (self), path,
                                     self->cancellable, exported_cb, g_object_ref (self));
  g_object_unref (chooser);
}

/* A day typed in the period, as a file name may hold it: 07/12/2026 has
 * slashes, so the name takes the day as 2026-12-07. */
static char *
file_name_day (GtkEditable *entry)
{
  GDate day;
  char text[16];

  if (!cf_day_parse (gtk_editable_get_text (entry), &day, NULL) ||
      g_date_strftime (text, sizeof text, "%Y-%m-%d", &day) == 0)
    return g_strdup ("period");
  return g_strdup (text);
}

/* The file's name says what it is and when, never who is in it. */
static char *
suggested_name (DeskSecurityPage *self)
{
  g_autofree char *from = file_name_day (self->from_entry);
  g_autofree char *to = file_name_day (self->to_entry);

  return g_strdup_printf ("security-notice-%s-to-%s.%s", from, to,
                          cf_security_format_to_string (chosen_format (self)));
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeskSecurityPage *self = DESK_SECURITY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = suggested_name (self);
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  GtkFileChooserNative *chooser;

  if (self->session == NULL || self->to <= self->from)
    return;
  chooser = gtk_file_chooser_native_new (_("Export Notice for Security"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), home, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (file_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- public --- */

static void
set_default_period (DeskSecurityPage *self)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) last = g_date_time_add_days (today, DEFAULT_DAYS - 1);

  set_period (self, today, last);
}

void
desk_security_page_set_session (DeskSecurityPage *self,
                                CfSession        *session)
{
  g_return_if_fail (DESK_IS_SECURITY_PAGE (self));
  g_return_if_fail (session == NULL || CF_IS_SESSION (session));

  desk_security_page_clear (self);
  g_set_object (&self->session, session);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    desk_security_page_reload (self);
}

/* Names of flagged students are read (and audited) when someone looks at
 * the page, not at every sign-in. */
static void
mapped_cb (DeskSecurityPage *self)
{
  if (!self->loaded)
    desk_security_page_reload (self);
}

void
desk_security_page_clear (DeskSecurityPage *self)
{
  g_return_if_fail (DESK_IS_SECURITY_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->session);
  self->loaded = FALSE;
  g_list_store_remove_all (self->flagged);
  gtk_string_list_splice (self->preview, 0, g_list_model_get_n_items (G_LIST_MODEL (self->preview)), NULL);
  gtk_widget_set_visible (self->updates_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
  self->from = self->to = 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "security.export", FALSE);
  set_default_period (self);
}

/* --- object --- */

static void
add_format_choices (DeskSecurityPage *self)
{
  const char *titles[] = { _("Spreadsheet (CSV)"), _("Calendar (ICS)"), _("Printable (PDF)") };

  for (gsize i = 0; i < G_N_ELEMENTS (titles); i++)
    g_ptr_array_add (self->format_checks,
                     desk_choices_add_radio (self->format_group, titles[i], NULL,
                                             i ? self->format_checks->pdata[0] : NULL));
  gtk_check_button_set_active (self->format_checks->pdata[0], TRUE);
}

static void
desk_security_page_dispose (GObject *object)
{
  DeskSecurityPage *self = DESK_SECURITY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->format_checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_SECURITY_PAGE);
  /* GTK 4.8 unparents only bound template children; the page's own child
   * must go too, or it outlives its parent. */
  desk_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->flagged);
  g_clear_object (&self->preview);
  G_OBJECT_CLASS (desk_security_page_parent_class)->dispose (object);
}

static void
desk_security_page_class_init (DeskSecurityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_security_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-security-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskSecurityPage, updates_box);
  gtk_widget_class_bind_template_child (widget_class, DeskSecurityPage, updates_label);
  gtk_widget_class_bind_template_child (widget_class, DeskSecurityPage, flagged_list);
  gtk_widget_class_bind_template_child (widget_class, DeskSecurityPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskSecurityPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskSecurityPage, preview_list);
  gtk_widget_class_bind_template_child (widget_class, DeskSecurityPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, DeskSecurityPage, format_group);
  gtk_widget_class_bind_template_callback (widget_class, date_activated_cb);
  gtk_widget_class_install_action (widget_class, "security.preview", NULL, preview_action_cb);
  gtk_widget_class_install_action (widget_class, "security.export", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "security.show-updates", NULL, show_updates_action_cb);
}

static void
desk_security_page_init (DeskSecurityPage *self)
{
  GtkWidget *empty;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->format_checks = g_ptr_array_new ();
  self->flagged = g_list_store_new (CF_TYPE_STUDENT);
  self->preview = gtk_string_list_new (NULL);
  gtk_list_box_bind_model (self->flagged_list, G_LIST_MODEL (self->flagged), create_flagged_row, self, NULL);
  gtk_list_box_bind_model (self->preview_list, G_LIST_MODEL (self->preview), create_preview_row, self, NULL);
  empty = gtk_label_new (_("No student is removed from their course."));
  gtk_widget_add_css_class (empty, "dim-label");
  g_object_set (empty, "margin-top", 12, "margin-bottom", 12, NULL);
  gtk_list_box_set_placeholder (self->flagged_list, empty);
  empty = gtk_label_new (_("No appointment in this period: the notice would be empty."));
  gtk_widget_add_css_class (empty, "dim-label");
  g_object_set (empty, "margin-top", 12, "margin-bottom", 12, NULL);
  gtk_list_box_set_placeholder (self->preview_list, empty);
  add_format_choices (self);
  set_default_period (self);
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "security.export", FALSE);
}
