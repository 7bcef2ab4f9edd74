/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cf-key.h"

G_BEGIN_DECLS

/* The key-slot file beside a desk's databases (design.md, "Keys"):
 *
 *   passphrase --Argon2id--> the user's X25519 secret key
 *   user's secret key --opens--> the office key, sealed to them (a grant)
 *   office key --opens--> this machine's office database key
 *   a case key generation --opens--> this machine's case database key
 *
 * Case keys reach advisers and managers as grants in the office database;
 * an administrator's credential opens the office key only.  A user's slot
 * (their credential) is the same on every desk and replicates with the
 * user record.  Slots are labelled by a keyed hash of the user name (the
 * salt is the office's, so labels agree across desks): the file names
 * nobody.  Key derivation is slow on purpose: never call these on the GTK
 * main thread. */

#define CF_SLOT_SALT_BYTES 16

typedef enum {
  CF_CASE_BOX_CURRENT,
  CF_CASE_BOX_NEXT,      /* the re-keyed copy's, until it is in place */
} CfCaseBox;

gboolean cf_keyslots_create            (const char        *path,
                                        const guint8      *slot_salt,
                                        const CfKey       *office_key,
                                        const CfKey       *database_key,
                                        GError           **error);
/* A user's slot, as JSON text: their secret key under their passphrase,
 * and the office key sealed to them.  Replicated as the user's credential. */
char    *cf_keyslots_make_credential   (const char        *path,
                                        const char        *user,
                                        const char        *passphrase,
                                        const CfKey       *user_secret,
                                        const CfKey       *office_key,
                                        GError           **error);
gboolean cf_keyslots_credential_public (const char        *credential,
                                        guint8            *public_key);
gboolean cf_keyslots_put_credentials   (const char        *path,
                                        const char *const *credentials,
                                        gboolean           replace_all,
                                        GError           **error);
gboolean cf_keyslots_remove            (const char        *path,
                                        const char        *user,
                                        GError           **error);
gboolean cf_keyslots_has               (const char        *path,
                                        const char        *user,
                                        GError           **error);
gboolean cf_keyslots_get_salt          (const char        *path,
                                        guint8            *salt,
                                        GError           **error);
/* The user's secret key, and in @office_key the office key. */
CfKey   *cf_keyslots_unlock            (const char        *path,
                                        const char        *user,
                                        const char        *passphrase,
                                        CfKey            **office_key,
                                        GError           **error);
CfKey   *cf_keyslots_open_office_box   (const char        *path,
                                        const CfKey       *office_key,
                                        GError           **error);
gboolean cf_keyslots_get_case_box      (const char        *path,
                                        CfCaseBox          which,
                                        guint             *generation,
                                        GError           **error);
CfKey   *cf_keyslots_open_case_box     (const char        *path,
                                        CfCaseBox          which,
                                        const CfKey       *case_key,
                                        GError           **error);
gboolean cf_keyslots_set_case_box      (const char        *path,
                                        CfCaseBox          which,
                                        guint              generation,
                                        const CfKey       *database_key,
                                        const CfKey       *case_key,
                                        GError           **error);
gboolean cf_keyslots_promote_case_box  (const char        *path,
                                        GError           **error);

G_END_DECLS
