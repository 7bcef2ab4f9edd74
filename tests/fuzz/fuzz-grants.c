/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Case-key grants and generations as they arrive in office data, fed
 * anything past the segment's signature: the input is applied as an office
 * payload (users, case_keys, grants), then the one user whose secret key
 * the fuzzer knows opens their keyring from it, and, when it opens, grants
 * the newest generation to another user and rotates, as a manager would.
 * The seeds (make-corpus) hold grants really sealed to that user, so
 * mutations reach the walk back through the generations. */
#include <sodium.h>

#include "cf-case-keys-private.h"
#include "fuzz-util.h"

static CfKey *user_secret;
static guint8 other_public[crypto_box_PUBLICKEYBYTES];

static void
set_up (void)
{
  g_autoptr(CfKey) other = NULL;

  if (user_secret != NULL)
    return;
  user_secret = fuzz_fixed_key (5);
  other = fuzz_fixed_key (6);
  cf_key_get_public (other, other_public);
}

static void
use_keyring (CfStore       *store,
             CfCaseKeyring *ring)
{
  guint newest = _cf_case_keyring_newest (ring);
  g_autoptr(CfCaseKeyring) copy = _cf_case_keyring_copy (ring);
  g_autoptr(CfKey) derived = NULL;

  g_assert (newest >= 1 && _cf_case_keyring_get (ring, newest) != NULL);
  for (guint g = 1; g <= newest; g++)
    g_assert (_cf_case_keyring_get (copy, g) != NULL);
  g_assert (_cf_case_keyring_box_secret (ring) != NULL);
  derived = _cf_case_keyring_derive (ring, "fuzz");
  if (_cf_case_keys_grant (store, ring, FUZZ_OTHER_USER, other_public, NULL))
    _cf_case_keys_rotate (store, copy, NULL);
}

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  CfStore *store = fuzz_scratch_store ();
  g_autoptr(GBytes) payload = fuzz_terminated_bytes (data, size);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

  set_up ();
  _cf_store_begin (store, NULL);
  if (fuzz_apply (store, payload, FALSE, CF_DATA_OFFICE))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CfCaseKeyring) ring = _cf_case_keys_load (store, FUZZ_USER, user_secret, &error);

      if (ring != NULL)
        use_keyring (store, ring);
    }
  _cf_store_rollback (store);
  return 0;
}
