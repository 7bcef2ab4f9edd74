/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-student.h"

G_BEGIN_DECLS

struct _CfStudent {
  GObject   parent_instance;
  char     *id;
  char     *name;
  char     *preferred_name;
  char     *student_number;
  char     *college;
  char     *faculty;
  char     *email;
  char     *phone;
  char     *service_group;
  gboolean  removed_from_course;
  gint64    created_at;
  char     *removed_reason;
  char     *removed_by;
  gint64    removed_at;
};

G_END_DECLS
