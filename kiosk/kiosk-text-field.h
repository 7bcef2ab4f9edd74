/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A labelled one-line entry that checks what is typed as it is typed and
 * says what is wrong in a sentence beside it (cf_text_check: length,
 * control characters, direction overrides). */
#define KIOSK_TYPE_TEXT_FIELD (kiosk_text_field_get_type ())
G_DECLARE_FINAL_TYPE (KioskTextField, kiosk_text_field, KIOSK, TEXT_FIELD, AdwBin)

/* A field's own rule on top of cf_text_check.  @complete: the student
 * says they are done, so what is missing is a problem too. */
typedef gboolean (*KioskTextCheck) (const char  *text,
                                    gboolean     complete,
                                    const char  *title,
                                    GError     **error);

/* A staff PIN (cf_kiosk_pin_check): a letter is pointed out as soon as it
 * is typed, the number of digits once the PIN is sent. */
gboolean kiosk_text_check_pin (const char *text,
                               gboolean    complete,
                               const char *title,
                               GError    **error);

const char *kiosk_text_field_get_text    (KioskTextField *self);
gboolean    kiosk_text_field_is_blank    (KioskTextField *self);
void        kiosk_text_field_set_text    (KioskTextField *self,
                                          const char     *text);
/* Empties the entry (GtkEntryBuffer overwrites what it held). */
void        kiosk_text_field_clear       (KioskTextField *self);
/* The check with @complete TRUE; shows the sentence and focuses the
 * entry when it fails. */
gboolean    kiosk_text_field_validate    (KioskTextField *self);
void        kiosk_text_field_set_problem (KioskTextField *self,
                                          const char     *sentence);
void        kiosk_text_field_set_check   (KioskTextField *self,
                                          KioskTextCheck  check);

G_END_DECLS
