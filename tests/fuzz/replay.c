/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Without libFuzzer (gcc builds): replays every file of the corpus folders
 * given as arguments through the target once, as a regression test.
 *
 * As under libFuzzer (-rss_limit_mb, 2 GiB), an input that makes a reader
 * ask for gigabytes fails the test rather than the machine: allocations are
 * capped, by AddressSanitizer in the sanitizer build, by the address space
 * otherwise. */
#include <glib.h>
#include <stdio.h>
#include <sys/resource.h>

#define MEMORY_LIMIT_MB 2048

#ifdef __SANITIZE_ADDRESS__
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "max_allocation_size_mb=" G_STRINGIFY (MEMORY_LIMIT_MB);
}
#endif

static void
limit_memory (void)
{
#ifndef __SANITIZE_ADDRESS__
  /* ASan reserves terabytes of address space for its shadow: only here. */
  struct rlimit limit = { (rlim_t) 4 * MEMORY_LIMIT_MB << 20, (rlim_t) 4 * MEMORY_LIMIT_MB << 20 };

  g_assert (setrlimit (RLIMIT_AS, &limit) == 0);
#endif
}

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
main (int    argc,
      char **argv)
{
  guint replayed = 0;

  limit_memory ();
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          g_autofree char *contents = NULL;
          gsize length;

          if (g_file_get_contents (path, &contents, &length, NULL))
            {
              LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
              replayed++;
            }
        }
    }
  printf ("1..1\nok 1 - replayed %u inputs\n", replayed);
  return replayed > 0 ? 0 : 1;
}
