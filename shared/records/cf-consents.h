/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-consent.h"
#include "cf-session.h"

G_BEGIN_DECLS

/* How the student gave (or withdrew) their permission. */
typedef enum {
  CF_CONSENT_SOURCE_KIOSK,     /* the consent slip at the kiosk */
  CF_CONSENT_SOURCE_WRITTEN,   /* a signed form or letter */
  CF_CONSENT_SOURCE_EMAIL,
  CF_CONSENT_SOURCE_VERBAL,    /* needs a written note of what was agreed */
} CfConsentSource;

const char *cf_consent_source_to_string   (CfConsentSource  source);
gboolean    cf_consent_source_from_string (const char      *text,
                                           CfConsentSource *source);

/* The third parties the consent slip names ("college-tutor", …), as ids;
 * any other party is stored as the adviser typed it. */
const char *const *cf_consents_standard_parties (void);
/* A short label for advisers: the standard party's name, or @party. */
const char        *cf_consents_party_label      (const char *party);
/* The party as it reads in a sentence after "contact" ("the college
 * tutor"), or @party as typed. */
const char        *cf_consents_party_phrase     (const char *party);

/* Records that the student lets the service act with @third_party.  A
 * kiosk slip names the @wording_version the student saw; a verbal
 * permission needs @note, a written note of its nature.  Append-only,
 * audited; returns the new consent. */
CfConsent  *cf_consents_record         (CfSession         *session,
                                        const char        *student_id,
                                        const char        *third_party,
                                        CfConsentSource    source,
                                        const char        *wording_version,
                                        const char        *note,
                                        GError           **error);
/* The same for several parties at once (one consent each, the same
 * source and note), all in one transaction: every one is recorded or
 * none.  Returns the new consents, in the order of @third_parties. */
GListModel *cf_consents_record_parties (CfSession         *session,
                                        const char        *student_id,
                                        const char *const *third_parties,
                                        CfConsentSource    source,
                                        const char        *wording_version,
                                        const char        *note,
                                        GError           **error);
/* Withdraws the consent @consent_id with a new row that refers to it (and
 * so every other standing grant for the same party: a student who takes
 * back their permission takes it back whole).  Audited. */
gboolean    cf_consents_withdraw       (CfSession         *session,
                                        const char        *consent_id,
                                        CfConsentSource    source,
                                        const char        *note,
                                        GError           **error);
/* One CfConsent per third party, as it stands now (a standing grant
 * first, else the latest), ordered by party.  Audited as a read. */
GListModel *cf_consents_list           (CfSession         *session,
                                        const char        *student_id,
                                        GError           **error);

/* The rule: acting on a student's behalf with a third party needs a
 * consent that covers that party (granted, not withdrawn) or a breach-of-
 * confidentiality record that disclosed to it.  Within a store lock (a
 * write); sets CF_ERROR_NO_CONSENT when neither exists. */
gboolean cf_consents_cover (CfStore    *store,
                            const char *student_id,
                            const char *third_party,
                            GError    **error);

G_END_DECLS
