/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: the students and monitoring tables
 * are written here, whoever collected the details (a desk or the kiosk)
 * and whichever rule allows the change. */

#include "cf-session.h"
#include "cf-student.h"

G_BEGIN_DECLS

/* The checks of every field a student record may hold.  The name is
 * checked only when given: a student who came through the kiosk may stay
 * anonymous. */
gboolean _cf_students_check_fields      (CfStudent  *student,
                                         GError    **error);
/* Within the caller's write: inserts @student, whose id and created_at
 * the caller set, with @access_code_hash (NULL unless the student stays
 * anonymous), indexes it for search, stamps every column and audits
 * "student-added" with @audit_detail. */
gboolean _cf_students_insert            (CfSession  *session,
                                         CfStudent  *student,
                                         const char *access_code_hash,
                                         const char *audit_detail,
                                         GError    **error);
/* Within the caller's write: the student's answers to the monitoring
 * questions, replacing any earlier ones.  Each may be NULL (not
 * answered); @date_of_birth is a valid YYYY-MM-DD, which the caller
 * checked, the others are checked here as lines of text. */
gboolean _cf_students_set_monitoring    (CfSession  *session,
                                         const char *student_id,
                                         const char *date_of_birth,
                                         const char *gender,
                                         const char *ethnicity,
                                         GError    **error);
/* Within the caller's write: the student's service group, stamped for
 * sync.  Not audited, nor checked: the caller does both. */
gboolean _cf_students_set_service_group (CfStore    *store,
                                         const char *id,
                                         const char *service_group,
                                         GError    **error);

/* Only a manager changes the group a student belongs to: within a write. */
gboolean _cf_students_check_may_set_group (CfSession *session,
                                           GError   **error);

/* cf_students_destroy without the search index's clean-up, for a run of
 * destructions (a purge) that cleans up once, at its end, with
 * _cf_student_data_clean_up. */
gboolean _cf_students_destroy_one (CfSession  *session,
                                   const char *id,
                                   const char *reason,
                                   guint      *n_records,
                                   GError    **error);

/* Destroys those of @ids still there and not held, in one transaction:
 * a purge's batch, which a crash leaves wholly done or wholly not.
 * *@n_students says how many were destroyed.  No clean-up either. */
gboolean _cf_students_destroy_many (CfSession         *session,
                                    const char *const *ids,
                                    const char        *reason,
                                    guint             *n_students,
                                    GError           **error);

G_END_DECLS
