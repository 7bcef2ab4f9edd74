/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: folding a student's contacts into
 * anonymous counts before their records are destroyed. */

#include "cf-statistics.h"
#include "cf-store.h"

G_BEGIN_DECLS

/* Within the destroying transaction, before the student's rows go: adds
 * the student's contacts to the folded counts, which replicate. */
gboolean _cf_statistics_fold_student (CfStore    *store,
                                      const char *student_id,
                                      GError    **error);

G_END_DECLS
