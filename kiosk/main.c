/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "cf-process.h"
#include "kiosk-application.h"
#include "kiosk-language.h"

/* Installed catalogs first; run from the build folder, the ones built
 * there, so the language button works in tests and in ./run demo. */
static const char *
locale_dir (void)
{
  g_autofree char *installed = g_build_filename (LOCALEDIR, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *built = g_build_filename (BUILD_LOCALEDIR, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

  if (!g_file_test (installed, G_FILE_TEST_EXISTS) && g_file_test (built, G_FILE_TEST_EXISTS))
    return BUILD_LOCALEDIR;
  return LOCALEDIR;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(KioskApplication) app = NULL;

  /* What a student typed must not outlive the screen that showed it. */
  cf_process_keep_private (argv, CF_PROCESS_WIPE_FREED);
  setlocale (LC_ALL, "");
  /* GTK would call setlocale() again and undo the language set-up. */
  gtk_disable_setlocale ();
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* No textdomain() call: every string names its domain (gi18n-lib.h,
   * domain="confide" in the templates).  GLib decides once, at the first
   * g_dgettext(), whether to translate at all; with a default domain of
   * our own and no English catalog it would decide not to, and French
   * could never be switched on later. */
  kiosk_language_init ();

  app = kiosk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
