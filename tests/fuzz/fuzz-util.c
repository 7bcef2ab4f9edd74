/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz-util.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cf-fts-private.h"

/* A fatal GLib message (a critical, with G_DEBUG=fatal-criticals as the
 * tests and ./run fuzz set it) raises SIGTRAP, which libFuzzer does not
 * catch: as an abort it does, and keeps the input. */
static void
abort_on_trap (int signal_number)
{
  abort ();
}

__attribute__((constructor)) static void
catch_traps (void)
{
  signal (SIGTRAP, abort_on_trap);
}

const char *
fuzz_scratch_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      g_autofree char *pattern = NULL;

      /* Some targets write a file per input: tmpfs makes that cheap. */
      pattern = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && access ("/dev/shm", W_OK) == 0 ?
                g_strdup ("/dev/shm/confide-fuzz-XXXXXX") :
                g_build_filename (g_get_tmp_dir (), "confide-fuzz-XXXXXX", NULL);
      dir = g_mkdtemp (g_steal_pointer (&pattern));
      g_assert (dir != NULL);
    }
  return dir;
}

CfStore *
fuzz_scratch_store (void)
{
  static CfStore *store;

  if (store == NULL)
    {
      g_autofree char *path = g_build_filename (fuzz_scratch_dir (), "fuzz.db", NULL);

      store = cf_store_open_unencrypted (path, NULL);
      g_assert (store != NULL);
    }
  return store;
}

CfKey *
fuzz_fixed_key (guint8 fill)
{
  guint8 bytes[CF_KEY_BYTES];

  memset (bytes, fill, sizeof bytes);
  return cf_key_new_from_bytes (bytes);
}

gboolean
fuzz_apply (CfStore    *store,
            GBytes     *payload,
            gboolean    from_kiosk,
            CfDataClass data_class)
{
  g_autoptr(CfReplicaMemo) memo = _cf_replica_memo_new ();
  CfFtsWatermark watermark;
  guint applied;

  _cf_store_exec (store, "PRAGMA defer_foreign_keys = ON", NULL);
  g_assert (_cf_fts_watermark (store, &watermark, NULL));
  return _cf_replica_apply (store, memo, payload, from_kiosk, data_class, FUZZ_NODE, &applied, NULL) &&
         _cf_fts_index_above (store, &watermark, NULL);
}

GBytes *
fuzz_terminated_bytes (const guint8 *data,
                       size_t        size)
{
  char *copy = g_malloc (size + 1);

  memcpy (copy, data, size);
  copy[size] = '\0';
  return g_bytes_new_take (copy, size);
}

gboolean
fuzz_apply_or_undo (CfStore    *store,
                    GBytes     *payload,
                    CfDataClass data_class)
{
  g_assert (_cf_store_exec (store, "SAVEPOINT fuzz", NULL));
  if (fuzz_apply (store, payload, FALSE, data_class))
    return _cf_store_exec (store, "RELEASE fuzz", NULL);
  g_assert (_cf_store_exec (store, "ROLLBACK TO fuzz", NULL) &&
            _cf_store_exec (store, "RELEASE fuzz", NULL));
  return FALSE;
}
