/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>
#include <locale.h>

#include "cf-locale.h"
#include "cf-process.h"
#include "desk-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(DeskApplication) app = NULL;

  cf_process_keep_private (argv, CF_PROCESS_DEFAULT);
  setlocale (LC_ALL, "");
  cf_locale_bind (LOCALEDIR, BUILD_LOCALEDIR);
  textdomain (GETTEXT_PACKAGE);

  app = desk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
