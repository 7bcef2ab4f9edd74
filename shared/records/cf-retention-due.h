/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CF_TYPE_RETENTION_DUE (cf_retention_due_get_type ())
G_DECLARE_FINAL_TYPE (CfRetentionDue, cf_retention_due, CF, RETENTION_DUE, GObject)

/* A student whose records the retention rule makes due (cf_retention_list_due).
 *
 * Properties, all read-only: student-id; name (NULL for a student who
 * stays anonymous); last-contact and due (GDateTime, in the office's time
 * zone: the day of the last contact or last case resolved, and the day the
 * records fall due); hold-reason (NULL unless a manager holds them). */
const char *cf_retention_due_get_student_id   (CfRetentionDue *self);
const char *cf_retention_due_get_name         (CfRetentionDue *self);
GDateTime  *cf_retention_due_get_last_contact (CfRetentionDue *self);
GDateTime  *cf_retention_due_get_due          (CfRetentionDue *self);
const char *cf_retention_due_get_hold_reason  (CfRetentionDue *self);

G_END_DECLS
