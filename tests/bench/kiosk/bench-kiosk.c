/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ./run bench kiosk:
 *   kiosk.commit_over_fsync     median time from "Confirm" (the kiosk's own
 *                               store-thread job, kiosk-jobs.c) to the durable
 *                               commit, over the median time of one write and
 *                               fsync of the same size on the same disk,
 *                               measured interleaved in one run.  Measured
 *                               twice: each check-in followed, untimed, by the
 *                               sync pass the kiosk window asks for after
 *                               every visit; and with the sync folder
 *                               unreachable, visits piling up on the kiosk.
 *                               The figure is the worse of the two.  How much
 *                               later the screen hears of it (a wake-up of the
 *                               main loop) goes to stderr beside it;
 *   kiosk.rss_over_bare_window  the kiosk's resident memory on its welcome
 *                               screen over an empty libadwaita window's, both
 *                               full screen on one X display.
 * Progress goes to stderr; stdout has only the figures. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-key.h"
#include "cf-kiosk-pin.h"
#include "cf-office.h"
#include "cf-store-private.h"
#include "kiosk-jobs.h"

#define MANAGER        "Bench Manager"
#define PASSPHRASE     "bench passphrase"
#define WARM_UP        10
#define ROUNDS         200
#define SETTLE_SECONDS 30      /* the longest a window may take to settle */

static GPid xvfb_pid;   /* our private X server, if one runs */

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-kiosk: %s: %s\n", what, error ? error->message : g_strerror (errno));
  if (xvfb_pid > 0)
    kill (xvfb_pid, SIGTERM);
  exit (1);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* --- an office with one kiosk --- */

static char *
make_kiosk (const char *root,
            char      **sync_dir)
{
  g_autofree char *desk = g_build_filename (root, "desk", NULL);
  g_autofree char *bundle = g_build_filename (root, "kiosk.bundle", NULL);
  g_autofree char *code_path = g_build_filename (root, "kiosk.code", NULL);
  g_autofree char *code = NULL;
  char *kiosk = g_build_filename (root, "kiosk", NULL);
  g_autoptr(CfSession) session = NULL;
  GError *error = NULL;

  *sync_dir = g_build_filename (root, "sync", NULL);
  if (!cf_office_create (desk, *sync_dir, "Bench Office", MANAGER, PASSPHRASE, &error) ||
      (session = cf_session_sign_in (desk, MANAGER, PASSPHRASE, &error)) == NULL ||
      !cf_enroll_create (session, CF_MACHINE_KIOSK, bundle, code_path, &error) ||
      (code = cf_enroll_read_code (code_path, &error)) == NULL ||
      !cf_enroll_join_kiosk (kiosk, *sync_dir, bundle, code, &error) ||
      !cf_kiosk_pin_set (kiosk, "246810", &error))
    die ("setting up an office", error);
  return kiosk;
}

/* What a student typically hands in, as the kiosk's screens build it. */
static KioskVisit *
typical_visit (guint i)
{
  KioskVisit *visit = kiosk_visit_new (CF_VISIT_DROP_IN);
  JsonObject *consent = json_object_new ();
  JsonObject *parties = json_object_new ();
  JsonObject *monitoring = json_object_new ();
  g_autofree char *name = g_strdup_printf ("Bench Student %u Ōkawa-سارا", i);

  visit->topic = g_strdup ("Housing and landlords");
  json_object_set_boolean_member (visit->details, "anonymous", FALSE);
  json_object_set_string_member (visit->details, "name", name);
  json_object_set_string_member (visit->details, "preferred_name", "Bench");
  json_object_set_string_member (visit->details, "student_id", "S7731902");
  json_object_set_string_member (visit->details, "college", "Newnham");
  json_object_set_string_member (visit->details, "faculty", "History");
  json_object_set_string_member (visit->details, "contact", "bench.student@example.ac.uk");
  json_object_set_boolean_member (parties, "college-tutor", TRUE);
  json_object_set_boolean_member (parties, "department", FALSE);
  json_object_set_boolean_member (parties, "health", TRUE);
  json_object_set_boolean_member (parties, "university-offices", FALSE);
  json_object_set_boolean_member (parties, "outside-agencies", FALSE);
  json_object_set_string_member (consent, "version", "1");
  json_object_set_string_member (consent, "language", "en");
  json_object_set_object_member (consent, "parties", parties);
  json_object_set_string_member (consent, "signature", name);
  json_object_set_object_member (visit->details, "consent", consent);
  json_object_set_string_member (monitoring, "date_of_birth", "2001-02-28");
  json_object_set_string_member (monitoring, "gender", "prefer-not-to-say");
  json_object_set_string_member (monitoring, "ethnicity", "Black British");
  json_object_set_object_member (visit->details, "monitoring", monitoring);
  return visit;
}

/* --- commit against fsync --- */

typedef struct {
  GMainLoop    *loop;
  gint64        told_at;   /* when the screen's callback ran */
  KioskReceipt *receipt;
  GError       *error;
} Wait;

typedef struct {
  double durable;          /* ms from "Confirm" to the durable commit */
  double told;             /* ms from "Confirm" to the screen's callback */
} Timing;

static void
submitted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->told_at = g_get_monotonic_time ();
  wait->receipt = kiosk_submit_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* From "Confirm" to the commit, and to the callback on the main loop:
 * the path the screen waits on.  What runs after the callback (freeing
 * the visit) keeps no student waiting. */
static Timing
time_commit (CfKiosk *kiosk,
             guint    i)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), 0, NULL, NULL };
  gint64 start = g_get_monotonic_time ();
  Timing timing;

  kiosk_submit_async (kiosk, typical_visit (i), NULL, submitted_cb, &wait);
  g_main_loop_run (wait.loop);
  if (wait.receipt == NULL)
    die ("a check-in", wait.error);
  timing.durable = (wait.receipt->durable_at - start) / 1000.0;
  timing.told = (wait.told_at - start) / 1000.0;
  kiosk_receipt_free (wait.receipt);
  g_main_loop_unref (wait.loop);
  return timing;
}

static void
synced_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(KioskSyncResult) pass = kiosk_sync_finish (result, &wait->error);

  if (pass != NULL && pass->problem != NULL)
    g_set_error_literal (&wait->error, G_IO_ERROR, G_IO_ERROR_FAILED, pass->problem);
  g_main_loop_quit (wait->loop);
}

/* The pass the kiosk window asks for after each visit (kiosk-window.c),
 * on the store's thread as there. */
static void
send_visits (CfKiosk *kiosk)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), 0, NULL, NULL };

  kiosk_sync_async (kiosk, NULL, synced_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  if (wait.error != NULL)
    die ("sending the check-ins", wait.error);
}

static gsize
sealed_size (CfKiosk *kiosk)
{
  CfStore *store = cf_kiosk_get_store (kiosk);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  GError *error = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT length(sealed) FROM kiosk_outbox ORDER BY rowid DESC LIMIT 1", &error);
  CfStep step = stmt != NULL ? _cf_store_step (store, stmt, &error) : CF_STEP_FAILED;
  gsize size;

  if (step == CF_STEP_FAILED)
    die ("measuring a sealed visit", error);
  size = step == CF_STEP_ROW ? (gsize) sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return size;
}

static double
time_fsync (const char *path,
            const char *bytes,
            gsize       size)
{
  gint64 start = g_get_monotonic_time ();
  int fd = open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

  if (fd < 0 || write (fd, bytes, size) != (ssize_t) size || fsync (fd) != 0 || close (fd) != 0)
    die ("write and fsync", NULL);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* ROUNDS check-ins, each timed against one write and fsync of @size
 * bytes right after it, so both see the same disk at the same moments.
 * Returns the ratio of the medians. */
static double
commits_over_fsyncs (CfKiosk    *kiosk,
                     const char *probe,
                     gsize       size,
                     gboolean    send_each,
                     guint      *visits)
{
  g_autoptr(GArray) commits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) told = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fsyncs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *bytes = g_malloc0 (size);
  double ratio;

  for (guint i = 0; i < ROUNDS; i++)
    {
      Timing t = time_commit (kiosk, (*visits)++);
      double f;

      if (send_each)
        send_visits (kiosk);
      f = time_fsync (probe, bytes, size);
      g_array_append_val (commits, t.durable);
      g_array_append_val (told, t.told);
      g_array_append_val (fsyncs, f);
    }
  g_unlink (probe);
  ratio = median (commits) / median (fsyncs);
  g_printerr ("bench-kiosk: %s: median commit %.3f ms (the screen hears at %.3f ms),"
              " median write+fsync %.3f ms, ratio %.2f\n",
              send_each ? "each visit sent after it, as the kiosk does"
                        : "sync folder unreachable, visits piling up",
              median (commits), median (told), median (fsyncs), ratio);
  return ratio;
}

static void
bench_commit (const char *kiosk_dir,
              const char *sync_dir)
{
  GError *error = NULL;
  g_autoptr(CfKiosk) kiosk = cf_kiosk_open (kiosk_dir, sync_dir, &error);
  g_autofree char *probe = g_build_filename (kiosk_dir, "fsync-probe", NULL);
  guint visits = 0;
  double sent_each, piling_up;
  gsize size;

  if (kiosk == NULL)
    die ("opening the kiosk", error);
  for (; visits < WARM_UP; visits++)
    time_commit (kiosk, visits);
  size = sealed_size (kiosk);
  g_printerr ("bench-kiosk: %u check-ins of %" G_GSIZE_FORMAT " sealed bytes against as many fsyncs,"
              " twice\n", ROUNDS, size);
  send_visits (kiosk);
  sent_each = commits_over_fsyncs (kiosk, probe, size, TRUE, &visits);
  piling_up = commits_over_fsyncs (kiosk, probe, size, FALSE, &visits);
  /* A kiosk on its welcome screen has normally sent what it holds. */
  send_visits (kiosk);
  printf ("kiosk.commit_over_fsync %.2f ratio\n", MAX (sent_each, piling_up));
  fflush (stdout);
}

/* --- resident memory --- */

static long
rss_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

/* Waits until the window has drawn and settled: resident memory steady
 * for two seconds (sampled every 250 ms), and at most SETTLE_SECONDS. */
static long
settled_rss (GPid pid)
{
  long samples[8] = { 0 };
  guint count = 0;
  gint64 deadline = g_get_monotonic_time () + SETTLE_SECONDS * G_USEC_PER_SEC;

  g_usleep (G_USEC_PER_SEC);
  while (g_get_monotonic_time () < deadline)
    {
      long now = rss_kib (pid), low = G_MAXLONG, high = 0;

      if (now < 0)
        return -1;
      samples[count++ % G_N_ELEMENTS (samples)] = now;
      for (guint i = 0; i < MIN (count, G_N_ELEMENTS (samples)); i++)
        {
          low = MIN (low, samples[i]);
          high = MAX (high, samples[i]);
        }
      if (count >= G_N_ELEMENTS (samples) && high - low <= high / 200)
        return now;
      g_usleep (G_USEC_PER_SEC / 4);
    }
  return rss_kib (pid);
}

static long
measure_program (char **argv,
                 char **envp)
{
  GError *error = NULL;
  GPid pid;
  long rss;

  if (!g_spawn_async (NULL, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    die (argv[0], error);
  rss = settled_rss (pid);
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  if (rss <= 0)
    die ("reading resident memory (did the program exit?)", NULL);
  g_printerr ("bench-kiosk: %s settled at %ld KiB\n", argv[0], rss);
  return rss;
}

/* A private X server when there is no display, so the figure needs none. */
static GPid
start_xvfb (char **display)
{
  int fds[2];
  char buffer[32] = { 0 };
  g_autofree char *fd_text = NULL;
  GPid pid;
  ssize_t got;

  if (pipe (fds) != 0)
    die ("a pipe for Xvfb", NULL);
  pid = fork ();
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY | O_CLOEXEC);

      /* Our standard output stays ours: a pipe reading it must end with us. */
      close (fds[0]);
      dup2 (null, STDOUT_FILENO);
      dup2 (null, STDERR_FILENO);
      fd_text = g_strdup_printf ("%d", fds[1]);
      execlp ("Xvfb", "Xvfb", "-displayfd", fd_text, "-screen", "0", "1280x800x24",
              "-nolisten", "tcp", NULL);
      _exit (127);
    }
  close (fds[1]);
  /* Xvfb writes the number and the newline separately, and gives up if
   * the pipe is gone before the newline. */
  for (gsize at = 0; at < sizeof buffer - 1; at += (gsize) got)
    {
      got = read (fds[0], buffer + at, 1);
      if (got <= 0)
        die ("starting Xvfb (is it installed?)", NULL);
      if (buffer[at] == '\n')
        break;
    }
  close (fds[0]);
  *display = g_strdup_printf (":%d", atoi (buffer));
  return pid;
}

static void
bench_rss (const char *kiosk_dir,
           const char *sync_dir)
{
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *display = NULL;
  char *kiosk[] = { (char *) KIOSK_PROGRAM, (char *) "--data-dir", (char *) kiosk_dir,
                    (char *) "--sync-dir", (char *) sync_dir, NULL };
  char *bare[] = { (char *) BARE_PROGRAM, NULL };
  long kiosk_rss, bare_rss;

  if (g_environ_getenv (envp, "DISPLAY") == NULL)
    {
      xvfb_pid = start_xvfb (&display);
      envp = g_environ_setenv (envp, "DISPLAY", display, TRUE);
    }
  /* The same settings for both: no accessibility bus to wait for, the
   * kiosk's schemas from the build, nothing stored. */
  envp = g_environ_setenv (envp, "GTK_A11Y", "none", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", SCHEMA_DIR, TRUE);
  kiosk_rss = measure_program (kiosk, envp);
  bare_rss = measure_program (bare, envp);
  if (xvfb_pid > 0)
    {
      kill (xvfb_pid, SIGTERM);
      waitpid (xvfb_pid, NULL, 0);
      xvfb_pid = 0;
    }
  printf ("kiosk.rss_over_bare_window %.2f ratio\n", (double) kiosk_rss / (double) bare_rss);
  fflush (stdout);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *root = NULL;
  g_autofree char *kiosk_dir = NULL;
  g_autofree char *sync_dir = NULL;
  GError *error = NULL;

  if (!cf_crypto_init ())
    die ("starting libsodium", NULL);
  /* On the disk the kiosk would use, not a tmpfs: fsync must mean it. */
  root = g_dir_make_tmp ("confide-bench-kiosk-XXXXXX", &error);
  if (root == NULL)
    die ("a temporary folder", error);
  kiosk_dir = make_kiosk (root, &sync_dir);
  bench_commit (kiosk_dir, sync_dir);
  bench_rss (kiosk_dir, sync_dir);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", root);
    if (system (command) != 0)
      g_printerr ("bench-kiosk: could not remove %s\n", root);
  }
  return 0;
}
