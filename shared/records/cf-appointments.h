/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-appointment.h"
#include "cf-session.h"

G_BEGIN_DECLS

/* Gives @appointment a new id and books it; refuses a double booking of
 * the same adviser. */
gboolean    cf_appointments_add        (CfSession     *session,
                                        CfAppointment *appointment,
                                        GError       **error);
/* Appointments starting in [from, to), for one adviser or (NULL) all.
 * Not audited by itself: a list is audited when it is shown, with the
 * names cf_appointments_student_names() reads for it, or by
 * cf_appointments_list_shown() for a program that shows it without. */
GListModel *cf_appointments_list       (CfSession     *session,
                                        gint64         from,
                                        gint64         to,
                                        const char    *adviser_id,
                                        GError       **error);
/* cf_appointments_list() with an audit entry of the students it shows. */
GListModel *cf_appointments_list_shown (CfSession     *session,
                                        gint64         from,
                                        gint64         to,
                                        const char    *adviser_id,
                                        GError       **error);
gboolean    cf_appointments_cancel     (CfSession     *session,
                                        const char    *id,
                                        GError       **error);

/* The student's appointments, the latest first, cancelled ones too. */
GListModel *cf_appointments_list_for_student (CfSession  *session,
                                              const char *student_id,
                                              GError    **error);
/* Who an appointment can be booked with: the current advisers and
 * managers, by name.  A GListModel of CfUser. */
GListModel *cf_appointments_advisers         (CfSession  *session,
                                              GError    **error);

/* A new code the student types at the kiosk to check in (e.g. "HK7-Q3M").
 * Only its verifier is stored; a new code replaces the old one. */
char *cf_appointments_new_booking_code (CfSession  *session,
                                        const char *id,
                                        GError    **error);

/* Moves the appointment to [@start_at, @end_at); refuses a double booking
 * of its adviser and a cancelled appointment. */
gboolean    cf_appointments_move          (CfSession  *session,
                                           const char *id,
                                           gint64      start_at,
                                           gint64      end_at,
                                           GError    **error);
/* "booked", "arrived", "seen" or "no-show" (cancelling is
 * cf_appointments_cancel, and final). */
gboolean    cf_appointments_set_status    (CfSession  *session,
                                           const char *id,
                                           const char *status,
                                           GError    **error);
/* The week, Monday to Sunday in @zone, that holds @moment. */
void        cf_appointments_week_bounds   (GTimeZone  *zone,
                                           gint64      moment,
                                           gint64     *from,
                                           gint64     *to);
/* That week's appointments, for one adviser or (NULL) the office. */
GListModel *cf_appointments_list_week     (CfSession  *session,
                                           GTimeZone  *zone,
                                           gint64      moment,
                                           const char *adviser_id,
                                           GError    **error);
/* Student id → name for the students of @appointments the user may see
 * ("" for an anonymous student), in one transaction with one audited read
 * per student, and an entry for the list with every student it shows. */
GHashTable *cf_appointments_student_names (CfSession  *session,
                                           GListModel *appointments,
                                           GError    **error);

G_END_DECLS
