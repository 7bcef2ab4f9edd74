/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-audit-entry.h"
#include "cf-store.h"

G_BEGIN_DECLS

/* The audit log records ids and actions, never names or note text.
 * Each machine keeps its own hash chain. */
gboolean cf_audit_verify (CfStore *store,
                          guint   *n_entries,
                          GError **error);

/* The state of every chain held here, for a person to read: whole
 * (@problem NULL), or where it breaks: the machine whose chain it is and,
 * when one entry does not match, that entry's place in the chain (0 when
 * the break is between the heads a machine signed and the chain held). */
typedef struct {
  guint   n_entries;
  char   *machine;
  gint64  seq;
  char   *problem;   /* a sentence, as cf_audit_verify's error */
} CfAuditChainState;

void cf_audit_chain_state_clear (CfAuditChainState *state);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CfAuditChainState, cf_audit_chain_state_clear)

/* As cf_audit_verify, but a broken chain is a state, not an error: FALSE
 * only when the database could not be read. */
gboolean cf_audit_check (CfStore           *store,
                         CfAuditChainState *state,
                         GError           **error);

/* Which entries to read back; the fields combine.  Times are UTC seconds:
 * @from inclusive, @to exclusive, 0 for no bound.  @reads_only keeps the
 * reads of a student's record (the actions in READ_ACTIONS, cf-audit.c). */
typedef struct {
  gint64      from;
  gint64      to;
  const char *user_id;
  const char *action;
  const char *subject;
  gboolean    reads_only;
} CfAuditFilter;

G_END_DECLS
