/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-sign-in-page.h"

#include "desk-widgets.h"

#include <glib/gi18n.h>

#include "cf-session.h"
#include "desk-jobs.h"

struct _DeskSignInPage {
  GtkWidget     parent_instance;

  GtkLabel     *message_label;
  GtkEntry     *user_entry;
  GtkWidget    *passphrase_entry;
  GtkLabel     *error_label;
  GtkSpinner   *spinner;

  char         *data_dir;
  GCancellable *cancellable;   /* the sign-in under way, if any */
  gint64        started_at;    /* monotonic microseconds */
  gint64        took;          /* the last sign-in that succeeded */
};

G_DEFINE_FINAL_TYPE (DeskSignInPage, desk_sign_in_page, GTK_TYPE_WIDGET)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_label (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
set_busy (DeskSignInPage *self,
          gboolean        busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_entry), !busy);
  gtk_widget_set_sensitive (self->passphrase_entry, !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.sign-in", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

void
desk_sign_in_page_set_data_dir (DeskSignInPage *self,
                                const char     *data_dir)
{
  g_return_if_fail (DESK_IS_SIGN_IN_PAGE (self));
  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
}

/* Key derivation is slow by design: the start-up benchmark leaves it out. */
gint64
desk_sign_in_page_get_sign_in_time (DeskSignInPage *self)
{
  g_return_val_if_fail (DESK_IS_SIGN_IN_PAGE (self), 0);
  return self->took;
}

void
desk_sign_in_page_set_user_name (DeskSignInPage *self,
                                 const char     *user_name)
{
  g_return_if_fail (DESK_IS_SIGN_IN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->user_entry), user_name ? user_name : "");
}

/* The user name stays, as on a screen lock; the passphrase never does. */
void
desk_sign_in_page_reset (DeskSignInPage *self,
                         const char     *message)
{
  g_return_if_fail (DESK_IS_SIGN_IN_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_entry), "");
  show_label (self->error_label, NULL);
  show_label (self->message_label, message);
  set_busy (self, FALSE);
}

void
desk_sign_in_page_focus (DeskSignInPage *self)
{
  const char *user;

  g_return_if_fail (DESK_IS_SIGN_IN_PAGE (self));
  user = gtk_editable_get_text (GTK_EDITABLE (self->user_entry));
  gtk_widget_grab_focus (*user ? self->passphrase_entry : GTK_WIDGET (self->user_entry));
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DeskSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfSession) session = cf_session_sign_in_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (session == NULL)
    {
      show_label (self->error_label, error->message);
      gtk_widget_grab_focus (self->passphrase_entry);
      gtk_editable_select_region (GTK_EDITABLE (self->passphrase_entry), 0, -1);
      return;
    }
  self->took = g_get_monotonic_time () - self->started_at;
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_entry), "");
  show_label (self->message_label, NULL);
  g_signal_emit (self, signals[SIGNED_IN], 0, session);
}

/* After a user was removed, the first sign-in re-keys this desk's case
 * records under the new key: for a large office that takes a while. */
static void
rekey_progress_cb (double   fraction,
                   gpointer user_data)
{
  DeskSignInPage *self = user_data;
  g_autofree char *text = NULL;

  /* TRANSLATORS: %d is a percentage */
  text = g_strdup_printf (_("The office has a new case key: this desk is re-keying its case records (%d%%)…"),
                          (int) (fraction * 100));
  show_label (self->message_label, text);
}

/* The key derivation (Argon2id) runs in the library's thread. */
static void
start_sign_in (DeskSignInPage *self,
               const char     *user,
               const char     *passphrase)
{
  show_label (self->error_label, NULL);
  set_busy (self, TRUE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->started_at = g_get_monotonic_time ();
  /* The page is kept alive by the callback's reference, and every report
   * of progress comes before the callback. */
  cf_session_sign_in_with_progress_async (self->data_dir, user, passphrase, rekey_progress_cb, self,
                                          self->cancellable, signed_in_cb, g_object_ref (self));
}

static void
sign_in_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DeskSignInPage *self = DESK_SIGN_IN_PAGE (widget);
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_entry));
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_entry));

  if (*user == '\0' || *passphrase == '\0')
    {
      show_label (self->error_label, *user == '\0' ? _("Type your user name.") : _("Type your passphrase."));
      gtk_widget_grab_focus (*user == '\0' ? GTK_WIDGET (self->user_entry) : self->passphrase_entry);
      return;
    }
  start_sign_in (self, user, passphrase);
}

/* The file is read on the sign-in's own thread, and the copy wiped. */
void
desk_sign_in_page_sign_in_from_file (DeskSignInPage *self,
                                     const char     *passphrase_file)
{
  g_return_if_fail (DESK_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (passphrase_file != NULL);

  show_label (self->error_label, NULL);
  set_busy (self, TRUE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->started_at = g_get_monotonic_time ();
  cf_session_sign_in_from_file_async (self->data_dir,
                                      gtk_editable_get_text (GTK_EDITABLE (self->user_entry)),
                                      passphrase_file, self->cancellable, signed_in_cb,
                                      g_object_ref (self));
}

static void
user_activated_cb (DeskSignInPage *self)
{
  gtk_widget_grab_focus (self->passphrase_entry);
}

static void
passphrase_activated_cb (DeskSignInPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.sign-in", NULL);
}

static void
desk_sign_in_page_dispose (GObject *object)
{
  DeskSignInPage *self = DESK_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_SIGN_IN_PAGE);
  /* GTK 4.8 unparents only bound template children; the page's own child
   * must go too, or it outlives its parent. */
  desk_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (desk_sign_in_page_parent_class)->dispose (object);
}

static void
desk_sign_in_page_finalize (GObject *object)
{
  DeskSignInPage *self = DESK_SIGN_IN_PAGE (object);

  g_free (self->data_dir);
  G_OBJECT_CLASS (desk_sign_in_page_parent_class)->finalize (object);
}

static void
desk_sign_in_page_class_init (DeskSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_sign_in_page_dispose;
  object_class->finalize = desk_sign_in_page_finalize;

  /* Emitted with the new session; the receiver takes its own reference. */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, CF_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-sign-in-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskSignInPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, DeskSignInPage, user_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskSignInPage, passphrase_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DeskSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, user_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_activated_cb);
  gtk_widget_class_install_action (widget_class, "sign-in.sign-in", NULL, sign_in_action_cb);
}

static void
desk_sign_in_page_init (DeskSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
