/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cf-session.h"

G_BEGIN_DECLS

/* Work for the signed-in session, run on its store's writer thread so the
 * GTK main thread never waits on the database or the disk. */
typedef gpointer (*DeskSessionFunc) (CfSession     *session,
                                     gpointer       data,
                                     GCancellable  *cancellable,
                                     GError       **error);

void     desk_session_run_async  (CfSession          *session,
                                  DeskSessionFunc     func,
                                  gpointer            data,
                                  GDestroyNotify      data_free,
                                  GDestroyNotify      result_free,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
gpointer desk_session_run_finish (GAsyncResult       *result,
                                  GError            **error);

/* The same for a change that has no value to give back: it succeeds or
 * fails with an error. */
typedef gboolean (*DeskSessionAction) (CfSession     *session,
                                       gpointer       data,
                                       GCancellable  *cancellable,
                                       GError       **error);

void     desk_session_do_async  (CfSession          *session,
                                 DeskSessionAction   action,
                                 gpointer            data,
                                 GDestroyNotify      data_free,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data);
gboolean desk_session_do_finish (GAsyncResult       *result,
                                 GError            **error);

/* TRUE for the error a cancelled job reports: nobody is waiting for it. */
gboolean desk_error_is_cancelled (const GError *error);

/* The office's time zone, read on the writer thread; NULL when the desk
 * was locked meanwhile. */
GTimeZone *desk_session_get_zone (CfSession *session,
                                  GError   **error);

G_END_DECLS
