/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-student-page-private.h"

#include <glib/gi18n.h>

#include "cf-case-entries.h"
#include "cf-students.h"
#include "cf-text.h"
#include "desk-a11y.h"
#include "desk-format.h"
#include "desk-jobs.h"
#include "desk-registration-dialog.h"
#include "desk-widgets.h"

G_DEFINE_FINAL_TYPE (DeskStudentPage, desk_student_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_BACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- the timeline --- */

static gboolean
is_corrected (DeskStudentPage *self,
              const char      *id)
{
  GListModel *entries = G_LIST_MODEL (self->entries);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(CfCaseEntry) other = g_list_model_get_item (entries, i);

      if (g_strcmp0 (cf_case_entry_get_corrects_id (other), id) == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
entry_meta (DeskStudentPage *self,
            CfCaseEntry     *entry)
{
  g_autofree char *when = desk_format_moment (cf_case_entry_get_created_at (entry), self->zone);
  g_autofree char *author = NULL, *by = NULL;

  g_object_get (entry, "author-name", &author, NULL);
  by = cf_text_isolate (author ? author : _("a former user"));
  /* TRANSLATORS: kind · time · author, like "Note · 21 Nov 2026, 14:05 · Ada" */
  return g_strdup_printf (_("%s · %s · %s"), desk_format_entry_kind (cf_case_entry_get_kind (entry)),
                          when, by);
}

static GtkWidget *
new_caption (const char *text,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  g_object_set (label, "margin-top", 6, "margin-bottom", 6, NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, css_class);
  return label;
}

/* @written: when the entry was written, as the row shows it; every entry
 * has a button, so its name says which entry it is for. */
static GtkWidget *
new_correct_button (CfCaseEntry *entry,
                    const char  *written)
{
  GtkWidget *button = gtk_button_new_with_label (_("Correct"));
  /* TRANSLATORS: the name a screen reader gives the Correct button of
   * one entry; %s is a day and time, like "21 Nov 2026, 14:05" */
  g_autofree char *name = g_strdup_printf (_("Correct the entry written %s"), written);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, _("Write a correction of this entry"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "student.correct");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_string (cf_case_entry_get_id (entry)));
  return button;
}

static GtkWidget *
create_entry_row (gpointer item,
                  gpointer user_data)
{
  DeskStudentPage *self = user_data;
  CfCaseEntry *entry = item;
  g_autofree char *meta = entry_meta (self, entry);
  g_autofree char *written = desk_format_moment (cf_case_entry_get_created_at (entry), self->zone);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *meta_label = new_caption (meta, "dim-label");
  GtkWidget *body = gtk_label_new (cf_case_entry_get_body (entry));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set (box, "margin-top", 12, "margin-bottom", 12, "margin-start", 12, "margin-end", 6, NULL);
  gtk_widget_set_hexpand (meta_label, TRUE);
  gtk_box_append (GTK_BOX (header), meta_label);
  gtk_box_append (GTK_BOX (header), new_correct_button (entry, written));
  gtk_box_append (GTK_BOX (header), _desk_student_page_new_withhold_button (cf_case_entry_get_id (entry), written));
  gtk_box_append (GTK_BOX (box), header);
  if (cf_case_entry_get_corrects_id (entry) != NULL)
    gtk_box_append (GTK_BOX (box), new_caption (_("Corrects an earlier entry"), "accent"));
  if (is_corrected (self, cf_case_entry_get_id (entry)))
    gtk_box_append (GTK_BOX (box), new_caption (_("Corrected by a later entry"), "warning"));
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_box_append (GTK_BOX (box), body);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static gboolean
find_entry (DeskStudentPage *self,
            const char      *id,
            guint           *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->entries)); i++)
    {
      g_autoptr(CfCaseEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      if (g_strcmp0 (cf_case_entry_get_id (entry), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Replacing the corrected entry with itself rebuilds just its row, which
 * then says it was corrected. */
static void
refresh_entry (DeskStudentPage *self,
               const char      *id)
{
  g_autoptr(CfCaseEntry) entry = NULL;
  guint position;

  if (id == NULL || !find_entry (self, id, &position))
    return;
  entry = g_list_model_get_item (G_LIST_MODEL (self->entries), position);
  g_list_store_splice (self->entries, position, 1, (gpointer *) &entry, 1);
}

/* --- the composer --- */

static void
show_composer_error (DeskStudentPage *self,
                     const char      *message)
{
  gtk_label_set_text (self->composer_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->composer_error_label), message != NULL);
}

static void
set_correcting (DeskStudentPage *self,
                const char      *id)
{
  g_autoptr(CfCaseEntry) entry = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  guint position;

  g_clear_pointer (&self->correcting_id, g_free);
  gtk_widget_set_visible (self->correction_box, FALSE);
  if (id == NULL || !find_entry (self, id, &position))
    return;
  entry = g_list_model_get_item (G_LIST_MODEL (self->entries), position);
  when = desk_format_moment (cf_case_entry_get_created_at (entry), self->zone);
  text = g_strdup_printf (_("Correcting the entry of %s. The original stays in the record."), when);
  gtk_label_set_text (self->correction_label, text);
  gtk_widget_set_visible (self->correction_box, TRUE);
  self->correcting_id = g_strdup (id);
}

static void
clear_composer (DeskStudentPage *self)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer_view), "", -1);
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
  show_composer_error (self, NULL);
  set_correcting (self, NULL);
}

typedef struct {
  char       *student_id;
  CfEntryKind kind;
  char       *body;
  char       *corrects_id;
} NewEntry;

static void
new_entry_free (NewEntry *entry)
{
  g_free (entry->student_id);
  g_free (entry->body);
  g_free (entry->corrects_id);
  g_free (entry);
}

static gpointer
add_entry_job (CfSession    *session,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  NewEntry *entry = data;

  return cf_case_entries_add (session, entry->student_id, entry->kind, entry->body,
                              NULL, entry->corrects_id, error);
}

static void
entry_added_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DeskStudentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCaseEntry) entry = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "student.add-entry", TRUE);
  if (entry == NULL)
    {
      show_composer_error (self, error->message);
      return;
    }
  g_list_store_append (self->entries, entry);
  refresh_entry (self, cf_case_entry_get_corrects_id (entry));
  clear_composer (self);
}

static char *
composer_text (DeskStudentPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
add_entry_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);
  NewEntry *entry;

  if (self->session == NULL || self->student_id == NULL)
    return;
  entry = g_new0 (NewEntry, 1);
  entry->student_id = g_strdup (self->student_id);
  entry->kind = (CfEntryKind) MIN (gtk_drop_down_get_selected (self->kind_dropdown), CF_ENTRY_ACTION);
  entry->body = composer_text (self);
  entry->corrects_id = g_strdup (self->correcting_id);
  show_composer_error (self, NULL);
  gtk_widget_action_set_enabled (widget, "student.add-entry", FALSE);
  desk_session_run_async (self->session, add_entry_job, entry, (GDestroyNotify) new_entry_free,
                          g_object_unref, self->cancellable, entry_added_cb, g_object_ref (self));
}

static void
correct_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);

  set_correcting (self, g_variant_get_string (parameter, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}

static void
cancel_correction_action_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  set_correcting (DESK_STUDENT_PAGE (widget), NULL);
}

/* --- opening a record --- */

static void
record_free (DeskStudentRecord *record)
{
  g_clear_object (&record->student);
  g_clear_object (&record->entries);
  g_clear_object (&record->consents);
  g_clear_object (&record->breaches);
  g_clear_pointer (&record->told, g_array_unref);
  g_clear_pointer (&record->zone, g_time_zone_unref);
  _desk_student_page_free_cases (record);
  g_free (record);
}

/* Every read is audited by the library, each as what it is. */
static gpointer
open_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  const char *id = data;
  DeskStudentRecord *record = g_new0 (DeskStudentRecord, 1);

  record->zone = desk_session_get_zone (session, error);
  if (record->zone != NULL)
    record->student = cf_students_get (session, id, error);
  if (record->student != NULL)
    record->entries = cf_case_entries_timeline (session, id, error);
  if (record->entries == NULL || !_desk_student_page_load_records (session, id, record, error) ||
      !_desk_student_page_load_cases (session, id, record, error))
    {
      record_free (record);
      return NULL;
    }
  return record;
}

static void
set_row_value (AdwActionRow *row,
               CfStudent    *student,
               const char   *property)
{
  g_autofree char *value = NULL;

  g_object_get (student, property, &value, NULL);
  adw_action_row_set_subtitle (row, value ? value : _("Not recorded"));
}

static void
show_registration (DeskStudentPage *self,
                   CfStudent       *student)
{
  g_autofree char *service = NULL;

  g_set_object (&self->student, student);
  gtk_label_set_text (self->name_label, desk_format_student_name (cf_student_get_name (student)));
  set_row_value (self->number_row, student, "student-number");
  set_row_value (self->college_row, student, "college");
  set_row_value (self->faculty_row, student, "faculty");
  set_row_value (self->email_row, student, "email");
  g_object_get (student, "service-group", &service, NULL);
  adw_action_row_set_subtitle (self->service_row, service ? service : "");
  gtk_widget_set_visible (GTK_WIDGET (self->service_row), service != NULL);
  _desk_student_page_show_contact (self, student);
}

static void
show_record (DeskStudentPage   *self,
             DeskStudentRecord *record)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = g_time_zone_ref (record->zone);
  show_registration (self, record->student);
  _desk_student_page_show_records (self, record);
  _desk_student_page_show_cases (self, record);
  _desk_student_page_show_export (self);
  _desk_student_page_show_destroy (self);
  _desk_student_page_show_reads (self);
  for (guint i = 0; i < g_list_model_get_n_items (record->entries); i++)
    g_ptr_array_add (items, g_list_model_get_item (record->entries, i));
  g_list_store_splice (self->entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->stack, "student");
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeskStudentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  DeskStudentRecord *record = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (record == NULL)
    {
      desk_status_page_set_text_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  show_record (self, record);
  record_free (record);
}

void
desk_student_page_open (DeskStudentPage *self,
                        CfSession       *session,
                        const char      *student_id)
{
  g_return_if_fail (DESK_IS_STUDENT_PAGE (self));
  g_return_if_fail (CF_IS_SESSION (session));
  g_return_if_fail (student_id != NULL);

  desk_student_page_clear (self);
  self->session = g_object_ref (session);
  self->student_id = g_strdup (student_id);
  self->cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  desk_session_run_async (session, open_job, g_strdup (student_id), g_free,
                          (GDestroyNotify) record_free, self->cancellable,
                          opened_cb, g_object_ref (self));
}

void
desk_student_page_clear (DeskStudentPage *self)
{
  AdwActionRow *rows[] = {
    self->number_row, self->college_row, self->faculty_row, self->email_row, self->service_row,
  };

  g_return_if_fail (DESK_IS_STUDENT_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->student_id, g_free);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_object (&self->student);
  g_list_store_remove_all (self->entries);
  _desk_student_page_clear_records (self);
  _desk_student_page_clear_cases (self);
  _desk_student_page_clear_conflict (self);
  _desk_student_page_clear_reads (self);
  gtk_label_set_text (self->name_label, "");
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    adw_action_row_set_subtitle (rows[i], "");
  clear_composer (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "student.add-entry", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "student.destroy", TRUE);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "none");
}

/* --- registration details --- */

static void
registration_saved_cb (DeskStudentPage *self,
                       CfStudent       *student)
{
  if (self->student == NULL ||
      g_strcmp0 (cf_student_get_id (student), cf_student_get_id (self->student)) != 0)
    return;
  show_registration (self, student);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("The registration details are saved."));
}

static void
edit_registration_action_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);
  DeskRegistrationDialog *dialog;

  if (self->session == NULL || self->student == NULL)
    return;
  dialog = desk_registration_dialog_new (_desk_student_page_get_window (self), self->session, self->student);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (registration_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- shared by the page's parts --- */

GtkWindow *
_desk_student_page_get_window (DeskStudentPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
_desk_student_page_show_error (DeskStudentPage *self,
                               const GError    *error)
{
  if (!desk_error_is_cancelled (error))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
}

/* --- object --- */

static void
desk_student_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOW_BACK:
      g_value_set_boolean (value, self->show_back);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_student_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (object);
  gboolean show_back;

  switch (prop_id)
    {
    case PROP_SHOW_BACK:
      show_back = g_value_get_boolean (value);
      if (show_back == self->show_back)
        break;
      self->show_back = show_back;
      gtk_widget_set_visible (self->back_button, show_back);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_student_page_dispose (GObject *object)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->student_id, g_free);
  g_clear_pointer (&self->correcting_id, g_free);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_object (&self->student);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_STUDENT_PAGE);
  g_clear_object (&self->entries);
  g_clear_object (&self->consents);
  g_clear_object (&self->breaches);
  g_clear_object (&self->told);
  g_clear_object (&self->colleagues);
  g_clear_object (&self->cases);
  g_clear_object (&self->appointments);
  g_clear_object (&self->reads);
  g_clear_pointer (&self->kiosk_topic, g_free);
  G_OBJECT_CLASS (desk_student_page_parent_class)->dispose (object);
}

static void
desk_student_page_class_init (DeskStudentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = desk_student_page_get_property;
  object_class->set_property = desk_student_page_set_property;
  object_class->dispose = desk_student_page_dispose;

  properties[PROP_SHOW_BACK] =
    g_param_spec_boolean ("show-back", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-student-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, number_row);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, college_row);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, faculty_row);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, correction_box);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, correction_label);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, composer_view);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, composer_error_label);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, service_row);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, consents_list);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, breaches_list);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, security_group);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, security_list);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, handover_list);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, handover_label);

  gtk_widget_class_install_action (widget_class, "student.add-entry", NULL, add_entry_action_cb);
  gtk_widget_class_install_action (widget_class, "student.correct", "s", correct_action_cb);
  gtk_widget_class_install_action (widget_class, "student.cancel-correction", NULL,
                                   cancel_correction_action_cb);
  gtk_widget_class_install_action (widget_class, "student.edit-registration", NULL,
                                   edit_registration_action_cb);
  _desk_student_page_records_class_init (widget_class);
  _desk_student_page_cases_class_init (widget_class);
  _desk_student_page_conflict_class_init (widget_class);
  _desk_student_page_removed_class_init (widget_class);
  _desk_student_page_export_class_init (widget_class);
  _desk_student_page_destroy_class_init (widget_class);
  _desk_student_page_reads_class_init (widget_class);
}

/* Ctrl+Enter sends from inside the text view, whose own key handling
 * would otherwise take Enter first: hence the capture phase. */
static void
add_send_shortcut (DeskStudentPage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return"),
                                                          gtk_named_action_new ("student.add-entry")));
  gtk_widget_add_controller (GTK_WIDGET (self->composer_view), controller);
}

static void
desk_student_page_init (DeskStudentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  desk_present_visible_child_only (GTK_WIDGET (self->stack));
  self->entries = g_list_store_new (CF_TYPE_CASE_ENTRY);
  gtk_list_box_bind_model (self->timeline_list, G_LIST_MODEL (self->entries),
                           create_entry_row, self, NULL);
  gtk_list_box_set_placeholder (self->timeline_list, new_caption (_("No entries yet."), "dim-label"));
  gtk_widget_set_visible (self->back_button, FALSE);
  add_send_shortcut (self);
  _desk_student_page_records_init (self);
  _desk_student_page_cases_init (self);
  _desk_student_page_conflict_init (self);
  _desk_student_page_reads_init (self);
}
