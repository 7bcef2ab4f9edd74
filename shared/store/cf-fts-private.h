/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-store-private.h"

G_BEGIN_DECLS

/* New case entries and new students are added to their full-text index by
 * code, not by a trigger: a trigger that writes a virtual table makes each
 * insert keep a statement journal, and SQLCipher encrypts every page of it
 * (see schema/0002 and 0003).  Every path that inserts one calls these
 * right after the insert, in the same transaction. */
gboolean _cf_fts_index_entry   (CfStore    *store,
                                const char *entry_id,
                                GError    **error);
gboolean _cf_fts_index_student (CfStore    *store,
                                const char *student_id,
                                GError    **error);

/* For many rows at once (a segment being applied): note the watermark
 * before inserting, then index everything above it. */
typedef struct {
  gint64 entries;
  gint64 students;
} CfFtsWatermark;

gboolean _cf_fts_watermark   (CfStore              *store,
                              CfFtsWatermark       *watermark,
                              GError              **error);
gboolean _cf_fts_index_above (CfStore              *store,
                              const CfFtsWatermark *watermark,
                              GError              **error);

G_END_DECLS
