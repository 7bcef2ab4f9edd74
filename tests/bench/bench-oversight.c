/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ./run bench oversight: what a manager's oversight costs at the six-year
 * scale, through the public API on the encrypted office.
 *
 *   stats.year_ms   the anonymised statistics of one academic year (the
 *                   last whole one, 1 August to 1 August) by topic and
 *                   month (cf_statistics_report_new), audit entry included;
 *   sar.export_ms   everything held about the student with the most case
 *                   entries, as PDF and as JSON (cf_student_export), each
 *                   written to a file and audited;
 *   audit.page_ms   the first page (50 entries) of that student's audit,
 *                   among some 1.5 million entries (cf_audit_log_list),
 *                   its own audit entry included;
 *   *_plain_ms, *_encrypted_over_plain
 *                   the floor: each the same on the office's unencrypted
 *                   twin, and the one over the other.
 *
 *   bench-oversight CACHE_FOLDER [DATA_FOLDER]
 *
 * Every run works on a copy of the cached office, which is never changed;
 * DATA_FOLDER, for profiling, is a copy made beforehand, used as it is
 * (and written to).  Each figure is the median of a few runs in one
 * session, after one run left out: the first, whose time goes to stderr
 * with the spread and the progress.  stdout has only the figures. */
#include <glib/gstdio.h>
#include <stdlib.h>

#include "bench-office.h"
#include "cf-audit-log.h"
#include "cf-session-private.h"
#include "cf-statistics-report.h"
#include "cf-store-private.h"
#include "cf-student-export.h"

#define RUNS 5

static void
die (GError *error)
{
  g_printerr ("bench-oversight: %s\n", error->message);
  exit (1);
}

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

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Times @run RUNS + 1 times, and returns the median of all but the first. */
static double
median_ms (const char *name,
           void (*run) (CfSession *session),
           CfSession  *session)
{
  double ms[RUNS + 1];

  for (guint i = 0; i <= RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();

      run (session);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  qsort (ms + 1, RUNS, sizeof (double), compare_doubles);
  g_printerr ("bench-oversight: %s: first %.0f ms, then %.0f to %.0f ms\n", name, ms[0], ms[1],
              ms[RUNS]);
  return ms[1 + RUNS / 2];
}

/* ---- stats.year_ms -------------------------------------------------------- */

static void
statistics_of_a_year (CfSession *session)
{
  static const char *const by[] = { "topic", "month", NULL };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now) - (g_date_time_get_month (now) < 8);
  g_autoptr(GDateTime) from = g_date_time_new_local (year - 1, 8, 1, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_local (year, 8, 1, 0, 0, 0);
  g_autoptr(CfStatisticsReport) report = NULL;
  GError *error = NULL;

  report = cf_statistics_report_new (session, from, to, by, &error);
  if (report == NULL)
    die (error);
  if (cf_statistics_report_get_total (report)->contacts == 0)
    g_printerr ("bench-oversight: the year %d-%d has no contacts\n", year - 1, year);
}

/* ---- sar.export_ms ------------------------------------------------------ */

/* The student the export is timed for: the one with the most case entries,
 * the longest answer a subject access request can need. */
static char *busiest_student;

static char *
find_busiest_student (CfSession *session)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = NULL;
  char *id = NULL;
  GError *error = NULL;

  stmt = _cf_store_prepare (store,
      "SELECT student_id FROM case_entries GROUP BY student_id ORDER BY count (*) DESC LIMIT 1", &error);
  if (stmt == NULL || !_cf_store_get_text (store, stmt, &id, &error))
    die (error);
  if (id == NULL)
    g_error ("bench-oversight: the office has no case entries");
  return id;
}

static void
export_one_format (CfSession            *session,
                   CfStudentExportFormat format,
                   const char           *name)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  GError *error = NULL;
  guint n_records;

  if (!cf_student_export (session, busiest_student, format, path, &n_records, &error))
    die (error);
  g_unlink (path);
}

static void
subject_access_export (CfSession *session)
{
  export_one_format (session, CF_STUDENT_EXPORT_PDF, "bench-oversight-export.pdf");
  export_one_format (session, CF_STUDENT_EXPORT_JSON, "bench-oversight-export.json");
}

/* ---- audit.page_ms ---------------------------------------------------- */

static void
first_audit_page (CfSession *session)
{
  CfAuditFilter filter = { .subject = busiest_student };
  g_autoptr(GListModel) page = NULL;
  GError *error = NULL;

  page = cf_audit_log_list (session, &filter, NULL, 50, &error);
  if (page == NULL)
    die (error);
}

/* ---- main ------------------------------------------------------------------- */

typedef struct {
  double stats;
  double export;
  double page;
} Figures;

/* @twin names the database in the progress on stderr. */
static Figures
measure (CfSession  *session,
         const char *twin)
{
  g_autofree char *stats = g_strconcat ("stats.year_ms, ", twin, NULL);
  g_autofree char *export = g_strconcat ("sar.export_ms, ", twin, NULL);
  g_autofree char *page = g_strconcat ("audit.page_ms, ", twin, NULL);
  Figures figures;

  figures.stats = median_ms (stats, statistics_of_a_year, session);
  busiest_student = find_busiest_student (session);
  figures.export = median_ms (export, subject_access_export, session);
  figures.page = median_ms (page, first_audit_page, session);
  g_clear_pointer (&busiest_student, g_free);
  return figures;
}

static char *
copy_of (const char *folder,
         const char *tmp,
         const char *name)
{
  const char *copy[] = { "cp", "-a", "--", folder, NULL, NULL };
  char *target = g_build_filename (tmp, name, NULL);

  copy[4] = target;
  run_command (copy);
  return target;
}

/* The floor: the same work on the unencrypted twin of the office (a copy
 * too), signed in the same way but with no key and no cipher. */
static Figures
measure_plain_twin (BenchOffice *office,
                    const char  *tmp)
{
  g_autofree char *cached = office->plain_dir;
  g_autoptr(CfSession) plain = NULL;
  GError *error = NULL;
  Figures figures;

  office->plain_dir = copy_of (cached, tmp, "plain");
  plain = bench_office_sign_in (office, FALSE, &error);
  if (plain == NULL)
    die (error);
  figures = measure (plain, "unencrypted");
  g_free (office->plain_dir);
  office->plain_dir = g_steal_pointer (&cached);
  return figures;
}

static void
print_figures (Figures  encrypted,
               Figures *plain)
{
  g_print ("stats.year_ms %.0f ms\n", encrypted.stats);
  g_print ("sar.export_ms %.0f ms\n", encrypted.export);
  g_print ("audit.page_ms %.1f ms\n", encrypted.page);
  if (plain == NULL)
    return;
  g_print ("stats.year_plain_ms %.0f ms\n", plain->stats);
  g_print ("sar.export_plain_ms %.0f ms\n", plain->export);
  g_print ("audit.page_plain_ms %.1f ms\n", plain->page);
  g_print ("stats.year_encrypted_over_plain %.2f ratio\n", encrypted.stats / plain->stats);
  g_print ("sar.export_encrypted_over_plain %.2f ratio\n", encrypted.export / plain->export);
  g_print ("audit.page_encrypted_over_plain %.2f ratio\n", encrypted.page / plain->page);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(BenchOffice) office = NULL;
  g_autoptr(CfSession) session = NULL;
  g_autofree char *tmp = NULL, *desk = NULL;
  GError *error = NULL;
  Figures encrypted, plain = { 0 };

  if (argc < 2 || argc > 3)
    {
      g_printerr ("usage: bench-oversight CACHE_FOLDER [DATA_FOLDER]\n");
      return 2;
    }
  cf_crypto_init ();
  if (argc == 3)
    desk = g_strdup (argv[2]);
  else if ((office = bench_office_ensure (argv[1], &error)) == NULL ||
           (tmp = g_dir_make_tmp ("bench-oversight-XXXXXX", &error)) == NULL)
    die (error);
  else
    desk = copy_of (office->encrypted_dir, tmp, "desk");
  if ((session = cf_session_sign_in (desk, "Bench Manager", "bench manager passphrase",
                                     &error)) == NULL)
    die (error);
  encrypted = measure (session, "encrypted");
  g_clear_object (&session);
  /* Profiling one data folder measures no floor. */
  if (office != NULL)
    plain = measure_plain_twin (office, tmp);
  print_figures (encrypted, office != NULL ? &plain : NULL);
  if (tmp != NULL)
    {
      const char *remove[] = { "rm", "-rf", "--", tmp, NULL };

      run_command (remove);
    }
  return 0;
}
