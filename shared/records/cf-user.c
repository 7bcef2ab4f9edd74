/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-user-private.h"

#include "cf-record-private.h"

static const CfField cf_user_fields[] = {
  CF_FIELD (CfUser, id, CF_FIELD_STRING),
  CF_FIELD (CfUser, name, CF_FIELD_STRING),
  CF_FIELD (CfUser, role, CF_FIELD_STRING),
  CF_FIELD (CfUser, restricted_service, CF_FIELD_STRING),
  CF_FIELD (CfUser, created_at, CF_FIELD_INT64),
};

CF_DEFINE_RECORD (CfUser, cf_user)

CfUser *
cf_user_new (void)
{
  return g_object_new (CF_TYPE_USER, NULL);
}

const char *
cf_user_get_id (CfUser *self)
{
  g_return_val_if_fail (CF_IS_USER (self), NULL);
  return self->id;
}

const char *
cf_user_get_name (CfUser *self)
{
  g_return_val_if_fail (CF_IS_USER (self), NULL);
  return self->name;
}

const char *
cf_user_get_role (CfUser *self)
{
  g_return_val_if_fail (CF_IS_USER (self), NULL);
  return self->role;
}

gpointer
_cf_user_new_from_row (sqlite3_stmt *stmt)
{
  CfUser *user = cf_user_new ();

  user->id = _cf_column_dup (stmt, 0);
  user->name = _cf_column_dup (stmt, 1);
  user->role = _cf_column_dup (stmt, 2);
  user->restricted_service = _cf_column_dup (stmt, 3);
  user->created_at = sqlite3_column_int64 (stmt, 4);
  return user;
}
