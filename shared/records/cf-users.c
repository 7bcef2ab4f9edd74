/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-users.h"

#include <glib/gi18n-lib.h>

#include "cf-changes-private.h"
#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-keyslots.h"
#include "cf-office.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"
#include "cf-text.h"
#include "cf-user-private.h"
#include "cf-users-private.h"

/* --- who may add or remove whom --- */

/* An administrator runs the office but never reads a case, so they may
 * not make (or unmake) anyone who does. */
gboolean
cf_users_can_manage (CfSession *session,
                     CfRole     role)
{
  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);

  if (cf_session_can (session, CF_PERMISSION_MANAGE_USERS))
    return TRUE;
  return role == CF_ROLE_ADMIN && cf_session_can (session, CF_PERMISSION_ADMINISTER);
}

static gboolean
require_manage (CfSession *session,
                CfRole     role,
                GError   **error)
{
  if (cf_users_can_manage (session, role))
    return TRUE;
  if (cf_session_get_role (session) != CF_ROLE_ADMIN || cf_session_is_locked (session))
    return cf_session_require (session, CF_PERMISSION_MANAGE_USERS, error);
  g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
               _("An administrator may add or remove only administrators. Ask a manager."));
  return FALSE;
}

/* --- adding and removing --- */

typedef struct {
  const char *id;
  const char *name;
  CfRole      role;
  const char *credential;
  guint8      public_key[32];
} NewUser;

static void
set_no_case_key (GError **error)
{
  g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
               _("You hold no case key on this desk, so you cannot give one. Sign in as a manager who has opened students’ records here."));
}

/* An adviser or a manager is granted the newest case key as they are
 * added; an administrator never is. */
static gboolean
grant_case_key (CfSession *session,
                NewUser   *user,
                GError   **error)
{
  CfCaseKeyring *ring = _cf_session_get_case_keys (session);

  if (user->role == CF_ROLE_ADMIN)
    return TRUE;
  if (ring == NULL)
    {
      set_no_case_key (error);
      return FALSE;
    }
  return _cf_case_keys_grant (cf_session_get_store (session), ring, user->id, user->public_key, error);
}

/* Names are not unique in the schema (replicas must converge even if two
 * desks add one name while apart), so the clash is refused here. */
static gboolean
refuse_taken_name (CfStore    *store,
                   const char *name,
                   GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT 1 FROM users WHERE name = ? COLLATE NOCASE AND removed_at IS NULL", error);
  gboolean taken;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, name);
  if (!_cf_store_exists (store, stmt, &taken, error))
    return FALSE;
  if (taken)
    g_set_error (error, CF_ERROR, CF_ERROR_EXISTS, _("There is already a user with that name."));
  return !taken;
}

static gboolean
insert_user (CfSession *session,
             gpointer   data,
             GError   **error)
{
  NewUser *user = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!refuse_taken_name (store, user->name, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "INSERT INTO users (id, name, role, credential, created_at) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, user->id);
  _cf_bind_text (stmt, 2, user->name);
  _cf_bind_text (stmt, 3, cf_role_to_string (user->role));
  _cf_bind_text (stmt, 4, user->credential);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (!_cf_store_step_done (store, stmt, error))
    return FALSE;
  return _cf_changes_record (store, "user", user->id,
                             (const char *const[]) { "name", "role", "credential", "created_at", NULL },
                             error) &&
         grant_case_key (session, user, error) &&
         _cf_session_audit (session, "user-added", user->id, cf_role_to_string (user->role), error);
}

/* The user's key slot: written here, and replicated with the user record
 * so they can sign in on every desk. */
static char *
make_credential (CfSession   *session,
                 const char  *name,
                 const char  *passphrase,
                 const CfKey *user_secret,
                 GError     **error)
{
  g_autofree char *slots = cf_data_dir_keyslots (cf_session_get_data_dir (session));
  char *credential;

  credential = cf_keyslots_make_credential (slots, name, passphrase, user_secret,
                                            _cf_session_get_office_key (session), error);
  if (credential != NULL &&
      !cf_keyslots_put_credentials (slots, (const char *const[]) { credential, NULL }, FALSE, error))
    g_clear_pointer (&credential, g_free);
  return credential;
}

gboolean
cf_users_add (CfSession  *session,
              const char *name,
              CfRole      role,
              const char *passphrase,
              GError    **error)
{
  g_autofree char *slots = NULL, *credential = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(CfKey) user_secret = cf_key_new_random ();
  GError *local_error = NULL;
  NewUser user = { id, name, role, NULL, { 0 } };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);

  if (!require_manage (session, role, error) ||
      !cf_text_check_required (name, CF_TEXT_LINE, _("The user name"), error) ||
      !cf_passphrase_check (passphrase, error))
    return FALSE;

  slots = cf_data_dir_keyslots (cf_session_get_data_dir (session));
  if (cf_keyslots_has (slots, name, NULL))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_EXISTS, _("There is already a user with that name."));
      return FALSE;
    }
  /* The slot first: a slot without a user opens nothing, whereas a user
   * without a slot could never sign in. */
  cf_key_get_public (user_secret, user.public_key);
  credential = make_credential (session, name, passphrase, user_secret, error);
  if (credential == NULL)
    return FALSE;
  user.credential = credential;
  if (!_cf_session_write (session, insert_user, &user, &local_error))
    {
      cf_keyslots_remove (slots, name, NULL);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

GListModel *
cf_users_list (CfSession *session,
               GError   **error)
{
  g_autoptr(GListStore) users = g_list_store_new (CF_TYPE_USER);
  g_autoptr(CfStoreLock) lock = NULL;
  CfStore *store;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  if (!cf_session_can (session, CF_PERMISSION_MANAGE_USERS) &&
      !cf_session_require (session, CF_PERMISSION_ADMINISTER, error))
    return NULL;

  store = cf_session_get_store (session);
  lock = _cf_store_lock (store);
  stmt = _cf_store_prepare (store,
      "SELECT " CF_USER_COLUMNS " FROM users"
      " WHERE removed_at IS NULL ORDER BY name COLLATE NOCASE", error);
  if (stmt == NULL ||
      !_cf_store_collect_objects (store, stmt, users, _cf_user_new_from_row, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&users));
}

char *
cf_users_find_id (CfSession  *session,
                  const char *name,
                  GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = NULL;
  sqlite3_stmt *stmt;
  char *id = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  lock = _cf_store_lock (store);
  stmt = _cf_store_prepare (store,
      "SELECT id FROM users WHERE name = ? COLLATE NOCASE AND removed_at IS NULL", error);
  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, name);
  if (!_cf_store_get_text (store, stmt, &id, error))
    return NULL;
  if (id == NULL)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("There is no user with that name."));
  return id;
}

typedef struct {
  const char    *id;
  CfCaseKeyring *keys;   /* with the new generation, once made */
} RemovedUser;

/* A new generation of the case key, granted to every adviser and manager
 * still here: what is written from now on is closed to whoever left. */
static gboolean
rotate_case_key (CfSession      *session,
                 CfCaseKeyring **keys,
                 GError        **error)
{
  CfCaseKeyring *ring = _cf_session_get_case_keys (session);

  if (ring == NULL)
    {
      set_no_case_key (error);
      return FALSE;
    }
  *keys = _cf_case_keyring_copy (ring);
  return _cf_case_keys_rotate (cf_session_get_store (session), *keys, error);
}

static gboolean
held_case_key (CfStore    *store,
               const char *user_id,
               gboolean   *held,
               GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT 1 FROM grants WHERE user_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, user_id);
  return _cf_store_exists (store, stmt, held, error);
}

/* Read in the same transaction as the removal, so the role checked is the
 * role removed. */
static gboolean
require_manage_user (CfSession  *session,
                     const char *user_id,
                     GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT role FROM users WHERE id = ?", error);
  g_autofree char *role_text = NULL;
  CfRole role;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, user_id);
  if (!_cf_store_get_text (store, stmt, &role_text, error))
    return FALSE;
  if (role_text == NULL || !cf_role_from_string (role_text, &role))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("There is no such user."));
      return FALSE;
    }
  return require_manage (session, role, error);
}

static gboolean
mark_removed (CfSession *session,
              gpointer   data,
              GError   **error)
{
  RemovedUser *user = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;
  CfStep step;

  if (!require_manage_user (session, user->id, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "SELECT count(*) FROM users WHERE role = 'manager' AND removed_at IS NULL AND id != ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, user->id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_FAILED)
    return FALSE;
  if (step == CF_STEP_ROW && sqlite3_column_int (stmt, 0) == 0)
    {
      sqlite3_reset (stmt);
      g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
                   _("That is the office’s last manager. Add another manager first."));
      return FALSE;
    }
  sqlite3_reset (stmt);

  /* The credential goes with the user: no desk keeps a slot for them. */
  stmt = _cf_store_prepare (store,
      "UPDATE users SET removed_at = ?, credential = NULL WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 2, user->id);
  if (!_cf_store_step_done (store, stmt, error) ||
      !_cf_changes_record (store, "user", user->id,
                           (const char *const[]) { "removed_at", "credential", NULL }, error) ||
      !_cf_session_audit (session, "user-removed", user->id, NULL, error))
    return FALSE;
  {
    gboolean held;

    return held_case_key (store, user->id, &held, error) &&
           (!held || rotate_case_key (session, &user->keys, error));
  }
}

/* A removed user keeps no rights to restrict. */
gboolean
_cf_users_set_restricted_service (CfStore    *store,
                                  const char *user_id,
                                  const char *service,
                                  GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "UPDATE users SET restricted_service = ? WHERE id = ? AND removed_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, service);
  _cf_bind_text (stmt, 2, user_id);
  if (!_cf_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (_cf_store_get_db (store)) == 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("There is no such user."));
      return FALSE;
    }
  return _cf_changes_record (store, "user", user_id,
                             (const char *const[]) { "restricted_service", NULL }, error);
}

/* Revokes the user in the database (which replicates) and removes their
 * key slot here, so their passphrase opens nothing any more. */
gboolean
cf_users_remove (CfSession  *session,
                 const char *name,
                 GError    **error)
{
  g_autofree char *id = NULL, *slots = NULL;
  RemovedUser user;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  if (!cf_users_can_manage (session, CF_ROLE_ADMIN) &&
      !cf_session_require (session, CF_PERMISSION_MANAGE_USERS, error))
    return FALSE;
  id = cf_users_find_id (session, name, error);
  if (id == NULL)
    return FALSE;
  user = (RemovedUser) { id, NULL };
  if (!_cf_session_write (session, mark_removed, &user, error))
    {
      _cf_case_keyring_free (user.keys);
      return FALSE;
    }
  if (user.keys != NULL)
    _cf_session_set_case_keys (session, user.keys);
  slots = cf_data_dir_keyslots (cf_session_get_data_dir (session));
  return cf_keyslots_remove (slots, name, error);
}

static gboolean
rotate_and_audit (CfSession *session,
                  gpointer   data,
                  GError   **error)
{
  return rotate_case_key (session, data, error) &&
         _cf_session_audit (session, "case-key-rotated", NULL, NULL, error);
}

/* The same new generation a removal makes, on demand. */
gboolean
cf_users_rotate_keys (CfSession *session,
                      GError   **error)
{
  CfCaseKeyring *keys = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  if (!cf_session_require (session, CF_PERMISSION_MANAGE_USERS, error))
    return FALSE;
  if (!_cf_session_write (session, rotate_and_audit, &keys, error))
    {
      _cf_case_keyring_free (keys);
      return FALSE;
    }
  _cf_session_set_case_keys (session, keys);
  return TRUE;
}

/* The new credential replicates, so the new passphrase holds on every desk. */
static gboolean
store_credential (CfSession *session,
                  gpointer   data,
                  GError   **error)
{
  CfStore *store = cf_session_get_store (session);
  const char *user_id = cf_session_get_user_id (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store, "UPDATE users SET credential = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, data);
  _cf_bind_text (stmt, 2, user_id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "user", user_id,
                             (const char *const[]) { "credential", NULL }, error) &&
         _cf_session_audit (session, "passphrase-changed", user_id, NULL, error);
}

gboolean
cf_users_change_passphrase (CfSession  *session,
                            const char *new_passphrase,
                            GError    **error)
{
  g_autofree char *credential = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  if (cf_session_is_locked (session))
    return cf_session_require (session, CF_PERMISSION_READ_CASES, error);
  if (!cf_passphrase_check (new_passphrase, error))
    return FALSE;
  credential = make_credential (session, cf_session_get_user_name (session), new_passphrase,
                                _cf_session_get_user_secret (session), error);
  return credential != NULL && _cf_session_write (session, store_credential, credential, error);
}

/* --- who may advise a student --- */

/* One query for both: a current adviser or manager, and no conflict. */
gboolean
_cf_users_check_may_advise (CfSession  *session,
                            const char *adviser_id,
                            const char *student_id,
                            const char *not_adviser,
                            GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT (SELECT count(*) FROM users WHERE id = ?1 AND removed_at IS NULL"
      "        AND role IN ('adviser', 'manager')),"
      "       (SELECT count(*) FROM conflicts WHERE adviser_id = ?1 AND student_id = ?2)", error);
  gboolean adviser_ok, conflict;
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, adviser_id);
  _cf_bind_text (stmt, 2, student_id);
  step = _cf_store_step (store, stmt, error);
  if (step != CF_STEP_ROW)
    {
      sqlite3_reset (stmt);
      if (step == CF_STEP_DONE)      /* cannot happen: the query always gives a row */
        _cf_store_set_error (store, SQLITE_ERROR, error);
      return FALSE;
    }
  adviser_ok = sqlite3_column_int (stmt, 0) > 0;
  conflict = sqlite3_column_int (stmt, 1) > 0;
  sqlite3_reset (stmt);
  if (!adviser_ok)
    g_set_error_literal (error, CF_ERROR, CF_ERROR_NOT_FOUND, not_adviser);
  else if (conflict)
    g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
                 _("That adviser declared a conflict of interest with this student; choose someone else."));
  return adviser_ok && !conflict;
}
