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

/* ---- grants ---------------------------------------------------------- */

/* A grant is "<sealed key>.<tag>": the tag, a hash keyed with the granted
 * key itself over the user and their public key, shows that whoever made
 * the grant held the key, and to whom it was made.  Office data can be
 * written by anyone who holds the office key (an administrator too), so a
 * rotation re-grants only to those whose grant bears a tag it can check:
 * a user row or credential forged in office data gets nothing. */
static char *
grant_tag (const CfKey  *key,
           const char   *user_id,
           const guint8 *user_public)
{
  crypto_generichash_state state;
  guint8 hash[32];
  char hex[65];

  crypto_generichash_init (&state, cf_key_get_bytes (key), CF_KEY_BYTES, sizeof hash);
  crypto_generichash_update (&state, (const guint8 *) "confide-grant", sizeof "confide-grant");
  crypto_generichash_update (&state, (const guint8 *) user_id, strlen (user_id) + 1);
  crypto_generichash_update (&state, user_public, crypto_box_PUBLICKEYBYTES);
  crypto_generichash_final (&state, hash, sizeof hash);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  return g_strdup (hex);
}

static char *
grant_text (const CfKey  *key,
            const char   *user_id,
            const guint8 *user_public)
{
  g_autofree char *sealed = cf_key_seal (key, user_public);
  g_autofree char *tag = grant_tag (key, user_id, user_public);

  return g_strconcat (sealed, ".", tag, NULL);
}

/* The sealed part of a grant, which its user opens. */
static char *
grant_sealed_part (const char *grant)
{
  const char *dot = grant ? strchr (grant, '.') : NULL;

  return dot ? g_strndup (grant, (gsize) (dot - grant)) : NULL;
}

static gboolean
grant_tag_holds (const char   *grant,
                 const CfKey  *key,
                 const char   *user_id,
                 const guint8 *user_public)
{
  const char *dot = grant ? strchr (grant, '.') : NULL;
  g_autofree char *tag = NULL;

  if (dot == NULL)
    return FALSE;
  tag = grant_tag (key, user_id, user_public);
  return strlen (dot + 1) == strlen (tag) && sodium_memcmp (dot + 1, tag, strlen (tag)) == 0;
}

/* ---- reading --------------------------------------------------------- */

/* The user's newest grant, or NULL with no error when they have none. */
static gboolean
find_newest_grant (CfStore    *store,
                   const char *user_id,
                   gint64     *generation,
                   char      **grant,
                   GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT generation, sealed FROM grants WHERE user_id = ? ORDER BY generation DESC LIMIT 1", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, user_id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_ROW)
    {
      *generation = sqlite3_column_int64 (stmt, 0);
      *grant = _cf_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
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

/* Whether every generation from 1 to @generation is stored, as walk_back
 * needs: a grant's generation is a number anyone holding the office key
 * can write, and the keyring is sized by it. */
static gboolean
generations_stored (CfStore  *store,
                    gint64    generation,
                    gboolean *stored,
                    GError  **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT count(*) FROM case_keys WHERE generation BETWEEN 1 AND ?", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, generation);
  step = _cf_store_step (store, stmt, error);
  *stored = step == CF_STEP_ROW && sqlite3_column_int64 (stmt, 0) == generation;
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

/* From the user's newest grant: normally the newest generation, but a user
 * granted one while another desk was making the next (the two desks apart)
 * keeps the one they hold rather than losing every case. */
CfCaseKeyring *
_cf_case_keys_load (CfStore     *store,
                    const char  *user_id,
                    const CfKey *user_secret,
                    GError     **error)
{
  g_autoptr(CfCaseKeyring) ring = keyring_new ();
  g_autofree char *grant = NULL, *sealed = NULL;
  gint64 generation = 0;
  gboolean stored = FALSE;
  CfKey *key;

  if (!find_newest_grant (store, user_id, &generation, &grant, error))
    return NULL;
  if (grant == NULL || generation < 1 || generation > G_MAXINT)
    return NULL;
  if (!generations_stored (store, generation, &stored, error))
    return NULL;
  sealed = grant_sealed_part (grant);
  key = stored ? cf_key_open_sealed (sealed, user_secret) : NULL;
  if (key == NULL)
    {
      set_damaged_keys (error);
      return NULL;
    }
  keyring_put (ring, (guint) generation, key);
  return walk_back (store, ring, (guint) generation, error) ? g_steal_pointer (&ring) : NULL;
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
  g_autofree char *sealed = grant_text (key, user_id, user_public);
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

/* Every adviser and manager still here who holds a grant of @previous
 * that a holder of it made to their present public key. */
static gboolean
grant_to_everyone (CfStore     *store,
                   guint        previous,
                   const CfKey *previous_key,
                   const CfKey *key,
                   GError     **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT u.id, u.credential, g.sealed FROM users u JOIN grants g ON g.user_id = u.id"
      " WHERE g.generation = ? AND u.removed_at IS NULL AND u.role <> 'admin'"
      " AND u.credential IS NOT NULL", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, previous);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    for (int c = 0; c < 3; c++)
      g_ptr_array_add (rows, _cf_column_dup (stmt, c));
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  for (guint i = 0; i + 2 < rows->len; i += 3)
    {
      const char *user_id = rows->pdata[i];
      guint8 public_key[crypto_box_PUBLICKEYBYTES];

      if (!cf_keyslots_credential_public (rows->pdata[i + 1], public_key) ||
          !grant_tag_holds (rows->pdata[i + 2], previous_key, user_id, public_key))
        continue;   /* not made by a holder of the key, or the key pair changed */
      if (!insert_grant (store, user_id, previous + 1, key, public_key, error))
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
      !grant_to_everyone (store, newest, _cf_case_keyring_get (ring, newest), key, error))
    {
      cf_key_free (key);
      return FALSE;
    }
  keyring_put (ring, newest + 1, key);
  return TRUE;
}
