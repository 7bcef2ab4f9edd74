/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-breach-dialog.h"

#include <glib/gi18n.h>

#include "cf-breaches.h"
#include "cf-time.h"
#include "desk-choices.h"
#include "desk-format.h"
#include "desk-jobs.h"

struct _DeskBreachDialog {
  AdwWindow            parent_instance;

  GtkTextView         *outline_view;
  GtkTextView         *reason_view;
  AdwPreferencesGroup *ground_group;
  AdwPreferencesGroup *legal_group;
  GtkEditable         *reference_entry;
  AdwPreferencesGroup *consulted_group;
  AdwPreferencesGroup *unconsulted_group;
  AdwPreferencesGroup *unconsulted_reason_group;
  GtkEditable         *unconsulted_entry;
  GtkTextView         *purpose_view;
  GtkEditable         *disclosed_entry;
  AdwPreferencesGroup *informed_group;
  AdwPreferencesGroup *when_group;
  GtkEditable         *informed_at_entry;
  GtkLabel            *problems[CF_BREACH_N_FIELDS];
  GtkLabel            *summary_label;
  GtkLabel            *error_label;

  GtkCheckButton      *no_time_check;
  GPtrArray           *ground_checks;      /* as cf_breach_grounds () */
  GPtrArray           *informed_checks;    /* as cf_breach_informed_values () */
  GPtrArray           *consulted_checks;   /* parallel to consulted_ids */
  GPtrArray           *consulted_ids;
  CfSession           *session;
  char                *student_id;
  CfBreach            *corrects;
  GTimeZone           *zone;               /* the office's; NULL until loaded */
  GCancellable        *cancellable;
  /* A field's problem shows once the adviser has changed it, and every
   * problem once they have tried to save. */
  gboolean             touched[CF_BREACH_N_FIELDS];
  gboolean             tried_save;
  gboolean             filling;            /* the form is filled, not typed */
  gboolean             saving;
};

G_DEFINE_FINAL_TYPE (DeskBreachDialog, desk_breach_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- reading the form --- */

static char *
text_of (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char *
chosen (GPtrArray         *checks,
        const char *const *values)
{
  int active = desk_choices_get_active (checks);

  return active < 0 ? NULL : values[active];
}

static GStrv
ticked (GPtrArray         *checks,
        const char *const *values)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (checks->pdata[i]))
      g_strv_builder_add (builder, values[i]);
  return g_strv_builder_end (builder);
}

/* The date typed, as the start of that day in the office; 0 for none, -1
 * for text that is not a date. */
static gint64
informed_at (DeskBreachDialog *self)
{
  const char *text = gtk_editable_get_text (self->informed_at_entry);
  gint64 start, end;

  if (text[0] == '\0')
    return 0;
  if (self->zone == NULL || !cf_date_parse (text, self->zone, &start, &end, NULL))
    return -1;
  return start;
}

static CfBreach *
draft_from_form (DeskBreachDialog *self)
{
  CfBreach *draft = cf_breach_new ();
  g_autofree char *outline = text_of (self->outline_view);
  g_autofree char *reason = text_of (self->reason_view);
  g_autofree char *purpose = text_of (self->purpose_view);
  g_auto(GStrv) consulted = ticked (self->consulted_checks, (const char *const *) self->consulted_ids->pdata);
  g_auto(GStrv) grounds = ticked (self->ground_checks, cf_breach_grounds ());
  gboolean no_time = gtk_check_button_get_active (self->no_time_check);

  g_object_set (draft, "student-id", self->student_id, "outline", outline, "reason", reason,
                "legal-reference", gtk_editable_get_text (self->reference_entry),
                "unconsulted-reason", no_time ? gtk_editable_get_text (self->unconsulted_entry) : NULL,
                "purpose", purpose, "disclosed-to", gtk_editable_get_text (self->disclosed_entry),
                "student-informed", chosen (self->informed_checks, cf_breach_informed_values ()),
                "informed-at", MAX (informed_at (self), 0),
                "corrects-id", self->corrects ? cf_breach_get_id (self->corrects) : NULL, NULL);
  cf_breach_set_consulted (draft, (const char *const *) consulted);
  cf_breach_set_grounds (draft, (const char *const *) grounds);
  return draft;
}

/* --- what is missing --- */

static void
show_problem (DeskBreachDialog *self,
              CfBreachField     field,
              const char       *sentence)
{
  GtkLabel *label = self->problems[field];

  if (label == NULL)
    return;
  if (!self->tried_save && !self->touched[field])
    sentence = NULL;
  gtk_label_set_text (label, sentence ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (label), sentence != NULL);
}

static void
show_summary (DeskBreachDialog *self,
              guint             n_missing)
{
  g_autofree char *text = NULL;

  if (self->zone == NULL)
    text = g_strdup (_("Loading the advisers who can be consulted…"));
  else if (n_missing == 0)
    text = g_strdup (_("The record is complete and can be saved."));
  else if (!self->tried_save)
    text = g_strdup (_("Fill in each part; saving says what is still missing."));
  else
    text = g_strdup_printf (g_dngettext (NULL, "%u item is missing; it is said under its field.",
                                         "%u items are missing; each is said under its field.",
                                         n_missing), n_missing);
  gtk_label_set_text (self->summary_label, text);
}

/* With "no time to consult" ticked and nobody named, what is missing is
 * the reason: it is said there, not under the colleagues. */
static void
show_check_problem (DeskBreachDialog *self,
                    CfBreachProblem  *problem)
{
  if (problem->field == CF_BREACH_FIELD_CONSULTED && gtk_check_button_get_active (self->no_time_check))
    show_problem (self, CF_BREACH_FIELD_UNCONSULTED_REASON, _("Say why there was no time to consult."));
  else
    show_problem (self, problem->field, problem->sentence);
}

static gboolean
any_legal_ground (DeskBreachDialog *self)
{
  const char *const *grounds = cf_breach_grounds ();

  for (guint i = 0; i < self->ground_checks->len; i++)
    if (gtk_check_button_get_active (self->ground_checks->pdata[i]) &&
        cf_breach_ground_is_legal (grounds[i]))
      return TRUE;
  return FALSE;
}

/* Runs as the adviser types: the pure check needs no database.  Returns
 * how many items are missing. */
static guint
update_problems (DeskBreachDialog *self)
{
  g_autoptr(CfBreach) draft = draft_from_form (self);
  g_autoptr(GPtrArray) problems = cf_breach_check (draft, cf_session_get_user_id (self->session),
                                                   g_get_real_time () / G_USEC_PER_SEC);
  const char *informed = chosen (self->informed_checks, cf_breach_informed_values ());

  for (guint f = 0; f < CF_BREACH_N_FIELDS; f++)
    show_problem (self, f, NULL);
  for (guint i = 0; i < problems->len; i++)
    show_check_problem (self, problems->pdata[i]);
  if (informed_at (self) < 0)
    {
      show_problem (self, CF_BREACH_FIELD_INFORMED_AT, _("Write the date like 07/12/2026."));
      g_ptr_array_add (problems, NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->legal_group), any_legal_ground (self));
  gtk_widget_set_visible (GTK_WIDGET (self->when_group), g_strcmp0 (informed, "not-told") != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->unconsulted_reason_group),
                          gtk_check_button_get_active (self->no_time_check));
  show_summary (self, problems->len);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "breach.save", self->zone != NULL && !self->saving);
  return problems->len;
}

static void
field_changed_cb (GObject          *emitter,
                  DeskBreachDialog *self)
{
  int field = GPOINTER_TO_INT (g_object_get_data (emitter, "breach-field")) - 1;

  if (field >= 0 && !self->filling)
    self->touched[field] = TRUE;
  update_problems (self);
}

/* Which field a widget (or a text view's buffer) fills in. */
static void
watch_field (DeskBreachDialog *self,
             gpointer          emitter,
             const char       *signal,
             CfBreachField     field)
{
  g_object_set_data (G_OBJECT (emitter), "breach-field", GINT_TO_POINTER (field + 1));
  g_signal_connect_object (emitter, signal, G_CALLBACK (field_changed_cb), self, 0);
}

/* --- saving --- */

static gpointer
save_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  return cf_breaches_add (session, data, error);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeskBreachDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfBreach) record = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  self->saving = FALSE;
  if (record == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      update_problems (self);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeskBreachDialog *self = DESK_BREACH_DIALOG (widget);

  self->tried_save = TRUE;
  if (update_problems (self) > 0)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  self->saving = TRUE;
  gtk_widget_action_set_enabled (widget, "breach.save", FALSE);
  desk_session_run_async (self->session, save_job, draft_from_form (self), g_object_unref,
                          g_object_unref, self->cancellable, saved_cb, g_object_ref (self));
}

/* --- the choices --- */

static GtkCheckButton *
add_choice (DeskBreachDialog    *self,
            AdwPreferencesGroup *group,
            const char          *title,
            GPtrArray           *checks,
            gboolean             radio,
            CfBreachField        field)
{
  GtkCheckButton *check = radio ? desk_choices_add_radio (group, title, NULL,
                                                          checks->len ? checks->pdata[0] : NULL)
                                : desk_choices_add (group, title, NULL);

  watch_field (self, check, "toggled", field);
  g_ptr_array_add (checks, check);
  return check;
}

/* Several grounds may apply; the student was told one way or another. */
static void
add_fixed_choices (DeskBreachDialog *self)
{
  const char *const *grounds = cf_breach_grounds ();
  const char *const *informed = cf_breach_informed_values ();

  for (guint i = 0; grounds[i]; i++)
    add_choice (self, self->ground_group, desk_format_breach_ground (grounds[i]), self->ground_checks,
                FALSE, CF_BREACH_FIELD_GROUND);
  for (guint i = 0; informed[i]; i++)
    add_choice (self, self->informed_group, desk_format_breach_informed (informed[i]),
                self->informed_checks, TRUE, CF_BREACH_FIELD_STUDENT_INFORMED);
  self->no_time_check = desk_choices_add (self->unconsulted_group, _("There was no time to consult anyone"),
                                          _("Alone in an emergency: add who was consulted later, by correcting this record"));
  /* Ticking it asks for the reason at once: the reason is its field. */
  watch_field (self, self->no_time_check, "toggled", CF_BREACH_FIELD_UNCONSULTED_REASON);
}

/* --- a correction starts from the record it corrects --- */

static void
set_choices (GPtrArray         *checks,
             const char *const *values,
             const char *const *chosen)
{
  for (guint i = 0; values[i]; i++)
    if (g_strv_contains (chosen, values[i]))
      gtk_check_button_set_active (checks->pdata[i], TRUE);
}

static void
fill_from (DeskBreachDialog *self,
           CfBreach         *record,
           GTimeZone        *zone)
{
  g_autofree char *outline = NULL, *reason = NULL, *reference = NULL, *unconsulted = NULL;
  g_autofree char *purpose = NULL, *disclosed = NULL, *informed = NULL;
  g_auto(GStrv) grounds = cf_breach_dup_grounds (record);
  gint64 informed_at_value;

  g_object_get (record, "outline", &outline, "reason", &reason, "unconsulted-reason", &unconsulted,
                "legal-reference", &reference, "purpose", &purpose, "disclosed-to", &disclosed,
                "student-informed", &informed, "informed-at", &informed_at_value, NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->outline_view), outline ? outline : "", -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reason_view), reason ? reason : "", -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->purpose_view), purpose ? purpose : "", -1);
  gtk_editable_set_text (self->reference_entry, reference ? reference : "");
  gtk_editable_set_text (self->disclosed_entry, disclosed ? disclosed : "");
  set_choices (self->ground_checks, cf_breach_grounds (), (const char *const *) grounds);
  set_choices (self->informed_checks, cf_breach_informed_values (),
               (const char *const[]) { informed, NULL });
  gtk_check_button_set_active (self->no_time_check, unconsulted != NULL);
  gtk_editable_set_text (self->unconsulted_entry, unconsulted ? unconsulted : "");
  if (informed_at_value > 0 && zone != NULL)
    {
      g_autofree char *date = cf_date_format_uk (informed_at_value, zone);
      gtk_editable_set_text (self->informed_at_entry, date);
    }
}

typedef struct {
  GListModel *colleagues;
  GTimeZone  *zone;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->colleagues);
  g_clear_pointer (&loaded->zone, g_time_zone_unref);
  g_free (loaded);
}

static gpointer
load_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  g_autoptr(GTimeZone) zone = desk_session_get_zone (session, error);
  g_autoptr(GListModel) colleagues = NULL;
  Loaded *loaded;

  if (zone == NULL || (colleagues = cf_breaches_colleagues (session, error)) == NULL)
    return NULL;
  loaded = g_new0 (Loaded, 1);
  loaded->zone = g_steal_pointer (&zone);
  loaded->colleagues = g_steal_pointer (&colleagues);
  return loaded;
}

static void
add_colleagues (DeskBreachDialog  *self,
                GListModel        *colleagues,
                const char *const *already)
{
  for (guint i = 0; i < g_list_model_get_n_items (colleagues); i++)
    {
      g_autoptr(CfUser) user = g_list_model_get_item (colleagues, i);
      GtkCheckButton *check = add_choice (self, self->consulted_group, cf_user_get_name (user),
                                          self->consulted_checks, FALSE, CF_BREACH_FIELD_CONSULTED);

      g_ptr_array_add (self->consulted_ids, g_strdup (cf_user_get_id (user)));
      gtk_check_button_set_active (check, already && g_strv_contains (already, cf_user_get_id (user)));
    }
  if (g_list_model_get_n_items (colleagues) == 0)
    adw_preferences_group_set_description (self->consulted_group,
        _("There is no other adviser in the office to consult: say why below, and add the consultation later by correcting this record."));
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeskBreachDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = desk_session_run_finish (result, &error);
  g_auto(GStrv) already = self->corrects ? cf_breach_dup_consulted (self->corrects) : NULL;

  if (desk_error_is_cancelled (error))
    return;
  if (loaded == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  self->zone = g_time_zone_ref (loaded->zone);
  self->filling = TRUE;
  if (self->corrects != NULL)
    fill_from (self, self->corrects, self->zone);
  add_colleagues (self, loaded->colleagues, (const char *const *) already);
  self->filling = FALSE;
  loaded_free (loaded);
  update_problems (self);
}

/* --- object --- */

static void
connect_fields (DeskBreachDialog *self)
{
  watch_field (self, gtk_text_view_get_buffer (self->outline_view), "changed", CF_BREACH_FIELD_OUTLINE);
  watch_field (self, gtk_text_view_get_buffer (self->reason_view), "changed", CF_BREACH_FIELD_REASON);
  watch_field (self, gtk_text_view_get_buffer (self->purpose_view), "changed", CF_BREACH_FIELD_PURPOSE);
  watch_field (self, self->reference_entry, "changed", CF_BREACH_FIELD_LEGAL_REFERENCE);
  watch_field (self, self->disclosed_entry, "changed", CF_BREACH_FIELD_DISCLOSED_TO);
  watch_field (self, self->informed_at_entry, "changed", CF_BREACH_FIELD_INFORMED_AT);
  watch_field (self, self->unconsulted_entry, "changed", CF_BREACH_FIELD_UNCONSULTED_REASON);
}

DeskBreachDialog *
desk_breach_dialog_new (GtkWindow  *parent,
                        CfSession  *session,
                        const char *student_id,
                        CfBreach   *corrects)
{
  DeskBreachDialog *self;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);
  g_return_val_if_fail (corrects == NULL || CF_IS_BREACH (corrects), NULL);

  self = g_object_new (DESK_TYPE_BREACH_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->student_id = g_strdup (student_id);
  if (corrects != NULL)
    {
      self->corrects = g_object_ref (corrects);
      gtk_window_set_title (GTK_WINDOW (self), _("Correct a Breach Record"));
    }
  update_problems (self);
  desk_session_run_async (session, load_job, NULL, NULL, (GDestroyNotify) loaded_free,
                          self->cancellable, loaded_cb, g_object_ref (self));
  return self;
}

static void
desk_breach_dialog_dispose (GObject *object)
{
  DeskBreachDialog *self = DESK_BREACH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->corrects);
  g_clear_pointer (&self->student_id, g_free);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->ground_checks, g_ptr_array_unref);
  g_clear_pointer (&self->informed_checks, g_ptr_array_unref);
  g_clear_pointer (&self->consulted_checks, g_ptr_array_unref);
  g_clear_pointer (&self->consulted_ids, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_BREACH_DIALOG);
  G_OBJECT_CLASS (desk_breach_dialog_parent_class)->dispose (object);
}

static void
desk_breach_dialog_class_init (DeskBreachDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_breach_dialog_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-breach-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, outline_view);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, reason_view);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, ground_group);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, legal_group);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, reference_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, consulted_group);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, unconsulted_group);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, unconsulted_reason_group);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, unconsulted_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, purpose_view);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, disclosed_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, informed_group);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, when_group);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, informed_at_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DeskBreachDialog, error_label);
  gtk_widget_class_bind_template_child_full (widget_class, "outline_problem", FALSE,
      G_STRUCT_OFFSET (DeskBreachDialog, problems[CF_BREACH_FIELD_OUTLINE]));
  gtk_widget_class_bind_template_child_full (widget_class, "reason_problem", FALSE,
      G_STRUCT_OFFSET (DeskBreachDialog, problems[CF_BREACH_FIELD_REASON]));
  gtk_widget_class_bind_template_child_full (widget_class, "ground_problem", FALSE,
      G_STRUCT_OFFSET (DeskBreachDialog, problems[CF_BREACH_FIELD_GROUND]));
  gtk_widget_class_bind_template_child_full (widget_class, "reference_problem", FALSE,
      G_STRUCT_OFFSET (DeskBreachDialog, problems[CF_BREACH_FIELD_LEGAL_REFERENCE]));
  gtk_widget_class_bind_template_child_full (widget_class, "consulted_problem", FALSE,
      G_STRUCT_OFFSET (DeskBreachDialog, problems[CF_BREACH_FIELD_CONSULTED]));
  gtk_widget_class_bind_template_child_full (widget_class, "unconsulted_problem", FALSE,
      G_STRUCT_OFFSET (DeskBreachDialog, problems[CF_BREACH_FIELD_UNCONSULTED_REASON]));
  gtk_widget_class_bind_template_child_full (widget_class, "purpose_problem", FALSE,
      G_STRUCT_OFFSET (DeskBreachDialog, problems[CF_BREACH_FIELD_PURPOSE]));
  gtk_widget_class_bind_template_child_full (widget_class, "disclosed_problem", FALSE,
      G_STRUCT_OFFSET (DeskBreachDialog, problems[CF_BREACH_FIELD_DISCLOSED_TO]));
  gtk_widget_class_bind_template_child_full (widget_class, "informed_problem", FALSE,
      G_STRUCT_OFFSET (DeskBreachDialog, problems[CF_BREACH_FIELD_STUDENT_INFORMED]));
  gtk_widget_class_bind_template_child_full (widget_class, "informed_at_problem", FALSE,
      G_STRUCT_OFFSET (DeskBreachDialog, problems[CF_BREACH_FIELD_INFORMED_AT]));
  gtk_widget_class_install_action (widget_class, "breach.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
desk_breach_dialog_init (DeskBreachDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->ground_checks = g_ptr_array_new ();
  self->informed_checks = g_ptr_array_new ();
  self->consulted_checks = g_ptr_array_new ();
  self->consulted_ids = g_ptr_array_new_with_free_func (g_free);
  add_fixed_choices (self);
  connect_fields (self);
}
