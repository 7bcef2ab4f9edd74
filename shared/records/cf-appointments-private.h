/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: the appointments table is written
 * here, whether a desk changes a booking or the queue sees the student
 * arrive. */

#include "cf-appointment.h"
#include "cf-session.h"

G_BEGIN_DECLS

/* Within the caller's write: a booked appointment becomes arrived,
 * stamped and audited "appointment-arrived" about @student_id.  One in
 * any other state is left as it is, which is not an error. */
gboolean _cf_appointments_mark_arrived (CfSession  *session,
                                        const char *appointment_id,
                                        const char *student_id,
                                        GError    **error);

/* Within the caller's lock: the student's appointments that need another
 * adviser (see the needs-adviser property of CfAppointment), of
 * @adviser_id or (NULL) of any adviser, by time, into @appointments. */
gboolean _cf_appointments_list_needing_adviser (CfSession  *session,
                                                const char *student_id,
                                                const char *adviser_id,
                                                GListStore *appointments,
                                                GError    **error);

/* Within the caller's write: gives @appointment to @adviser_id, audited
 * "appointment-reassigned", unless that adviser has another appointment
 * then; *@given says which. */
gboolean _cf_appointments_give (CfSession     *session,
                                CfAppointment *appointment,
                                const char    *adviser_id,
                                gboolean      *given,
                                GError       **error);

G_END_DECLS
