/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-store.h"

G_BEGIN_DECLS

/* The audit log records ids and actions, never names or note text.
 * Each machine keeps its own hash chain. */
gboolean cf_audit_verify (CfStore *store,
                          guint   *n_entries,
                          GError **error);

G_END_DECLS
