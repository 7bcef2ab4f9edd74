/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cf-key.h"

G_BEGIN_DECLS

/* The key-slot file beside a desk's database: the random database key,
 * wrapped once per user under a key derived from that user's passphrase
 * with Argon2id.  Slots are labelled by a keyed hash of the user name, so
 * the file names nobody.  Key derivation is slow on purpose: never call
 * these on the GTK main thread. */

gboolean cf_keyslots_create (const char   *path,
                             const char   *user,
                             const char   *passphrase,
                             const CfKey  *key,
                             GError      **error);
gboolean cf_keyslots_set    (const char   *path,
                             const char   *user,
                             const char   *passphrase,
                             const CfKey  *key,
                             GError      **error);
gboolean cf_keyslots_remove (const char   *path,
                             const char   *user,
                             GError      **error);
gboolean cf_keyslots_has    (const char   *path,
                             const char   *user,
                             GError      **error);
CfKey   *cf_keyslots_unlock (const char   *path,
                             const char   *user,
                             const char   *passphrase,
                             GError      **error);

G_END_DECLS
