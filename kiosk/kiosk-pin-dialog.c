/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-pin-dialog.h"

#include <glib/gi18n-lib.h>

#include "cf-error.h"
#include "kiosk-jobs.h"
#include "kiosk-text-field.h"

/* After this many wrong PINs in a row, guessing waits: Argon2id already
 * makes each guess slow, this makes a run of them slower still. */
#define WRONG_PINS_ALLOWED  5
#define LOCKOUT_SECONDS     30

struct _KioskPinDialog {
  AdwWindow       parent_instance;

  GtkWidget      *unlock_box;
  KioskTextField *pin_field;
  GtkSpinner     *spinner;
  GtkWidget      *unlock_button;
  GtkWidget      *staff_box;
  GtkLabel       *status_label;
  GtkButton      *fullscreen_button;
  KioskTextField *pause_field;
  GtkButton      *pause_button;

  char           *data_dir;
  gboolean        fullscreen;
  gboolean        paused;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (KioskPinDialog, kiosk_pin_dialog, ADW_TYPE_WINDOW)

enum {
  QUIT_REQUESTED,
  FULLSCREEN_REQUESTED,
  PAUSE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Per process, not per dialog: closing and reopening the dialog does not
 * reset the count. */
static guint wrong_pins;
static gint64 locked_until;

/* --- checking the PIN --- */

static void
set_busy (KioskPinDialog *self,
          gboolean        busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->pin_field), !busy);
  gtk_widget_set_sensitive (self->unlock_button, !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
unlocked (KioskPinDialog *self)
{
  wrong_pins = 0;
  kiosk_text_field_clear (self->pin_field);
  gtk_widget_set_visible (self->unlock_box, FALSE);
  gtk_widget_set_visible (self->staff_box, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->fullscreen_button));
}

static char *
lockout_sentence (int seconds)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Too many wrong PINs. Wait %d second, then try again.",
                                       "Too many wrong PINs. Wait %d seconds, then try again.", seconds),
                          seconds);
}

static char *
wrong_pin_sentence (void)
{
  guint left = WRONG_PINS_ALLOWED - wrong_pins;

  if (wrong_pins == 0)
    return lockout_sentence (LOCKOUT_SECONDS);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "That PIN is not right: %u more try before a pause.",
                                       "That PIN is not right: %u more tries before a pause.", left),
                          left);
}

static void
refused (KioskPinDialog *self,
         const GError   *error)
{
  g_autofree char *sentence = NULL;

  if (g_error_matches (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE))
    {
      if (++wrong_pins >= WRONG_PINS_ALLOWED)
        {
          wrong_pins = 0;
          locked_until = g_get_monotonic_time () + LOCKOUT_SECONDS * G_USEC_PER_SEC;
        }
      sentence = wrong_pin_sentence ();
    }
  kiosk_text_field_clear (self->pin_field);
  kiosk_text_field_set_problem (self->pin_field, sentence ? sentence : error->message);
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_field));
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KioskPinDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kiosk_pin_verify_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      refused (self, error);
      return;
    }
  set_busy (self, FALSE);
  unlocked (self);
}

static gboolean
locked_out (KioskPinDialog *self)
{
  gint64 left = locked_until - g_get_monotonic_time ();
  g_autofree char *sentence = NULL;

  if (left <= 0)
    return FALSE;
  sentence = lockout_sentence ((int) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  kiosk_text_field_set_problem (self->pin_field, sentence);
  return TRUE;
}

static void
unlock (KioskPinDialog *self)
{
  if (locked_out (self) || !kiosk_text_field_validate (self->pin_field))
    return;
  set_busy (self, TRUE);
  kiosk_pin_verify_async (self->data_dir, kiosk_text_field_get_text (self->pin_field),
                          self->cancellable, checked_cb, g_object_ref (self));
}

static void
unlock_clicked_cb (KioskPinDialog *self)
{
  unlock (self);
}

static void
pin_activated_cb (KioskPinDialog *self)
{
  unlock (self);
}

/* --- staff actions --- */

static void
fullscreen_clicked_cb (KioskPinDialog *self)
{
  g_signal_emit (self, signals[FULLSCREEN_REQUESTED], 0, !self->fullscreen);
}

static void
quit_clicked_cb (KioskPinDialog *self)
{
  g_signal_emit (self, signals[QUIT_REQUESTED], 0);
}

/* The message as staff typed it, or NULL to open drop-ins again. */
static void
pause_clicked_cb (KioskPinDialog *self)
{
  if (self->paused)
    {
      g_signal_emit (self, signals[PAUSE_REQUESTED], 0, NULL);
      return;
    }
  if (!kiosk_text_field_validate (self->pause_field))
    return;
  g_signal_emit (self, signals[PAUSE_REQUESTED], 0,
                 kiosk_text_field_is_blank (self->pause_field) ? "" : kiosk_text_field_get_text (self->pause_field));
}

void
kiosk_pin_dialog_set_paused (KioskPinDialog *self,
                             const char     *message)
{
  g_return_if_fail (KIOSK_IS_PIN_DIALOG (self));

  self->paused = message != NULL;
  kiosk_text_field_set_text (self->pause_field, message);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pause_field), !self->paused);
  gtk_button_set_label (self->pause_button, self->paused ? _("Resume Drop-ins") : _("Pause Drop-ins"));
}

void
kiosk_pin_dialog_set_fullscreen (KioskPinDialog *self,
                                 gboolean        fullscreen)
{
  g_return_if_fail (KIOSK_IS_PIN_DIALOG (self));

  self->fullscreen = fullscreen;
  gtk_button_set_label (self->fullscreen_button,
                        fullscreen ? _("Leave Full Screen") : _("Return to Full Screen"));
}

void
kiosk_pin_dialog_set_status (KioskPinDialog *self,
                             const char     *status)
{
  g_return_if_fail (KIOSK_IS_PIN_DIALOG (self));
  gtk_label_set_text (self->status_label, status ? status : "");
}

KioskPinDialog *
kiosk_pin_dialog_new (GtkWindow  *parent,
                      const char *data_dir)
{
  KioskPinDialog *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_PIN_DIALOG, "transient-for", parent, NULL);
  self->data_dir = g_strdup (data_dir);
  return self;
}

static void
kiosk_pin_dialog_dispose (GObject *object)
{
  KioskPinDialog *self = KIOSK_PIN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_PIN_DIALOG);
  G_OBJECT_CLASS (kiosk_pin_dialog_parent_class)->dispose (object);
}

static void
kiosk_pin_dialog_finalize (GObject *object)
{
  KioskPinDialog *self = KIOSK_PIN_DIALOG (object);

  g_free (self->data_dir);
  G_OBJECT_CLASS (kiosk_pin_dialog_parent_class)->finalize (object);
}

static void
kiosk_pin_dialog_class_init (KioskPinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_pin_dialog_dispose;
  object_class->finalize = kiosk_pin_dialog_finalize;

  signals[QUIT_REQUESTED] = g_signal_new ("quit-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FULLSCREEN_REQUESTED] = g_signal_new ("fullscreen-requested", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[PAUSE_REQUESTED] = g_signal_new ("pause-requested", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (KIOSK_TYPE_TEXT_FIELD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-pin-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskPinDialog, unlock_box);
  gtk_widget_class_bind_template_child (widget_class, KioskPinDialog, pin_field);
  gtk_widget_class_bind_template_child (widget_class, KioskPinDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KioskPinDialog, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, KioskPinDialog, staff_box);
  gtk_widget_class_bind_template_child (widget_class, KioskPinDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPinDialog, fullscreen_button);
  gtk_widget_class_bind_template_child (widget_class, KioskPinDialog, pause_field);
  gtk_widget_class_bind_template_child (widget_class, KioskPinDialog, pause_button);
  gtk_widget_class_bind_template_callback (widget_class, unlock_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, fullscreen_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, quit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pause_clicked_cb);
}

static void
kiosk_pin_dialog_init (KioskPinDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_text_field_set_check (self->pin_field, kiosk_text_check_pin);
  kiosk_pin_dialog_set_fullscreen (self, TRUE);
}
