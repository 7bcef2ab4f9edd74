/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The disclosure rule at work on every output: with 2 students from one
 * college and 12 from another, no report, CSV, JSON or PDF shows 2, 12 or
 * 14 as a count; reports over nested ranges never differ by 1 or 2; a
 * past year's report is the same after a purge; a median wait over 7
 * drop-ins is hidden and over 8 shown. */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "cf-cases.h"
#include "cf-data-dir.h"
#include "cf-monitoring.h"
#include "cf-retention.h"
#include "cf-statistics-export.h"
#include "cf-store-private.h"
#include "cf-test-util.h"

#define TOPIC "Housing and landlords"

typedef struct {
  char      *data_dir;
  CfSession *manager;
  char      *students[14];
} Fixture;

static gint64
at (int month,
    int day,
    int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (2024, month, day, 10, minute, 0);

  return g_date_time_to_unix (time);
}

static void
run (Fixture    *f,
     const char *sql,
     const char *student_id,
     gint64      first,
     gint64      second)
{
  CfStore *store = cf_session_get_store (f->manager);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  _cf_bind_text (stmt, 1, id);
  _cf_bind_text (stmt, 2, student_id);
  sqlite3_bind_int64 (stmt, 3, first);
  sqlite3_bind_int64 (stmt, 4, second);
  g_assert_true (_cf_store_step_done (store, stmt, &error));
  g_assert_no_error (error);
}

static void
add_appointment (Fixture *f,
                 int      i,
                 gint64   start)
{
  run (f, "INSERT INTO appointments (id, student_id, mode, topic, status, start_at, end_at,"
          " created_at, updated_at) VALUES (?1, ?2, 'in-person', '" TOPIC "', 'seen', ?3, ?3 + 1800,"
          " ?3, ?4)", f->students[i], start, start);
}

/* A drop-in seen, called @wait minutes after it arrived. */
static void
add_drop_in (Fixture *f,
             int      i,
             gint64   arrived,
             int      wait)
{
  run (f, "INSERT INTO tickets (id, code, student_id, kind, topic, status, waiting_since, called_at)"
          " VALUES (?1, 'A01', ?2, 'drop-in', '" TOPIC "', 'seen', ?3, ?4)",
       f->students[i], arrived, arrived + wait * 60);
}

/* Students 0 and 1 from Kings, 2 to 13 from Queens, each seen once on
 * 10 January 2024. */
static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->data_dir = cf_test_make_office ();
  f->manager = cf_test_sign_in (f->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  for (int i = 0; i < 14; i++)
    {
      g_autofree char *name = g_strdup_printf ("Marker Student%d", i);

      f->students[i] = cf_test_add_student (f->manager, name);
      run (f, "UPDATE students SET college = CASE WHEN ?3 < 2 THEN 'Kings' ELSE 'Queens' END"
              " WHERE id = ?2 AND ?1 IS NOT NULL AND ?4 = 0", f->students[i], i, 0);
      add_appointment (f, i, at (1, 10, i));
    }
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->manager);
  for (int i = 0; i < 14; i++)
    g_free (f->students[i]);
  g_free (f->data_dir);
}

static CfStatisticsReport *
report (Fixture    *f,
        int         from_month,
        int         from_day,
        int         to_month,
        const char *by0,
        const char *by1)
{
  g_autoptr(GDateTime) from = g_date_time_new_local (2024, from_month, from_day, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_local (2024, to_month, 1, 0, 0, 0);
  const char *by[] = { by0, by1, NULL };
  g_autoptr(GError) error = NULL;
  CfStatisticsReport *made = cf_statistics_report_new (f->manager, from, to, by, &error);

  g_assert_no_error (error);
  return made;
}

static void
assert_allowed (guint       count,
                const char *where)
{
  if (count == 2 || count == 12 || count == 14 || count % 5 != 0)
    g_error ("%s shows %u as a count", where, count);
}

static void
assert_report_rounded (CfStatisticsReport *made)
{
  const CfStatisticsRow *total = cf_statistics_report_get_total (made);

  for (guint i = 0; i < cf_statistics_report_get_n_rows (made); i++)
    {
      const CfStatisticsRow *row = cf_statistics_report_get_row (made, i);

      assert_allowed (row->students, "a row's students");
      assert_allowed (row->cases, "a row's cases");
      assert_allowed (row->contacts, "a row's contacts");
    }
  assert_allowed (total->students, "the total of students");
  assert_allowed (total->contacts, "the total of contacts");
}

/* Every cell of every line of a CSV but the rule, on a line of its own at
 * the end. */
static void
assert_csv_rounded (const char *csv)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);

  g_assert_nonnull (strstr (csv, "\r\n\r\n"));
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);

      for (guint c = 0; cells[c] != NULL; c++)
        if (g_strcmp0 (cells[c], "2") == 0 || g_strcmp0 (cells[c], "12") == 0 ||
            g_strcmp0 (cells[c], "14") == 0)
          g_error ("the CSV shows %s in “%s”", cells[c], lines[i]);
    }
}

static void
assert_json_counts (JsonObject *object)
{
  assert_allowed ((guint) json_object_get_int_member (object, "students"), "JSON students");
  assert_allowed ((guint) json_object_get_int_member (object, "cases"), "JSON cases");
  assert_allowed ((guint) json_object_get_int_member (object, "contacts"), "JSON contacts");
}

static void
assert_json_rounded (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *rows;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "rule"), ==, cf_statistics_rule ());
  rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    assert_json_counts (json_array_get_object_element (rows, i));
  assert_json_counts (json_object_get_object_member (root, "total"));
}

static char *
pdf_text (GBytes *pdf)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "confide-statistics-XXXXXX.pdf", NULL);
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", NULL, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int fd = g_mkstemp (path), status;

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  argv[3] = path;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_unlink (path);
  return out;
}

/* Every word of the PDF's text that is a number, but the rule's own
 * words and the page numbers. */
static void
assert_pdf_rounded (const char *text)
{
  g_autoptr(GRegex) page = g_regex_new ("Page [0-9]+ of [0-9]+", 0, 0, NULL);
  g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);
  g_autofree char *pageless = g_regex_replace_literal (page, text, -1, 0, "", 0, NULL);
  g_autofree char *flat = g_regex_replace_literal (space, pageless, -1, 0, " ", 0, NULL);
  g_autofree char *rule = g_regex_replace_literal (space, cf_statistics_rule (), -1, 0, " ", 0, NULL);
  g_autoptr(GString) rest = g_string_new (flat);
  g_auto(GStrv) words = NULL;

  g_assert_nonnull (strstr (flat, rule));
  g_assert_nonnull (strstr (flat, "Queens"));
  g_assert_nonnull (strstr (flat, "Contacts by month"));
  g_assert_nonnull (strstr (flat, "Contacts by topic"));
  g_string_replace (rest, rule, " ", 0);
  words = g_strsplit (rest->str, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (g_strcmp0 (words[i], "2") == 0 || g_strcmp0 (words[i], "12") == 0 ||
        g_strcmp0 (words[i], "14") == 0)
      g_error ("the PDF shows %s", words[i]);
}

static void
test_no_small_counts (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(CfStatisticsReport) by_college = report (f, 1, 1, 2, "college", NULL);
  g_autoptr(CfStatisticsReport) by_month = report (f, 1, 1, 2, "month", NULL);
  g_autoptr(CfStatisticsReport) by_topic = report (f, 1, 1, 2, "topic", "college");
  g_autofree char *csv = cf_statistics_write_csv (by_college);
  g_autofree char *json = cf_statistics_write_json (by_college);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = cf_statistics_write_pdf (by_college, by_month, by_topic, &error);
  g_autofree char *text = NULL;
  const CfStatisticsRow *kings = cf_statistics_report_get_row (by_college, 0);

  g_assert_no_error (error);
  g_assert_cmpstr (kings->group[0], ==, "Kings");
  g_assert_cmpuint (kings->students, ==, 0);
  g_assert_cmpuint (cf_statistics_report_get_row (by_college, 1)->students, ==, 10);
  g_assert_cmpuint (cf_statistics_report_get_total (by_college)->students, ==, 15);
  g_assert_cmpuint (cf_statistics_report_get_total (by_college)->contacts, ==, 15);
  assert_report_rounded (by_college);
  assert_report_rounded (by_month);
  assert_report_rounded (by_topic);
  assert_csv_rounded (csv);
  g_assert_nonnull (strstr (csv, "Queens,10,0,10,..\r\n"));
  assert_json_rounded (json);
  text = pdf_text (pdf);
  assert_pdf_rounded (text);
}

/* Matching rows (by group) of two reports differ by 0 or 5 or more. */
static void
assert_never_one_or_two (CfStatisticsReport *a,
                         CfStatisticsReport *b)
{
  for (guint i = 0; i < cf_statistics_report_get_n_rows (a); i++)
    for (guint j = 0; j < cf_statistics_report_get_n_rows (b); j++)
      {
        const CfStatisticsRow *x = cf_statistics_report_get_row (a, i);
        const CfStatisticsRow *y = cf_statistics_report_get_row (b, j);
        guint differences[3] = { ABS ((int) x->students - (int) y->students),
                                 ABS ((int) x->cases - (int) y->cases),
                                 ABS ((int) x->contacts - (int) y->contacts) };

        if (g_strcmp0 (x->group[0], y->group[0]) != 0 || g_strcmp0 (x->group[1], y->group[1]) != 0)
          continue;
        for (guint k = 0; k < 3; k++)
          g_assert_true (differences[k] == 0 || differences[k] >= 3);
      }
}

/* The wider range holds one more Kings student, one more Queens contact
 * and a Kings drop-in: each exact cell moves by 1 or 2. */
static void
test_nested_ranges (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *extra = cf_test_add_student (f->manager, "Marker Extra");
  g_autoptr(CfStatisticsReport) narrow = NULL, wide = NULL;

  run (f, "UPDATE students SET college = 'Kings' WHERE id = ?2 AND ?1 IS NOT NULL AND ?3 = ?4",
       extra, 0, 0);
  f->students[0] = (g_free (f->students[0]), g_strdup (extra));
  add_appointment (f, 0, at (2, 20, 0));
  add_drop_in (f, 0, at (2, 21, 0), 5);
  add_appointment (f, 5, at (2, 22, 0));
  narrow = report (f, 1, 1, 2, "college", NULL);
  wide = report (f, 1, 1, 3, "college", NULL);
  assert_never_one_or_two (narrow, wide);
  g_clear_pointer (&narrow, cf_statistics_report_unref);
  g_clear_pointer (&wide, cf_statistics_report_unref);
  narrow = report (f, 1, 5, 2, "college", "kind");
  wide = report (f, 1, 1, 3, "college", "kind");
  assert_never_one_or_two (narrow, wide);
}

static char *
year_json (Fixture *f)
{
  g_autoptr(GDateTime) from = g_date_time_new_local (2023, 8, 1, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_local (2024, 8, 1, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStatisticsReport) by_month = cf_statistics_report_new (f->manager, from, to,
      (const char *const[]) { "college", "month", NULL }, &error);
  g_autoptr(CfStatisticsReport) by_term = NULL;
  g_autofree char *month_json = NULL, *term_json = NULL;

  g_assert_no_error (error);
  by_term = cf_statistics_report_new (f->manager, from, to, (const char *const[]) { "term", NULL }, &error);
  g_assert_no_error (error);
  month_json = cf_statistics_write_json (by_month);
  term_json = cf_statistics_write_json (by_term);
  return g_strconcat (month_json, term_json, NULL);
}

/* Eight drop-ins in February (waits 1 to 8 minutes), then everyone is
 * destroyed by a purge years later: the year's report is the same. */
static void
test_purge_keeps_report (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr(GDateTime) later = g_date_time_new_local (2035, 1, 1, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  guint n = 0;

  for (int i = 0; i < 8; i++)
    add_drop_in (f, 2 + i, at (2, 1 + i, 0), i + 1);
  before = year_json (f);
  g_assert_nonnull (strstr (before, "\"median_wait_minutes\" : 4.5"));
  g_assert_nonnull (strstr (before, "\"term\" : \"2023-24 spring\""));
  g_assert_true (cf_retention_purge (f->manager, later, FALSE, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 14);
  after = year_json (f);
  g_assert_cmpstr (after, ==, before);
}

static double
total_median (Fixture *f)
{
  g_autoptr(CfStatisticsReport) made = report (f, 1, 1, 4, "kind", NULL);

  return cf_statistics_report_get_total (made)->median_wait;
}

static void
test_median_hidden_over_seven (Fixture      *f,
                               gconstpointer data)
{
  g_autofree char *hidden = NULL, *shown = NULL;

  for (int i = 0; i < 7; i++)
    add_drop_in (f, 2 + i, at (2, 1 + i, 0), 10 + i);
  hidden = cf_statistics_format_median (total_median (f));
  g_assert_cmpstr (hidden, ==, "..");
  add_drop_in (f, 10, at (3, 1, 0), 30);
  shown = cf_statistics_format_median (total_median (f));
  g_assert_cmpstr (shown, ==, "13.5");
}

/* Eight drop-ins, but by two people: the median would tell about them. */
static void
test_median_counts_people (Fixture      *f,
                           gconstpointer data)
{
  g_autofree char *hidden = NULL;

  for (int i = 0; i < 8; i++)
    add_drop_in (f, 2 + i % 2, at (2, 1 + i, 0), 10 + i);
  hidden = cf_statistics_format_median (total_median (f));
  g_assert_cmpstr (hidden, ==, "..");
}

/* A code is shown as its words, whatever the output. */
static void
test_group_labels (void)
{
  const CfMonitoringChoice *gender = &cf_monitoring_genders ()[0];
  const CfMonitoringChoice *ethnicity = &cf_monitoring_ethnicities ()[0];
  const char *outcome = cf_cases_outcomes ()[0];

  g_assert_cmpstr (cf_statistics_group_label ("gender", gender->code), ==, gender->label);
  g_assert_cmpstr (cf_statistics_group_label ("ethnicity", ethnicity->code), ==, ethnicity->label);
  g_assert_cmpstr (cf_statistics_group_label ("outcome", outcome), ==, cf_cases_outcome_label (outcome));
  g_assert_cmpstr (cf_statistics_group_label ("outcome", outcome), !=, outcome);
  g_assert_cmpstr (cf_statistics_group_label ("college", "Kings"), ==, "Kings");
  g_assert_cmpstr (cf_statistics_group_label ("gender", NULL), ==, "Not known");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/statistics-report/no-small-counts", test_no_small_counts);
  ADD ("/statistics-report/nested-ranges", test_nested_ranges);
  ADD ("/statistics-report/purge-keeps-report", test_purge_keeps_report);
  ADD ("/statistics-report/median-hidden-over-seven", test_median_hidden_over_seven);
  ADD ("/statistics-report/median-counts-people", test_median_counts_people);
  g_test_add_func ("/statistics-report/group-labels", test_group_labels);
  return g_test_run ();
}
