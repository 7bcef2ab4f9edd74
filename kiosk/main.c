/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "cf-locale.h"
#include "cf-process.h"
#include "kiosk-application.h"
#include "kiosk-language.h"

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
  cf_locale_bind (LOCALEDIR, BUILD_LOCALEDIR);
  /* No textdomain() call: every string names its domain (gi18n-lib.h,
   * domain="confide" in the templates).  GLib decides once, at the first
   * g_dgettext(), whether to translate at all; with a default domain of
   * our own and no English catalog it would decide not to, and French
   * could never be switched on later. */
  kiosk_language_init ();

  app = kiosk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
