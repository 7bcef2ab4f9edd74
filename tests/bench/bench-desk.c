/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The desk's start-up benchmark: from launching confide-desk to the first
 * frame of the signed-in Today view with the six-year office, over the
 * same for a bare libadwaita window, in one run, side by side.
 *
 *   bench-desk CACHE_FOLDER CONFIDE_DESK [ROUNDS]
 *   bench-desk --bare                       (the bare window, run by the above)
 *
 * The desk is started with --user and --passphrase-file, so it signs in
 * at start, and with --report-first-frame (a hidden flag for this
 * benchmark): it prints the machine's monotonic time at the first frame
 * after Today's queue and diary are shown, with how long its sign-in took,
 * and quits.  The sign-in (Argon2id, slow by design, and the store's
 * opening) is left out of the figure.  Both programs run under the
 * same display, one right after the other, ROUNDS times (default 5) after
 * a warm-up round.  The ratio is the median of each round's own ratio, so
 * a machine whose load changes during the run weighs on both sides alike.
 *
 * Prints `NAME VALUE UNIT` lines on standard output and nothing else. */

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-office.h"
#include "cf-data-dir.h"
#include "cf-key.h"

/* As bench-office.c makes the office. */
#define MANAGER    "Bench Manager"
#define PASSPHRASE "bench manager passphrase"

#define DEFAULT_ROUNDS 5

/* ---- the bare window ------------------------------------------------- */

static void
bare_painted_cb (GdkFrameClock *clock,
                 GApplication  *app)
{
  g_signal_handlers_disconnect_by_func (clock, bare_painted_cb, app);
  g_print ("bare first-frame-us=%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_application_quit (app);
}

static void
bare_activated_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Bare"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (bare_painted_cb), app);
}

static int
run_bare (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("org.confide.BenchBare",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (bare_activated_cb), NULL);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

/* ---- timing a launch ------------------------------------------------- */

static gint64
member_of (const char *output,
           const char *member)
{
  const char *at = output ? strstr (output, member) : NULL;

  return at ? g_ascii_strtoll (at + strlen (member), NULL, 10) : -1;
}

/* Milliseconds from just before the launch to the first frame, less the
 * span the program reports as sign-in (0 for the bare window). */
static double
time_launch (const char *const *argv,
             GError           **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;
  gint64 started, frame, sign_in;

  /* No accessibility bus to wait for, for either program. */
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  started = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error))
    return -1;
  frame = member_of (output, "first-frame-us=");
  sign_in = MAX (member_of (output, "sign-in-us="), 0);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0 || frame < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s did not report its first frame", argv[0]);
      return -1;
    }
  return (double) (frame - started - sign_in) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

static char *
write_passphrase (GError **error)
{
  g_autofree char *folder = g_dir_make_tmp ("bench-desk-XXXXXX", error);
  g_autofree char *path = NULL;

  if (folder == NULL)
    return NULL;
  path = g_build_filename (folder, "passphrase", NULL);
  if (!g_file_set_contents_full (path, PASSPHRASE "\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, error))
    return NULL;
  return g_steal_pointer (&path);
}

static void
remove_passphrase (char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (folder);
  g_free (path);
}

typedef struct {
  GArray *bare;       /* ms */
  GArray *desk;       /* ms */
  GArray *ratios;     /* desk over bare, each round */
} Samples;

static gboolean
measure_rounds (BenchOffice *office,
                const char  *self_path,
                const char  *desk,
                const char  *passphrase,
                guint        rounds,
                Samples     *samples,
                GError     **error)
{
  const char *bare_argv[] = { self_path, "--bare", NULL };
  const char *desk_argv[] = { desk, "--data-dir", office->encrypted_dir,
                              "--user", MANAGER, "--passphrase-file", passphrase,
                              "--report-first-frame", NULL };

  /* Round 0 warms the disk cache and is not counted; the two programs take
   * turns so that a slow moment of the machine touches both alike. */
  for (guint round = 0; round <= rounds; round++)
    {
      double b = time_launch (bare_argv, error);
      double d = b < 0 ? -1 : time_launch (desk_argv, error);

      if (d < 0)
        return FALSE;
      g_printerr ("bench-desk: round %u: bare %.0f ms, desk %.0f ms\n", round, b, d);
      if (round == 0)
        continue;
      {
        double ratio = d / b;

        g_array_append_val (samples->bare, b);
        g_array_append_val (samples->desk, d);
        g_array_append_val (samples->ratios, ratio);
      }
    }
  return TRUE;
}

static gboolean
measure (BenchOffice *office,
         const char  *self_path,
         const char  *desk,
         guint        rounds,
         Samples     *samples,
         GError     **error)
{
  char *passphrase = write_passphrase (error);
  gboolean ok;

  if (passphrase == NULL)
    return FALSE;
  ok = measure_rounds (office, self_path, desk, passphrase, rounds, samples, error);
  remove_passphrase (passphrase);
  return ok;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchOffice) office = NULL;
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) desk = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  Samples samples = { bare, desk, ratios };
  g_autofree char *self_path = NULL;
  guint rounds;

  if (argc == 2 && g_str_equal (argv[1], "--bare"))
    return run_bare ();
  if (argc < 3 || !cf_crypto_init ())
    {
      g_printerr ("usage: bench-desk CACHE_FOLDER CONFIDE_DESK [ROUNDS]\n");
      return 2;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-desk: there is no display; run it under xvfb-run -a.\n");
      return 1;
    }
  rounds = argc > 3 ? (guint) MAX (atoi (argv[3]), 1) : DEFAULT_ROUNDS;
  self_path = g_canonicalize_filename (argv[0], NULL);
  office = bench_office_ensure (argv[1], &error);
  if (office == NULL || !measure (office, self_path, argv[2], rounds, &samples, &error))
    {
      g_printerr ("bench-desk: %s\n", error->message);
      return 1;
    }
  g_print ("desk.start_ms %.0f ms\n", median (desk));
  g_print ("desk.bare_window_ms %.0f ms\n", median (bare));
  g_print ("desk.start_over_bare_window %.2f ratio\n", median (ratios));
  return 0;
}
