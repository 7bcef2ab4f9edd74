/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-book-dialog.h"

#include <glib/gi18n.h>

#include "cf-appointments.h"
#include "cf-students.h"
#include "cf-time.h"
#include "desk-jobs.h"

struct _DeskBookDialog {
  AdwWindow     parent_instance;

  GtkDropDown  *student_dropdown;
  GtkEditable  *date_entry;
  GtkEditable  *start_entry;
  GtkEditable  *end_entry;
  GtkDropDown  *mode_dropdown;
  GtkLabel     *error_label;

  CfSession    *session;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (DeskBookDialog, desk_book_dialog, ADW_TYPE_WINDOW)

enum {
  BOOKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of the mode drop-down's items. */
static const char *const modes[] = { "in-person", "phone", "video" };

static void
show_error (DeskBookDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* --- students for the drop-down --- */

static gpointer
students_job (CfSession    *session,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  return cf_students_list (session, error);
}

static void
students_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DeskBookDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) students = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  if (students == NULL)
    {
      show_error (self, error->message);
      return;
    }
  gtk_drop_down_set_model (self->student_dropdown, students);
  gtk_widget_set_sensitive (GTK_WIDGET (self->student_dropdown),
                            g_list_model_get_n_items (students) > 0);
  if (g_list_model_get_n_items (students) == 0)
    show_error (self, _("There are no students yet. Add the student on the Students page first."));
}

/* --- booking --- */

typedef struct {
  char *student_id;
  char *start;   /* "YYYY-MM-DDTHH:MM" in the office's zone */
  char *end;
  const char *mode;
} Booking;

static void
booking_free (Booking *booking)
{
  g_free (booking->student_id);
  g_free (booking->start);
  g_free (booking->end);
  g_free (booking);
}

static gpointer
book_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  Booking *booking = data;
  g_autoptr(GTimeZone) zone = desk_session_get_zone (session, error);
  g_autoptr(CfAppointment) appointment = NULL;
  gint64 start_at, end_at;

  if (zone == NULL ||
      !cf_time_parse (booking->start, zone, &start_at, error) ||
      !cf_time_parse (booking->end, zone, &end_at, error))
    return NULL;
  appointment = cf_appointment_new ();
  g_object_set (appointment,
                "student-id", booking->student_id,
                "adviser-id", cf_session_get_user_id (session),
                "start-at", start_at,
                "end-at", end_at,
                "mode", booking->mode,
                NULL);
  if (!cf_appointments_add (session, appointment, error))
    return NULL;
  return g_steal_pointer (&appointment);
}

static void
booked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeskBookDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfAppointment) appointment = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "book.book", TRUE);
  if (appointment == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[BOOKED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static Booking *
booking_from_form (DeskBookDialog *self)
{
  CfStudent *student = gtk_drop_down_get_selected_item (self->student_dropdown);
  guint mode = gtk_drop_down_get_selected (self->mode_dropdown);
  const char *date = gtk_editable_get_text (self->date_entry);
  Booking *booking;

  if (student == NULL)
    return NULL;
  booking = g_new0 (Booking, 1);
  booking->student_id = g_strdup (cf_student_get_id (student));
  booking->start = g_strdup_printf ("%sT%s", date, gtk_editable_get_text (self->start_entry));
  booking->end = g_strdup_printf ("%sT%s", date, gtk_editable_get_text (self->end_entry));
  booking->mode = modes[mode < G_N_ELEMENTS (modes) ? mode : 0];
  return booking;
}

static void
book_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeskBookDialog *self = DESK_BOOK_DIALOG (widget);
  Booking *booking = booking_from_form (self);

  if (booking == NULL)
    {
      show_error (self, _("Choose the student first."));
      return;
    }
  show_error (self, NULL);
  gtk_widget_action_set_enabled (widget, "book.book", FALSE);
  desk_session_run_async (self->session, book_job, booking, (GDestroyNotify) booking_free,
                          g_object_unref, self->cancellable, booked_cb, g_object_ref (self));
}

static void
end_activated_cb (DeskBookDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "book.book", NULL);
}

/* --- object --- */

/* The form starts at the next full hour on this computer's clock; the
 * office's zone decides what the typed time means. */
static void
fill_defaults (DeskBookDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next_hour = g_date_time_add_hours (now, 1);
  g_autofree char *date = g_date_time_format (next_hour, "%Y-%m-%d");
  g_autofree char *start = g_date_time_format (next_hour, "%H:00");
  g_autofree char *end = g_date_time_format (next_hour, "%H:45");

  gtk_editable_set_text (self->date_entry, date);
  gtk_editable_set_text (self->start_entry, start);
  gtk_editable_set_text (self->end_entry, end);
}

void
desk_book_dialog_set_start (DeskBookDialog *self,
                            GDateTime      *start)
{
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *date = NULL, *start_text = NULL, *end_text = NULL;

  g_return_if_fail (DESK_IS_BOOK_DIALOG (self));
  g_return_if_fail (start != NULL);

  end = g_date_time_add_minutes (start, 45);
  date = g_date_time_format (start, "%Y-%m-%d");
  start_text = g_date_time_format (start, "%H:%M");
  end_text = g_date_time_format (end, "%H:%M");
  gtk_editable_set_text (self->date_entry, date);
  gtk_editable_set_text (self->start_entry, start_text);
  gtk_editable_set_text (self->end_entry, end_text);
}

DeskBookDialog *
desk_book_dialog_new (GtkWindow *parent,
                      CfSession *session)
{
  DeskBookDialog *self;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);

  self = g_object_new (DESK_TYPE_BOOK_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  fill_defaults (self);
  desk_session_run_async (session, students_job, NULL, NULL, g_object_unref,
                          self->cancellable, students_loaded_cb, g_object_ref (self));
  return self;
}

static void
desk_book_dialog_dispose (GObject *object)
{
  DeskBookDialog *self = DESK_BOOK_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_BOOK_DIALOG);
  G_OBJECT_CLASS (desk_book_dialog_parent_class)->dispose (object);
}

static void
desk_book_dialog_class_init (DeskBookDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_book_dialog_dispose;

  signals[BOOKED] = g_signal_new ("booked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-book-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, student_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, date_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, start_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, end_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, end_activated_cb);
  gtk_widget_class_install_action (widget_class, "book.book", NULL, book_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
desk_book_dialog_init (DeskBookDialog *self)
{
  g_autoptr(GtkExpression) name = gtk_property_expression_new (CF_TYPE_STUDENT, NULL, "name");

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_drop_down_set_expression (self->student_dropdown, name);
}
