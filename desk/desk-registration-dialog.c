/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-registration-dialog.h"

#include <glib/gi18n.h>

#include "cf-students.h"
#include "desk-jobs.h"

/* The editable properties of CfStudent, in the order of entries[]. */
static const char *const fields[] = {
  "name", "preferred-name", "student-number", "college", "faculty", "email", "phone", "service-group",
};
#define SERVICE_FIELD 7

struct _DeskRegistrationDialog {
  AdwWindow     parent_instance;

  GtkEditable  *entries[G_N_ELEMENTS (fields)];
  GtkWidget    *service_group;
  GtkLabel     *error_label;

  CfSession    *session;
  CfStudent    *student;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (DeskRegistrationDialog, desk_registration_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_manager (DeskRegistrationDialog *self)
{
  return cf_session_get_role (self->session) == CF_ROLE_MANAGER;
}

static void
fill (DeskRegistrationDialog *self)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = NULL;

      g_object_get (self->student, fields[i], &value, NULL);
      gtk_editable_set_text (self->entries[i], value ? value : "");
    }
  gtk_widget_set_visible (self->service_group, is_manager (self));
}

/* Empty fields are "not recorded"; only a manager's form sets the
 * service, so anyone else's leaves it as it was. */
static CfStudent *
wanted_from_form (DeskRegistrationDialog *self)
{
  g_autofree char *id = NULL, *service = NULL;
  CfStudent *wanted = cf_student_new ();

  g_object_get (self->student, "id", &id, "service-group", &service, NULL);
  g_object_set (wanted, "id", id, "service-group", service, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (self->entries[i])));

      if (i == SERVICE_FIELD && !is_manager (self))
        continue;
      g_object_set (wanted, fields[i], text[0] ? text : NULL, NULL);
    }
  return wanted;
}

static gpointer
save_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  CfStudent *wanted = data;

  if (!cf_students_update (session, wanted, error))
    return NULL;
  return g_object_ref (wanted);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeskRegistrationDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStudent) saved = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "registration.save", TRUE);
  if (saved == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, saved);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeskRegistrationDialog *self = DESK_REGISTRATION_DIALOG (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_action_set_enabled (widget, "registration.save", FALSE);
  desk_session_run_async (self->session, save_job, wanted_from_form (self), g_object_unref,
                          g_object_unref, self->cancellable, saved_cb, g_object_ref (self));
}

DeskRegistrationDialog *
desk_registration_dialog_new (GtkWindow *parent,
                              CfSession *session,
                              CfStudent *student)
{
  DeskRegistrationDialog *self;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (CF_IS_STUDENT (student), NULL);

  self = g_object_new (DESK_TYPE_REGISTRATION_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->student = g_object_ref (student);
  fill (self);
  return self;
}

static void
desk_registration_dialog_dispose (GObject *object)
{
  DeskRegistrationDialog *self = DESK_REGISTRATION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->student);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_REGISTRATION_DIALOG);
  G_OBJECT_CLASS (desk_registration_dialog_parent_class)->dispose (object);
}

static void
desk_registration_dialog_class_init (DeskRegistrationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *const entry_ids[G_N_ELEMENTS (fields)] = {
    "name_entry", "preferred_name_entry", "student_number_entry", "college_entry",
    "faculty_entry", "email_entry", "phone_entry", "service_entry",
  };

  object_class->dispose = desk_registration_dialog_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, CF_TYPE_STUDENT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-registration-dialog.ui");
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_widget_class_bind_template_child_full (widget_class, entry_ids[i], FALSE,
        G_STRUCT_OFFSET (DeskRegistrationDialog, entries) + i * sizeof (GtkEditable *));
  gtk_widget_class_bind_template_child (widget_class, DeskRegistrationDialog, service_group);
  gtk_widget_class_bind_template_child (widget_class, DeskRegistrationDialog, error_label);
  gtk_widget_class_install_action (widget_class, "registration.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
desk_registration_dialog_init (DeskRegistrationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
