/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Staff only: asks for the staff PIN (checked against its Argon2id hash
 * on a worker thread), then offers what staff may do: leave or return to
 * full screen, pause drop-ins with a message for students, or quit.
 * Signals "quit-requested", "fullscreen-requested" (gboolean) and
 * "pause-requested" (the message, "" for none, or NULL to resume) come
 * only after the right PIN. */
#define KIOSK_TYPE_PIN_DIALOG (kiosk_pin_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KioskPinDialog, kiosk_pin_dialog, KIOSK, PIN_DIALOG, AdwWindow)

KioskPinDialog *kiosk_pin_dialog_new            (GtkWindow      *parent,
                                                 const char     *data_dir);
void            kiosk_pin_dialog_set_status     (KioskPinDialog *self,
                                                 const char     *status);
void            kiosk_pin_dialog_set_fullscreen (KioskPinDialog *self,
                                                 gboolean        fullscreen);
/* @message: NULL while drop-ins are open. */
void            kiosk_pin_dialog_set_paused     (KioskPinDialog *self,
                                                 const char     *message);

G_END_DECLS
