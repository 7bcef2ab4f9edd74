/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: the consents table is written here,
 * whether the consent was taken at a desk or signed on the kiosk's slip. */

#include "cf-consent.h"
#include "cf-session.h"

G_BEGIN_DECLS

/* Only a wording this office published can be referred to.  *known says
 * whether @version is one (FALSE for NULL); an unknown wording is not an
 * error here, as the kiosk keeps the consent without it. */
gboolean _cf_consents_wording_known (CfStore    *store,
                                     const char *version,
                                     gboolean   *known,
                                     GError    **error);
/* Within the caller's write: inserts @consent with its own granted value,
 * as a withdrawal of @withdraws_id unless that is NULL, and queues it for
 * sync.  Not audited: each caller says what it recorded. */
gboolean _cf_consents_insert        (CfSession  *session,
                                     CfConsent  *consent,
                                     const char *withdraws_id,
                                     GError    **error);

G_END_DECLS
