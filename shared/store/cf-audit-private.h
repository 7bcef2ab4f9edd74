/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: adding to the audit log. */

#include "cf-audit-head.h"
#include "cf-audit.h"
#include "cf-store-private.h"
#include "cf-store.h"

G_BEGIN_DECLS

/* Within the transaction of what it records: ids and an action, never a
 * name or a note's text. */
gboolean _cf_audit_append (CfStore    *store,
                           const char *actor_id,
                           const char *action,
                           const char *subject,
                           const char *detail,
                           GError    **error);

/* The detail of an entry for a list shown (students, appointments, the
 * queue): "COUNT ID,ID,…" with each of the @ids (NULLs and repeats left
 * out) in the order shown; past 64, "COUNT blake2b:HASH" of them all and
 * the first 64.  Ids only: a list's names never reach the log. */
char *_cf_audit_shown_detail (GPtrArray *ids);

/* Within the store lock: at most @limit entries that @filter keeps, newest
 * first, after @after (the last entry of the page before; NULL for the
 * first page).  Each filter is served by an index, so a page costs the
 * same whatever the depth: never an OFFSET. */
GListModel *_cf_audit_list     (CfStore             *store,
                                const CfAuditFilter *filter,
                                CfAuditEntry        *after,
                                guint                limit,
                                GError             **error);
/* For tests: the statement _cf_audit_list runs for @filter. */
const char *_cf_audit_list_sql (const CfAuditFilter *filter);

/* cf-audit-heads.c */
/* The head of @node_id's chain as its segments carry it: the entries whose
 * changes are exported through outbox entry @outbox_through (fills in seq
 * and hash). */
gboolean _cf_audit_exported_head (CfStore           *store,
                                  const char        *node_id,
                                  gint64             outbox_through,
                                  CfAuditHead       *head,
                                  GError           **error);
/* Within the caller's transaction: keeps @head, signed by its machine (the
 * caller has checked the signature), as that machine's newest, and a head
 * it contradicts as evidence. */
gboolean _cf_audit_note_head     (CfStore           *store,
                                  const CfAuditHead *head,
                                  GError           **error);
/* Checks every kept head: its signature, and the chain held here against
 * it.  A sentence naming the machine for the first that fails, and that
 * machine's id in @machine, unless NULL. */
gboolean _cf_audit_verify_heads  (CfStore           *store,
                                  char             **machine,
                                  GError           **error);

G_END_DECLS
