/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-settings-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cf-error.h"
#include "cf-store-private.h"

gboolean
_cf_settings_get (CfStore    *self,
                  const char *key,
                  char      **value,
                  GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (self, "SELECT value FROM settings WHERE key = ?", error);

  *value = NULL;
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, key);
  return _cf_store_get_text (self, stmt, value, error);
}

gboolean
_cf_settings_set (CfStore    *self,
                  const char *key,
                  const char *value,
                  GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (self,
      "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, key);
  _cf_bind_text (stmt, 2, value);
  return _cf_store_step_done (self, stmt, error);
}

/* A key kept base64-encoded in the settings table (inside the encrypted
 * database), decoded straight into guarded memory.  Every office key is
 * written at set-up, so a missing one means a damaged database. */
CfKey *
_cf_settings_get_key (CfStore    *self,
                      const char *key_name,
                      GError    **error)
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

static void
free_node_id (gpointer node_id)
{
  g_free (node_id);
}

/* Read once and kept on the store: a machine's id never changes after
 * set-up.  Two threads may read it at once; the first one's copy stays. */
gboolean
_cf_settings_get_node_id (CfStore     *self,
                          const char **node_id,
                          GError     **error)
{
  char *id = g_object_get_data (G_OBJECT (self), "cf-node-id");

  if (id == NULL && _cf_store_get_db (self) != NULL)
    {
      if (!_cf_settings_get (self, "node_id", &id, error))
        return FALSE;
      if (id != NULL &&
          !g_object_replace_data (G_OBJECT (self), "cf-node-id", NULL, id, free_node_id, NULL))
        {
          g_free (id);
          id = g_object_get_data (G_OBJECT (self), "cf-node-id");
        }
    }
  *node_id = id;
  return TRUE;
}
