/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ./run bench sync:
 *   sync.import_ops_per_s  a 100,000-operation backlog written on one desk,
 *                          imported by another (one pass, timed);
 *   sync.propagation_ms    median time from a commit on one desk to its import
 *                          on another, both on this machine watching one folder.
 * Progress goes to stderr; stdout has only the figures. */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-office.h"
#include "cf-session-private.h"
#include "cf-students.h"
#include "cf-sync.h"
#include "cf-sync-watcher.h"

#define MANAGER      "Bench Manager"
#define PASSPHRASE   "bench passphrase"
#define STUDENTS     10000
#define ENTRIES      80000           /* with one case per student: 100,000 */
#define PROPAGATIONS 25

static void
die (GError *error)
{
  g_printerr ("bench-sync: %s\n", error->message);
  exit (1);
}

static CfSession *
sign_in (const char *data_dir)
{
  GError *error = NULL;
  CfSession *session = cf_session_sign_in (data_dir, MANAGER, PASSPHRASE, &error);

  if (session == NULL)
    die (error);
  return session;
}

static void
sync_once (CfSession *session, const char *sync_dir, CfSyncReport *report)
{
  GError *error = NULL;

  if (!cf_sync_run (session, sync_dir, report, &error))
    die (error);
}

/* Two desks of one office on one sync folder. */
static void
make_office (const char *root, char **a_dir, char **b_dir, char **sync_dir)
{
  g_autofree char *bundle = g_build_filename (root, "desk.bundle", NULL);
  g_autofree char *code_path = g_build_filename (root, "desk.code", NULL);
  g_autofree char *code = NULL;
  g_autoptr(CfSession) a = NULL;
  CfSyncReport report = { 0 };
  GError *error = NULL;

  *a_dir = g_build_filename (root, "desk-a", NULL);
  *b_dir = g_build_filename (root, "desk-b", NULL);
  *sync_dir = g_build_filename (root, "sync", NULL);
  if (!cf_office_create (*a_dir, *sync_dir, "Bench Office", MANAGER, PASSPHRASE, &error))
    die (error);
  a = sign_in (*a_dir);
  if (!cf_enroll_create (a, CF_MACHINE_DESK, bundle, code_path, &error) ||
      !cf_sync_write_snapshot (a, *sync_dir, &error) ||
      (code = cf_enroll_read_code (code_path, &error)) == NULL ||
      !cf_enroll_join_desk (*b_dir, *sync_dir, bundle, code, MANAGER, PASSPHRASE, &error))
    die (error);
  sync_once (a, *sync_dir, &report);
  cf_sync_report_clear (&report);
}

static void
exec_sql (CfStore *store, const char *sql, GError **error)
{
  if (!_cf_store_exec (store, sql, error))
    die (*error);
}

/* The backlog through the same bookkeeping as real writes (clock stamps
 * and the outbox), in one transaction so making it takes seconds. */
static void
write_backlog (CfSession *session)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261121);
  const char *author = cf_session_get_user_id (session);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) students = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;

  exec_sql (store, "BEGIN", &error);
  for (int i = 0; i < STUDENTS; i++)
    {
      char *student = g_uuid_string_random ();
      char *case_id = g_uuid_string_random ();
      g_autofree char *sql = g_strdup_printf (
          "INSERT INTO students (id, name, student_number, college, created_at, updated_at)"
          " VALUES ('%s', 'Bench Student %d', 'B%07d', 'College %d', 1, 1);"
          "INSERT INTO cases (id, student_id, adviser_id, opened_at) VALUES ('%s', '%s', '%s', 1);",
          student, i, i, i % 31, case_id, student, author);

      exec_sql (store, sql, &error);
      if (!_cf_store_record_change (store, "student", student,
                                    (const char *const[]) { "name", "student_number", "college", NULL }, &error) ||
          !_cf_store_record_change (store, "case", case_id, (const char *const[]) { "status", NULL }, &error))
        die (error);
      g_ptr_array_add (students, student);
      g_ptr_array_add (cases, case_id);
    }
  for (int i = 0; i < ENTRIES; i++)
    {
      int k = g_rand_int_range (rand, 0, STUDENTS);
      g_autofree char *entry = g_uuid_string_random ();
      g_autofree char *sql = g_strdup_printf (
          "INSERT INTO case_entries (id, case_id, student_id, kind, body, author_id, created_at)"
          " VALUES ('%s', '%s', '%s', 'note', 'Advice given about item %d of the backlog.', '%s', %d)",
          entry, (char *) cases->pdata[k], (char *) students->pdata[k], i, author, i);

      exec_sql (store, sql, &error);
      if (!_cf_store_record_change (store, "case_entry", entry, NULL, &error))
        die (error);
    }
  /* Written by SQL, so indexed for search as a bulk import is. */
  exec_sql (store, "INSERT INTO students_fts (students_fts) VALUES ('rebuild')", &error);
  exec_sql (store, "COMMIT", &error);
}

/* Processor time, to tell the import's own cost from a busy machine's. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static double
measure_import (const char *a_dir, const char *b_dir, const char *sync_dir)
{
  g_autoptr(CfSession) a = sign_in (a_dir);
  g_autoptr(CfSession) b = sign_in (b_dir);
  CfSyncReport report = { 0 };
  gint64 start, elapsed;
  double cpu;
  guint applied;

  sync_once (b, sync_dir, &report);      /* B up to date before the backlog */
  cf_sync_report_clear (&report);
  g_printerr ("bench-sync: writing a backlog of %d operations\n", STUDENTS * 2 + ENTRIES);
  write_backlog (a);
  sync_once (a, sync_dir, &report);
  g_printerr ("bench-sync: desk A wrote %u segments\n", report.segments_written);
  cf_sync_report_clear (&report);

  start = g_get_monotonic_time ();
  cpu = cpu_seconds ();
  sync_once (b, sync_dir, &report);
  elapsed = g_get_monotonic_time () - start;
  cpu = cpu_seconds () - cpu;
  applied = report.operations_applied;
  g_printerr ("bench-sync: desk B applied %u operations in %u segments in %.2f s (%.2f s of processor time)\n",
              applied, report.segments_applied, elapsed / 1e6, cpu);
  cf_sync_report_clear (&report);
  if (applied < STUDENTS * 2 + ENTRIES)
    {
      g_printerr ("bench-sync: only %u operations were applied\n", applied);
      exit (1);
    }
  return applied / (elapsed / 1e6);
}

typedef struct {
  CfSession  *b;
  const char *sync_dir;
  const char *student_id;
  gint64      arrived;
  GMainLoop  *loop;
} Watch;

static gboolean
student_here (CfSession *session, const char *id)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT 1 FROM students WHERE id = ?", NULL);
  gboolean found;

  _cf_bind_text (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* What a desk does when its watcher fires: one pass. */
static void
folder_changed_cb (CfSyncWatcher *watcher, gpointer user_data)
{
  Watch *watch = user_data;
  CfSyncReport report = { 0 };

  if (watch->student_id == NULL || watch->arrived)
    return;
  sync_once (watch->b, watch->sync_dir, &report);
  cf_sync_report_clear (&report);
  if (student_here (watch->b, watch->student_id))
    {
      watch->arrived = g_get_monotonic_time ();
      g_main_loop_quit (watch->loop);
    }
}

static gboolean
give_up_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
compare_doubles (gconstpointer x, gconstpointer y)
{
  double a = *(const double *) x, b = *(const double *) y;

  return (a > b) - (a < b);
}

static double
measure_propagation (const char *a_dir, const char *b_dir, const char *sync_dir)
{
  g_autoptr(CfSession) a = sign_in (a_dir);
  g_autoptr(CfSession) b = sign_in (b_dir);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(CfSyncWatcher) watcher = cf_sync_watcher_new (sync_dir, 50);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  Watch watch = { b, sync_dir, NULL, 0, loop };
  CfSyncReport report = { 0 };

  g_signal_connect (watcher, "changed", G_CALLBACK (folder_changed_cb), &watch);
  for (int i = 0; i < PROPAGATIONS; i++)
    {
      g_autoptr(CfStudent) student = cf_student_new ();
      GError *error = NULL;
      gint64 start;
      guint timeout;

      g_object_set (student, "name", "Propagated Student", NULL);
      /* Let the watcher settle after the previous round's own writes. */
      g_timeout_add (300, give_up_cb, loop);
      g_main_loop_run (loop);
      watch.arrived = 0;
      start = g_get_monotonic_time ();
      if (!cf_students_add (a, student, &error))
        die (error);
      sync_once (a, sync_dir, &report);     /* what desk A does after a write */
      cf_sync_report_clear (&report);
      watch.student_id = cf_student_get_id (student);
      timeout = g_timeout_add_seconds (10, give_up_cb, loop);
      g_main_loop_run (loop);
      if (watch.arrived)
        g_source_remove (timeout);
      watch.student_id = NULL;
      if (!watch.arrived)
        {
          g_printerr ("bench-sync: a change did not arrive within 10 s\n");
          exit (1);
        }
      g_array_append_val (samples, ((double) { (watch.arrived - start) / 1000.0 }));
    }
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

int
main (int argc, char **argv)
{
  g_autofree char *root = g_dir_make_tmp ("confide-bench-sync-XXXXXX", NULL);
  g_autofree char *a_dir = NULL, *b_dir = NULL, *sync_dir = NULL;
  double rate, propagation;

  g_printerr ("bench-sync: two desks in %s\n", root);
  make_office (root, &a_dir, &b_dir, &sync_dir);
  rate = measure_import (a_dir, b_dir, sync_dir);
  propagation = measure_propagation (a_dir, b_dir, sync_dir);
  g_print ("sync.import_ops_per_s %.0f ops/s\n", rate);
  g_print ("sync.propagation_ms %.0f ms\n", propagation);
  if (g_getenv ("CF_BENCH_KEEP") == NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", root);
      if (system (command) != 0)
        g_printerr ("bench-sync: could not remove %s\n", root);
    }
  return 0;
}
