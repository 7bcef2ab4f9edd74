/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cf-audit-head.h"

G_BEGIN_DECLS

/* A segment is one immutable file a machine writes to its own folder in the
 * sync folder: a header, an encrypted payload, and the machine's Ed25519
 * signature over both.  Desk segments and the kiosk feed are encrypted with
 * office symmetric keys; kiosk submissions are sealed to the office public
 * key, so a kiosk cannot read back what it wrote.  Every header also
 * carries the head of the writer's audit chain, signed on its own and not
 * encrypted, so any desk can keep it (see cf-audit-head.h). */
typedef enum {
  CF_SEGMENT_OFFICE = 'O',   /* a desk's changes to office data, office key */
  CF_SEGMENT_CASE   = 'C',   /* a desk's changes to case data, a generation of the case key */
  CF_SEGMENT_KIOSK  = 'K',   /* kiosk submissions, sealed to the office */
  CF_SEGMENT_FEED   = 'F',   /* what kiosks may read, feed key */
  CF_SEGMENT_ACKS   = 'A',   /* what a machine has applied, feed key */
} CfSegmentKind;

#define CF_NODE_ID_LENGTH     36
#define CF_SEGMENT_MAX_BYTES  (64 * 1024 * 1024)
#define CF_SIGN_PUBLIC_BYTES  32
#define CF_SIGN_SECRET_BYTES  64
#define CF_BOX_KEY_BYTES      32
#define CF_SYMMETRIC_BYTES    32

/* A writer fills in audit.seq and audit.hash; sealing fills in the rest of
 * audit from the header and signs it. */
typedef struct {
  CfSegmentKind kind;
  char          node_id[CF_NODE_ID_LENGTH + 1];
  guint64       seq;
  CfAuditHead   audit;
} CfSegmentHeader;

/* A generation of the case key, or NULL when this machine does not hold it. */
typedef const guint8 *(*CfCaseKeyLookup) (guint    generation,
                                          gpointer user_data);

/* The office's keys as one signed-in user holds them.  A kiosk has the
 * feed key and the box public key only; an administrator no case key. */
typedef struct {
  guint8          office_key[CF_SYMMETRIC_BYTES];
  guint8          feed_key[CF_SYMMETRIC_BYTES];
  guint8          box_public[CF_BOX_KEY_BYTES];
  guint8          box_secret[CF_BOX_KEY_BYTES];
  guint8          case_key[CF_SYMMETRIC_BYTES];   /* the newest generation: what is written */
  guint           case_generation;                /* 0: no case key */
  CfCaseKeyLookup case_key_for;                   /* older generations, for reading */
  gpointer        case_key_data;
  gboolean        has_office_key;
  gboolean        has_box_secret;
} CfOfficeKeys;

CfOfficeKeys *cf_office_keys_new  (void);
void          cf_office_keys_free (CfOfficeKeys *keys);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfOfficeKeys, cf_office_keys_free)

/* Returns the signer's public key, or NULL when the machine is not (or no
 * longer) in the office's roster. */
typedef const guint8 *(*CfSignerLookup) (const char *node_id,
                                         gpointer    user_data);

GBytes *cf_segment_seal     (const CfSegmentHeader *header,
                             GBytes                *plaintext,
                             const CfOfficeKeys    *keys,
                             const guint8          *sign_secret,
                             GError               **error);
/* A kiosk seals a submission first (before it touches disk) and signs it
 * into a segment later.  A box is libsodium's crypto_box_seal, byte for
 * byte; NULL when @box_public is not a usable X25519 key. */
GBytes *cf_segment_seal_box (GBytes                *plaintext,
                             const guint8          *box_public);

GBytes  *cf_segment_sign_sealed     (const CfSegmentHeader *header,
                                     GBytes                *sealed,
                                     const guint8          *sign_secret,
                                     GError               **error);
/* Fills in audit too, its signature not yet checked: see
 * cf_audit_head_check(). */
gboolean cf_segment_read_header     (GBytes                *segment,
                                     CfSegmentHeader       *header,
                                     GError               **error);
gboolean cf_segment_check_signature (GBytes                *segment,
                                     CfSignerLookup         lookup,
                                     gpointer               lookup_data,
                                     CfSegmentHeader       *header,
                                     GError               **error);
GBytes  *cf_segment_open            (GBytes                *segment,
                                     const CfOfficeKeys    *keys,
                                     CfSignerLookup         lookup,
                                     gpointer               lookup_data,
                                     CfSegmentHeader       *header,
                                     GError               **error);

G_END_DECLS
