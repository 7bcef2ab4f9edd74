/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-audit-entry.h"
#include "cf-store-private.h"

G_BEGIN_DECLS

/* A CfRowFunc: columns rowid, at, node_id, seq, actor_id, the actor's
 * name, action, subject, detail. */
gpointer _cf_audit_entry_new_from_row (sqlite3_stmt *stmt);
/* Its rowid on this desk: the tie-break of a page's position. */
gint64   _cf_audit_entry_get_row      (CfAuditEntry *self);

G_END_DECLS
