/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: changes to the users table that
 * another module's rule allows are written here. */

#include "cf-store.h"

G_BEGIN_DECLS

/* Within the caller's write: the service a current user is restricted
 * to (NULL for none), stamped for sync.  A removed or unknown user is
 * CF_ERROR_NOT_FOUND.  Not audited, nor checked: the caller does both. */
gboolean _cf_users_set_restricted_service (CfStore    *store,
                                           const char *user_id,
                                           const char *service,
                                           GError    **error);

G_END_DECLS
