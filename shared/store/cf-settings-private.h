/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: the settings table, which holds this
 * machine's id, its clock and the office's keys, inside the encrypted
 * database. */

#include "cf-key.h"
#include "cf-store.h"

G_BEGIN_DECLS

/* *value is NULL for a setting that was never set; FALSE means it could
 * not be read. */
gboolean _cf_settings_get         (CfStore     *self,
                                   const char  *key,
                                   char       **value,
                                   GError     **error);
gboolean _cf_settings_set         (CfStore     *self,
                                   const char  *key,
                                   const char  *value,
                                   GError     **error);
/* NULL with @error set when the key cannot be read or is missing. */
CfKey   *_cf_settings_get_key     (CfStore     *self,
                                   const char  *key_name,
                                   GError     **error);
/* This machine's id, used in clock stamps and the audit chain: *node_id
 * is NULL before set-up, and belongs to the store. */
gboolean _cf_settings_get_node_id (CfStore     *self,
                                   const char **node_id,
                                   GError     **error);

G_END_DECLS
