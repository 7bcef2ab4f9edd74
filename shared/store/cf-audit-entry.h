/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CF_TYPE_AUDIT_ENTRY (cf_audit_entry_get_type ())
G_DECLARE_FINAL_TYPE (CfAuditEntry, cf_audit_entry, CF, AUDIT_ENTRY, GObject)

/* One entry of the audit log as read back (cf_audit_log_list): when (UTC
 * seconds), on which machine (its node id) and where in that machine's
 * chain, who (their id, and their name when this desk knows the user; a
 * removed user keeps theirs), what, about what (a student's id, or NULL)
 * and its detail (ids and counts).  Immutable. */
gint64      cf_audit_entry_get_at        (CfAuditEntry *self);
const char *cf_audit_entry_get_machine   (CfAuditEntry *self);
gint64      cf_audit_entry_get_seq       (CfAuditEntry *self);
const char *cf_audit_entry_get_user_id   (CfAuditEntry *self);
const char *cf_audit_entry_get_user_name (CfAuditEntry *self);
const char *cf_audit_entry_get_action    (CfAuditEntry *self);
const char *cf_audit_entry_get_subject   (CfAuditEntry *self);
const char *cf_audit_entry_get_detail    (CfAuditEntry *self);

G_END_DECLS
