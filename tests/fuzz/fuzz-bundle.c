/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The enrollment bundle reader, fed anything: the container checks (magic,
 * sizes) with a fixed code, then the bundle's contents as if they had
 * decrypted, written into a scratch database as joining would. */
#include <string.h>

#include "cf-enroll-private.h"
#include "cf-store-private.h"

static CfStore *store;

static void
set_up (void)
{
  g_autofree char *dir = NULL, *path = NULL;

  if (store != NULL)
    return;
  dir = g_dir_make_tmp ("confide-fuzz-XXXXXX", NULL);
  path = g_build_filename (dir, "fuzz.db", NULL);
  store = cf_store_open_unencrypted (path, NULL);
  g_assert (store != NULL);
}

/* Only inputs that fail before key derivation: a fuzzer cannot afford an
 * Argon2id run per input, and a MAC stands between it and the rest. */
static void
read_container (const guint8 *data,
                size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);

  if (size < 64 || memcmp (data, "CONFIDE-ENROL-1\n", 16) != 0)
    g_assert (_cf_enroll_open_bundle (bytes, "ABCD-EFGH-JKMN-PQRS-TUVW", NULL) == NULL);
}

static void
read_contents (const guint8 *data,
               size_t        size)
{
  g_autofree char *json = g_strndup ((const char *) data, size);
  g_autoptr(JsonObject) bundle = NULL;
  g_autoptr(CfStoreLock) lock = NULL;

  bundle = _cf_enroll_parse_bundle (json, size % 2 ? "desk" : "kiosk", NULL);
  if (bundle == NULL)
    return;
  lock = _cf_store_lock (store);
  _cf_store_begin (store, NULL);
  _cf_enroll_fill_database (store, bundle, size % 2 ? "desk" : "kiosk", NULL);
  _cf_store_rollback (store);
}

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  set_up ();
  read_container (data, size);
  read_contents (data, size);
  return 0;
}
