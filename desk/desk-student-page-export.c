/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The student page's Export Records…: a subject access answer, everything
 * held about the student as a PDF to read or JSON to reuse, with any
 * passages withheld (see desk-student-page-private.h).  A manager's.
 * And Withhold… on each entry, for advisers and managers alike: the
 * passage that identifies someone else, with the reason kept. */
#include "desk-student-page-private.h"

#include <glib/gi18n.h>

#include "cf-student-export.h"
#include "desk-a11y.h"
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


/* --- withholding a passage of an entry --- */

typedef struct {
  char *student_id;
  char *entry_id;
  char *passage;    /* NULL: the whole entry */
  char *reason;
} Withholding;

static void
withholding_free (Withholding *withholding)
{
  g_free (withholding->student_id);
  g_free (withholding->entry_id);
  g_free (withholding->passage);
  g_free (withholding->reason);
  g_free (withholding);
}

static gboolean
withhold_job (CfSession    *session,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  Withholding *withholding = data;
  g_autofree char *id = cf_student_withhold (session, withholding->student_id, withholding->entry_id,
                                             withholding->passage != NULL ? "body" : NULL,
                                             withholding->passage, withholding->reason, error);

  return id != NULL;
}

static void
withheld_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeskStudentPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!desk_session_do_finish (result, &error))
    {
      if (!desk_error_is_cancelled (error))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                              _("Withheld from the records returned to the student."));
}

static char *
stripped_text (GtkEditable *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (entry)));
}

static void
withhold_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  DeskStudentPage *self = user_data;
  GtkEditable *passage = g_object_get_data (G_OBJECT (dialog), "passage");
  Withholding *withholding;

  if (g_strcmp0 (response, "withhold") != 0 || self->session == NULL)
    return;
  withholding = g_new0 (Withholding, 1);
  withholding->student_id = g_strdup (g_object_get_data (G_OBJECT (dialog), "student-id"));
  withholding->entry_id = g_strdup (g_object_get_data (G_OBJECT (dialog), "entry-id"));
  withholding->reason = stripped_text (g_object_get_data (G_OBJECT (dialog), "reason"));
  /* The passage as typed, spaces and all: it must match the entry's words. */
  if (gtk_editable_get_text (passage)[0] != '\0')
    withholding->passage = g_strdup (gtk_editable_get_text (passage));
  desk_session_do_async (self->session, withhold_job, withholding, (GDestroyNotify) withholding_free,
                         self->cancellable, withheld_cb, g_object_ref (self));
}

static void
withhold_reason_changed_cb (GtkEditable      *entry,
                            AdwMessageDialog *dialog)
{
  g_autofree char *reason = stripped_text (entry);
  gboolean given = reason[0] != '\0';

  adw_message_dialog_set_response_enabled (dialog, "withhold", given);
  adw_message_dialog_set_default_response (dialog, given ? "withhold" : NULL);
}

static GtkWidget *
new_field (AdwMessageDialog *dialog,
           const char       *key,
           const char       *label,
           const char       *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (dialog), key, entry);
  return entry;
}

static void
withhold_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *reason;

  if (self->session == NULL || self->student_id == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (_desk_student_page_get_window (self),
                                                       _("Withhold From the Student’s Copy?"),
                                                       _("When the student’s records are returned to them, the words below are replaced by “[withheld: reason]”. Leave them empty to withhold the whole entry. The entry itself is kept as it is.")));
  gtk_box_append (GTK_BOX (box), new_field (dialog, "passage", _("Words to withhold"),
                                            _("Words to withhold, exactly as written (optional)")));
  reason = new_field (dialog, "reason", _("Reason"), _("Reason, for example: names another tenant"));
  gtk_box_append (GTK_BOX (box), reason);
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data_full (G_OBJECT (dialog), "student-id", g_strdup (self->student_id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "entry-id", g_variant_dup_string (parameter, NULL), g_free);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "withhold", _("_Withhold"), NULL);
  adw_message_dialog_set_close_response (dialog, "cancel");
  desk_message_dialog_name_responses (dialog);
  withhold_reason_changed_cb (GTK_EDITABLE (reason), dialog);
  g_signal_connect_object (reason, "changed", G_CALLBACK (withhold_reason_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (withhold_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* @written: when the entry was written, as the row shows it; every entry
 * has a button, so its name says which entry it is for. */
GtkWidget *
_desk_student_page_new_withhold_button (const char *entry_id,
                                        const char *written)
{
  GtkWidget *button = gtk_button_new_with_label (_("Withhold…"));
  /* TRANSLATORS: the name a screen reader gives the Withhold… button of
   * one entry; %s is a day and time, like "21 Nov 2026, 14:05" */
  g_autofree char *name = g_strdup_printf (_("Withhold words of the entry written %s"), written);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, _("Leave words of this entry out of the records returned to the student"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "student.withhold-entry");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (entry_id));
  return button;
}

void
_desk_student_page_export_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, export_group);
  gtk_widget_class_install_action (widget_class, "student.export-records", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "student.withhold-entry", "s", withhold_action_cb);
}
