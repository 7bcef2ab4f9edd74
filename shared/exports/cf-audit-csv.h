/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cf-audit.h"
#include "cf-session.h"

G_BEGIN_DECLS

/* The audit log as CSV, for a spreadsheet: a header, then a row per entry
 * with columns at (ISO 8601), machine, seq, user (the name, or the id of a
 * user this desk does not know), user_id, action, subject, detail.
 *
 * Every entry @filter keeps, up to @limit (0: all), newest first, as CSV
 * into @path (mode 0600, times in the office's zone), for a manager.  Read
 * and written under one transaction that also appends one "audit-exported"
 * entry (the student filtered on, if any, and the number of entries); the
 * file is removed when that fails.  @n_entries: how many were written. */
gboolean cf_audit_log_export (CfSession           *session,
                              const CfAuditFilter *filter,
                              guint                limit,
                              const char          *path,
                              guint               *n_entries,
                              GError             **error);

G_END_DECLS
