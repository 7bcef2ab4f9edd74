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

/* --- keys that travel: sealed to a person, or wrapped under another key --- */

/* An X25519 key pair's public half, from its secret half. */
void
cf_key_get_public (const CfKey *secret,
                   guint8      *public_key)
{
  g_return_if_fail (secret != NULL && public_key != NULL);
  crypto_scalarmult_base (public_key, secret->bytes);
}

/* @key sealed to the holder of @public_key (libsodium's crypto_box_seal),
 * as base64: only their secret key opens it. */
char *
cf_key_seal (const CfKey  *key,
             const guint8 *public_key)
{
  guint8 sealed[crypto_box_SEALBYTES + CF_KEY_BYTES];

  g_return_val_if_fail (key != NULL && public_key != NULL, NULL);
  if (crypto_box_seal (sealed, key->bytes, CF_KEY_BYTES, public_key) != 0)
    return NULL;
  return g_base64_encode (sealed, sizeof sealed);
}

/* NULL when @text was not sealed to @secret's pair, or was changed. */
CfKey *
cf_key_open_sealed (const char  *text,
                    const CfKey *secret)
{
  guint8 public_key[crypto_box_PUBLICKEYBYTES];
  g_autofree guint8 *sealed = NULL;
  CfKey *key;
  gsize length = 0;

  g_return_val_if_fail (secret != NULL, NULL);
  key = key_alloc ();
  sealed = text ? g_base64_decode (text, &length) : NULL;
  crypto_scalarmult_base (public_key, secret->bytes);
  if (length != crypto_box_SEALBYTES + CF_KEY_BYTES ||
      crypto_box_seal_open (key->bytes, sealed, length, public_key, secret->bytes) != 0)
    g_clear_pointer (&key, cf_key_free);
  return key;
}

/* @key under @wrapping (secretbox with a random nonce), as base64. */
char *
cf_key_wrap (const CfKey *key,
             const CfKey *wrapping)
{
  guint8 out[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + CF_KEY_BYTES];

  g_return_val_if_fail (key != NULL && wrapping != NULL, NULL);
  randombytes_buf (out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy (out + crypto_secretbox_NONCEBYTES, key->bytes, CF_KEY_BYTES, out,
                         wrapping->bytes);
  return g_base64_encode (out, sizeof out);
}

/* NULL when @text was not wrapped under @wrapping, or was changed. */
CfKey *
cf_key_unwrap (const char  *text,
               const CfKey *wrapping)
{
  g_autofree guint8 *box = NULL;
  CfKey *key;
  gsize length = 0;

  g_return_val_if_fail (wrapping != NULL, NULL);
  key = key_alloc ();
  box = text ? g_base64_decode (text, &length) : NULL;
  if (length != crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + CF_KEY_BYTES ||
      crypto_secretbox_open_easy (key->bytes, box + crypto_secretbox_NONCEBYTES,
                                  length - crypto_secretbox_NONCEBYTES, box, wrapping->bytes) != 0)
    g_clear_pointer (&key, cf_key_free);
  return key;
}
