/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-search-hit.h"

G_BEGIN_DECLS

struct _CfSearchHit {
  GObject   parent_instance;
  char     *kind;
  char     *student_id;
  char     *student_name;
  char     *student_number;
  char     *email;
  char     *entry_id;
  char     *entry_kind;
  char     *snippet;
  gint64    created_at;
};

G_END_DECLS
