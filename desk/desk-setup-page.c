/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-setup-page.h"

#include "desk-widgets.h"

#include <glib/gi18n.h>

#include "cf-key.h"
#include "cf-office.h"
#include "desk-jobs.h"

struct _DeskSetupPage {
  GtkWidget     parent_instance;

  GtkEditable  *office_entry;
  GtkEditable  *user_entry;
  GtkEditable  *passphrase_entry;
  GtkEditable  *repeat_entry;
  GtkEditable  *sync_entry;
  GtkLabel     *error_label;
  GtkSpinner   *spinner;

  char         *data_dir;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (DeskSetupPage, desk_setup_page, GTK_TYPE_WIDGET)

enum {
  OFFICE_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
desk_setup_page_default_sync_dir (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);
  return g_canonicalize_filename ("../sync", data_dir);
}

void
desk_setup_page_set_folders (DeskSetupPage *self,
                             const char    *data_dir,
                             const char    *sync_dir)
{
  g_autofree char *fallback = NULL;

  g_return_if_fail (DESK_IS_SETUP_PAGE (self));
  g_return_if_fail (data_dir != NULL);

  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
  if (sync_dir == NULL)
    sync_dir = fallback = desk_setup_page_default_sync_dir (data_dir);
  gtk_editable_set_text (self->sync_entry, sync_dir);
}

void
desk_setup_page_focus (DeskSetupPage *self)
{
  g_return_if_fail (DESK_IS_SETUP_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->office_entry));
}

static void
show_error (DeskSetupPage *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (DeskSetupPage *self,
          gboolean       busy)
{
  GtkEditable *entries[] = { self->office_entry, self->user_entry, self->passphrase_entry,
                             self->repeat_entry, self->sync_entry };

  for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
    gtk_widget_set_sensitive (GTK_WIDGET (entries[i]), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.create", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.choose-sync-folder", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeskSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cf_office_create_finish (result, &error))
    {
      if (desk_error_is_cancelled (error))
        return;
      set_busy (self, FALSE);
      show_error (self, error->message);
      return;
    }
  set_busy (self, FALSE);
  gtk_editable_set_text (self->passphrase_entry, "");
  gtk_editable_set_text (self->repeat_entry, "");
  g_signal_emit (self, signals[OFFICE_CREATED], 0, gtk_editable_get_text (self->user_entry));
}

/* Checks what can be checked at once, so the slow part only starts on
 * input the library will accept. */
static gboolean
check_form (DeskSetupPage *self,
            GError       **error)
{
  const char *passphrase = gtk_editable_get_text (self->passphrase_entry);

  if (!cf_passphrase_check (passphrase, error))
    return FALSE;
  if (g_strcmp0 (passphrase, gtk_editable_get_text (self->repeat_entry)) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The two passphrases are not the same. Type them again."));
      return FALSE;
    }
  if (*gtk_editable_get_text (self->sync_entry) == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose a sync folder."));
      return FALSE;
    }
  return TRUE;
}

static void
create_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeskSetupPage *self = DESK_SETUP_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *sync_dir = NULL;

  if (!check_form (self, &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  set_busy (self, TRUE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  sync_dir = g_canonicalize_filename (gtk_editable_get_text (self->sync_entry), NULL);
  cf_office_create_async (self->data_dir, sync_dir,
                          gtk_editable_get_text (self->office_entry),
                          gtk_editable_get_text (self->user_entry),
                          gtk_editable_get_text (self->passphrase_entry),
                          self->cancellable, created_cb, g_object_ref (self));
}

static void
chooser_responded_cb (DeskSetupPage   *self,
                      int              response,
                      GtkNativeDialog *dialog)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = folder ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        gtk_editable_set_text (self->sync_entry, path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_sync_folder_action_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Choose the Sync Folder"), GTK_WINDOW (root),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (chooser_responded_cb), widget, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
repeat_activated_cb (DeskSetupPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "setup.create", NULL);
}

static void
desk_setup_page_dispose (GObject *object)
{
  DeskSetupPage *self = DESK_SETUP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_SETUP_PAGE);
  /* GTK 4.8 unparents only bound template children; the page's own child
   * must go too, or it outlives its parent. */
  desk_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (desk_setup_page_parent_class)->dispose (object);
}

static void
desk_setup_page_finalize (GObject *object)
{
  g_free (DESK_SETUP_PAGE (object)->data_dir);
  G_OBJECT_CLASS (desk_setup_page_parent_class)->finalize (object);
}

static void
desk_setup_page_class_init (DeskSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_setup_page_dispose;
  object_class->finalize = desk_setup_page_finalize;

  /* Emitted with the first manager's name once the office exists. */
  signals[OFFICE_CREATED] = g_signal_new ("office-created", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-setup-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskSetupPage, office_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskSetupPage, user_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskSetupPage, passphrase_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskSetupPage, repeat_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskSetupPage, sync_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskSetupPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DeskSetupPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, repeat_activated_cb);
  gtk_widget_class_install_action (widget_class, "setup.create", NULL, create_action_cb);
  gtk_widget_class_install_action (widget_class, "setup.choose-sync-folder", NULL,
                                   choose_sync_folder_action_cb);
}

static void
desk_setup_page_init (DeskSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
