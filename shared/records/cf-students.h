/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"
#include "cf-student.h"

G_BEGIN_DECLS

/* Every call is audited; reads of a record count as reads of a case. */
gboolean    cf_students_add                     (CfSession  *session,
                                                 CfStudent  *student,
                                                 GError    **error);
CfStudent  *cf_students_get                     (CfSession  *session,
                                                 const char *id,
                                                 GError    **error);
GListModel *cf_students_list                    (CfSession  *session,
                                                 GError    **error);
gboolean    cf_students_set_removed_from_course (CfSession  *session,
                                                 const char *id,
                                                 gboolean    removed,
                                                 const char *reason,
                                                 GError    **error);

/* The students flagged as removed from their course that the user may
 * see (the Security notice is about them), by name.  Audited. */
GListModel *cf_students_list_flagged (CfSession *session,
                                      GError   **error);

/* Saves @student's fields; only those that differ are stamped, so edits of
 * different fields on different desks both survive. */
gboolean cf_students_update  (CfSession  *session,
                              CfStudent  *student,
                              GError    **error);
/* Destroys the student and everything held about them, on every machine
 * (the one list is _cf_student_data_destroy): rows in every table, search
 * index entries, tickets and their submissions, what Security was sent.
 * Their contributions are first folded into the anonymous statistics.  A
 * tombstone with no personal data stays, late writes about them are
 * dropped, and one audit entry says who, when, why (@reason, which names
 * nobody) and how many records.  Managers only.  @n_records (may be NULL)
 * is how many records went. */
gboolean cf_students_destroy (CfSession  *session,
                              const char *id,
                              const char *reason,
                              guint      *n_records,
                              GError    **error);

G_END_DECLS
