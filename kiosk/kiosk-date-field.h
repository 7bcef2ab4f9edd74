/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A date of birth as day, month and year, checked as it is typed:
 * impossible dates (31 April, a month 13, a date in the future) get a
 * sentence beside the field. */
#define KIOSK_TYPE_DATE_FIELD (kiosk_date_field_get_type ())
G_DECLARE_FINAL_TYPE (KioskDateField, kiosk_date_field, KIOSK, DATE_FIELD, AdwBin)

/* "YYYY-MM-DD", or NULL when the field is blank or the date impossible. */
char    *kiosk_date_field_get_iso  (KioskDateField *self);
gboolean kiosk_date_field_is_blank (KioskDateField *self);
void     kiosk_date_field_clear    (KioskDateField *self);
/* With "required", a blank field is a problem too. */
gboolean kiosk_date_field_validate (KioskDateField *self);

/* The rule itself, without a display: @complete says whether missing parts
 * are problems yet.  Sets @date when the three parts make a valid date. */
gboolean kiosk_date_check (const char  *day,
                           const char  *month,
                           const char  *year,
                           const GDate *today,
                           gboolean     complete,
                           GDate       *date,
                           GError     **error);

G_END_DECLS
