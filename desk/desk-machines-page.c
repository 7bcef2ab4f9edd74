/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-machines-page.h"

#include <glib/gi18n.h>

#include "cf-machines.h"
#include "cf-office.h"
#include "cf-time.h"
#include "desk-a11y.h"
#include "desk-format.h"
#include "desk-jobs.h"
#include "desk-widgets.h"

struct _DeskMachinesPage {
  GtkWidget      parent_instance;

  GtkListBox    *machine_list;
  GtkLabel      *problem_label;

  CfSession     *session;
  GCancellable  *cancellable;
  GtkStringList *ids;          /* the rows, by machine id */
  GHashTable    *machines;     /* id → CfMachine */
  GTimeZone     *zone;
};

G_DEFINE_FINAL_TYPE (DeskMachinesPage, desk_machines_page, GTK_TYPE_WIDGET)

/* --- loading, on the writer thread --- */

typedef struct {
  GPtrArray *machines;         /* CfMachine */
  GTimeZone *zone;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->machines, g_ptr_array_unref);
  g_clear_pointer (&loaded->zone, g_time_zone_unref);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

static gpointer
load_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  g_autoptr(Loaded) loaded = g_new0 (Loaded, 1);

  /* Not desk_session_get_zone (): an administrator reads no case, and the
   * list has already said whether the desk was locked meanwhile. */
  if ((loaded->machines = cf_machines_list (session, error)) == NULL)
    return NULL;
  loaded->zone = cf_office_get_time_zone (session);
  return g_steal_pointer (&loaded);
}

/* --- showing it --- */

static char *
kind_label (const CfMachine *machine)
{
  gboolean kiosk = g_str_equal (machine->kind, "kiosk");

  if (machine->is_self)
    return g_strdup (_("Desk (this machine)"));
  return g_strdup (kiosk ? _("Kiosk") : _("Desk"));
}

/* "Enrolled … · Last seen … · Revoked …: reason", each part isolated. */
static char *
detail_line (DeskMachinesPage *self,
             const CfMachine  *machine)
{
  g_autofree char *enrolled = cf_time_format (machine->enrolled_at, self->zone);
  g_autofree char *seen = machine->last_seen ? cf_time_format (machine->last_seen, self->zone) : NULL;
  g_autofree char *revoked = machine->revoked_at ? cf_time_format (machine->revoked_at, self->zone) : NULL;
  g_autofree char *enrolled_part = g_strdup_printf (_("Enrolled %s"), enrolled);
  g_autofree char *seen_part = seen ? g_strdup_printf (_("last seen %s"), seen) : g_strdup (_("never seen"));
  g_autofree char *revoked_part = NULL;
  const char *parts[4] = { enrolled_part, seen_part, NULL, NULL };

  if (revoked != NULL)
    {
      revoked_part = machine->revoke_reason
                         ? g_strdup_printf (_("revoked %s: %s"), revoked, machine->revoke_reason)
                         : g_strdup_printf (_("revoked %s"), revoked);
      parts[2] = revoked_part;
    }
  return desk_format_detail_line (parts);
}

/* Named by what tells the rows apart: the kind and when it was enrolled. */
static GtkWidget *
revoke_button (DeskMachinesPage *self,
               const CfMachine  *machine,
               const char       *title)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Revoke…"));
  g_autofree char *enrolled = cf_time_format (machine->enrolled_at, self->zone);
  /* TRANSLATORS: a button's accessible name: "Revoke Kiosk, enrolled 2026-12-07T09:30" */
  g_autofree char *name = g_strdup_printf (_("Revoke %s, enrolled %s"), title, enrolled);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "machines.revoke");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", machine->id);
  return button;
}

/* A revoked machine, and this one, offer no Revoke…. */
static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  DeskMachinesPage *self = user_data;
  const char *id = gtk_string_object_get_string (item);
  const CfMachine *machine = g_hash_table_lookup (self->machines, id);
  g_autofree char *title = kind_label (machine);
  g_autofree char *detail = detail_line (self, machine);
  GtkWidget *row = adw_action_row_new ();

  /* The reason is text someone typed: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
  if (machine->revoked_at == 0 && !machine->is_self)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), revoke_button (self, machine, title));
  return row;
}

static void
show_machines (DeskMachinesPage *self,
               Loaded           *loaded)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = g_time_zone_ref (loaded->zone);
  /* The rows are made from the new table as the list is replaced. */
  g_hash_table_remove_all (self->machines);
  for (guint i = 0; i < loaded->machines->len; i++)
    {
      CfMachine *machine = loaded->machines->pdata[i];

      g_strv_builder_add (builder, machine->id);
      g_hash_table_insert (self->machines, machine->id, machine);
    }
  g_ptr_array_set_free_func (loaded->machines, NULL);
  ids = g_strv_builder_end (builder);
  gtk_string_list_splice (self->ids, 0, g_list_model_get_n_items (G_LIST_MODEL (self->ids)),
                          (const char *const *) ids);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeskMachinesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(Loaded) loaded = desk_session_run_finish (result, &error);

  if (loaded == NULL && desk_error_is_cancelled (error))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->machine_list), loaded != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), loaded == NULL);
  if (loaded == NULL)
    {
      gtk_label_set_text (self->problem_label, error->message);
      return;
    }
  show_machines (self, loaded);
}

void
desk_machines_page_reload (DeskMachinesPage *self)
{
  g_return_if_fail (DESK_IS_MACHINES_PAGE (self));

  if (self->session == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  desk_session_run_async (self->session, load_job, NULL, NULL, (GDestroyNotify) loaded_free,
                          self->cancellable, loaded_cb, g_object_ref (self));
}

/* --- revoking --- */

typedef struct {
  char *machine_id;
  char *reason;
} Revocation;

static void
revocation_free (Revocation *revocation)
{
  g_free (revocation->machine_id);
  g_free (revocation->reason);
  g_free (revocation);
}

static gboolean
revoke_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  Revocation *revocation = data;

  return cf_machines_revoke (session, revocation->machine_id, revocation->reason, error);
}

static void
revoked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeskMachinesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!desk_session_do_finish (result, &error))
    {
      if (!desk_error_is_cancelled (error))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                              _("The machine is revoked. Every machine refuses what it writes once it has synced."));
  desk_machines_page_reload (self);
}

static void
revoke_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DeskMachinesPage *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  Revocation *revocation;

  if (g_strcmp0 (response, "revoke") != 0 || self->session == NULL)
    return;
  revocation = g_new0 (Revocation, 1);
  revocation->machine_id = g_strdup (g_object_get_data (G_OBJECT (dialog), "machine-id"));
  revocation->reason = g_strdup (gtk_editable_get_text (entry));
  desk_session_do_async (self->session, revoke_job, revocation, (GDestroyNotify) revocation_free,
                         self->cancellable, revoked_cb, g_object_ref (self));
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "revoke", reason[0] != '\0');
}

static const char *
revoke_body (const CfMachine *machine)
{
  if (g_str_equal (machine->kind, "kiosk"))
    return _("Every machine will refuse what this kiosk writes, and the kiosks that remain get a new feed key it cannot read. Booking codes already given keep working. This cannot be undone.");
  return _("Every machine will refuse what this desk writes, and it no longer holds back the removal of old segments. This cannot be undone.");
}

static void
revoke_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeskMachinesPage *self = DESK_MACHINES_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const CfMachine *machine = g_hash_table_lookup (self->machines, id);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog, *entry;

  if (self->session == NULL || machine == NULL || !GTK_IS_WINDOW (root))
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Revoke This Machine?"), revoke_body (machine));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Why, for the record: lost, stolen, replaced…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "revoke", _("_Revoke"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  desk_message_dialog_name_responses (ADW_MESSAGE_DIALOG (dialog));
  g_object_set_data_full (G_OBJECT (dialog), "machine-id", g_strdup (id), g_free);
  g_signal_connect_object (entry, "changed", G_CALLBACK (reason_changed_cb), dialog, 0);
  reason_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (revoke_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- the session --- */

void
desk_machines_page_set_session (DeskMachinesPage *self,
                                CfSession        *session)
{
  g_return_if_fail (DESK_IS_MACHINES_PAGE (self));
  g_return_if_fail (session == NULL || CF_IS_SESSION (session));

  desk_machines_page_clear (self);
  g_set_object (&self->session, session);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    desk_machines_page_reload (self);
}

/* Read when someone looks at the page, and each time they come back to
 * it: machines are seen and revoked elsewhere meanwhile. */
static void
mapped_cb (DeskMachinesPage *self)
{
  desk_machines_page_reload (self);
}

void
desk_machines_page_clear (DeskMachinesPage *self)
{
  g_return_if_fail (DESK_IS_MACHINES_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->session);
  gtk_string_list_splice (self->ids, 0, g_list_model_get_n_items (G_LIST_MODEL (self->ids)), NULL);
  g_hash_table_remove_all (self->machines);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
}

/* --- object --- */

static void
desk_machines_page_dispose (GObject *object)
{
  DeskMachinesPage *self = DESK_MACHINES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_MACHINES_PAGE);
  /* GTK 4.8 unparents only bound template children; the page's own child
   * must go too, or it outlives its parent. */
  desk_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->ids);
  g_clear_pointer (&self->machines, g_hash_table_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  G_OBJECT_CLASS (desk_machines_page_parent_class)->dispose (object);
}

static void
desk_machines_page_class_init (DeskMachinesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_machines_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-machines-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskMachinesPage, machine_list);
  gtk_widget_class_bind_template_child (widget_class, DeskMachinesPage, problem_label);
  gtk_widget_class_install_action (widget_class, "machines.revoke", "s", revoke_action_cb);
}

static void
desk_machines_page_init (DeskMachinesPage *self)
{
  GtkWidget *empty;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->ids = gtk_string_list_new (NULL);
  self->machines = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) cf_machine_free);
  gtk_list_box_bind_model (self->machine_list, G_LIST_MODEL (self->ids), create_row, self, NULL);
  empty = gtk_label_new (_("No machine is enrolled."));
  gtk_widget_add_css_class (empty, "dim-label");
  g_object_set (empty, "margin-top", 12, "margin-bottom", 12, NULL);
  gtk_list_box_set_placeholder (self->machine_list, empty);
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
}
