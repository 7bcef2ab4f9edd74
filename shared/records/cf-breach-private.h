/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-breach.h"

G_BEGIN_DECLS

struct _CfBreach {
  GObject   parent_instance;
  char     *id;
  char     *student_id;
  char     *outline;
  char     *reason;
  char     *ground;
  char     *grounds;
  char     *legal_reference;
  char     *consulted;
  char     *consulted_names;
  char     *unconsulted_reason;
  char     *purpose;
  char     *disclosed_to;
  char     *student_informed;
  gint64    informed_at;
  char     *author_id;
  char     *author_name;
  gint64    created_at;
  char     *corrects_id;
  gboolean  corrected;
};

G_END_DECLS
