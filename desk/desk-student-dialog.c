/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-student-dialog.h"

#include <glib/gi18n.h>

#include "cf-students.h"
#include "desk-jobs.h"

typedef struct {
  const char *property;     /* of CfStudent */
  const char *mnemonic;
  GtkInputPurpose purpose;
} Field;

/* One table drives the form, the accessible names and the new record. */
static const Field fields[] = {
  { "name", N_("_Name"), GTK_INPUT_PURPOSE_NAME },
  { "student-number", N_("Student _ID"), GTK_INPUT_PURPOSE_FREE_FORM },
  { "college", N_("_College"), GTK_INPUT_PURPOSE_FREE_FORM },
  { "faculty", N_("_Faculty"), GTK_INPUT_PURPOSE_FREE_FORM },
  { "email", N_("_Email"), GTK_INPUT_PURPOSE_EMAIL },
};

struct _DeskStudentDialog {
  AdwWindow     parent_instance;

  GtkGrid      *grid;
  GtkLabel     *error_label;
  GtkEditable  *entries[G_N_ELEMENTS (fields)];

  CfSession    *session;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (DeskStudentDialog, desk_student_dialog, ADW_TYPE_WINDOW)

enum {
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (DeskStudentDialog *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gpointer
add_job (CfSession    *session,
         gpointer      data,
         GCancellable *cancellable,
         GError      **error)
{
  CfStudent *student = data;

  if (!cf_students_add (session, student, error))
    return NULL;
  return g_strdup (cf_student_get_id (student));
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeskStudentDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "student-dialog.add", TRUE);
  if (id == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[ADDED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Empty optional fields stay unset rather than stored as "". */
static CfStudent *
student_from_form (DeskStudentDialog *self)
{
  CfStudent *student = cf_student_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (self->entries[i])));

      if (*text != '\0' || i == 0)
        g_object_set (student, fields[i].property, text, NULL);
    }
  return student;
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DeskStudentDialog *self = DESK_STUDENT_DIALOG (widget);

  show_error (self, NULL);
  gtk_widget_action_set_enabled (widget, "student-dialog.add", FALSE);
  desk_session_run_async (self->session, add_job, student_from_form (self), g_object_unref,
                          g_free, self->cancellable, added_cb, g_object_ref (self));
}

static void
entry_activated_cb (DeskStudentDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "student-dialog.add", NULL);
}

static void
build_form (DeskStudentDialog *self)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *label = gtk_label_new_with_mnemonic (_(fields[i].mnemonic));
      GtkWidget *entry = gtk_entry_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
      gtk_widget_set_hexpand (entry, TRUE);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), fields[i].purpose);
      /* The mnemonic label names the entry for assistive tools. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_REQUIRED, i == 0,
                                      -1);
      g_signal_connect_object (entry, "activate", G_CALLBACK (entry_activated_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_grid_attach (self->grid, label, 0, (int) i, 1, 1);
      gtk_grid_attach (self->grid, entry, 1, (int) i, 1, 1);
      self->entries[i] = GTK_EDITABLE (entry);
    }
}

DeskStudentDialog *
desk_student_dialog_new (GtkWindow *parent,
                         CfSession *session)
{
  DeskStudentDialog *self;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);

  self = g_object_new (DESK_TYPE_STUDENT_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  return self;
}

static void
desk_student_dialog_dispose (GObject *object)
{
  DeskStudentDialog *self = DESK_STUDENT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_STUDENT_DIALOG);
  G_OBJECT_CLASS (desk_student_dialog_parent_class)->dispose (object);
}

static void
desk_student_dialog_class_init (DeskStudentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_student_dialog_dispose;

  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-student-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskStudentDialog, grid);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentDialog, error_label);
  gtk_widget_class_install_action (widget_class, "student-dialog.add", NULL, add_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
desk_student_dialog_init (DeskStudentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  build_form (self);
}
