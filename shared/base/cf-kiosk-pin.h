/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The staff PIN that lets staff leave a kiosk's full screen or quit it.
 * Only its Argon2id hash is kept, in a file of the kiosk's data folder.
 * Setting and verifying derive a key on purpose slowly: never on the GTK
 * main thread.  A PIN is digits only, so it can be typed on any keypad. */
#define CF_KIOSK_PIN_MIN_DIGITS 6
#define CF_KIOSK_PIN_MAX_DIGITS 12

/* Whether @pin is an acceptable PIN; quick, no key derivation. */
gboolean cf_kiosk_pin_check     (const char *pin,
                                 GError    **error);
/* Whether a PIN was set in @data_dir (one stat of the disk). */
gboolean cf_kiosk_pin_is_set    (const char *data_dir);
gboolean cf_kiosk_pin_set       (const char *data_dir,
                                 const char *pin,
                                 GError    **error);
/* FALSE with CF_ERROR_WRONG_PASSPHRASE for a wrong PIN, CF_ERROR_NOT_SET_UP
 * when none was set. */
gboolean cf_kiosk_pin_verify    (const char *data_dir,
                                 const char *pin,
                                 GError    **error);
/* The first line of @path, for --set-pin-file; the caller wipes it. */
char    *cf_kiosk_pin_read_file (const char *path,
                                 GError    **error);

G_END_DECLS
