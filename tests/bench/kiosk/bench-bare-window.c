/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The yardstick for kiosk.rss_over_bare_window: an empty libadwaita window,
 * full screen like the kiosk, with nothing of Confide in it. */
#include <adwaita.h>

static void
activated_cb (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);

  gtk_window_fullscreen (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = adw_application_new ("org.confide.BenchBareWindow",
                                                        G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activated_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
