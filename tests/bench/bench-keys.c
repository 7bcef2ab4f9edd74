/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The keys benchmark: re-keying the six-year case database (what every
 * desk does at its first sign-in after a user is removed) over copying the
 * same file with one fsync, in the same run.
 *
 *   bench-keys CACHE_FOLDER [ROUNDS]
 *
 * Prints `NAME VALUE UNIT` lines on standard output and nothing else;
 * progress goes to standard error. */

#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench-office.h"
#include "cf-case-keys-private.h"
#include "cf-data-dir.h"
#include "cf-files.h"
#include "cf-key.h"
#include "cf-keyslots.h"
#include "cf-session-private.h"
#include "cf-store.h"

#define DEFAULT_ROUNDS 3

/* The floor: the bytes read and written once, and synced once. */
static double
copy_ms (const char *from,
         const char *to)
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *contents = NULL;
  gsize length;
  int fd;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  fd = g_open (to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, contents, length), ==, (gssize) length);
  g_assert_cmpint (fsync (fd), ==, 0);
  close (fd);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
rekey_ms (const char  *from,
          const CfKey *key,
          const char  *to)
{
  g_autoptr(CfKey) new_key = cf_key_new_random ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  cf_store_copy_rekeyed (from, key, to, new_key, NULL, NULL, &error);
  g_assert_no_error (error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The case database's own key, as the manager's sign-in opens it. */
static CfKey *
case_database_key (BenchOffice *office)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfSession) session = bench_office_sign_in (office, TRUE, &error);
  g_autofree char *slots = cf_data_dir_keyslots (office->encrypted_dir);
  CfCaseKeyring *ring;
  guint generation = 0;

  g_assert_no_error (error);
  ring = _cf_session_get_case_keys (session);
  g_assert_true (cf_keyslots_get_case_box (slots, CF_CASE_BOX_CURRENT, &generation, NULL));
  return cf_keyslots_open_case_box (slots, CF_CASE_BOX_CURRENT, _cf_case_keyring_get (ring, generation),
                                    NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchOffice) office = NULL;
  g_autoptr(CfKey) key = NULL;
  g_autofree char *cases = NULL, *copy = NULL;
  int rounds = argc > 2 ? atoi (argv[2]) : DEFAULT_ROUNDS;
  double best_copy = G_MAXDOUBLE, best_rekey = G_MAXDOUBLE;
  GStatBuf st;

  if (argc < 2)
    {
      g_printerr ("usage: bench-keys CACHE_FOLDER [ROUNDS]\n");
      return 2;
    }
  cf_crypto_init ();
  office = bench_office_ensure (argv[1], &error);
  g_assert_no_error (error);
  key = case_database_key (office);
  g_assert_nonnull (key);
  cases = cf_data_dir_cases (office->encrypted_dir);
  copy = g_strconcat (cases, ".bench-copy", NULL);
  g_assert_cmpint (g_stat (cases, &st), ==, 0);
  g_printerr ("bench-keys: the case database is %.0f MiB\n", st.st_size / 1048576.0);
  /* Alternating, best of each: the page cache serves both alike. */
  for (int i = 0; i < rounds; i++)
    {
      best_copy = MIN (best_copy, copy_ms (cases, copy));
      g_unlink (copy);
      best_rekey = MIN (best_rekey, rekey_ms (cases, key, copy));
      g_unlink (copy);
    }
  g_print ("keys.copy_ms %.0f ms\n", best_copy);
  g_print ("keys.rekey_ms %.0f ms\n", best_rekey);
  g_print ("keys.rekey_over_copy %.2f ratio\n", best_rekey / best_copy);
  return 0;
}
