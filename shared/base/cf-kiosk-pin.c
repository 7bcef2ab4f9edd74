/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-kiosk-pin.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cf-error.h"
#include "cf-files.h"
#include "cf-key.h"

/* The file's name says nothing about the office; it holds one line,
 * libsodium's self-describing "$argon2id$…" string (salt and limits in it). */
static char *
pin_path (const char *data_dir)
{
  return g_build_filename (data_dir, "staff-pin", NULL);
}

gboolean
cf_kiosk_pin_check (const char *pin,
                    GError    **error)
{
  gsize length;

  g_return_val_if_fail (pin != NULL, FALSE);

  length = strlen (pin);
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (pin[i]))
      {
        g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                     _("A staff PIN is made of digits only."));
        return FALSE;
      }
  if (length < CF_KIOSK_PIN_MIN_DIGITS || length > CF_KIOSK_PIN_MAX_DIGITS)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("A staff PIN has %d to %d digits."),
                   CF_KIOSK_PIN_MIN_DIGITS, CF_KIOSK_PIN_MAX_DIGITS);
      return FALSE;
    }
  return TRUE;
}

gboolean
cf_kiosk_pin_is_set (const char *data_dir)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (data_dir != NULL, FALSE);

  path = pin_path (data_dir);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* Interactive limits: the kiosk waits on them each time staff unlock it,
 * and a wrong guess costs an attacker at the screen the same time. */
gboolean
cf_kiosk_pin_set (const char *data_dir,
                  const char *pin,
                  GError    **error)
{
  g_autofree char *path = NULL;
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);

  if (!cf_kiosk_pin_check (pin, error) || !cf_files_ensure_folder (data_dir, error))
    return FALSE;
  if (crypto_pwhash_str (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_FAILED,
                   _("There was not enough memory to protect the staff PIN. Close other programs and try again."));
      return FALSE;
    }
  path = pin_path (data_dir);
  return cf_files_write_atomic (path, hash, strlen (hash), error);
}

static char *
read_hash (const char *data_dir,
           GError    **error)
{
  g_autofree char *path = pin_path (data_dir);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_SET_UP,
                   _("No staff PIN is set on this kiosk. Set one with confide-kiosk --set-pin-file FILE."));
      return NULL;
    }
  if (!cf_files_read (path, &contents, &length, error))
    return NULL;
  if (length == 0 || length >= crypto_pwhash_STRBYTES || memchr (contents, '\0', length) != NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
                   _("%s is damaged. Set the staff PIN again with confide-kiosk --set-pin-file FILE."),
                   path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

gboolean
cf_kiosk_pin_verify (const char *data_dir,
                     const char *pin,
                     GError    **error)
{
  g_autofree char *hash = NULL;
  char stored[crypto_pwhash_STRBYTES] = { 0 };

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);

  hash = read_hash (data_dir, error);
  if (hash == NULL)
    return FALSE;
  /* crypto_pwhash_str_verify wants a zero-terminated string of this size. */
  memcpy (stored, hash, strlen (hash));
  if (crypto_pwhash_str_verify (stored, pin, strlen (pin)) != 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE, _("That PIN is not right."));
      return FALSE;
    }
  return TRUE;
}

char *
cf_kiosk_pin_read_file (const char *path,
                        GError    **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  char *end;
  char *pin;

  g_return_val_if_fail (path != NULL, NULL);

  if (!cf_files_read (path, &contents, &length, error))
    return NULL;
  end = strpbrk (contents, "\r\n");
  pin = g_strndup (contents, end ? (gsize) (end - contents) : length);
  sodium_memzero (contents, length);
  return pin;
}
