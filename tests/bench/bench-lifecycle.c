/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ./run bench lifecycle: the end of a record's life at the six-year scale.
 *
 *   retention.purge_students_per_s        the purge (cf_retention_purge) on
 *                                         the day one academic year's students
 *                                         (the year nearest a year's intake,
 *                                         with the older ones) are due: a
 *                                         hundred destroyed a transaction,
 *                                         then the search indexes cleaned up
 *                                         once;
 *   retention.purge_floor_students_per_s  the same rows deleted set-wise in the
 *                                         unencrypted twin, in one transaction,
 *                                         its indexes merged the same way;
 *   retention.propagation_s               the destroying desk's sync pass and a
 *                                         second desk's, until it has applied
 *                                         the purge;
 *   retention.propagation_over_purge      the one over the local purge's time.
 *
 * The last two only with BENCH_LIFECYCLE_PROPAGATION set: the second desk
 * is joined to the six-year office from a snapshot, once, and that does
 * not finish today (the snapshot is built as one JSON document in memory,
 * 11.6 GB, and the import stalled).  Without it, stderr says so.
 *
 *   bench-lifecycle CACHE_FOLDER [MAX_STUDENTS]
 *
 * MAX_STUDENTS, for profiling, destroys only the first of that year's
 * students, one by one as the purge does (the figures are then for so
 * many, and the time to find who is due is left out).
 * Every run works on copies: the cached office and the cached pair of desks
 * joined to it are never changed.  Progress goes to stderr; stdout has only
 * the figures. */
#include <glib/gstdio.h>
#include <stdlib.h>

#include "bench-office.h"
#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-machines.h"
#include "cf-office.h"
#include "cf-retention-due.h"
#include "cf-retention.h"
#include "cf-session-private.h"
#include "cf-student-data-private.h"
#include "cf-students-private.h"
#include "cf-sync-private.h"
#include "cf-sync.h"

#define MANAGER    "Bench Manager"
#define PASSPHRASE "bench manager passphrase"
#define REASON     "Retention period over"
/* Bump when the pair of desks is made differently, so old caches go. */
#define PAIR_VERSION 1
#define MAX_PASSES   20
#define A_YEARS_STUDENTS 10000  /* design.md: a year's students at the design scale */

static void
die (GError *error)
{
  g_printerr ("bench-lifecycle: %s\n", error->message);
  exit (1);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* ---- folders ------------------------------------------------------------ */

static void
run_command (const char *const *argv)
{
  GError *error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    die (error);
}

/* Whole folders, as they are: databases, their WAL and key slots. */
static void
copy_folder (const char *from,
             const char *to)
{
  const char *argv[] = { "cp", "-a", "--", from, to, NULL };

  run_command (argv);
}

static void
remove_folder (const char *path)
{
  const char *argv[] = { "rm", "-rf", "--", path, NULL };

  run_command (argv);
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
sync_pass (CfSession    *session,
           const char   *sync_dir,
           CfSyncReport *report)
{
  GError *error = NULL;

  if (!cf_sync_run (session, sync_dir, report, &error))
    die (error);
  if (report->segments_refused > 0 || report->problem != NULL)
    g_printerr ("bench-lifecycle: sync: %u refused, %s\n", report->segments_refused,
                report->problem ? report->problem : "no problem told");
}

/* ---- the pair of desks, cached ------------------------------------------ */

typedef struct {
  char *folder;      /* <office>/desks */
  char *first;       /* the office's own desk, which destroys */
  char *second;      /* a desk joined to it from a snapshot */
  char *sync_dir;
} Pair;

static void
pair_init (Pair       *pair,
           const char *folder)
{
  pair->folder = g_strdup (folder);
  pair->first = g_build_filename (folder, "first", NULL);
  pair->second = g_build_filename (folder, "second", NULL);
  pair->sync_dir = g_build_filename (folder, "sync", NULL);
}

static void
pair_clear (Pair *pair)
{
  g_free (pair->folder);
  g_free (pair->first);
  g_free (pair->second);
  g_free (pair->sync_dir);
}

/* The pair is as fresh as the office it was made from: its marker holds
 * the office's own marker (generator, schema fingerprint, day). */
static char *
pair_marker_text (BenchOffice *office)
{
  g_autofree char *office_marker = g_build_filename (office->folder, "complete", NULL);
  g_autofree char *contents = NULL;
  GError *error = NULL;

  if (!g_file_get_contents (office_marker, &contents, NULL, &error))
    die (error);
  return g_strdup_printf ("pair %d\n%s", PAIR_VERSION, contents);
}

static gboolean
pair_is_fresh (Pair       *pair,
               const char *expected)
{
  g_autofree char *marker = g_build_filename (pair->folder, "complete", NULL);
  g_autofree char *contents = NULL;

  return g_file_get_contents (marker, &contents, NULL, NULL) && g_str_equal (contents, expected);
}

/* Passes on both desks until neither writes nor applies anything. */
static void
settle (CfSession  *first,
        CfSession  *second,
        const char *sync_dir)
{
  for (int i = 0; i < MAX_PASSES; i++)
    {
      CfSyncReport a = { 0 }, b = { 0 };
      gint64 start = g_get_monotonic_time ();
      gboolean quiet;

      sync_pass (first, sync_dir, &a);
      sync_pass (second, sync_dir, &b);
      g_printerr ("bench-lifecycle: settling: first wrote %u, removed %u; second applied %u (%.0f s)\n",
                  a.segments_written, a.segments_removed, b.segments_applied, seconds_since (start));
      quiet = a.segments_written + a.segments_applied + b.segments_written + b.segments_applied == 0;
      cf_sync_report_clear (&a);
      cf_sync_report_clear (&b);
      if (quiet)
        return;
    }
  g_printerr ("bench-lifecycle: the two desks did not settle in %d passes\n", MAX_PASSES);
  exit (1);
}

/* The generator queued every change of six years in the first desk's
 * outbox, which a real office sent long ago, segment by segment.  Sending
 * it now would take hours (each segment's audit head is looked up across
 * the rest of the outbox); the second desk gets it all from the snapshot
 * anyway.  So it is passed over, as a pass does with changes it has sent. */
static const char last_queued_sql[] = "SELECT coalesce (max (seq), 0) FROM outbox";

static void
drain_outbox (CfSession *session)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt;
  GError *error = NULL;
  gint64 through;

  stmt = _cf_store_prepare (store, last_queued_sql, &error);
  if (stmt == NULL || _cf_store_step (store, stmt, &error) != CF_STEP_ROW)
    die (error);
  through = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (!_cf_store_begin (store, &error))
    die (error);
  for (CfDataClass data_class = CF_DATA_OFFICE; data_class <= CF_DATA_CASE; data_class++)
    if (!_cf_sync_set_setting_int (store, _cf_sync_export_cursor (data_class), through, &error) ||
        !_cf_sync_delete_outbox_through (store, data_class, through, &error))
      die (error);
  if (!_cf_store_commit (store, &error))
    die (error);
  g_printerr ("bench-lifecycle: first desk's outbox passed over, through %" G_GINT64_FORMAT "\n", through);
}

/* As a manager enrolls a second desk: a bundle and its code, a snapshot
 * in the folder, and the new desk made from both. */
static void
join_second_desk (CfSession *first,
                  Pair      *pair)
{
  g_autofree char *enroll = g_build_filename (pair->folder, "enroll", NULL);
  g_autofree char *bundle = g_build_filename (enroll, "desk.bundle", NULL);
  g_autofree char *code_file = g_build_filename (enroll, "desk.code", NULL);
  g_autofree char *code = NULL;
  gint64 start = g_get_monotonic_time ();
  GError *error = NULL;

  if (g_mkdir_with_parents (enroll, 0700) != 0 ||
      !cf_enroll_create (first, CF_MACHINE_DESK, bundle, code_file, &error) ||
      !cf_sync_write_snapshot (first, pair->sync_dir, &error) ||
      (code = cf_enroll_read_code (code_file, &error)) == NULL)
    die (error ? error : g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_FAILED, enroll));
  g_printerr ("bench-lifecycle: snapshot written (%.0f s)\n", seconds_since (start));
  if (!cf_enroll_join_desk (pair->second, pair->sync_dir, bundle, code, MANAGER, PASSPHRASE, &error))
    die (error);
  g_printerr ("bench-lifecycle: second desk joined (%.0f s)\n", seconds_since (start));
  remove_folder (enroll);
}

static void
make_pair (BenchOffice *office,
           Pair        *pair,
           const char  *marker_text)
{
  g_autofree char *office_sync = g_build_filename (office->folder, "sync", NULL);
  g_autofree char *marker = g_build_filename (pair->folder, "complete", NULL);
  g_autoptr(CfSession) first = NULL;
  g_autoptr(CfSession) second = NULL;
  GError *error = NULL;

  g_printerr ("bench-lifecycle: joining a second desk to the six-year office in %s "
              "(once; takes minutes)\n", pair->folder);
  remove_folder (pair->folder);
  if (g_mkdir_with_parents (pair->folder, 0700) != 0)
    die (g_error_new (G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot make %s", pair->folder));
  copy_folder (office->encrypted_dir, pair->first);
  copy_folder (office_sync, pair->sync_dir);
  first = sign_in (pair->first);
  drain_outbox (first);
  join_second_desk (first, pair);
  second = sign_in (pair->second);
  settle (first, second, pair->sync_dir);
  g_clear_object (&first);
  g_clear_object (&second);
  if (!g_file_set_contents (marker, marker_text, -1, &error))
    die (error);
}

static void
ensure_pair (BenchOffice *office,
             Pair        *pair)
{
  g_autofree char *folder = g_build_filename (office->folder, "desks", NULL);
  g_autofree char *marker_text = pair_marker_text (office);

  pair_init (pair, folder);
  if (!pair_is_fresh (pair, marker_text))
    make_pair (office, pair, marker_text);
}

/* ---- the students of the oldest academic year ---------------------------- */

/* Last contact: the latest of a student's entries, appointments and
 * consents, or when they were added if there is none.  One pass over each
 * table, grouped, rather than a look-up per student: case entries have no
 * index by student. */
static const char last_contact_sql[] =
  "WITH contact (student_id, at) AS ("
  "  SELECT student_id, created_at FROM case_entries"
  "  UNION ALL SELECT student_id, start_at FROM appointments"
  "  UNION ALL SELECT student_id, recorded_at FROM consents),"
  " latest (student_id, at) AS (SELECT student_id, MAX (at) FROM contact GROUP BY student_id)"
  " SELECT s.id, COALESCE (l.at, s.created_at) FROM students s"
  " LEFT JOIN latest l ON l.student_id = s.id";

typedef struct {
  char  *id;
  gint64 last_contact;
} Contact;

static void
contact_clear (gpointer data)
{
  g_free (((Contact *) data)->id);
}

static GArray *
read_last_contacts (CfStore *store)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  GArray *contacts = g_array_new (FALSE, FALSE, sizeof (Contact));
  sqlite3_stmt *stmt;
  GError *error = NULL;
  CfStep step;

  g_array_set_clear_func (contacts, contact_clear);
  stmt = _cf_store_prepare (store, last_contact_sql, &error);
  if (stmt == NULL)
    die (error);
  while ((step = _cf_store_step (store, stmt, &error)) == CF_STEP_ROW)
    {
      Contact contact = { _cf_column_dup (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (contacts, contact);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    die (error);
  return contacts;
}

/* The year, in the office's time zone, of the academic year (starting
 * 1 August) that @at falls in. */
static int
academic_year (GTimeZone *zone,
               gint64     at)
{
  g_autoptr(GDateTime) day = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (day, zone);
  int year = g_date_time_get_year (local);

  return g_date_time_get_month (local) >= G_DATE_AUGUST ? year : year - 1;
}

/* The academic year to purge, with how many students had their last
 * contact in each year. */
static int
oldest_year (CfSession *session)
{
  g_autoptr(GArray) contacts = read_last_contacts (cf_session_get_store (session));
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (session);
  g_autoptr(GHashTable) per_year = g_hash_table_new (NULL, NULL);
  int oldest = G_MAXINT, best = 0;
  guint best_n = 0;

  for (guint i = 0; i < contacts->len; i++)
    {
      int year = academic_year (zone, g_array_index (contacts, Contact, i).last_contact);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (per_year, GINT_TO_POINTER (year)));

      g_hash_table_insert (per_year, GINT_TO_POINTER (year), GUINT_TO_POINTER (n + 1));
      oldest = MIN (oldest, year);
    }
  /* Students keep coming back, so few have their last contact in the
   * oldest years: the year purged is the one closest to a year's intake,
   * and the purge takes the few older ones with it. */
  for (int year = oldest; g_hash_table_contains (per_year, GINT_TO_POINTER (year)); year++)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (per_year, GINT_TO_POINTER (year)));

      g_printerr ("bench-lifecycle: last contact in %d/%02d: %u students\n", year, (year + 1) % 100, n);
      if (ABS ((int) n - A_YEARS_STUDENTS) < ABS ((int) best_n - A_YEARS_STUDENTS))
        best = year, best_n = n;
    }
  return best;
}

/* The day the students of academic year @year fall due under the office's
 * rule (six years from last contact): the next year's are due a year
 * later, so on this day exactly that one year is due. */
static GDateTime *
day_year_is_due (CfSession *session,
                 int        year)
{
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (session);
  g_autoptr(GDateTime) first_day = NULL;
  CfRetentionRule rule;
  GError *error = NULL;

  if (!cf_retention_get_rule (session, &rule, &error))
    die (error);
  first_day = g_date_time_new (zone, year, rule.year_starts_month, rule.year_starts_day, 12, 0, 0);
  return cf_retention_due_day (&rule, first_day);
}

static GPtrArray *
due_students (CfSession *session,
              GDateTime *today)
{
  GError *error = NULL;
  g_autoptr(GListModel) due = cf_retention_list_due (session, today, &error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  if (due == NULL)
    die (error);
  for (guint i = 0; i < g_list_model_get_n_items (due); i++)
    {
      g_autoptr(CfRetentionDue) student = g_list_model_get_item (due, i);

      g_ptr_array_add (ids, g_strdup (cf_retention_due_get_student_id (student)));
    }
  return ids;
}

/* ---- the purge ------------------------------------------------------------ */

/* The nightly job's purge: finds who is due, destroys each in a
 * transaction of their own, then merges the search indexes and empties
 * the WAL, once. */
static double
purge_seconds (CfSession *session,
               GDateTime *today,
               GPtrArray *ids)
{
  gint64 start = g_get_monotonic_time ();
  GError *error = NULL;
  guint n = 0;

  if (!cf_retention_purge (session, today, FALSE, &n, &error))
    die (error);
  if (n != ids->len)
    {
      g_printerr ("bench-lifecycle: the purge destroyed %u students, not the %u due\n", n, ids->len);
      exit (1);
    }
  return seconds_since (start);
}

/* For profiling a part of the year: what the purge does for each of
 * @ids, then its clean-up. */
static double
destroy_seconds (CfSession *session,
                 GPtrArray *ids)
{
  gint64 start = g_get_monotonic_time ();
  guint records = 0;
  GError *error = NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      guint n = 0;

      if (!_cf_students_destroy_one (session, g_ptr_array_index (ids, i), REASON, &n, &error))
        die (error);
      records += n;
      if ((i + 1) % 1000 == 0)
        g_printerr ("bench-lifecycle: destroyed %u/%u students, %u records (%.1f s)\n",
                    i + 1, ids->len, records, seconds_since (start));
    }
  g_printerr ("bench-lifecycle: destroyed %u students, %u records (%.1f s); cleaning up\n",
              ids->len, records, seconds_since (start));
  if (!_cf_student_data_clean_up (cf_session_get_store (session), &error))
    die (error);
  return seconds_since (start);
}

/* ---- the floor: the same rows, set-wise, unencrypted ---------------------- */

static const char floor_delete_sql[] =
  "BEGIN;"
  "DELETE FROM case_entries WHERE student_id IN (SELECT id FROM temp.doomed);"
  "DELETE FROM security_notice_items WHERE student_id IN (SELECT id FROM temp.doomed);"
  "DELETE FROM tickets WHERE student_id IN (SELECT id FROM temp.doomed) OR appointment_id IN"
  " (SELECT id FROM appointments WHERE student_id IN (SELECT id FROM temp.doomed));"
  "DELETE FROM appointments WHERE student_id IN (SELECT id FROM temp.doomed);"
  "DELETE FROM consents WHERE student_id IN (SELECT id FROM temp.doomed);"
  "DELETE FROM breaches WHERE student_id IN (SELECT id FROM temp.doomed);"
  "DELETE FROM conflicts WHERE student_id IN (SELECT id FROM temp.doomed);"
  "DELETE FROM cases WHERE student_id IN (SELECT id FROM temp.doomed);"
  "DELETE FROM monitoring WHERE student_id IN (SELECT id FROM temp.doomed);"
  "DELETE FROM students WHERE id IN (SELECT id FROM temp.doomed);"
  "COMMIT;"
  "BEGIN;"
  "INSERT INTO case_entries_fts (case_entries_fts) VALUES ('optimize');"
  "INSERT INTO students_fts (students_fts) VALUES ('optimize');"
  "COMMIT;";

static void
fill_doomed (CfStore   *store,
             GPtrArray *ids)
{
  GError *error = NULL;
  sqlite3_stmt *stmt;

  if (!_cf_store_exec (store, "CREATE TEMP TABLE doomed (id TEXT PRIMARY KEY)", &error) ||
      (stmt = _cf_store_prepare (store, "INSERT INTO temp.doomed (id) VALUES (?)", &error)) == NULL)
    die (error);
  for (guint i = 0; i < ids->len; i++)
    {
      _cf_bind_text (stmt, 1, g_ptr_array_index (ids, i));
      if (!_cf_store_step_done (store, stmt, &error))
        die (error);
    }
}

static double
floor_seconds (const char *plain_dir,
               GPtrArray  *ids)
{
  g_autofree char *database = cf_data_dir_database (plain_dir);
  g_autoptr(CfStore) plain = NULL;
  g_autoptr(CfStoreLock) lock = NULL;
  GError *error = NULL;
  gint64 start;

  plain = cf_store_open_unencrypted (database, &error);
  if (plain == NULL)
    die (error);
  lock = _cf_store_lock (plain);
  fill_doomed (plain, ids);
  start = g_get_monotonic_time ();
  if (!_cf_store_exec (plain, floor_delete_sql, &error) || !_cf_store_truncate_wal (plain, &error))
    die (error);
  return seconds_since (start);
}

/* ---- propagation ------------------------------------------------------------ */

static const char count_students_sql[] = "SELECT count(*) FROM students";

static gint64
count_students (CfSession *session)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  GError *error = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store, count_students_sql, &error);
  gint64 n;

  if (stmt == NULL || _cf_store_step (store, stmt, &error) != CF_STEP_ROW)
    die (error);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* The destroying desk's pass, which exports the erasures, then the second
 * desk's, which applies them and cleans up its own search indexes. */
static double
propagation_seconds (CfSession  *first,
                     CfSession  *second,
                     const char *sync_dir)
{
  CfSyncReport exported = { 0 }, imported = { 0 };
  gint64 start = g_get_monotonic_time ();
  double export_s, total_s;

  sync_pass (first, sync_dir, &exported);
  export_s = seconds_since (start);
  sync_pass (second, sync_dir, &imported);
  total_s = seconds_since (start);
  g_printerr ("bench-lifecycle: first desk wrote %u segments (%.1f s); second applied %u segments,"
              " %u operations, %u waiting (%.1f s)\n", exported.segments_written, export_s,
              imported.segments_applied, imported.operations_applied, imported.segments_waiting,
              total_s - export_s);
  cf_sync_report_clear (&exported);
  cf_sync_report_clear (&imported);
  return total_s;
}

/* ---- main ------------------------------------------------------------------- */

static void
copy_for_run (BenchOffice *office,
              Pair        *cached,
              Pair        *run)
{
  GError *error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("bench-lifecycle-XXXXXX", &error);
  g_autofree char *plain = NULL;

  if (tmp == NULL)
    die (error);
  pair_init (run, tmp);
  copy_folder (cached->first, run->first);
  copy_folder (cached->second, run->second);
  copy_folder (cached->sync_dir, run->sync_dir);
  plain = g_build_filename (tmp, "plain", NULL);
  copy_folder (office->plain_dir, plain);
}

/* Without the second desk (unless BENCH_LIFECYCLE_PROPAGATION is set):
 * the purge and its floor only, on copies of the office and its twin. */
static int
purge_only (BenchOffice *office,
            guint        max_students)
{
  GError *error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("bench-lifecycle-XXXXXX", &error);
  g_autofree char *desk = NULL, *plain = NULL;
  g_autoptr(CfSession) session = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  double purge_s, floor_s;

  if (tmp == NULL)
    die (error);
  desk = g_build_filename (tmp, "first", NULL);
  plain = g_build_filename (tmp, "plain", NULL);
  copy_folder (office->encrypted_dir, desk);
  copy_folder (office->plain_dir, plain);
  session = sign_in (desk);
  today = day_year_is_due (session, oldest_year (session));
  ids = due_students (session, today);
  g_printerr ("bench-lifecycle: %u students due\n", ids->len);
  if (max_students > 0 && max_students < ids->len)
    {
      g_ptr_array_set_size (ids, max_students);
      purge_s = destroy_seconds (session, ids);
    }
  else
    purge_s = purge_seconds (session, today, ids);
  floor_s = floor_seconds (plain, ids);
  g_print ("retention.purge_students_per_s %.0f students/s\n", ids->len / purge_s);
  g_print ("retention.purge_floor_students_per_s %.0f students/s\n", ids->len / floor_s);
  g_clear_object (&session);
  remove_folder (tmp);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(BenchOffice) office = NULL;
  g_autoptr(CfSession) first = NULL, second = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *plain = NULL, *due_day = NULL;
  Pair cached, run;
  GError *error = NULL;
  double purge_s, floor_s, propagation_s;
  gint64 before, after;

  if (argc < 2)
    {
      g_printerr ("usage: bench-lifecycle CACHE_FOLDER [MAX_STUDENTS]\n");
      return 2;
    }
  cf_crypto_init ();
  office = bench_office_ensure (argv[1], &error);
  if (office == NULL)
    die (error);
  if (g_getenv ("BENCH_LIFECYCLE_PROPAGATION") == NULL)
    {
      g_printerr ("bench-lifecycle: retention.propagation_s is not measured: joining a second desk to the"
                  " six-year office from a snapshot does not finish yet (BENCH_LIFECYCLE_PROPAGATION=1 tries)\n");
      return purge_only (office, argc > 2 ? atoi (argv[2]) : 0);
    }
  ensure_pair (office, &cached);
  copy_for_run (office, &cached, &run);
  first = sign_in (run.first);
  second = sign_in (run.second);
  today = day_year_is_due (first, oldest_year (first));
  ids = due_students (first, today);
  due_day = g_date_time_format (today, "%F");
  g_printerr ("bench-lifecycle: %u students due on %s\n", ids->len, due_day);
  before = count_students (second);
  if (argc > 2 && (guint) atoi (argv[2]) < ids->len)
    {
      g_ptr_array_set_size (ids, atoi (argv[2]));
      purge_s = destroy_seconds (first, ids);
    }
  else
    purge_s = purge_seconds (first, today, ids);
  propagation_s = propagation_seconds (first, second, run.sync_dir);
  after = count_students (second);
  if (before - after != (gint64) ids->len)
    {
      g_printerr ("bench-lifecycle: the second desk lost %" G_GINT64_FORMAT " students, not %u\n",
                  before - after, ids->len);
      return 1;
    }
  plain = g_build_filename (run.folder, "plain", NULL);
  floor_s = floor_seconds (plain, ids);
  g_print ("retention.purge_students_per_s %.0f students/s\n", ids->len / purge_s);
  g_print ("retention.purge_floor_students_per_s %.0f students/s\n", ids->len / floor_s);
  g_print ("retention.propagation_s %.1f s\n", propagation_s);
  g_print ("retention.propagation_over_purge %.2f ratio\n", propagation_s / purge_s);
  g_clear_object (&first);
  g_clear_object (&second);
  remove_folder (run.folder);
  pair_clear (&run);
  pair_clear (&cached);
  return 0;
}
