/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

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

G_END_DECLS
