/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-audit-head.h"

#include <sodium.h>
#include <string.h>

/* What is signed: a label, so the signature cannot be taken for any other
 * message, then the fields at fixed widths (big-endian numbers). */
#define LABEL          "confide audit head 1"
#define LABEL_BYTES    (sizeof LABEL - 1)
#define MESSAGE_BYTES  (LABEL_BYTES + 36 + 1 + 8 + 8 + CF_AUDIT_HASH_BYTES)

static void
head_message (const CfAuditHead *head,
              guint8             out[MESSAGE_BYTES])
{
  guint64 segment_seq = GUINT64_TO_BE (head->segment_seq);
  guint64 seq = GUINT64_TO_BE (head->seq);
  guint8 *at = out;

  memcpy (at, LABEL, LABEL_BYTES);
  at += LABEL_BYTES;
  memset (at, 0, 36);
  memcpy (at, head->node_id, strnlen (head->node_id, 36));
  at += 36;
  *at++ = head->segment_kind;
  memcpy (at, &segment_seq, 8);
  at += 8;
  memcpy (at, &seq, 8);
  at += 8;
  memcpy (at, head->hash, CF_AUDIT_HASH_BYTES);
}

void
cf_audit_head_sign (CfAuditHead  *head,
                    const guint8 *sign_secret)
{
  guint8 message[MESSAGE_BYTES];

  g_return_if_fail (head != NULL && sign_secret != NULL);
  head_message (head, message);
  crypto_sign_detached (head->signature, NULL, message, sizeof message, sign_secret);
}

gboolean
cf_audit_head_check (const CfAuditHead *head,
                     const guint8      *sign_public)
{
  guint8 message[MESSAGE_BYTES];

  g_return_val_if_fail (head != NULL && sign_public != NULL, FALSE);
  head_message (head, message);
  return crypto_sign_verify_detached (head->signature, message, sizeof message, sign_public) == 0;
}
