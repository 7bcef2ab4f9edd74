/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Statistics outlive the records: a small office's contacts counted by
 * every pair of fields, then some students destroyed; every count is the
 * same after, on this desk and on a second one that synced the fold, and
 * the folded rows hold nothing that names anyone. */
#include <string.h>

#include "cf-cases.h"
#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-statistics-private.h"
#include "cf-store-private.h"
#include "cf-students.h"
#include "cf-sync.h"
#include "cf-test-util.h"

#define SECRET_TOPIC "Marker typed topic"

typedef struct {
  char      *data_dir;
  char      *sync_dir;
  CfSession *manager;
  char      *students[5];
} Fixture;

static gint64
at (int month,
    int day)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (2024, month, day, 10, 0, 0);

  return g_date_time_to_unix (time);
}

/* Binds @n_texts texts (any of them NULL) to ?1.., then @number. */
static void
run (Fixture           *f,
     const char        *sql,
     int                n_texts,
     const char *const *texts,
     gint64             number)
{
  CfStore *store = cf_session_get_store (f->manager);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, &error);
  int i = 0;

  g_assert_no_error (error);
  for (; i < n_texts; i++)
    _cf_bind_text (stmt, i + 1, texts[i]);
  sqlite3_bind_int64 (stmt, i + 1, number);
  g_assert_true (_cf_store_step_done (store, stmt, &error));
  g_assert_no_error (error);
}

#define TEXTS(...) ((const char *const[]) { __VA_ARGS__, NULL })
#define N_TEXTS(...) (int) (G_N_ELEMENTS (TEXTS (__VA_ARGS__)) - 1), TEXTS (__VA_ARGS__)

static void
add_student (Fixture    *f,
             int         i,
             const char *college,
             const char *faculty,
             const char *gender,
             const char *ethnicity,
             const char *date_of_birth)
{
  g_autofree char *name = g_strdup_printf ("Marker Student%d", i);

  f->students[i] = cf_test_add_student (f->manager, name);
  run (f, "UPDATE students SET college = ?1, faculty = ?2 WHERE id = ?3 AND ?4 > 0",
       N_TEXTS (college, faculty, f->students[i]), 1);
  if (gender != NULL)
    run (f, "INSERT INTO monitoring (student_id, date_of_birth, gender, ethnicity, recorded_at)"
            " VALUES (?1, ?2, ?3, ?4, ?5)", N_TEXTS (f->students[i], date_of_birth, gender, ethnicity), 1);
}

static void
add_appointment (Fixture    *f,
                 int         i,
                 gint64      start,
                 const char *mode,
                 const char *topic,
                 const char *status)
{
  g_autofree char *id = g_uuid_string_random ();

  run (f, "INSERT INTO appointments (id, student_id, mode, topic, status, start_at, end_at, created_at,"
          " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6 + 1800, ?6, ?6)",
       N_TEXTS (id, f->students[i], mode, topic, status), start);
}

static void
add_ticket (Fixture    *f,
            int         i,
            gint64      when,
            const char *kind,
            const char *topic,
            const char *status)
{
  g_autofree char *id = g_uuid_string_random ();

  run (f, "INSERT INTO tickets (id, code, student_id, kind, topic, status, waiting_since)"
          " VALUES (?1, 'A01', ?2, ?3, ?4, ?5, ?6)", N_TEXTS (id, f->students[i], kind, topic, status), when);
}

static char *
add_case (Fixture    *f,
          int         i,
          gint64      opened,
          const char *topic,
          const char *outcome)
{
  char *id = g_uuid_string_random ();

  run (f, "INSERT INTO cases (id, student_id, topic, status, outcome, opened_at)"
          " VALUES (?1, ?2, ?3, CASE WHEN ?4 IS NULL THEN 'open' ELSE 'resolved' END, ?4, ?5)",
       N_TEXTS (id, f->students[i], topic, outcome), opened);
  return id;
}

static void
add_entry (Fixture    *f,
           int         i,
           const char *case_id,
           gint64      when)
{
  g_autofree char *id = g_uuid_string_random ();

  run (f, "INSERT INTO case_entries (id, case_id, student_id, kind, body, author_id, created_at)"
          " VALUES (?1, ?2, ?3, 'note', 'Marker secret words', 'someone', ?4)",
       N_TEXTS (id, case_id, f->students[i]), when);
}

/* Five students; 11 contacts from January to March 2024 (see each). */
static void
build_office (Fixture *f)
{
  const char *outcome = cf_cases_outcomes ()[0];
  g_autofree char *case0 = NULL, *case1 = NULL, *case3 = NULL;

  add_student (f, 0, "Kings", "Arts", "female", "white", "2003-05-01");
  add_student (f, 1, "Queens", "Science", "male", "asian-chinese", "2000-02-29");
  add_student (f, 2, "Kings", "Science", NULL, NULL, NULL);
  add_student (f, 3, "Queens", "Arts", "other", "arab", "1990-01-01");
  add_student (f, 4, "Kings", "Arts", "female", "black-african", "2004-03-02");
  /* 0: three contacts, one of them a day of entries only. */
  case0 = add_case (f, 0, at (1, 5), "Housing and landlords", outcome);
  add_appointment (f, 0, at (1, 10), "phone", "Housing and landlords", "seen");
  add_entry (f, 0, case0, at (1, 10) + 600);
  add_appointment (f, 0, at (2, 12), "in-person", SECRET_TOPIC, "booked");
  add_appointment (f, 0, at (2, 20), "in-person", NULL, "cancelled");
  add_entry (f, 0, case0, at (3, 3));
  add_entry (f, 0, case0, at (3, 3) + 60);
  /* 1: a drop-in and a video appointment; an arrival and a no-show do not count. */
  case1 = add_case (f, 1, at (1, 2), "Money, funding and hardship", NULL);
  add_ticket (f, 1, at (1, 15), "drop-in", "Money, funding and hardship", "seen");
  add_ticket (f, 1, at (3, 5), "appointment", NULL, "seen");
  add_appointment (f, 1, at (1, 20), "in-person", NULL, "no-show");
  add_appointment (f, 1, at (3, 5), "video", NULL, "arrived");
  add_entry (f, 1, case1, at (1, 15) + 60);
  /* 2: a drop-in and an appointment on one day, no case. */
  add_ticket (f, 2, at (2, 1), "drop-in", NULL, "called");
  add_ticket (f, 2, at (2, 2), "drop-in", NULL, "no-show");
  add_appointment (f, 2, at (2, 1) + 3600, "in-person", "Immigration and visas", "seen");
  /* 3: two topics in one month. */
  case3 = add_case (f, 3, at (1, 1), "Health and wellbeing", outcome);
  add_appointment (f, 3, at (1, 8), "in-person", "Health and wellbeing", "seen");
  add_appointment (f, 3, at (1, 22), "phone", "Immigration and visas", "seen");
  /* 4: January and March. */
  add_appointment (f, 4, at (1, 30), "in-person", NULL, "seen");
  add_appointment (f, 4, at (3, 30), "phone", "Health and wellbeing", "seen");
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->data_dir = cf_test_make_office ();
  f->manager = cf_test_sign_in (f->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  {
    g_autoptr(CfNodeConfig) config = cf_node_config_load (f->data_dir, NULL);
    f->sync_dir = g_strdup (config->sync_dir);
  }
  build_office (f);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->manager);
  for (int i = 0; i < 5; i++)
    g_free (f->students[i]);
  g_free (f->sync_dir);
  g_free (f->data_dir);
}

static GPtrArray *
count (CfSession         *session,
       int                from_month,
       const char *const *by)
{
  g_autoptr(GDateTime) from = g_date_time_new_local (2024, from_month, 1, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_local (2024, 4, 1, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = _cf_statistics_count (session, from, to, by, 8, &error);

  g_assert_no_error (error);
  return rows;
}

/* Every count by none, one and two fields, from January and from
 * February, as one text. */
static char *
every_count (CfSession *session)
{
  const char *const *fields = cf_statistics_fields ();
  int n = (int) g_strv_length ((char **) fields);
  GString *all = g_string_new (NULL);

  for (int from = 1; from <= 2; from++)
    for (int i = -1; i < n; i++)
      for (int j = i; j < (i < 0 ? 0 : n); j++)
        {
          const char *by[3] = { i >= 0 ? fields[i] : NULL, j > i ? fields[j] : NULL, NULL };
          g_autoptr(GPtrArray) rows = count (session, from, by);

          g_string_append_printf (all, "from %d by %s,%s\n", from, by[0], by[1]);
          for (guint k = 0; k < rows->len; k++)
            {
              CfStatisticsCount *row = rows->pdata[k];

              g_string_append_printf (all, "  %s | %s: %u %u %u\n", row->group[0], row->group[1],
                                      row->students, row->cases, row->contacts);
            }
        }
  return g_string_free (all, FALSE);
}

static CfStatisticsCount *
find_row (GPtrArray  *rows,
          const char *group)
{
  for (guint i = 0; i < rows->len; i++)
    {
      CfStatisticsCount *row = rows->pdata[i];

      if (g_strcmp0 (row->group[0], group) == 0)
        return row;
    }
  g_assert_not_reached ();
}

static void
assert_row (GPtrArray  *rows,
            const char *group,
            guint       students,
            guint       cases,
            guint       contacts)
{
  CfStatisticsCount *row = find_row (rows, group);

  g_assert_cmpuint (row->students, ==, students);
  g_assert_cmpuint (row->cases, ==, cases);
  g_assert_cmpuint (row->contacts, ==, contacts);
}

/* The definitions at work: what counts as a contact, and a student once
 * per range or once per month. */
static void
assert_known_counts (CfSession *session)
{
  g_autoptr(GPtrArray) total = count (session, 1, NULL);
  g_autoptr(GPtrArray) later = count (session, 2, NULL);
  g_autoptr(GPtrArray) months = count (session, 1, TEXTS ("month"));
  g_autoptr(GPtrArray) kinds = count (session, 1, TEXTS ("kind"));
  g_autoptr(GPtrArray) topics = count (session, 1, TEXTS ("topic"));

  assert_row (total, NULL, 5, 3, 11);
  assert_row (later, NULL, 4, 2, 6);
  assert_row (months, "2024-01", 4, 3, 5);
  assert_row (months, "2024-02", 2, 1, 3);
  assert_row (months, "2024-03", 3, 2, 3);
  assert_row (kinds, "appointment", 3, 2, 8);
  assert_row (kinds, "drop-in", 2, 1, 2);
  assert_row (kinds, "other", 0, 0, 1);
  g_assert_cmpuint (find_row (topics, "other")->contacts, ==, 3);
  for (guint i = 0; i < topics->len; i++)
    g_assert_cmpstr (((CfStatisticsCount *) topics->pdata[i])->group[0], !=, SECRET_TOPIC);
}

static void
destroy (Fixture *f,
         int      i)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_students_destroy (f->manager, f->students[i], "on request", NULL, &error));
  g_assert_no_error (error);
}

static gboolean
text_is_typed (Fixture    *f,
               const char *text)
{
  if (text == NULL)
    return FALSE;
  for (int i = 0; i < 5; i++)
    if (strstr (text, f->students[i]) != NULL)
      return TRUE;
  return strstr (text, "Marker") != NULL;
}

/* Every value of every folded row: no id, name or typed word. */
static guint
scan_folded (Fixture *f)
{
  CfStore *store = cf_session_get_store (f->manager);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT * FROM folded_statistics", &error);
  guint n = 0;

  g_assert_no_error (error);
  while (_cf_store_step (store, stmt, &error) == CF_STEP_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_assert_false (text_is_typed (f, (const char *) sqlite3_column_text (stmt, i)));
      n++;
    }
  g_assert_no_error (error);
  return n;
}

static void
test_destroying_keeps_counts (Fixture      *f,
                              gconstpointer data)
{
  g_autofree char *before = NULL, *after = NULL;

  assert_known_counts (f->manager);
  before = every_count (f->manager);
  destroy (f, 0);
  destroy (f, 1);
  destroy (f, 3);
  after = every_count (f->manager);
  g_assert_cmpstr (after, ==, before);
  assert_known_counts (f->manager);
  g_assert_cmpuint (scan_folded (f), >, 0);
}

static void
sync_desk (CfSession  *session,
           const char *sync_dir)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  cf_sync_run (session, sync_dir, &report, &error);
  g_assert_no_error (error);
  cf_sync_report_clear (&report);
}

static void
test_fold_replicates (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *other_dir = cf_test_join_desk (f->manager, f->sync_dir);
  g_autoptr(CfSession) other = cf_test_sign_in (other_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *before = every_count (f->manager);
  g_autofree char *there = NULL;

  destroy (f, 0);
  destroy (f, 4);
  sync_desk (f->manager, f->sync_dir);
  sync_desk (other, f->sync_dir);
  g_assert_cmpuint (cf_test_count_audit (other, "student-destroyed", NULL), ==, 2);
  there = every_count (other);
  g_assert_cmpstr (there, ==, before);
}

static void
test_managers_only (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(CfSession) adviser = cf_test_sign_in (f->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = _cf_statistics_count (adviser, now, now, NULL, 8, &error);

  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_assert_null (rows);
  g_clear_error (&error);
  rows = _cf_statistics_count (f->manager, now, now, TEXTS ("name"), 8, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_ptr_array_unref (count (f->manager, 1, TEXTS ("gender", "college")));
  g_assert_cmpuint (cf_test_count_audit (f->manager, "statistics-counted", NULL), ==, 1);
}

/* The first column of the first row of @sql, a number. */
static gint64
query_number (CfSession  *session,
              const char *sql)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_true (_cf_store_get_text (store, stmt, &text, &error));
  g_assert_no_error (error);
  return g_ascii_strtoll (text, NULL, 10);
}

/* A count borrows a larger cache of the case database and gives back the
 * size it found, and keeps no contact (no student id) past its end. */
static void
test_count_leaves_no_trace (Fixture      *f,
                            gconstpointer data)
{
  static const char *const rows_kept_sql =
    "SELECT (SELECT count(*) FROM temp.statistics_contacts)"
    " + (SELECT count(*) FROM temp.statistics_cased)"
    " + (SELECT count(*) FROM temp.statistics_students)"
    " + (SELECT count(*) FROM temp.statistics_cases)";

  run (f, "PRAGMA cases.cache_size = -3000", 0, NULL, 0);
  g_ptr_array_unref (count (f->manager, 1, TEXTS ("topic", "month")));
  g_assert_cmpint (query_number (f->manager, "PRAGMA cases.cache_size"), ==, -3000);
  g_assert_cmpint (query_number (f->manager, rows_kept_sql), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/statistics/destroying-keeps-counts", test_destroying_keeps_counts);
  ADD ("/statistics/fold-replicates", test_fold_replicates);
  ADD ("/statistics/managers-only", test_managers_only);
  ADD ("/statistics/count-leaves-no-trace", test_count_leaves_no_trace);
  return g_test_run ();
}
