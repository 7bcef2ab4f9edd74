/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CF_TYPE_APPOINTMENT (cf_appointment_get_type ())
G_DECLARE_FINAL_TYPE (CfAppointment, cf_appointment, CF, APPOINTMENT, GObject)

/* Properties: id, student-id, adviser-id, adviser-name, start-at, end-at (UTC
 * seconds), mode, topic, room, status, created-at, needs-adviser (its adviser
 * has declared a conflict of interest with its student and it is still to
 * come: someone else must take it). */
CfAppointment *cf_appointment_new               (void);
const char    *cf_appointment_get_id            (CfAppointment *self);
const char    *cf_appointment_get_student_id    (CfAppointment *self);
const char    *cf_appointment_get_adviser_id    (CfAppointment *self);
gint64         cf_appointment_get_start_at      (CfAppointment *self);
gint64         cf_appointment_get_end_at        (CfAppointment *self);
const char    *cf_appointment_get_status        (CfAppointment *self);
gboolean       cf_appointment_get_needs_adviser (CfAppointment *self);

G_END_DECLS
