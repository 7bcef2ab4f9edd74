/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-consent.h"

G_BEGIN_DECLS

struct _CfConsent {
  GObject   parent_instance;
  char     *id;
  char     *student_id;
  char     *third_party;
  gboolean  granted;
  char     *source;
  char     *wording_version;
  char     *verbal_note;
  char     *recorded_by;
  char     *recorded_by_name;
  gint64    recorded_at;
  char     *withdrawal_id;
  char     *withdrawal_source;
  char     *withdrawal_note;
  char     *withdrawn_by_name;
  gint64    withdrawn_at;
};

G_END_DECLS
