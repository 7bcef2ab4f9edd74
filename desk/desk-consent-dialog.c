/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-consent-dialog.h"

#include <glib/gi18n.h>

#include "cf-consents.h"
#include "desk-choices.h"
#include "desk-jobs.h"

struct _DeskConsentDialog {
  AdwWindow            parent_instance;

  AdwPreferencesGroup *party_group;
  AdwPreferencesGroup *source_group;
  GtkEditable         *other_entry;
  GtkTextView         *note_view;
  GtkLabel            *error_label;

  GPtrArray           *party_checks;   /* the standard parties, then "someone else"; any number */
  GPtrArray           *source_checks;  /* in the order of sources[] */
  CfSession           *session;
  char                *student_id;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (DeskConsentDialog, desk_consent_dialog, ADW_TYPE_WINDOW)

enum {
  RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The kiosk records its own slips; at the desk consent comes these ways. */
static const CfConsentSource sources[] = {
  CF_CONSENT_SOURCE_WRITTEN, CF_CONSENT_SOURCE_EMAIL, CF_CONSENT_SOURCE_VERBAL,
};

static void
show_error (DeskConsentDialog *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Typing another party's name chooses "Someone else". */
static void
other_changed_cb (DeskConsentDialog *self)
{
  if (gtk_editable_get_text (self->other_entry)[0] != '\0')
    gtk_check_button_set_active (g_ptr_array_index (self->party_checks, self->party_checks->len - 1), TRUE);
}

typedef struct {
  char            *student_id;
  GStrv            parties;
  CfConsentSource  source;
  char            *note;
} NewConsent;

static void
new_consent_free (NewConsent *consent)
{
  g_free (consent->student_id);
  g_strfreev (consent->parties);
  g_free (consent->note);
  g_free (consent);
}

/* One consent per party ticked, in one transaction. */
static gpointer
record_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  NewConsent *consent = data;

  return cf_consents_record_parties (session, consent->student_id,
                                     (const char *const *) consent->parties, consent->source,
                                     NULL, consent->note, error);
}

static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeskConsentDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) consents = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.record", TRUE);
  if (consents == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[RECORDED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static GStrv
chosen_parties (DeskConsentDialog *self)
{
  const char *const *standard = cf_consents_standard_parties ();
  guint n_standard = g_strv_length ((char **) standard);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->party_checks->len; i++)
    {
      if (!gtk_check_button_get_active (self->party_checks->pdata[i]))
        continue;
      g_strv_builder_add (builder, i < n_standard ? standard[i]
                                                  : gtk_editable_get_text (self->other_entry));
    }
  return g_strv_builder_end (builder);
}

static char *
note_text (DeskConsentDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
record_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeskConsentDialog *self = DESK_CONSENT_DIALOG (widget);
  int source = desk_choices_get_active (self->source_checks);
  g_auto(GStrv) parties = chosen_parties (self);
  NewConsent *consent;

  /* Nothing is chosen for the adviser: each answer is the student's. */
  if (parties[0] == NULL)
    {
      show_error (self, _("Choose each party the student lets the service contact."));
      return;
    }
  if (source < 0)
    {
      show_error (self, _("Choose how the student gave their consent."));
      return;
    }
  consent = g_new0 (NewConsent, 1);
  consent->student_id = g_strdup (self->student_id);
  consent->parties = g_steal_pointer (&parties);
  consent->source = sources[source];
  consent->note = note_text (self);
  if (consent->note[0] == '\0')
    g_clear_pointer (&consent->note, g_free);
  show_error (self, NULL);
  gtk_widget_action_set_enabled (widget, "consent.record", FALSE);
  desk_session_run_async (self->session, record_job, consent, (GDestroyNotify) new_consent_free,
                          g_object_unref, self->cancellable, recorded_cb, g_object_ref (self));
}

static void
add_choices (DeskConsentDialog *self)
{
  const char *const *parties = cf_consents_standard_parties ();
  const char *source_titles[] = { _("In writing"), _("By email"), _("Verbally") };

  for (guint i = 0; parties[i]; i++)
    g_ptr_array_add (self->party_checks,
                     desk_choices_add (self->party_group, cf_consents_party_label (parties[i]), NULL));
  g_ptr_array_add (self->party_checks,
                   desk_choices_add (self->party_group, _("Someone else"), _("Name them below")));
  for (guint i = 0; i < G_N_ELEMENTS (source_titles); i++)
    g_ptr_array_add (self->source_checks,
                     desk_choices_add_radio (self->source_group, source_titles[i], NULL,
                                             i ? self->source_checks->pdata[0] : NULL));
}

DeskConsentDialog *
desk_consent_dialog_new (GtkWindow  *parent,
                         CfSession  *session,
                         const char *student_id)
{
  DeskConsentDialog *self;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  self = g_object_new (DESK_TYPE_CONSENT_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->student_id = g_strdup (student_id);
  return self;
}

static void
desk_consent_dialog_dispose (GObject *object)
{
  DeskConsentDialog *self = DESK_CONSENT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->student_id, g_free);
  g_clear_pointer (&self->party_checks, g_ptr_array_unref);
  g_clear_pointer (&self->source_checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_CONSENT_DIALOG);
  G_OBJECT_CLASS (desk_consent_dialog_parent_class)->dispose (object);
}

static void
desk_consent_dialog_class_init (DeskConsentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_consent_dialog_dispose;

  signals[RECORDED] = g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-consent-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskConsentDialog, party_group);
  gtk_widget_class_bind_template_child (widget_class, DeskConsentDialog, source_group);
  gtk_widget_class_bind_template_child (widget_class, DeskConsentDialog, other_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskConsentDialog, note_view);
  gtk_widget_class_bind_template_child (widget_class, DeskConsentDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, other_changed_cb);
  gtk_widget_class_install_action (widget_class, "consent.record", NULL, record_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
desk_consent_dialog_init (DeskConsentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->party_checks = g_ptr_array_new ();
  self->source_checks = g_ptr_array_new ();
  add_choices (self);
}
