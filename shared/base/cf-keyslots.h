/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cf-key.h"

G_BEGIN_DECLS

/* The key-slot file beside a desk's database.  Two layers, so that a user's
 * slot is the same on every desk and can replicate with the user record:
 *
 *   passphrase --Argon2id--> user key --opens--> office desk key
 *   office desk key --opens--> this machine's random database key
 *
 * Slots are labelled by a keyed hash of the user name (the salt is the
 * office's, so labels agree across desks): the file names nobody.  Key
 * derivation is slow on purpose: never call these on the GTK main thread. */

#define CF_SLOT_SALT_BYTES 16

gboolean cf_keyslots_create          (const char        *path,
                                      const guint8      *slot_salt,
                                      const CfKey       *desk_key,
                                      const CfKey       *database_key,
                                      GError           **error);
/* A user's slot, as JSON text: written here and replicated as the user's
 * credential. */
char    *cf_keyslots_make_credential (const char        *path,
                                      const char        *user,
                                      const char        *passphrase,
                                      const CfKey       *desk_key,
                                      GError           **error);
gboolean cf_keyslots_put_credentials (const char        *path,
                                      const char *const *credentials,
                                      gboolean           replace_all,
                                      GError           **error);
gboolean cf_keyslots_remove          (const char        *path,
                                      const char        *user,
                                      GError           **error);
gboolean cf_keyslots_has             (const char        *path,
                                      const char        *user,
                                      GError           **error);
gboolean cf_keyslots_get_salt        (const char        *path,
                                      guint8            *salt,
                                      GError           **error);
CfKey   *cf_keyslots_unlock          (const char        *path,
                                      const char        *user,
                                      const char        *passphrase,
                                      GError           **error);

G_END_DECLS
