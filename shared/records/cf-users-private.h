/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: changes to the users table that
 * another module's rule allows are written here. */

#include "cf-session.h"
#include "cf-store.h"

G_BEGIN_DECLS

/* Within the caller's write: the service a current user is restricted
 * to (NULL for none), stamped for sync.  A removed or unknown user is
 * CF_ERROR_NOT_FOUND.  Not audited, nor checked: the caller does both. */
gboolean _cf_users_set_restricted_service (CfStore    *store,
                                           const char *user_id,
                                           const char *service,
                                           GError    **error);

/* Within the caller's write: whether @adviser_id may take @student_id
 * (a ticket passed on, an appointment booked or given): a current adviser
 * or manager with no declared conflict with the student.  Otherwise
 * FALSE: CF_ERROR_NOT_FOUND with @not_adviser as its sentence, or
 * CF_ERROR_DENIED for a conflict. */
gboolean _cf_users_check_may_advise (CfSession  *session,
                                     const char *adviser_id,
                                     const char *student_id,
                                     const char *not_adviser,
                                     GError    **error);

G_END_DECLS
