/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The student page's removed-from-course flag: what it says, who last set
 * or cleared it, when and why; a manager changes it, with a reason (see
 * desk-student-page-private.h). */
#include "desk-student-page-private.h"

#include <glib/gi18n.h>

#include "cf-students.h"
#include "desk-a11y.h"
#include "desk-format.h"
#include "desk-jobs.h"

/* Every adviser sees the flag; only a manager is offered to change it. */
void
_desk_student_page_show_removed (DeskStudentPage *self)
{
  gboolean removed = cf_student_get_removed_from_course (self->student);
  g_autofree char *reason = NULL, *by = NULL, *state = NULL;
  gint64 at = 0;

  g_object_get (self->student, "removed-reason", &reason, "removed-by", &by, "removed-at", &at, NULL);
  state = desk_format_removed (removed, reason, by, at, self->zone);
  adw_action_row_set_subtitle (self->removed_row, state);
  gtk_button_set_label (self->removed_button, removed ? _("Clear…") : _("Mark as Removed…"));
  gtk_widget_set_visible (GTK_WIDGET (self->removed_button),
                          self->session != NULL && cf_session_can (self->session, CF_PERMISSION_FLAG_STUDENTS));
}

typedef struct {
  char     *student_id;
  gboolean  removed;
  char     *reason;
} Change;

static void
change_free (Change *change)
{
  g_free (change->student_id);
  g_free (change->reason);
  g_free (change);
}

static gboolean
change_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  Change *change = data;

  return cf_students_set_removed_from_course (session, change->student_id, change->removed,
                                              change->reason, error);
}

static void
changed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeskStudentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (!desk_session_do_finish (result, &error))
    {
      _desk_student_page_show_error (self, error);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                              cf_student_get_removed_from_course (self->student)
                              ? _("The student is no longer marked as removed from their course.")
                              : _("The student is marked as removed from their course."));
  /* Opened again, the page shows the flag as it is now stored; opening
   * clears the page, and the id with it. */
  id = g_strdup (self->student_id);
  desk_student_page_open (self, self->session, id);
}

static void
change_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  DeskStudentPage *self = user_data;
  GtkEditable *reason = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  Change *change;

  if (g_strcmp0 (response, "change") != 0 || self->session == NULL || self->student == NULL)
    return;
  change = g_new0 (Change, 1);
  change->student_id = g_strdup (self->student_id);
  change->removed = !cf_student_get_removed_from_course (self->student);
  change->reason = g_strstrip (g_strdup (gtk_editable_get_text (reason)));
  desk_session_do_async (self->session, change_job, change, (GDestroyNotify) change_free,
                         self->cancellable, changed_cb, g_object_ref (self));
}

static GtkWidget *
new_reason_entry (void)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, kept on the student’s record"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  return entry;
}

static void
change_removed_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);
  gboolean removed;
  GtkWidget *dialog;

  if (self->session == NULL || self->student == NULL)
    return;
  removed = cf_student_get_removed_from_course (self->student);
  dialog = adw_message_dialog_new (_desk_student_page_get_window (self),
                                   removed ? _("Clear Removed from Their Course?")
                                           : _("Mark as Removed from Their Course?"),
                                   removed ? _("Campus Security will no longer be told of this student’s appointments; an updated notice will be due for times already sent.")
                                           : _("Campus Security will be told the times of this student’s in-person appointments, and nothing else."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), new_reason_entry ());
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("Cancel"),
                                    "change", removed ? _("Clear") : _("Mark as Removed"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "change");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (change_response_cb), self, 0);
  desk_message_dialog_name_responses (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_desk_student_page_removed_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, removed_row);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, removed_button);
  gtk_widget_class_install_action (widget_class, "student.change-removed", NULL, change_removed_action_cb);
}
