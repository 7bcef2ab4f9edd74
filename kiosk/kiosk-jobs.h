/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cf-kiosk.h"

G_BEGIN_DECLS

/* Everything the kiosk does with its database, the disk or the KDF, as
 * GTask jobs on the store's writer thread (or a worker thread for what
 * does not touch the store), so the GTK main thread never waits on any. */

/* What a student hands in.  Freeing it wipes every string in it. */
typedef struct {
  CfVisitKind  kind;
  char        *topic;          /* the office's wording, or NULL */
  char        *booking_code;   /* typed at arrival, or NULL */
  JsonObject  *details;
} KioskVisit;

KioskVisit *kiosk_visit_new  (CfVisitKind kind);
void        kiosk_visit_free (KioskVisit *visit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskVisit, kiosk_visit_free)

/* Wipes every string of @details in place, then drops the reference. */
void kiosk_details_wipe (JsonObject *details);

typedef struct {
  char     *ticket;            /* NULL when the booking code was not found */
  gint64    start;             /* the appointment's start, for a booking code */
  gint64    durable_at;        /* monotonic time the commit returned: how long
                                * a student waits for the disk is measured to it */
} KioskReceipt;

void kiosk_receipt_free (KioskReceipt *receipt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskReceipt, kiosk_receipt_free)

/* Seals and commits @visit (taken); for a booking code, first finds the
 * appointment in the feed. */
void          kiosk_submit_async  (CfKiosk            *kiosk,
                                   KioskVisit         *visit,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
KioskReceipt *kiosk_submit_finish (GAsyncResult       *result,
                                   GError            **error);

typedef struct {
  gboolean    folder_available;
  char       *problem;         /* a sentence for staff, or NULL */
  guint       written;
  JsonObject *feed;            /* the newest feed */
} KioskSyncResult;

void kiosk_sync_result_free (KioskSyncResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSyncResult, kiosk_sync_result_free)

/* One pass over the sync folder, then the newest feed.  Problems with
 * the folder are in the result, for staff: the kiosk goes on without it. */
void             kiosk_sync_async  (CfKiosk            *kiosk,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
KioskSyncResult *kiosk_sync_finish (GAsyncResult       *result,
                                    GError            **error);

/* Opens the kiosk of @data_dir on a worker thread, with the feed it
 * holds, so the first screen does not wait on the sync folder.  Fails
 * with CF_ERROR_NOT_SET_UP when nothing is enrolled there yet, and with
 * CF_ERROR_EXISTS when the folder holds another kind of machine. */
void     kiosk_open_async  (const char         *data_dir,
                            const char         *sync_dir,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data);
CfKiosk *kiosk_open_finish (GAsyncResult       *result,
                            gboolean           *pin_set,
                            JsonObject        **feed,
                            GError            **error);

/* Checks @pin against the staff PIN of @data_dir on a worker thread:
 * Argon2id is slow on purpose.  The copy of @pin is wiped once checked.
 * Fails with CF_ERROR_WRONG_PASSPHRASE for a wrong PIN, and with
 * CF_ERROR_NOT_SET_UP when none was set. */
void     kiosk_pin_verify_async  (const char         *data_dir,
                                  const char         *pin,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
gboolean kiosk_pin_verify_finish (GAsyncResult       *result,
                                  GError            **error);

/* Enrolls the kiosk of @data_dir from @bundle with the one-time @code,
 * then sets the staff @pin, on a worker thread: both derive a key with
 * Argon2id.  With @bundle NULL, only sets the PIN.  The copies of @code
 * and @pin are wiped once used. */
void     kiosk_set_up_async  (const char         *data_dir,
                              const char         *sync_dir,
                              const char         *bundle,
                              const char         *code,
                              const char         *pin,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data);
gboolean kiosk_set_up_finish (GAsyncResult       *result,
                              GError            **error);

G_END_DECLS
