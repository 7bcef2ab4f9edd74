/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The head of one machine's audit chain, as that machine signed it into one
 * of its segments: how many entries its chain had and the hash of the last.
 * The signature covers the machine, the segment and the head, so a desk can
 * keep a head apart from its segment and check it again at any time. */
#define CF_AUDIT_HASH_BYTES       32
#define CF_AUDIT_SIGNATURE_BYTES  64

typedef struct {
  char    node_id[37];
  guint8  segment_kind;
  guint64 segment_seq;
  guint64 seq;                                  /* 0: an empty chain */
  guint8  hash[CF_AUDIT_HASH_BYTES];            /* all zero for an empty chain */
  guint8  signature[CF_AUDIT_SIGNATURE_BYTES];
} CfAuditHead;

void     cf_audit_head_sign  (CfAuditHead       *head,
                              const guint8      *sign_secret);
gboolean cf_audit_head_check (const CfAuditHead *head,
                              const guint8      *sign_public);

G_END_DECLS
