/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"
#include "cf-user.h"

G_BEGIN_DECLS

/* Conflicts of interest.  An adviser who cannot act impartially for a
 * student declares it; from then on they cannot open the student's record
 * (_cf_session_check_student refuses), and the student is offered to a
 * colleague. */

/* Declares the signed-in user's conflict with the student.  Append-only
 * and audited; declaring twice changes nothing.  @note may say why. */
gboolean    cf_conflicts_declare  (CfSession  *session,
                                   const char *student_id,
                                   const char *note,
                                   GError    **error);
/* The advisers and managers who could take the student: not the user, not
 * in conflict with the student, and of the student's service where theirs
 * is restricted.  A GListModel of CfUser, by name.  Open to the user who
 * declared the conflict, who can no longer see the record itself. */
GListModel *cf_conflicts_offer    (CfSession  *session,
                                   const char *student_id,
                                   GError    **error);
/* Gives the student's open case to @adviser_id, one of those offered,
 * and the appointments that need another adviser (see
 * cf_conflicts_appointments_to_reassign) at times @adviser_id is free.
 * *@n_cases and *@n_appointments (either may be NULL) say how many moved:
 * none when the student has no open case.  Audited. */
gboolean    cf_conflicts_reassign (CfSession  *session,
                                   const char *student_id,
                                   const char *adviser_id,
                                   guint      *n_cases,
                                   guint      *n_appointments,
                                   GError    **error);

/* The appointments with the student that need another adviser because
 * their adviser declared a conflict: still to come, not cancelled, by
 * time.  The adviser who declared it gets their own; anyone who can open
 * the student's record gets every adviser's.  A GListModel of
 * CfAppointment (each with needs-adviser set). */
GListModel *cf_conflicts_appointments_to_reassign (CfSession  *session,
                                                   const char *student_id,
                                                   GError    **error);

G_END_DECLS
