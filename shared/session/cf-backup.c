/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A backup of one machine: its data folder in one file, still encrypted.
 *
 * The file is a simple container: "CFBACKUP", a version and a count of
 * parts, then each part as its name, its length, a BLAKE2b hash of name and
 * bytes, and the bytes; last, a BLAKE2b hash of everything before it.  A
 * restore checks every hash before it writes anything.  The hashes catch
 * damage and a file cut short; deliberate changes to a database are caught
 * again by SQLCipher's HMAC on every page when it is opened.
 *
 * The parts: a manifest, node.conf, the key slots and the two databases.
 * The office database is copied through SQLite's backup interface; the
 * case database as its encrypted pages, read under SQLite's own shared
 * lock, since an administrator holds no key to it.  Both are taken inside
 * one read transaction, so they are one committed state. */
#include "cf-backup.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-audit-private.h"
#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-files.h"
#include "cf-keyslots.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"

#define MAGIC          "CFBACKUP"
#define MAGIC_LENGTH   8
#define FORMAT_VERSION 1
#define HASH_BYTES     32
#define MANIFEST       "manifest"
#define LOCK_WAIT_US   (5 * G_USEC_PER_SEC)
#define READ_CHUNK     (1024 * 1024)
/* The whole container is built in memory as one GByteArray, whose length
 * is a guint: nothing larger can be written, and a restore reads it back
 * whole too.  Streaming the container would lift this. */
#define CONTAINER_MAX  ((guint64) G_MAXUINT32)

/* The only names a part may have: a backup never writes outside the data
 * folder, whatever its file says. */
static const char *const part_names[] = {
  MANIFEST, "node.conf", "keyslots.json", "confide.db", "cases.db",
};

static gboolean
is_part_name (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (part_names); i++)
    if (g_str_equal (name, part_names[i]))
      return TRUE;
  return FALSE;
}

/* ---- the container --------------------------------------------------- */

static void
put_be (GByteArray *out,
        guint64     value,
        guint       bytes)
{
  for (guint i = bytes; i > 0; i--)
    {
      guint8 byte = (guint8) (value >> (8 * (i - 1)));

      g_byte_array_append (out, &byte, 1);
    }
}

static void
part_hash (const char   *name,
           const guint8 *data,
           gsize         length,
           guint8       *hash)
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, NULL, 0, HASH_BYTES);
  crypto_generichash_update (&state, (const guint8 *) name, strlen (name) + 1);
  crypto_generichash_update (&state, data, length);
  crypto_generichash_final (&state, hash, HASH_BYTES);
}

static void
append_part (GByteArray *out,
             const char *name,
             GBytes     *bytes)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  guint8 hash[HASH_BYTES];

  put_be (out, strlen (name), 4);
  g_byte_array_append (out, (const guint8 *) name, strlen (name));
  put_be (out, length, 8);
  part_hash (name, data, length, hash);
  g_byte_array_append (out, hash, HASH_BYTES);
  g_byte_array_append (out, data, length);
}

/* The container's length for these parts, as container_new writes it. */
static guint64
container_size (GPtrArray  *names,
                GHashTable *parts)
{
  guint64 size = MAGIC_LENGTH + 4 + 4 + HASH_BYTES;

  for (guint i = 0; i < names->len; i++)
    size += 4 + strlen (names->pdata[i]) + 8 + HASH_BYTES +
            g_bytes_get_size (g_hash_table_lookup (parts, names->pdata[i]));
  return size;
}

/* @parts: name → GBytes, in the order given by @names. */
static GByteArray *
container_new (GPtrArray  *names,
               GHashTable *parts)
{
  GByteArray *out = g_byte_array_new ();
  guint8 hash[HASH_BYTES];

  g_byte_array_append (out, (const guint8 *) MAGIC, MAGIC_LENGTH);
  put_be (out, FORMAT_VERSION, 4);
  put_be (out, names->len, 4);
  for (guint i = 0; i < names->len; i++)
    append_part (out, names->pdata[i], g_hash_table_lookup (parts, names->pdata[i]));
  crypto_generichash (hash, HASH_BYTES, out->data, out->len, NULL, 0);
  g_byte_array_append (out, hash, HASH_BYTES);
  return out;
}

typedef struct {
  const guint8 *data;
  gsize         length;
  gsize         at;
} Reader;

static gboolean
take (Reader        *reader,
      gsize          length,
      const guint8 **bytes)
{
  if (length > reader->length - reader->at)
    return FALSE;
  *bytes = reader->data + reader->at;
  reader->at += length;
  return TRUE;
}

static gboolean
take_be (Reader  *reader,
         guint    bytes,
         guint64 *value)
{
  const guint8 *at;

  if (!take (reader, bytes, &at))
    return FALSE;
  *value = 0;
  for (guint i = 0; i < bytes; i++)
    *value = (*value << 8) | at[i];
  return TRUE;
}

static gboolean
read_part (Reader     *reader,
           GHashTable *parts)
{
  const guint8 *name_bytes, *hash, *data;
  guint64 name_length, length;
  guint8 computed[HASH_BYTES];
  g_autofree char *name = NULL;

  if (!take_be (reader, 4, &name_length) || name_length > 64 ||
      !take (reader, name_length, &name_bytes))
    return FALSE;
  name = g_strndup ((const char *) name_bytes, name_length);
  if (!is_part_name (name) || g_hash_table_contains (parts, name) ||
      !take_be (reader, 8, &length) || !take (reader, HASH_BYTES, &hash) ||
      !take (reader, length, &data))
    return FALSE;
  part_hash (name, data, length, computed);
  if (sodium_memcmp (computed, hash, HASH_BYTES) != 0)
    return FALSE;
  g_hash_table_insert (parts, g_steal_pointer (&name), g_bytes_new (data, length));
  return TRUE;
}

/* Every part by name, or NULL when anything in the file does not hold. */
static GHashTable *
container_read (const guint8 *data,
                gsize         length)
{
  g_autoptr(GHashTable) parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_bytes_unref);
  Reader reader = { data, length, 0 };
  guint8 computed[HASH_BYTES];
  const guint8 *magic, *hash;
  guint64 version, n_parts;

  if (length < MAGIC_LENGTH + 8 + HASH_BYTES)
    return NULL;
  crypto_generichash (computed, HASH_BYTES, data, length - HASH_BYTES, NULL, 0);
  if (sodium_memcmp (computed, data + length - HASH_BYTES, HASH_BYTES) != 0)
    return NULL;
  reader.length = length - HASH_BYTES;
  if (!take (&reader, MAGIC_LENGTH, &magic) || memcmp (magic, MAGIC, MAGIC_LENGTH) != 0 ||
      !take_be (&reader, 4, &version) || version != FORMAT_VERSION ||
      !take_be (&reader, 4, &n_parts) || n_parts > G_N_ELEMENTS (part_names))
    return NULL;
  for (guint64 i = 0; i < n_parts; i++)
    if (!read_part (&reader, parts))
      return NULL;
  if (reader.at != reader.length || !take (&reader, 0, &hash))
    return NULL;
  return g_steal_pointer (&parts);
}

/* ---- the case database, under SQLite's own lock ---------------------- */

/* A database file opened through SQLite's own VFS, so its locks are the
 * ones every connection of this process and of others respects. */
typedef struct {
  sqlite3_vfs  *vfs;
  sqlite3_file *file;
  char         *name;     /* the VFS keeps this pointer while it is open */
  gboolean      open;
  gboolean      locked;
} RawFile;

static void
raw_file_close (RawFile *raw)
{
  if (raw->locked)
    raw->file->pMethods->xUnlock (raw->file, SQLITE_LOCK_NONE);
  if (raw->open)
    raw->file->pMethods->xClose (raw->file);
  g_free (raw->file);
  g_free (raw->name);
}

static gboolean
raw_file_open (RawFile    *raw,
               const char *path,
               GError    **error)
{
  int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, out = 0;
  int rc;

  raw->vfs = sqlite3_vfs_find (NULL);
  raw->file = g_malloc0 (raw->vfs->szOsFile);
  /* Followed by empty URI parameters, as SQLite's own names are. */
  raw->name = g_malloc0 (strlen (path) + 3);
  strcpy (raw->name, path);
  rc = raw->vfs->xOpen (raw->vfs, raw->name, raw->file, flags, &out);
  raw->open = rc == SQLITE_OK;
  if (!raw->open)
    g_set_error (error, CF_ERROR, CF_ERROR_FAILED,
                 _("%s could not be read (%s). Check the data folder and try again."), path, sqlite3_errstr (rc));
  return raw->open;
}

/* A shared lock, as a reader takes it: a writer that is committing makes
 * it wait, like any reader. */
static gboolean
raw_file_lock (RawFile    *raw,
               const char *path,
               GError    **error)
{
  gint64 until = g_get_monotonic_time () + LOCK_WAIT_US;
  int rc;

  while ((rc = raw->file->pMethods->xLock (raw->file, SQLITE_LOCK_SHARED)) == SQLITE_BUSY &&
         g_get_monotonic_time () < until)
    g_usleep (10000);
  raw->locked = rc == SQLITE_OK;
  if (!raw->locked)
    g_set_error (error, CF_ERROR, CF_ERROR_BUSY,
                 _("%s is busy in another program. Try again in a moment."), path);
  return raw->locked;
}

/* A journal left by a crash part-way through a commit (a hot journal) means
 * the file is not a committed state until someone holding its key opens it
 * and rolls it back; a journal that a live writer holds is not hot. */
static gboolean
check_no_hot_journal (RawFile    *raw,
                      const char *path,
                      GError    **error)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  GStatBuf st;
  int reserved = 0;

  if (g_stat (journal, &st) != 0 || st.st_size == 0)
    return TRUE;
  if (raw->file->pMethods->xCheckReservedLock (raw->file, &reserved) == SQLITE_OK && reserved)
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_BUSY,
               _("The case records on this desk were left part-way through a change. Have an adviser or a manager sign in here once, then back up again."));
  return FALSE;
}

static void
set_too_large (guint64  size,
               GError **error)
{
  g_autofree char *has = g_format_size_full (size, G_FORMAT_SIZE_LONG_FORMAT);
  g_autofree char *most = g_format_size_full (CONTAINER_MAX, G_FORMAT_SIZE_LONG_FORMAT);

  g_set_error (error, CF_ERROR, CF_ERROR_FAILED,
               _("This desk's data is too large to back up into one file: it is %s, and a backup holds at most %s."), has, most);
}

/* In chunks at 64-bit offsets: xRead takes an int length, which a whole
 * large file would overflow.  The file is still held in memory whole,
 * as the container is (see CONTAINER_MAX). */
static GBytes *
raw_file_read (RawFile    *raw,
               const char *path,
               GError    **error)
{
  sqlite3_int64 size = 0;
  g_autofree guint8 *data = NULL;
  int rc;

  rc = raw->file->pMethods->xFileSize (raw->file, &size);
  if (rc == SQLITE_OK && (guint64) size > CONTAINER_MAX)
    {
      set_too_large ((guint64) size, error);
      return NULL;
    }
  data = g_malloc (MAX (size, 1));
  for (sqlite3_int64 at = 0; rc == SQLITE_OK && at < size; at += READ_CHUNK)
    rc = raw->file->pMethods->xRead (raw->file, data + at, (int) MIN (size - at, READ_CHUNK), at);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_FAILED,
                   _("%s could not be read (%s). Check the data folder and try again."), path, sqlite3_errstr (rc));
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&data), (gsize) size);
}

/* The case database's bytes as they are on the disk: still encrypted. */
static GBytes *
copy_cases_raw (const char *path,
                GError    **error)
{
  RawFile raw = { 0 };
  GBytes *bytes = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return g_bytes_new (NULL, 0);   /* nobody holding the case key has signed in here */
  if (raw_file_open (&raw, path, error) && raw_file_lock (&raw, path, error) &&
      check_no_hot_journal (&raw, path, error))
    bytes = raw_file_read (&raw, path, error);
  raw_file_close (&raw);
  return bytes;
}

/* ---- making a backup ------------------------------------------------- */

typedef struct {
  CfSession  *session;
  char       *path;
  GPtrArray  *names;
  GHashTable *parts;
  CfBackupSummary summary;
} Backup;

static void
backup_free (Backup *backup)
{
  g_clear_object (&backup->session);
  g_free (backup->path);
  g_clear_pointer (&backup->names, g_ptr_array_unref);
  g_clear_pointer (&backup->parts, g_hash_table_unref);
  g_free (backup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Backup, backup_free)

static Backup *
backup_new (CfSession  *session,
            const char *path)
{
  Backup *backup = g_new0 (Backup, 1);

  backup->session = g_object_ref (session);
  backup->path = g_strdup (path);
  backup->names = g_ptr_array_new_with_free_func (g_free);
  backup->parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  return backup;
}

static void
add_part (Backup     *backup,
          const char *name,
          GBytes     *bytes)
{
  g_ptr_array_add (backup->names, g_strdup (name));
  g_hash_table_insert (backup->parts, g_strdup (name), bytes);
}

static gboolean
add_file (Backup     *backup,
          const char *name,
          GError    **error)
{
  g_autofree char *path = g_build_filename (cf_session_get_data_dir (backup->session), name, NULL);
  char *contents;
  gsize length;

  if (!cf_files_read (path, &contents, &length, error))
    return FALSE;
  add_part (backup, name, g_bytes_new_take (contents, length));
  return TRUE;
}

static void
remove_office_copy (const char *data_dir)
{
  const char *suffixes[] = { "", "-journal", "-wal", "-shm" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (data_dir, G_DIR_SEPARATOR_S CF_DATA_DIR_OFFICE_COPY, suffixes[i], NULL);

      g_unlink (path);
    }
}

/* The office database, through the backup interface, under its own key. */
static gboolean
add_office_database (Backup  *backup,
                     CfStore *store,
                     GError **error)
{
  const char *data_dir = cf_session_get_data_dir (backup->session);
  g_autofree char *slots = cf_data_dir_keyslots (data_dir);
  g_autofree char *copy = g_build_filename (data_dir, CF_DATA_DIR_OFFICE_COPY, NULL);
  g_autoptr(CfKey) key = cf_keyslots_open_office_box (slots, _cf_session_get_office_key (backup->session), error);
  char *contents;
  gsize length;
  gboolean ok;

  if (key == NULL || !_cf_store_backup_main (store, copy, key, error))
    return FALSE;
  ok = cf_files_read (copy, &contents, &length, error);
  remove_office_copy (data_dir);
  if (ok)
    add_part (backup, "confide.db", g_bytes_new_take (contents, length));
  return ok;
}

static GBytes *
manifest_new (CfStore *store,
              GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *segment_seq = NULL;
  const char *node_id = NULL;
  gsize length;
  char *text;

  if (!_cf_settings_get_node_id (store, &node_id, error) ||
      !_cf_settings_get (store, "segment_seq", &segment_seq, error))
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "node");
  json_builder_add_string_value (builder, node_id);
  json_builder_set_member_name (builder, "made");
  json_builder_add_int_value (builder, g_get_real_time () / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "segment_seq");
  json_builder_add_int_value (builder, segment_seq ? g_ascii_strtoll (segment_seq, NULL, 10) : 0);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

/* One read transaction holds SQLite's shared lock on the office database
 * while both databases are copied, and the case database's is taken inside
 * it: no commit, which needs both files, can fall between the two copies. */
static gboolean
copy_databases (Backup  *backup,
                CfStore *store,
                GError **error)
{
  g_autofree char *cases = cf_data_dir_cases (cf_session_get_data_dir (backup->session));
  sqlite3_stmt *begin = _cf_store_prepare (store, "BEGIN", error);
  sqlite3_stmt *read = NULL;
  GBytes *manifest, *case_bytes = NULL;
  gboolean ok = FALSE;

  if (begin == NULL || !_cf_store_step_done (store, begin, error))
    return FALSE;
  read = _cf_store_prepare (store, cf_store_has_cases (store)
                                   ? "SELECT (SELECT count(*) FROM main.sqlite_master) + (SELECT count(*) FROM cases.sqlite_master)"
                                   : "SELECT count(*) FROM main.sqlite_master", error);
  if (read != NULL && _cf_store_step (store, read, error) == CF_STEP_ROW &&
      (manifest = manifest_new (store, error)) != NULL)
    {
      add_part (backup, MANIFEST, manifest);
      ok = add_office_database (backup, store, error) &&
           (case_bytes = copy_cases_raw (cases, error)) != NULL;
    }
  if (read != NULL)
    sqlite3_reset (read);
  _cf_store_rollback (store);
  if (ok && g_bytes_get_size (case_bytes) > 0)
    add_part (backup, "cases.db", case_bytes);
  else if (case_bytes != NULL)
    g_bytes_unref (case_bytes);
  return ok;
}

/* The key slots are read before and after the databases: a sign-in that
 * re-keyed the case database meanwhile would leave a pair that does not
 * open, so that backup is refused and may simply be made again. */
static gboolean
gather (Backup  *backup,
        CfStore *store,
        GError **error)
{
  g_autofree char *slots = cf_data_dir_keyslots (cf_session_get_data_dir (backup->session));
  g_autofree char *before = NULL, *after = NULL;
  gsize before_length, after_length;

  if (!cf_files_read (slots, &before, &before_length, error) ||
      !add_file (backup, "node.conf", error) ||
      !copy_databases (backup, store, error) ||
      !cf_files_read (slots, &after, &after_length, error))
    return FALSE;
  if (before_length != after_length || memcmp (before, after, before_length) != 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_BUSY,
                   _("The keys on this desk changed while it was being backed up. Back it up again."));
      return FALSE;
    }
  add_part (backup, "keyslots.json", g_bytes_new_take (g_steal_pointer (&after), after_length));
  return TRUE;
}

static gboolean
audit_backup (CfSession *session,
              gpointer   data,
              GError   **error)
{
  return _cf_session_audit (session, "backup", NULL, NULL, error);
}

/* On the store's writer thread, or under its lock.  Audited once the file
 * is written, so the log never claims a backup that does not exist; a
 * failed attempt exported nothing (the file is written whole or not at
 * all), so it is not recorded.  A file whose entry cannot be written is
 * removed: no copy of the office leaves unaudited.  The entry is not in
 * the backup itself but reaches a restored machine with its later
 * segments. */
static gboolean
backup_action (CfStore      *store,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  Backup *backup = data;
  g_autoptr(GByteArray) file = NULL;

  if (!cf_session_require (backup->session, CF_PERMISSION_ADMINISTER, error))
    return FALSE;
  /* A copy (or its journal) left by a backup killed part-way: a second
   * encrypted copy of the office nothing else would remove. */
  remove_office_copy (cf_session_get_data_dir (backup->session));
  if (!gather (backup, store, error))
    return FALSE;
  if (container_size (backup->names, backup->parts) > CONTAINER_MAX)
    {
      set_too_large (container_size (backup->names, backup->parts), error);
      return FALSE;
    }
  file = container_new (backup->names, backup->parts);
  backup->summary.n_parts = backup->names->len;
  backup->summary.bytes = file->len;
  if (!cf_files_write_atomic (backup->path, file->data, file->len, error))
    return FALSE;
  if (_cf_session_write (backup->session, audit_backup, NULL, error))
    return TRUE;
  g_unlink (backup->path);
  return FALSE;
}

gboolean
cf_backup_write (CfSession       *session,
                 const char      *path,
                 CfBackupSummary *summary,
                 GError         **error)
{
  g_autoptr(Backup) backup = NULL;
  g_autoptr(CfStoreLock) lock = NULL;
  CfStore *store;

  g_return_val_if_fail (CF_IS_SESSION (session) && path != NULL, FALSE);
  if (cf_session_is_locked (session))
    return cf_session_require (session, CF_PERMISSION_ADMINISTER, error);
  store = cf_session_get_store (session);
  backup = backup_new (session, path);
  lock = _cf_store_lock (store);
  if (!backup_action (store, backup, NULL, error))
    return FALSE;
  if (summary)
    *summary = backup->summary;
  return TRUE;
}

void
cf_backup_write_async (CfSession          *session,
                       const char         *path,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_return_if_fail (CF_IS_SESSION (session) && path != NULL);
  cf_store_do_async (cf_session_get_store (session), backup_action, backup_new (session, path),
                     (GDestroyNotify) backup_free, cancellable, callback, user_data);
}

gboolean
cf_backup_write_finish (CfSession    *session,
                        GAsyncResult *result,
                        GError      **error)
{
  return cf_store_do_finish (cf_session_get_store (session), result, error);
}

/* ---- restoring ------------------------------------------------------- */

static void
set_damaged (GError    **error,
             const char *path)
{
  g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
               _("%s is not a whole Confide backup: it is damaged, cut short or was changed. Nothing was restored."),
               path);
}

static gboolean
folder_is_new (const char *data_dir,
               GError    **error)
{
  g_autoptr(GDir) dir = g_dir_open (data_dir, 0, NULL);

  if (dir == NULL && !g_file_test (data_dir, G_FILE_TEST_EXISTS))
    return TRUE;
  if (dir != NULL && g_dir_read_name (dir) == NULL)
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_EXISTS,
               _("%s is not empty. Restore only into a new, empty data folder, so nothing in it is overwritten."),
               data_dir);
  return FALSE;
}

/* The node configuration as backed up, with the sync folder given now. */
static gboolean
write_config (const char *data_dir,
              GBytes     *bytes,
              const char *sync_dir,
              GError    **error)
{
  g_autofree char *path = cf_data_dir_config (data_dir);
  g_autoptr(CfNodeConfig) config = NULL;

  if (!cf_files_write_atomic (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    return FALSE;
  if (sync_dir == NULL)
    return TRUE;
  config = cf_node_config_load (data_dir, error);
  if (config == NULL)
    return FALSE;
  g_free (config->sync_dir);
  config->sync_dir = g_strdup (sync_dir);
  return cf_node_config_save (data_dir, config, error);
}

/* The marker first: a machine restored part-way is refused whole.  It
 * starts empty: nothing in it comes from the manifest, which anyone can
 * change and hash again (cf-sync-restore.c reads the restored database). */
static gboolean
write_parts (const char *data_dir,
             GHashTable *parts,
             const char *sync_dir,
             GError    **error)
{
  g_autofree char *marker = cf_data_dir_restored (data_dir);
  GHashTableIter iter;
  gpointer name, bytes;

  if (!cf_files_write_atomic (marker, "{}", 2, error))
    return FALSE;
  g_hash_table_iter_init (&iter, parts);
  while (g_hash_table_iter_next (&iter, &name, &bytes))
    {
      g_autofree char *path = g_build_filename (data_dir, name, NULL);

      if (g_str_equal (name, MANIFEST) || g_str_equal (name, "node.conf"))
        continue;
      if (!cf_files_write_atomic (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
        return FALSE;
    }
  return write_config (data_dir, g_hash_table_lookup (parts, "node.conf"), sync_dir, error);
}

static GHashTable *
read_backup (const char *path,
             GError    **error)
{
  g_autofree char *contents = NULL;
  GHashTable *parts;
  gsize length;

  if (!cf_files_read (path, &contents, &length, error))
    return NULL;
  parts = container_read ((const guint8 *) contents, length);
  if (parts == NULL || !g_hash_table_contains (parts, MANIFEST) || !g_hash_table_contains (parts, "node.conf") ||
      !g_hash_table_contains (parts, "keyslots.json") || !g_hash_table_contains (parts, "confide.db"))
    {
      g_clear_pointer (&parts, g_hash_table_unref);
      set_damaged (error, path);
    }
  return parts;
}

gboolean
cf_backup_restore (const char      *path,
                   const char      *data_dir,
                   const char      *sync_dir,
                   CfBackupSummary *summary,
                   GError         **error)
{
  g_autoptr(GHashTable) parts = NULL;
  gboolean created;

  g_return_val_if_fail (path != NULL && data_dir != NULL, FALSE);
  if (!folder_is_new (data_dir, error))
    return FALSE;
  parts = read_backup (path, error);
  if (parts == NULL)
    return FALSE;
  created = !g_file_test (data_dir, G_FILE_TEST_EXISTS);
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      cf_files_set_errno_error (error, errno, data_dir);
      return FALSE;
    }
  if (!write_parts (data_dir, parts, sync_dir, error))
    {
      cf_data_dir_remove_machine (data_dir);
      if (created)
        g_rmdir (data_dir);
      return FALSE;
    }
  if (summary)
    *summary = (CfBackupSummary) { g_hash_table_size (parts), 0 };
  return TRUE;
}
