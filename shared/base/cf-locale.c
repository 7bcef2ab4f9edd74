/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-locale.h"

#include <glib/gi18n-lib.h>

/* French is always built and installed (po/LINGUAS), so its catalogue
 * says whether any are there. */
static gboolean
holds_catalogues (const char *dir)
{
  g_autofree char *probe = g_build_filename (dir, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

  return g_file_test (probe, G_FILE_TEST_EXISTS);
}

void
cf_locale_bind (const char *installed_dir,
                const char *built_dir)
{
  g_return_if_fail (installed_dir != NULL);

  if (!holds_catalogues (installed_dir) && built_dir != NULL && holds_catalogues (built_dir))
    bindtextdomain (GETTEXT_PACKAGE, built_dir);
  else
    bindtextdomain (GETTEXT_PACKAGE, installed_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
