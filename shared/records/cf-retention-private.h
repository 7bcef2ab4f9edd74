/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: the office's rule read within work
 * already holding the store (the statistics' terms start with its year). */

#include "cf-retention.h"
#include "cf-store.h"

G_BEGIN_DECLS

/* The office's rule, or the default where none is set. */
gboolean _cf_retention_load_rule (CfStore         *store,
                                  CfRetentionRule *rule,
                                  GError         **error);

G_END_DECLS
