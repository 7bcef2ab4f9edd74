/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-store-private.h"

G_BEGIN_DECLS

/* Adds a case entry to the full-text index.  Every path that inserts a case
 * entry calls this right after the insert, in the same transaction (see
 * schema/0002-entry-search.sql for why it is not a trigger). */
gboolean _cf_fts_index_entry (CfStore     *store,
                              const char  *entry_id,
                              GError     **error);

/* For many entries at once (a segment being applied): note the watermark
 * before inserting, then index everything above it in one statement. */
gint64   _cf_fts_entries_watermark   (CfStore     *store);
gboolean _cf_fts_index_entries_above (CfStore     *store,
                                      gint64       watermark,
                                      GError     **error);

G_END_DECLS
