/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-today-page.h"

#include <glib/gi18n.h>

#include "cf-access-requests.h"
#include "cf-appointments.h"
#include "cf-office-settings.h"
#include "cf-office.h"
#include "cf-time.h"
#include "cf-week-grid.h"
#include "desk-a11y.h"
#include "desk-book-dialog.h"
#include "desk-format.h"
#include "desk-list.h"
#include "desk-widgets.h"
#include "desk-jobs.h"
#include "desk-queue-view.h"
#include "desk-week-view.h"
#include "desk-window.h"

#define DAY_SECONDS (24 * 3600)
/* A subject access request due this close is shown to managers. */
#define REQUESTS_DUE_DAYS 7

struct _DeskTodayPage {
  GtkWidget            parent_instance;

  GtkInfoBar          *requests_bar;
  GtkLabel            *requests_label;
  DeskQueueView       *queue_view;
  GtkLabel            *day_label;
  GtkStack            *content_stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  AdwStatusPage       *empty_page;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *day_column;
  GtkColumnViewColumn *adviser_column;
  DeskWeekView        *week_view;

  CfSession           *session;
  GCancellable        *cancellable;   /* loading the diary */
  GCancellable        *actions;       /* changes to appointments */
  GListStore          *appointments;  /* CfAppointment, shown by column_view */
  GtkSingleSelection  *selection;
  GHashTable          *names;         /* student id → name ("" anonymous) */
  GTimeZone           *zone;
  gint64               anchor;        /* a moment in the day or week shown; 0: now */
  gboolean             whole_office;
  gboolean             week;
  gboolean             queue_loaded;
  gboolean             diary_loaded;
};

G_DEFINE_FINAL_TYPE (DeskTodayPage, desk_today_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WHOLE_OFFICE,
  PROP_WEEK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_actions (DeskTodayPage *self);

/* --- loading, on the writer thread --- */

typedef struct {
  gboolean    whole_office;
  gboolean    week;
  gint64      anchor;
} DiaryQuery;

typedef struct {
  GListModel *appointments;
  GHashTable *names;
  GTimeZone  *zone;
  gint64      from;
  int         opens;   /* the office's hours, for the week's grid */
  int         closes;
} DiaryResult;

static void
diary_result_free (DiaryResult *result)
{
  g_clear_object (&result->appointments);
  g_clear_pointer (&result->names, g_hash_table_unref);
  g_clear_pointer (&result->zone, g_time_zone_unref);
  g_free (result);
}

static gboolean
range_of (DiaryQuery *query,
          GTimeZone  *zone,
          gint64     *from,
          gint64     *to,
          GError    **error)
{
  gint64 moment = query->anchor ? query->anchor : g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *day = NULL;

  if (query->week)
    {
      cf_appointments_week_bounds (zone, moment, from, to);
      return TRUE;
    }
  day = cf_date_format (moment, zone);
  return cf_date_parse (day, zone, from, to, error);
}

static gpointer
diary_job (CfSession    *session,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  DiaryQuery *query = data;
  g_autoptr(GTimeZone) zone = desk_session_get_zone (session, error);
  g_autoptr(GListModel) appointments = NULL;
  DiaryResult *result;
  gint64 from, to;

  if (zone == NULL || !range_of (query, zone, &from, &to, error))
    return NULL;
  appointments = cf_appointments_list (session, from, to,
                                       query->whole_office ? NULL : cf_session_get_user_id (session),
                                       error);
  if (appointments == NULL)
    return NULL;
  result = g_new0 (DiaryResult, 1);
  /* One transaction for every name, each read audited by the library. */
  result->names = cf_appointments_student_names (session, appointments, error);
  if (result->names == NULL)
    {
      diary_result_free (result);
      return NULL;
    }
  if (query->week && !cf_office_settings_get_opening_hours (session, &result->opens, &result->closes, error))
    {
      diary_result_free (result);
      return NULL;
    }
  result->appointments = g_steal_pointer (&appointments);
  result->zone = g_steal_pointer (&zone);
  result->from = from;
  return result;
}

static char *
range_title (DeskTodayPage *self,
             gint64         from)
{
  g_autofree char *day = desk_format_day (from, self->zone);

  if (!self->week)
    return g_steal_pointer (&day);
  /* TRANSLATORS: the week shown, like "Week of Monday 23 November 2026" */
  return g_strdup_printf (_("Week of %s"), day);
}

static void
note_loaded (DeskTodayPage *self)
{
  if (self->queue_loaded && self->diary_loaded)
    g_signal_emit (self, signals[LOADED], 0);
}

/* A week is a grid even when empty: its free hours are what matters. */
static void
show_week (DeskTodayPage *self,
           DiaryResult   *result)
{
  g_autoptr(CfWeekGrid) grid = cf_week_grid_new (self->zone, result->from, result->opens, result->closes,
                                                 G_LIST_MODEL (self->appointments),
                                                 cf_session_get_user_id (self->session),
                                                 g_get_real_time () / G_USEC_PER_SEC);

  desk_week_view_show (self->week_view, grid, G_LIST_MODEL (self->appointments), self->names,
                       self->zone, self->whole_office);
  gtk_stack_set_visible_child_name (self->content_stack, "week");
}

static void
show_result (DeskTodayPage *self,
             DiaryResult   *result)
{
  g_autofree char *title = NULL;
  guint n = g_list_model_get_n_items (result->appointments);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->names = g_steal_pointer (&result->names);
  self->zone = g_steal_pointer (&result->zone);
  title = range_title (self, result->from);
  gtk_label_set_text (self->day_label, title);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (result->appointments, i));
  /* Names may have changed with the same rows: every row is bound anew. */
  g_list_store_splice (self->appointments, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->appointments)),
                       items->pdata, items->len);
  adw_status_page_set_title (self->empty_page, self->anchor ? _("No Appointments That Day")
                                                            : _("No Appointments Today"));
  if (self->week)
    show_week (self, result);
  else
    gtk_stack_set_visible_child_name (self->content_stack, n > 0 ? "list" : "empty");
  update_actions (self);
}

static void
diary_loaded_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(DeskTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  DiaryResult *result = desk_session_run_finish (res, &error);

  if (desk_error_is_cancelled (error))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (result == NULL)
    {
      desk_status_page_set_text_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      return;
    }
  show_result (self, result);
  diary_result_free (result);
  self->diary_loaded = TRUE;
  note_loaded (self);
}

/* --- subject access requests due --- */

static gpointer
requests_due_job (CfSession    *session,
                  gpointer      data,
                  GCancellable *cancellable,
                  GError      **error)
{
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (session);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autofree guint *n_due = g_new0 (guint, 1);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (!cf_access_requests_count_due (session, &today, REQUESTS_DUE_DAYS, n_due, error))
    return NULL;
  return g_steal_pointer (&n_due);
}

static void
requests_due_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(DeskTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree guint *n_due = desk_session_run_finish (res, &error);
  g_autofree char *text = NULL;

  if (desk_error_is_cancelled (error))
    return;
  /* The banner is a reminder: when the count cannot be read, the
   * register itself (confidectl access-request list) still can say. */
  if (n_due == NULL || *n_due == 0)
    {
      gtk_info_bar_set_revealed (self->requests_bar, FALSE);
      return;
    }
  text = g_strdup_printf (ngettext ("%u subject access request is due within a week, or overdue.",
                                    "%u subject access requests are due within a week, or overdue.",
                                    *n_due), *n_due);
  gtk_label_set_text (self->requests_label, text);
  gtk_info_bar_set_revealed (self->requests_bar, TRUE);
}

static void
reload_requests_due (DeskTodayPage *self)
{
  if (self->session == NULL || !cf_session_can (self->session, CF_PERMISSION_SUBJECT_ACCESS))
    {
      gtk_info_bar_set_revealed (self->requests_bar, FALSE);
      return;
    }
  desk_session_run_async (self->session, requests_due_job, NULL, NULL, g_free, self->cancellable,
                          requests_due_cb, g_object_ref (self));
}

static void
reload_diary (DeskTodayPage *self)
{
  DiaryQuery *query;

  if (self->session == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (g_list_model_get_n_items (G_LIST_MODEL (self->appointments)) == 0)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->content_stack, "loading");
    }
  query = g_new0 (DiaryQuery, 1);
  query->whole_office = self->whole_office;
  query->week = self->week;
  query->anchor = self->anchor;
  desk_session_run_async (self->session, diary_job, query, g_free,
                          (GDestroyNotify) diary_result_free, self->cancellable,
                          diary_loaded_cb, g_object_ref (self));
  reload_requests_due (self);
}

void
desk_today_page_reload (DeskTodayPage *self)
{
  g_return_if_fail (DESK_IS_TODAY_PAGE (self));

  desk_queue_view_reload (self->queue_view);
  reload_diary (self);
}

void
desk_today_page_set_session (DeskTodayPage *self,
                             CfSession     *session)
{
  g_return_if_fail (DESK_IS_TODAY_PAGE (self));
  g_return_if_fail (session == NULL || CF_IS_SESSION (session));

  desk_today_page_clear (self);
  g_set_object (&self->session, session);
  update_actions (self);
  desk_queue_view_set_session (self->queue_view, session);
  reload_diary (self);
}

void
desk_today_page_show_ticket (DeskTodayPage *self,
                             const char    *ticket_id)
{
  g_return_if_fail (DESK_IS_TODAY_PAGE (self));

  desk_queue_view_show_ticket (self->queue_view, ticket_id);
}

void
desk_today_page_clear (DeskTodayPage *self)
{
  g_return_if_fail (DESK_IS_TODAY_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->actions);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->actions);
  self->actions = g_cancellable_new ();
  g_clear_object (&self->session);
  desk_queue_view_clear (self->queue_view);
  desk_week_view_clear (self->week_view);
  g_list_store_remove_all (self->appointments);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->anchor = 0;
  self->queue_loaded = self->diary_loaded = FALSE;
  gtk_label_set_text (self->day_label, "");
  gtk_info_bar_set_revealed (self->requests_bar, FALSE);
  gtk_label_set_text (self->requests_label, "");
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  update_actions (self);
}

/* --- the list --- */

static CfAppointment *
item_appointment (GtkListItem *item)
{
  return CF_APPOINTMENT (gtk_list_item_get_item (item));
}

static void
day_bound_cb (DeskTodayPage *self,
              GtkListItem   *item)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (cf_appointment_get_start_at (item_appointment (item)));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->zone);
  /* TRANSLATORS: a day in the week view, like "Mon 23 Nov"; see strftime */
  g_autofree char *text = g_date_time_format (local, _("%a %-d %b"));

  desk_list_set_cell_text (item, text);
}

static void
time_bound_cb (DeskTodayPage *self,
               GtkListItem   *item)
{
  CfAppointment *appointment = item_appointment (item);
  g_autofree char *text = desk_format_time_range (cf_appointment_get_start_at (appointment),
                                                  cf_appointment_get_end_at (appointment),
                                                  self->zone);

  desk_list_set_cell_text (item, text);
}

static void
student_bound_cb (DeskTodayPage *self,
                  GtkListItem   *item)
{
  const char *id = cf_appointment_get_student_id (item_appointment (item));
  const char *name = self->names ? g_hash_table_lookup (self->names, id) : NULL;

  if (name == NULL)
    desk_list_set_cell_text (item, _("A record you cannot open"));
  else
    desk_list_set_cell_text (item, *name ? name : _("Anonymous student"));
}

static void
adviser_bound_cb (DeskTodayPage *self,
                  GtkListItem   *item)
{
  g_autofree char *adviser = NULL;

  g_object_get (item_appointment (item), "adviser-name", &adviser, NULL);
  desk_list_set_cell_text (item, adviser);
}

static void
mode_bound_cb (DeskTodayPage *self,
               GtkListItem   *item)
{
  g_autofree char *mode = NULL;

  g_object_get (item_appointment (item), "mode", &mode, NULL);
  desk_list_set_cell_text (item, desk_format_mode (mode));
}

static void
status_bound_cb (DeskTodayPage *self,
                 GtkListItem   *item)
{
  CfAppointment *appointment = item_appointment (item);

  if (cf_appointment_get_needs_adviser (appointment))
    desk_list_set_cell_text (item, _("Needs another adviser"));
  else
    desk_list_set_cell_text (item, desk_format_status (cf_appointment_get_status (appointment)));
}

/* Opening the row's student is the window's job: it owns the pages. */
static void
row_activated_cb (DeskTodayPage *self,
                  guint          position)
{
  g_autoptr(CfAppointment) appointment = g_list_model_get_item (G_LIST_MODEL (self->appointments), position);

  if (appointment != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-student", "s",
                                cf_appointment_get_student_id (appointment));
}

static CfAppointment *
selected_appointment (DeskTodayPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
update_actions (DeskTodayPage *self)
{
  CfAppointment *appointment = selected_appointment (self);
  const char *status = appointment ? cf_appointment_get_status (appointment) : "cancelled";
  gboolean live = self->session != NULL && !g_str_equal (status, "cancelled");
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "today.book", self->session != NULL);
  gtk_widget_action_set_enabled (widget, "today.previous", self->session != NULL);
  gtk_widget_action_set_enabled (widget, "today.next", self->session != NULL);
  gtk_widget_action_set_enabled (widget, "today.today", self->session != NULL && self->anchor != 0);
  gtk_widget_action_set_enabled (widget, "today.reschedule", live);
  gtk_widget_action_set_enabled (widget, "today.cancel", live);
  gtk_widget_action_set_enabled (widget, "today.booking-code", live && g_str_equal (status, "booked"));
  gtk_widget_action_set_enabled (widget, "today.set-status", live);
}

static void
selection_changed_cb (DeskTodayPage *self)
{
  update_actions (self);
}

/* --- changes to the selected appointment, on the writer thread --- */

typedef enum {
  CHANGE_STATUS,
  CHANGE_CANCEL,
  CHANGE_MOVE,
  CHANGE_CODE,
} ChangeKind;

typedef struct {
  ChangeKind  kind;
  char       *id;
  char       *status;
  char       *day;     /* as typed: "07/12/2026", "14:00" */
  char       *start;
  char       *end;
} Change;

static void
change_free (Change *change)
{
  g_free (change->id);
  g_free (change->status);
  g_free (change->day);
  g_free (change->start);
  g_free (change->end);
  g_free (change);
}

static gboolean
move_in_zone (CfSession *session,
              Change    *change,
              GError   **error)
{
  g_autoptr(GTimeZone) zone = desk_session_get_zone (session, error);
  GDate day;
  int start, end;

  return zone != NULL &&
         cf_day_parse (change->day, &day, error) &&
         cf_clock_parse (change->start, &start, error) &&
         cf_clock_parse (change->end, &end, error) &&
         cf_appointments_move (session, change->id, cf_time_from_day (&day, start, zone),
                               cf_time_from_day (&day, end, zone), error);
}

static gpointer
new_code_job (CfSession    *session,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  Change *change = data;

  return cf_appointments_new_booking_code (session, change->id, error);
}

static gboolean
change_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  Change *change = data;

  switch (change->kind)
    {
    case CHANGE_STATUS:
      return cf_appointments_set_status (session, change->id, change->status, error);
    case CHANGE_CANCEL:
      return cf_appointments_cancel (session, change->id, error);
    case CHANGE_MOVE:
      return move_in_zone (session, change, error);
    case CHANGE_CODE:
    default:
      g_assert_not_reached ();
    }
}

static DeskWindow *
get_window (DeskTodayPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return DESK_IS_WINDOW (root) ? DESK_WINDOW (root) : NULL;
}

static GtkWidget *
new_code_label (const char *code)
{
  GtkWidget *label = gtk_label_new (code);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-1");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Booking code"), -1);
  return label;
}

/* Only the code's verifier is stored: this is the one time it is shown. */
static void
show_booking_code (DeskTodayPage *self,
                   const char    *code)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (get_window (self)), _("Booking Code"),
                                              _("Give this code to the student: they type it at the kiosk to check in. It is shown only this once; a new code replaces it."));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), new_code_label (code));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "done", _("_Done"));
  desk_message_dialog_name_responses (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
after_change (DeskTodayPage *self,
              gboolean       done,
              const GError  *error)
{
  if (desk_error_is_cancelled (error))
    return;
  if (!done)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
  reload_diary (self);
  if (done)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
changed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeskTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done = desk_session_do_finish (result, &error);

  after_change (self, done, error);
}

static void
new_code_made_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DeskTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = desk_session_run_finish (result, &error);

  if (code != NULL)
    show_booking_code (self, code);
  after_change (self, code != NULL, error);
}

static void
run_change (DeskTodayPage *self,
            Change        *change)
{
  CfAppointment *appointment = selected_appointment (self);

  if (self->session == NULL || appointment == NULL)
    {
      change_free (change);
      return;
    }
  change->id = g_strdup (cf_appointment_get_id (appointment));
  if (change->kind == CHANGE_CODE)
    desk_session_run_async (self->session, new_code_job, change, (GDestroyNotify) change_free,
                            g_free, self->actions, new_code_made_cb, g_object_ref (self));
  else
    desk_session_do_async (self->session, change_job, change, (GDestroyNotify) change_free,
                           self->actions, changed_cb, g_object_ref (self));
}

static void
set_status_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  Change *change = g_new0 (Change, 1);

  change->kind = CHANGE_STATUS;
  change->status = g_variant_dup_string (parameter, NULL);
  run_change (DESK_TODAY_PAGE (widget), change);
}

static void
booking_code_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  Change *change = g_new0 (Change, 1);

  change->kind = CHANGE_CODE;
  run_change (DESK_TODAY_PAGE (widget), change);
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DeskTodayPage    *self)
{
  Change *change;

  if (!g_str_equal (response, "cancel-appointment"))
    return;
  change = g_new0 (Change, 1);
  change->kind = CHANGE_CANCEL;
  run_change (self, change);
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeskTodayPage *self = DESK_TODAY_PAGE (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (get_window (self)),
                                              _("Cancel the Appointment?"),
                                              _("The student’s booking code stops working. A cancelled appointment cannot be booked again; make a new one instead."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep It"),
                                    "cancel-appointment", _("_Cancel Appointment"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-appointment",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, 0);
  desk_message_dialog_name_responses (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- rescheduling: a small form in a message dialog --- */

static GtkWidget *
new_time_entry (const char *label,
                const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  return row;
}

static const char *
row_text (GtkWidget *list,
          int        index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index);

  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
reschedule_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        DeskTodayPage    *self)
{
  GtkWidget *list = adw_message_dialog_get_extra_child (dialog);
  Change *change;

  if (!g_str_equal (response, "move"))
    return;
  change = g_new0 (Change, 1);
  change->kind = CHANGE_MOVE;
  change->day = g_strdup (row_text (list, 0));
  change->start = g_strdup (row_text (list, 1));
  change->end = g_strdup (row_text (list, 2));
  run_change (self, change);
}

static GtkWidget *
new_reschedule_form (DeskTodayPage *self,
                     CfAppointment *appointment)
{
  g_autofree char *date = cf_date_format_uk (cf_appointment_get_start_at (appointment), self->zone);
  g_autofree char *start = cf_clock_format (cf_appointment_get_start_at (appointment), self->zone);
  g_autofree char *end = cf_clock_format (cf_appointment_get_end_at (appointment), self->zone);
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_append (GTK_LIST_BOX (list), new_time_entry (_("Date"), date));
  gtk_list_box_append (GTK_LIST_BOX (list), new_time_entry (_("Starts"), start));
  gtk_list_box_append (GTK_LIST_BOX (list), new_time_entry (_("Ends"), end));
  return list;
}

static void
reschedule_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeskTodayPage *self = DESK_TODAY_PAGE (widget);
  CfAppointment *appointment = selected_appointment (self);
  GtkWidget *dialog;

  if (appointment == NULL || self->zone == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (get_window (self)), _("Reschedule"),
                                   _("Type the new day like 07/12/2026 and the times like 14:00."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), new_reschedule_form (self, appointment));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "move", _("_Move"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "move",
                                              ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reschedule_response_cb), self, 0);
  if (get_window (self) != NULL)
    desk_window_watch_input (get_window (self), GTK_WINDOW (dialog));
  desk_message_dialog_name_responses (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- booking and moving through the diary --- */

static void
booked_cb (DeskTodayPage *self)
{
  reload_diary (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("The appointment is booked."));
  g_signal_emit (self, signals[CHANGED], 0);
}

/* @start_at: the free hour chosen in the week, or 0 for the dialog's own. */
static void
open_booking (DeskTodayPage *self,
              gint64         start_at)
{
  DeskBookDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = desk_book_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->session);
  if (start_at > 0 && self->zone != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (start_at);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->zone);

      desk_book_dialog_set_start (dialog, local);
    }
  g_signal_connect_object (dialog, "booked", G_CALLBACK (booked_cb), self, G_CONNECT_SWAPPED);
  if (get_window (self) != NULL)
    desk_window_watch_input (get_window (self), GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
book_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  open_booking (DESK_TODAY_PAGE (widget), 0);
}

static void
slot_activated_cb (DeskTodayPage *self,
                   gint64         start_at)
{
  open_booking (self, start_at);
}

/* A block in the week selects its appointment, for the actions below. */
static void
block_activated_cb (DeskTodayPage *self,
                    guint          position)
{
  gtk_single_selection_set_selected (self->selection, position);
}

static void
move_anchor (DeskTodayPage *self,
             int            direction)
{
  gint64 base = self->anchor ? self->anchor : g_get_real_time () / G_USEC_PER_SEC;

  /* The query turns the moment into its local day or week, so a step of
   * 24 hours lands in the intended day even across a change of clocks
   * (the anchor is rarely within an hour of midnight). */
  self->anchor = direction == 0 ? 0 : base + direction * (self->week ? 7 : 1) * DAY_SECONDS;
  g_list_store_remove_all (self->appointments);
  update_actions (self);
  reload_diary (self);
}

static void
navigate_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DeskTodayPage *self = DESK_TODAY_PAGE (widget);

  move_anchor (self, g_str_equal (action_name, "today.previous") ? -1
                     : g_str_equal (action_name, "today.next") ? 1 : 0);
}

static void
queue_changed_cb (DeskTodayPage *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
queue_loaded_cb (DeskTodayPage *self)
{
  self->queue_loaded = TRUE;
  note_loaded (self);
}

static void
set_flag (DeskTodayPage *self,
          gboolean      *flag,
          gboolean       value,
          GParamSpec    *pspec)
{
  if (*flag == value)
    return;
  *flag = value;
  gtk_column_view_column_set_visible (self->adviser_column, self->whole_office);
  gtk_column_view_column_set_visible (self->day_column, self->week);
  g_list_store_remove_all (self->appointments);
  reload_diary (self);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/* --- object --- */

static void
desk_today_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DeskTodayPage *self = DESK_TODAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_WHOLE_OFFICE:
      g_value_set_boolean (value, self->whole_office);
      break;
    case PROP_WEEK:
      g_value_set_boolean (value, self->week);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_today_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DeskTodayPage *self = DESK_TODAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_WHOLE_OFFICE:
      set_flag (self, &self->whole_office, g_value_get_boolean (value), pspec);
      break;
    case PROP_WEEK:
      set_flag (self, &self->week, g_value_get_boolean (value), pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_today_page_dispose (GObject *object)
{
  DeskTodayPage *self = DESK_TODAY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->actions);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->actions);
  g_clear_object (&self->session);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_TODAY_PAGE);
  /* GTK 4.8 unparents only bound template children; the page's own child
   * must go too, or it outlives its parent. */
  desk_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->appointments);
  G_OBJECT_CLASS (desk_today_page_parent_class)->dispose (object);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_property_action (widget_class, "today.whole-office", "whole-office");
  gtk_widget_class_install_property_action (widget_class, "today.week", "week");
  gtk_widget_class_install_action (widget_class, "today.book", NULL, book_action_cb);
  gtk_widget_class_install_action (widget_class, "today.previous", NULL, navigate_action_cb);
  gtk_widget_class_install_action (widget_class, "today.next", NULL, navigate_action_cb);
  gtk_widget_class_install_action (widget_class, "today.today", NULL, navigate_action_cb);
  gtk_widget_class_install_action (widget_class, "today.reschedule", NULL, reschedule_action_cb);
  gtk_widget_class_install_action (widget_class, "today.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "today.booking-code", NULL, booking_code_action_cb);
  gtk_widget_class_install_action (widget_class, "today.set-status", "s", set_status_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "today.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "today.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_ALT_MASK, "today.today", NULL);
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, requests_bar);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, requests_label);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, queue_view);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, day_label);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, day_column);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, adviser_column);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, week_view);
  gtk_widget_class_bind_template_callback_full (widget_class, "label_set_up_cb",
                                                G_CALLBACK (desk_list_label_set_up_cb));
  gtk_widget_class_bind_template_callback (widget_class, day_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, student_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, adviser_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, queue_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, queue_loaded_cb);
  gtk_widget_class_bind_template_callback (widget_class, slot_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, block_activated_cb);
}

static void
desk_today_page_class_init (DeskTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = desk_today_page_get_property;
  object_class->set_property = desk_today_page_set_property;
  object_class->dispose = desk_today_page_dispose;

  properties[PROP_WHOLE_OFFICE] =
    g_param_spec_boolean ("whole-office", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_WEEK] =
    g_param_spec_boolean ("week", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (DESK_TYPE_QUEUE_VIEW);
  g_type_ensure (DESK_TYPE_WEEK_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  bind_template (widget_class);
  install_actions (widget_class);
}

static void
desk_today_page_init (DeskTodayPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  desk_present_visible_child_only (GTK_WIDGET (self->content_stack));
  self->appointments = g_list_store_new (CF_TYPE_APPOINTMENT);
  self->actions = g_cancellable_new ();
  self->selection = desk_column_view_select_one (self->column_view, G_LIST_MODEL (self->appointments),
                                                 G_CALLBACK (selection_changed_cb), self);
  update_actions (self);
}
