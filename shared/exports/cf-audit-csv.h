/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The audit log as CSV, for a spreadsheet: a header, then a row per entry
 * (CfAuditEntry) with columns at (ISO 8601 in @zone), machine, seq, user
 * (the name, or the id of a user this desk does not know), user_id,
 * action, subject, detail.  A cell that could run as a formula is quoted
 * with a leading apostrophe. */
void cf_audit_csv_begin  (GString    *out);
void cf_audit_csv_append (GString    *out,
                          GListModel *entries,
                          GTimeZone  *zone);

G_END_DECLS
