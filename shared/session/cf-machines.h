/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"

G_BEGIN_DECLS

/* One machine of the office's roster, as this desk knows it.  Times are UTC
 * seconds; 0 means never (last seen) or not revoked. */
typedef struct {
  char     *id;             /* also its folder's name in the sync folder */
  char     *kind;           /* "desk" or "kiosk" */
  gboolean  is_self;
  gint64    enrolled_at;
  gint64    last_seen;      /* its acks, or the newest of its segments applied here */
  gint64    revoked_at;
  char     *revoke_reason;
} CfMachine;

void cf_machine_free (CfMachine *machine);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfMachine, cf_machine_free)

/* Days after which a desk enrolled but never heard from stops holding back
 * compaction, unless the office set its own number. */
#define CF_MACHINES_UNJOINED_DAYS_DEFAULT 14

/* Every machine of the office, desks first, each kind oldest first
 * (CfMachine elements).  Administrators and managers only. */
GPtrArray *cf_machines_list   (CfSession  *session,
                               GError    **error);
/* Takes @machine_id off the roster everywhere: its segments are refused,
 * it no longer holds back compaction, and revoking a kiosk replaces the
 * feed key.  A reason is required; a machine cannot revoke itself.
 * Administrators and managers only; audited; replicates. */
gboolean   cf_machines_revoke (CfSession  *session,
                               const char *machine_id,
                               const char *reason,
                               GError    **error);

G_END_DECLS
