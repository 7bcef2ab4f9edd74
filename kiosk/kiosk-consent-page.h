/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Drop in, step 3: the consent slip.  The office's confidentiality summary
 * and its exceptions, the version of that wording, whom the adviser may
 * contact for the student, and a typed signature; an anonymous student
 * ticks "I agree" instead and is offered no parties.  "I do not agree"
 * still gives a ticket, with a slip that records nothing. */
#define KIOSK_TYPE_CONSENT_PAGE (kiosk_consent_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskConsentPage, kiosk_consent_page, KIOSK, CONSENT_PAGE, AdwBin)

void kiosk_consent_page_set_anonymous (KioskConsentPage *self,
                                       gboolean          anonymous);
void kiosk_consent_page_decline       (KioskConsentPage *self);

G_END_DECLS
