/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-enroll.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-audit-private.h"
#include "cf-audit.h"
#include "cf-changes-private.h"
#include "cf-data-dir.h"
#include "cf-enroll-private.h"
#include "cf-error.h"
#include "cf-files.h"
#include "cf-json.h"
#include "cf-keyslots.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"

/* Bundle file: magic, Argon2id salt, nonce, secretbox(JSON).  The code is
 * random (about 99 bits), so interactive Argon2id limits suffice. */
#define BUNDLE_MAGIC      "CONFIDE-ENROL-1\n"
#define BUNDLE_MAGIC_LEN  16
#define CODE_ALPHABET     "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#define CODE_GROUPS       5
#define CODE_GROUP_LEN    4

static const char *const kind_names[] = { "desk", "kiosk" };

/* ---- the code -------------------------------------------------------- */

static char *
make_code (void)
{
  GString *code = g_string_new (NULL);

  for (int g = 0; g < CODE_GROUPS; g++)
    {
      if (g > 0)
        g_string_append_c (code, '-');
      for (int i = 0; i < CODE_GROUP_LEN; i++)
        g_string_append_c (code, CODE_ALPHABET[randombytes_uniform (sizeof CODE_ALPHABET - 1)]);
    }
  return g_string_free (code, FALSE);
}

static char *
normalise_code (const char *text)
{
  GString *code = g_string_new (NULL);

  for (const char *p = text; *p && *p != '\n'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (code, g_ascii_toupper (*p));
  return g_string_free (code, FALSE);
}

char *
cf_enroll_read_code (const char *path,
                     GError    **error)
{
  g_autofree char *contents = NULL;
  char *code;

  if (!cf_files_read (path, &contents, NULL, error))
    return NULL;
  code = normalise_code (contents);
  sodium_memzero (contents, strlen (contents));
  if (strlen (code) != CODE_GROUPS * CODE_GROUP_LEN)
    {
      g_free (code);
      g_set_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE,
                   _("%s does not hold an enrollment code (five groups of four letters and digits)."),
                   path);
      return NULL;
    }
  return code;
}

static gboolean
code_key (const char   *code,
          const guint8 *salt,
          guint8       *key,
          GError      **error)
{
  g_autofree char *normal = normalise_code (code);

  if (crypto_pwhash (key, crypto_secretbox_KEYBYTES, normal, strlen (normal), salt,
                     crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_FAILED, _("There was not enough memory to open the bundle."));
      return FALSE;
    }
  return TRUE;
}

/* ---- bundle encryption ----------------------------------------------- */

static GBytes *
seal_bundle (const char *json,
             const char *code,
             GError    **error)
{
  gsize length = strlen (json);
  gsize total = BUNDLE_MAGIC_LEN + crypto_pwhash_SALTBYTES + crypto_secretbox_NONCEBYTES +
                crypto_secretbox_MACBYTES + length;
  guint8 *out = g_malloc (total);
  guint8 *salt = out + BUNDLE_MAGIC_LEN;
  guint8 *nonce = salt + crypto_pwhash_SALTBYTES;
  guint8 *key = sodium_malloc (crypto_secretbox_KEYBYTES);

  memcpy (out, BUNDLE_MAGIC, BUNDLE_MAGIC_LEN);
  randombytes_buf (salt, crypto_pwhash_SALTBYTES);
  randombytes_buf (nonce, crypto_secretbox_NONCEBYTES);
  if (!code_key (code, salt, key, error))
    {
      sodium_free (key);
      g_free (out);
      return NULL;
    }
  crypto_secretbox_easy (nonce + crypto_secretbox_NONCEBYTES, (const guint8 *) json, length, nonce, key);
  sodium_free (key);
  return g_bytes_new_take (out, total);
}

static void
set_wrong_code (GError **error)
{
  g_set_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE,
               _("The enrollment code does not open this bundle: check the code, or ask for a new bundle."));
}

/* Returns the bundle's JSON text in guarded memory's spirit: the caller
 * wipes it.  A wrong code and a tampered bundle look the same. */
char *
_cf_enroll_open_bundle (GBytes     *bundle,
                        const char *code,
                        GError    **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bundle, &size);
  gsize header = BUNDLE_MAGIC_LEN + crypto_pwhash_SALTBYTES + crypto_secretbox_NONCEBYTES;
  const guint8 *salt, *nonce;
  guint8 *key;
  char *json;
  gsize length;

  /* Sizes first: an empty file has no data pointer to offset. */
  if (data == NULL || size < header + crypto_secretbox_MACBYTES ||
      memcmp (data, BUNDLE_MAGIC, BUNDLE_MAGIC_LEN) != 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
                   _("This is not a Confide enrollment bundle, or it is damaged."));
      return NULL;
    }
  salt = data + BUNDLE_MAGIC_LEN;
  nonce = salt + crypto_pwhash_SALTBYTES;
  length = size - header - crypto_secretbox_MACBYTES;
  key = sodium_malloc (crypto_secretbox_KEYBYTES);
  json = g_malloc (length + 1);
  if (!code_key (code, salt, key, error) ||
      crypto_secretbox_open_easy ((guint8 *) json, data + header, size - header, nonce, key) != 0)
    {
      if (error && *error == NULL)
        set_wrong_code (error);
      sodium_free (key);
      g_free (json);
      return NULL;
    }
  sodium_free (key);
  json[length] = '\0';
  return json;
}

/* ---- making a bundle ------------------------------------------------- */

/* Each setting becomes the member of the same name. */
static gboolean
add_settings (JsonBuilder       *builder,
              CfStore           *store,
              const char *const *settings,
              GError           **error)
{
  for (int i = 0; settings[i]; i++)
    {
      g_autofree char *value = NULL;

      if (!_cf_settings_get (store, settings[i], &value, error))
        return FALSE;
      json_builder_set_member_name (builder, settings[i]);
      json_builder_add_string_value (builder, value ? value : "");
      if (value)
        sodium_memzero (value, strlen (value));
    }
  return TRUE;
}

static void
add_base64 (JsonBuilder  *builder,
            const char   *member,
            const guint8 *bytes,
            gsize         length)
{
  g_autofree char *text = g_base64_encode (bytes, length);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
  sodium_memzero (text, strlen (text));
}

static gboolean
add_rows (JsonBuilder       *builder,
          CfStore           *store,
          const char        *member,
          const char        *sql,
          const char *const *columns,
          GError           **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      json_builder_begin_object (builder);
      for (int i = 0; columns[i]; i++)
        {
          json_builder_set_member_name (builder, columns[i]);
          if (sqlite3_column_type (stmt, i) == SQLITE_INTEGER)
            json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, i));
          else if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
            json_builder_add_null_value (builder);
          else
            json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, i));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);
  return step == CF_STEP_DONE;
}

static const char *const roster_columns[] = { "id", "kind", "sign_public", "enrolled_at", NULL };
static const char *const user_columns[] = { "id", "name", "role", "restricted_service",
                                            "credential", "created_at", NULL };

static char *
build_bundle (CfSession    *session,
              CfMachineKind kind,
              const char   *node_id,
              const guint8 *sign_secret,
              GError      **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *slots = cf_data_dir_keyslots (cf_session_get_data_dir (session));
  guint8 salt[CF_SLOT_SALT_BYTES];

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_names[kind]);
  json_builder_set_member_name (builder, "node_id");
  json_builder_add_string_value (builder, node_id);
  add_base64 (builder, "node_sign_secret", sign_secret, crypto_sign_SECRETKEYBYTES);
  if (!add_settings (builder, store, (const char *const[]) { "feed_key", "office_box_public",
                                                             "time_zone", NULL }, error) ||
      !add_rows (builder, store, "roster", "SELECT id, kind, sign_public, enrolled_at FROM nodes"
                 " WHERE revoked_at IS NULL", roster_columns, error))
    return NULL;
  if (kind == CF_MACHINE_DESK)
    {
      /* No key of the office's: whoever joins opens the office key with
       * their own credential, and a case key only reaches the desk when an
       * adviser or a manager signs in there. */
      if (!add_settings (builder, store, (const char *const[]) { "office_name", NULL }, error) ||
          !cf_keyslots_get_salt (slots, salt, error))
        return NULL;
      add_base64 (builder, "slot_salt", salt, sizeof salt);
      if (!add_rows (builder, store, "users", "SELECT id, name, role, restricted_service, credential,"
                     " created_at FROM users WHERE removed_at IS NULL AND credential IS NOT NULL",
                     user_columns, error))
        return NULL;
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

typedef struct {
  const char *node_id;
  const char *kind;
  const char *sign_public;
} NewNode;

gboolean
_cf_enroll_insert_node (CfStore    *store,
                        const char *node_id,
                        const char *kind,
                        const char *sign_public,
                        gint64      enrolled_at,
                        GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO nodes (id, kind, sign_public, enrolled_at) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, node_id);
  _cf_bind_text (stmt, 2, kind);
  _cf_bind_text (stmt, 3, sign_public);
  sqlite3_bind_int64 (stmt, 4, enrolled_at);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "node", node_id,
                             (const char *const[]) { "kind", "sign_public", "enrolled_at", NULL },
                             error);
}

static gboolean
insert_node (CfSession *session,
             gpointer   data,
             GError   **error)
{
  NewNode *node = data;

  return _cf_enroll_insert_node (cf_session_get_store (session), node->node_id, node->kind,
                                 node->sign_public, g_get_real_time () / G_USEC_PER_SEC, error) &&
         _cf_session_audit (session, "machine-enrolled", node->node_id, node->kind, error);
}

static gboolean
write_code_file (const char *path,
                 const char *code,
                 GError    **error)
{
  g_autofree char *line = g_strconcat (code, "\n", NULL);
  gboolean ok = cf_files_write_atomic (path, line, strlen (line), error);

  sodium_memzero (line, strlen (line));
  return ok;
}

gboolean
cf_enroll_create (CfSession    *session,
                  CfMachineKind kind,
                  const char   *bundle_path,
                  const char   *code_path,
                  GError      **error)
{
  guint8 sign_public[crypto_sign_PUBLICKEYBYTES];
  guint8 *sign_secret = NULL;
  g_autofree char *node_id = g_uuid_string_random ();
  g_autofree char *public_text = NULL, *code = NULL;
  g_autoptr(GBytes) sealed = NULL;
  char *json = NULL;
  NewNode node;
  gboolean ok = FALSE;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (bundle_path && code_path, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_ADMINISTER, error))
    return FALSE;
  sign_secret = sodium_malloc (crypto_sign_SECRETKEYBYTES);
  crypto_sign_keypair (sign_public, sign_secret);
  public_text = g_base64_encode (sign_public, sizeof sign_public);
  node = (NewNode) { node_id, kind_names[kind], public_text };
  code = make_code ();

  /* On the roster first, so the bundle's roster includes the machine. */
  if (_cf_session_write (session, insert_node, &node, error))
    {
      g_autoptr(CfStoreLock) lock = _cf_store_lock (cf_session_get_store (session));
      json = build_bundle (session, kind, node_id, sign_secret, error);
    }
  if (json != NULL && (sealed = seal_bundle (json, code, error)) != NULL)
    ok = cf_files_write_atomic (bundle_path, g_bytes_get_data (sealed, NULL),
                                g_bytes_get_size (sealed), error) &&
         write_code_file (code_path, code, error);
  if (json)
    sodium_memzero (json, strlen (json));
  g_free (json);
  sodium_memzero (code, strlen (code));
  sodium_free (sign_secret);
  return ok;
}

/* ---- joining --------------------------------------------------------- */

JsonObject *
_cf_enroll_parse_bundle (const char *json,
                         const char *want_kind,
                         GError    **error)
{
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto damaged;
  object = json_node_get_object (root);
  /* Members are read as the types they should be: a member of another
   * type must not reach g_uuid_string_is_valid or a %s as NULL. */
  if (cf_json_get_int (object, "format", 0) != 1 ||
      cf_json_get_string (object, "node_id") == NULL ||
      !g_uuid_string_is_valid (cf_json_get_string (object, "node_id")) ||
      cf_json_get_array (object, "roster") == NULL)
    goto damaged;
  if (g_strcmp0 (cf_json_get_string (object, "kind"), want_kind) != 0)
    {
      /* Whole sentences, so that each language says "kiosk" and "desk" in
       * its own words; the bundle's own kind is never quoted. */
      g_set_error_literal (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                           g_str_equal (want_kind, "kiosk")
                           ? _("This bundle is not for a kiosk. At a desk, make a bundle for a kiosk.")
                           : _("This bundle is not for a desk. At a desk, make a bundle for a desk."));
      return NULL;
    }
  return json_object_ref (object);

damaged:
  g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT, _("The enrollment bundle is damaged."));
  return NULL;
}

JsonObject *
_cf_enroll_read_bundle (const char *path,
                        const char *code,
                        const char *want_kind,
                        GError    **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *json;
  JsonObject *bundle;
  gsize length;

  if (!cf_files_read (path, &contents, &length, error))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  json = _cf_enroll_open_bundle (bytes, code, error);
  if (json == NULL)
    return NULL;
  bundle = _cf_enroll_parse_bundle (json, want_kind, error);
  sodium_memzero (json, strlen (json));
  g_free (json);
  return bundle;
}

static gboolean
copy_setting (CfStore    *store,
              JsonObject *bundle,
              const char *member,
              GError    **error)
{
  const char *value = cf_json_get_string (bundle, member);

  if (value == NULL || *value == '\0')
    {
      g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT, _("The enrollment bundle is damaged."));
      return FALSE;
    }
  return _cf_settings_set (store, member, value, error);
}

/* The roster and users as the bundle had them: not queued for export (they
 * are other machines' records), and stamped oldest, so the real records
 * win when they arrive. */
static gboolean
insert_bundle_rows (CfStore           *store,
                    JsonObject        *bundle,
                    const char        *member,
                    const char        *sql,
                    const char *const *columns,
                    GError           **error)
{
  JsonArray *rows = cf_json_get_array (bundle, member);

  for (guint i = 0; rows && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = cf_json_array_object (rows, i);
      sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);

      if (stmt == NULL)
        return FALSE;
      if (row == NULL)
        goto damaged;
      for (int c = 0; columns[c]; c++)
        {
          JsonNode *value = json_object_get_member (row, columns[c]);

          if (value == NULL || JSON_NODE_HOLDS_NULL (value))
            sqlite3_bind_null (stmt, c + 1);
          else if (json_node_get_value_type (value) == G_TYPE_INT64)
            sqlite3_bind_int64 (stmt, c + 1, json_node_get_int (value));
          else if (json_node_get_value_type (value) == G_TYPE_STRING)
            _cf_bind_text (stmt, c + 1, json_node_get_string (value));
          else
            goto damaged;
        }
      if (!_cf_store_step_done (store, stmt, error))
        return FALSE;
      continue;
damaged:
      sqlite3_reset (stmt);
      g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT, _("The enrollment bundle is damaged."));
      return FALSE;
    }
  return TRUE;
}

static const char *const desk_settings[] = {
  "feed_key", "office_box_public", "time_zone", "node_sign_secret", "office_name", NULL
};
static const char *const kiosk_settings[] = {
  "feed_key", "office_box_public", "time_zone", "node_sign_secret", NULL
};

gboolean
_cf_enroll_fill_database (CfStore    *store,
                          JsonObject *bundle,
                          const char *kind,
                          GError    **error)
{
  const char *const *settings = g_str_equal (kind, "desk") ? desk_settings : kiosk_settings;

  if (!_cf_settings_set (store, "node_id", cf_json_get_string (bundle, "node_id"), error) ||
      !_cf_settings_set (store, "node_kind", kind, error))
    return FALSE;
  for (int i = 0; settings[i]; i++)
    if (!copy_setting (store, bundle, settings[i], error))
      return FALSE;
  return insert_bundle_rows (store, bundle, "roster",
                             "INSERT OR IGNORE INTO nodes (id, kind, sign_public, enrolled_at)"
                             " VALUES (?, ?, ?, ?)", roster_columns, error) &&
         insert_bundle_rows (store, bundle, "users",
                             "INSERT OR IGNORE INTO users (id, name, role, restricted_service,"
                             " credential, created_at) VALUES (?, ?, ?, ?, ?, ?)", user_columns, error) &&
         _cf_audit_append (store, NULL, "machine-joined", cf_json_get_string (bundle, "node_id"),
                           kind, error);
}

static gboolean
create_joined_database (const char  *data_dir,
                        const CfKey *key,
                        JsonObject  *bundle,
                        const char  *kind,
                        GError     **error)
{
  g_autofree char *path = cf_data_dir_database (data_dir);
  g_autoptr(CfStore) store = g_str_equal (kind, "desk") ? cf_store_open_desk (path, key, error)
                                                        : cf_store_open (path, key, error);
  g_autoptr(CfStoreLock) lock = NULL;

  if (store == NULL)
    return FALSE;
  lock = _cf_store_lock (store);
  if (!_cf_store_begin (store, error))
    return FALSE;
  if (!_cf_enroll_fill_database (store, bundle, kind, error) || !_cf_store_commit (store, error))
    {
      _cf_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

static gboolean
refuse_existing (const char *data_dir,
                 GError    **error)
{
  g_autofree char *database = cf_data_dir_database (data_dir);

  if (!g_file_test (database, G_FILE_TEST_EXISTS))
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_EXISTS,
               _("%s already holds a Confide machine. Choose an empty --data-dir."), data_dir);
  return FALSE;
}

/* The users' credentials as the bundle holds them. */
static GPtrArray *
bundle_credentials (JsonObject *bundle)
{
  GPtrArray *credentials = g_ptr_array_new ();
  JsonArray *users = cf_json_get_array (bundle, "users");

  for (guint i = 0; users && i < json_array_get_length (users); i++)
    {
      JsonObject *user = cf_json_array_object (users, i);
      const char *credential = user ? cf_json_get_string (user, "credential") : NULL;

      if (credential)
        g_ptr_array_add (credentials, (gpointer) credential);
    }
  g_ptr_array_add (credentials, NULL);
  return credentials;
}

/* The slot file of the new desk, with the database key wrapped under the
 * office key that the joining user's own credential opens: a bundle alone
 * (the code and the file) opens nothing. */
static gboolean
write_desk_slots (const char  *slots,
                  JsonObject  *bundle,
                  const CfKey *key,
                  const char  *user,
                  const char  *passphrase,
                  GError     **error)
{
  g_autoptr(GPtrArray) credentials = bundle_credentials (bundle);
  g_autoptr(CfKey) placeholder = cf_key_new_random ();
  g_autoptr(CfKey) office_key = NULL, secret = NULL;
  g_autofree guint8 *salt = NULL;
  gsize salt_length = 0;

  if (cf_json_get_string (bundle, "slot_salt") != NULL)
    salt = g_base64_decode (cf_json_get_string (bundle, "slot_salt"), &salt_length);
  if (salt_length != CF_SLOT_SALT_BYTES || cf_json_get_array (bundle, "users") == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT, _("The enrollment bundle is damaged."));
      return FALSE;
    }
  /* The slots are written once to open the user's, then again with the
   * database key under the office key it gave. */
  if (!cf_keyslots_create (slots, salt, placeholder, key, error) ||
      !cf_keyslots_put_credentials (slots, (const char *const *) credentials->pdata, TRUE, error))
    return FALSE;
  secret = cf_keyslots_unlock (slots, user, passphrase, &office_key, error);
  return secret != NULL &&
         cf_keyslots_create (slots, salt, office_key, key, error) &&
         cf_keyslots_put_credentials (slots, (const char *const *) credentials->pdata, TRUE, error);
}

static gboolean
join_desk_files (const char *data_dir,
                 const char *sync_dir,
                 JsonObject *bundle,
                 const char *user,
                 const char *passphrase,
                 GError    **error)
{
  g_autofree char *slots = cf_data_dir_keyslots (data_dir);
  g_autoptr(CfKey) key = cf_key_new_random ();
  CfNodeConfig config = { (char *) cf_json_get_string (bundle, "node_id"),
                          (char *) "desk", (char *) sync_dir };

  /* Whoever joins must be one of the office's users. */
  return write_desk_slots (slots, bundle, key, user, passphrase, error) &&
         create_joined_database (data_dir, key, bundle, "desk", error) &&
         cf_node_config_save (data_dir, &config, error);
}

gboolean
cf_enroll_join_desk (const char *data_dir,
                     const char *sync_dir,
                     const char *bundle_path,
                     const char *code,
                     const char *user,
                     const char *passphrase,
                     GError    **error)
{
  g_autoptr(JsonObject) bundle = NULL;

  g_return_val_if_fail (data_dir && sync_dir && bundle_path && code && user && passphrase, FALSE);

  if (!refuse_existing (data_dir, error) || !cf_files_ensure_folder (data_dir, error))
    return FALSE;
  bundle = _cf_enroll_read_bundle (bundle_path, code, "desk", error);
  if (bundle == NULL)
    return FALSE;
  if (!join_desk_files (data_dir, sync_dir, bundle, user, passphrase, error))
    {
      cf_data_dir_remove_machine (data_dir);
      return FALSE;
    }
  return TRUE;
}

/* A kiosk has no users: its database key sits in a file beside it.  That is
 * enough, because nothing on a kiosk can be read back: submissions are
 * sealed to the office before they are stored. */
static gboolean
join_kiosk_files (const char *data_dir,
                  const char *sync_dir,
                  JsonObject *bundle,
                  GError    **error)
{
  g_autofree char *key_path = cf_data_dir_kiosk_key (data_dir);
  g_autoptr(CfKey) key = cf_key_new_random ();
  CfNodeConfig config = { (char *) cf_json_get_string (bundle, "node_id"),
                          (char *) "kiosk", (char *) sync_dir };

  return cf_files_write_atomic (key_path, cf_key_get_bytes (key), CF_KEY_BYTES, error) &&
         create_joined_database (data_dir, key, bundle, "kiosk", error) &&
         cf_node_config_save (data_dir, &config, error);
}

gboolean
cf_enroll_join_kiosk (const char *data_dir,
                      const char *sync_dir,
                      const char *bundle_path,
                      const char *code,
                      GError    **error)
{
  g_autoptr(JsonObject) bundle = NULL;

  g_return_val_if_fail (data_dir && sync_dir && bundle_path && code, FALSE);

  if (!refuse_existing (data_dir, error) || !cf_files_ensure_folder (data_dir, error))
    return FALSE;
  bundle = _cf_enroll_read_bundle (bundle_path, code, "kiosk", error);
  if (bundle == NULL)
    return FALSE;
  if (!join_kiosk_files (data_dir, sync_dir, bundle, error))
    {
      cf_data_dir_remove_machine (data_dir);
      return FALSE;
    }
  return TRUE;
}
