/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The desk's search at the six-year size (60,000 students, 1,000,000 case
 * entries): what one keystroke in the search page costs, the first page of
 * students and the first page of entries, through the public API on the
 * encrypted office, audit entries included.
 *
 *   bench-search CACHE_FOLDER [ITERATIONS]
 *
 * Also the booking dialog's student picker: the first few matches for the
 * start of a surname or of a student ID, as an adviser types it there.
 *
 * Prints `desk.search_ms VALUE ms` and `desk.book_picker_ms VALUE ms` (the
 * medians) on standard output and nothing else; the spread and progress go
 * to standard error. */

#include <stdlib.h>
#include <string.h>

#include "bench-office.h"
#include "cf-key.h"
#include "cf-search.h"
#include "cf-store-private.h"

#define SEED 7
#define WARM_UP 10
#define DEFAULT_ITERATIONS 200
#define PAGE 20
/* As many matches as the booking dialog shows (desk-book-dialog.c). */
#define PICKER_PAGE 8

/* Text as an adviser types it: a word of a real note cut to 3 or more
 * letters, two words, a surname or its start, a student ID's start. */
static char *
typed_text (GRand      *rand,
            const char *body,
            const char *name,
            const char *number)
{
  g_auto(GStrv) words = g_strsplit_set (body, " .,", -1);
  g_autoptr(GPtrArray) long_words = g_ptr_array_new ();
  const char *surname = strrchr (name, ' ') ? strrchr (name, ' ') + 1 : name;
  const char *word;

  for (guint i = 0; words[i]; i++)
    if (strlen (words[i]) >= 4)
      g_ptr_array_add (long_words, words[i]);
  if (long_words->len == 0)
    return g_strdup (surname);
  word = long_words->pdata[g_rand_int_range (rand, 0, long_words->len)];
  switch (g_rand_int_range (rand, 0, 5))
    {
    case 0:
      return g_strndup (word, g_rand_int_range (rand, 3, strlen (word) + 1));
    case 1:
      return g_strdup_printf ("%s %s", word,
                              (const char *) long_words->pdata[g_rand_int_range (rand, 0, long_words->len)]);
    case 2:
      return g_strdup (word);
    case 3:
      return g_strndup (surname, MAX (3, strlen (surname) - g_rand_int_range (rand, 0, 3)));
    default:
      return g_strndup (number, g_rand_int_range (rand, 4, strlen (number) + 1));
    }
}

/* What an adviser types in the booking picker: two to four letters of a
 * surname, or the start of a student ID. */
static char *
picker_text (GRand      *rand,
             const char *name,
             const char *number)
{
  const char *surname = strrchr (name, ' ') ? strrchr (name, ' ') + 1 : name;

  if (g_rand_boolean (rand))
    return g_strndup (surname, g_rand_int_range (rand, 2, 5));
  return g_strndup (number, g_rand_int_range (rand, 4, strlen (number) + 1));
}

/* Deterministic texts drawn from the office's own notes and students:
 * even ones for the search page, odd ones for the booking picker. */
static GPtrArray *
make_texts (CfSession *session,
            guint      n,
            GError   **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT e.body, s.name, s.student_number FROM case_entries e JOIN students s ON s.id = e.student_id"
      " WHERE e.rowid = ? AND s.name IS NOT NULL AND s.student_number IS NOT NULL", error);

  if (stmt == NULL)
    return NULL;
  while (texts->len < 2 * n)
    {
      CfStep step;

      sqlite3_bind_int64 (stmt, 1, g_rand_int_range (rand, 1, 1000000));
      step = _cf_store_step (store, stmt, error);
      if (step == CF_STEP_FAILED)
        return NULL;
      if (step == CF_STEP_ROW)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, 1);
          const char *number = (const char *) sqlite3_column_text (stmt, 2);

          g_ptr_array_add (texts, typed_text (rand, (const char *) sqlite3_column_text (stmt, 0),
                                              name, number));
          g_ptr_array_add (texts, picker_text (rand, name, number));
        }
      sqlite3_reset (stmt);
    }
  return g_steal_pointer (&texts);
}

typedef struct {
  double total;
  double students;
  double entries;
  double picker;
  guint  hits;
} Sample;

static gboolean
search_once (CfSession  *session,
             const char *text,
             const char *picked,
             Sample     *sample,
             GError    **error)
{
  g_autoptr(GListModel) students = NULL, entries = NULL, matches = NULL;
  gint64 start = g_get_monotonic_time (), middle;

  matches = cf_search_students (session, picked, 0, PICKER_PAGE, NULL, error);
  if (matches == NULL)
    return FALSE;
  sample->picker = (g_get_monotonic_time () - start) / 1000.0;
  start = g_get_monotonic_time ();

  students = cf_search_students (session, text, 0, PAGE, NULL, error);
  middle = g_get_monotonic_time ();
  if (students != NULL)
    entries = cf_search_entries (session, text, 0, PAGE, NULL, error);
  if (entries == NULL)
    return FALSE;
  sample->students = (middle - start) / 1000.0;
  sample->entries = (g_get_monotonic_time () - middle) / 1000.0;
  sample->total = sample->students + sample->entries;
  sample->hits = g_list_model_get_n_items (students) + g_list_model_get_n_items (entries);
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
at_fraction (GArray *values,
             double  fraction)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, (guint) (fraction * (values->len - 1)));
}

static double
median (GArray *values)
{
  guint n = values->len;

  g_array_sort (values, compare_doubles);
  if (n % 2 == 1)
    return g_array_index (values, double, n / 2);
  return (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
}

static gboolean
run (CfSession *session,
     guint      iterations,
     GError   **error)
{
  g_autoptr(GPtrArray) texts = make_texts (session, WARM_UP + iterations, error);
  g_autoptr(GArray) picker = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) students = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 hits = 0;

  if (texts == NULL)
    return FALSE;
  for (guint i = 0; i + 1 < texts->len; i += 2)
    {
      Sample sample;

      if (!search_once (session, texts->pdata[i], texts->pdata[i + 1], &sample, error))
        return FALSE;
      if (i / 2 < WARM_UP)
        continue;
      g_array_append_val (picker, sample.picker);
      g_array_append_val (totals, sample.total);
      g_array_append_val (students, sample.students);
      g_array_append_val (entries, sample.entries);
      hits += sample.hits;
    }
  g_printerr ("bench-search: %u searches, on average %.1f results shown\n", iterations,
              (double) hits / iterations);
  g_printerr ("bench-search:   students median %.2f ms; entries median %.2f ms\n",
              median (students), median (entries));
  g_printerr ("bench-search:   whole search median %.2f  90th %.2f  max %.2f ms\n",
              median (totals), at_fraction (totals, 0.9), at_fraction (totals, 1.0));
  g_printerr ("bench-search:   booking picker median %.2f  90th %.2f  max %.2f ms\n",
              median (picker), at_fraction (picker, 0.9), at_fraction (picker, 1.0));
  g_print ("desk.search_ms %.2f ms\n", median (totals));
  g_print ("desk.book_picker_ms %.2f ms\n", median (picker));
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(BenchOffice) office = NULL;
  g_autoptr(CfSession) session = NULL;
  g_autoptr(GError) error = NULL;
  guint iterations = DEFAULT_ITERATIONS;

  if (argc < 2 || argc > 3 || (argc == 3 && (iterations = strtoul (argv[2], NULL, 10)) == 0))
    {
      g_printerr ("Usage: %s CACHE_FOLDER [ITERATIONS]\n", argv[0]);
      return 2;
    }
  if (!cf_crypto_init ())
    {
      g_printerr ("bench-search: libsodium could not be initialised\n");
      return 1;
    }
  office = bench_office_ensure (argv[1], &error);
  if (office != NULL)
    session = bench_office_sign_in (office, TRUE, &error);
  if (session == NULL || !run (session, iterations, &error))
    {
      g_printerr ("bench-search: %s\n", error->message);
      return 1;
    }
  return 0;
}
