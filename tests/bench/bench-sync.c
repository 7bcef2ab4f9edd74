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
#include <sodium.h>
#include <sys/resource.h>

#include "cf-changes-private.h"
#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-fts-private.h"
#include "cf-office.h"
#include "cf-session-private.h"
#include "cf-students.h"
#include "cf-sync-watcher.h"
#include "cf-sync.h"

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
sync_once (CfSession    *session,
           const char   *sync_dir,
           CfSyncReport *report)
{
  GError *error = NULL;

  if (!cf_sync_run (session, sync_dir, report, &error))
    die (error);
}

/* Two desks of one office on one sync folder. */
static void
make_office (const char *root,
             char      **a_dir,
             char      **b_dir,
             char      **sync_dir)
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
exec_sql (CfStore    *store,
          const char *sql,
          GError    **error)
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
      if (!_cf_changes_record (store, "student", student,
                               (const char *const[]) { "name", "student_number", "college", NULL }, &error) ||
          !_cf_changes_record (store, "case", case_id, (const char *const[]) { "status", NULL }, &error))
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
      if (!_cf_changes_record (store, "case_entry", entry, NULL, &error))
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
measure_import (const char *a_dir,
                const char *b_dir,
                const char *sync_dir)
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

/* --- the floor: the same rows, inserted directly --- */

#define FLOOR_BATCH 50000      /* rows to a transaction, as the import batches */

/* The users the rows refer to first, then the backlog's tables. */
static const struct {
  const char *table;
} floor_tables[] = {
  { "users" }, { "students" }, { "cases" }, { "case_entries" },
};

/* A table's rows, as values, in the order they were written. */
static GPtrArray *
load_rows (CfStore    *store,
           const char *table,
           int        *n_columns)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY rowid", table);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, g_intern_string (sql), NULL);
  GPtrArray *rows = g_ptr_array_new ();
  GError *error = NULL;
  CfStep step;

  *n_columns = sqlite3_column_count (stmt);
  while ((step = _cf_store_step (store, stmt, &error)) == CF_STEP_ROW)
    {
      sqlite3_value **row = g_new (sqlite3_value *, *n_columns);

      for (int i = 0; i < *n_columns; i++)
        row[i] = sqlite3_value_dup (sqlite3_column_value (stmt, i));
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    die (error);
  return rows;
}

static void
free_rows (GPtrArray *rows,
           int        n_columns)
{
  for (guint r = 0; r < rows->len; r++)
    {
      sqlite3_value **row = rows->pdata[r];

      for (int i = 0; i < n_columns; i++)
        sqlite3_value_free (row[i]);
      g_free (row);
    }
  g_ptr_array_unref (rows);
}

static void
floor_commit (CfStore        *store,
              CfFtsWatermark *unindexed)
{
  GError *error = NULL;

  if (!_cf_fts_index_above (store, unindexed, &error))
    die (error);
  exec_sql (store, "COMMIT", &error);
}

static void
floor_begin (CfStore        *store,
             CfFtsWatermark *unindexed)
{
  GError *error = NULL;

  exec_sql (store, "BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON", &error);
  if (!_cf_fts_watermark (store, unindexed, &error))
    die (error);
}

static guint
insert_rows (CfStore        *store,
             const char     *table,
             GPtrArray      *rows,
             int             n_columns,
             guint           written,
             CfFtsWatermark *unindexed)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  const char *insert;
  GError *error = NULL;

  g_string_printf (sql, "INSERT INTO %s VALUES (?", table);
  for (int i = 1; i < n_columns; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");
  insert = g_intern_string (sql->str);
  for (guint r = 0; r < rows->len; r++, written++)
    {
      sqlite3_value **row = rows->pdata[r];
      sqlite3_stmt *stmt;

      if (written > 0 && written % FLOOR_BATCH == 0)
        {
          floor_commit (store, unindexed);
          floor_begin (store, unindexed);
        }
      stmt = _cf_store_prepare (store, insert, &error);
      if (stmt == NULL)
        die (error);
      for (int i = 0; i < n_columns; i++)
        sqlite3_bind_value (stmt, i + 1, row[i]);
      if (!_cf_store_step_done (store, stmt, &error))
        die (error);
    }
  return written;
}

/* What the import cannot beat on this machine and schema: desk A's rows
 * inserted into a new encrypted database, a prepared INSERT each, in
 * transactions as large as the import's, foreign keys deferred and the
 * search index filled per transaction -- without segments, signatures,
 * operations or clocks. */
static double
measure_floor (const char *a_dir,
               const char *root)
{
  g_autoptr(CfSession) a = sign_in (a_dir);
  g_autofree char *path = g_build_filename (root, "floor.db", NULL);
  GPtrArray *rows[G_N_ELEMENTS (floor_tables)];
  int n_columns[G_N_ELEMENTS (floor_tables)];
  guint8 key_bytes[CF_KEY_BYTES];
  g_autoptr(CfKey) key = NULL;
  g_autoptr(CfStore) store = NULL;
  CfFtsWatermark unindexed;
  GError *error = NULL;
  guint written = 0;
  gint64 start, elapsed;

  randombytes_buf (key_bytes, sizeof key_bytes);
  key = cf_key_new_from_bytes (key_bytes);
  /* The same layout as a desk's: office data and case data in two files,
   * one transaction over both. */
  store = cf_store_open_desk (path, key, &error);
  if (store == NULL)
    die (error);
  {
    g_autofree char *cases = g_build_filename (root, "floor-cases.db", NULL);

    if (!cf_store_attach_cases (store, cases, key, &error))
      die (error);
  }
  for (gsize t = 0; t < G_N_ELEMENTS (floor_tables); t++)
    rows[t] = load_rows (cf_session_get_store (a), floor_tables[t].table, &n_columns[t]);
  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

    /* The users the rows refer to, untimed. */
    floor_begin (store, &unindexed);
    insert_rows (store, floor_tables[0].table, rows[0], n_columns[0], 1, &unindexed);
    floor_commit (store, &unindexed);
    start = g_get_monotonic_time ();
    floor_begin (store, &unindexed);
    for (gsize t = 1; t < G_N_ELEMENTS (floor_tables); t++)
      written = insert_rows (store, floor_tables[t].table, rows[t], n_columns[t], written,
                             &unindexed);
    floor_commit (store, &unindexed);
    elapsed = g_get_monotonic_time () - start;
  }
  for (gsize t = 0; t < G_N_ELEMENTS (floor_tables); t++)
    free_rows (rows[t], n_columns[t]);
  return written / (elapsed / 1e6);
}

typedef struct {
  CfSession  *b;
  const char *sync_dir;
  const char *student_id;
  gint64      arrived;
  GMainLoop  *loop;
} Watch;

static gboolean
student_here (CfSession  *session,
              const char *id)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT 1 FROM students WHERE id = ?", NULL);
  gboolean found;

  _cf_bind_text (stmt, 1, id);
  g_assert_true (_cf_store_exists (store, stmt, &found, NULL));
  return found;
}

/* What a desk does when its watcher fires: one pass. */
static void
folder_changed_cb (CfSyncWatcher *watcher,
                   gpointer       user_data)
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
compare_doubles (gconstpointer x,
                 gconstpointer y)
{
  double a = *(const double *) x, b = *(const double *) y;

  return (a > b) - (a < b);
}

static double
measure_propagation (const char *a_dir,
                     const char *b_dir,
                     const char *sync_dir)
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
main (int    argc,
      char **argv)
{
  g_autofree char *root = g_dir_make_tmp ("confide-bench-sync-XXXXXX", NULL);
  g_autofree char *a_dir = NULL, *b_dir = NULL, *sync_dir = NULL;
  double rate, floor, propagation;

  g_printerr ("bench-sync: two desks in %s\n", root);
  make_office (root, &a_dir, &b_dir, &sync_dir);
  rate = measure_import (a_dir, b_dir, sync_dir);
  floor = measure_floor (a_dir, root);
  g_printerr ("bench-sync: the floor, the same rows inserted directly: %.0f rows/s;"
              " the import ran at %.2f of it\n", floor, rate / floor);
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
