/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the fuzz targets share: a scratch database for the whole run, the
 * same fixed keys the corpus generator (make-corpus.c) writes its seeds
 * with, and applying a payload as the sync import does, past the segment's
 * signature and encryption. */

#include "cf-key.h"
#include "cf-replica-private.h"
#include "cf-store-private.h"

G_BEGIN_DECLS

/* The node id the fuzzers sign as, and the one user they open grants as. */
#define FUZZ_NODE "6f1c0d2e-4b3a-4c5d-8e7f-0a1b2c3d4e5f"
#define FUZZ_USER "0b4f5a2e-0000-4000-8000-000000000001"
#define FUZZ_OTHER_USER "0b4f5a2e-0000-4000-8000-000000000002"

/* A folder of its own for the run, on tmpfs when there is one. */
const char *fuzz_scratch_dir      (void);
/* An unencrypted database in it, opened once. */
CfStore    *fuzz_scratch_store    (void);
/* A fixed key, all bytes @fill: the office key is 1, a user's secret 5. */
CfKey      *fuzz_fixed_key        (guint8        fill);
/* Within the caller's transaction, as cf-sync-import.c applies a segment's
 * payload; FALSE when the payload was refused. */
gboolean    fuzz_apply            (CfStore      *store,
                                   GBytes       *payload,
                                   gboolean      from_kiosk,
                                   CfDataClass   data_class);
/* The same, undone when it is refused, as the import rolls back a segment
 * that cannot apply. */
gboolean    fuzz_apply_or_undo    (CfStore      *store,
                                   GBytes       *payload,
                                   CfDataClass   data_class);
/* @data as a NUL-terminated string, as a segment's payload is left. */
GBytes     *fuzz_terminated_bytes (const guint8 *data,
                                   size_t        size);

G_END_DECLS
