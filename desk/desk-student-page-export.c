/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The student page's Export Records…: a subject access answer, everything
 * held about the student as a PDF to read or JSON to reuse, with any
 * passages withheld (see desk-student-page-private.h).  A manager's. */
#include "desk-student-page-private.h"

#include <glib/gi18n.h>

#include "cf-student-export.h"
#include "desk-jobs.h"

/* Only a manager is offered it: a subject access answer is theirs. */
void
_desk_student_page_show_export (DeskStudentPage *self)
{
  gtk_widget_set_visible (self->export_group,
                          self->session != NULL &&
                          cf_session_can (self->session, CF_PERMISSION_SUBJECT_ACCESS));
}

/* --- exporting, on the writer thread --- */

typedef struct {
  char                  *student_id;
  char                  *path;
  CfStudentExportFormat  format;
} Export;

static void
export_free (Export *export)
{
  g_free (export->student_id);
  g_free (export->path);
  g_free (export);
}

static gpointer
export_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  Export *export = data;
  g_autofree guint *n_records = g_new0 (guint, 1);

  if (!cf_student_export (session, export->student_id, export->format, export->path, n_records, error))
    return NULL;
  return g_steal_pointer (&n_records);
}

/* The toast gives a count, never a name. */
static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeskStudentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree guint *n_records = desk_session_run_finish (result, &error);
  g_autofree char *message = NULL;

  if (desk_error_is_cancelled (error))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "student.export-records", TRUE);
  if (n_records == NULL)
    {
      _desk_student_page_show_error (self, error);
      return;
    }
  message = g_strdup_printf (ngettext ("Records exported (%u record)", "Records exported (%u records)",
                                       *n_records), *n_records);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

/* JSON when the name asks for it; a PDF to read otherwise. */
static CfStudentExportFormat
format_of (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".json") ? CF_STUDENT_EXPORT_JSON : CF_STUDENT_EXPORT_PDF;
}

static void
file_chosen_cb (GtkNativeDialog *chooser,
                int              response,
                gpointer         user_data)
{
  DeskStudentPage *self = user_data;
  const char *student_id = g_object_get_data (G_OBJECT (chooser), "student-id");
  g_autoptr(GFile) file = NULL;
  Export *export;

  if (response == GTK_RESPONSE_ACCEPT && self->session != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      g_file_peek_path (file) != NULL)
    {
      export = g_new0 (Export, 1);
      export->student_id = g_strdup (student_id);
      export->path = g_file_get_path (file);
      export->format = format_of (export->path);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "student.export-records", FALSE);
      desk_session_run_async (self->session, export_job, export, (GDestroyNotify) export_free, g_free,
                              self->cancellable, exported_cb, g_object_ref (self));
    }
  g_object_unref (chooser);
}

static GtkFileFilter *
new_filter (const char *name,
            const char *pattern)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  return filter;
}

/* The suggested name says what the file is, never whose. */
static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autoptr(GtkFileFilter) pdf = new_filter (_("PDF, to read"), "*.pdf");
  g_autoptr(GtkFileFilter) json = new_filter (_("JSON, to reuse"), "*.json");
  GtkFileChooserNative *chooser;

  if (self->session == NULL || self->student_id == NULL ||
      !cf_session_can (self->session, CF_PERMISSION_SUBJECT_ACCESS))
    return;
  chooser = gtk_file_chooser_native_new (_("Export Records"), _desk_student_page_get_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pdf);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), home, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("records.pdf"));
  /* The student asked about, whatever the page shows by the answer. */
  g_object_set_data_full (G_OBJECT (chooser), "student-id", g_strdup (self->student_id), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (file_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_desk_student_page_export_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, export_group);
  gtk_widget_class_install_action (widget_class, "student.export-records", NULL, export_action_cb);
}
