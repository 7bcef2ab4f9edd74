/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Booking an appointment: the student found by typing part of their name
 * or their student ID (the library's search, on the store's thread), a day
 * typed as the UK writes it or picked on a calendar, a start within the
 * office's opening hours, the adviser and the topic.  Each field's error
 * appears beside it, in words.  Once booked, the booking code is shown at
 * once, to copy or print: only its verifier is stored. */
#include "desk-book-dialog.h"

#include <glib/gi18n.h>

#include "cf-appointments.h"
#include "cf-error.h"
#include "cf-office-settings.h"
#include "cf-search.h"
#include "cf-students.h"
#include "cf-text.h"
#include "cf-time.h"
#include "cf-user.h"
#include "desk-format.h"
#include "desk-jobs.h"

/* A handful of matches is enough to pick from; more typing narrows it. */
#define RESULTS_SHOWN 8
#define DEFAULT_MINUTES 30

struct _DeskBookDialog {
  AdwWindow     parent_instance;

  GtkStack     *stack;
  GtkWidget    *book_button;
  GtkWidget    *cancel_button;
  GtkEditable  *student_entry;
  GtkListBox   *student_results;
  GtkLabel     *student_hint;
  GtkLabel     *student_error;
  GtkEditable  *date_entry;
  GtkPopover   *calendar_popover;
  GtkCalendar  *calendar;
  GtkLabel     *date_error;
  GtkEditable  *start_entry;
  GtkLabel     *start_hint;
  GtkLabel     *start_error;
  GtkEditable  *end_entry;
  GtkLabel     *end_error;
  GtkDropDown  *adviser_dropdown;
  GtkDropDown  *mode_dropdown;
  GtkEditable  *topic_entry;
  GtkLabel     *error_label;
  GtkWidget    *security_label;
  GtkLabel     *booked_label;
  GtkLabel     *code_label;
  GtkLabel     *copied_label;
  GtkWidget    *done_button;

  CfSession    *session;
  GCancellable *cancellable;         /* everything the dialog started */
  GCancellable *search_cancellable;  /* the newest search only */
  GTimeZone    *zone;
  int           opens;               /* minutes after midnight */
  int           closes;
  char         *student_id;          /* the student chosen, if any */
  char         *student_text;        /* "Name, student ID", as chosen */
  gboolean      student_removed;     /* the chosen student is removed from their course */
  char         *code;                /* the booking code, once booked */
  char         *when;                /* the booked day and times, in words */
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
show_message (GtkLabel   *label,
              const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
clear_errors (DeskBookDialog *self)
{
  GtkLabel *labels[] = {
    self->student_error, self->date_error, self->start_error, self->end_error, self->error_label,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    show_message (labels[i], NULL);
}

/* --- what the form needs: the zone, the opening hours, the advisers --- */

typedef struct {
  GTimeZone  *zone;
  int         opens;
  int         closes;
  GListModel *advisers;
} Setup;

static void
setup_free (Setup *setup)
{
  g_clear_pointer (&setup->zone, g_time_zone_unref);
  g_clear_object (&setup->advisers);
  g_free (setup);
}

static gpointer
setup_job (CfSession    *session,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  Setup *setup = g_new0 (Setup, 1);

  setup->zone = desk_session_get_zone (session, error);
  if (setup->zone != NULL &&
      cf_office_settings_get_opening_hours (session, &setup->opens, &setup->closes, error))
    setup->advisers = cf_appointments_advisers (session, error);
  if (setup->advisers == NULL)
    {
      setup_free (setup);
      return NULL;
    }
  return setup;
}

static char *
clock_text (int minutes)
{
  return g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);
}

static void
show_advisers (DeskBookDialog *self,
               GListModel     *advisers)
{
  const char *me = cf_session_get_user_id (self->session);

  gtk_drop_down_set_model (self->adviser_dropdown, advisers);
  for (guint i = 0; i < g_list_model_get_n_items (advisers); i++)
    {
      g_autoptr(CfUser) user = g_list_model_get_item (advisers, i);

      if (g_strcmp0 (cf_user_get_id (user), me) == 0)
        gtk_drop_down_set_selected (self->adviser_dropdown, i);
    }
}

static void
set_up_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeskBookDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Setup *setup = desk_session_run_finish (result, &error);
  g_autofree char *opens = NULL, *closes = NULL, *hint = NULL;

  if (desk_error_is_cancelled (error))
    return;
  if (setup == NULL)
    {
      show_message (self->error_label, error->message);
      return;
    }
  self->zone = g_time_zone_ref (setup->zone);
  self->opens = setup->opens;
  self->closes = setup->closes;
  opens = clock_text (self->opens);
  closes = clock_text (self->closes);
  /* TRANSLATORS: the office's opening hours, "10:00" and "16:00" */
  hint = g_strdup_printf (_("The office is open from %s to %s."), opens, closes);
  gtk_label_set_text (self->start_hint, hint);
  show_advisers (self, setup->advisers);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "book.book", TRUE);
  setup_free (setup);
}

/* --- the student: search as you type --- */

static gpointer
search_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  return cf_search_students (session, data, 0, RESULTS_SHOWN, NULL, error);
}

static char *
hit_text (CfSearchHit *hit)
{
  const char *name = cf_search_hit_get_student_name (hit);
  g_autofree char *number = NULL;
  g_autofree char *isolated = NULL;

  g_object_get (hit, "student-number", &number, NULL);
  if (name == NULL || name[0] == '\0')
    return g_strdup (_("Anonymous student"));
  isolated = cf_text_isolate (name);
  if (number == NULL)
    return g_steal_pointer (&isolated);
  /* TRANSLATORS: a student in the list to choose from, "Tomos Price, S1000001" */
  return g_strdup_printf (_("%s, %s"), isolated, number);
}

/* --- what Campus Security will need --- */

/* Booked in person, a student removed from their course is someone
 * Campus Security must be told of: the adviser hears it before booking. */
static void
update_security_warning (DeskBookDialog *self)
{
  gboolean in_person = gtk_drop_down_get_selected (self->mode_dropdown) == 0;

  gtk_widget_set_visible (self->security_label,
                          self->student_id != NULL && self->student_removed && in_person);
}

static gpointer
student_job (CfSession    *session,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  return cf_students_get (session, data, error);
}

static void
student_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DeskBookDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStudent) student = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  if (student == NULL)
    {
      show_message (self->student_error, error->message);
      return;
    }
  if (g_strcmp0 (cf_student_get_id (student), self->student_id) != 0)
    return;   /* someone else was chosen meanwhile */
  self->student_removed = cf_student_get_removed_from_course (student);
  update_security_warning (self);
}

static void
check_removed_from_course (DeskBookDialog *self)
{
  self->student_removed = FALSE;
  update_security_warning (self);
  desk_session_run_async (self->session, student_job, g_strdup (self->student_id), g_free,
                          g_object_unref, self->cancellable, student_read_cb, g_object_ref (self));
}

static void
choose_student (DeskBookDialog *self,
                CfSearchHit    *hit)
{
  g_autofree char *chosen = NULL;

  g_free (self->student_id);
  self->student_id = g_strdup (cf_search_hit_get_student_id (hit));
  g_free (self->student_text);
  self->student_text = hit_text (hit);
  /* TRANSLATORS: the student chosen for the appointment */
  chosen = g_strdup_printf (_("Booking for %s."), self->student_text);
  gtk_label_set_text (self->student_hint, chosen);
  gtk_widget_set_visible (GTK_WIDGET (self->student_results), FALSE);
  show_message (self->student_error, NULL);
  check_removed_from_course (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->date_entry));
}

static void
result_clicked_cb (GtkButton      *button,
                   DeskBookDialog *self)
{
  choose_student (self, g_object_get_data (G_OBJECT (button), "hit"));
}

static GtkWidget *
new_result_row (DeskBookDialog *self,
                CfSearchHit    *hit)
{
  g_autofree char *text = hit_text (hit);
  GtkWidget *button = gtk_button_new_with_label (text);

  gtk_widget_add_css_class (button, "flat");
  gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
  g_object_set_data_full (G_OBJECT (button), "hit", g_object_ref (hit), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (result_clicked_cb), self, 0);
  return button;
}

static void
show_results (DeskBookDialog *self,
              GListModel     *hits)
{
  GtkWidget *child;
  guint n = g_list_model_get_n_items (hits);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->student_results))) != NULL)
    gtk_list_box_remove (self->student_results, child);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CfSearchHit) hit = g_list_model_get_item (hits, i);
      gtk_list_box_append (self->student_results, new_result_row (self, hit));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->student_results), n > 0);
  gtk_label_set_text (self->student_hint,
                      n > 0 ? _("Choose the student from the list.")
                            : _("No student matches. Check the spelling, or add the student on the Students page first."));
}

static void
searched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeskBookDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) hits = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  if (hits == NULL)
    {
      show_message (self->student_error, error->message);
      return;
    }
  show_results (self, hits);
}

/* Typing again means looking for someone else: the choice goes, and only
 * the newest search's answer is shown. */
static void
student_search_changed_cb (DeskBookDialog *self)
{
  const char *text = gtk_editable_get_text (self->student_entry);
  g_autofree char *query = cf_search_build_query (text, 2);

  g_clear_pointer (&self->student_id, g_free);
  update_security_warning (self);
  show_message (self->student_error, NULL);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (query == NULL || g_utf8_strlen (text, -1) < 2)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->student_results), FALSE);
      gtk_label_set_text (self->student_hint, _("Type at least two letters of their name, or their student ID."));
      return;
    }
  self->search_cancellable = g_cancellable_new ();
  desk_session_run_async (self->session, search_job, g_strdup (text), g_free, g_object_unref,
                          self->search_cancellable, searched_cb, g_object_ref (self));
}

/* --- the day --- */

static void
calendar_day_selected_cb (DeskBookDialog *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = g_date_time_format (day, "%d/%m/%Y");

  gtk_editable_set_text (self->date_entry, text);
  gtk_popover_popdown (self->calendar_popover);
}

/* --- checking the form --- */

typedef struct {
  char       *student_id;
  char       *adviser_id;
  char       *topic;
  const char *mode;
  GTimeZone  *zone;
  gint64      start_at;
  gint64      end_at;
} Booking;

static void
booking_free (Booking *booking)
{
  g_free (booking->student_id);
  g_free (booking->adviser_id);
  g_free (booking->topic);
  g_clear_pointer (&booking->zone, g_time_zone_unref);
  g_free (booking);
}

static gboolean
check_start (DeskBookDialog *self,
             int            *start)
{
  const char *text = gtk_editable_get_text (self->start_entry);
  g_autoptr(GError) error = NULL;
  g_autofree char *opens = clock_text (self->opens), *closes = clock_text (self->closes);
  g_autofree char *outside = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (trimmed[0] == '\0')
    {
      show_message (self->start_error, _("Give the time it starts, like 14:00."));
      return FALSE;
    }
  if (!cf_clock_parse (text, start, &error))
    {
      show_message (self->start_error, error->message);
      return FALSE;
    }
  if (*start >= self->opens && *start < self->closes)
    return TRUE;
  outside = g_strdup_printf (_("The office is open from %s to %s: choose a start time between them."),
                             opens, closes);
  show_message (self->start_error, outside);
  return FALSE;
}

static gboolean
check_end (DeskBookDialog *self,
           int             start,
           int            *end)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (self->end_entry)));
  g_autoptr(GError) error = NULL;

  if (text[0] == '\0')
    {
      *end = start + DEFAULT_MINUTES;
      return TRUE;
    }
  if (!cf_clock_parse (text, end, &error))
    {
      show_message (self->end_error, error->message);
      return FALSE;
    }
  if (*end > start)
    return TRUE;
  show_message (self->end_error, _("It must end after it starts."));
  return FALSE;
}

static gboolean
check_student (DeskBookDialog *self)
{
  if (self->student_id != NULL)
    return TRUE;
  show_message (self->student_error,
                _("Choose the student: type part of their name or their student ID, then pick them from the list."));
  return FALSE;
}

static char *
chosen_adviser (DeskBookDialog *self)
{
  CfUser *user = gtk_drop_down_get_selected_item (self->adviser_dropdown);

  return g_strdup (user ? cf_user_get_id (user) : cf_session_get_user_id (self->session));
}

/* Every field is checked, so that every error shows at once. */
static Booking *
booking_from_form (DeskBookDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *topic = g_strstrip (g_strdup (gtk_editable_get_text (self->topic_entry)));
  gboolean ok = check_student (self);
  guint mode = gtk_drop_down_get_selected (self->mode_dropdown);
  int start = 0, end = 0;
  Booking *booking;
  GDate day;

  if (!cf_day_parse (gtk_editable_get_text (self->date_entry), &day, &error))
    {
      show_message (self->date_error, error->message);
      ok = FALSE;
    }
  if (!check_start (self, &start) || !check_end (self, start, &end) || !ok)
    return NULL;
  booking = g_new0 (Booking, 1);
  booking->student_id = g_strdup (self->student_id);
  booking->adviser_id = chosen_adviser (self);
  booking->topic = topic[0] != '\0' ? g_steal_pointer (&topic) : NULL;
  booking->mode = modes[mode < G_N_ELEMENTS (modes) ? mode : 0];
  booking->zone = g_time_zone_ref (self->zone);
  booking->start_at = cf_time_from_day (&day, start, self->zone);
  booking->end_at = cf_time_from_day (&day, end, self->zone);
  return booking;
}

/* --- booking --- */

typedef struct {
  CfAppointment *appointment;
  char          *code;
} Booked;

static void
booked_free (Booked *booked)
{
  g_clear_object (&booked->appointment);
  g_free (booked->code);
  g_free (booked);
}

/* The code is made at once: the student leaves with it. */
static gpointer
book_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  Booking *booking = data;
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  Booked *booked;

  g_object_set (appointment,
                "student-id", booking->student_id,
                "adviser-id", booking->adviser_id,
                "start-at", booking->start_at,
                "end-at", booking->end_at,
                "mode", booking->mode,
                "topic", booking->topic,
                NULL);
  if (!cf_appointments_add (session, appointment, error))
    return NULL;
  booked = g_new0 (Booked, 1);
  booked->code = cf_appointments_new_booking_code (session, cf_appointment_get_id (appointment), NULL);
  booked->appointment = g_steal_pointer (&appointment);
  return booked;
}

static void
show_booked (DeskBookDialog *self,
             Booked         *booked)
{
  gint64 start_at = cf_appointment_get_start_at (booked->appointment);
  g_autofree char *day = desk_format_day (start_at, self->zone);
  g_autofree char *times = desk_format_time_range (start_at, cf_appointment_get_end_at (booked->appointment),
                                                   self->zone);
  g_autofree char *text = NULL;

  /* TRANSLATORS: "Monday 7 December 2026, 10:00–10:30" */
  self->when = g_strdup_printf (_("%s, %s"), day, times);
  /* TRANSLATORS: "Tomos Price, S1000001: Monday 7 December 2026, 10:00–10:30" */
  text = g_strdup_printf (_("%s: %s"), self->student_text, self->when);
  gtk_label_set_text (self->booked_label, text);
  self->code = g_strdup (booked->code);
  gtk_label_set_text (self->code_label,
                      booked->code ? booked->code : _("No code could be made: make one from the Today page."));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "book.copy-code", booked->code != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "book.print-code", booked->code != NULL);
  gtk_widget_set_visible (self->book_button, FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "done");
  gtk_widget_grab_focus (self->done_button);
}

static void
booked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeskBookDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Booked *booked = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "book.book", TRUE);
  if (booked == NULL)
    {
      /* A clash is about the time chosen: it is said beside it. */
      show_message (g_error_matches (error, CF_ERROR, CF_ERROR_EXISTS) ? self->start_error
                                                                      : self->error_label,
                    error->message);
      return;
    }
  show_booked (self, booked);
  booked_free (booked);
  g_signal_emit (self, signals[BOOKED], 0);
}

static void
book_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeskBookDialog *self = DESK_BOOK_DIALOG (widget);
  Booking *booking;

  clear_errors (self);
  booking = booking_from_form (self);
  if (booking == NULL)
    return;
  gtk_widget_action_set_enabled (widget, "book.book", FALSE);
  desk_session_run_async (self->session, book_job, booking, (GDestroyNotify) booking_free,
                          (GDestroyNotify) booked_free, self->cancellable, booked_cb,
                          g_object_ref (self));
}

static void
end_activated_cb (DeskBookDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "book.book", NULL);
}

/* --- the code: copied or printed --- */

static void
copy_code_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DeskBookDialog *self = DESK_BOOK_DIALOG (widget);

  if (self->code == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->code);
  gtk_widget_set_visible (GTK_WIDGET (self->copied_label), TRUE);
}

/* The slip holds the time and the code, never the student's name: it may
 * be left lying about. */
static void
draw_slip_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              DeskBookDialog    *self)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 14");
  g_autofree char *text = NULL;

  /* TRANSLATORS: the printed slip: the day and time, then the code */
  text = g_strdup_printf (_("Your appointment: %s\n\nBooking code: %s\n\nType this code at the kiosk when you arrive."),
                          self->when, self->code);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (gtk_print_context_get_width (context) * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
print_code_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeskBookDialog *self = DESK_BOOK_DIALOG (widget);
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();

  if (self->code == NULL)
    return;
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_job_name (operation, _("Booking code"));
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_slip_cb), self, 0);
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), NULL);
}

/* A free hour of the week: the day and the start are the hour's, written
 * as the adviser would type them; the end is the usual length. */
void
desk_book_dialog_set_start (DeskBookDialog *self,
                            GDateTime      *start)
{
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *date = NULL, *start_text = NULL, *end_text = NULL;

  g_return_if_fail (DESK_IS_BOOK_DIALOG (self));
  g_return_if_fail (start != NULL);

  end = g_date_time_add_minutes (start, DEFAULT_MINUTES);
  date = g_date_time_format (start, "%d/%m/%Y");
  start_text = g_date_time_format (start, "%H:%M");
  end_text = g_date_time_format (end, "%H:%M");
  gtk_editable_set_text (self->date_entry, date);
  gtk_editable_set_text (self->start_entry, start_text);
  gtk_editable_set_text (self->end_entry, end_text);
}

/* --- object --- */

/* The day starts as today, as the UK writes it; the student and the times
 * start empty: nothing is chosen for the adviser. */
DeskBookDialog *
desk_book_dialog_new (GtkWindow *parent,
                      CfSession *session)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%d/%m/%Y");
  DeskBookDialog *self;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);

  self = g_object_new (DESK_TYPE_BOOK_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  gtk_editable_set_text (self->date_entry, today);
  desk_session_run_async (session, setup_job, NULL, NULL, (GDestroyNotify) setup_free,
                          self->cancellable, set_up_cb, g_object_ref (self));
  return self;
}

static void
desk_book_dialog_dispose (GObject *object)
{
  DeskBookDialog *self = DESK_BOOK_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->student_id, g_free);
  g_clear_pointer (&self->student_text, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->when, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_BOOK_DIALOG);
  G_OBJECT_CLASS (desk_book_dialog_parent_class)->dispose (object);
}

static void
bind_children (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, book_button);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, student_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, student_results);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, student_hint);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, student_error);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, date_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, calendar_popover);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, date_error);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, start_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, start_hint);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, start_error);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, end_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, end_error);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, adviser_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, topic_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, security_label);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, booked_label);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, code_label);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, copied_label);
  gtk_widget_class_bind_template_child (widget_class, DeskBookDialog, done_button);
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
  bind_children (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, student_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, end_activated_cb);
  gtk_widget_class_install_action (widget_class, "book.book", NULL, book_action_cb);
  gtk_widget_class_install_action (widget_class, "book.copy-code", NULL, copy_code_action_cb);
  gtk_widget_class_install_action (widget_class, "book.print-code", NULL, print_code_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
desk_book_dialog_init (DeskBookDialog *self)
{
  g_autoptr(GtkExpression) name = gtk_property_expression_new (CF_TYPE_USER, NULL, "name");

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->opens = 9 * 60;
  self->closes = 17 * 60;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "book.book", FALSE);
  gtk_drop_down_set_expression (self->adviser_dropdown, name);
  g_signal_connect_object (self->mode_dropdown, "notify::selected",
                           G_CALLBACK (update_security_warning), self, G_CONNECT_SWAPPED);
}
