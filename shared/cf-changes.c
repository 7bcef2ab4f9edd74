/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-store-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cf-error.h"
#include "cf-hlc.h"
#include "cf-replica.h"

gboolean
_cf_settings_get (CfStore *self, const char *key, char **value, GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (self, "SELECT value FROM settings WHERE key = ?", error);

  *value = NULL;
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, key);
  return _cf_store_get_text (self, stmt, value, error);
}

gboolean
_cf_settings_set (CfStore *self, const char *key, const char *value, GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (self,
      "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, key);
  _cf_bind_text (stmt, 2, value);
  return _cf_store_step_done (self, stmt, error);
}

/* The clock survives restarts through the settings table, so stamps keep
 * increasing even if the wall clock is set back. */
static gboolean
next_stamp (CfStore *self, char stamp[CF_HLC_STAMP_MAX], GError **error)
{
  g_autofree char *last = NULL;
  const char *node;
  CfHlc clock = { 0, 0 };

  if (!_cf_settings_get (self, "hlc_last", &last, error) ||
      !_cf_store_get_node_id (self, &node, error))
    return FALSE;
  if (last != NULL)
    cf_hlc_parse (last, &clock);
  cf_hlc_tick (&clock, g_get_real_time () / 1000, node ? node : "local", stamp);
  return _cf_settings_set (self, "hlc_last", stamp, error);
}

gboolean
_cf_store_record_change (CfStore *self, const char *kind, const char *row_id,
                         const char *const *fields, GError **error)
{
  char stamp[CF_HLC_STAMP_MAX];
  sqlite3_stmt *stmt;

  if (!next_stamp (self, stamp, error))
    return FALSE;

  if (!_cf_replica_stamp (self, kind, row_id, fields, stamp, error))
    return FALSE;

  stmt = _cf_store_prepare (self, "INSERT INTO outbox (kind, row_id, hlc) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, kind);
  _cf_bind_text (stmt, 2, row_id);
  _cf_bind_text (stmt, 3, stamp);
  return _cf_store_step_done (self, stmt, error);
}

/* A key kept base64-encoded in the settings table (inside the encrypted
 * database), decoded straight into guarded memory.  Every office key is
 * written at set-up, so a missing one means a damaged database. */
CfKey *
_cf_settings_get_key (CfStore *self, const char *key_name, GError **error)
{
  g_autofree char *text = NULL;
  guint8 *bytes;
  gsize length = 0;
  CfKey *key = NULL;

  if (!_cf_settings_get (self, key_name, &text, error))
    return NULL;
  bytes = text ? g_base64_decode (text, &length) : NULL;
  if (length == CF_KEY_BYTES)
    key = cf_key_new_from_bytes (bytes);
  if (bytes)
    sodium_memzero (bytes, length);
  if (text)
    sodium_memzero (text, strlen (text));
  g_free (bytes);
  if (key == NULL)
    g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
                 _("The office keys are missing from this desk’s database; restore it from a backup."));
  return key;
}
