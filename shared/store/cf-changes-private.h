/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: how a local change is recorded, so
 * that it replicates. */

#include "cf-store.h"

G_BEGIN_DECLS

/* Within a transaction: stamps @fields of @row_id with a new clock value
 * and queues the row for export to the sync folder. */
gboolean _cf_changes_record (CfStore           *self,
                             const char        *kind,
                             const char        *row_id,
                             const char *const *fields,
                             GError           **error);

G_END_DECLS
