/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"

G_BEGIN_DECLS

/* The register of subject access requests (design.md, "The life of a
 * record"): when each came, when it is due, any extension and its reason,
 * and when it was answered.  Managers only. */

/* The most an answer may be extended by, in months. */
#define CF_ACCESS_REQUEST_MAX_EXTENSION 2

/* The day an answer is due, as the ICO counts it: one calendar month
 * after @received (plus @extension_months more), on the same day of the
 * month, or that month's last day when it has no such day (received on
 * 31 January, due on 28 or 29 February); a due day on a Saturday or a
 * Sunday moves to the Monday after.  Bank holidays are not counted: the
 * office answers by the weekday before one if it must. */
void cf_access_request_due_day (const GDate *received,
                                guint        extension_months,
                                GDate       *due);

typedef struct {
  char   *id;
  char   *student_id;
  char   *student_name;       /* NULL for a student who stays anonymous */
  GDate   received;
  GDate   due;
  guint   extension_months;
  char   *extension_reason;   /* NULL unless extended */
  gint64  done_at;            /* UTC seconds; 0 while open */
} CfAccessRequest;

void cf_access_request_free (CfAccessRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfAccessRequest, cf_access_request_free)

/* Records a request from @student_id received on @received; returns its
 * id.  Audited. */
char      *cf_access_requests_add       (CfSession   *session,
                                         const char  *student_id,
                                         const GDate *received,
                                         GError     **error);
/* Every request, the open ones first by due day, then those answered; a
 * GPtrArray of CfAccessRequest.  Audited as a list of the students shown. */
GPtrArray *cf_access_requests_list      (CfSession   *session,
                                         GError     **error);
/* Extends an open request to @months (1 or 2) past its month, with the
 * reason the student is told; the reason stays on the request. */
gboolean   cf_access_requests_extend    (CfSession   *session,
                                         const char  *id,
                                         guint        months,
                                         const char  *reason,
                                         GError     **error);
/* Marks an open request answered. */
gboolean   cf_access_requests_done      (CfSession   *session,
                                         const char  *id,
                                         GError     **error);
/* How many open requests are due on or before @days after @today
 * (overdue ones too): a count, with no names, for the manager's Today. */
gboolean   cf_access_requests_count_due (CfSession   *session,
                                         const GDate *today,
                                         guint        days,
                                         guint       *n_due,
                                         GError     **error);

G_END_DECLS
