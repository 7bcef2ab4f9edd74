/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-appointment.h"

G_BEGIN_DECLS

struct _CfAppointment {
  GObject   parent_instance;
  char     *id;
  char     *student_id;
  char     *adviser_id;
  char     *adviser_name;
  gint64    start_at;
  gint64    end_at;
  char     *mode;
  char     *topic;
  char     *room;
  char     *status;
  gint64    created_at;
  gboolean  needs_adviser;
};

G_END_DECLS
