/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CF_TYPE_USER (cf_user_get_type ())
G_DECLARE_FINAL_TYPE (CfUser, cf_user, CF, USER, GObject)

/* Properties: id, name, role ("adviser", "manager", "admin"),
 * restricted-service, created-at. */
CfUser     *cf_user_new      (void);
const char *cf_user_get_id   (CfUser *self);
const char *cf_user_get_name (CfUser *self);
const char *cf_user_get_role (CfUser *self);

G_END_DECLS
