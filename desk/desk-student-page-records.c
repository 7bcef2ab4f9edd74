/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The student page's consents, breach-of-confidentiality records and what
 * Security was told (see desk-student-page-private.h). */

#include "desk-student-page-private.h"

#include <glib/gi18n.h>

#include "cf-breaches.h"
#include "cf-consents.h"
#include "cf-office-settings.h"
#include "cf-security-notice.h"
#include "cf-text.h"
#include "desk-a11y.h"
#include "desk-breach-dialog.h"
#include "desk-choices.h"
#include "desk-consent-dialog.h"
#include "desk-format.h"
#include "desk-jobs.h"

/* --- reading, on the writer thread --- */

gboolean
_desk_student_page_load_records (CfSession         *session,
                                 const char        *student_id,
                                 DeskStudentRecord *record,
                                 GError           **error)
{
  record->consents = cf_consents_list (session, student_id, error);
  if (record->consents != NULL)
    record->breaches = cf_breaches_list (session, student_id, error);
  if (record->breaches != NULL)
    record->told = cf_security_notice_list_for_student (session, student_id, error);
  return record->told != NULL;
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
show_told (DeskStudentPage *self,
           GArray          *told)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < told->len; i++)
    {
      CfSecurityTold *item = &g_array_index (told, CfSecurityTold, i);
      g_ptr_array_add (lines, desk_format_security_told (item->told_at, item->start_at, item->end_at, item->cancelled,
                                                           self->zone));
    }
  g_ptr_array_add (lines, NULL);
  gtk_string_list_splice (self->told, 0, g_list_model_get_n_items (G_LIST_MODEL (self->told)),
                          (const char *const *) lines->pdata);
  gtk_widget_set_visible (GTK_WIDGET (self->security_list), told->len > 0);
  gtk_widget_set_visible (self->security_group, TRUE);
  _desk_student_page_show_removed (self);
}

void
_desk_student_page_show_records (DeskStudentPage   *self,
                                 DeskStudentRecord *record)
{
  replace_all (self->consents, record->consents);
  replace_all (self->breaches, record->breaches);
  show_told (self, record->told);
}

void
_desk_student_page_clear_records (DeskStudentPage *self)
{
  g_list_store_remove_all (self->consents);
  g_list_store_remove_all (self->breaches);
  gtk_string_list_splice (self->told, 0, g_list_model_get_n_items (G_LIST_MODEL (self->told)), NULL);
  gtk_widget_set_visible (self->security_group, FALSE);
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

/* The text goes in a box: GTK 4.8 reads a plain label child out after the
 * accessible label, so "Withdraw…" would follow "Withdraw consent for …". */
GtkWidget *
_desk_student_page_new_row_button (const char *label,
                                   const char *a11y_label,
                                   const char *action,
                                   const char *target)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_button_set_child (GTK_BUTTON (button), box);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (target));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y_label, -1);
  return button;
}

/* "Withdraw consent to contact the college tutor": the party, named. */
static char *
withdraw_title (const char *party)
{
  /* TRANSLATORS: %s is a third party, like "the college tutor" */
  return g_strdup_printf (_("Withdraw consent to contact %s"), cf_consents_party_phrase (party));
}

/* A consent from the kiosk's slip keeps the version of the wording the
 * student agreed to; the exact words stay readable after any change. */
static void
add_wording_button (AdwActionRow *row,
                    CfConsent    *consent)
{
  g_autofree char *version = NULL, *a11y = NULL;

  g_object_get (consent, "wording-version", &version, NULL);
  if (version == NULL)
    return;
  /* TRANSLATORS: %s is a consent wording's version, like "2-3f9a" */
  a11y = g_strdup_printf (_("Show the wording agreed to, version %s"), version);
  adw_action_row_add_suffix (row, _desk_student_page_new_row_button (_("Wording…"), a11y,
                                                                     "student.show-wording", version));
}

static GtkWidget *
create_consent_row (gpointer item,
                    gpointer user_data)
{
  DeskStudentPage *self = user_data;
  CfConsent *consent = item;
  const char *party = cf_consents_party_label (cf_consent_get_third_party (consent));
  g_autofree char *state = desk_format_consent (consent, self->zone);
  g_autofree char *note = NULL;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), party);
  g_object_get (consent, "verbal-note", &note, NULL);
  if (note != NULL && cf_consent_is_current (consent))
    {
      g_autofree char *with_note = g_strdup_printf (_("%s. Agreed: %s"), state, note);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), with_note);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), state);
  /* Subtitles are text, not markup; and GTK 4.8 gives them no name of their own. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, state, -1);
  add_wording_button (ADW_ACTION_ROW (row), consent);
  if (cf_consent_is_current (consent))
    {
      g_autofree char *a11y = withdraw_title (cf_consent_get_third_party (consent));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 _desk_student_page_new_row_button (_("Withdraw…"), a11y, "student.withdraw-consent",
                                                 cf_consent_get_id (consent)));
    }
  return row;
}

static void
add_detail (GtkBox     *box,
            const char *what,
            const char *value)
{
  g_autofree char *text = NULL;

  if (value == NULL || value[0] == '\0')
    return;
  /* TRANSLATORS: a field of a breach record, like "Disclosed to: the GP" */
  text = g_strdup_printf (_("%s: %s"), what, value);
  gtk_box_append (box, new_label (text, NULL));
}

static char *
informed_text (DeskStudentPage *self,
               const char      *informed,
               gint64           informed_at)
{
  g_autofree char *day = NULL;

  if (informed_at <= 0)
    return g_strdup (desk_format_breach_informed (informed));
  day = desk_format_day (informed_at, self->zone);
  /* TRANSLATORS: "The student was told, on Saturday 21 November 2026" */
  return g_strdup_printf (_("%s, on %s"), desk_format_breach_informed (informed), day);
}

static void
add_breach_details (DeskStudentPage *self,
                    GtkBox          *box,
                    CfBreach        *record)
{
  g_autofree char *reason = NULL, *reference = NULL, *consulted = NULL, *unconsulted = NULL;
  g_autofree char *purpose = NULL, *disclosed = NULL, *informed = NULL, *told = NULL;
  g_auto(GStrv) grounds = cf_breach_dup_grounds (record);
  g_autofree char *ground = desk_format_breach_grounds ((const char *const *) grounds);
  gint64 informed_at;

  g_object_get (record, "reason", &reason, "legal-reference", &reference,
                "consulted-names", &consulted, "purpose", &purpose, "disclosed-to", &disclosed,
                "unconsulted-reason", &unconsulted,
                "student-informed", &informed, "informed-at", &informed_at, NULL);
  told = informed_text (self, informed, informed_at);
  add_detail (box, _("Why"), reason);
  add_detail (box, g_strv_length (grounds) > 1 ? _("Grounds") : _("Ground"), ground);
  add_detail (box, _("Legal reference"), reference);
  if (unconsulted != NULL)
    add_detail (box, _("No time to consult"), unconsulted);
  else
    add_detail (box, _("Consulted"), consulted ? consulted : _("a former user"));
  add_detail (box, _("What it achieves"), purpose);
  add_detail (box, _("Disclosed to"), disclosed);
  add_detail (box, _("The student"), told);
}

static GtkWidget *
create_breach_row (gpointer item,
                   gpointer user_data)
{
  DeskStudentPage *self = user_data;
  CfBreach *record = item;
  g_autofree char *outline = NULL, *author = NULL, *corrects = NULL, *when = NULL, *meta = NULL;
  g_autofree char *by = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title;
  gint64 created_at;
  gboolean corrected;

  g_object_get (record, "outline", &outline, "author-name", &author, "created-at", &created_at,
                "corrects-id", &corrects, "corrected", &corrected, NULL);
  when = desk_format_moment (created_at, self->zone);
  /* TRANSLATORS: "Recorded 21 Nov 2026, 14:05 by Ada Adviser" */
  by = cf_text_isolate (author ? author : _("a former user"));
  meta = g_strdup_printf (_("Recorded %s by %s"), when, by);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set (box, "margin-top", 12, "margin-bottom", 12, "margin-start", 12, "margin-end", 6, NULL);
  title = new_label (outline, "heading");
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header),
                  _desk_student_page_new_row_button (_("Correct…"), _("Correct this breach record"), "student.correct-breach",
                                  cf_breach_get_id (record)));
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), new_label (meta, "dim-label"));
  if (corrects != NULL)
    gtk_box_append (GTK_BOX (box), new_label (_("Corrects an earlier record"), "accent"));
  if (corrected)
    gtk_box_append (GTK_BOX (box), new_label (_("Corrected by a later record"), "warning"));
  add_breach_details (self, GTK_BOX (box), record);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static GtkWidget *
create_told_row (gpointer item,
                 gpointer user_data)
{
  GtkWidget *row = adw_action_row_new ();
  const char *text = gtk_string_object_get_string (item);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

/* --- reloading a list after a change --- */

static gpointer
consents_job (CfSession    *session,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  return cf_consents_list (session, data, error);
}

static gpointer
breaches_job (CfSession    *session,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  return cf_breaches_list (session, data, error);
}

static void
list_reloaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DeskStudentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) items = desk_session_run_finish (result, &error);

  if (items == NULL)
    {
      _desk_student_page_show_error (self, error);
      return;
    }
  replace_all (g_list_model_get_item_type (items) == CF_TYPE_CONSENT ? self->consents : self->breaches,
               items);
}

static void
reload_list (DeskStudentPage *self,
             DeskSessionFunc  job)
{
  if (self->session == NULL || self->student_id == NULL)
    return;
  desk_session_run_async (self->session, job, g_strdup (self->student_id), g_free, g_object_unref,
                          self->cancellable, list_reloaded_cb, g_object_ref (self));
}

/* --- consents --- */

static void
consent_recorded_cb (DeskStudentPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("The consent is recorded."));
  reload_list (self, consents_job);
}

static void
record_consent_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);
  DeskConsentDialog *dialog;

  if (self->session == NULL || self->student_id == NULL)
    return;
  dialog = desk_consent_dialog_new (_desk_student_page_get_window (self), self->session, self->student_id);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (consent_recorded_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
  char            *consent_id;
  CfConsentSource  source;
} Withdrawal;

static void
withdrawal_free (Withdrawal *withdrawal)
{
  g_free (withdrawal->consent_id);
  g_free (withdrawal);
}

static gboolean
withdraw_job (CfSession    *session,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  Withdrawal *withdrawal = data;

  return cf_consents_withdraw (session, withdrawal->consent_id, withdrawal->source, NULL, error);
}

static void
withdrawn_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DeskStudentPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!desk_session_do_finish (result, &error))
    {
      _desk_student_page_show_error (self, error);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("The consent is withdrawn."));
  reload_list (self, consents_job);
}

/* How the student withdrew it: the choices are the extra child's
 * check buttons, in the order of sources[]. */
static const CfConsentSource withdrawal_sources[] = {
  CF_CONSENT_SOURCE_VERBAL, CF_CONSENT_SOURCE_WRITTEN, CF_CONSENT_SOURCE_EMAIL,
};

static GtkWidget *
new_source_choices (void)
{
  const char *titles[] = { _("In person or by phone"), _("In writing"), _("By email") };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *first = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *check = desk_radio_button_new (titles[i], first ? GTK_CHECK_BUTTON (first) : NULL);

      if (first == NULL)
        first = check;
      gtk_box_append (GTK_BOX (box), check);
    }
  gtk_check_button_set_active (GTK_CHECK_BUTTON (first), TRUE);
  return box;
}

static CfConsentSource
chosen_source (GtkWidget *box)
{
  guint i = 0;

  for (GtkWidget *check = gtk_widget_get_first_child (box); check; check = gtk_widget_get_next_sibling (check), i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)) && i < G_N_ELEMENTS (withdrawal_sources))
      return withdrawal_sources[i];
  return CF_CONSENT_SOURCE_VERBAL;
}

static void
withdraw_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  DeskStudentPage *self = user_data;
  Withdrawal *withdrawal;

  if (g_strcmp0 (response, "withdraw") != 0 || self->session == NULL)
    return;
  withdrawal = g_new0 (Withdrawal, 1);
  withdrawal->consent_id = g_strdup (g_object_get_data (G_OBJECT (dialog), "consent-id"));
  withdrawal->source = chosen_source (adw_message_dialog_get_extra_child (dialog));
  desk_session_do_async (self->session, withdraw_job, withdrawal, (GDestroyNotify) withdrawal_free,
                         self->cancellable, withdrawn_cb, g_object_ref (self));
}

/* The party of a consent shown on the page (the list keeps it), or NULL. */
static const char *
consent_party (DeskStudentPage *self,
               const char      *consent_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->consents)); i++)
    {
      g_autoptr(CfConsent) consent = g_list_model_get_item (G_LIST_MODEL (self->consents), i);

      if (g_strcmp0 (cf_consent_get_id (consent), consent_id) == 0)
        return cf_consent_get_third_party (consent);
    }
  return NULL;
}

static void
withdraw_consent_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);
  const char *party = consent_party (self, g_variant_get_string (parameter, NULL));
  g_autofree char *title = NULL;
  GtkWidget *dialog;

  if (self->session == NULL || party == NULL)
    return;
  /* TRANSLATORS: a dialog's heading; %s is a third party, like "the college tutor" */
  title = g_strdup_printf (_("Withdraw consent to contact %s?"), cf_consents_party_phrase (party));
  dialog = adw_message_dialog_new (_desk_student_page_get_window (self), NULL,
                                   _("The service will no longer act with this third party for the student. The consent stays in the record, marked as withdrawn. How did the student withdraw it?"));
  /* The heading is the party as typed: text, not markup. */
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), title);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), new_source_choices ());
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("Cancel"), "withdraw", _("Withdraw"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "withdraw",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "consent-id",
                          g_strdup (g_variant_get_string (parameter, NULL)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (withdraw_response_cb), self, 0);
  desk_message_dialog_name_responses (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- the wording a consent was given under --- */

static gpointer
wording_job (CfSession    *session,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  char *text = cf_office_settings_get_wording_version (session, data, NULL, error);
  char **version_and_text;

  if (text == NULL)
    return NULL;
  version_and_text = g_new0 (char *, 3);
  version_and_text[0] = g_strdup (data);
  version_and_text[1] = text;
  return version_and_text;
}

static void
wording_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DeskStudentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) wording = desk_session_run_finish (result, &error);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (wording == NULL)
    {
      if (!desk_error_is_cancelled (error))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  /* TRANSLATORS: %s is a consent wording's version, like "2-3f9a" */
  heading = g_strdup_printf (_("Consent Wording, Version %s"), wording[0]);
  /* The body is text, not markup (body-use-markup stays off). */
  dialog = adw_message_dialog_new (_desk_student_page_get_window (self), heading, wording[1]);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("Close"));
  desk_message_dialog_name_responses (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_wording_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);

  if (self->session == NULL)
    return;
  desk_session_run_async (self->session, wording_job, g_variant_dup_string (parameter, NULL), g_free,
                          (GDestroyNotify) g_strfreev, self->cancellable, wording_loaded_cb, g_object_ref (self));
}

/* --- breach records --- */

static void
breach_saved_cb (DeskStudentPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("The breach record is saved."));
  reload_list (self, breaches_job);
}

static void
open_breach_form (DeskStudentPage *self,
                  CfBreach        *corrects)
{
  DeskBreachDialog *dialog;

  if (self->session == NULL || self->student_id == NULL)
    return;
  dialog = desk_breach_dialog_new (_desk_student_page_get_window (self), self->session,
                                   self->student_id, corrects);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (breach_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
record_breach_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  open_breach_form (DESK_STUDENT_PAGE (widget), NULL);
}

static void
correct_breach_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->breaches)); i++)
    {
      g_autoptr(CfBreach) record = g_list_model_get_item (G_LIST_MODEL (self->breaches), i);

      if (g_strcmp0 (cf_breach_get_id (record), id) == 0)
        open_breach_form (self, record);
    }
}

/* --- set-up --- */

void
_desk_student_page_records_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "student.record-consent", NULL, record_consent_action_cb);
  gtk_widget_class_install_action (widget_class, "student.withdraw-consent", "s", withdraw_consent_action_cb);
  gtk_widget_class_install_action (widget_class, "student.show-wording", "s", show_wording_action_cb);
  gtk_widget_class_install_action (widget_class, "student.record-breach", NULL, record_breach_action_cb);
  gtk_widget_class_install_action (widget_class, "student.correct-breach", "s", correct_breach_action_cb);
}

void
_desk_student_page_records_init (DeskStudentPage *self)
{
  self->consents = g_list_store_new (CF_TYPE_CONSENT);
  self->breaches = g_list_store_new (CF_TYPE_BREACH);
  self->told = gtk_string_list_new (NULL);
  gtk_list_box_bind_model (self->consents_list, G_LIST_MODEL (self->consents), create_consent_row, self, NULL);
  gtk_list_box_bind_model (self->breaches_list, G_LIST_MODEL (self->breaches), create_breach_row, self, NULL);
  gtk_list_box_bind_model (self->security_list, G_LIST_MODEL (self->told), create_told_row, self, NULL);
  gtk_list_box_set_placeholder (self->consents_list,
                                new_label (_("No consent recorded: the service acts with nobody for this student."), "dim-label"));
  gtk_list_box_set_placeholder (self->breaches_list, new_label (_("No breach of confidentiality."), "dim-label"));
  gtk_list_box_set_placeholder (self->security_list,
                                new_label (_("Security has not been told of any appointment."), "dim-label"));
}
