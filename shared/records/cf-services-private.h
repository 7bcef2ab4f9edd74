/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only. */

#include "cf-session.h"

G_BEGIN_DECLS

/* Only a manager changes the group a student belongs to; within a write
 * (cf_students_update asks too, so both paths keep the rule). */
gboolean _cf_services_check_may_set (CfSession  *session,
                                     GError    **error);

G_END_DECLS
