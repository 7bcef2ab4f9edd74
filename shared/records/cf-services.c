/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-services.h"

#include <glib/gi18n-lib.h>

#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-students-private.h"
#include "cf-text.h"
#include "cf-users-private.h"

static gboolean
check_service (const char *service,
               GError    **error)
{
  return service == NULL ||
         cf_text_check_required (service, CF_TEXT_LINE, _("The service"), error);
}

typedef struct {
  const char *id;
  const char *service;
} Setting;

static gboolean
update_user (CfSession *session,
             gpointer   data,
             GError   **error)
{
  Setting *setting = data;

  return _cf_users_set_restricted_service (cf_session_get_store (session), setting->id,
                                           setting->service, error) &&
         _cf_session_audit (session, "restricted-service-set", setting->id, setting->service, error);
}

gboolean
cf_services_set_user_service (CfSession  *session,
                              const char *user_id,
                              const char *service,
                              GError    **error)
{
  Setting setting = { user_id, service };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (user_id != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_MANAGE_USERS, error) ||
      !check_service (service, error))
    return FALSE;
  return _cf_session_write (session, update_user, &setting, error);
}

static gboolean
update_student (CfSession *session,
                gpointer   data,
                GError   **error)
{
  Setting *setting = data;

  return _cf_session_check_student (session, setting->id, error) &&
         _cf_students_set_service_group (cf_session_get_store (session), setting->id,
                                         setting->service, error) &&
         _cf_session_audit (session, "service-group-set", setting->id, NULL, error);
}

gboolean
cf_services_set_student_group (CfSession  *session,
                               const char *student_id,
                               const char *service_group,
                               GError    **error)
{
  Setting setting = { student_id, service_group };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (student_id != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_students_check_may_set_group (session, error) ||
      !check_service (service_group, error))
    return FALSE;
  return _cf_session_write (session, update_student, &setting, error);
}

GStrv
cf_services_list (CfSession *session,
                  GError   **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(CfStoreLock) lock = NULL;
  CfStore *store;
  sqlite3_stmt *stmt;
  CfStep step;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return NULL;
  store = cf_session_get_store (session);
  lock = _cf_store_lock (store);
  stmt = _cf_store_prepare (store,
      "SELECT restricted_service FROM users WHERE restricted_service IS NOT NULL"
      " UNION SELECT service_group FROM students WHERE service_group IS NOT NULL"
      " ORDER BY 1", error);
  if (stmt == NULL)
    return NULL;
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return NULL;
  return g_strv_builder_end (builder);
}
