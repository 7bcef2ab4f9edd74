/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-users-page.h"

#include <glib/gi18n.h>

#include "cf-key.h"
#include "cf-office.h"
#include "cf-users.h"
#include "desk-a11y.h"
#include "desk-format.h"
#include "desk-jobs.h"
#include "desk-widgets.h"

struct _DeskUsersPage {
  GtkWidget     parent_instance;

  GtkButton    *add_button;
  GtkListBox   *users_list;

  CfSession    *session;
  GCancellable *cancellable;
  GListStore   *users;        /* CfUser */
  gboolean      loaded;       /* since the session was set */
};

G_DEFINE_FINAL_TYPE (DeskUsersPage, desk_users_page, GTK_TYPE_WIDGET)

/* --- the list --- */

static CfRole
user_role (CfUser *user)
{
  CfRole role = CF_ROLE_ADVISER;

  cf_role_from_string (cf_user_get_role (user), &role);
  return role;
}

/* Nobody is offered to remove themselves: the desk would lock them out
 * while they use it. */
static GtkWidget *
create_user_row (gpointer item,
                 gpointer user_data)
{
  DeskUsersPage *self = user_data;
  CfUser *user = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove;
  g_autofree char *label = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cf_user_get_name (user));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), desk_format_role (user_role (user)));
  if (self->session == NULL || !cf_users_can_manage (self->session, user_role (user)) ||
      g_strcmp0 (cf_user_get_id (user), cf_session_get_user_id (self->session)) == 0)
    return row;
  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  /* TRANSLATORS: the button beside a user, read out by a screen reader */
  label = g_strdup_printf (_("Remove %s"), cf_user_get_name (user));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "users.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", cf_user_get_name (user));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static gpointer
list_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  return cf_users_list (session, error);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeskUsersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) users = desk_session_run_finish (result, &error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (desk_error_is_cancelled (error))
    return;
  if (users == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    g_ptr_array_add (items, g_list_model_get_item (users, i));
  g_list_store_splice (self->users, 0, g_list_model_get_n_items (G_LIST_MODEL (self->users)),
                       items->pdata, items->len);
}

void
desk_users_page_reload (DeskUsersPage *self)
{
  g_return_if_fail (DESK_IS_USERS_PAGE (self));

  if (self->session == NULL)
    return;
  self->loaded = TRUE;
  desk_session_run_async (self->session, list_job, NULL, NULL, g_object_unref,
                          self->cancellable, listed_cb, g_object_ref (self));
}

/* --- adding --- */

typedef struct {
  char   *name;
  CfRole  role;
  char   *passphrase;
} NewUser;

static void
new_user_free (NewUser *user)
{
  g_free (user->name);
  cf_wipe_string (user->passphrase);
  g_free (user);
}

/* Derives the new user's key: on the store's thread. */
static gboolean
add_job (CfSession    *session,
         gpointer      data,
         GCancellable *cancellable,
         GError      **error)
{
  NewUser *user = data;

  return cf_users_add (session, user->name, user->role, user->passphrase, error);
}

/* A change is said, and the list read again to show it. */
static void
finish_change (DeskUsersPage *self,
               GAsyncResult  *result,
               const char    *done)
{
  g_autoptr(GError) error = NULL;

  if (!desk_session_do_finish (result, &error))
    {
      if (!desk_error_is_cancelled (error))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", done);
  desk_users_page_reload (self);
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeskUsersPage) self = user_data;

  finish_change (self, result, _("The user was added."));
}

/* The form inside the add dialog; its roles are those this user may add. */
typedef struct {
  GtkEditable *name;
  GtkEditable *passphrase;
  GtkEditable *repeat;
  GtkDropDown *role;          /* NULL when only one role may be added */
  GtkLabel    *problem;
  CfRole       roles[3];
  guint        n_roles;
} AddForm;

/* What can be checked at once is, so Add is offered only for input the
 * library will accept. */
static void
form_changed_cb (AdwMessageDialog *dialog)
{
  AddForm *form = g_object_get_data (G_OBJECT (dialog), "form");
  const char *passphrase = gtk_editable_get_text (form->passphrase);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (form->name)));
  g_autoptr(GError) error = NULL;
  const char *problem = NULL;

  if (*passphrase != '\0' && !cf_passphrase_check (passphrase, &error))
    problem = error->message;
  else if (*passphrase != '\0' && g_strcmp0 (passphrase, gtk_editable_get_text (form->repeat)) != 0)
    problem = _("The two passphrases are not the same. Type them again.");
  gtk_label_set_text (form->problem, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (form->problem), problem != NULL);
  adw_message_dialog_set_response_enabled (dialog, "add",
                                           *name != '\0' && *passphrase != '\0' && problem == NULL);
}

static GtkEditable *
add_field (GtkBox           *box,
           GtkWidget        *entry,
           const char       *label,
           AdwMessageDialog *dialog)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (GTK_IS_ENTRY (entry))
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
  else
    g_object_set (entry, "placeholder-text", label, "show-peek-icon", TRUE, NULL);
  g_signal_connect_object (entry, "changed", G_CALLBACK (form_changed_cb), dialog, G_CONNECT_SWAPPED);
  gtk_box_append (box, entry);
  return GTK_EDITABLE (entry);
}

static void
add_role_choice (AddForm *form,
                 GtkBox  *box)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < form->n_roles; i++)
    gtk_string_list_append (labels, desk_format_role (form->roles[i]));
  form->role = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (form->role), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Role"), -1);
  gtk_box_append (box, GTK_WIDGET (form->role));
}

static GtkWidget *
new_form (AddForm          *form,
          AdwMessageDialog *dialog)
{
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));

  form->name = add_field (box, gtk_entry_new (), _("Name"), dialog);
  form->passphrase = add_field (box, gtk_password_entry_new (), _("New passphrase"), dialog);
  form->repeat = add_field (box, gtk_password_entry_new (), _("Repeat the passphrase"), dialog);
  if (form->n_roles > 1)
    add_role_choice (form, box);
  form->problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (form->problem, TRUE);
  gtk_label_set_xalign (form->problem, 0);
  gtk_widget_add_css_class (GTK_WIDGET (form->problem), "error");
  gtk_widget_set_visible (GTK_WIDGET (form->problem), FALSE);
  gtk_box_append (box, GTK_WIDGET (form->problem));
  return GTK_WIDGET (box);
}

static void
add_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 gpointer          user_data)
{
  DeskUsersPage *self = user_data;
  AddForm *form = g_object_get_data (G_OBJECT (dialog), "form");
  NewUser *user;

  if (g_strcmp0 (response, "add") != 0 || self->session == NULL)
    return;
  user = g_new0 (NewUser, 1);
  user->name = g_strstrip (g_strdup (gtk_editable_get_text (form->name)));
  user->role = form->roles[form->role ? gtk_drop_down_get_selected (form->role) : 0];
  user->passphrase = g_strdup (gtk_editable_get_text (form->passphrase));
  desk_session_do_async (self->session, add_job, user, (GDestroyNotify) new_user_free,
                         self->cancellable, added_cb, g_object_ref (self));
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DeskUsersPage *self = DESK_USERS_PAGE (widget);
  AddForm *form;
  AdwMessageDialog *dialog;

  if (self->session == NULL)
    return;
  form = g_new0 (AddForm, 1);
  for (CfRole role = CF_ROLE_ADVISER; role <= CF_ROLE_ADMIN; role++)
    if (cf_users_can_manage (self->session, role))
      form->roles[form->n_roles++] = role;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_root (widget)),
      form->n_roles > 1 ? _("Add a User") : _("Add an Administrator"),
      _("They sign in with this name and passphrase at every desk of the office.")));
  g_object_set_data_full (G_OBJECT (dialog), "form", form, g_free);
  adw_message_dialog_set_extra_child (dialog, new_form (form, dialog));
  adw_message_dialog_add_responses (dialog, "cancel", _("Cancel"), "add", _("Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "add", FALSE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_response_cb), self, 0);
  desk_message_dialog_name_responses (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- removing --- */

static gboolean
remove_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  return cf_users_remove (session, data, error);
}

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeskUsersPage) self = user_data;

  finish_change (self, result, _("The user was removed."));
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  DeskUsersPage *self = user_data;
  const char *name = g_object_get_data (G_OBJECT (dialog), "name");

  if (g_strcmp0 (response, "remove") != 0 || self->session == NULL)
    return;
  desk_session_do_async (self->session, remove_job, g_strdup (name), g_free,
                         self->cancellable, removed_cb, g_object_ref (self));
}

static void
remove_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeskUsersPage *self = DESK_USERS_PAGE (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  AdwMessageDialog *dialog;

  if (self->session == NULL)
    return;
  /* The heading is plain text (heading-use-markup is off by default). */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_root (widget)), NULL,
      _("They will no longer be able to sign in at any desk of the office.")));
  adw_message_dialog_format_heading (dialog, _("Remove %s?"), name);
  g_object_set_data_full (G_OBJECT (dialog), "name", g_strdup (name), g_free);
  adw_message_dialog_add_responses (dialog, "cancel", _("Cancel"), "remove", _("Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  desk_message_dialog_name_responses (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- the session --- */

static void
mapped_cb (DeskUsersPage *self)
{
  if (!self->loaded)
    desk_users_page_reload (self);
}

/* An administrator may add administrators only: the button says so. */
void
desk_users_page_set_session (DeskUsersPage *self,
                             CfSession     *session)
{
  gboolean any = FALSE;

  g_return_if_fail (DESK_IS_USERS_PAGE (self));

  g_set_object (&self->session, session);
  self->loaded = FALSE;
  for (CfRole role = CF_ROLE_ADVISER; role < CF_ROLE_ADMIN; role++)
    any = any || cf_users_can_manage (session, role);
  gtk_button_set_label (self->add_button, any ? _("Add User…") : _("Add Administrator…"));
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    desk_users_page_reload (self);
}

void
desk_users_page_clear (DeskUsersPage *self)
{
  g_return_if_fail (DESK_IS_USERS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->session);
  g_list_store_remove_all (self->users);
  self->loaded = FALSE;
}

/* --- object --- */

static void
desk_users_page_dispose (GObject *object)
{
  DeskUsersPage *self = DESK_USERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_USERS_PAGE);
  /* GTK 4.8 unparents only bound template children. */
  desk_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->users);
  G_OBJECT_CLASS (desk_users_page_parent_class)->dispose (object);
}

static void
desk_users_page_class_init (DeskUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_users_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-users-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskUsersPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, DeskUsersPage, users_list);
  gtk_widget_class_install_action (widget_class, "users.add", NULL, add_action_cb);
  gtk_widget_class_install_action (widget_class, "users.remove", "s", remove_action_cb);
}

static void
desk_users_page_init (DeskUsersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->users = g_list_store_new (CF_TYPE_USER);
  gtk_list_box_bind_model (self->users_list, G_LIST_MODEL (self->users), create_user_row, self, NULL);
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
}
