/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The student page's conflicts of interest (see
 * desk-student-page-private.h): declaring one closes the record for the
 * adviser at once, and offers the colleagues who could take the case. */

#include "desk-student-page-private.h"

#include <glib/gi18n.h>

#include "cf-conflicts.h"
#include "cf-text.h"
#include "desk-a11y.h"
#include "desk-jobs.h"

static guint closed_signal;

/* --- declaring --- */

typedef struct {
  char *student_id;
  char *note;
} Declaration;

static void
declaration_free (Declaration *declaration)
{
  g_free (declaration->student_id);
  g_free (declaration->note);
  g_free (declaration);
}

typedef struct {
  GListModel *offer;
  guint       n_appointments;   /* the user's, now needing another adviser */
} Declared;

static void
declared_free (Declared *declared)
{
  g_clear_object (&declared->offer);
  g_free (declared);
}

/* Declares, then reads who could take the student and which of the
 * user's appointments with them now need someone else, in one job. */
static gpointer
declare_job (CfSession    *session,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  Declaration *declaration = data;
  g_autoptr(GListModel) offer = NULL, appointments = NULL;
  Declared *declared;

  if (!cf_conflicts_declare (session, declaration->student_id, declaration->note, error) ||
      (offer = cf_conflicts_offer (session, declaration->student_id, error)) == NULL ||
      (appointments = cf_conflicts_appointments_to_reassign (session, declaration->student_id,
                                                             error)) == NULL)
    return NULL;
  declared = g_new0 (Declared, 1);
  declared->offer = g_steal_pointer (&offer);
  declared->n_appointments = g_list_model_get_n_items (appointments);
  return declared;
}

static GtkWidget *
create_colleague_row (gpointer item,
                      gpointer user_data)
{
  CfUser *user = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *a11y = g_strdup_printf (_("Hand over to %s"), cf_user_get_name (user));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cf_user_get_name (user));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             _desk_student_page_new_row_button (_("Hand Over"), a11y, "student.hand-over",
                                                                cf_user_get_id (user)));
  return row;
}

/* The record closes: nothing of it stays on the screen, only the offer. */
static void
show_closed (DeskStudentPage *self,
             GListModel      *offer)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *keep_id = g_strdup (self->student_id);
  g_autoptr(CfSession) session = g_object_ref (self->session);

  desk_student_page_clear (self);
  self->session = g_steal_pointer (&session);
  self->student_id = g_steal_pointer (&keep_id);
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < g_list_model_get_n_items (offer); i++)
    g_ptr_array_add (items, g_list_model_get_item (offer, i));
  g_list_store_splice (self->colleagues, 0, 0, items->pdata, items->len);
  gtk_label_set_text (self->handover_label,
                      items->len ? "" : _("No colleague can take this student: ask a manager."));
  gtk_stack_set_visible_child_name (self->stack, "closed");
  g_signal_emit (self, closed_signal, 0);
}

static void
declared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeskStudentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Declared *declared = desk_session_run_finish (result, &error);
  g_autofree char *text = NULL;

  if (declared == NULL)
    {
      _desk_student_page_show_error (self, error);
      return;
    }
  show_closed (self, declared->offer);
  if (declared->n_appointments == 0)
    text = g_strdup (_("The conflict of interest is declared."));
  else
    text = g_strdup_printf (ngettext ("The conflict of interest is declared. Your %u appointment with the student to come needs another adviser.",
                                      "The conflict of interest is declared. Your %u appointments with the student to come need another adviser.",
                                      declared->n_appointments),
                            declared->n_appointments);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
  declared_free (declared);
}

static void
declare_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  DeskStudentPage *self = user_data;
  GtkEditable *note = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  Declaration *declaration;

  if (g_strcmp0 (response, "declare") != 0 || self->session == NULL || self->student_id == NULL)
    return;
  declaration = g_new0 (Declaration, 1);
  declaration->student_id = g_strdup (self->student_id);
  declaration->note = g_strstrip (g_strdup (gtk_editable_get_text (note)));
  if (declaration->note[0] == '\0')
    g_clear_pointer (&declaration->note, g_free);
  desk_session_run_async (self->session, declare_job, declaration, (GDestroyNotify) declaration_free,
                          (GDestroyNotify) declared_free, self->cancellable, declared_cb,
                          g_object_ref (self));
}

static void
declare_conflict_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);
  GtkWidget *dialog, *note;

  if (self->session == NULL || self->student_id == NULL)
    return;
  dialog = adw_message_dialog_new (_desk_student_page_get_window (self),
                                   _("Declare a Conflict of Interest?"),
                                   _("You will no longer be able to open this student’s record, and their open case goes to a colleague. Your appointments with them still to come are marked as needing another adviser. This cannot be undone."));
  note = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("Why, if you wish to say"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Why, if you wish to say"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), note);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("Cancel"), "declare", _("Declare"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "declare",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (declare_response_cb), self, 0);
  desk_message_dialog_name_responses (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- handing over --- */

typedef struct {
  char  *student_id;
  char  *adviser_id;
  guint  n_cases;
  guint  n_appointments;
} Handover;

static void
handover_free (Handover *handover)
{
  g_free (handover->student_id);
  g_free (handover->adviser_id);
  g_free (handover);
}

static gpointer
hand_over_job (CfSession    *session,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  Handover *handover = data;
  Handover *done;

  if (!cf_conflicts_reassign (session, handover->student_id, handover->adviser_id,
                              &handover->n_cases, &handover->n_appointments, error))
    return NULL;
  done = g_new0 (Handover, 1);
  done->adviser_id = g_strdup (handover->adviser_id);
  done->n_cases = handover->n_cases;
  done->n_appointments = handover->n_appointments;
  return done;
}

/* Isolated, to be put into a sentence. */
static char *
colleague_name (DeskStudentPage *self,
                const char      *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->colleagues)); i++)
    {
      g_autoptr(CfUser) user = g_list_model_get_item (G_LIST_MODEL (self->colleagues), i);

      if (g_strcmp0 (cf_user_get_id (user), id) == 0)
        return cf_text_isolate (cf_user_get_name (user));
    }
  return g_strdup ("");
}

static void
handed_over_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DeskStudentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Handover *done = desk_session_run_finish (result, &error);
  g_autofree char *text = NULL, *name = NULL;

  if (done == NULL)
    {
      if (!desk_error_is_cancelled (error))
        gtk_label_set_text (self->handover_label, error->message);
      return;
    }
  name = colleague_name (self, done->adviser_id);
  if (done->n_cases > 0)
    text = g_strdup_printf (_("The open case is now with %s."), name);
  else
    text = g_strdup_printf (_("The student has no open case; %s can take them on."), name);
  if (done->n_appointments > 0)
    {
      g_autofree char *appointments = g_strdup_printf (ngettext ("%u appointment to come is now theirs too.",
                                                                 "%u appointments to come are now theirs too.",
                                                                 done->n_appointments),
                                                       done->n_appointments);
      g_autofree char *both = g_strdup_printf ("%s %s", text, appointments);

      g_free (text);
      text = g_steal_pointer (&both);
    }
  gtk_label_set_text (self->handover_label, text);
  g_list_store_remove_all (self->colleagues);
  handover_free (done);
}

static void
hand_over_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);
  Handover *handover;

  if (self->session == NULL || self->student_id == NULL)
    return;
  handover = g_new0 (Handover, 1);
  handover->student_id = g_strdup (self->student_id);
  handover->adviser_id = g_strdup (g_variant_get_string (parameter, NULL));
  desk_session_run_async (self->session, hand_over_job, handover, (GDestroyNotify) handover_free,
                          (GDestroyNotify) handover_free, self->cancellable, handed_over_cb,
                          g_object_ref (self));
}

/* --- set-up --- */

void
_desk_student_page_clear_conflict (DeskStudentPage *self)
{
  g_list_store_remove_all (self->colleagues);
  gtk_label_set_text (self->handover_label, "");
}

void
_desk_student_page_conflict_class_init (GtkWidgetClass *widget_class)
{
  /* "closed": the user can no longer open the record shown. */
  closed_signal = g_signal_new ("closed", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_install_action (widget_class, "student.declare-conflict", NULL, declare_conflict_action_cb);
  gtk_widget_class_install_action (widget_class, "student.hand-over", "s", hand_over_action_cb);
}

void
_desk_student_page_conflict_init (DeskStudentPage *self)
{
  self->colleagues = g_list_store_new (CF_TYPE_USER);
  gtk_list_box_bind_model (self->handover_list, G_LIST_MODEL (self->colleagues),
                           create_colleague_row, self, NULL);
}
