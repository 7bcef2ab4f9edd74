/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CF_KEY_BYTES 32

/* A 256-bit secret kept in guarded memory (libsodium's sodium_malloc):
 * never swapped out, wiped when freed. */
typedef struct _CfKey CfKey;

CfKey        *cf_key_new_random     (void);
CfKey        *cf_key_new_from_bytes (const guint8 *bytes);
CfKey        *cf_key_copy           (const CfKey  *key);
const guint8 *cf_key_get_bytes      (const CfKey  *key);
char         *cf_key_to_sql_literal (const CfKey  *key);
void          cf_key_free           (CfKey        *key);

gboolean cf_crypto_init (void);

/* Keys that travel: a key sealed to a user's X25519 public key (a grant),
 * or wrapped under another key.  Both as base64 text. */
void   cf_key_get_public  (const CfKey  *secret,
                           guint8       *public_key);
char  *cf_key_seal        (const CfKey  *key,
                           const guint8 *public_key);
CfKey *cf_key_open_sealed (const char   *text,
                           const CfKey  *secret);
char  *cf_key_wrap        (const CfKey  *key,
                           const CfKey  *wrapping);
CfKey *cf_key_unwrap      (const char   *text,
                           const CfKey  *wrapping);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfKey, cf_key_free)

G_END_DECLS

G_BEGIN_DECLS
void cf_wipe_string (char *secret);
/* The passphrase on the first line of the file at @path; the rest of what
 * was read is wiped.  Free the result with cf_wipe_string. */
char *cf_passphrase_read_file (const char *path,
                               GError    **error);
G_END_DECLS
