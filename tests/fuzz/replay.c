/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Without libFuzzer (gcc builds): replays every file of the corpus folders
 * given as arguments through the target once, as a regression test. */
#include <glib.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
main (int    argc,
      char **argv)
{
  guint replayed = 0;

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
