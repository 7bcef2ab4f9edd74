/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-retention-page.h"

#include <glib/gi18n.h>

#include "cf-access-requests.h"
#include "cf-retention-due.h"
#include "cf-retention.h"
#include "desk-a11y.h"
#include "desk-format.h"
#include "desk-jobs.h"
#include "desk-widgets.h"

struct _DeskRetentionPage {
  GtkWidget       parent_instance;

  GtkSpinButton  *years_spin;
  GtkDropDown    *from_dropdown;
  GtkSpinButton  *day_spin;
  GtkDropDown    *month_dropdown;
  GtkListBox     *due_list;
  GtkListBox     *requests_list;
  GtkLabel       *problem_label;

  CfSession      *session;
  GCancellable   *cancellable;
  GListStore     *due;          /* CfRetentionDue, oldest due first */
};

G_DEFINE_FINAL_TYPE (DeskRetentionPage, desk_retention_page, GTK_TYPE_WIDGET)

enum {
  PURGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const months[] = {
  N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
  N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
};

/* --- loading, on the writer thread --- */

typedef struct {
  CfRetentionRule  rule;
  GListModel      *due;
  GPtrArray       *requests;   /* CfAccessRequest, the open ones first */
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->due);
  g_clear_pointer (&loaded->requests, g_ptr_array_unref);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

/* Today is the office's day, as for the nightly purge. */
static GDateTime *
office_today (CfSession *session,
              GError   **error)
{
  g_autoptr(GTimeZone) zone = desk_session_get_zone (session, error);

  return zone != NULL ? g_date_time_new_now (zone) : NULL;
}

static gpointer
load_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  g_autoptr(Loaded) loaded = g_new0 (Loaded, 1);
  g_autoptr(GDateTime) today = office_today (session, error);

  if (today == NULL || !cf_retention_get_rule (session, &loaded->rule, error))
    return NULL;
  if ((loaded->due = cf_retention_list_due (session, today, error)) == NULL ||
      (loaded->requests = cf_access_requests_list (session, error)) == NULL)
    return NULL;
  return g_steal_pointer (&loaded);
}

/* --- the rule --- */

static void
show_rule (DeskRetentionPage     *self,
           const CfRetentionRule *rule)
{
  gtk_spin_button_set_value (self->years_spin, rule->years);
  gtk_drop_down_set_selected (self->from_dropdown, rule->from == CF_RETENTION_FROM_CASE_CLOSED);
  gtk_drop_down_set_selected (self->month_dropdown, CLAMP (rule->year_starts_month, 1, 12) - 1);
  gtk_spin_button_set_value (self->day_spin, rule->year_starts_day);
}

/* After a change (the rule, a hold, a request): its sentence, or what went
 * wrong, and the lists read again, since who is due may have changed. */
static void
show_change (DeskRetentionPage *self,
             GAsyncResult      *result,
             const char        *message)
{
  g_autoptr(GError) error = NULL;

  if (!desk_session_do_finish (result, &error))
    {
      if (!desk_error_is_cancelled (error))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
  desk_retention_page_reload (self);
}

static gboolean
save_rule_job (CfSession    *session,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  return cf_retention_set_rule (session, data, error);
}

/* A new rule changes who is due: the list is read again. */
static void
rule_saved_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeskRetentionPage) self = user_data;
  show_change (self, result, _("The office’s rule is saved."));
}

/* The library says what is wrong with a rule (a day the month does not
 * have, say), in its own sentence. */
static void
save_rule_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DeskRetentionPage *self = DESK_RETENTION_PAGE (widget);
  CfRetentionRule *rule;

  if (self->session == NULL)
    return;
  /* What is typed in a spin button counts only once it is taken in. */
  gtk_spin_button_update (self->years_spin);
  gtk_spin_button_update (self->day_spin);
  rule = g_new0 (CfRetentionRule, 1);
  rule->years = gtk_spin_button_get_value_as_int (self->years_spin);
  rule->from = gtk_drop_down_get_selected (self->from_dropdown) == 1
                   ? CF_RETENTION_FROM_CASE_CLOSED : CF_RETENTION_FROM_LAST_CONTACT;
  rule->year_starts_month = gtk_drop_down_get_selected (self->month_dropdown) + 1;
  rule->year_starts_day = gtk_spin_button_get_value_as_int (self->day_spin);
  desk_session_do_async (self->session, save_rule_job, rule, g_free, self->cancellable,
                         rule_saved_cb, g_object_ref (self));
}

/* --- the students due --- */

static char *
format_day (GDateTime *day)
{
  /* TRANSLATORS: a day in a list, like "1 August 2024"; see strftime */
  return day != NULL ? g_date_time_format (day, _("%-d %B %Y")) : g_strdup (_("unknown"));
}

/* "Anonymous student" rather than the student list's "Anonymous": here
 * the row stands for a whole record. */
static char *
due_title (CfRetentionDue *due)
{
  const char *name = cf_retention_due_get_name (due);

  return g_strdup (name != NULL ? name : _("Anonymous student"));
}

/* "Last contact … · due … · held: reason", each part isolated. */
static char *
due_detail (CfRetentionDue *due)
{
  const char *hold = cf_retention_due_get_hold_reason (due);
  g_autofree char *last_text = format_day (cf_retention_due_get_last_contact (due));
  g_autofree char *due_text = format_day (cf_retention_due_get_due (due));
  g_autofree char *last_part = NULL, *due_part = NULL, *hold_part = NULL;
  const char *parts[4] = { NULL, NULL, NULL, NULL };

  parts[0] = last_part = g_strdup_printf (_("Last contact %s"), last_text);
  parts[1] = due_part = g_strdup_printf (_("due %s"), due_text);
  if (hold != NULL)
    parts[2] = hold_part = g_strdup_printf (_("held: %s"), hold);
  return desk_format_detail_line (parts);
}

/* Named by what tells the rows apart: the name and the due day. */
static GtkWidget *
hold_button (CfRetentionDue *due,
             const char     *title)
{
  gboolean held = cf_retention_due_get_hold_reason (due) != NULL;
  g_autofree char *due_text = format_day (cf_retention_due_get_due (due));
  g_autofree char *name = NULL;
  GtkWidget *button;

  button = gtk_button_new_with_label (held ? _("Release") : _("Hold…"));
  /* TRANSLATORS: a button's accessible name: "Hold Zanele Okonkwo, due 1 August 2024" */
  name = g_strdup_printf (held ? _("Release %s, due %s") : _("Hold %s, due %s"), title, due_text);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button),
                                  held ? "retention.release" : "retention.hold");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", cf_retention_due_get_student_id (due));
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  CfRetentionDue *due = item;
  g_autofree char *title = due_title (due);
  g_autofree char *detail = due_detail (due);
  GtkWidget *row = adw_action_row_new ();

  /* The name and the hold's reason are stored text: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), hold_button (due, title));
  return row;
}

/* Those the purge would destroy: due, and not held. */
static guint
count_destroyable (DeskRetentionPage *self)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->due)); i++)
    {
      g_autoptr(CfRetentionDue) due = g_list_model_get_item (G_LIST_MODEL (self->due), i);

      n += cf_retention_due_get_hold_reason (due) == NULL;
    }
  return n;
}

/* What the confirmation counted, so that nobody else is destroyed: the
 * rule may have changed on another desk since the list was shown. */
static char **
destroyable_ids (DeskRetentionPage *self)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->due)); i++)
    {
      g_autoptr(CfRetentionDue) due = g_list_model_get_item (G_LIST_MODEL (self->due), i);

      if (cf_retention_due_get_hold_reason (due) == NULL)
        g_strv_builder_add (ids, cf_retention_due_get_student_id (due));
    }
  return g_strv_builder_end (ids);
}

static void
show_due (DeskRetentionPage *self,
          GListModel        *due)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (due); i++)
    g_ptr_array_add (items, g_list_model_get_item (due, i));
  g_list_store_splice (self->due, 0, g_list_model_get_n_items (G_LIST_MODEL (self->due)),
                       items->pdata, items->len);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "retention.purge", count_destroyable (self) > 0);
}

/* --- subject access requests --- */

static char *
format_date (const GDate *date)
{
  char text[64];

  /* TRANSLATORS: a day in a list, like "1 August 2024"; see strftime */
  if (g_date_strftime (text, sizeof text, _("%-d %B %Y"), date) == 0)
    return g_strdup (_("unknown"));
  return g_strdup (text);
}

/* "Received … · due … · extended: reason", each part isolated. */
static char *
request_detail (CfAccessRequest *request)
{
  g_autofree char *received_text = format_date (&request->received);
  g_autofree char *due_text = format_date (&request->due);
  g_autofree char *received = NULL, *due = NULL, *extended = NULL;
  const char *parts[4] = { NULL, NULL, NULL, NULL };

  parts[0] = received = g_strdup_printf (_("Received %s"), received_text);
  parts[1] = due = g_strdup_printf (_("due %s"), due_text);
  if (request->extension_reason != NULL)
    parts[2] = extended = g_strdup_printf (_("extended: %s"), request->extension_reason);
  return desk_format_detail_line (parts);
}

/* Extend… carries the months the request is already extended by, so that
 * the dialog starts from them: the library takes the months in all. */
static GtkWidget *
extend_button (CfAccessRequest *request,
               const char      *title,
               const char      *due_text)
{
  GtkWidget *button = gtk_button_new_with_label (_("Extend…"));
  /* TRANSLATORS: a button's accessible name: "Extend Zanele Okonkwo's request, due 1 August 2024" */
  g_autofree char *name = g_strdup_printf (_("Extend %s’s request, due %s"), title, due_text);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "retention.request-extend");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(su)", request->id,
                                    (guint32) request->extension_months);
  return button;
}

static GtkWidget *
request_row (CfAccessRequest *request)
{
  const char *title = request->student_name != NULL ? request->student_name : _("Anonymous student");
  g_autofree char *detail = request_detail (request);
  g_autofree char *due_text = format_date (&request->due);
  g_autofree char *name = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_label (_("Answered"));

  /* The name and the reason are stored text: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), extend_button (request, title, due_text));
  /* TRANSLATORS: a button's accessible name: "Zanele Okonkwo's request, due 1 August 2024, is answered" */
  name = g_strdup_printf (_("%s’s request, due %s, is answered"), title, due_text);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "retention.request-done");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", request->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

/* The open requests only: the answered ones stay in the register
 * (confidectl access-request list). */
static void
show_requests (DeskRetentionPage *self,
               GPtrArray         *requests)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->requests_list, 0)) != NULL)
    gtk_list_box_remove (self->requests_list, GTK_WIDGET (row));
  for (guint i = 0; requests != NULL && i < requests->len; i++)
    {
      CfAccessRequest *request = requests->pdata[i];

      if (request->done_at == 0)
        gtk_list_box_append (self->requests_list, request_row (request));
    }
}

static gboolean
request_done_job (CfSession    *session,
                  gpointer      data,
                  GCancellable *cancellable,
                  GError      **error)
{
  return cf_access_requests_done (session, data, error);
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DeskRetentionPage) self = user_data;
  show_change (self, result, _("The request is marked answered."));
}

static void
request_done_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DeskRetentionPage *self = DESK_RETENTION_PAGE (widget);

  if (self->session == NULL)
    return;
  desk_session_do_async (self->session, request_done_job, g_variant_dup_string (parameter, NULL), g_free,
                         self->cancellable, request_done_cb, g_object_ref (self));
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeskRetentionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(Loaded) loaded = desk_session_run_finish (result, &error);

  if (loaded == NULL && desk_error_is_cancelled (error))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), loaded == NULL);
  if (loaded == NULL)
    {
      gtk_label_set_text (self->problem_label, error->message);
      return;
    }
  show_rule (self, &loaded->rule);
  show_due (self, loaded->due);
  show_requests (self, loaded->requests);
}

void
desk_retention_page_reload (DeskRetentionPage *self)
{
  g_return_if_fail (DESK_IS_RETENTION_PAGE (self));

  if (self->session == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  desk_session_run_async (self->session, load_job, NULL, NULL, (GDestroyNotify) loaded_free,
                          self->cancellable, loaded_cb, g_object_ref (self));
}

/* --- holding and releasing --- */

typedef struct {
  char *student_id;
  char *reason;         /* NULL: release */
} Hold;

static void
hold_free (Hold *hold)
{
  g_free (hold->student_id);
  g_free (hold->reason);
  g_free (hold);
}

static gboolean
hold_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  Hold *hold = data;

  if (hold->reason == NULL)
    return cf_retention_release (session, hold->student_id, error);
  return cf_retention_hold (session, hold->student_id, hold->reason, error);
}

static void
held_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DeskRetentionPage) self = user_data;

  show_change (self, result, _("The records are held until you release them."));
}

static void
released_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeskRetentionPage) self = user_data;

  show_change (self, result, _("The records are released: they go with the next records due."));
}

static void
start_hold (DeskRetentionPage *self,
            const char        *student_id,
            const char        *reason)
{
  Hold *hold = g_new0 (Hold, 1);

  hold->student_id = g_strdup (student_id);
  hold->reason = reason != NULL ? g_strstrip (g_strdup (reason)) : NULL;
  desk_session_do_async (self->session, hold_job, hold, (GDestroyNotify) hold_free,
                         self->cancellable, reason != NULL ? held_cb : released_cb,
                         g_object_ref (self));
}

static void
hold_response_cb (AdwMessageDialog  *dialog,
                  const char        *response,
                  DeskRetentionPage *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_strcmp0 (response, "hold") != 0 || self->session == NULL)
    return;
  start_hold (self, g_object_get_data (G_OBJECT (dialog), "student-id"), gtk_editable_get_text (entry));
}

/* A dialog that asks for a reason offers its action (its "reason-response")
 * only once one is typed. */
static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  const char *response = g_object_get_data (G_OBJECT (dialog), "reason-response");
  gboolean given = reason[0] != '\0';

  adw_message_dialog_set_response_enabled (dialog, response, given);
  adw_message_dialog_set_default_response (dialog, given ? response : NULL);
}

static GtkWidget *
new_reason_entry (void)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("A complaint, a dispute, a legal duty…"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  return entry;
}

static void
hold_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeskRetentionPage *self = DESK_RETENTION_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *entry = new_reason_entry ();
  AdwMessageDialog *dialog;

  if (self->session == NULL || !GTK_IS_WINDOW (root))
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root), _("Hold These Records?"),
                                                       _("The student’s records are kept past their due day, and not destroyed with the records due, until you release them.")));
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "hold", _("_Hold"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "hold", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  desk_message_dialog_name_responses (dialog);
  g_object_set_data_full (G_OBJECT (dialog), "student-id",
                          g_variant_dup_string (parameter, NULL), g_free);
  g_object_set_data (G_OBJECT (dialog), "reason-response", (gpointer) "hold");
  g_signal_connect_object (entry, "changed", G_CALLBACK (reason_changed_cb), dialog, 0);
  reason_changed_cb (GTK_EDITABLE (entry), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (hold_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Releasing destroys nothing by itself: no confirmation. */
static void
release_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DeskRetentionPage *self = DESK_RETENTION_PAGE (widget);

  if (self->session != NULL)
    start_hold (self, g_variant_get_string (parameter, NULL), NULL);
}

/* --- extending the time to answer --- */

typedef struct {
  char  *id;
  guint  months;        /* in all, as the library takes them */
  char  *reason;
} Extension;

static void
extension_free (Extension *extension)
{
  g_free (extension->id);
  g_free (extension->reason);
  g_free (extension);
}

static gboolean
extend_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  Extension *extension = data;

  return cf_access_requests_extend (session, extension->id, extension->months, extension->reason, error);
}

/* The library's refusal is its own sentence; once extended, the list is
 * read again for the new due day. */
static void
extended_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeskRetentionPage) self = user_data;
  show_change (self, result, _("The request is extended: its new due day is shown."));
}

static void
extend_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    DeskRetentionPage *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "reason-entry");
  GtkDropDown *dropdown = g_object_get_data (G_OBJECT (dialog), "months-dropdown");
  Extension *extension;

  if (g_strcmp0 (response, "extend") != 0 || self->session == NULL)
    return;
  extension = g_new0 (Extension, 1);
  extension->id = g_strdup (g_object_get_data (G_OBJECT (dialog), "request-id"));
  extension->months = gtk_drop_down_get_selected (dropdown) + 1;
  extension->reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  desk_session_do_async (self->session, extend_job, extension, (GDestroyNotify) extension_free,
                         self->cancellable, extended_cb, g_object_ref (self));
}

/* The months in all, starting from those already given: the library
 * takes the total, and says when it is more than the law allows. */
static GtkWidget *
new_months_dropdown (guint already)
{
  const char *const choices[] = { _("One month later"), _("Two months later"), NULL };
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (choices);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), already >= 2 ? 1 : 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Due later by, in all"), -1);
  return dropdown;
}

static AdwMessageDialog *
new_extend_dialog (GtkWindow *parent,
                   guint      already)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *dropdown = new_months_dropdown (already);
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *dialog;

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("The reason the student is told"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_box_append (GTK_BOX (box), entry);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Extend the Time to Answer?"),
                                                       _("An answer may be due up to two months after the month the law gives, in all, when the request is complex or one of many. The student is told why.")));
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "extend", _("_Extend"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "extend", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  desk_message_dialog_name_responses (dialog);
  g_object_set_data (G_OBJECT (dialog), "reason-entry", entry);
  g_object_set_data (G_OBJECT (dialog), "months-dropdown", dropdown);
  g_object_set_data (G_OBJECT (dialog), "reason-response", (gpointer) "extend");
  g_signal_connect_object (entry, "changed", G_CALLBACK (reason_changed_cb), dialog, 0);
  reason_changed_cb (GTK_EDITABLE (entry), dialog);
  return dialog;
}

static void
request_extend_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  DeskRetentionPage *self = DESK_RETENTION_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *id = NULL;
  guint32 already = 0;
  AdwMessageDialog *dialog;

  if (self->session == NULL || !GTK_IS_WINDOW (root))
    return;
  g_variant_get (parameter, "(&su)", &id, &already);
  dialog = new_extend_dialog (GTK_WINDOW (root), already);
  g_object_set_data_full (G_OBJECT (dialog), "request-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (extend_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- destroying the records due --- */

static gpointer
purge_job (CfSession    *session,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  const char *const *shown = data;
  g_autoptr(GDateTime) today = office_today (session, error);
  g_autofree guint *n_students = g_new0 (guint, 1);

  if (today == NULL || !cf_retention_purge_only (session, today, shown, n_students, error))
    return NULL;
  return g_steal_pointer (&n_students);
}

/* The count, never a name. */
static void
purged_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeskRetentionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree guint *n_students = desk_session_run_finish (result, &error);
  g_autofree char *message = NULL;

  if (desk_error_is_cancelled (error))
    return;
  if (n_students == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      desk_retention_page_reload (self);
      return;
    }
  message = g_strdup_printf (ngettext ("The records of %u student are destroyed.",
                                       "The records of %u students are destroyed.", *n_students),
                             *n_students);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
  desk_retention_page_reload (self);
  g_signal_emit (self, signals[PURGED], 0);
}

static void
purge_response_cb (AdwMessageDialog  *dialog,
                   const char        *response,
                   DeskRetentionPage *self)
{
  if (g_strcmp0 (response, "destroy") != 0 || self->session == NULL)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "retention.purge", FALSE);
  desk_session_run_async (self->session, purge_job, destroyable_ids (self), (GDestroyNotify) g_strfreev,
                          g_free, self->cancellable, purged_cb, g_object_ref (self));
}

static void
purge_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DeskRetentionPage *self = DESK_RETENTION_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  guint n = count_destroyable (self);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (self->session == NULL || n == 0 || !GTK_IS_WINDOW (root))
    return;
  body = g_strdup_printf (ngettext ("The records of %u student are destroyed, on every machine of the office, and cannot be brought back. Held records are kept.",
                                    "The records of %u students are destroyed, on every machine of the office, and cannot be brought back. Held records are kept.",
                                    n), n);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root), _("Destroy the Records Due?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "destroy", _("_Destroy Records"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "destroy", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  desk_message_dialog_name_responses (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (purge_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- the session --- */

void
desk_retention_page_set_session (DeskRetentionPage *self,
                                 CfSession         *session)
{
  g_return_if_fail (DESK_IS_RETENTION_PAGE (self));
  g_return_if_fail (session == NULL || CF_IS_SESSION (session));

  desk_retention_page_clear (self);
  g_set_object (&self->session, session);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    desk_retention_page_reload (self);
}

/* Read when someone looks at the page, and each time they come back to
 * it: records fall due, and are destroyed elsewhere, meanwhile. */
static void
mapped_cb (DeskRetentionPage *self)
{
  desk_retention_page_reload (self);
}

void
desk_retention_page_clear (DeskRetentionPage *self)
{
  g_return_if_fail (DESK_IS_RETENTION_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->session);
  g_list_store_remove_all (self->due);
  show_requests (self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "retention.purge", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
}

/* --- object --- */

static void
desk_retention_page_dispose (GObject *object)
{
  DeskRetentionPage *self = DESK_RETENTION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_RETENTION_PAGE);
  /* GTK 4.8 unparents only bound template children; the page's own child
   * must go too, or it outlives its parent. */
  desk_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->due);
  G_OBJECT_CLASS (desk_retention_page_parent_class)->dispose (object);
}

static void
desk_retention_page_class_init (DeskRetentionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_retention_page_dispose;

  /* Students' records were destroyed: the lists that showed them are
   * read again. */
  signals[PURGED] = g_signal_new ("purged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-retention-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskRetentionPage, years_spin);
  gtk_widget_class_bind_template_child (widget_class, DeskRetentionPage, from_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DeskRetentionPage, day_spin);
  gtk_widget_class_bind_template_child (widget_class, DeskRetentionPage, month_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DeskRetentionPage, due_list);
  gtk_widget_class_bind_template_child (widget_class, DeskRetentionPage, requests_list);
  gtk_widget_class_bind_template_child (widget_class, DeskRetentionPage, problem_label);
  gtk_widget_class_install_action (widget_class, "retention.save-rule", NULL, save_rule_action_cb);
  gtk_widget_class_install_action (widget_class, "retention.hold", "s", hold_action_cb);
  gtk_widget_class_install_action (widget_class, "retention.release", "s", release_action_cb);
  gtk_widget_class_install_action (widget_class, "retention.purge", NULL, purge_action_cb);
  gtk_widget_class_install_action (widget_class, "retention.request-done", "s", request_done_action_cb);
  gtk_widget_class_install_action (widget_class, "retention.request-extend", "(su)", request_extend_action_cb);
}

static void
desk_retention_page_init (DeskRetentionPage *self)
{
  g_autoptr(GtkStringList) month_names = gtk_string_list_new (NULL);
  GtkWidget *empty;

  gtk_widget_init_template (GTK_WIDGET (self));
  for (gsize i = 0; i < G_N_ELEMENTS (months); i++)
    gtk_string_list_append (month_names, _(months[i]));
  gtk_drop_down_set_model (self->month_dropdown, G_LIST_MODEL (month_names));
  gtk_drop_down_set_selected (self->month_dropdown, 7);   /* August, until the rule is read */
  self->cancellable = g_cancellable_new ();
  self->due = g_list_store_new (CF_TYPE_RETENTION_DUE);
  gtk_list_box_bind_model (self->due_list, G_LIST_MODEL (self->due), create_row, self, NULL);
  empty = gtk_label_new (_("No student’s records are due."));
  gtk_widget_add_css_class (empty, "dim-label");
  g_object_set (empty, "margin-top", 12, "margin-bottom", 12, NULL);
  gtk_list_box_set_placeholder (self->due_list, empty);
  empty = gtk_label_new (_("No access request is waiting for an answer."));
  gtk_widget_add_css_class (empty, "dim-label");
  g_object_set (empty, "margin-top", 12, "margin-bottom", 12, NULL);
  gtk_list_box_set_placeholder (self->requests_list, empty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "retention.purge", FALSE);
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
}
