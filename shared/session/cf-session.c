/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-session-private.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cf-audit-private.h"
#include "cf-audit.h"
#include "cf-case-keys-private.h"
#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-files.h"
#include "cf-keyslots.h"
#include "cf-student-data-private.h"

struct _CfSession {
  GObject   parent_instance;

  char     *data_dir;
  CfStore  *store;
  CfKey    *user_secret;     /* the user's X25519 secret key */
  CfKey    *office_key;
  CfCaseKeyring *case_keys;  /* NULL: this user holds no case key */
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
  return g_steal_pointer (&self);
}

/* ---- the case database ----------------------------------------------- */

/* A re-key that a crash interrupted (see rekey_cases): before the rename,
 * the old file is still the database and the copy goes; after it, the copy
 * is the database and its key becomes the current one. */
static gboolean
finish_interrupted_rekey (const char *data_dir,
                          const char *slots,
                          GError    **error)
{
  g_autofree char *rekeyed = cf_data_dir_cases_rekeyed (data_dir);
  guint next;

  if (!cf_keyslots_get_case_box (slots, CF_CASE_BOX_NEXT, &next, error))
    return FALSE;
  if (next == 0)
    return TRUE;
  if (g_file_test (rekeyed, G_FILE_TEST_EXISTS))
    {
      g_unlink (rekeyed);
      return cf_keyslots_set_case_box (slots, CF_CASE_BOX_NEXT, 0, NULL, NULL, error);
    }
  return cf_keyslots_promote_case_box (slots, error);
}

/* The case database under a new random key wrapped by the newest case key,
 * so a key that a removed user could once reach opens nothing written from
 * now on.  Written to a copy, synced, announced in the slot file, renamed
 * into place, then made current: a crash at any point leaves a database
 * that one of the two keys in the slot file opens. */
static CfKey *
rekey_cases (CfSession          *self,
             const char         *slots,
             const CfKey        *old_key,
             CfStoreProgressFunc progress,
             gpointer            progress_data,
             GError            **error)
{
  g_autofree char *cases = cf_data_dir_cases (self->data_dir);
  g_autofree char *rekeyed = cf_data_dir_cases_rekeyed (self->data_dir);
  guint newest = _cf_case_keyring_newest (self->case_keys);
  g_autoptr(CfKey) key = cf_key_new_random ();

  if (!cf_store_copy_rekeyed (cases, old_key, rekeyed, key, progress, progress_data, error) ||
      !cf_keyslots_set_case_box (slots, CF_CASE_BOX_NEXT, newest, key,
                                 _cf_case_keyring_get (self->case_keys, newest), error) ||
      !cf_files_rename_durably (rekeyed, cases, error) ||
      !cf_keyslots_promote_case_box (slots, error))
    return NULL;
  return g_steal_pointer (&key);
}

static void
set_no_case_key (GError **error)
{
  g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
               _("This desk’s case records are under a key you do not hold. Ask a manager to sign in here."));
}

/* This machine's case database key: made the first time someone who holds
 * the case key signs in here, re-keyed when the case key has changed. */
static CfKey *
case_database_key (CfSession          *self,
                   CfStoreProgressFunc progress,
                   gpointer            progress_data,
                   GError            **error)
{
  g_autofree char *slots = cf_data_dir_keyslots (self->data_dir);
  guint newest = _cf_case_keyring_newest (self->case_keys);
  g_autoptr(CfKey) key = NULL;
  const CfKey *opener;
  guint current;

  if (!finish_interrupted_rekey (self->data_dir, slots, error) ||
      !cf_keyslots_get_case_box (slots, CF_CASE_BOX_CURRENT, &current, error))
    return NULL;
  if (current == 0)
    {
      g_autofree char *cases = cf_data_dir_cases (self->data_dir);

      key = cf_key_new_random ();
      g_unlink (cases);   /* never keyed: left by a crash before its box was written */
      return cf_keyslots_set_case_box (slots, CF_CASE_BOX_CURRENT, newest, key,
                                       _cf_case_keyring_get (self->case_keys, newest), error)
             ? g_steal_pointer (&key) : NULL;
    }
  opener = _cf_case_keyring_get (self->case_keys, current);
  if (opener == NULL)
    {
      set_no_case_key (error);
      return NULL;
    }
  key = cf_keyslots_open_case_box (slots, CF_CASE_BOX_CURRENT, opener, error);
  if (key == NULL || current == newest)
    return g_steal_pointer (&key);
  return rekey_cases (self, slots, key, progress, progress_data, error);
}

static gboolean
open_cases (CfSession          *self,
            CfStoreProgressFunc progress,
            gpointer            progress_data,
            GError            **error)
{
  g_autofree char *cases = cf_data_dir_cases (self->data_dir);
  g_autoptr(CfKey) key = NULL;
  GError *local_error = NULL;

  if (self->role == CF_ROLE_ADMIN)
    return TRUE;
  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (self->store);

    self->case_keys = _cf_case_keys_load (self->store, self->user_id, self->user_secret, &local_error);
  }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (self->case_keys == NULL)
    return TRUE;        /* not granted (yet): signed in without case records */
  key = case_database_key (self, progress, progress_data, error);
  if (key != NULL && cf_store_attach_cases (self->store, cases, key, error))
    {
      /* A destruction cut short before its search index was cleaned up is
       * finished here, before anyone searches.  If it fails (a full disk),
       * it stays pending for the next sync pass: signing in goes on. */
      _cf_student_data_clean_up (self->store, NULL);
      return TRUE;
    }
  /* Keys with no case database would make every later pass fail. */
  g_clear_pointer (&self->case_keys, _cf_case_keyring_free);
  return FALSE;
}

/* The user row signed in as is the one whose credential the passphrase
 * opened: two users of one name (added on two desks apart) are told apart
 * by their keys, not by the name. */
static gboolean
check_identity (CfSession *self,
                GError   **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (self->store);
  sqlite3_stmt *stmt = _cf_store_prepare (self->store, "SELECT credential FROM users WHERE id = ?", error);
  g_autofree char *credential = NULL;
  guint8 stored[32], opened[32];

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, self->user_id);
  if (!_cf_store_get_text (self->store, stmt, &credential, error))
    return FALSE;
  cf_key_get_public (self->user_secret, opened);
  if (cf_keyslots_credential_public (credential, stored) && sodium_memcmp (stored, opened, sizeof stored) == 0)
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE,
               _("The user name or passphrase is not right. Check both and try again."));
  return FALSE;
}

/* Opens the user's own secret key with their passphrase (Argon2id: slow by
 * design), and with it the office key, the office database, and, for an
 * adviser or a manager, the case key and the case database.  The database
 * keys live only inside SQLCipher. */
CfSession *
_cf_session_sign_in_with_progress (const char         *data_dir,
                                   const char         *user,
                                   const char         *passphrase,
                                   CfStoreProgressFunc progress,
                                   gpointer            progress_data,
                                   GError            **error)
{
  g_autofree char *slots = NULL, *database = NULL;
  g_autoptr(CfKey) secret = NULL, office_key = NULL, database_key = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfSession) self = NULL;

  g_return_val_if_fail (data_dir && user && passphrase, NULL);

  slots = cf_data_dir_keyslots (data_dir);
  database = cf_data_dir_database (data_dir);
  secret = cf_keyslots_unlock (slots, user, passphrase, &office_key, error);
  if (secret == NULL)
    return NULL;
  database_key = cf_keyslots_open_office_box (slots, office_key, error);
  if (database_key == NULL)
    return NULL;
  store = cf_store_open_desk (database, database_key, error);
  if (store == NULL)
    return NULL;
  self = _cf_session_new_for_store (data_dir, store, NULL, user, error);
  if (self == NULL)
    {
      cf_store_close (store);
      return NULL;
    }
  self->user_secret = g_steal_pointer (&secret);
  self->office_key = g_steal_pointer (&office_key);
  if (!check_identity (self, error) || !open_cases (self, progress, progress_data, error))
    {
      cf_session_lock (self);
      return NULL;
    }
  return g_steal_pointer (&self);
}

CfSession *
cf_session_sign_in (const char *data_dir,
                    const char *user,
                    const char *passphrase,
                    GError    **error)
{
  return _cf_session_sign_in_with_progress (data_dir, user, passphrase, NULL, NULL, error);
}

typedef struct {
  char              *data_dir;
  char              *user;
  char              *passphrase;
  char              *passphrase_file;   /* read on the thread when there is no passphrase */
  CfSessionProgress  progress;          /* may be NULL */
  gpointer           progress_data;
  GMainContext      *context;           /* where @progress is called */
} SignIn;

typedef struct {
  CfSessionProgress progress;
  gpointer          progress_data;
  double            fraction;
} Progress;

static gboolean
report_progress (gpointer data)
{
  Progress *report = data;

  report->progress (report->fraction, report->progress_data);
  return G_SOURCE_REMOVE;
}

/* From the sign-in's thread to the caller's main context, in order, before
 * the sign-in's own callback. */
static void
forward_progress (int      done,
                  int      total,
                  gpointer user_data)
{
  SignIn *data = user_data;
  Progress *report;

  if (data->progress == NULL || total <= 0)
    return;
  report = g_new (Progress, 1);
  *report = (Progress) { data->progress, data->progress_data, (double) done / total };
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, report_progress, report, g_free);
}

static void
sign_in_free (SignIn *data)
{
  g_free (data->data_dir);
  g_free (data->user);
  cf_wipe_string (data->passphrase);
  g_free (data->passphrase_file);
  g_clear_pointer (&data->context, g_main_context_unref);
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
    session = _cf_session_sign_in_with_progress (data->data_dir, data->user, data->passphrase,
                                                 forward_progress, data, &error);
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
  data->context = g_main_context_ref_thread_default ();
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

/* The same, with @progress called in the caller's main context while the
 * case database is re-keyed for a new case key (a user was removed), which
 * takes a while for a large office. */
void
cf_session_sign_in_with_progress_async (const char         *data_dir,
                                        const char         *user,
                                        const char         *passphrase,
                                        CfSessionProgress   progress,
                                        gpointer            progress_data,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  SignIn *data = g_new0 (SignIn, 1);

  data->passphrase = g_strdup (passphrase);
  data->progress = progress;
  data->progress_data = progress_data;
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
  g_clear_pointer (&self->user_secret, cf_key_free);   /* sodium_free wipes them */
  g_clear_pointer (&self->office_key, cf_key_free);
  g_clear_pointer (&self->case_keys, _cf_case_keyring_free);
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
    /* By the keys, not only the role: without the case database attached
     * there is nothing to read. */
    case CF_PERMISSION_READ_CASES:
    case CF_PERMISSION_EXPORT_SECURITY:
      return (self->role == CF_ROLE_ADVISER || self->role == CF_ROLE_MANAGER) &&
             cf_store_has_cases (self->store);
    /* The office's settings travel as case data (cf-replica.c), so only a
     * manager holding the case key can set them. */
    case CF_PERMISSION_OFFICE_SETTINGS:
    case CF_PERMISSION_DESTROY_RECORDS:
    case CF_PERMISSION_FLAG_STUDENTS:
    case CF_PERMISSION_SUBJECT_ACCESS:
      return self->role == CF_ROLE_MANAGER && cf_store_has_cases (self->store);
    case CF_PERMISSION_MANAGE_USERS:
    case CF_PERMISSION_VIEW_AUDIT:
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

/* A desk restored from a backup writes nothing (no audit entry either)
 * until it holds what it wrote after the backup: its audit chain and its
 * records go on from those, never beside them (cf-sync-restore.c). */
static gboolean
check_caught_up (CfSession *self,
                 GError   **error)
{
  if (!cf_data_dir_is_catching_up (self->data_dir))
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_NOT_SET_UP,
               _("This desk was restored from a backup and does not yet hold what it wrote after it. Sync it first, then try again."));
  return FALSE;
}

gboolean
_cf_session_audit (CfSession  *self,
                   const char *action,
                   const char *subject,
                   const char *detail,
                   GError    **error)
{
  return check_caught_up (self, error) &&
         _cf_audit_append (self->store, self->user_id, action, subject, detail, error);
}

gboolean
_cf_session_write (CfSession         *self,
                   CfSessionWriteFunc body,
                   gpointer           data,
                   GError           **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (self->store);

  if (!check_caught_up (self, error) || !_cf_store_begin (self->store, error))
    return FALSE;
  if (!body (self, data, error) || !_cf_store_commit (self->store, error))
    {
      _cf_store_rollback (self->store);
      return FALSE;
    }
  return TRUE;
}

const CfKey *
_cf_session_get_office_key (CfSession *self)
{
  return self->office_key;
}

const CfKey *
_cf_session_get_user_secret (CfSession *self)
{
  return self->user_secret;
}

/* NULL when this user holds no case key. */
CfCaseKeyring *
_cf_session_get_case_keys (CfSession *self)
{
  return self->case_keys;
}

/* Takes @keys: a new generation this session made. */
void
_cf_session_set_case_keys (CfSession     *self,
                           CfCaseKeyring *keys)
{
  _cf_case_keyring_free (self->case_keys);
  self->case_keys = keys;
}

/* After an import, another desk may have made a new generation of the case
 * key: the keyring follows the grants.  A user the new generation was not
 * granted to keeps what they had (they were removed: their next sign-in
 * fails). */
gboolean
_cf_session_reload_case_keys (CfSession *self,
                              GError   **error)
{
  CfCaseKeyring *ring;
  GError *local_error = NULL;

  /* On a desk that has just joined, the grant arrives with the first
   * sync: the case database is made and opened then. */
  if (self->case_keys == NULL)
    return open_cases (self, NULL, NULL, error);
  ring = _cf_case_keys_load (self->store, self->user_id, self->user_secret, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (ring != NULL)
    {
      _cf_case_keyring_free (self->case_keys);
      self->case_keys = ring;
    }
  return TRUE;
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
