/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"

G_BEGIN_DECLS

/* Sets up a new office with this machine as its first desk and @user as its
 * first manager.  Slow (key derivation): not for the GTK main thread. */
gboolean   cf_office_create        (const char         *data_dir,
                                    const char         *sync_dir,
                                    const char         *office_name,
                                    const char         *user,
                                    const char         *passphrase,
                                    GError            **error);
/* The same on a thread of its own, for the desk's set-up page. */
void       cf_office_create_async  (const char         *data_dir,
                                    const char         *sync_dir,
                                    const char         *office_name,
                                    const char         *user,
                                    const char         *passphrase,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean   cf_office_create_finish (GAsyncResult       *result,
                                    GError            **error);
/* NULL, with no error, for an office that has no name yet. */
char      *cf_office_get_name      (CfSession          *session,
                                    GError            **error);
GTimeZone *cf_office_get_time_zone (CfSession          *session);
/* Midnight at the start of the office's today, in its time zone. */
GDateTime *cf_office_today_start   (CfSession          *session);
/* When the office opens and closes, as minutes after midnight: the first
 * two times of day its opening-hours text names ("Monday to Friday, 10:00
 * to 16:00" opens at 600 and closes at 960; "9am-5pm" too), or 9:00 to
 * 17:00 if it names fewer.  Booking offers start times between them and
 * the week's grid shows those hours. */
void       cf_office_hours_parse   (const char         *text,
                                    int                *opens,
                                    int                *closes);
/* Whether @text is opening hours that cf_office_hours_parse reads as it
 * was meant: one line, with the time the office opens before the time it
 * closes; otherwise a sentence saying how to write them. */
gboolean   cf_office_hours_check   (const char         *text,
                                    GError            **error);

gboolean cf_passphrase_check (const char *passphrase,
                              GError    **error);

G_END_DECLS
