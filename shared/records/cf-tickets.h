/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"
#include "cf-sync.h"
#include "cf-ticket.h"

G_BEGIN_DECLS

/* The drop-in queue: tickets the kiosks hand in.  Every change is one
 * transaction that replicates and is audited; errors name a ticket by its
 * code, never a student. */

/* How long the queue moves by one place when the desk has no history to
 * go by (see cf_tickets_call_interval). */
#define CF_TICKETS_DEFAULT_INTERVAL (15 * 60)

/* How long after a no-show it can be undone. */
#define CF_TICKETS_UNDO_SECONDS 60

/* How long any ticket keeps what the student typed at the kiosk. */
#define CF_TICKETS_KEEP_DETAILS_DAYS 7

/* Today's waiting and called tickets (the office's day), called ones
 * first, then waiting ones oldest first, each with its place and an
 * estimate of its wait.  Tickets of students the user may not see are
 * left out. */
GListModel *cf_tickets_list_today     (CfSession *session,
                                       GError   **error);
/* Every ticket of today, whatever became of it, in the order they came
 * (the day's history); the same tickets left out. */
GListModel *cf_tickets_list_today_all (CfSession *session,
                                       GError   **error);
/* The estimate's rule: the median time between one call and the next
 * over the last @days days (only gaps within opening hours, under two
 * hours, count); CF_TICKETS_DEFAULT_INTERVAL with fewer than five such
 * gaps.  A waiting ticket in place p expects p times this. */
gint64      cf_tickets_call_interval  (CfSession *session,
                                       guint      days,
                                       GError   **error);

/* The topic the student last gave at the kiosk, or NULL (and TRUE) if
 * they never gave one. */
gboolean cf_tickets_kiosk_topic (CfSession  *session,
                                 const char *student_id,
                                 char      **topic,
                                 GError    **error);

/* A ticket of today by its id or its code ("D-4K7", any case), for
 * scripts; NULL with CF_ERROR_NOT_FOUND. */
CfTicket *cf_tickets_find_today (CfSession  *session,
                                 const char *id_or_code,
                                 GError    **error);

/* The oldest waiting ticket not meant for another adviser is called by
 * the signed-in user; NULL with CF_ERROR_NOT_FOUND when nobody waits. */
CfTicket *cf_tickets_call_next    (CfSession  *session,
                                   GError    **error);
gboolean  cf_tickets_call         (CfSession  *session,
                                   const char *id,
                                   GError    **error);
/* Calls a called ticket again: the kiosk shows it afresh. */
gboolean  cf_tickets_recall       (CfSession  *session,
                                   const char *id,
                                   GError    **error);
/* The student did not come: the ticket leaves the queue.  It keeps what
 * the student typed only while the no-show can be undone (see
 * cf_tickets_forget_old). */
gboolean  cf_tickets_no_show      (CfSession  *session,
                                   const char *id,
                                   GError    **error);
/* Back to waiting or called, as it was, within CF_TICKETS_UNDO_SECONDS
 * of the no-show: a slip of the finger costs the student nothing. */
gboolean  cf_tickets_undo_no_show (CfSession  *session,
                                   const char *id,
                                   GError    **error);
/* Back to its old place in the queue, for anyone to call.  A no-show
 * drop-in whose submission was cleared, and that has no student yet, is
 * refused: nothing would be left to open it from. */
gboolean  cf_tickets_requeue      (CfSession  *session,
                                   const char *id,
                                   GError    **error);
/* Into @adviser_id's queue, waiting. */
gboolean  cf_tickets_transfer     (CfSession  *session,
                                   const char *id,
                                   const char *adviser_id,
                                   GError    **error);

/* The student was seen: a called ticket that was opened leaves the queue. */
gboolean cf_tickets_seen (CfSession  *session,
                          const char *id,
                          GError    **error);

/* The adviser sees the student: a waiting ticket is called first (its
 * code shows on the kiosk), then from the sealed submission, links the
 * student's record (matched by student ID, the appointment's student, or
 * the one an adviser matched an arrival to) or creates one (a drop-in
 * only; an anonymous student: no name, a keyed hash of their access
 * code), opens a case, keeps the monitoring answers and turns the
 * consent slip into consent records.  The submission is then removed
 * from the ticket: it lives on only in the records.  The ticket stays
 * called until cf_tickets_seen.  An unmatched arrival is refused (match
 * it first).  Returns the student's id; opening an opened ticket returns
 * the same id. */
char *cf_tickets_open (CfSession  *session,
                       const char *id,
                       GError    **error);

/* An unmatched arrival (cf_ticket_get_unmatched) matched by hand: to one
 * of today's booked appointments (marked arrived, the ticket goes to its
 * adviser), or to a student. */
gboolean cf_tickets_match          (CfSession  *session,
                                    const char *id,
                                    const char *appointment_id,
                                    GError    **error);
gboolean cf_tickets_match_student  (CfSession  *session,
                                    const char *id,
                                    const char *student_id,
                                    GError    **error);
/* What an arrival typed at the kiosk, for an adviser matching it: each
 * NULL when not given. */
gboolean cf_tickets_get_arrival    (CfSession  *session,
                                    const char *id,
                                    char      **name,
                                    char      **date_of_birth,
                                    GError    **error);
/* A new student record from an unmatched arrival's name and date of
 * birth, on an adviser's explicit word, linked to the ticket; returns its
 * id.  Opening the ticket then opens that record. */
char    *cf_tickets_create_student (CfSession  *session,
                                    const char *id,
                                    GError    **error);

/* The keyed hash an anonymous student's access code is kept as. */
char *cf_tickets_access_code_hash (CfSession  *session,
                                   const char *access_code,
                                   GError    **error);

/* What the student typed at the kiosk is cleared, on every desk (a
 * replicated change), from every ticket that no longer needs it: one
 * seen or closed, a no-show once CF_TICKETS_UNDO_SECONDS have passed, and
 * any ticket that started waiting over CF_TICKETS_KEEP_DETAILS_DAYS days
 * ago.  Cheap when there is nothing to clear: it reads an index of the
 * tickets that hold a submission.  Audited with a count.  @forgotten
 * (may be NULL) receives how many tickets it cleared. */
gboolean cf_tickets_forget_old (CfSession *session,
                                guint     *forgotten,
                                GError   **error);

/* One sync pass (cf_sync_run) that also handles what it brought: an
 * appointment ticket marks its appointment arrived and goes to that
 * appointment's adviser.  *@arrivals (when not NULL) receives the
 * waiting tickets that arrived in this pass, for notifications.  For a
 * user who may read cases, cf_tickets_forget_old runs first, so its
 * change leaves with the pass. */
gboolean cf_tickets_sync (CfSession    *session,
                          const char   *sync_dir,
                          CfSyncReport *report,
                          GListModel  **arrivals,
                          GError      **error);

G_END_DECLS
