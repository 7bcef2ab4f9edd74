/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-key.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cf-error.h"

struct _CfKey {
  guint8 bytes[CF_KEY_BYTES];
};

gboolean
cf_crypto_init (void)
{
  return sodium_init () >= 0;
}

static CfKey *
key_alloc (void)
{
  CfKey *key;

  if (!cf_crypto_init ())
    g_error ("libsodium could not be initialised");
  key = sodium_malloc (sizeof *key);
  if (key == NULL)
    g_error ("out of guarded memory for a key");
  return key;
}

CfKey *
cf_key_new_random (void)
{
  CfKey *key = key_alloc ();

  randombytes_buf (key->bytes, sizeof key->bytes);
  return key;
}

CfKey *
cf_key_new_from_bytes (const guint8 *bytes)
{
  CfKey *key;

  g_return_val_if_fail (bytes != NULL, NULL);
  key = key_alloc ();
  memcpy (key->bytes, bytes, sizeof key->bytes);
  return key;
}

CfKey *
cf_key_copy (const CfKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return cf_key_new_from_bytes (key->bytes);
}

const guint8 *
cf_key_get_bytes (const CfKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return key->bytes;
}

/* SQLCipher's raw-key form, x'…', skips its own slow key derivation.
 * The caller must wipe the returned string with cf_secret_string_free(). */
char *
cf_key_to_sql_literal (const CfKey *key)
{
  char hex[CF_KEY_BYTES * 2 + 1];
  char *literal;

  g_return_val_if_fail (key != NULL, NULL);
  sodium_bin2hex (hex, sizeof hex, key->bytes, sizeof key->bytes);
  literal = g_strdup_printf ("\"x'%s'\"", hex);
  sodium_memzero (hex, sizeof hex);
  return literal;
}

void
cf_key_free (CfKey *key)
{
  if (key != NULL)
    sodium_free (key);   /* sodium_free wipes before releasing */
}

/* Wipes and frees a string that held a secret (a passphrase, a key literal). */
void
cf_wipe_string (char *secret)
{
  if (secret == NULL)
    return;
  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

char *
cf_passphrase_read_file (const char *path,
                         GError    **error)
{
  g_autoptr(GError) file_error = NULL;
  char *contents = NULL;
  gsize length = 0;
  char *passphrase;

  if (!g_file_get_contents (path, &contents, &length, &file_error))
    {
      int saved = errno;

      g_set_error (error, CF_ERROR, CF_ERROR_NO_FOLDER, _("Cannot read %s: %s."), path,
                   g_strerror (saved ? saved : ENOENT));
      return NULL;
    }
  contents[strcspn (contents, "\r\n")] = '\0';
  passphrase = g_strdup (contents);
  sodium_memzero (contents, length);
  g_free (contents);
  return passphrase;
}
