/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The key-slot file, fed anything: written where a desk keeps it and read
 * by every reader of it (its salt, a user's slot, this machine's database
 * key boxes, opened with the key the seeds' were made under), changed as a
 * sync pass and a re-keying change it; then the input as a user's
 * credential, which replicates with the user record and joins the slot
 * file of every desk.  Unlocking a slot is left out: each attempt costs an
 * Argon2id derivation (64 MiB), which no fuzzer can afford per input. */
#include <string.h>

#include "cf-files.h"
#include "cf-keyslots.h"
#include "fuzz-util.h"

#define USER "Mari Manager"

static char *path, *base_path;
static char *base_text, *credential;
static CfKey *office_key, *database_key, *case_key;

/* A real slot file and credential, made once, for the input to join. */
static void
set_up (void)
{
  guint8 salt[CF_SLOT_SALT_BYTES] = { 9 };
  g_autoptr(CfKey) user_secret = NULL;
  gsize length;

  if (path != NULL)
    return;
  path = g_build_filename (fuzz_scratch_dir (), "keyslots.json", NULL);
  base_path = g_build_filename (fuzz_scratch_dir (), "base.json", NULL);
  office_key = fuzz_fixed_key (1);
  database_key = fuzz_fixed_key (2);
  case_key = fuzz_fixed_key (3);
  user_secret = fuzz_fixed_key (5);
  g_assert (cf_keyslots_create (base_path, salt, office_key, database_key, NULL));
  credential = cf_keyslots_make_credential (base_path, USER, "fuzz passphrase", user_secret,
                                            office_key, NULL);
  g_assert (credential != NULL);
  g_assert (cf_keyslots_put_credentials (base_path, (const char *const[]) { credential, NULL },
                                         FALSE, NULL));
  g_assert (g_file_get_contents (base_path, &base_text, &length, NULL));
}

static void
read_file (void)
{
  guint8 salt[CF_SLOT_SALT_BYTES];
  guint generation;
  g_autoptr(CfKey) office_box = NULL, current = NULL, next = NULL;

  cf_keyslots_get_salt (path, salt, NULL);
  cf_keyslots_has (path, USER, NULL);
  office_box = cf_keyslots_open_office_box (path, office_key, NULL);
  g_assert (office_box == NULL ||
            memcmp (cf_key_get_bytes (office_box), cf_key_get_bytes (database_key), CF_KEY_BYTES) == 0);
  if (cf_keyslots_get_case_box (path, CF_CASE_BOX_CURRENT, &generation, NULL) && generation > 0)
    current = cf_keyslots_open_case_box (path, CF_CASE_BOX_CURRENT, case_key, NULL);
  if (cf_keyslots_get_case_box (path, CF_CASE_BOX_NEXT, &generation, NULL) && generation > 0)
    next = cf_keyslots_open_case_box (path, CF_CASE_BOX_NEXT, case_key, NULL);
}

static void
change_file (size_t size)
{
  if (!cf_keyslots_put_credentials (path, (const char *const[]) { credential, NULL }, size % 2, NULL))
    return;
  cf_keyslots_remove (path, size % 3 ? USER : "someone else", NULL);
  if (cf_keyslots_set_case_box (path, CF_CASE_BOX_NEXT, 7, database_key, case_key, NULL))
    g_assert (cf_keyslots_promote_case_box (path, NULL));
}

static void
read_credential (const char *text,
                 size_t      size)
{
  guint8 public_key[32];

  cf_keyslots_credential_public (text, public_key);
  g_assert (g_file_set_contents (path, base_text, -1, NULL));
  if (cf_keyslots_put_credentials (path, (const char *const[]) { text, NULL }, size % 2, NULL))
    read_file ();
}

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) text = fuzz_terminated_bytes (data, size);

  set_up ();
  g_assert (g_file_set_contents (path, (const char *) data, (gssize) size, NULL));
  read_file ();
  change_file (size);
  read_credential (g_bytes_get_data (text, NULL), size);
  return 0;
}
