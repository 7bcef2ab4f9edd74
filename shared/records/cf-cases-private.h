/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: the cases table is written here,
 * whether an entry or a ticket from the queue needs the case, or a
 * handover moves it. */

#include "cf-session.h"

G_BEGIN_DECLS

/* Within the caller's write: the id of the student's newest open case,
 * else of a new one about @topic (NULL if none) with the user as adviser,
 * opened at @opened_at and audited as "case-opened".  NULL on failure. */
char    *_cf_cases_open_case (CfSession  *session,
                              const char *student_id,
                              const char *topic,
                              gint64      opened_at,
                              GError    **error);
/* Within the caller's write: the case goes to @adviser_id, stamped for
 * sync.  Not audited: the caller says why it moved. */
gboolean _cf_cases_move_case (CfStore    *store,
                              const char *case_id,
                              const char *adviser_id,
                              GError    **error);

G_END_DECLS
