/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: the SQL layer under the record APIs. */

#include <gio/gio.h>
#include <sqlcipher/sqlite3.h>

#include "cf-store.h"

G_BEGIN_DECLS

/* Holding the store lock makes a run of statements atomic with respect to
 * other threads using the same connection. */
typedef struct _CfStoreLock CfStoreLock;
CfStoreLock *_cf_store_lock   (CfStore     *self);
void         _cf_store_unlock (CfStoreLock *lock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfStoreLock, _cf_store_unlock)

sqlite3      *_cf_store_get_db  (CfStore    *self);
/* Cached by the address of @sql, which must be static or interned. */
sqlite3_stmt *_cf_store_prepare (CfStore    *self,
                                 const char *sql,
                                 GError    **error);
gboolean      _cf_store_exec    (CfStore    *self,
                                 const char *sql,
                                 GError    **error);

/* Apart from the store's own opening of the database, every statement is
 * stepped through these, so that a failed read is never taken for "no
 * row": it reaches the caller as a CF_ERROR with its sentence. */
typedef enum {
  CF_STEP_FAILED,
  CF_STEP_DONE,
  CF_STEP_ROW,
} CfStep;

/* Steps @stmt once; on failure resets it and sets @error. */
CfStep   _cf_store_step      (CfStore      *self,
                              sqlite3_stmt *stmt,
                              GError      **error);
/* Steps once and resets, ignoring any row. */
gboolean _cf_store_step_done (CfStore      *self,
                              sqlite3_stmt *stmt,
                              GError      **error);
/* Steps once and resets: whether @stmt gives a row, in *found. */
gboolean _cf_store_exists    (CfStore      *self,
                              sqlite3_stmt *stmt,
                              gboolean     *found,
                              GError      **error);
/* Steps once and resets: the first row's column 0 in *text, NULL if
 * there is no row. */
gboolean _cf_store_get_text  (CfStore      *self,
                              sqlite3_stmt *stmt,
                              char        **text,
                              GError      **error);
/* Steps to the end and resets: every row's column 0, added to @texts. */
gboolean _cf_store_collect   (CfStore      *self,
                              sqlite3_stmt *stmt,
                              GPtrArray    *texts,
                              GError      **error);

gboolean _cf_store_begin        (CfStore *self,
                                 GError **error);
gboolean _cf_store_commit       (CfStore *self,
                                 GError **error);
void     _cf_store_rollback     (CfStore *self);
/* Around a run of many large transactions (an import): the WAL is copied
 * back into the database at the end, not after every commit. */
void     _cf_store_begin_bulk   (CfStore *self);
void     _cf_store_end_bulk     (CfStore *self);
/* Copies the whole WAL back into the database and empties the file,
 * waiting for readers: after a destruction, no old page image stays in
 * it.  Nothing to do for a database with a rollback journal, which
 * SQLite deletes at each commit. */
gboolean _cf_store_truncate_wal (CfStore *self,
                                 GError **error);
void     _cf_store_set_error    (CfStore *self,
                                 int      rc,
                                 GError **error);

/* Within a read transaction: a copy of the database "main" at @to, under
 * @key, through SQLite's backup interface (cf-backup.c). */
gboolean _cf_store_backup_main (CfStore     *self,
                                const char  *to,
                                const CfKey *key,
                                GError     **error);

/* Makes a new object from the row @stmt is on. */
typedef gpointer (*CfRowFunc) (sqlite3_stmt *stmt);

/* Steps to the end and resets: every row made into an object by
 * @from_row and appended to @into. */
gboolean _cf_store_collect_objects (CfStore      *self,
                                    sqlite3_stmt *stmt,
                                    GListStore   *into,
                                    CfRowFunc     from_row,
                                    GError      **error);

/* Binding helpers: text may be NULL (binds SQL NULL). */
void  _cf_bind_text  (sqlite3_stmt *stmt,
                      int           index,
                      const char   *text);
char *_cf_column_dup (sqlite3_stmt *stmt,
                      int           index);

/* Tests only: the office schema's steps up to @version, and no further. */
CfStore *_cf_store_open_up_to (const char  *path,
                               const CfKey *key,
                               int          version,
                               GError     **error);

G_END_DECLS
