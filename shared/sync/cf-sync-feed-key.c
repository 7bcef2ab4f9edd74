/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The feed key after a kiosk is revoked: each desk seals the newest feed
 * key (and the booking key, which never changes) to every kiosk left on its
 * roster, in a signed file "feedkey" in its own folder; a kiosk opens the
 * box sealed to it.  A revoked kiosk has no box, so it cannot read a feed
 * or acks written after its revocation.
 *
 *   signed (Ed25519, combined) JSON: { "format": 1, "node": desk id,
 *     "id": feed key id, "generation": n,
 *     "seals": { kiosk id: base64 crypto_box_seal of
 *                { "feed_key": base64, "booking_key": base64 } } }
 *
 * Each kiosk's box is sealed to its Ed25519 roster key turned into an
 * X25519 one, so no key of its own has to be published. */
#include "cf-sync-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-files.h"
#include "cf-json.h"
#include "cf-machines-private.h"
#include "cf-settings-private.h"

#define FEED_KEY_NAME "feedkey"

/* ---- the desk: sealing ------------------------------------------------ */

/* The newest feed key's row; *id NULL when the feed key was never replaced. */
static gboolean
newest_feed_key (CfStore *store,
                 char   **id,
                 gint64  *generation,
                 GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT id, generation FROM feed_keys ORDER BY generation DESC, id DESC LIMIT 1", error);
  CfStep step;

  *id = NULL;
  if (stmt == NULL)
    return FALSE;
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_ROW)
    {
      *id = _cf_column_dup (stmt, 0);
      *generation = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

static GBytes *
box_plaintext (const CfKey *feed_key,
               const CfKey *booking_key)
{
  g_autofree char *feed = g_base64_encode (cf_key_get_bytes (feed_key), CF_KEY_BYTES);
  g_autofree char *booking = g_base64_encode (cf_key_get_bytes (booking_key), CF_KEY_BYTES);
  char *text = g_strdup_printf ("{\"feed_key\":\"%s\",\"booking_key\":\"%s\"}", feed, booking);

  sodium_memzero (feed, strlen (feed));
  sodium_memzero (booking, strlen (booking));
  return g_bytes_new_with_free_func (text, strlen (text), (GDestroyNotify) g_free, text);
}

/* NULL when the kiosk's roster key is not a usable Ed25519 key. */
static char *
seal_to_kiosk (const Signer *kiosk,
               GBytes       *plaintext)
{
  guint8 box_public[crypto_box_PUBLICKEYBYTES];
  gsize length;
  const guint8 *plain = g_bytes_get_data (plaintext, &length);
  g_autofree guint8 *sealed = g_malloc (length + crypto_box_SEALBYTES);

  if (crypto_sign_ed25519_pk_to_curve25519 (box_public, kiosk->sign_public) != 0 ||
      crypto_box_seal (sealed, plain, length, box_public) != 0)
    return NULL;
  return g_base64_encode (sealed, length + crypto_box_SEALBYTES);
}

/* The kiosks that get a box, sorted: also what says whether the file
 * must be written again. */
static GPtrArray *
remaining_kiosks (Pass *pass)
{
  GPtrArray *kiosks = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer id, value;

  g_hash_table_iter_init (&iter, pass->roster);
  while (g_hash_table_iter_next (&iter, &id, &value))
    if (!((Signer *) value)->revoked && g_str_equal (((Signer *) value)->kind, "kiosk"))
      g_ptr_array_add (kiosks, id);
  g_ptr_array_sort (kiosks, (GCompareFunc) g_strcmp0);
  return kiosks;
}

static char *
sealed_document (Pass       *pass,
                 const char *key_id,
                 gint64      generation,
                 GPtrArray  *kiosks,
                 GBytes     *plaintext)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *seals = json_object_new ();

  json_object_set_int_member (root, "format", 1);
  json_object_set_string_member (root, "node", pass->node_id);
  json_object_set_string_member (root, "id", key_id);
  json_object_set_int_member (root, "generation", generation);
  for (guint i = 0; i < kiosks->len; i++)
    {
      char *box = seal_to_kiosk (g_hash_table_lookup (pass->roster, kiosks->pdata[i]), plaintext);

      if (box != NULL)
        json_object_set_string_member (seals, kiosks->pdata[i], box);
      g_free (box);
    }
  json_object_set_object_member (root, "seals", seals);
  node = json_node_init_object (json_node_alloc (), root);
  return json_to_string (node, FALSE);
}

static gboolean
write_signed (Pass       *pass,
              const char *document)
{
  gsize length = strlen (document);
  g_autofree guint8 *signed_bytes = g_malloc (length + crypto_sign_BYTES);
  g_autofree char *path = g_build_filename (pass->own_dir, FEED_KEY_NAME, NULL);
  g_autoptr(GError) file_error = NULL;
  unsigned long long signed_length;

  crypto_sign (signed_bytes, &signed_length, (const guint8 *) document, length, pass->sign_secret);
  if (cf_files_write_atomic (path, signed_bytes, (gsize) signed_length, &file_error))
    return TRUE;
  pass->report->folder_unavailable = TRUE;
  _cf_sync_note_problem (pass, file_error->message);
  return FALSE;
}

/* Publishes the newest feed key for the kiosks of the roster, again
 * whenever the key or the kiosks change.  The pass's own copy of the feed
 * key follows the newest too, so the feed it publishes next is already
 * under the new key. */
gboolean
_cf_sync_publish_feed_key (Pass    *pass,
                           GError **error)
{
  g_autofree char *key_id = NULL, *published = NULL, *joined = NULL, *wanted = NULL, *document = NULL;
  g_autoptr(CfKey) feed_key = NULL, booking_key = NULL;
  g_autoptr(GPtrArray) kiosks = NULL;
  g_autoptr(GBytes) plaintext = NULL;
  gint64 generation = 0;

  if (!newest_feed_key (pass->store, &key_id, &generation, error))
    return FALSE;
  if (key_id == NULL)
    return TRUE;
  feed_key = _cf_settings_get_key (pass->store, "feed_key", error);
  booking_key = feed_key ? _cf_machines_booking_key (pass->store, error) : NULL;
  if (booking_key == NULL || !_cf_settings_get (pass->store, "feed_key_published", &published, error))
    return FALSE;
  memcpy (pass->keys->feed_key, cf_key_get_bytes (feed_key), CF_SYMMETRIC_BYTES);
  kiosks = remaining_kiosks (pass);
  g_ptr_array_add (kiosks, NULL);
  joined = g_strjoinv (",", (char **) kiosks->pdata);
  g_ptr_array_set_size (kiosks, kiosks->len - 1);
  wanted = g_strconcat (key_id, ":", joined, NULL);
  if (g_strcmp0 (published, wanted) == 0)
    return TRUE;
  plaintext = box_plaintext (feed_key, booking_key);
  document = sealed_document (pass, key_id, generation, kiosks, plaintext);
  sodium_memzero ((gpointer) g_bytes_get_data (plaintext, NULL), g_bytes_get_size (plaintext));
  if (!write_signed (pass, document))
    return TRUE;     /* the folder is away: written on a later pass */
  return _cf_settings_set (pass->store, "feed_key_published", wanted, error);
}

/* ---- the kiosk: opening ------------------------------------------------ */

/* A desk's file, its signature checked against the roster; NULL when there
 * is none or it does not hold. */
static JsonObject *
read_feed_key_of (Pass         *pass,
                  const char   *desk,
                  const Signer *signer)
{
  g_autofree char *path = g_build_filename (pass->sync_dir, desk, FEED_KEY_NAME, NULL);
  g_autofree char *contents = NULL;
  g_autofree guint8 *message = NULL;
  g_autoptr(JsonNode) root = NULL;
  unsigned long long length = 0;
  gsize size;

  if (!g_file_get_contents (path, &contents, &size, NULL))
    return NULL;
  message = g_malloc (size + 1);
  if (size < crypto_sign_BYTES ||
      crypto_sign_open (message, &length, (const guint8 *) contents, size, signer->sign_public) != 0)
    {
      _cf_sync_note_problem (pass, _("A desk’s feed key file in the sync folder failed its check; it was ignored."));
      return NULL;
    }
  root = cf_json_parse ((const char *) message, (gssize) length);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      g_strcmp0 (cf_json_get_string (json_node_get_object (root), "node"), desk) != 0)
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static gboolean
is_newer (JsonObject *document,
          gint64      generation,
          const char *id)
{
  gint64 its = cf_json_get_int (document, "generation", 0);

  return its > generation || (its == generation && g_strcmp0 (cf_json_get_string (document, "id"), id) > 0);
}

/* The newest file of a desk this kiosk trusts, if newer than its key. */
static JsonObject *
newest_document (Pass       *pass,
                 gint64      generation,
                 const char *id)
{
  JsonObject *newest = NULL;
  GHashTableIter iter;
  gpointer desk, value;

  g_hash_table_iter_init (&iter, pass->roster);
  while (g_hash_table_iter_next (&iter, &desk, &value))
    {
      Signer *signer = value;
      JsonObject *document;

      if (signer->revoked || !g_str_equal (signer->kind, "desk"))
        continue;
      document = read_feed_key_of (pass, desk, signer);
      if (document != NULL && cf_json_get_string (document, "id") != NULL && is_newer (document, generation, id) &&
          (newest == NULL || is_newer (document, cf_json_get_int (newest, "generation", 0),
                                       cf_json_get_string (newest, "id"))))
        {
          g_clear_pointer (&newest, json_object_unref);
          newest = json_object_ref (document);
        }
      g_clear_pointer (&document, json_object_unref);
    }
  return newest;
}

/* The box sealed to this kiosk, opened with its Ed25519 secret turned into
 * an X25519 one; NULL when there is none for it or it does not open. */
static JsonObject *
open_box (Pass       *pass,
          const char *sealed_text)
{
  guint8 box_public[crypto_box_PUBLICKEYBYTES], box_secret[crypto_box_SECRETKEYBYTES];
  g_autofree guint8 *sealed = NULL, *plain = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize length = 0;
  int opened = -1;

  sealed = g_base64_decode (sealed_text, &length);
  if (length <= crypto_box_SEALBYTES ||
      crypto_sign_ed25519_sk_to_curve25519 (box_secret, pass->sign_secret) != 0)
    return NULL;
  crypto_scalarmult_base (box_public, box_secret);
  plain = g_malloc0 (length - crypto_box_SEALBYTES + 1);
  opened = crypto_box_seal_open (plain, sealed, length, box_public, box_secret);
  sodium_memzero (box_secret, sizeof box_secret);
  if (opened == 0)
    root = cf_json_parse ((const char *) plain, (gssize) (length - crypto_box_SEALBYTES));
  sodium_memzero (plain, length - crypto_box_SEALBYTES);
  return root && JSON_NODE_HOLDS_OBJECT (root) ? json_object_ref (json_node_get_object (root)) : NULL;
}

static gboolean
valid_key_text (const char *text)
{
  g_autofree guint8 *bytes = NULL;
  gsize length = 0;

  if (text == NULL)
    return FALSE;
  bytes = g_base64_decode (text, &length);
  sodium_memzero (bytes, length);
  return length == CF_SYMMETRIC_BYTES;
}

static gboolean
store_keys (Pass       *pass,
            JsonObject *document,
            JsonObject *keys,
            GError    **error)
{
  const char *feed = cf_json_get_string (keys, "feed_key");
  const char *booking = cf_json_get_string (keys, "booking_key");
  g_autofree char *generation = NULL;
  gsize length = 0;
  g_autofree guint8 *bytes = NULL;

  if (!valid_key_text (feed) || !valid_key_text (booking))
    return TRUE;
  generation = g_strdup_printf ("%" G_GINT64_FORMAT,
                                cf_json_get_int (document, "generation", 0));
  if (!_cf_store_begin (pass->store, error))
    return FALSE;
  if (!_cf_settings_set (pass->store, "feed_key", feed, error) ||
      !_cf_settings_set (pass->store, "booking_key", booking, error) ||
      !_cf_settings_set (pass->store, "feed_key_generation", generation, error) ||
      !_cf_settings_set (pass->store, "feed_key_id", cf_json_get_string (document, "id"), error) ||
      !_cf_store_commit (pass->store, error))
    {
      _cf_store_rollback (pass->store);
      return FALSE;
    }
  bytes = g_base64_decode (feed, &length);
  memcpy (pass->keys->feed_key, bytes, CF_SYMMETRIC_BYTES);
  sodium_memzero (bytes, length);
  return TRUE;
}

/* A kiosk takes a newer feed key sealed to it, before it reads acks or the
 * feed, which are written under the newest key. */
gboolean
_cf_sync_take_feed_key (Pass    *pass,
                        GError **error)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) document = NULL, keys = NULL;
  JsonObject *seals;
  gint64 generation;

  if (!_cf_sync_setting_int (pass->store, "feed_key_generation", &generation, error) ||
      !_cf_settings_get (pass->store, "feed_key_id", &id, error))
    return FALSE;
  document = newest_document (pass, generation, id ? id : "");
  seals = document ? cf_json_get_object (document, "seals") : NULL;
  if (seals == NULL || cf_json_get_string (seals, pass->node_id) == NULL)
    return TRUE;    /* nothing newer, or nothing for this kiosk: a revoked one */
  keys = open_box (pass, cf_json_get_string (seals, pass->node_id));
  return keys == NULL || store_keys (pass, document, keys, error);
}

/* ---- any machine: files under another feed key ----------------------- */

/* Tries one base64 feed key; TRUE when @bytes opened under it. */
static gboolean
open_under (Pass            *pass,
            const char      *key_text,
            GBytes          *bytes,
            CfSegmentHeader *header,
            GBytes         **payload)
{
  g_autoptr(CfOfficeKeys) tried = cf_office_keys_new ();
  g_autofree guint8 *key = NULL;
  gsize length = 0;

  if (key_text == NULL || (key = g_base64_decode (key_text, &length)) == NULL || length != CF_SYMMETRIC_BYTES)
    {
      if (key != NULL)
        sodium_memzero (key, length);
      return FALSE;
    }
  memcpy (tried, pass->keys, sizeof *tried);
  memcpy (tried->feed_key, key, CF_SYMMETRIC_BYTES);
  sodium_memzero (key, length);
  *payload = cf_segment_open (bytes, tried, _cf_sync_lookup_signer, pass->roster, header, NULL);
  return *payload != NULL;
}

/* The booking key is the feed key from before the first replacement. */
static GBytes *
open_under_known_feed_key (Pass            *pass,
                           GBytes          *bytes,
                           CfSegmentHeader *header,
                           GError         **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (pass->store,
      "SELECT feed_key FROM feed_keys ORDER BY generation DESC, id DESC", error);
  g_autofree char *first = NULL;
  GBytes *payload = NULL;
  CfStep step = CF_STEP_DONE;

  if (stmt == NULL)
    return NULL;
  while (payload == NULL && (step = _cf_store_step (pass->store, stmt, error)) == CF_STEP_ROW)
    open_under (pass, (const char *) sqlite3_column_text (stmt, 0), bytes, header, &payload);
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return NULL;
  if (payload == NULL && _cf_settings_get (pass->store, "booking_key", &first, error))
    open_under (pass, first, bytes, header, &payload);
  if (first != NULL)
    sodium_memzero (first, strlen (first));
  return payload;
}

/* Whether @desk has published a feed key newer than the newest here: it
 * came after a revocation this machine has not synced yet. */
static gboolean
has_newer_feed_key (Pass       *pass,
                    const char *desk,
                    gboolean   *newer,
                    GError    **error)
{
  Signer *signer = g_hash_table_lookup (pass->roster, desk);
  g_autoptr(JsonObject) document = NULL;
  g_autofree char *id = NULL;
  gint64 generation = 0;

  *newer = FALSE;
  if (!newest_feed_key (pass->store, &id, &generation, error))
    return FALSE;
  if (signer != NULL && !signer->revoked && g_str_equal (signer->kind, "desk"))
    document = read_feed_key_of (pass, desk, signer);
  *newer = document != NULL && cf_json_get_string (document, "id") != NULL &&
           is_newer (document, generation, id ? id : "");
  return TRUE;
}

/* A desk writes its acks and its feed again under the newest feed key on
 * its next pass only, so the folder may hold them under another than this
 * machine's newest: an older one (right after a revocation, even this
 * desk's own), or a newer one this machine has not received yet.  They are
 * believed when signed by their writer and opened, authenticated, under a
 * feed key this office made; or, when the writer has published a newer
 * feed key than this machine holds, checked as far as they can be: their
 * signature (then an empty payload is returned).  A tampered file fails
 * either way.  NULL when it does not hold; @error is set only when the
 * database fails. */
GBytes *
_cf_sync_open_under_other_feed_key (Pass            *pass,
                                    GBytes          *bytes,
                                    CfSegmentHeader *header,
                                    GError         **error)
{
  GBytes *payload = open_under_known_feed_key (pass, bytes, header, error);
  gboolean newer = FALSE;

  if (payload != NULL || (error != NULL && *error != NULL))
    return payload;
  if (!has_newer_feed_key (pass, header->node_id, &newer, error))
    return NULL;
  return newer && cf_segment_check_signature (bytes, _cf_sync_lookup_signer, pass->roster, header, NULL)
           ? g_bytes_new (NULL, 0) : NULL;
}
