/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cf-error.h"
#include "cf-files.h"
#include "cf-resources.h"

/* Every schema step is a resource; the list is the single source of truth
 * for the current version.  A step is never edited once released: a change
 * is a new step. */
static const char *const schema_steps[] = {
  "/org/confide/schema/0001-initial.sql",
  "/org/confide/schema/0002-entry-search.sql",
  "/org/confide/schema/0003-lighter-writes.sql",
  "/org/confide/schema/0004-entries-by-case.sql",
  "/org/confide/schema/0005-lighter-search.sql",
  "/org/confide/schema/0006-checks-without-lists.sql",
  "/org/confide/schema/0007-clocks-in-records.sql",
  "/org/confide/schema/0008-case-outcomes.sql",
  "/org/confide/schema/0009-removed-from-course-by.sql",
  "/org/confide/schema/0010-breach-grounds.sql",
  "/org/confide/schema/0011-case-data-moves-out.sql",
  "/org/confide/schema/0012-machine-revocation.sql",
  "/org/confide/schema/0013-audit-heads.sql",
  "/org/confide/schema/0014-office-settings.sql",
  "/org/confide/schema/0015-audit-filters.sql",
};

/* The case database's own steps: it is a file of its own (design.md,
 * "Keys"), attached to the office database as "cases". */
static const char *const case_schema_steps[] = {
  "/org/confide/schema/cases/0001-case-records.sql",
  "/org/confide/schema/cases/0002-notice-updates.sql",
  "/org/confide/schema/cases/0003-erased-records.sql",
  "/org/confide/schema/cases/0004-retention-holds.sql",
  "/org/confide/schema/cases/0005-folded-statistics.sql",
  "/org/confide/schema/cases/0006-tickets-holding-details.sql",
  "/org/confide/schema/cases/0007-destruction-indexes.sql",
  "/org/confide/schema/cases/0008-entries-by-student.sql",
  "/org/confide/schema/cases/0009-subject-access.sql",
  "/org/confide/schema/cases/0010-folded-waits.sql",
  "/org/confide/schema/cases/0011-statistics-covering.sql",
  "/org/confide/schema/cases/0012-folded-waiters.sql",
};

typedef struct {
  const char *const *steps;
  int                n_steps;
} SchemaSteps;

static const SchemaSteps office_steps = { schema_steps, G_N_ELEMENTS (schema_steps) };
static const SchemaSteps case_steps = { case_schema_steps, G_N_ELEMENTS (case_schema_steps) };

#define BUSY_WAIT_MS 5000

struct _CfStore {
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;
  GRecMutex     mutex;
  GHashTable   *statements;   /* the address of static SQL → sqlite3_stmt * */
  GThreadPool  *writer;       /* exactly one thread: the single writer */
  int           checkpoint_pages;  /* see wal_committed() */
  int           wal_pages;
  const SchemaSteps *schema;
  gboolean      rollback_journal;  /* see cf_store_open_desk() */
  gboolean      has_cases;
  int           stop_at_version;   /* 0: the latest; see _cf_store_open_up_to() */
};

struct _CfStoreLock {
  CfStore *store;
};

G_DEFINE_FINAL_TYPE (CfStore, cf_store, G_TYPE_OBJECT)

typedef struct {
  int         rc;
  CfErrorCode code;
  const char *sentence;   /* %s is the database path */
} ErrorMapping;

/* One table maps SQLite's result codes to the sentence a person reads. */
static const ErrorMapping error_mappings[] = {
  { SQLITE_NOTADB, CF_ERROR_NOT_A_DATABASE,
    N_("%s is not a Confide database, or it was not written with this key. Nothing was changed; restore it from a backup if it should be one.") },
  { SQLITE_CORRUPT, CF_ERROR_CORRUPT,
    N_("%s is damaged or has been tampered with: a page failed its integrity check. Nothing was changed; restore it from a backup.") },
  { SQLITE_READONLY, CF_ERROR_READ_ONLY,
    N_("%s cannot be written: the file or its folder is read-only. Make the data folder writable and try again.") },
  { SQLITE_FULL, CF_ERROR_DISK_FULL,
    N_("The disk holding %s is full, so nothing was saved. Free some space and try again.") },
  { SQLITE_CANTOPEN, CF_ERROR_NO_FOLDER,
    N_("%s cannot be opened: check that its folder exists and can be read and written.") },
  { SQLITE_PERM, CF_ERROR_READ_ONLY,
    N_("%s cannot be written: permission was refused. Make the data folder writable and try again.") },
  { SQLITE_BUSY, CF_ERROR_BUSY,
    N_("%s is busy in another program. Try again in a moment.") },
  { SQLITE_LOCKED, CF_ERROR_BUSY,
    N_("%s is busy in another program. Try again in a moment.") },
  { SQLITE_IOERR, CF_ERROR_FAILED,
    N_("%s could not be read or written (an input/output error). Check the disk and try again.") },
  { SQLITE_NOMEM, CF_ERROR_FAILED,
    N_("There was not enough memory to use %s.") },
};

void
_cf_store_set_error (CfStore *self,
                     int      rc,
                     GError **error)
{
  int primary = rc & 0xff;
  const char *path = self->path ? self->path : "the database";

  /* Writes to a full disk surface as I/O errors with errno ENOSPC. */
  if (primary == SQLITE_IOERR && self->db && sqlite3_system_errno (self->db) == ENOSPC)
    primary = SQLITE_FULL;

  if (primary == SQLITE_CONSTRAINT)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_EXISTS,
                   _("That record conflicts with one that already exists."));
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (error_mappings); i++)
    if (error_mappings[i].rc == primary)
      {
        g_set_error (error, CF_ERROR, error_mappings[i].code,
                     _(error_mappings[i].sentence), path);
        return;
      }

  g_set_error (error, CF_ERROR, CF_ERROR_FAILED,
               _("The database %s reported a problem (%s)."),
               path, sqlite3_errstr (rc));
}

static void
cf_store_finalize (GObject *object)
{
  CfStore *self = (CfStore *) object;

  /* Every queued job holds a reference, so none is left; not waiting also
   * keeps a last unref on the writer thread itself from joining itself. */
  if (self->writer)
    g_thread_pool_free (g_steal_pointer (&self->writer), FALSE, FALSE);
  cf_store_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_rec_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cf_store_parent_class)->finalize (object);
}

static void
cf_store_class_init (CfStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_store_finalize;
}

static void
cf_store_init (CfStore *self)
{
  g_rec_mutex_init (&self->mutex);
  self->statements = g_hash_table_new (g_direct_hash, g_direct_equal);
}

CfStoreLock *
_cf_store_lock (CfStore *self)
{
  CfStoreLock *lock = g_new (CfStoreLock, 1);

  g_rec_mutex_lock (&self->mutex);
  lock->store = self;
  return lock;
}

void
_cf_store_unlock (CfStoreLock *lock)
{
  g_rec_mutex_unlock (&lock->store->mutex);
  g_free (lock);
}

sqlite3 *
_cf_store_get_db (CfStore *self)
{
  return self->db;
}

gboolean
_cf_store_exec (CfStore    *self,
                const char *sql,
                GError    **error)
{
  int rc;

  if (self->db == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_FAILED, _("The database is closed."));
      return FALSE;
    }
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _cf_store_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Statements are cached by the address of their SQL, which must be static
 * or interned (g_intern_string): hashing the text itself showed in imports.
 * The same text at two addresses is merely prepared twice. */
sqlite3_stmt *
_cf_store_prepare (CfStore    *self,
                   const char *sql,
                   GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (self->db == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_FAILED, _("The database is closed."));
      return NULL;
    }

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _cf_store_set_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

/* On the import's path for every row: no allocation unless it fails.  The
 * statement is reset on failure so that it holds no read open and a later
 * reset does not report the same error again. */
CfStep
_cf_store_step (CfStore      *self,
                sqlite3_stmt *stmt,
                GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (G_LIKELY (rc == SQLITE_ROW))
    return CF_STEP_ROW;
  if (G_LIKELY (rc == SQLITE_DONE))
    return CF_STEP_DONE;
  _cf_store_set_error (self, rc, error);
  sqlite3_reset (stmt);
  return CF_STEP_FAILED;
}

gboolean
_cf_store_step_done (CfStore      *self,
                     sqlite3_stmt *stmt,
                     GError      **error)
{
  CfStep step = _cf_store_step (self, stmt, error);

  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

gboolean
_cf_store_exists (CfStore      *self,
                  sqlite3_stmt *stmt,
                  gboolean     *found,
                  GError      **error)
{
  CfStep step = _cf_store_step (self, stmt, error);

  sqlite3_reset (stmt);
  *found = step == CF_STEP_ROW;
  return step != CF_STEP_FAILED;
}

gboolean
_cf_store_get_text (CfStore      *self,
                    sqlite3_stmt *stmt,
                    char        **text,
                    GError      **error)
{
  CfStep step = _cf_store_step (self, stmt, error);

  *text = step == CF_STEP_ROW ? _cf_column_dup (stmt, 0) : NULL;
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

gboolean
_cf_store_collect_objects (CfStore      *self,
                           sqlite3_stmt *stmt,
                           GListStore   *into,
                           CfRowFunc     from_row,
                           GError      **error)
{
  CfStep step;

  while ((step = _cf_store_step (self, stmt, error)) == CF_STEP_ROW)
    {
      g_autoptr(GObject) object = from_row (stmt);

      g_list_store_append (into, object);
    }
  sqlite3_reset (stmt);
  return step == CF_STEP_DONE;
}

gboolean
_cf_store_collect (CfStore      *self,
                   sqlite3_stmt *stmt,
                   GPtrArray    *texts,
                   GError      **error)
{
  CfStep step;

  while ((step = _cf_store_step (self, stmt, error)) == CF_STEP_ROW)
    g_ptr_array_add (texts, _cf_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  return step == CF_STEP_DONE;
}

/* BEGIN and COMMIT are cached like any statement: parsing them again for
 * every transaction showed in a kiosk's commit. */
static gboolean
run_cached (CfStore    *self,
            const char *sql,
            GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (self, sql, error);

  return stmt != NULL && _cf_store_step_done (self, stmt, error);
}

gboolean
_cf_store_begin (CfStore *self,
                 GError **error)
{
  return run_cached (self, "BEGIN IMMEDIATE", error);
}

gboolean
_cf_store_commit (CfStore *self,
                  GError **error)
{
  return run_cached (self, "COMMIT", error);
}

void
_cf_store_rollback (CfStore *self)
{
  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* The WAL is copied back into the database after a commit that leaves it
 * holding checkpoint_pages pages or more: 1,000, as SQLite does by itself.
 * An import commits many large transactions in a row, which share many
 * pages (the indexes on random ids, the search index): while it runs, the
 * copy waits until the WAL holds 64 MiB, and is made once when it ends, so
 * a page they share is written back once.  This hook replaces SQLite's
 * own, so that the store knows how full the WAL is. */
#define DEFAULT_CHECKPOINT_PAGES 1000
#define BULK_CHECKPOINT_PAGES    16384

/* One that cannot finish now (a reader still needs old pages) loses
 * nothing: a later commit tries again. */
static void
checkpoint (CfStore *self)
{
  int pages = 0, copied = 0;

  if (sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &pages, &copied) ==
      SQLITE_OK && copied == pages)
    self->wal_pages = 0;
}

gboolean
_cf_store_truncate_wal (CfStore *self,
                        GError **error)
{
  int rc;

  if (self->rollback_journal)
    return TRUE;
  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _cf_store_set_error (self, rc, error);
      return FALSE;
    }
  self->wal_pages = 0;
  return TRUE;
}

static int
wal_committed (void       *data,
               sqlite3    *db,
               const char *name,
               int         pages)
{
  CfStore *self = data;

  self->wal_pages = pages;
  if (pages >= self->checkpoint_pages)
    checkpoint (self);
  return SQLITE_OK;
}

void
_cf_store_begin_bulk (CfStore *self)
{
  self->checkpoint_pages = BULK_CHECKPOINT_PAGES;
}

void
_cf_store_end_bulk (CfStore *self)
{
  self->checkpoint_pages = DEFAULT_CHECKPOINT_PAGES;
  if (self->db != NULL && self->wal_pages >= self->checkpoint_pages)
    checkpoint (self);
}

void
_cf_bind_text (sqlite3_stmt *stmt,
               int           index,
               const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
_cf_column_dup (sqlite3_stmt *stmt,
                int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text ? g_strdup ((const char *) text) : NULL;
}

static int
query_int (CfStore    *self,
           const char *sql,
           GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc, value = -1;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  else
    _cf_store_set_error (self, rc, error);
  sqlite3_finalize (stmt);
  return value;
}

int
cf_store_latest_schema_version (void)
{
  return G_N_ELEMENTS (schema_steps);
}

int
cf_store_latest_case_schema_version (void)
{
  return G_N_ELEMENTS (case_schema_steps);
}

int
cf_store_get_schema_version (CfStore *self)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (self);

  g_return_val_if_fail (CF_IS_STORE (self), -1);
  return self->db ? query_int (self, "PRAGMA user_version", NULL) : -1;
}

/* Every step ends by changing the schema version, which tells every
 * connection to read the schema again at its next transaction: a step may
 * rewrite a constraint in place (step 6), which nothing else announces. */
static gboolean
announce_schema_change (CfStore *self,
                        GError **error)
{
  int version = query_int (self, "PRAGMA schema_version", error);
  g_autofree char *pragma = NULL;

  if (version < 0)
    return FALSE;
  pragma = g_strdup_printf ("PRAGMA schema_version = %d", version + 1);
  return _cf_store_exec (self, pragma, error);
}

static gboolean
apply_step (CfStore *self,
            int      version,
            GError **error)
{
  g_autoptr(GBytes) sql = NULL;
  g_autofree char *set_version = NULL;

  /* Looked up in libconfide's own resource: a static library's automatic
   * registration may be dropped by the linker. */
  sql = g_resource_lookup_data (cf_get_resource (), self->schema->steps[version - 1], 0, error);
  if (sql == NULL)
    return FALSE;
  set_version = g_strdup_printf ("PRAGMA user_version = %d", version);

  if (!_cf_store_begin (self, error))
    return FALSE;
  if (!_cf_store_exec (self, g_bytes_get_data (sql, NULL), error) ||
      !_cf_store_exec (self, set_version, error) ||
      !announce_schema_change (self, error) ||
      !_cf_store_commit (self, error))
    {
      _cf_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* Brings an older database forward by one step; a database from a newer
 * Confide is left untouched. */
static gboolean
migrate_one_step (CfStore  *self,
                  gboolean *migrated,
                  GError  **error)
{
  int version = query_int (self, "PRAGMA user_version", error);
  int latest = self->stop_at_version > 0 ? self->stop_at_version : self->schema->n_steps;

  if (version < 0)
    return FALSE;
  if (version > latest)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_TOO_NEW,
                   _("%s was written by a newer version of Confide; update Confide on this machine."),
                   self->path);
      return FALSE;
    }
  *migrated = version < latest;
  return !*migrated || apply_step (self, version + 1, error);
}

static gboolean
apply_key (CfStore     *self,
           const CfKey *key,
           GError     **error)
{
  g_autofree char *pragma = NULL;
  char *literal;
  int rc;

  literal = cf_key_to_sql_literal (key);
  pragma = g_strconcat ("PRAGMA key = ", literal, NULL);
  cf_wipe_string (literal);
  rc = sqlite3_exec (self->db, pragma, NULL, NULL, NULL);
  sodium_memzero (pragma, strlen (pragma));
  if (rc != SQLITE_OK)
    {
      _cf_store_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* synchronous=FULL: a commit is on the disk when it returns.
 * secure_delete: deleted records are overwritten, not left in free pages.
 * The first statement that reads the file is where a wrong key shows. */
static const char connection_pragmas[] =
  "PRAGMA cipher_page_size = 4096;"
  "SELECT count(*) FROM sqlite_master;"
  "PRAGMA synchronous = FULL;"
  "PRAGMA secure_delete = ON;"
  "PRAGMA foreign_keys = ON;"
  "PRAGMA temp_store = MEMORY;"
  "PRAGMA cache_size = -65536;";

/* Created by us, private to this user; SQLite gives its -wal and -shm
 * files the same mode as the database. */
static gboolean
create_private_file (const char *path,
                     GError    **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      cf_files_set_errno_error (error, errno, path);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Before the process's first connection.  SQLite keeps statistics of its
 * memory use under one process-wide lock, taken for every allocation and
 * every release: over a hundred of each for every operation an import
 * applies, as SQLCipher is built without lookaside memory.  Nothing here
 * reads those statistics. */
static void
configure_sqlite (void)
{
  static gsize configured;

  if (g_once_init_enter (&configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }
}

/* WAL commits with one sync, which a kiosk's visit needs; a desk's two
 * files need a rollback journal, the only mode in which SQLite commits a
 * transaction over attached databases atomically (through a super-journal):
 * a case record and the audit entry about it are on the disk together or
 * not at all. */
static gboolean
set_journal_mode (CfStore *self,
                  GError **error)
{
  return _cf_store_exec (self, self->rollback_journal ? "PRAGMA journal_mode = DELETE;"
                                                      : "PRAGMA journal_mode = WAL;", error);
}

static int stop_at_version;   /* for tests of one step: see _cf_store_open_up_to() */

static CfStore *
store_open (const char        *path,
            const CfKey       *key,
            const SchemaSteps *schema,
            gboolean           rollback_journal,
            GError           **error)
{
  g_autoptr(CfStore) self = g_object_new (CF_TYPE_STORE, NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  const char *pragmas = connection_pragmas;
  gboolean migrated = FALSE;
  int rc;

  self->path = g_strdup (path);
  self->schema = schema;
  self->rollback_journal = rollback_journal;
  self->stop_at_version = schema == &office_steps ? stop_at_version : 0;
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NO_FOLDER,
                   _("The data folder %s does not exist. Create it, or pass the right one with --data-dir."),
                   folder);
      return NULL;
    }

  if (!create_private_file (path, error))
    return NULL;
  configure_sqlite ();
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _cf_store_set_error (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  self->checkpoint_pages = DEFAULT_CHECKPOINT_PAGES;
  sqlite3_wal_hook (self->db, wal_committed, self);
  /* confidectl may write while the desk app does (a sync, a note): the
   * second waits for the first's transaction rather than failing.  Only the
   * store's own thread ever waits here, never the GTK main thread. */
  sqlite3_busy_timeout (self->db, BUSY_WAIT_MS);

  if (key != NULL && !apply_key (self, key, error))
    return NULL;
  if (key == NULL)
    pragmas = strchr (connection_pragmas, ';') + 1;  /* no cipher settings */
  if (!_cf_store_exec (self, pragmas, error) || !set_journal_mode (self, error) ||
      !migrate_one_step (self, &migrated, error))
    return NULL;
  /* The connection that migrated still holds the schema as it first read
   * it, and announcing a change does not reach the connection that made
   * it: the database is opened afresh before the next step.  A step that
   * alters a table works from the schema text the connection holds, so it
   * must not run on a connection that read it before the last step. */
  if (migrated)
    {
      g_clear_object (&self);
      return store_open (path, key, schema, rollback_journal, error);
    }
  return g_steal_pointer (&self);
}

static void
writer_thread_run (gpointer task_data,
                   gpointer pool_data);

#define REKEY_PAGES_PER_STEP 1024

/* The target of a re-keyed copy: no journal, since a copy that fails part
 * way is thrown away whole, and no sync until it is complete. */
static CfStore *
store_open_empty (const char  *path,
                  const CfKey *key,
                  GError     **error)
{
  g_autoptr(CfStore) self = g_object_new (CF_TYPE_STORE, NULL);
  int rc;

  self->path = g_strdup (path);
  if (!create_private_file (path, error))
    return NULL;
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _cf_store_set_error (self, rc, error);
      return NULL;
    }
  if (!apply_key (self, key, error) ||
      !_cf_store_exec (self, "PRAGMA cipher_page_size = 4096;"
                             "PRAGMA journal_mode = OFF;"
                             "PRAGMA synchronous = OFF;", error))
    return NULL;
  return g_steal_pointer (&self);
}

CfStore *
cf_store_open (const char  *path,
               const CfKey *key,
               GError     **error)
{
  CfStore *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = store_open (path, key, &office_steps, FALSE, error);
  if (self != NULL)
    self->writer = g_thread_pool_new (writer_thread_run, self, 1, FALSE, NULL);
  return self;
}

/* For tests of the migrations: an office database brought forward no
 * further than @version, as a Confide of that version would leave it. */
CfStore *
_cf_store_open_up_to (const char  *path,
                      const CfKey *key,
                      int          version,
                      GError     **error)
{
  CfStore *self;

  stop_at_version = version;
  self = store_open (path, key, &office_steps, FALSE, error);
  stop_at_version = 0;
  if (self != NULL)
    self->writer = g_thread_pool_new (writer_thread_run, self, 1, FALSE, NULL);
  return self;
}

/* A desk's office database, to which its case database is attached once
 * someone who holds the case key signs in (cf_store_attach_cases). */
CfStore *
cf_store_open_desk (const char  *path,
                    const CfKey *key,
                    GError     **error)
{
  CfStore *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = store_open (path, key, &office_steps, TRUE, error);
  if (self != NULL)
    self->writer = g_thread_pool_new (writer_thread_run, self, 1, FALSE, NULL);
  return self;
}

static gboolean
attach_cases (CfStore     *self,
              const char  *path,
              const CfKey *key,
              GError     **error)
{
  g_autofree char *hex = g_malloc (CF_KEY_BYTES * 2 + 1);
  g_autofree char *literal = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  sodium_bin2hex (hex, CF_KEY_BYTES * 2 + 1, cf_key_get_bytes (key), CF_KEY_BYTES);
  literal = g_strdup_printf ("x'%s'", hex);
  sodium_memzero (hex, CF_KEY_BYTES * 2);
  /* Attaching reads the file at once, so its page size is set first. */
  if (!_cf_store_exec (self, "PRAGMA cipher_default_page_size = 4096;", error))
    return FALSE;
  rc = sqlite3_prepare_v2 (self->db, "ATTACH DATABASE ? AS cases KEY ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, path, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, literal, -1, SQLITE_STATIC);   /* no copy to leave behind */
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  sodium_memzero (literal, strlen (literal));
  if (rc != SQLITE_DONE)
    {
      _cf_store_set_error (self, rc, error);
      return FALSE;
    }
  return _cf_store_exec (self, "SELECT count(*) FROM cases.sqlite_master;"
                               "PRAGMA cases.journal_mode = DELETE;"
                               "PRAGMA cases.synchronous = FULL;"
                               "PRAGMA cases.secure_delete = ON;", error);
}

/* Brings the case database's own schema forward on a connection of its
 * own, then attaches it: case tables are then found by their plain names. */
gboolean
cf_store_attach_cases (CfStore     *self,
                       const char  *path,
                       const CfKey *key,
                       GError     **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  g_autoptr(CfStore) cases = NULL;

  g_return_val_if_fail (CF_IS_STORE (self) && path && key, FALSE);

  cases = store_open (path, key, &case_steps, TRUE, error);
  if (cases == NULL)
    return FALSE;
  cf_store_close (cases);
  lock = _cf_store_lock (self);
  if (!attach_cases (self, path, key, error))
    return FALSE;
  self->has_cases = TRUE;
  return TRUE;
}

gboolean
cf_store_has_cases (CfStore *self)
{
  g_return_val_if_fail (CF_IS_STORE (self), FALSE);
  return self->has_cases;
}

/* A copy of the database at @from under another key, page by page through
 * SQLite's backup interface: SQLCipher decrypts each page with the old key
 * and encrypts it with the new one.  @to is written whole and synced before
 * this returns, or removed. */
gboolean
cf_store_copy_rekeyed (const char         *from,
                       const CfKey        *from_key,
                       const char         *to,
                       const CfKey        *to_key,
                       CfStoreProgressFunc progress,
                       gpointer            progress_data,
                       GError            **error)
{
  g_autoptr(CfStore) source = NULL, target = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (from && from_key && to && to_key, FALSE);

  g_unlink (to);
  source = store_open (from, from_key, &case_steps, TRUE, error);
  if (source == NULL)
    return FALSE;
  target = store_open_empty (to, to_key, error);
  if (target == NULL)
    return FALSE;
  backup = sqlite3_backup_init (target->db, "main", source->db, "main");
  if (backup == NULL)
    {
      _cf_store_set_error (target, sqlite3_errcode (target->db), error);
      return FALSE;
    }
  do
    {
      rc = sqlite3_backup_step (backup, REKEY_PAGES_PER_STEP);
      if (progress)
        progress (sqlite3_backup_pagecount (backup) - sqlite3_backup_remaining (backup),
                  sqlite3_backup_pagecount (backup), progress_data);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      _cf_store_set_error (target, rc, error);
      cf_store_close (target);
      g_unlink (to);
      return FALSE;
    }
  cf_store_close (target);
  return cf_files_sync_path (to, error);
}

/* This connection's database "main" copied to @to under @key (the key it
 * is opened with), page by page through SQLite's backup interface.  Called
 * inside a read transaction, so the copy is the state that transaction
 * sees: a committed one.  @to is not synced: it is read back at once. */
gboolean
_cf_store_backup_main (CfStore     *self,
                       const char  *to,
                       const CfKey *key,
                       GError     **error)
{
  g_autoptr(CfStore) target = NULL;
  sqlite3_backup *backup;
  int rc;

  g_unlink (to);
  target = store_open_empty (to, key, error);
  if (target == NULL)
    return FALSE;
  backup = sqlite3_backup_init (target->db, "main", self->db, "main");
  if (backup == NULL)
    {
      _cf_store_set_error (target, sqlite3_errcode (target->db), error);
      cf_store_close (target);
      g_unlink (to);
      return FALSE;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  cf_store_close (target);
  if (rc != SQLITE_DONE)
    {
      _cf_store_set_error (self, rc, error);
      g_unlink (to);
      return FALSE;
    }
  return TRUE;
}

/* For benchmarks only: the same engine, schema and layout (an office
 * database with a case database attached, a rollback journal) with no
 * encryption, the floor that encryption's cost is measured against. */
CfStore *
cf_store_open_unencrypted (const char *path,
                           GError    **error)
{
  g_autoptr(CfStore) self = NULL;
  g_autoptr(CfStore) cases = NULL;
  g_autofree char *cases_path = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = store_open (path, NULL, &office_steps, TRUE, error);
  if (self == NULL)
    return NULL;
  cases_path = g_strconcat (path, "-cases", NULL);
  cases = store_open (cases_path, NULL, &case_steps, TRUE, error);
  if (cases == NULL)
    return NULL;
  cf_store_close (cases);
  rc = sqlite3_prepare_v2 (self->db, "ATTACH DATABASE ? AS cases", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, cases_path, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _cf_store_set_error (self, rc, error);
      return NULL;
    }
  if (!_cf_store_exec (self, "PRAGMA cases.journal_mode = DELETE; PRAGMA cases.synchronous = FULL;"
                             "PRAGMA cases.secure_delete = ON;", error))
    return NULL;
  self->has_cases = TRUE;
  self->writer = g_thread_pool_new (writer_thread_run, self, 1, FALSE, NULL);
  return g_steal_pointer (&self);
}

const char *
cf_store_get_path (CfStore *self)
{
  g_return_val_if_fail (CF_IS_STORE (self), NULL);
  return self->path;
}

gboolean
cf_store_is_open (CfStore *self)
{
  g_return_val_if_fail (CF_IS_STORE (self), FALSE);
  return self->db != NULL;
}

/* Closing drops SQLCipher's copy of the key with the connection. */
void
cf_store_close (CfStore *self)
{
  g_autoptr(CfStoreLock) lock = NULL;
  GHashTableIter iter;
  gpointer stmt;

  g_return_if_fail (CF_IS_STORE (self));

  lock = _cf_store_lock (self);
  g_hash_table_iter_init (&iter, self->statements);
  while (g_hash_table_iter_next (&iter, NULL, &stmt))
    sqlite3_finalize (stmt);
  g_hash_table_remove_all (self->statements);
  if (self->db != NULL)
    sqlite3_close_v2 (g_steal_pointer (&self->db));
}

/* Reads every page, so SQLCipher checks every page's HMAC, then asks SQLite
 * to check the b-trees. */
gboolean
cf_store_check_integrity (CfStore *self,
                          GError **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (self), FALSE);

  lock = _cf_store_lock (self);
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      _cf_store_set_error (self, rc, error);
      return FALSE;
    }
  ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  if (!ok)
    _cf_store_set_error (self, SQLITE_CORRUPT, error);
  return ok;
}

typedef struct {
  CfStoreFunc    func;         /* one of these two */
  CfStoreAction  action;
  gpointer       data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free)
    job->data_free (job->data);
  g_free (job);
}

static void
run_action (CfStore *self,
            GTask   *task,
            Job     *job)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (self);
  GError *error = NULL;

  if (job->action (self, job->data, g_task_get_cancellable (task), &error))
    g_task_return_boolean (task, TRUE);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_new_error (task, CF_ERROR, CF_ERROR_FAILED, "%s",
                             _("The change could not be made, and no reason was given."));
}

static void
writer_thread_run (gpointer task_data,
                   gpointer pool_data)
{
  g_autoptr(GTask) task = task_data;
  CfStore *self = pool_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (job->action != NULL)
    {
      run_action (self, task, job);
      return;
    }
  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (self);
    result = job->func (self, job->data, g_task_get_cancellable (task), &error);
  }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, job->result_free);
}

static Job *
job_new (gpointer       data,
         GDestroyNotify data_free)
{
  Job *job = g_new0 (Job, 1);

  job->data = data;
  job->data_free = data_free;
  return job;
}

static void
push_job (CfStore            *self,
          Job                *job,
          gpointer            source_tag,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_thread_pool_push (self->writer, task, NULL);
}

/* Runs @func on the store's single writer thread, so the GTK main thread
 * never waits on the disk.  @callback runs in the caller's main context. */
void
cf_store_run_async (CfStore            *self,
                    CfStoreFunc         func,
                    gpointer            data,
                    GDestroyNotify      data_free,
                    GDestroyNotify      result_free,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  Job *job;

  g_return_if_fail (CF_IS_STORE (self));
  g_return_if_fail (func != NULL);

  job = job_new (data, data_free);
  job->func = func;
  job->result_free = result_free;
  push_job (self, job, cf_store_run_async, cancellable, callback, user_data);
}

gpointer
cf_store_run_finish (CfStore      *self,
                     GAsyncResult *result,
                     GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* As cf_store_run_async, for a change that succeeds or fails. */
void
cf_store_do_async (CfStore            *self,
                   CfStoreAction       action,
                   gpointer            data,
                   GDestroyNotify      data_free,
                   GCancellable       *cancellable,
                   GAsyncReadyCallback callback,
                   gpointer            user_data)
{
  Job *job;

  g_return_if_fail (CF_IS_STORE (self));
  g_return_if_fail (action != NULL);

  job = job_new (data, data_free);
  job->action = action;
  push_job (self, job, cf_store_do_async, cancellable, callback, user_data);
}

gboolean
cf_store_do_finish (CfStore      *self,
                    GAsyncResult *result,
                    GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
