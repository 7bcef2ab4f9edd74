/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-case-keys-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-keyslots.h"
#include "cf-store-private.h"

struct _CfCaseKeyring {
  GPtrArray *keys;         /* index g - 1 → CfKey of generation g; NULL when unknown */
  CfKey     *box_secret;   /* the office's box secret, for kiosk submissions */
};

static CfCaseKeyring *
keyring_new (void)
{
  CfCaseKeyring *ring = g_new0 (CfCaseKeyring, 1);

  ring->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_key_free);
  return ring;
}

void
_cf_case_keyring_free (CfCaseKeyring *ring)
{
  if (ring == NULL)
    return;
  g_ptr_array_unref (ring->keys);
  cf_key_free (ring->box_secret);
  g_free (ring);
}

CfCaseKeyring *
_cf_case_keyring_copy (const CfCaseKeyring *ring)
{
  CfCaseKeyring *copy = keyring_new ();

  for (guint i = 0; i < ring->keys->len; i++)
    g_ptr_array_add (copy->keys, ring->keys->pdata[i] ? cf_key_copy (ring->keys->pdata[i]) : NULL);
  copy->box_secret = ring->box_secret ? cf_key_copy (ring->box_secret) : NULL;
  return copy;
}

guint
_cf_case_keyring_newest (const CfCaseKeyring *ring)
{
  return ring->keys->len;
}

const CfKey *
_cf_case_keyring_get (const CfCaseKeyring *ring,
                      guint                generation)
{
  if (generation == 0 || generation > ring->keys->len)
    return NULL;
  return ring->keys->pdata[generation - 1];
}

const CfKey *
_cf_case_keyring_box_secret (const CfCaseKeyring *ring)
{
  return ring->box_secret;
}

/* A key for one purpose (keyed hashes of access codes, of appointments
 * named in Security notices) that only case-key holders can make, and that
 * stays the same from one generation to the next: it comes from the box
 * secret, which every generation carries. */
CfKey *
_cf_case_keyring_derive (const CfCaseKeyring *ring,
                         const char          *purpose)
{
  guint8 bytes[CF_KEY_BYTES];
  CfKey *key;

  crypto_generichash (bytes, sizeof bytes, (const guint8 *) purpose, strlen (purpose),
                      cf_key_get_bytes (ring->box_secret), CF_KEY_BYTES);
  key = cf_key_new_from_bytes (bytes);
  sodium_memzero (bytes, sizeof bytes);
  return key;
}

static void
keyring_put (CfCaseKeyring *ring,
             guint          generation,
             CfKey         *key)
{
  if (ring->keys->len < generation)
    g_ptr_array_set_size (ring->keys, (gint) generation);
  g_clear_pointer (&ring->keys->pdata[generation - 1], cf_key_free);
  ring->keys->pdata[generation - 1] = key;
}

/* ---- reading --------------------------------------------------------- */

static gboolean
newest_generation (CfStore *store,
                   gint64  *generation,
                   GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT coalesce (max (generation), 0) FROM case_keys", error);

  if (stmt == NULL || _cf_store_step (store, stmt, error) != CF_STEP_ROW)
    return FALSE;
  *generation = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* The user's grant of @generation, or NULL with no error. */
static gboolean
find_grant (CfStore    *store,
            const char *user_id,
            gint64      generation,
            char      **sealed,
            GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT sealed FROM grants WHERE user_id = ? AND generation = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, generation);
  return _cf_store_get_text (store, stmt, sealed, error);
}

typedef struct {
  char *previous;
  char *box_secret;
} GenerationRow;

static gboolean
read_generation (CfStore       *store,
                 gint64         generation,
                 GenerationRow *row,
                 GError       **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT previous, box_secret FROM case_keys WHERE generation = ?", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, generation);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_FAILED)
    return FALSE;
  if (step == CF_STEP_ROW)
    {
      row->previous = _cf_column_dup (stmt, 0);
      row->box_secret = _cf_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static void
set_damaged_keys (GError **error)
{
  g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
               _("The office's case keys are damaged or have been tampered with. Nothing was opened; ask a manager to rotate the keys."));
}

/* From the newest generation down, each row opens the one before. */
static gboolean
walk_back (CfStore       *store,
           CfCaseKeyring *ring,
           guint          newest,
           GError       **error)
{
  for (guint g = newest; g >= 1; g--)
    {
      GenerationRow row = { NULL, NULL };
      const CfKey *key = _cf_case_keyring_get (ring, g);
      gboolean ok = read_generation (store, g, &row, error);

      if (ok && g == newest)
        ok = (ring->box_secret = cf_key_unwrap (row.box_secret, key)) != NULL;
      if (ok && g > 1)
        {
          CfKey *previous = cf_key_unwrap (row.previous, key);

          ok = previous != NULL;
          if (ok)
            keyring_put (ring, g - 1, previous);
        }
      g_free (row.previous);
      g_free (row.box_secret);
      if (!ok)
        {
          if (error && *error == NULL)
            set_damaged_keys (error);
          return FALSE;
        }
    }
  return TRUE;
}

CfCaseKeyring *
_cf_case_keys_load (CfStore     *store,
                    const char  *user_id,
                    const CfKey *user_secret,
                    GError     **error)
{
  g_autoptr(CfCaseKeyring) ring = keyring_new ();
  g_autofree char *sealed = NULL;
  gint64 newest;
  CfKey *key;

  if (!newest_generation (store, &newest, error) ||
      !find_grant (store, user_id, newest, &sealed, error))
    return NULL;
  if (newest == 0 || sealed == NULL)
    return NULL;
  key = cf_key_open_sealed (sealed, user_secret);
  if (key == NULL)
    {
      set_damaged_keys (error);
      return NULL;
    }
  keyring_put (ring, (guint) newest, key);
  return walk_back (store, ring, (guint) newest, error) ? g_steal_pointer (&ring) : NULL;
}

/* ---- writing --------------------------------------------------------- */

static gboolean
insert_grant (CfStore      *store,
              const char   *user_id,
              guint         generation,
              const CfKey  *key,
              const guint8 *user_public,
              GError      **error)
{
  g_autofree char *id = g_strdup_printf ("%s/%u", user_id, generation);
  g_autofree char *sealed = cf_key_seal (key, user_public);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO grants (id, user_id, generation, sealed) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  _cf_bind_text (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, generation);
  _cf_bind_text (stmt, 4, sealed);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "grant", id, NULL, error);   /* append-only */
}

static gboolean
insert_generation (CfStore     *store,
                   guint        generation,
                   const CfKey *key,
                   const CfKey *previous,
                   const CfKey *box_secret,
                   GError     **error)
{
  g_autofree char *id = g_strdup_printf ("%u", generation);
  g_autofree char *wrapped_previous = previous ? cf_key_wrap (previous, key) : NULL;
  g_autofree char *wrapped_box = cf_key_wrap (box_secret, key);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO case_keys (id, generation, previous, box_secret, created_at)"
      " VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, generation);
  _cf_bind_text (stmt, 3, wrapped_previous);
  _cf_bind_text (stmt, 4, wrapped_box);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "case_key", id, NULL, error);   /* append-only */
}

gboolean
_cf_case_keys_create_first (CfStore      *store,
                            const char   *user_id,
                            const guint8 *user_public,
                            const CfKey  *box_secret,
                            GError      **error)
{
  g_autoptr(CfKey) key = cf_key_new_random ();

  return insert_generation (store, 1, key, NULL, box_secret, error) &&
         insert_grant (store, user_id, 1, key, user_public, error);
}

gboolean
_cf_case_keys_grant (CfStore             *store,
                     const CfCaseKeyring *ring,
                     const char          *user_id,
                     const guint8        *user_public,
                     GError             **error)
{
  guint newest = _cf_case_keyring_newest (ring);

  return insert_grant (store, user_id, newest, _cf_case_keyring_get (ring, newest),
                       user_public, error);
}

/* Every adviser and manager still here, with their credential. */
static gboolean
grant_to_everyone (CfStore     *store,
                   guint        generation,
                   const CfKey *key,
                   GError     **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT id, credential FROM users WHERE removed_at IS NULL AND role <> 'admin'"
      " AND credential IS NOT NULL", error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_free);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      g_ptr_array_add (ids, _cf_column_dup (stmt, 0));
      g_ptr_array_add (credentials, _cf_column_dup (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      guint8 public_key[crypto_box_PUBLICKEYBYTES];

      if (!cf_keyslots_credential_public (credentials->pdata[i], public_key))
        continue;   /* a credential from before key pairs cannot be granted to */
      if (!insert_grant (store, ids->pdata[i], generation, key, public_key, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_cf_case_keys_rotate (CfStore       *store,
                      CfCaseKeyring *ring,
                      GError       **error)
{
  guint newest = _cf_case_keyring_newest (ring);
  CfKey *key = cf_key_new_random ();

  if (!insert_generation (store, newest + 1, key, _cf_case_keyring_get (ring, newest),
                          ring->box_secret, error) ||
      !grant_to_everyone (store, newest + 1, key, error))
    {
      cf_key_free (key);
      return FALSE;
    }
  keyring_put (ring, newest + 1, key);
  return TRUE;
}
