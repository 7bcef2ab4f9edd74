/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The student page's Destroy Records…: on the student's request, a
 * manager destroys everything held about them on every machine, giving a
 * reason that names nobody (see desk-student-page-private.h). */
#include "desk-student-page-private.h"

#include <glib/gi18n.h>

#include "cf-students.h"
#include "desk-a11y.h"
#include "desk-jobs.h"

static guint destroyed_signal;

/* Only a manager is offered it: nobody else may destroy records. */
void
_desk_student_page_show_destroy (DeskStudentPage *self)
{
  gtk_widget_set_visible (self->destroy_group,
                          self->session != NULL &&
                          cf_session_can (self->session, CF_PERMISSION_DESTROY_RECORDS));
}

/* --- destroying, on the writer thread --- */

typedef struct {
  char *student_id;
  char *reason;
} Destruction;

static void
destruction_free (Destruction *destruction)
{
  g_free (destruction->student_id);
  g_free (destruction->reason);
  g_free (destruction);
}

static gpointer
destroy_job (CfSession    *session,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  Destruction *destruction = data;
  g_autofree guint *n_records = g_new0 (guint, 1);

  if (!cf_students_destroy (session, destruction->student_id, destruction->reason, n_records, error))
    return NULL;
  return g_steal_pointer (&n_records);
}

/* The toast says how many records went, never whose: it may show over
 * anything, and the student is gone. */
static void
destroyed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DeskStudentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree guint *n_records = desk_session_run_finish (result, &error);
  g_autofree char *message = NULL;

  if (desk_error_is_cancelled (error))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "student.destroy", TRUE);
  if (n_records == NULL)
    {
      _desk_student_page_show_error (self, error);
      return;
    }
  message = g_strdup_printf (ngettext ("Records destroyed (%u record)",
                                       "Records destroyed (%u records)", *n_records),
                             *n_records);
  desk_student_page_clear (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
  g_signal_emit (self, destroyed_signal, 0);
}

/* Where the records are destroyed once the manager has confirmed.  When
 * the export to return a student's records exists, the option to return
 * them first joins the reason in the dialog's box (new_destroy_fields),
 * and its export runs before this, which it calls when done. */
static void
start_destroying (DeskStudentPage *self,
                  const char      *student_id,
                  const char      *reason)
{
  Destruction *destruction = g_new0 (Destruction, 1);

  destruction->student_id = g_strdup (student_id);
  destruction->reason = g_strstrip (g_strdup (reason));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "student.destroy", FALSE);
  desk_session_run_async (self->session, destroy_job, destruction, (GDestroyNotify) destruction_free,
                          g_free, self->cancellable, destroyed_cb, g_object_ref (self));
}

/* --- the confirmation --- */

static void
destroy_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  DeskStudentPage *self = user_data;
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  const char *student_id = g_object_get_data (G_OBJECT (dialog), "student-id");

  if (g_strcmp0 (response, "destroy") != 0 || self->session == NULL)
    return;
  start_destroying (self, student_id, gtk_editable_get_text (reason));
}

/* Destroying is the default only once there is a reason: Enter in an
 * empty field does nothing. */
static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  gboolean given = reason[0] != '\0';

  adw_message_dialog_set_response_enabled (dialog, "destroy", given);
  adw_message_dialog_set_default_response (dialog, given ? "destroy" : NULL);
}

/* The reason outlives the records, in the audit: the hint says so. */
static GtkWidget *
new_destroy_fields (AdwMessageDialog *dialog)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *hint = gtk_label_new (_("Say why without naming anyone: the reason is kept after the records are gone."));

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, for example: the student asked"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, gtk_label_get_text (GTK_LABEL (hint)),
                                  -1);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "caption");
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), hint);
  g_object_set_data (G_OBJECT (dialog), "reason", entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (reason_changed_cb), dialog, 0);
  return box;
}

static void
destroy_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);
  AdwMessageDialog *dialog;

  if (self->session == NULL || self->student == NULL ||
      !cf_session_can (self->session, CF_PERMISSION_DESTROY_RECORDS))
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (_desk_student_page_get_window (self),
                                                       _("Destroy This Student’s Records?"),
                                                       _("Everything held about this student is destroyed, on every machine of the office, and cannot be brought back. Only a note that records were destroyed, when, by whom and why, is kept.")));
  adw_message_dialog_set_extra_child (dialog, new_destroy_fields (dialog));
  /* The student asked about, whatever the page shows by the answer. */
  g_object_set_data_full (G_OBJECT (dialog), "student-id", g_strdup (self->student_id), g_free);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "destroy", _("_Destroy Records"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "destroy", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  desk_message_dialog_name_responses (dialog);
  reason_changed_cb (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "reason")), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (destroy_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_desk_student_page_destroy_class_init (GtkWidgetClass *widget_class)
{
  /* "destroyed": the student shown no longer exists; the page is empty. */
  destroyed_signal = g_signal_new ("destroyed", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, destroy_group);
  gtk_widget_class_install_action (widget_class, "student.destroy", NULL, destroy_action_cb);
}
