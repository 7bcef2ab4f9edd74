/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cf-enroll.h"
#include "cf-store.h"

G_BEGIN_DECLS

/* The readers of untrusted bundle bytes, exposed for the fuzz targets. */
char       *_cf_enroll_open_bundle   (GBytes     *bundle,
                                      const char *code,
                                      GError    **error);
JsonObject *_cf_enroll_read_bundle   (const char *path,
                                      const char *code,
                                      const char *want_kind,
                                      GError    **error);
JsonObject *_cf_enroll_parse_bundle  (const char *json,
                                      const char *want_kind,
                                      GError    **error);
/* Within the caller's transaction. */
gboolean    _cf_enroll_fill_database (CfStore    *store,
                                      JsonObject *bundle,
                                      const char *kind,
                                      GError    **error);
/* Within the caller's transaction: a machine of the office, stamped for
 * sync.  Not audited: creating the office and enrolling a machine each
 * say so in their own words. */
gboolean    _cf_enroll_insert_node   (CfStore    *store,
                                      const char *node_id,
                                      const char *kind,
                                      const char *sign_public,
                                      gint64      enrolled_at,
                                      GError    **error);

G_END_DECLS
