/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "cf-appointments.h"
#include "cf-case.h"
#include "cf-cases.h"
#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-office.h"
#include "cf-retention-due.h"
#include "cf-replica-private.h"
#include "cf-retention.h"
#include "cf-session-private.h"
#include "cf-students.h"
#include "cf-sync.h"
#include "cf-test-util.h"

static const CfRetentionRule six_years = { 6, CF_RETENTION_FROM_LAST_CONTACT, 8, 1 };

/* --- the date arithmetic --- */

static GDateTime *
day (int year,
     int month,
     int mday)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  return g_date_time_new (utc, year, month, mday, 12, 0, 0);
}

static void
assert_due (const CfRetentionRule *rule,
            int                    year,
            int                    month,
            int                    mday,
            const char            *expected)
{
  g_autoptr(GDateTime) from = day (year, month, mday);
  g_autoptr(GDateTime) due = cf_retention_due_day (rule, from);
  g_autofree char *text = g_date_time_format (due, "%Y-%m-%d %H:%M");

  g_assert_cmpstr (text, ==, expected);
}

static void
test_due_at_year_ends (void)
{
  CfRetentionRule september = { 3, CF_RETENTION_FROM_LAST_CONTACT, 9, 15 };

  /* The day before the year starts still belongs to the old year... */
  assert_due (&six_years, 2019, 7, 31, "2025-08-01 00:00");
  /* ...the day it starts, to the new one. */
  assert_due (&six_years, 2019, 8, 1, "2026-08-01 00:00");
  assert_due (&six_years, 2019, 12, 31, "2026-08-01 00:00");
  assert_due (&six_years, 2020, 1, 1, "2026-08-01 00:00");
  assert_due (&september, 2019, 9, 14, "2022-09-15 00:00");
  assert_due (&september, 2019, 9, 15, "2023-09-15 00:00");
  /* 29 February is an ordinary day of its academic year. */
  assert_due (&six_years, 2020, 2, 29, "2026-08-01 00:00");
}

static void
test_due_after_case_closed (void)
{
  CfRetentionRule closed = { 6, CF_RETENTION_FROM_CASE_CLOSED, 8, 1 };
  CfRetentionRule four = { 4, CF_RETENTION_FROM_CASE_CLOSED, 8, 1 };

  assert_due (&closed, 2019, 7, 31, "2025-07-31 00:00");
  assert_due (&closed, 2019, 8, 1, "2025-08-01 00:00");
  /* Never a day short: 29 February is followed by 1 March in a year
   * without it, and kept in one with it. */
  assert_due (&closed, 2020, 2, 29, "2026-03-01 00:00");
  assert_due (&four, 2020, 2, 29, "2024-02-29 00:00");
}

/* Whatever day the year starts on, every day is due once, later than
 * itself, within years + 1 years, and never before an earlier day: a
 * changed rule moves due days but leaves no day that is never due. */
static void
test_changed_rule_skips_nobody (void)
{
  const guint starts[][2] = { { 8, 1 }, { 9, 1 }, { 1, 1 }, { 2, 28 }, { 3, 1 }, { 12, 31 } };

  for (gsize s = 0; s < G_N_ELEMENTS (starts); s++)
    for (guint years = 1; years <= 10; years += 9)
      {
        CfRetentionRule rule = { years, CF_RETENTION_FROM_LAST_CONTACT, starts[s][0], starts[s][1] };
        g_autoptr(GDateTime) previous_due = NULL;

        for (int i = 0; i < 4 * 366; i++)
          {
            g_autoptr(GDateTime) first = day (2018, 1, 1);
            g_autoptr(GDateTime) d = g_date_time_add_days (first, i);
            g_autoptr(GDateTime) due = cf_retention_due_day (&rule, d);
            g_autoptr(GDateTime) latest = g_date_time_add_years (d, (int) years + 1);

            g_assert_nonnull (due);
            g_assert_cmpint (g_date_time_compare (due, d), >, 0);
            g_assert_cmpint (g_date_time_compare (due, latest), <=, 0);
            if (previous_due != NULL)
              g_assert_cmpint (g_date_time_compare (previous_due, due), <=, 0);
            g_clear_pointer (&previous_due, g_date_time_unref);
            previous_due = g_date_time_ref (due);
          }
      }
}

static void
test_rule_checks (void)
{
  CfRetentionRule rule = six_years;
  g_autoptr(GError) error = NULL;
  guint month = 0, mday = 0;

  g_assert_true (cf_retention_rule_check (&rule, NULL));
  rule.years = 11;
  g_assert_false (cf_retention_rule_check (&rule, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  rule.years = 0;
  g_assert_false (cf_retention_rule_check (&rule, NULL));
  g_assert_false (cf_retention_parse_year_start ("02-30", &month, &mday, NULL));
  g_assert_false (cf_retention_parse_year_start ("13-01", &month, &mday, NULL));
  g_assert_false (cf_retention_parse_year_start ("8-1", &month, &mday, NULL));
  g_assert_false (cf_retention_parse_year_start ("02-29", &month, &mday, &error));
  g_assert_nonnull (strstr (error->message, "29 February"));
  g_assert_true (cf_retention_parse_year_start ("09-15", &month, &mday, NULL));
  g_assert_cmpuint (month, ==, 9);
  g_assert_cmpuint (mday, ==, 15);
}

/* --- the office --- */

typedef struct {
  char      *data_dir;
  CfSession *manager;
  CfSession *adviser;
  GTimeZone *zone;
  GDateTime *now;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->data_dir = cf_test_make_office ();
  f->manager = cf_test_sign_in (f->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  f->adviser = cf_test_sign_in (f->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  f->zone = cf_office_get_time_zone (f->manager);
  f->now = g_date_time_new_now (f->zone);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->adviser);
  g_clear_object (&f->manager);
  g_time_zone_unref (f->zone);
  g_date_time_unref (f->now);
  g_free (f->data_dir);
}

/* A student whose only contact is an appointment on that day. */
static char *
add_seen_on (Fixture    *f,
             const char *name,
             int         year,
             int         month,
             int         mday)
{
  static guint slot;
  char *id = cf_test_add_student (f->manager, name);
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  g_autoptr(GDateTime) start = g_date_time_new (f->zone, year, month, mday, 0, 0, 0);
  gint64 at = g_date_time_to_unix (start) + 120 * (slot++ % 700);   /* one adviser, no clash */
  g_autoptr(GError) error = NULL;

  g_object_set (appointment, "student-id", id, "adviser-id", cf_session_get_user_id (f->manager),
                "start-at", at, "end-at", at + 60, NULL);
  cf_appointments_add (f->manager, appointment, &error);
  g_assert_no_error (error);
  return id;
}

static GDateTime *
today (Fixture *f)
{
  return g_date_time_new (f->zone, 2025, 6, 1, 12, 0, 0);
}

static GListModel *
list_due (Fixture *f)
{
  g_autoptr(GDateTime) now = today (f);
  g_autoptr(GError) error = NULL;
  GListModel *due = cf_retention_list_due (f->manager, now, &error);

  g_assert_no_error (error);
  return due;
}

static gboolean
student_exists (Fixture    *f,
                const char *id)
{
  g_autoptr(CfStudent) student = cf_students_get (f->manager, id, NULL);

  return student != NULL;
}

static void
test_due_hold_release_purge (Fixture      *f,
                             gconstpointer data)
{
  g_autofree char *old = add_seen_on (f, "Old Student", 2017, 6, 15);
  g_autofree char *recent = add_seen_on (f, "Recent Student", 2019, 6, 15);
  g_autofree char *current = add_seen_on (f, "Current Student", 2025, 5, 1);
  g_autoptr(GListModel) due = list_due (f);
  g_autoptr(CfRetentionDue) first = NULL;
  g_autoptr(GDateTime) now = today (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL, *due_day = NULL;
  guint n = 99;

  /* Six years after the academic year 2016–17: due on 1 August 2023. */
  g_assert_cmpuint (g_list_model_get_n_items (due), ==, 1);
  first = g_list_model_get_item (due, 0);
  g_assert_cmpstr (cf_retention_due_get_student_id (first), ==, old);
  g_assert_cmpstr (cf_retention_due_get_name (first), ==, "Old Student");
  g_assert_null (cf_retention_due_get_hold_reason (first));
  last = g_date_time_format (cf_retention_due_get_last_contact (first), "%F");
  due_day = g_date_time_format (cf_retention_due_get_due (first), "%F");
  g_assert_cmpstr (last, ==, "2017-06-15");
  g_assert_cmpstr (due_day, ==, "2023-08-01");
  g_assert_cmpuint (cf_test_count_audit (f->manager, "retention-due-listed", NULL), ==, 1);

  /* A hold keeps the student listed, marked, and out of the purge. */
  cf_retention_hold (f->manager, old, "A complaint is open", &error);
  g_assert_no_error (error);
  g_clear_object (&due);
  g_clear_object (&first);
  due = list_due (f);
  first = g_list_model_get_item (due, 0);
  g_assert_cmpstr (cf_retention_due_get_hold_reason (first), ==, "A complaint is open");
  cf_retention_purge (f->manager, now, FALSE, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  g_assert_true (student_exists (f, old));

  /* Nor can it be destroyed on request while held. */
  g_assert_false (cf_students_destroy (f->manager, old, "the student asked", NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_HELD);
  g_clear_error (&error);
  g_assert_true (student_exists (f, old));

  /* Released, the dry run counts it and destroys nothing; the purge
   * destroys exactly it. */
  cf_retention_release (f->manager, old, &error);
  g_assert_no_error (error);
  cf_retention_purge (f->manager, now, TRUE, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (student_exists (f, old));
  cf_retention_purge (f->manager, now, FALSE, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_false (student_exists (f, old));
  g_assert_true (student_exists (f, recent));
  g_assert_true (student_exists (f, current));
  g_assert_cmpuint (cf_test_count_audit (f->manager, "student-destroyed", old), ==, 1);
}


/* A number the query @sql gives (static text, as the store wants). */
static guint
count (CfSession  *session,
       const char *sql)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, &error);
  guint n;

  g_assert_no_error (error);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
test_rule_is_the_managers (Fixture      *f,
                           gconstpointer data)
{
  CfRetentionRule rule = { 4, CF_RETENTION_FROM_CASE_CLOSED, 9, 15 };
  CfRetentionRule read = { 0 };
  g_autoptr(GError) error = NULL;

  cf_retention_get_rule (f->adviser, &read, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read.years, ==, 6);
  g_assert_cmpint (read.from, ==, CF_RETENTION_FROM_LAST_CONTACT);
  g_assert_cmpuint (read.year_starts_month, ==, 8);
  g_assert_cmpuint (read.year_starts_day, ==, 1);

  g_assert_false (cf_retention_set_rule (f->adviser, &rule, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (cf_retention_list_due (f->adviser, f->now, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  rule.year_starts_day = 31;   /* no 31 September */
  g_assert_false (cf_retention_set_rule (f->manager, &rule, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  rule.year_starts_day = 15;
  cf_retention_set_rule (f->manager, &rule, &error);
  g_assert_no_error (error);
  cf_retention_get_rule (f->adviser, &read, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (&read, sizeof read, &rule, sizeof rule);
  /* Replicated as office data, and audited in codes. */
  g_assert_cmpuint (cf_test_count_outbox (f->manager, "office_setting", "retention_years"), >=, 1);
  g_assert_cmpuint (count (f->manager, "SELECT count(*) FROM audit WHERE action = 'retention-rule-set'"
                                       " AND detail = '4 case-closed 09-15'"), ==, 1);
}

static void
test_hold_reason_stays_on_the_hold (Fixture      *f,
                                    gconstpointer data)
{
  g_autofree char *id = add_seen_on (f, "Held Student", 2017, 6, 15);
  g_autoptr(GError) error = NULL;
  g_autofree char *long_reason = g_strnfill (201, 'x');

  g_assert_false (cf_retention_hold (f->manager, id, "", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (cf_retention_hold (f->manager, id, long_reason, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (cf_retention_hold (f->adviser, id, "A dispute", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  long_reason[200] = '\0';
  cf_retention_hold (f->manager, id, long_reason, &error);
  g_assert_no_error (error);
  cf_retention_hold (f->manager, id, "A dispute with a landlord", &error);
  g_assert_no_error (error);
  cf_retention_release (f->manager, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_test_count_audit (f->manager, "student-held", id), ==, 2);
  g_assert_cmpuint (cf_test_count_audit (f->manager, "student-released", id), ==, 1);
  g_assert_cmpuint (count (f->manager, "SELECT count(*) FROM audit WHERE detail LIKE '%landlord%'"), ==, 0);
  g_assert_cmpuint (cf_test_count_outbox (f->manager, "hold", id), >=, 1);
  /* The hold goes with the student. */
  cf_students_destroy (f->manager, id, "retention: a test", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (f->manager, "SELECT count(*) FROM retention_holds"), ==, 0);
}

static CfCase *
open_case (Fixture    *f,
           const char *student_id)
{
  g_autoptr(GError) error = NULL;
  CfCase *opened = cf_cases_open (f->manager, student_id, "Housing", &error);

  g_assert_no_error (error);
  return opened;
}

/* Far enough ahead that every student is due from their last contact: an
 * open case keeps a student under the case-closed rule, a resolved one
 * counts from its resolution, and a student with no case from contact. */
static void
test_case_closed_rule (Fixture      *f,
                       gconstpointer data)
{
  CfRetentionRule rule = { 6, CF_RETENTION_FROM_CASE_CLOSED, 8, 1 };
  g_autofree char *open = add_seen_on (f, "Open Case", 2017, 6, 15);
  g_autofree char *resolved = add_seen_on (f, "Resolved Case", 2017, 6, 15);
  g_autofree char *no_case = add_seen_on (f, "No Case", 2017, 6, 15);
  g_autoptr(CfCase) still_open = open_case (f, open);
  g_autoptr(CfCase) closed = open_case (f, resolved);
  g_autoptr(GDateTime) later = g_date_time_add_years (f->now, 20);
  g_autoptr(GListModel) due = NULL;
  g_autoptr(GError) error = NULL;

  cf_cases_resolve (f->manager, cf_case_get_id (closed), "advice-given", &error);
  g_assert_no_error (error);
  cf_retention_set_rule (f->manager, &rule, &error);
  g_assert_no_error (error);
  due = cf_retention_list_due (f->manager, later, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (due), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CfRetentionDue) item = g_list_model_get_item (due, i);

      g_assert_cmpstr (cf_retention_due_get_student_id (item), !=, open);
    }
  /* Now the student with no case is due, from 2017; the resolved one
   * only six years after today, when their case closed. */
  g_clear_object (&due);
  due = cf_retention_list_due (f->manager, f->now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (due), ==, 1);
  {
    g_autoptr(CfRetentionDue) item = g_list_model_get_item (due, 0);

    g_assert_cmpstr (cf_retention_due_get_student_id (item), ==, no_case);
  }
}

/* The desk destroys only the students its manager was shown: one due
 * since, under a rule changed on another desk, waits for another look. */
static void
test_purge_only_those_shown (Fixture      *f,
                             gconstpointer data)
{
  g_autofree char *shown = add_seen_on (f, "Shown Student", 2016, 6, 15);
  g_autofree char *later = add_seen_on (f, "Due Since", 2017, 6, 15);
  const char *const ids[] = { shown, NULL };
  g_autoptr(GDateTime) now = today (f);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (cf_retention_purge_only (f->manager, now, ids, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_false (student_exists (f, shown));
  g_assert_true (student_exists (f, later));
}

/* A student still coming after their case closed (an appointment booked
 * since) is not destroyed from the day the case closed. */
static void
test_case_closed_then_booked (Fixture      *f,
                              gconstpointer data)
{
  CfRetentionRule rule = { 6, CF_RETENTION_FROM_CASE_CLOSED, 8, 1 };
  int next_year = g_date_time_get_year (f->now) + 8;
  g_autofree char *booked = add_seen_on (f, "Booked Again", next_year, 3, 10);
  g_autoptr(CfCase) closed = open_case (f, booked);
  g_autoptr(GDateTime) later = g_date_time_add_years (f->now, 10);
  g_autoptr(GListModel) due = NULL;
  g_autoptr(GError) error = NULL;

  cf_cases_resolve (f->manager, cf_case_get_id (closed), "advice-given", &error);
  g_assert_no_error (error);
  cf_retention_set_rule (f->manager, &rule, &error);
  g_assert_no_error (error);
  /* Six years after the case closed, but two before the appointment. */
  due = cf_retention_list_due (f->manager, later, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (due), ==, 0);
}

/* --- a purge killed half way --- */

/* Six of the purge's batches of a hundred (PURGE_BATCH in
 * cf-retention.c): enough that a loaded machine, which may not look at
 * the journal for a while, still kills the purge half way. */
#define KILLED_STUDENTS 600

/* confidectl purges as a manager would.  Each of the purge's batches is a
 * transaction, whose rollback journal beside the case database is there
 * while it is written and deleted when it commits: once one has come and
 * gone and the next has come, the first batch is committed and the second
 * under way, and the purge is killed there. */
static guint
purge_and_kill (const char *data_dir)
{
  g_autofree char *folder = cf_test_make_dir ("killed-purge");
  g_autofree char *passphrase = g_build_filename (folder, "passphrase", NULL);
  g_autofree char *cases = cf_data_dir_cases (data_dir);
  g_autofree char *journal = g_strconcat (cases, "-journal", NULL);
  const char *argv[] = { g_getenv ("CONFIDECTL"), "--data-dir", data_dir, "--user", CF_TEST_MANAGER,
                         "--passphrase-file", passphrase, "retention", "purge", "--yes", NULL };
  g_autoptr(GError) error = NULL;
  gboolean was_there = FALSE;
  guint changes = 0;
  GPid pid;
  int status;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_file_set_contents (passphrase, CF_TEST_MANAGER_PW "\n", -1, NULL));
  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  /* Came, went, came again: three changes. */
  for (int i = 0; i < 600000 && changes < 3; i++)
    {
      gboolean there = g_file_test (journal, G_FILE_TEST_EXISTS);

      changes += there != was_there ? 1 : 0;
      was_there = there;
      g_usleep (100);
    }
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status));
  return changes;
}

/* No row about a student who is gone, in any table that names one. */
static const char *const orphan_queries[] = {
  "SELECT count(*) FROM monitoring WHERE student_id NOT IN (SELECT id FROM students)",
  "SELECT count(*) FROM cases WHERE student_id NOT IN (SELECT id FROM students)",
  "SELECT count(*) FROM case_entries WHERE student_id NOT IN (SELECT id FROM students)",
  "SELECT count(*) FROM consents WHERE student_id NOT IN (SELECT id FROM students)",
  "SELECT count(*) FROM appointments WHERE student_id NOT IN (SELECT id FROM students)",
  "SELECT count(*) FROM security_notice_items WHERE student_id NOT IN (SELECT id FROM students)",
  "SELECT count(*) FROM tickets WHERE student_id IS NOT NULL AND student_id NOT IN (SELECT id FROM students)",
  "SELECT count(*) FROM breaches WHERE student_id NOT IN (SELECT id FROM students)",
  "SELECT count(*) FROM conflicts WHERE student_id NOT IN (SELECT id FROM students)",
  "SELECT count(*) FROM retention_holds WHERE student_id NOT IN (SELECT id FROM students)",
};

static void
test_killed_purge_leaves_nobody_half_destroyed (Fixture      *f,
                                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint left, n = 0;

  for (guint i = 0; i < KILLED_STUDENTS; i++)
    g_free (add_seen_on (f, "Due Student", 2017, 6, 15));
  g_clear_object (&f->manager);
  g_clear_object (&f->adviser);
  g_assert_cmpuint (purge_and_kill (f->data_dir), >=, 1);

  f->manager = cf_test_sign_in (f->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  left = count (f->manager, "SELECT count(*) FROM students");
  g_test_message ("%u of %d students left when the purge was killed", left, KILLED_STUDENTS);
  g_assert_cmpuint (left, <, KILLED_STUDENTS);
  g_assert_cmpuint (left, >, 0);
  /* Each student wholly there or wholly gone, with its audit entry. */
  for (gsize i = 0; i < G_N_ELEMENTS (orphan_queries); i++)
    g_assert_cmpuint (count (f->manager, orphan_queries[i]), ==, 0);
  g_assert_cmpuint (count (f->manager, "SELECT count(*) FROM students s WHERE NOT EXISTS"
                                       " (SELECT 1 FROM appointments a WHERE a.student_id = s.id)"), ==, 0);
  g_assert_cmpuint (count (f->manager, "SELECT count(*) FROM tombstones"), ==, KILLED_STUDENTS - left);
  g_assert_cmpuint (cf_test_count_audit (f->manager, "student-destroyed", NULL), ==, KILLED_STUDENTS - left);

  /* The next purge finishes the rest. */
  cf_retention_purge (f->manager, f->now, FALSE, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, left);
  g_assert_cmpuint (count (f->manager, "SELECT count(*) FROM students"), ==, 0);
}

/* --- on every desk --- */

static void
sync_desk (CfSession  *session,
           const char *sync_dir)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  g_assert_true (cf_sync_run (session, sync_dir, &report, &error));
  g_assert_no_error (error);
  cf_sync_report_clear (&report);
}

static char *
hold_reason_on (CfSession  *session,
                const char *student_id)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT reason FROM retention_holds WHERE student_id = ? AND released_at IS NULL", NULL);
  char *reason = NULL;

  _cf_bind_text (stmt, 1, student_id);
  g_assert_true (_cf_store_get_text (store, stmt, &reason, NULL));
  return reason;
}

/* The rule and holds reach the other desk; the later change of each wins,
 * and a student destroyed takes their hold with them everywhere. */
static void
test_rule_and_holds_replicate (Fixture      *f,
                               gconstpointer data)
{
  CfRetentionRule rule = { 3, CF_RETENTION_FROM_CASE_CLOSED, 1, 1 }, later = rule, read;
  g_autoptr(CfNodeConfig) config = cf_node_config_load (f->data_dir, NULL);
  g_autofree char *id = cf_test_add_student (f->manager, "Held Student");
  g_autofree char *other_dir = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(CfSession) other = NULL;
  g_autoptr(GError) error = NULL;

  /* The rule and holds under the case key: an administrator, who holds
   * only the office key, cannot shorten how long records are kept. */
  g_assert_cmpint (_cf_replica_class_of ("office_setting"), ==, CF_DATA_CASE);
  g_assert_cmpint (_cf_replica_class_of ("hold"), ==, CF_DATA_CASE);
  other_dir = cf_test_join_desk (f->manager, config->sync_dir);
  other = cf_test_sign_in (other_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  cf_retention_set_rule (f->manager, &rule, &error);
  g_assert_no_error (error);
  cf_retention_hold (f->manager, id, "A complaint", &error);
  g_assert_no_error (error);
  sync_desk (f->manager, config->sync_dir);
  sync_desk (other, config->sync_dir);
  cf_retention_get_rule (other, &read, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (&read, sizeof read, &rule, sizeof rule);
  reason = hold_reason_on (other, id);
  g_assert_cmpstr (reason, ==, "A complaint");

  /* Changed on the other desk later: that change wins on both. */
  later.years = 8;
  cf_retention_set_rule (other, &later, &error);
  g_assert_no_error (error);
  cf_retention_release (other, id, &error);
  g_assert_no_error (error);
  sync_desk (other, config->sync_dir);
  sync_desk (f->manager, config->sync_dir);
  cf_retention_get_rule (f->manager, &read, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read.years, ==, 8);
  g_clear_pointer (&reason, g_free);
  reason = hold_reason_on (f->manager, id);
  g_assert_null (reason);

  cf_students_destroy (f->manager, id, "retention: a test", NULL, &error);
  g_assert_no_error (error);
  sync_desk (f->manager, config->sync_dir);
  sync_desk (other, config->sync_dir);
  g_assert_cmpuint (count (other, "SELECT count(*) FROM retention_holds"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/retention/due/year-ends", test_due_at_year_ends);
  g_test_add_func ("/retention/due/case-closed", test_due_after_case_closed);
  g_test_add_func ("/retention/due/changed-rule", test_changed_rule_skips_nobody);
  g_test_add_func ("/retention/rule/checks", test_rule_checks);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/retention/due-hold-purge", test_due_hold_release_purge);
  ADD ("/retention/rule/managers-only", test_rule_is_the_managers);
  ADD ("/retention/hold/reason-stays", test_hold_reason_stays_on_the_hold);
  ADD ("/retention/due/case-closed-rule", test_case_closed_rule);
  ADD ("/retention/due/case-closed-then-booked", test_case_closed_then_booked);
  ADD ("/retention/purge/only-those-shown", test_purge_only_those_shown);
  ADD ("/retention/purge/killed", test_killed_purge_leaves_nobody_half_destroyed);
  ADD ("/retention/replicates", test_rule_and_holds_replicate);
#undef ADD
  return g_test_run ();
}
