/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-setup-page.h"

#include <glib/gi18n-lib.h>

#include "cf-feed.h"
#include "cf-key.h"
#include "kiosk-jobs.h"
#include "kiosk-text-field.h"

struct _KioskSetupPage {
  AdwBin          parent_instance;

  GtkLabel       *title_label;
  GtkLabel       *intro_label;
  GtkWidget      *enroll_box;
  KioskTextField *bundle_field;
  KioskTextField *code_field;
  KioskTextField *sync_field;
  KioskTextField *pin_field;
  KioskTextField *repeat_field;
  GtkLabel       *error_label;
  GtkSpinner     *spinner;
  GtkButton      *apply_button;

  char           *data_dir;
  gboolean        pin_only;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (KioskSetupPage, kiosk_setup_page, ADW_TYPE_BIN)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- the form --- */

static void
show_error (KioskSetupPage *self,
            const char     *sentence)
{
  gtk_label_set_text (self->error_label, sentence ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), sentence != NULL);
}

static void
set_busy (KioskSetupPage *self,
          gboolean        busy)
{
  gtk_widget_set_sensitive (self->enroll_box, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pin_field), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->repeat_field), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
set_up_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KioskSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kiosk_set_up_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_error (self, error->message);
      return;
    }
  set_busy (self, FALSE);
  kiosk_text_field_clear (self->pin_field);
  kiosk_text_field_clear (self->repeat_field);
  kiosk_text_field_clear (self->code_field);
  g_signal_emit (self, signals[FINISHED], 0);
}

/* Everything that can be checked at once is, so the slow part only
 * starts on input the library will take. */
static gboolean
check_form (KioskSetupPage *self)
{
  gboolean ok = TRUE;

  show_error (self, NULL);
  ok = kiosk_text_field_validate (self->repeat_field) && ok;
  ok = kiosk_text_field_validate (self->pin_field) && ok;
  if (!self->pin_only)
    {
      ok = kiosk_text_field_validate (self->sync_field) && ok;
      ok = kiosk_text_field_validate (self->code_field) && ok;
      ok = kiosk_text_field_validate (self->bundle_field) && ok;
    }
  if (ok && g_strcmp0 (kiosk_text_field_get_text (self->pin_field),
                       kiosk_text_field_get_text (self->repeat_field)) != 0)
    {
      kiosk_text_field_set_problem (self->repeat_field,
                                    _("The two PINs are not the same. Type them again."));
      gtk_widget_grab_focus (GTK_WIDGET (self->repeat_field));
      ok = FALSE;
    }
  return ok;
}

static void
apply (KioskSetupPage *self)
{
  g_autofree char *sync_dir = NULL;
  char *code = NULL;

  if (!check_form (self))
    return;
  if (!self->pin_only)
    {
      code = cf_feed_normalise_code (kiosk_text_field_get_text (self->code_field));
      sync_dir = g_canonicalize_filename (kiosk_text_field_get_text (self->sync_field), NULL);
    }
  set_busy (self, TRUE);
  kiosk_set_up_async (self->data_dir, sync_dir,
                      self->pin_only ? NULL : kiosk_text_field_get_text (self->bundle_field),
                      code, kiosk_text_field_get_text (self->pin_field),
                      self->cancellable, set_up_cb, g_object_ref (self));
  /* The job holds its own copy; this one must not linger in the heap. */
  cf_wipe_string (code);
}

static void
apply_clicked_cb (KioskSetupPage *self)
{
  apply (self);
}

static void
repeat_activated_cb (KioskSetupPage *self)
{
  apply (self);
}

static void
chosen_cb (KioskSetupPage  *self,
           int              response,
           GtkNativeDialog *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file ? g_file_get_path (file) : NULL;
  if (path != NULL)
    kiosk_text_field_set_text (self->bundle_field, path);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_clicked_cb (KioskSetupPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Enrollment Bundle"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
set_pin_only (KioskSetupPage *self,
              gboolean        pin_only)
{
  self->pin_only = pin_only;
  gtk_widget_set_visible (self->enroll_box, !pin_only);
  if (!pin_only)
    return;
  gtk_label_set_text (self->title_label, _("Choose a Staff PIN"));
  gtk_label_set_text (self->intro_label,
                      _("Staff only. This kiosk is enrolled but has no staff PIN yet. Choose one: it is the only way to leave full screen or to quit the kiosk."));
  gtk_button_set_label (self->apply_button, _("Save PIN"));
}

KioskSetupPage *
kiosk_setup_page_new (const char *data_dir,
                      const char *sync_dir,
                      gboolean    pin_only)
{
  KioskSetupPage *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_SETUP_PAGE, NULL);
  self->data_dir = g_strdup (data_dir);
  kiosk_text_field_set_text (self->sync_field, sync_dir);
  set_pin_only (self, pin_only);
  return self;
}

static gboolean
kiosk_setup_page_grab_focus (GtkWidget *widget)
{
  KioskSetupPage *self = KIOSK_SETUP_PAGE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->pin_only ? self->pin_field : self->bundle_field));
}

static void
kiosk_setup_page_dispose (GObject *object)
{
  KioskSetupPage *self = KIOSK_SETUP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_SETUP_PAGE);
  G_OBJECT_CLASS (kiosk_setup_page_parent_class)->dispose (object);
}

static void
kiosk_setup_page_finalize (GObject *object)
{
  KioskSetupPage *self = KIOSK_SETUP_PAGE (object);

  g_free (self->data_dir);
  G_OBJECT_CLASS (kiosk_setup_page_parent_class)->finalize (object);
}

static void
kiosk_setup_page_class_init (KioskSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_setup_page_dispose;
  object_class->finalize = kiosk_setup_page_finalize;
  widget_class->grab_focus = kiosk_setup_page_grab_focus;

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (KIOSK_TYPE_TEXT_FIELD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, enroll_box);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, bundle_field);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, code_field);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, sync_field);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, pin_field);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, repeat_field);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, apply_button);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, repeat_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
}

static void
kiosk_setup_page_init (KioskSetupPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_text_field_set_check (self->pin_field, kiosk_text_check_pin);
  kiosk_text_field_set_check (self->repeat_field, kiosk_text_check_pin);
}
