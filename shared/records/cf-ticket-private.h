/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-ticket.h"

G_BEGIN_DECLS

struct _CfTicket {
  GObject   parent_instance;
  char     *id;
  char     *code;
  char     *kind;
  char     *topic;
  gint64    waiting_since;
  char     *status;
  char     *student_id;
  char     *appointment_id;
  char     *adviser_id;
  char     *adviser_name;
  gint64    called_at;
  gint64    appointment_start;
  gint64    position;
  gint64    estimated_wait;
  gboolean  unmatched;
};

G_END_DECLS
