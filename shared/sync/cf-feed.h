/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cf-office-settings.h"
#include "cf-session.h"

G_BEGIN_DECLS

/* The kiosk feed: the little a kiosk may read, published by desks.  It
 * never holds a name:
 *
 *   { "format": 1, "at": seconds, "office": text, "hours": text,
 *     "topics": [text], "consent": { "version": text, "text": text,
 *     "parties": [{ "id": text, "label": text }] },
 *     "idle": { "reset", "reading", "warning": seconds, each only when the office set it },
 *     "calling": [ticket code], "waiting": drop-ins waiting now, "bookings": [{ "verifier": hex,
 *     "appointment": id, "start": seconds, "end": seconds }],
 *     "roster": [{ "id", "kind", "sign_public", "revoked" }],
 *     "issued": { "day": "YYYY-MM-DD", the office's today, "codes": [ticket code] } }
 */

/* The feed as this desk would publish it now.  Makes sure the consent
 * wording it offers is stored, so consents can refer to its version. */
JsonObject *cf_feed_build (CfSession *session,
                           GError   **error);

/* The idle time the office set for @idle, as the feed carries it to
 * kiosks; 0 when it set none, or when the feed's is not one a desk could
 * set. */
guint      cf_feed_idle_seconds    (JsonObject *feed,
                                    CfIdleTime  idle);
/* Built-in texts for an office that has not written its own. */
char      *cf_feed_default_consent (char      **version);
GStrv      cf_feed_default_topics  (void);
JsonArray *cf_feed_default_parties (void);

/* Adds to @codes (a set of codes as cf_feed_normalise_code gives them,
 * owned by the set) the ticket codes @feed says were handed out on @day
 * ("YYYY-MM-DD"); none when the feed's list is of another day. */
void cf_feed_issued_codes (JsonObject *feed,
                           const char *day,
                           GHashTable *codes);

/* A booking code's verifier: a keyed hash, so the feed reveals no code. */
char *cf_feed_booking_verifier (const guint8 *feed_key,
                                const char   *code);
/* Upper-case letters and digits only, as typed codes are compared. */
char *cf_feed_normalise_code   (const char   *code);

G_END_DECLS
