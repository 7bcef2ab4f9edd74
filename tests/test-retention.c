/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-appointments.h"
#include "cf-error.h"
#include "cf-office.h"
#include "cf-retention-due.h"
#include "cf-retention.h"
#include "cf-session-private.h"
#include "cf-students.h"
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
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->data_dir = cf_test_make_office ();
  f->manager = cf_test_sign_in (f->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  f->adviser = cf_test_sign_in (f->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  f->zone = cf_office_get_time_zone (f->manager);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->adviser);
  g_clear_object (&f->manager);
  g_time_zone_unref (f->zone);
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
  char *id = cf_test_add_student (f->manager, name);
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  g_autoptr(GDateTime) start = g_date_time_new (f->zone, year, month, mday, 10, 0, 0);
  g_autoptr(GError) error = NULL;

  g_object_set (appointment, "student-id", id, "adviser-id", cf_session_get_user_id (f->manager),
                "start-at", g_date_time_to_unix (start),
                "end-at", g_date_time_to_unix (start) + 3600, NULL);
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
#undef ADD
  return g_test_run ();
}
