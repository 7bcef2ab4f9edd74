/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-case.h"

G_BEGIN_DECLS

struct _CfCase {
  GObject   parent_instance;
  char     *id;
  char     *student_id;
  char     *topic;
  char     *status;
  char     *outcome;
  char     *adviser_id;
  char     *adviser_name;
  gint64    opened_at;
  gint64    resolved_at;
};

G_END_DECLS
