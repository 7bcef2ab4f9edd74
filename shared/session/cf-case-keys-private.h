/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The case key's generations and the grants that carry them to advisers and
 * managers (design.md, "Keys").  Each generation's row in case_keys holds
 * the generation before it and the office's box secret, both wrapped under
 * it; a grant is one generation sealed to one user's public key.  All of it
 * is office data that replicates: it opens nothing without a user's secret
 * key. */

#include "cf-key.h"
#include "cf-store.h"

G_BEGIN_DECLS

/* Every generation a user can reach, from the newest down. */
typedef struct _CfCaseKeyring CfCaseKeyring;

CfCaseKeyring *_cf_case_keyring_copy (const CfCaseKeyring *ring);
void           _cf_case_keyring_free (CfCaseKeyring       *ring);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfCaseKeyring, _cf_case_keyring_free)
guint        _cf_case_keyring_newest     (const CfCaseKeyring *ring);
/* NULL when @generation is not on the ring. */
const CfKey *_cf_case_keyring_get        (const CfCaseKeyring *ring,
                                          guint                generation);
const CfKey *_cf_case_keyring_box_secret (const CfCaseKeyring *ring);
CfKey       *_cf_case_keyring_derive     (const CfCaseKeyring *ring,
                                          const char          *purpose);

/* The user's keyring, or NULL with no error when they hold no grant (an
 * administrator, or a user the newest generation was not granted to). */
CfCaseKeyring *_cf_case_keys_load         (CfStore             *store,
                                           const char          *user_id,
                                           const CfKey         *user_secret,
                                           GError             **error);
/* Within the caller's transaction: the first generation, granted to the
 * office's first manager. */
gboolean       _cf_case_keys_create_first (CfStore             *store,
                                           const char          *user_id,
                                           const guint8        *user_public,
                                           const CfKey         *box_secret,
                                           GError             **error);
/* Within the caller's transaction: the newest generation on @ring, sealed
 * to a new adviser or manager. */
gboolean       _cf_case_keys_grant        (CfStore             *store,
                                           const CfCaseKeyring *ring,
                                           const char          *user_id,
                                           const guint8        *user_public,
                                           GError             **error);
/* Within the caller's transaction: a new generation, granted to every
 * adviser and manager not removed; @ring gains it. */
gboolean       _cf_case_keys_rotate       (CfStore             *store,
                                           CfCaseKeyring       *ring,
                                           GError             **error);

G_END_DECLS
