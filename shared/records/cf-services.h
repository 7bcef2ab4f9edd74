/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"

G_BEGIN_DECLS

/* Restricted services: an officer who serves only one group of students
 * (say, students who self-define as women) sees only the students in that
 * group.  _cf_session_check_student enforces it; a manager sets both sides
 * here.  A user's new restriction takes effect at their next sign-in. */

/* @service NULL lifts the restriction.  Managers only; audited. */
gboolean cf_services_set_user_service  (CfSession  *session,
                                        const char *user_id,
                                        const char *service,
                                        GError    **error);
/* @service_group NULL takes the student out of any group.  Managers only
 * (who must be able to open the record); audited without the group, which
 * is personal. */
gboolean cf_services_set_student_group (CfSession  *session,
                                        const char *student_id,
                                        const char *service_group,
                                        GError    **error);
/* The services in use, for a manager to choose from; sorted. */
GStrv    cf_services_list              (CfSession  *session,
                                        GError    **error);

G_END_DECLS
