/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CF_TYPE_CONSENT (cf_consent_get_type ())
G_DECLARE_FINAL_TYPE (CfConsent, cf_consent, CF, CONSENT, GObject)

/* A student's permission for the service to act with one third party, as
 * it stands now: the grant and, once withdrawn, its withdrawal.
 *
 * Properties: id, student-id, third-party, granted, source,
 * wording-version, verbal-note, recorded-by, recorded-by-name,
 * recorded-at, withdrawal-id, withdrawal-source, withdrawal-note,
 * withdrawn-by-name, withdrawn-at. */
CfConsent  *cf_consent_new             (void);
const char *cf_consent_get_id          (CfConsent *self);
const char *cf_consent_get_third_party (CfConsent *self);
const char *cf_consent_get_source      (CfConsent *self);
gint64      cf_consent_get_recorded_at (CfConsent *self);
/* TRUE while the permission stands: granted and not withdrawn. */
gboolean    cf_consent_is_current      (CfConsent *self);

G_END_DECLS
