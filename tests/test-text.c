/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-error.h"
#include "cf-json.h"
#include "cf-text.h"
#include "cf-time.h"

static void
assert_accepted (const char *text,
                 CfTextKind  kind)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_text_check (text, -1, kind, "The name", &error));
  g_assert_no_error (error);
}

static void
assert_refused (const char *text,
                gssize      length,
                CfTextKind  kind,
                const char *says)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cf_text_check (text, length, kind, "The name", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, says));
  g_assert_nonnull (strstr (error->message, "The name"));
}

/* A name put into a sentence keeps its own direction and leaves the
 * sentence's order alone: it is wrapped in FSI … PDI, and nothing else
 * changes. */
static void
test_isolate (void)
{
  g_autofree char *arabic = cf_text_isolate ("سارا عبد الله");
  g_autofree char *latin = cf_text_isolate ("Siân Lloyd-Jones");
  g_autofree char *empty = cf_text_isolate ("");

  g_assert_cmpstr (arabic, ==, "\xe2\x81\xa8سارا عبد الله\xe2\x81\xa9");
  g_assert_cmpstr (latin, ==, "\u2068Siân Lloyd-Jones\u2069");
  g_assert_cmpstr (empty, ==, "\u2068\u2069");
  g_assert_true (g_utf8_validate (arabic, -1, NULL));
}

static void
test_any_script_is_accepted (void)
{
  assert_accepted ("Zaynab القحطاني", CF_TEXT_LINE);
  assert_accepted ("יעל כהן", CF_TEXT_LINE);
  assert_accepted ("陳大文 🌷👩🏽‍🎓", CF_TEXT_LINE);
  assert_accepted ("Siân O’Brien-Ńguyễn", CF_TEXT_LINE);
  assert_accepted ("line one\nline two\ttabbed", CF_TEXT_PARAGRAPHS);
}

static void
test_invalid_utf8_is_refused (void)
{
  assert_refused ("abc\xff\xfe", -1, CF_TEXT_LINE, "UTF-8");
  assert_refused ("\xc3\x28", -1, CF_TEXT_LINE, "UTF-8");
  /* An embedded NUL inside the given length is not text either. */
  assert_refused ("ab\0cd", 5, CF_TEXT_LINE, "UTF-8");
}

static void
test_control_characters_are_refused (void)
{
  assert_refused ("bell\a", -1, CF_TEXT_LINE, "control character");
  assert_refused ("esc\x1b[31m", -1, CF_TEXT_LINE, "control character");
  assert_refused ("two\nlines", -1, CF_TEXT_LINE, "control character");
  assert_refused ("c1 \xc2\x85 next line", -1, CF_TEXT_PARAGRAPHS, "control character");
}

static void
test_bidi_overrides_are_refused (void)
{
  /* U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE */
  assert_refused ("evil\xe2\x80\xaetxt.exe", -1, CF_TEXT_LINE, "direction");
  assert_refused ("a\xe2\x81\xa6" "b", -1, CF_TEXT_PARAGRAPHS, "direction");
}

static void
test_lengths (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < CF_TEXT_LINE_MAX; i++)
    g_string_append (text, "é");
  assert_accepted (text->str, CF_TEXT_LINE);
  g_string_append (text, "é");
  assert_refused (text->str, -1, CF_TEXT_LINE, "too long");

  g_assert_false (cf_text_check_required ("", CF_TEXT_LINE, "The name", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (cf_text_check_required (" \t ", CF_TEXT_PARAGRAPHS, "The name", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
}

static void
assert_folds (const char *a,
              const char *b)
{
  g_autofree char *x = cf_text_fold (a);
  g_autofree char *y = cf_text_fold (b);

  g_assert_cmpstr (x, ==, y);
}

/* Names typed at the kiosk are compared as a person reads them. */
static void
test_fold (void)
{
  g_autofree char *plain = cf_text_fold ("  Zoë   Ōkafor ");
  g_autofree char *other = cf_text_fold ("Okafor Zoe");

  g_assert_cmpstr (plain, ==, "zoe okafor");
  g_assert_cmpstr (other, !=, plain);
  assert_folds ("QUEUEMARKER NGOZI ŌKAFOR", "queuemarker ngozi okafor");
  assert_folds ("Ngozi O\xcc\x84kafor", "ngozi ōkafor");      /* combining macron */
  assert_folds ("Straße", "STRASSE");
  assert_folds ("Ａｄａ", "ada");                                 /* full-width letters */
  assert_folds ("Łukasz", "łukasz");
}

/* Dates typed day first, as in the UK, mean what a person there means. */
static void
test_uk_dates (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(GError) error = NULL;
  g_autofree char *back = NULL;
  gint64 start = 0, end = 0, iso_start = 0;

  g_assert_true (cf_date_parse ("07/12/2026", zone, &start, &end, &error));
  g_assert_no_error (error);
  g_assert_true (cf_date_parse ("2026-12-07", zone, &iso_start, NULL, &error));
  g_assert_cmpint (start, ==, iso_start);
  g_assert_cmpint (end - start, ==, 24 * 3600);
  g_assert_true (cf_date_parse (" 7/12/2026 ", zone, &start, NULL, &error));
  g_assert_cmpint (start, ==, iso_start);
  g_assert_true (cf_date_parse ("2026-12-07", zone, &start, NULL, &error));
  g_assert_cmpint (start, ==, iso_start);
  back = cf_date_format_uk (start + 3600, zone);
  g_assert_cmpstr (back, ==, "07/12/2026");

  for (const char *const *bad = (const char *const[]) { "31/02/2026", "12/07",
                                                        "7 December", "", NULL };
       *bad; bad++)
    {
      g_assert_false (cf_date_parse (*bad, zone, &start, NULL, &error));
      g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
}

/* The kiosk words each problem for a student: it needs to know which. */
static void
test_problems_are_named (void)
{
  g_autofree char *long_line = g_strnfill (CF_TEXT_LINE_MAX + 1, 'x');

  g_assert_cmpint (cf_text_find_problem ("Zoë", -1, CF_TEXT_LINE, TRUE), ==, CF_TEXT_OK);
  g_assert_cmpint (cf_text_find_problem ("", -1, CF_TEXT_LINE, FALSE), ==, CF_TEXT_OK);
  g_assert_cmpint (cf_text_find_problem ("", -1, CF_TEXT_LINE, TRUE), ==, CF_TEXT_EMPTY);
  g_assert_cmpint (cf_text_find_problem ("  ", -1, CF_TEXT_LINE, TRUE), ==, CF_TEXT_BLANK);
  g_assert_cmpint (cf_text_find_problem ("a\x1b[2J", -1, CF_TEXT_LINE, FALSE), ==, CF_TEXT_CONTROL);
  g_assert_cmpint (cf_text_find_problem ("a\u202eb", -1, CF_TEXT_LINE, FALSE), ==, CF_TEXT_DIRECTION_CONTROL);
  g_assert_cmpint (cf_text_find_problem ("\xff", -1, CF_TEXT_LINE, FALSE), ==, CF_TEXT_INVALID_UTF8);
  g_assert_cmpint (cf_text_find_problem (long_line, -1, CF_TEXT_LINE, FALSE), ==, CF_TEXT_TOO_LONG);
  g_assert_cmpint (cf_text_find_problem ("a\nb", -1, CF_TEXT_PARAGRAPHS, TRUE), ==, CF_TEXT_OK);
}

/* Members of a feed or a backup's manifest, of whatever type the other
 * machine wrote: the fallback for anything but the type asked for, and no
 * critical warning (fatal here) for an object or an array. */
static void
test_json_members_of_another_type (void)
{
  g_autoptr(JsonNode) document = cf_json_parse ("{\"n\": 7, \"yes\": true, \"text\": \"12\","
                                                " \"half\": 2.5, \"none\": null, \"list\": [1],"
                                                " \"object\": {\"n\": 1}}", -1);
  JsonObject *object = json_node_get_object (document);
  const char *const others[] = { "text", "half", "none", "list", "object", "missing" };

  g_assert_cmpint (cf_json_get_int (object, "n", -1), ==, 7);
  g_assert_true (cf_json_get_boolean (object, "yes", FALSE));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_assert_cmpint (cf_json_get_int (object, others[i], -1), ==, -1);
      g_assert_true (cf_json_get_boolean (object, others[i], TRUE));
    }
  g_assert_cmpint (cf_json_get_int (object, "yes", -1), ==, -1);
  g_assert_false (cf_json_get_boolean (object, "n", FALSE));
  g_assert_cmpint (cf_json_get_int (NULL, "n", -1), ==, -1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/isolate", test_isolate);
  g_test_add_func ("/text/any-script", test_any_script_is_accepted);
  g_test_add_func ("/text/invalid-utf8", test_invalid_utf8_is_refused);
  g_test_add_func ("/text/control-characters", test_control_characters_are_refused);
  g_test_add_func ("/text/bidi-overrides", test_bidi_overrides_are_refused);
  g_test_add_func ("/text/lengths", test_lengths);
  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/uk-dates", test_uk_dates);
  g_test_add_func ("/text/problems", test_problems_are_named);
  g_test_add_func ("/json/members-of-another-type", test_json_members_of_another_type);
  return g_test_run ();
}
