/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The store benchmark: at the six-year size, the three things an
 * adviser does all day — the day's appointments, a student's timeline, a
 * new note — each timed through the public API, on the encrypted office
 * and on its unencrypted twin side by side.
 *
 *   bench-store CACHE_FOLDER [ITERATIONS]
 *
 * Prints `NAME VALUE UNIT` lines on standard output and nothing else;
 * progress goes to standard error. */

#include <stdlib.h>
#include <time.h>

#include "bench-office.h"
#include "cf-appointments.h"
#include "cf-case-entries.h"
#include "cf-key.h"
#include "cf-office.h"
#include "cf-store-private.h"

#define BENCH_SEED 42
#define WARM_UP 20
#define DEFAULT_ITERATIONS 200

typedef enum {
  OP_TODAY,
  OP_TIMELINE,
  OP_ADD_NOTE,
  N_OPS
} Op;

enum { ENCRYPTED, PLAIN, N_STORES };

static const char *const op_names[N_OPS] = {
  "store.today_ms", "store.timeline_ms", "store.add_note_ms",
};

typedef struct {
  CfSession *sessions[N_STORES];
  GPtrArray *advisers;       /* ids */
  GPtrArray *students;       /* ids */
  gint64     today_from;
  gint64     today_to;
  GRand     *rand;
  GString   *note;
  GArray    *samples[N_STORES][N_OPS]; /* milliseconds */
  double     totals[N_STORES];
  double     cpu[N_STORES][N_OPS];    /* this thread's processor time, ms */
  guint64    items[N_OPS];
  guint64    pages_read[N_OPS];    /* encrypted store */
  guint64    pages_written[N_OPS];
} Bench;

typedef struct {
  Op          op;
  const char *id;            /* the adviser or the student */
} Call;

static void
bench_free (Bench *bench)
{
  for (int s = 0; s < N_STORES; s++)
    g_clear_object (&bench->sessions[s]);
  g_clear_pointer (&bench->advisers, g_ptr_array_unref);
  g_clear_pointer (&bench->students, g_ptr_array_unref);
  g_clear_pointer (&bench->rand, g_rand_free);
  if (bench->note)
    g_string_free (bench->note, TRUE);
  for (int s = 0; s < N_STORES; s++)
    for (int op = 0; op < N_OPS; op++)
      g_clear_pointer (&bench->samples[s][op], g_array_unref);
  g_free (bench);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Bench, bench_free)

static GPtrArray *
query_ids (CfSession  *session,
           const char *sql,
           GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  if (!_cf_store_collect (store, stmt, ids, error))
    return NULL;
  return g_steal_pointer (&ids);
}

/* Today in the office's own time zone, midnight to midnight. */
static void
set_today (Bench *bench)
{
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (bench->sessions[ENCRYPTED]);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) midnight = g_date_time_new (zone, g_date_time_get_year (now),
                                                   g_date_time_get_month (now),
                                                   g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);

  bench->today_from = g_date_time_to_unix (midnight);
  bench->today_to = g_date_time_to_unix (tomorrow);
}

static Bench *
bench_new (const char *cache_root,
           GError    **error)
{
  g_autoptr(Bench) bench = g_new0 (Bench, 1);
  g_autoptr(BenchOffice) office = bench_office_ensure (cache_root, error);

  if (office == NULL)
    return NULL;
  for (int s = 0; s < N_STORES; s++)
    if ((bench->sessions[s] = bench_office_sign_in (office, s == ENCRYPTED, error)) == NULL)
      return NULL;
  bench->advisers = query_ids (bench->sessions[ENCRYPTED],
                               "SELECT id FROM users WHERE role = 'adviser' ORDER BY name", error);
  if (bench->advisers == NULL)
    return NULL;
  bench->students = query_ids (bench->sessions[ENCRYPTED], "SELECT id FROM students ORDER BY rowid", error);
  if (bench->students == NULL)
    return NULL;
  set_today (bench);
  bench->rand = g_rand_new_with_seed (BENCH_SEED);
  bench->note = g_string_new (NULL);
  for (int s = 0; s < N_STORES; s++)
    for (int op = 0; op < N_OPS; op++)
      bench->samples[s][op] = g_array_new (FALSE, FALSE, sizeof (double));
  return g_steal_pointer (&bench);
}

static const char *
random_id (Bench     *bench,
           GPtrArray *ids)
{
  return g_ptr_array_index (ids, g_rand_int_range (bench->rand, 0, ids->len));
}

/* The same adviser, student and note for both stores. */
static Call
next_call (Bench *bench,
           Op     op)
{
  Call call = { op, NULL };

  call.id = random_id (bench, op == OP_TODAY ? bench->advisers : bench->students);
  if (op == OP_ADD_NOTE)
    bench_office_write_text (bench->rand, bench->note);
  return call;
}

/* What one call cost on one store. */
typedef struct {
  double ms;
  double cpu_ms;
  int    items;            /* records returned, or -1 on failure */
  int    pages_read;       /* into SQLite's cache: on the encrypted store */
  int    pages_written;    /* each is one page decrypted or encrypted */
} Measure;

static void
count_pages (CfSession *session,
             int       *read,
             int       *written)
{
  sqlite3 *db = _cf_store_get_db (cf_session_get_store (session));
  int high;

  sqlite3_db_status (db, SQLITE_DBSTATUS_CACHE_MISS, read, &high, FALSE);
  sqlite3_db_status (db, SQLITE_DBSTATUS_CACHE_WRITE, written, &high, FALSE);
}

/* Processor time, which other programs on the machine do not inflate as
 * they do the wall-clock time. */
static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

static int
call_library (Bench      *bench,
              CfSession  *session,
              const Call *call,
              GError    **error)
{
  g_autoptr(GListModel) list = NULL;
  g_autoptr(CfCaseEntry) entry = NULL;

  switch (call->op)
    {
    case OP_TODAY:
      list = cf_appointments_list (session, bench->today_from, bench->today_to, call->id, error);
      break;
    case OP_TIMELINE:
      list = cf_case_entries_timeline (session, call->id, error);
      break;
    case OP_ADD_NOTE:
    default:
      entry = cf_case_entries_add (session, call->id, CF_ENTRY_NOTE, bench->note->str,
                                   NULL, NULL, error);
      break;
    }
  if (list == NULL && entry == NULL)
    return -1;
  return entry ? 1 : (int) g_list_model_get_n_items (list);
}

/* Times the library call itself (the wall clock, as a person waits). */
static Measure
run_call (Bench      *bench,
          CfSession  *session,
          const Call *call,
          GError    **error)
{
  Measure m;
  int read, written;
  double cpu_start;
  gint64 start;

  count_pages (session, &read, &written);
  cpu_start = cpu_ms ();
  start = g_get_monotonic_time ();
  m.items = call_library (bench, session, call, error);
  m.ms = (g_get_monotonic_time () - start) / 1000.0;
  m.cpu_ms = cpu_ms () - cpu_start;
  count_pages (session, &m.pages_read, &m.pages_written);
  m.pages_read -= read;
  m.pages_written -= written;
  return m;
}

static void
record (Bench        *bench,
        Op            op,
        const Measure measures[N_STORES])
{
  for (int s = 0; s < N_STORES; s++)
    {
      g_array_append_val (bench->samples[s][op], measures[s].ms);
      bench->totals[s] += measures[s].ms;
      bench->cpu[s][op] += measures[s].cpu_ms;
    }
  bench->items[op] += measures[ENCRYPTED].items;
  bench->pages_read[op] += measures[ENCRYPTED].pages_read;
  bench->pages_written[op] += measures[ENCRYPTED].pages_written;
}

/* Both stores answer the same call, the order alternating so neither
 * always runs on a disk or cache the other has just stirred. */
static gboolean
run_both (Bench      *bench,
          const Call *call,
          guint       round,
          gboolean    counted,
          GError    **error)
{
  Measure measures[N_STORES];

  for (int k = 0; k < N_STORES; k++)
    {
      int s = (k + round) % N_STORES;

      measures[s] = run_call (bench, bench->sessions[s], call, error);
      if (measures[s].items < 0)
        return FALSE;
    }
  if (measures[ENCRYPTED].items != measures[PLAIN].items)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s gave %d records encrypted but %d plain: the cached databases differ; delete the cache",
                   op_names[call->op], measures[ENCRYPTED].items, measures[PLAIN].items);
      return FALSE;
    }
  if (counted)
    record (bench, call->op, measures);
  return TRUE;
}

static gboolean
run_rounds (Bench   *bench,
            guint    iterations,
            GError **error)
{
  for (guint round = 0; round < WARM_UP + iterations; round++)
    for (int op = 0; op < N_OPS; op++)
      {
        Call call = next_call (bench, op);

        if (!run_both (bench, &call, round, round >= WARM_UP, error))
          return FALSE;
      }
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *samples)
{
  guint n = samples->len;

  g_array_sort (samples, compare_doubles);
  if (n % 2 == 1)
    return g_array_index (samples, double, n / 2);
  return (g_array_index (samples, double, n / 2 - 1) + g_array_index (samples, double, n / 2)) / 2;
}

static double
percentile (GArray *samples,
            double  fraction)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, (guint) (fraction * (samples->len - 1)));
}

/* For whoever reads the figures: the plain side and the spread. */
static void
report_details (Bench *bench,
                guint  iterations)
{
  static const char *const store_names[N_STORES] = { "encrypted", "plain" };

  for (int op = 0; op < N_OPS; op++)
    {
      g_printerr ("bench-store: %s: on average %.1f records, %.1f pages read, %.1f written a call\n",
                  op_names[op], (double) bench->items[op] / iterations,
                  (double) bench->pages_read[op] / iterations,
                  (double) bench->pages_written[op] / iterations);
      for (int s = 0; s < N_STORES; s++)
        g_printerr ("bench-store:   %-9s median %.3f  90th %.3f  max %.3f ms; processor %.3f ms a call\n",
                    store_names[s], median (bench->samples[s][op]),
                    percentile (bench->samples[s][op], 0.9), percentile (bench->samples[s][op], 1.0),
                    bench->cpu[s][op] / iterations);
    }
  g_printerr ("bench-store: total encrypted %.1f ms, plain %.1f ms\n",
              bench->totals[ENCRYPTED], bench->totals[PLAIN]);
}

/* The workload's typical cost: one of each operation, each at its median.
 * Medians, like the other figures, so one slow fsync on a shared disk does
 * not decide the ratio. */
static double
workload_median (Bench *bench,
                 int    store)
{
  double sum = 0;

  for (int op = 0; op < N_OPS; op++)
    sum += median (bench->samples[store][op]);
  return sum;
}

static void
report (Bench *bench,
        guint  iterations)
{
  report_details (bench, iterations);
  for (int op = 0; op < N_OPS; op++)
    g_print ("%s %.2f ms\n", op_names[op], median (bench->samples[ENCRYPTED][op]));
  g_print ("store.encrypted_over_plain %.2f ratio\n", workload_median (bench, ENCRYPTED) /
                                                      workload_median (bench, PLAIN));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(Bench) bench = NULL;
  g_autoptr(GError) error = NULL;
  guint iterations = DEFAULT_ITERATIONS;

  if (argc < 2 || argc > 3 || (argc == 3 && (iterations = strtoul (argv[2], NULL, 10)) == 0))
    {
      g_printerr ("Usage: %s CACHE_FOLDER [ITERATIONS]\n", argv[0]);
      return 2;
    }
  if (!cf_crypto_init ())
    {
      g_printerr ("bench-store: libsodium could not be initialised\n");
      return 1;
    }
  bench = bench_new (argv[1], &error);
  if (bench == NULL || !run_rounds (bench, iterations, &error))
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }
  report (bench, iterations);
  return 0;
}
