/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-keyslots.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-error.h"
#include "cf-json.h"
#include "cf-files.h"

#define SLOTS_FORMAT 3
#define SLOT_ID_BYTES 16
#define FILE_SALT_BYTES CF_SLOT_SALT_BYTES
#define BOX_BYTES (crypto_secretbox_MACBYTES + CF_KEY_BYTES)

/* This machine's database keys, each wrapped under the key that may open
 * it: the office database's under the office key, the case database's under
 * one generation of the case key (and, while it is being re-keyed, the new
 * one's under the newest generation). */
typedef struct {
  guint  generation;   /* 0: none */
  char  *box;
} CaseBox;

typedef struct {
  guint8      salt[FILE_SALT_BYTES];
  char       *office_box;
  CaseBox     case_boxes[2];   /* CF_CASE_BOX_CURRENT, CF_CASE_BOX_NEXT */
  JsonArray  *slots;
} SlotFile;

static void
slot_file_free (SlotFile *file)
{
  g_clear_pointer (&file->slots, json_array_unref);
  g_free (file->office_box);
  for (int i = 0; i < 2; i++)
    g_free (file->case_boxes[i].box);
  g_free (file);
}

static const char *const case_box_members[] = { "case_box", "case_box_next" };
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlotFile, slot_file_free)

static void
set_base64 (JsonObject   *object,
            const char   *member,
            const guint8 *bytes,
            gsize         length)
{
  g_autofree char *text = g_base64_encode (bytes, length);

  json_object_set_string_member (object, member, text);
}

static gboolean
get_base64 (JsonObject *object,
            const char *member,
            guint8     *out,
            gsize       length)
{
  const char *text = cf_json_get_string (object, member);
  g_autofree guint8 *bytes = NULL;
  gsize decoded = 0;

  if (text == NULL)
    return FALSE;
  bytes = g_base64_decode (text, &decoded);
  if (decoded != length)
    return FALSE;
  memcpy (out, bytes, length);
  return TRUE;
}

/* A user is found by a keyed hash of the case-folded name. */
static char *
slot_id (const SlotFile *file,
         const char     *user)
{
  g_autofree char *normal = g_utf8_normalize (user, -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = g_utf8_casefold (normal ? normal : user, -1);
  guint8 hash[SLOT_ID_BYTES];
  char hex[SLOT_ID_BYTES * 2 + 1];

  crypto_generichash (hash, sizeof hash, (const guint8 *) folded, strlen (folded),
                      file->salt, FILE_SALT_BYTES);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  return g_strdup (hex);
}

static void
set_corrupt (GError    **error,
             const char *path)
{
  g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
               _("The key-slot file %s is damaged or has been tampered with. Nothing was changed; restore it from a backup."),
               path);
}

static gboolean
load_case_boxes (SlotFile   *file,
                 JsonObject *root)
{
  for (int i = 0; i < 2; i++)
    {
      JsonObject *box = cf_json_get_object (root, case_box_members[i]);
      gint64 generation;

      if (box == NULL)
        continue;
      generation = cf_json_get_int (box, "generation", 0);
      if (generation < 1 || generation > G_MAXINT || cf_json_get_string (box, "box") == NULL)
        return FALSE;
      file->case_boxes[i].generation = (guint) generation;
      file->case_boxes[i].box = g_strdup (cf_json_get_string (box, "box"));
    }
  return TRUE;
}

static SlotFile *
slot_file_load (const char *path,
                GError    **error)
{
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(SlotFile) file = g_new0 (SlotFile, 1);
  g_autofree char *contents = NULL;
  JsonObject *root;
  gsize length;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_SET_UP,
                   _("This machine is not set up: %s is missing. Run “confidectl init” or “confidectl join”, or pass the right --data-dir."),
                   path);
      return NULL;
    }
  if (!cf_files_read (path, &contents, &length, error))
    return NULL;
  document = cf_json_parse (contents, (gssize) length);
  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    {
      set_corrupt (error, path);
      return NULL;
    }
  root = json_node_get_object (document);
  if (cf_json_get_int (root, "format", 0) == 2)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_TOO_NEW,
                   _("%s was set up by an earlier Confide, which kept every key in one place. Set this office up again with this version."),
                   path);
      return NULL;
    }
  if (cf_json_get_int (root, "format", 0) != SLOTS_FORMAT ||
      !get_base64 (root, "salt", file->salt, sizeof file->salt) ||
      cf_json_get_string (root, "office_box") == NULL ||
      cf_json_get_array (root, "slots") == NULL ||
      !load_case_boxes (file, root))
    {
      set_corrupt (error, path);
      return NULL;
    }
  file->office_box = g_strdup (cf_json_get_string (root, "office_box"));
  file->slots = json_array_ref (cf_json_get_array (root, "slots"));
  return g_steal_pointer (&file);
}

static gboolean
slot_file_save (SlotFile   *file,
                const char *path,
                GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *salt = g_base64_encode (file->salt, sizeof file->salt);
  g_autofree char *text = NULL;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, SLOTS_FORMAT);
  json_builder_set_member_name (builder, "salt");
  json_builder_add_string_value (builder, salt);
  json_builder_set_member_name (builder, "office_box");
  json_builder_add_string_value (builder, file->office_box);
  for (int i = 0; i < 2; i++)
    if (file->case_boxes[i].generation > 0)
      {
        json_builder_set_member_name (builder, case_box_members[i]);
        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "generation");
        json_builder_add_int_value (builder, file->case_boxes[i].generation);
        json_builder_set_member_name (builder, "box");
        json_builder_add_string_value (builder, file->case_boxes[i].box);
        json_builder_end_object (builder);
      }
  json_builder_set_member_name (builder, "slots");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), file->slots));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);
  return cf_files_write_atomic (path, text, length, error);
}

static gboolean
derive (const char   *passphrase,
        const guint8 *salt,
        guint64       opslimit,
        gsize         memlimit,
        guint8       *kek,
        GError      **error)
{
  if (crypto_pwhash (kek, crypto_secretbox_KEYBYTES, passphrase, strlen (passphrase),
                     salt, opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_FAILED,
                   _("There was not enough memory to check the passphrase."));
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
slot_new (const SlotFile *file,
          const char     *user,
          const char     *passphrase,
          const CfKey    *user_secret,
          const CfKey    *office_key,
          GError        **error)
{
  guint8 public_key[crypto_box_PUBLICKEYBYTES];
  g_autofree char *office_grant = NULL;
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 nonce[crypto_secretbox_NONCEBYTES];
  guint8 box[BOX_BYTES];
  guint8 *kek = sodium_malloc (crypto_secretbox_KEYBYTES);
  g_autofree char *id = slot_id (file, user);
  JsonObject *slot;

  randombytes_buf (salt, sizeof salt);
  randombytes_buf (nonce, sizeof nonce);
  if (!derive (passphrase, salt, crypto_pwhash_OPSLIMIT_INTERACTIVE,
               crypto_pwhash_MEMLIMIT_INTERACTIVE, kek, error))
    {
      sodium_free (kek);
      return NULL;
    }
  crypto_secretbox_easy (box, cf_key_get_bytes (user_secret), CF_KEY_BYTES, nonce, kek);
  sodium_free (kek);
  cf_key_get_public (user_secret, public_key);
  office_grant = cf_key_seal (office_key, public_key);

  slot = json_object_new ();
  json_object_set_string_member (slot, "id", id);
  json_object_set_string_member (slot, "kdf", "argon2id13");
  json_object_set_int_member (slot, "opslimit", crypto_pwhash_OPSLIMIT_INTERACTIVE);
  json_object_set_int_member (slot, "memlimit", crypto_pwhash_MEMLIMIT_INTERACTIVE);
  set_base64 (slot, "salt", salt, sizeof salt);
  set_base64 (slot, "nonce", nonce, sizeof nonce);
  set_base64 (slot, "box", box, sizeof box);
  set_base64 (slot, "public", public_key, sizeof public_key);
  json_object_set_string_member (slot, "office", office_grant);
  return slot;
}

static int
find_slot (const SlotFile *file,
           const char     *user)
{
  g_autofree char *id = slot_id (file, user);
  guint n = json_array_get_length (file->slots);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *slot = cf_json_array_object (file->slots, i);

      if (slot && g_strcmp0 (cf_json_get_string (slot, "id"), id) == 0)
        return (int) i;
    }
  return -1;
}

gboolean
cf_keyslots_create (const char   *path,
                    const guint8 *slot_salt,
                    const CfKey  *office_key,
                    const CfKey  *database_key,
                    GError      **error)
{
  g_autoptr(SlotFile) file = g_new0 (SlotFile, 1);

  g_return_val_if_fail (path && office_key && database_key, FALSE);

  if (slot_salt)
    memcpy (file->salt, slot_salt, sizeof file->salt);
  else
    randombytes_buf (file->salt, sizeof file->salt);
  file->office_box = cf_key_wrap (database_key, office_key);
  file->slots = json_array_new ();
  return slot_file_save (file, path, error);
}

static char *
slot_to_text (JsonObject *slot)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), slot);

  return json_to_string (node, FALSE);
}

char *
cf_keyslots_make_credential (const char  *path,
                             const char  *user,
                             const char  *passphrase,
                             const CfKey *user_secret,
                             const CfKey *office_key,
                             GError     **error)
{
  g_autoptr(SlotFile) file = NULL;
  g_autoptr(JsonObject) slot = NULL;

  g_return_val_if_fail (path && user && passphrase && user_secret && office_key, NULL);

  file = slot_file_load (path, error);
  if (file == NULL)
    return NULL;
  slot = slot_new (file, user, passphrase, user_secret, office_key, error);
  return slot ? slot_to_text (slot) : NULL;
}

static char *
slots_text (JsonArray *slots)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), slots);

  return json_to_string (node, FALSE);
}

static JsonObject *
parse_slot (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      cf_json_get_string (json_node_get_object (node), "id") == NULL)
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

static void
remove_slot_id (SlotFile   *file,
                const char *id)
{
  for (guint i = json_array_get_length (file->slots); i > 0; i--)
    {
      JsonObject *slot = cf_json_array_object (file->slots, i - 1);

      if (slot && g_strcmp0 (cf_json_get_string (slot, "id"), id) == 0)
        json_array_remove_element (file->slots, i - 1);
    }
}

/* Adds or replaces slots from credentials (a user's slot is replaced when
 * their passphrase changes); with @replace_all, slots not among them go,
 * which is how a user removed on another desk loses their slot here. */
gboolean
cf_keyslots_put_credentials (const char        *path,
                             const char *const *credentials,
                             gboolean           replace_all,
                             GError           **error)
{
  g_autoptr(SlotFile) file = NULL;
  g_autofree char *before = NULL, *after = NULL;

  g_return_val_if_fail (path && credentials, FALSE);

  file = slot_file_load (path, error);
  if (file == NULL)
    return FALSE;
  before = slots_text (file->slots);
  if (replace_all)
    {
      json_array_unref (file->slots);
      file->slots = json_array_new ();
    }
  for (gsize i = 0; credentials[i]; i++)
    {
      JsonObject *slot = parse_slot (credentials[i]);

      if (slot == NULL)
        {
          set_corrupt (error, path);
          return FALSE;
        }
      remove_slot_id (file, cf_json_get_string (slot, "id"));
      json_array_add_object_element (file->slots, slot);
    }
  /* Called after every sync pass: a durable write only for a real change. */
  after = slots_text (file->slots);
  return g_str_equal (before, after) || slot_file_save (file, path, error);
}

gboolean
cf_keyslots_get_salt (const char *path,
                      guint8     *salt,
                      GError    **error)
{
  g_autoptr(SlotFile) file = slot_file_load (path, error);

  if (file == NULL)
    return FALSE;
  memcpy (salt, file->salt, sizeof file->salt);
  return TRUE;
}

gboolean
cf_keyslots_remove (const char *path,
                    const char *user,
                    GError    **error)
{
  g_autoptr(SlotFile) file = NULL;
  int index;

  g_return_val_if_fail (path && user, FALSE);

  file = slot_file_load (path, error);
  if (file == NULL)
    return FALSE;
  index = find_slot (file, user);
  if (index < 0)
    return TRUE;
  json_array_remove_element (file->slots, index);
  return slot_file_save (file, path, error);
}

gboolean
cf_keyslots_has (const char *path,
                 const char *user,
                 GError    **error)
{
  g_autoptr(SlotFile) file = slot_file_load (path, error);

  return file != NULL && find_slot (file, user) >= 0;
}

static void
set_wrong_passphrase (GError **error)
{
  g_set_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE,
               _("The user name or passphrase is not right. Check both and try again."));
}


static CfKey *
open_slot (JsonObject *slot,
           const char *passphrase,
           const char *path,
           GError    **error)
{
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 nonce[crypto_secretbox_NONCEBYTES];
  guint8 box[BOX_BYTES];
  gint64 opslimit = cf_json_get_int (slot, "opslimit", 0);
  gint64 memlimit = cf_json_get_int (slot, "memlimit", 0);
  guint8 *kek, *plain;
  CfKey *key = NULL;

  if (!get_base64 (slot, "salt", salt, sizeof salt) ||
      !get_base64 (slot, "nonce", nonce, sizeof nonce) ||
      !get_base64 (slot, "box", box, sizeof box) ||
      opslimit < (gint64) crypto_pwhash_OPSLIMIT_MIN ||
      opslimit > (gint64) crypto_pwhash_OPSLIMIT_SENSITIVE ||
      memlimit < (gint64) crypto_pwhash_MEMLIMIT_MIN ||
      memlimit > (gint64) crypto_pwhash_MEMLIMIT_SENSITIVE)
    {
      set_corrupt (error, path);
      return NULL;
    }

  kek = sodium_malloc (crypto_secretbox_KEYBYTES);
  plain = sodium_malloc (CF_KEY_BYTES);
  if (derive (passphrase, salt, (guint64) opslimit, (gsize) memlimit, kek, error))
    {
      if (crypto_secretbox_open_easy (plain, box, sizeof box, nonce, kek) == 0)
        key = cf_key_new_from_bytes (plain);
      else
        set_wrong_passphrase (error);
    }
  sodium_free (kek);
  sodium_free (plain);
  return key;
}

/* The same sentence for an unknown user and a wrong passphrase: the answer
 * must not tell a guesser which user names exist. */
CfKey *
cf_keyslots_unlock (const char *path,
                    const char *user,
                    const char *passphrase,
                    CfKey     **office_key,
                    GError    **error)
{
  g_autoptr(SlotFile) file = NULL;
  int index;

  g_return_val_if_fail (path && user && passphrase, NULL);

  file = slot_file_load (path, error);
  if (file == NULL)
    return NULL;
  index = find_slot (file, user);
  if (index < 0)
    {
      guint8 salt[crypto_pwhash_SALTBYTES] = { 0 };
      guint8 *kek = sodium_malloc (crypto_secretbox_KEYBYTES);

      /* Spend the same time as a real attempt, so timing does not tell. */
      derive (passphrase, salt, crypto_pwhash_OPSLIMIT_INTERACTIVE,
              crypto_pwhash_MEMLIMIT_INTERACTIVE, kek, NULL);
      sodium_free (kek);
      set_wrong_passphrase (error);
      return NULL;
    }
  {
    JsonObject *slot = cf_json_array_object (file->slots, index);
    g_autoptr(CfKey) secret = open_slot (slot, passphrase, path, error);

    if (secret == NULL)
      return NULL;
    *office_key = cf_key_open_sealed (cf_json_get_string (slot, "office"), secret);
    if (*office_key == NULL)
      {
        set_corrupt (error, path);
        return NULL;
      }
    return g_steal_pointer (&secret);
  }
}

/* ---- this machine's database keys ------------------------------------ */

CfKey *
cf_keyslots_open_office_box (const char  *path,
                             const CfKey *office_key,
                             GError     **error)
{
  g_autoptr(SlotFile) file = slot_file_load (path, error);
  CfKey *key;

  if (file == NULL)
    return NULL;
  key = cf_key_unwrap (file->office_box, office_key);
  if (key == NULL)
    set_corrupt (error, path);
  return key;
}

gboolean
cf_keyslots_get_case_box (const char *path,
                          CfCaseBox   which,
                          guint      *generation,
                          GError    **error)
{
  g_autoptr(SlotFile) file = slot_file_load (path, error);

  if (file == NULL)
    return FALSE;
  *generation = file->case_boxes[which].generation;
  return TRUE;
}

CfKey *
cf_keyslots_open_case_box (const char  *path,
                           CfCaseBox    which,
                           const CfKey *case_key,
                           GError     **error)
{
  g_autoptr(SlotFile) file = slot_file_load (path, error);
  CfKey *key;

  if (file == NULL)
    return NULL;
  key = cf_key_unwrap (file->case_boxes[which].box, case_key);
  if (key == NULL)
    set_corrupt (error, path);
  return key;
}

/* A generation of 0 removes the box. */
gboolean
cf_keyslots_set_case_box (const char  *path,
                          CfCaseBox    which,
                          guint        generation,
                          const CfKey *database_key,
                          const CfKey *case_key,
                          GError     **error)
{
  g_autoptr(SlotFile) file = slot_file_load (path, error);
  CaseBox *box;

  if (file == NULL)
    return FALSE;
  box = &file->case_boxes[which];
  g_clear_pointer (&box->box, g_free);
  box->generation = generation;
  if (generation > 0)
    box->box = cf_key_wrap (database_key, case_key);
  return slot_file_save (file, path, error);
}

/* The re-keyed database is in place: its box becomes the current one. */
gboolean
cf_keyslots_promote_case_box (const char *path,
                              GError    **error)
{
  g_autoptr(SlotFile) file = slot_file_load (path, error);

  if (file == NULL)
    return FALSE;
  if (file->case_boxes[CF_CASE_BOX_NEXT].generation == 0)
    return TRUE;
  g_free (file->case_boxes[CF_CASE_BOX_CURRENT].box);
  file->case_boxes[CF_CASE_BOX_CURRENT] = file->case_boxes[CF_CASE_BOX_NEXT];
  file->case_boxes[CF_CASE_BOX_NEXT] = (CaseBox) { 0, NULL };
  return slot_file_save (file, path, error);
}

/* A credential's public key: what grants are sealed to. */
gboolean
cf_keyslots_credential_public (const char *credential,
                               guint8     *public_key)
{
  g_autoptr(JsonObject) slot = credential ? parse_slot (credential) : NULL;

  return slot != NULL && get_base64 (slot, "public", public_key, crypto_box_PUBLICKEYBYTES);
}
