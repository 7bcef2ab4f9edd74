/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-case-entry.h"

G_BEGIN_DECLS

struct _CfCaseEntry {
  GObject   parent_instance;
  char     *id;
  char     *case_id;
  char     *student_id;
  char     *kind;
  char     *body;
  char     *third_party;
  char     *author_id;
  char     *author_name;
  gint64    created_at;
  char     *corrects_id;
};

G_END_DECLS
