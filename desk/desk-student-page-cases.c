/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The student page's cases (opened, resolved with an outcome, reopened),
 * their appointments, and how to reach them: preferred name, phone and the
 * topic they gave at the kiosk (see desk-student-page-private.h). */

#include "desk-student-page-private.h"

#include <glib/gi18n.h>

#include "cf-appointments.h"
#include "cf-cases.h"
#include "cf-text.h"
#include "cf-tickets.h"
#include "desk-a11y.h"
#include "desk-format.h"
#include "desk-jobs.h"

/* --- reading, on the writer thread --- */

gboolean
_desk_student_page_load_cases (CfSession         *session,
                               const char        *student_id,
                               DeskStudentRecord *record,
                               GError           **error)
{
  record->cases = cf_cases_list (session, student_id, error);
  if (record->cases != NULL)
    record->appointments = cf_appointments_list_for_student (session, student_id, error);
  return record->appointments != NULL &&
         cf_tickets_kiosk_topic (session, student_id, &record->kiosk_topic, error);
}

void
_desk_student_page_free_cases (DeskStudentRecord *record)
{
  g_clear_object (&record->cases);
  g_clear_object (&record->appointments);
  g_clear_pointer (&record->kiosk_topic, g_free);
}

static void
replace_all (GListStore *store,
             GListModel *items)
{
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    g_ptr_array_add (copies, g_list_model_get_item (items, i));
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       copies->pdata, copies->len);
}

static void
set_subtitle (AdwActionRow *row,
              const char   *value)
{
  adw_action_row_set_subtitle (row, value ? value : _("Not recorded"));
}

void
_desk_student_page_show_contact (DeskStudentPage *self,
                                 CfStudent       *student)
{
  g_autofree char *preferred = NULL, *phone = NULL;

  g_object_get (student, "preferred-name", &preferred, "phone", &phone, NULL);
  set_subtitle (self->preferred_row, preferred);
  set_subtitle (self->phone_row, phone);
}

void
_desk_student_page_show_cases (DeskStudentPage   *self,
                               DeskStudentRecord *record)
{
  _desk_student_page_show_contact (self, record->student);
  set_subtitle (self->kiosk_topic_row, record->kiosk_topic);
  g_free (self->kiosk_topic);
  self->kiosk_topic = g_strdup (record->kiosk_topic);
  replace_all (self->cases, record->cases);
  replace_all (self->appointments, record->appointments);
}

void
_desk_student_page_clear_cases (DeskStudentPage *self)
{
  AdwActionRow *rows[] = { self->preferred_row, self->phone_row, self->kiosk_topic_row };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    adw_action_row_set_subtitle (rows[i], "");
  g_clear_pointer (&self->kiosk_topic, g_free);
  g_list_store_remove_all (self->cases);
  g_list_store_remove_all (self->appointments);
}

/* --- rows --- */

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* "Open since 7 December 2026", or "Resolved on 9 December 2026: Advice
 * given". */
static char *
case_state (DeskStudentPage *self,
            CfCase          *item)
{
  g_autofree char *day = NULL;

  if (!cf_case_is_resolved (item))
    {
      day = desk_format_day (cf_case_get_opened_at (item), self->zone);
      return g_strdup_printf (_("Open since %s"), day);
    }
  day = desk_format_day (cf_case_get_resolved_at (item), self->zone);
  /* TRANSLATORS: "Resolved on Wednesday 9 December 2026: Advice given" */
  return g_strdup_printf (_("Resolved on %s: %s"), day,
                          cf_cases_outcome_label (cf_case_get_outcome (item)));
}

static char *
case_meta (DeskStudentPage *self,
           CfCase          *item)
{
  g_autofree char *opened = desk_format_day (cf_case_get_opened_at (item), self->zone);
  g_autofree char *adviser = NULL, *by = NULL;

  g_object_get (item, "adviser-name", &adviser, NULL);
  by = cf_text_isolate (adviser ? adviser : _("a former user"));
  /* TRANSLATORS: "Opened Monday 7 December 2026 · Ada Adviser" */
  return g_strdup_printf (_("Opened %s · %s"), opened, by);
}

static GtkWidget *
case_button (CfCase *item)
{
  const char *topic = cf_case_get_topic (item) ? cf_case_get_topic (item) : _("No topic");
  g_autofree char *a11y = NULL;

  if (cf_case_is_resolved (item))
    {
      a11y = g_strdup_printf (_("Reopen the case “%s”"), topic);
      return _desk_student_page_new_row_button (_("Reopen"), a11y, "student.reopen-case",
                                                cf_case_get_id (item));
    }
  a11y = g_strdup_printf (_("Resolve the case “%s”"), topic);
  return _desk_student_page_new_row_button (_("Resolve…"), a11y, "student.resolve-case",
                                            cf_case_get_id (item));
}

static GtkWidget *
create_case_row (gpointer item,
                 gpointer user_data)
{
  DeskStudentPage *self = user_data;
  CfCase *a_case = item;
  g_autofree char *state = case_state (self, a_case);
  g_autofree char *meta = case_meta (self, a_case);
  const char *topic = cf_case_get_topic (a_case);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set (box, "margin-top", 9, "margin-bottom", 9, "margin-start", 12, "margin-end", 12, NULL);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), new_label (topic ? topic : _("No topic"), "heading"));
  gtk_box_append (GTK_BOX (text), new_label (state, cf_case_is_resolved (a_case) ? NULL : "accent"));
  gtk_box_append (GTK_BOX (text), new_label (meta, "dim-label"));
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), case_button (a_case));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static GtkWidget *
create_appointment_row (gpointer item,
                        gpointer user_data)
{
  DeskStudentPage *self = user_data;
  CfAppointment *appointment = item;
  gint64 start_at = cf_appointment_get_start_at (appointment);
  g_autofree char *day = desk_format_day (start_at, self->zone);
  g_autofree char *times = desk_format_time_range (start_at, cf_appointment_get_end_at (appointment),
                                                   self->zone);
  g_autofree char *mode = NULL, *status = NULL, *adviser = NULL, *when = NULL, *what = NULL;
  g_autofree char *with = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  g_object_get (appointment, "mode", &mode, "status", &status, "adviser-name", &adviser, NULL);
  /* TRANSLATORS: "Monday 7 December 2026, 10:00–10:30" */
  when = g_strdup_printf (_("%s, %s"), day, times);
  /* TRANSLATORS: "Booked · Phone · Ada Adviser" */
  with = cf_text_isolate (adviser ? adviser : _("no adviser"));
  what = g_strdup_printf (_("%s · %s · %s"), desk_format_status (status), desk_format_mode (mode), with);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set (box, "margin-top", 9, "margin-bottom", 9, "margin-start", 12, "margin-end", 12, NULL);
  gtk_box_append (GTK_BOX (box), new_label (when, NULL));
  gtk_box_append (GTK_BOX (box), new_label (what, "dim-label"));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* --- reloading the cases after a change --- */

static gpointer
cases_job (CfSession    *session,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  return cf_cases_list (session, data, error);
}

static void
cases_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DeskStudentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) cases = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  if (cases == NULL)
    {
      _desk_student_page_show_error (self, error);
      return;
    }
  replace_all (self->cases, cases);
}

static void
reload_cases (DeskStudentPage *self)
{
  desk_session_run_async (self->session, cases_job, g_strdup (self->student_id), g_free,
                          g_object_unref, self->cancellable, cases_loaded_cb, g_object_ref (self));
}

/* Who asked for a change, and the toast that says it is done. */
typedef struct {
  DeskStudentPage *self;
  char            *done;
} CaseChanged;

static void
case_changed_free (CaseChanged *changed)
{
  g_object_unref (changed->self);
  g_free (changed->done);
  g_free (changed);
}

static void
case_changed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CaseChanged *changed = user_data;
  g_autoptr(GError) error = NULL;

  if (!desk_session_do_finish (result, &error))
    _desk_student_page_show_error (changed->self, error);
  else
    {
      gtk_widget_activate_action (GTK_WIDGET (changed->self), "win.toast", "s", changed->done);
      reload_cases (changed->self);
    }
  case_changed_free (changed);
}

static void
run_case_change (DeskStudentPage  *self,
                 DeskSessionAction action,
                 gpointer          data,
                 GDestroyNotify    data_free,
                 const char       *done)
{
  CaseChanged *changed = g_new0 (CaseChanged, 1);

  changed->self = g_object_ref (self);
  changed->done = g_strdup (done);
  desk_session_do_async (self->session, action, data, data_free, self->cancellable,
                         case_changed_cb, changed);
}

/* --- opening a case --- */

typedef struct {
  char *student_id;
  char *topic;
  char *case_id;
  char *outcome;
} CaseWork;

static void
case_work_free (CaseWork *work)
{
  g_free (work->student_id);
  g_free (work->topic);
  g_free (work->case_id);
  g_free (work->outcome);
  g_free (work);
}

static gboolean
open_case_job (CfSession    *session,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  CaseWork *work = data;
  g_autoptr(CfCase) opened = cf_cases_open (session, work->student_id, work->topic, error);

  return opened != NULL;
}

static void
open_case_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       DeskStudentPage  *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  CaseWork *work;

  if (g_strcmp0 (response, "open") != 0 || self->session == NULL)
    return;
  work = g_new0 (CaseWork, 1);
  work->student_id = g_strdup (self->student_id);
  work->topic = g_strdup (gtk_editable_get_text (entry));
  run_case_change (self, open_case_job, work, (GDestroyNotify) case_work_free,
                   _("The case is open."));
}

static void
topic_changed_cb (GtkEditable      *entry,
                  AdwMessageDialog *dialog)
{
  g_autofree char *topic = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "open", topic[0] != '\0');
}

static void
open_case_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);
  GtkWidget *dialog, *entry;

  if (self->session == NULL || self->student_id == NULL)
    return;
  dialog = adw_message_dialog_new (_desk_student_page_get_window (self), _("Open a Case"),
                                   _("What is the case about? The topic the student gave at the kiosk is filled in, if they gave one."));
  entry = gtk_entry_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Topic"), -1);
  gtk_editable_set_text (GTK_EDITABLE (entry), self->kiosk_topic ? self->kiosk_topic : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "open", _("_Open Case"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  desk_message_dialog_name_responses (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (entry, "changed", G_CALLBACK (topic_changed_cb), dialog, 0);
  topic_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_case_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- resolving and reopening --- */

static gboolean
resolve_case_job (CfSession    *session,
                  gpointer      data,
                  GCancellable *cancellable,
                  GError      **error)
{
  CaseWork *work = data;

  return cf_cases_resolve (session, work->case_id, work->outcome, error);
}

static gboolean
reopen_case_job (CfSession    *session,
                 gpointer      data,
                 GCancellable *cancellable,
                 GError      **error)
{
  return cf_cases_reopen (session, data, error);
}

static void
resolve_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DeskStudentPage  *self)
{
  CaseWork *work;

  if (!g_strv_contains (cf_cases_outcomes (), response) || self->session == NULL)
    return;
  work = g_new0 (CaseWork, 1);
  work->case_id = g_strdup (g_object_get_data (G_OBJECT (dialog), "case-id"));
  work->outcome = g_strdup (response);
  run_case_change (self, resolve_case_job, work, (GDestroyNotify) case_work_free,
                   _("The case is resolved."));
}

/* Each outcome is a response of its own: one click says how the case
 * ended, and every choice is a button that assistive tools can press. */
static void
resolve_case_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);
  const char *const *outcomes = cf_cases_outcomes ();
  AdwMessageDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (_desk_student_page_get_window (self),
                                                       _("Resolve the Case"),
                                                       _("How did the case end? It can be reopened later.")));
  g_object_set_data_full (G_OBJECT (dialog), "case-id",
                          g_strdup (g_variant_get_string (parameter, NULL)), g_free);
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  for (gsize i = 0; outcomes[i] != NULL; i++)
    adw_message_dialog_add_response (dialog, outcomes[i], cf_cases_outcome_label (outcomes[i]));
  adw_message_dialog_set_close_response (dialog, "cancel");
  desk_message_dialog_name_responses (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (resolve_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reopen_case_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);

  if (self->session == NULL)
    return;
  run_case_change (self, reopen_case_job, g_variant_dup_string (parameter, NULL), g_free,
                   _("The case is open again."));
}

/* --- set-up --- */

void
_desk_student_page_cases_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, preferred_row);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, kiosk_topic_row);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, cases_list);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, appointments_list);
  gtk_widget_class_install_action (widget_class, "student.open-case", NULL, open_case_action_cb);
  gtk_widget_class_install_action (widget_class, "student.resolve-case", "s", resolve_case_action_cb);
  gtk_widget_class_install_action (widget_class, "student.reopen-case", "s", reopen_case_action_cb);
}

static GtkWidget *
new_placeholder (const char *text)
{
  GtkWidget *label = new_label (text, "dim-label");

  g_object_set (label, "margin-top", 12, "margin-bottom", 12, "margin-start", 12, "margin-end", 12, NULL);
  return label;
}

void
_desk_student_page_cases_init (DeskStudentPage *self)
{
  self->cases = g_list_store_new (CF_TYPE_CASE);
  self->appointments = g_list_store_new (CF_TYPE_APPOINTMENT);
  gtk_list_box_bind_model (self->cases_list, G_LIST_MODEL (self->cases), create_case_row, self, NULL);
  gtk_list_box_set_placeholder (self->cases_list, new_placeholder (_("No cases yet.")));
  gtk_list_box_bind_model (self->appointments_list, G_LIST_MODEL (self->appointments),
                           create_appointment_row, self, NULL);
  gtk_list_box_set_placeholder (self->appointments_list, new_placeholder (_("No appointments.")));
}
