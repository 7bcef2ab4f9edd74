/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-store-private.h"
#include "cf-user.h"

G_BEGIN_DECLS

struct _CfUser {
  GObject   parent_instance;
  char     *id;
  char     *name;
  char     *role;
  char     *restricted_service;
  gint64    created_at;
};

/* The columns every query of users selects, in this order. */
#define CF_USER_COLUMNS "id, name, role, restricted_service, created_at"

/* A new CfUser from a row of CF_USER_COLUMNS (a CfRowFunc). */
gpointer _cf_user_new_from_row (sqlite3_stmt *stmt);

G_END_DECLS
