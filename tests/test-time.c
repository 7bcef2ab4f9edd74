/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-error.h"
#include "cf-time.h"

static void
assert_day (const char *text,
            int         y,
            int         mo,
            int         d)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  g_assert_true (cf_day_parse (text, &date, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_get_year (&date), ==, y);
  g_assert_cmpint (g_date_get_month (&date), ==, mo);
  g_assert_cmpint (g_date_get_day (&date), ==, d);
}

/* Refused with a sentence that says @says, and no internal format. */
static void
assert_no_day (const char *text,
               const char *says)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  g_assert_false (cf_day_parse (text, &date, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, says));
  g_assert_null (strstr (error->message, "YYYY"));
  g_assert_null (strstr (error->message, "T14"));
  g_assert_true (g_str_has_suffix (error->message, "."));
}

static void
test_uk_days (void)
{
  assert_day ("07/12/2026", 2026, 12, 7);
  assert_day ("7/12/2026", 2026, 12, 7);
  assert_day (" 07/12/26 ", 2026, 12, 7);
  assert_day ("2026-12-07", 2026, 12, 7);
  assert_day ("29/02/2028", 2028, 2, 29);
  assert_day ("31/12/2026", 2026, 12, 31);
}

static void
test_impossible_days (void)
{
  assert_no_day ("31/02/2026", "There is no 31 February 2026: February 2026 has 28 days.");
  assert_no_day ("29/02/2027", "February 2027 has 28 days");
  assert_no_day ("31/04/2026", "April 2026 has 30 days");
  assert_no_day ("12/13/2026", "write it like 07/12/2026");
  assert_no_day ("tomorrow", "“tomorrow” is not a date");
  assert_no_day ("07/12/2026T9am", "is not a date");
  assert_no_day ("", "is not a date");
}

/* What was typed is quoted back only when a terminal shows it as it is:
 * an escape sequence, a direction override or a page of text is not. */
static void
test_unshowable_text_not_quoted (void)
{
  g_autoptr(GError) error = NULL;
  int minutes;

  assert_no_day ("\033[2J07/12/2026", "That is not a date: write it like 07/12/2026.");
  assert_no_day ("12\xe2\x80\xae/07/2026", "That is not a date");
  assert_no_day ("07/12/2026 and then a great deal more text", "That is not a date");
  assert_no_day ("07\xff", "That is not a date");
  g_assert_false (cf_clock_parse ("9\rpm", &minutes, &error));
  g_assert_cmpstr (error->message, ==, "That is not a time of day: write it like 14:00 or 2pm.");
}

static void
assert_clock (const char *text,
              int         minutes)
{
  g_autoptr(GError) error = NULL;
  int got = -1;

  g_assert_true (cf_clock_parse (text, &got, &error));
  g_assert_no_error (error);
  g_assert_cmpint (got, ==, minutes);
}

static void
assert_no_clock (const char *text)
{
  g_autoptr(GError) error = NULL;
  int got = -1;

  g_assert_false (cf_clock_parse (text, &got, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "write it like 14:00 or 2pm"));
}

static void
test_times_of_day (void)
{
  assert_clock ("14:00", 14 * 60);
  assert_clock ("9:30", 9 * 60 + 30);
  assert_clock ("09.30", 9 * 60 + 30);
  assert_clock ("9am", 9 * 60);
  assert_clock ("12pm", 12 * 60);
  assert_clock ("12am", 0);
  assert_clock ("2:30 PM", 14 * 60 + 30);
  assert_clock ("16", 16 * 60);
  assert_no_clock ("25:00");
  assert_no_clock ("9:5");
  assert_no_clock ("13pm");
  assert_no_clock ("noonish");
  assert_no_clock ("");
}

/* confidectl reads the same days: ISO or UK, with the time after T or a space. */
static void
test_machine_times_read_uk_days (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(GError) error = NULL;
  gint64 iso = 0, uk = 0, spaced = 0, start = 0, end = 0;
  GDate date;

  g_assert_true (cf_time_parse ("2026-12-07T14:00", zone, &iso, &error));
  g_assert_true (cf_time_parse ("07/12/2026T14:00", zone, &uk, &error));
  g_assert_true (cf_time_parse ("07/12/2026 14:00", zone, &spaced, &error));
  g_assert_no_error (error);
  g_assert_cmpint (iso, ==, uk);
  g_assert_cmpint (iso, ==, spaced);
  g_assert_false (cf_time_parse ("31/02/2026T14:00", zone, &uk, NULL));
  g_assert_true (cf_date_parse ("07/12/2026", zone, &start, &end, &error));
  g_assert_no_error (error);
  g_assert_cmpint (end - start, ==, 24 * 3600);
  g_assert_true (cf_day_parse ("07/12/2026", &date, NULL));
  g_assert_cmpint (cf_time_from_day (&date, 14 * 60, zone), ==, iso);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/time/uk-days", test_uk_days);
  g_test_add_func ("/time/impossible-days", test_impossible_days);
  g_test_add_func ("/time/unshowable-text-not-quoted", test_unshowable_text_not_quoted);
  g_test_add_func ("/time/times-of-day", test_times_of_day);
  g_test_add_func ("/time/machine-times-read-uk-days", test_machine_times_read_uk_days);
  return g_test_run ();
}
