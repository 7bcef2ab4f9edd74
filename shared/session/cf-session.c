/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-session-private.h"

#include <glib/gi18n-lib.h>

#include "cf-audit-private.h"
#include "cf-audit.h"
#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-files.h"
#include "cf-keyslots.h"

struct _CfSession {
  GObject   parent_instance;

  char     *data_dir;
  CfStore  *store;
  CfKey    *key;
  char     *user_id;
  char     *user_name;
  char     *restricted_service;
  CfRole    role;
};

G_DEFINE_FINAL_TYPE (CfSession, cf_session, G_TYPE_OBJECT)

static const char *const role_names[] = { "adviser", "manager", "admin" };

const char *
cf_role_to_string (CfRole role)
{
  g_return_val_if_fail (role <= CF_ROLE_ADMIN, NULL);
  return role_names[role];
}

gboolean
cf_role_from_string (const char *text,
                     CfRole     *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (text, role_names[i]) == 0)
      {
        *role = (CfRole) i;
        return TRUE;
      }
  return FALSE;
}

static void
cf_session_finalize (GObject *object)
{
  CfSession *self = (CfSession *) object;

  cf_session_lock (self);
  g_clear_pointer (&self->data_dir, g_free);
  G_OBJECT_CLASS (cf_session_parent_class)->finalize (object);
}

static void
cf_session_class_init (CfSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_session_finalize;
}

static void
cf_session_init (CfSession *self)
{
}

static gboolean
load_user (CfSession  *self,
           const char *name,
           GError    **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (self->store);
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  CfStep step;

  stmt = _cf_store_prepare (self->store,
      "SELECT id, name, role, restricted_service FROM users"
      " WHERE name = ? COLLATE NOCASE AND removed_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, name);
  step = _cf_store_step (self->store, stmt, error);
  if (step == CF_STEP_FAILED)
    return FALSE;
  if (step == CF_STEP_ROW)
    {
      self->user_id = _cf_column_dup (stmt, 0);
      self->user_name = _cf_column_dup (stmt, 1);
      found = cf_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &self->role);
      self->restricted_service = _cf_column_dup (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE,
                 _("The user name or passphrase is not right. Check both and try again."));
  return found;
}

/* Wraps a store that is already open.  The session shares @store and
 * closes it when locked; on failure @store is left open for the caller. */
CfSession *
_cf_session_new_for_store (const char  *data_dir,
                           CfStore     *store,
                           const CfKey *key_or_null,
                           const char  *user_name,
                           GError     **error)
{
  g_autoptr(CfSession) self = NULL;

  g_return_val_if_fail (data_dir && CF_IS_STORE (store) && user_name, NULL);

  self = g_object_new (CF_TYPE_SESSION, NULL);
  self->data_dir = g_strdup (data_dir);
  self->store = g_object_ref (store);
  if (!load_user (self, user_name, error))
    {
      g_clear_object (&self->store);   /* so finalizing does not close it */
      return NULL;
    }
  self->key = key_or_null ? cf_key_copy (key_or_null) : NULL;
  return g_steal_pointer (&self);
}

/* Unwraps the database key with the user's passphrase (Argon2id: slow by
 * design), opens the store, and holds the key only inside SQLCipher. */
CfSession *
cf_session_sign_in (const char *data_dir,
                    const char *user,
                    const char *passphrase,
                    GError    **error)
{
  g_autofree char *slots = NULL, *database = NULL;
  g_autoptr(CfKey) key = NULL;
  g_autoptr(CfStore) store = NULL;

  g_return_val_if_fail (data_dir && user && passphrase, NULL);

  slots = cf_data_dir_keyslots (data_dir);
  database = cf_data_dir_database (data_dir);
  key = cf_keyslots_unlock (slots, user, passphrase, error);
  if (key == NULL)
    return NULL;

  store = cf_store_open (database, key, error);
  if (store == NULL)
    return NULL;
  return _cf_session_new_for_store (data_dir, store, key, user, error);
}

typedef struct {
  char *data_dir;
  char *user;
  char *passphrase;
  char *passphrase_file;   /* read on the thread when there is no passphrase */
} SignIn;

static void
sign_in_free (SignIn *data)
{
  g_free (data->data_dir);
  g_free (data->user);
  cf_wipe_string (data->passphrase);
  g_free (data->passphrase_file);
  g_free (data);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SignIn *data = task_data;
  GError *error = NULL;
  CfSession *session = NULL;

  if (data->passphrase == NULL)
    data->passphrase = cf_passphrase_read_file (data->passphrase_file, &error);
  if (data->passphrase != NULL)
    session = cf_session_sign_in (data->data_dir, data->user, data->passphrase, &error);
  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
}

/* Key derivation takes a noticeable moment: keep it off the main thread. */
static void
run_sign_in (const char         *data_dir,
             const char         *user,
             SignIn             *data,
             GCancellable       *cancellable,
             GAsyncReadyCallback callback,
             gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  data->data_dir = g_strdup (data_dir);
  data->user = g_strdup (user);
  g_task_set_source_tag (task, cf_session_sign_in_async);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_free);
  g_task_run_in_thread (task, sign_in_thread);
}

void
cf_session_sign_in_async (const char         *data_dir,
                          const char         *user,
                          const char         *passphrase,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  SignIn *data = g_new0 (SignIn, 1);

  data->passphrase = g_strdup (passphrase);
  run_sign_in (data_dir, user, data, cancellable, callback, user_data);
}

/* The same with the passphrase on the first line of @passphrase_file,
 * which is read on the thread too. */
void
cf_session_sign_in_from_file_async (const char         *data_dir,
                                    const char         *user,
                                    const char         *passphrase_file,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  SignIn *data = g_new0 (SignIn, 1);

  data->passphrase_file = g_strdup (passphrase_file);
  run_sign_in (data_dir, user, data, cancellable, callback, user_data);
}

CfSession *
cf_session_sign_in_finish (GAsyncResult *result,
                           GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Locking closes the database, which drops SQLCipher's copy of the key;
 * the session must sign in again to do anything. */
void
cf_session_lock (CfSession *self)
{
  g_return_if_fail (CF_IS_SESSION (self));

  if (self->store != NULL)
    cf_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->key, cf_key_free);   /* sodium_free wipes it */
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->restricted_service, g_free);
}

static gboolean
lock_job (CfStore      *store,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  cf_session_lock (data);
  return TRUE;
}

static void
lock_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!cf_store_do_finish (CF_STORE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cf_session_lock_async (CfSession          *self,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CF_IS_SESSION (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, cf_session_lock_async);
  if (self->store == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  cf_store_do_async (self->store, lock_job, g_object_ref (self), g_object_unref,
                     NULL, lock_done_cb, g_steal_pointer (&task));
}

gboolean
cf_session_lock_finish (CfSession    *self,
                        GAsyncResult *result,
                        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cf_session_is_locked (CfSession *self)
{
  g_return_val_if_fail (CF_IS_SESSION (self), TRUE);
  return self->store == NULL;
}

CfStore *
cf_session_get_store (CfSession *self)
{
  g_return_val_if_fail (CF_IS_SESSION (self), NULL);
  return self->store;
}

const char *
cf_session_get_data_dir (CfSession *self)
{
  g_return_val_if_fail (CF_IS_SESSION (self), NULL);
  return self->data_dir;
}

const char *
cf_session_get_user_id (CfSession *self)
{
  g_return_val_if_fail (CF_IS_SESSION (self), NULL);
  return self->user_id;
}

const char *
cf_session_get_user_name (CfSession *self)
{
  g_return_val_if_fail (CF_IS_SESSION (self), NULL);
  return self->user_name;
}

CfRole
cf_session_get_role (CfSession *self)
{
  g_return_val_if_fail (CF_IS_SESSION (self), CF_ROLE_ADMIN);
  return self->role;
}

gboolean
cf_session_can (CfSession   *self,
                CfPermission permission)
{
  g_return_val_if_fail (CF_IS_SESSION (self), FALSE);

  if (self->store == NULL)
    return FALSE;
  switch (permission)
    {
    case CF_PERMISSION_READ_CASES:
    case CF_PERMISSION_EXPORT_SECURITY:
      return self->role == CF_ROLE_ADVISER || self->role == CF_ROLE_MANAGER;
    case CF_PERMISSION_MANAGE_USERS:
    case CF_PERMISSION_VIEW_AUDIT:
    case CF_PERMISSION_DESTROY_RECORDS:
    case CF_PERMISSION_FLAG_STUDENTS:
      return self->role == CF_ROLE_MANAGER;
    case CF_PERMISSION_ADMINISTER:
      return self->role == CF_ROLE_MANAGER || self->role == CF_ROLE_ADMIN;
    default:
      return FALSE;
    }
}

gboolean
cf_session_require (CfSession   *self,
                    CfPermission permission,
                    GError     **error)
{
  g_return_val_if_fail (CF_IS_SESSION (self), FALSE);

  if (self->store == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
                   _("The desk is locked. Sign in again to continue."));
      return FALSE;
    }
  if (cf_session_can (self, permission))
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
               permission == CF_PERMISSION_READ_CASES || permission == CF_PERMISSION_EXPORT_SECURITY
               ? _("Your role (%s) cannot see students’ records. Ask an adviser or a manager.")
               : _("Your role (%s) cannot do this. Ask a manager."),
               cf_role_to_string (self->role));
  return FALSE;
}

gboolean
_cf_session_check_student (CfSession  *self,
                           const char *student_id,
                           GError    **error)
{
  sqlite3_stmt *stmt;
  CfStep step;

  stmt = _cf_store_prepare (self->store,
      "SELECT (SELECT count(*) FROM conflicts WHERE adviser_id = ?1 AND student_id = ?2),"
      "       (SELECT service_group FROM students WHERE id = ?2),"
      "       (SELECT count(*) FROM students WHERE id = ?2)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, self->user_id);
  _cf_bind_text (stmt, 2, student_id);
  step = _cf_store_step (self->store, stmt, error);
  if (step != CF_STEP_ROW)
    {
      sqlite3_reset (stmt);
      if (step == CF_STEP_DONE)      /* cannot happen: the query always gives a row */
        _cf_store_set_error (self->store, SQLITE_DONE, error);
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 2) == 0)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("There is no student with that id."));
  else if (sqlite3_column_int (stmt, 0) > 0)
    g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
                 _("You declared a conflict of interest with this student, so you cannot open their record. Ask a colleague to take it."));
  else if (self->restricted_service != NULL &&
           g_strcmp0 (self->restricted_service, (const char *) sqlite3_column_text (stmt, 1)) != 0)
    g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
                 _("Your account works for a restricted service that this student is not part of."));
  else
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);
  return FALSE;
}

gboolean
_cf_session_audit (CfSession  *self,
                   const char *action,
                   const char *subject,
                   const char *detail,
                   GError    **error)
{
  return _cf_audit_append (self->store, self->user_id, action, subject, detail, error);
}

gboolean
_cf_session_write (CfSession         *self,
                   CfSessionWriteFunc body,
                   gpointer           data,
                   GError           **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (self->store);

  if (!_cf_store_begin (self->store, error))
    return FALSE;
  if (!body (self, data, error) || !_cf_store_commit (self->store, error))
    {
      _cf_store_rollback (self->store);
      return FALSE;
    }
  return TRUE;
}

const CfKey *
_cf_session_get_key (CfSession *self)
{
  return self->key;
}

const char *
_cf_session_get_restricted_service (CfSession *self)
{
  return self->restricted_service;
}

/* After an import: this desk's key slots follow the replicated user records,
 * so a user added, removed or given a new passphrase on another desk is
 * the same here.  Kiosks have no slots. */
gboolean
_cf_session_refresh_credentials (CfSession *self,
                                 GError   **error)
{
  g_autofree char *slots = cf_data_dir_keyslots (self->data_dir);
  g_autoptr(GPtrArray) credentials = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  if (!g_file_test (slots, G_FILE_TEST_EXISTS))
    return TRUE;
  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (self->store);

    stmt = _cf_store_prepare (self->store,
        "SELECT credential FROM users WHERE removed_at IS NULL AND credential IS NOT NULL"
        " ORDER BY id", error);
    if (stmt == NULL || !_cf_store_collect (self->store, stmt, credentials, error))
      return FALSE;
  }
  g_ptr_array_add (credentials, NULL);
  return cf_keyslots_put_credentials (slots, (const char *const *) credentials->pdata, TRUE, error);
}
