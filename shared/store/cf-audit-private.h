/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: adding to the audit log. */

#include "cf-store.h"

G_BEGIN_DECLS

/* Within the transaction of what it records: ids and an action, never a
 * name or a note's text. */
gboolean _cf_audit_append (CfStore    *store,
                           const char *actor_id,
                           const char *action,
                           const char *subject,
                           const char *detail,
                           GError    **error);

G_END_DECLS
