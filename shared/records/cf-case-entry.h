/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CF_TYPE_CASE_ENTRY (cf_case_entry_get_type ())
G_DECLARE_FINAL_TYPE (CfCaseEntry, cf_case_entry, CF, CASE_ENTRY, GObject)

/* An entry in a case timeline; append-only, so a correction is a new entry
 * whose corrects-id names the one it corrects. */
CfCaseEntry *cf_case_entry_new             (void);
const char  *cf_case_entry_get_id          (CfCaseEntry *self);
const char  *cf_case_entry_get_student_id  (CfCaseEntry *self);
const char  *cf_case_entry_get_kind        (CfCaseEntry *self);
const char  *cf_case_entry_get_body        (CfCaseEntry *self);
gint64       cf_case_entry_get_created_at  (CfCaseEntry *self);
const char  *cf_case_entry_get_corrects_id (CfCaseEntry *self);

G_END_DECLS
