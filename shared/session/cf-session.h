/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cf-store.h"

G_BEGIN_DECLS

typedef enum {
  CF_ROLE_ADVISER,
  CF_ROLE_MANAGER,
  CF_ROLE_ADMIN,
} CfRole;

/* What a role may do.  Every record API asks here first, so no program can
 * forget a rule: an administrator runs the office but never reads a case. */
typedef enum {
  CF_PERMISSION_READ_CASES,       /* students, cases, entries, appointments */
  CF_PERMISSION_EXPORT_SECURITY,
  CF_PERMISSION_MANAGE_USERS,
  CF_PERMISSION_ADMINISTER,       /* enrol machines, verify, back up */
  CF_PERMISSION_VIEW_AUDIT,
  CF_PERMISSION_DESTROY_RECORDS,  /* retention and erasure on request */
  CF_PERMISSION_FLAG_STUDENTS,    /* removed from their course: what Security is told */
  CF_PERMISSION_OFFICE_SETTINGS,  /* hours, topics, consent wording, idle times */
  CF_PERMISSION_SUBJECT_ACCESS,   /* a student's records returned to them, and the register */
} CfPermission;

#define CF_TYPE_SESSION (cf_session_get_type ())
G_DECLARE_FINAL_TYPE (CfSession, cf_session, CF, SESSION, GObject)

const char *cf_role_to_string   (CfRole      role);
gboolean    cf_role_from_string (const char *text,
                                 CfRole     *role);

CfSession *cf_session_sign_in                 (const char         *data_dir,
                                               const char         *user,
                                               const char         *passphrase,
                                               GError            **error);
void       cf_session_sign_in_async           (const char         *data_dir,
                                               const char         *user,
                                               const char         *passphrase,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
/* The passphrase is the first line of @passphrase_file, read on the
 * thread; the result comes from cf_session_sign_in_finish. */
void       cf_session_sign_in_from_file_async (const char         *data_dir,
                                               const char         *user,
                                               const char         *passphrase_file,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
/* How far a long part of signing in has got, from 0 to 1. */
typedef void (*CfSessionProgress) (double   fraction,
                                   gpointer user_data);

void       cf_session_sign_in_with_progress_async (const char         *data_dir,
                                                   const char         *user,
                                                   const char         *passphrase,
                                                   CfSessionProgress   progress,
                                                   gpointer            progress_data,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
CfSession *cf_session_sign_in_finish              (GAsyncResult       *result,
                                                   GError            **error);

void     cf_session_lock        (CfSession          *self);
/* For the apps: the lock waits its turn on the store's thread, behind any
 * work already under way, so the GTK main thread never waits for it. */
void     cf_session_lock_async  (CfSession          *self,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data);
gboolean cf_session_lock_finish (CfSession          *self,
                                 GAsyncResult       *result,
                                 GError            **error);
gboolean cf_session_is_locked   (CfSession          *self);

CfStore    *cf_session_get_store     (CfSession *self);
const char *cf_session_get_data_dir  (CfSession *self);
const char *cf_session_get_user_id   (CfSession *self);
const char *cf_session_get_user_name (CfSession *self);
CfRole      cf_session_get_role      (CfSession *self);

gboolean cf_session_can     (CfSession   *self,
                             CfPermission permission);
gboolean cf_session_require (CfSession   *self,
                             CfPermission permission,
                             GError     **error);

G_END_DECLS
