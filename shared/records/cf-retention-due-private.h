/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-retention-due.h"

G_BEGIN_DECLS

/* Takes nothing: copies the texts and references the days. */
CfRetentionDue *_cf_retention_due_new (const char *student_id,
                                       const char *name,
                                       GDateTime  *last_contact,
                                       GDateTime  *due,
                                       const char *hold_reason);

G_END_DECLS
