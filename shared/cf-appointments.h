/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-appointment.h"
#include "cf-session.h"

G_BEGIN_DECLS

/* Gives @appointment a new id and books it; refuses a double booking of
 * the same adviser. */
gboolean    cf_appointments_add    (CfSession      *session,
                                    CfAppointment  *appointment,
                                    GError        **error);
/* Appointments starting in [from, to), for one adviser or (NULL) all. */
GListModel *cf_appointments_list   (CfSession      *session,
                                    gint64          from,
                                    gint64          to,
                                    const char     *adviser_id,
                                    GError        **error);
gboolean    cf_appointments_cancel (CfSession      *session,
                                    const char     *id,
                                    GError        **error);

/* A new code the student types at the kiosk to check in (e.g. "HK7-Q3M").
 * Only its verifier is stored; a new code replaces the old one. */
char       *cf_appointments_new_booking_code (CfSession   *session,
                                              const char  *id,
                                              GError     **error);

G_END_DECLS
