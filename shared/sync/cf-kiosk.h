/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cf-store.h"
#include "cf-sync.h"

G_BEGIN_DECLS

/* A kiosk: a write-only drop box.  What a student types is sealed to the
 * office public key before it touches the disk; the kiosk can read only
 * the feed that desks publish.  Opening it is quick (no key derivation),
 * but it reads the disk: not on the GTK main thread. */
#define CF_TYPE_KIOSK (cf_kiosk_get_type ())
G_DECLARE_FINAL_TYPE (CfKiosk, cf_kiosk, CF, KIOSK, GObject)

typedef enum {
  CF_VISIT_DROP_IN,
  CF_VISIT_APPOINTMENT,
} CfVisitKind;

CfKiosk    *cf_kiosk_open         (const char *data_dir,
                                   const char *sync_dir,
                                   GError    **error);
CfStore    *cf_kiosk_get_store    (CfKiosk    *self);
const char *cf_kiosk_get_sync_dir (CfKiosk    *self);

/* Seals the visit and commits it durably; returns the ticket code, the
 * only thing the screen may show afterwards.  Every text member of
 * @details is checked (cf_text_check) and the call refused if one fails.
 * @appointment_id comes from cf_kiosk_find_booking, or NULL. */
char *cf_kiosk_submit (CfKiosk    *self,
                       CfVisitKind kind,
                       const char *topic,
                       const char *appointment_id,
                       JsonObject *details,
                       GError    **error);

/* Reads the office public key that visits are sealed to, once, ahead of
 * the first visit; cf_kiosk_submit reads it itself when it is not read.
 * Each visit is padded (see pad_visit) and sealed with libsodium's
 * crypto_box_seal, which makes a one-time key pair for every box. */
gboolean cf_kiosk_prepare_seal (CfKiosk *self,
                                GError **error);

/* One pass over the sync folder; problems go in @report. */
gboolean cf_kiosk_sync (CfKiosk      *self,
                        CfSyncReport *report,
                        GError      **error);

/* The newest feed (see cf-feed.h), or one made of the built-in texts when
 * no desk has published yet. */
JsonObject *cf_kiosk_get_feed (CfKiosk *self);

/* Checks a booking code against the feed: whether it names a booking, in
 * *found; FALSE only when the feed could not be read. */
gboolean cf_kiosk_find_booking (CfKiosk    *self,
                                const char *code,
                                gboolean   *found,
                                char      **appointment_id,
                                gint64     *start,
                                gint64     *end,
                                GError    **error);

/* A random code an anonymous student quotes later (e.g. "K7Q-M4P-2XW"). */
char *cf_kiosk_new_access_code (void);

G_END_DECLS
