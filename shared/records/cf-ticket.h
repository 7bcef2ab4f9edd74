/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CF_TYPE_TICKET (cf_ticket_get_type ())
G_DECLARE_FINAL_TYPE (CfTicket, cf_ticket, CF, TICKET, GObject)

/* A kiosk ticket as the queue shows it.  It never carries the student's
 * submission: only what a queue needs.
 *
 * Properties: id, code ("D-4K7"), kind ("drop-in" or "appointment"),
 * topic, waiting-since, status ("waiting", "called", "seen", "no-show",
 * "closed"), student-id, appointment-id, adviser-id, adviser-name,
 * called-at, appointment-start (UTC seconds, 0 when no appointment),
 * position (1 for the next to be called, 0 when not waiting) and
 * estimated-wait (seconds, -1 when not waiting), and unmatched (TRUE for
 * an arrival without a booking code whose name and date of birth matched
 * no single appointment of the day: an adviser matches it by hand). */
CfTicket   *cf_ticket_new                   (void);
const char *cf_ticket_get_id                (CfTicket *self);
const char *cf_ticket_get_code              (CfTicket *self);
const char *cf_ticket_get_kind              (CfTicket *self);
const char *cf_ticket_get_topic             (CfTicket *self);
const char *cf_ticket_get_status            (CfTicket *self);
const char *cf_ticket_get_student_id        (CfTicket *self);
const char *cf_ticket_get_appointment_id    (CfTicket *self);
const char *cf_ticket_get_adviser_id        (CfTicket *self);
const char *cf_ticket_get_adviser_name      (CfTicket *self);
gint64      cf_ticket_get_waiting_since     (CfTicket *self);
gint64      cf_ticket_get_called_at         (CfTicket *self);
gint64      cf_ticket_get_appointment_start (CfTicket *self);
gint64      cf_ticket_get_position          (CfTicket *self);
gint64      cf_ticket_get_estimated_wait    (CfTicket *self);
gboolean    cf_ticket_get_unmatched         (CfTicket *self);
/* TRUE when both show the same thing (a queue refresh keeps such rows). */
gboolean    cf_ticket_equal                 (CfTicket *a,
                                             CfTicket *b);

G_END_DECLS
