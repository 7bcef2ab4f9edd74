/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-time.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "cf-error.h"
#include "cf-text.h"

/* Says that @text is not what was asked for, quoting it back only when it
 * can be shown as typed (cf_text_is_quotable); @quoted takes it as %s. */
static void
set_not_understood (GError    **error,
                    const char *text,
                    const char *quoted,
                    const char *unquoted)
{
  if (cf_text_is_quotable (text))
    g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT, quoted, text);
  else
    g_set_error_literal (error, CF_ERROR, CF_ERROR_INVALID_INPUT, unquoted);
}

/* --- days and times of day as people type them --- */

/* "07/12/2026" (day first, as the UK writes it; "7/12/26" too) or
 * "2026-12-07".  Only the shape is read here: whether the day exists is
 * check_day's question. */
static gboolean
scan_day (const char *text,
          int        *y,
          int        *mo,
          int        *d)
{
  int consumed = 0;

  if (sscanf (text, "%4d-%2d-%2d%n", y, mo, d, &consumed) == 3 && text[consumed] == '\0')
    return TRUE;
  consumed = 0;
  if (sscanf (text, "%2d/%2d/%4d%n", d, mo, y, &consumed) != 3 || text[consumed] != '\0')
    return FALSE;
  /* A two-digit year is this century's: nobody books for 1926. */
  if (consumed > 0 && text[consumed - 3] == '/')
    *y += 2000;
  return TRUE;
}

static gboolean
check_day (const char *text,
           int         y,
           int         mo,
           int         d,
           GError    **error)
{
  g_autoptr(GDateTime) first = NULL;
  g_autofree char *month = NULL;

  if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1)
    {
      set_not_understood (error, text, _("“%s” is not a date: write it like 07/12/2026."),
                          _("That is not a date: write it like 07/12/2026."));
      return FALSE;
    }
  if (g_date_valid_dmy ((GDateDay) d, (GDateMonth) mo, (GDateYear) y))
    return TRUE;
  first = g_date_time_new_utc (y, mo, 1, 0, 0, 0);
  month = g_date_time_format (first, "%B");
  /* TRANSLATORS: "There is no 31 February 2026: February 2026 has 28 days." */
  g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
               _("There is no %d %s %d: %s %d has %d days."), d, month, y, month, y,
               g_date_get_days_in_month ((GDateMonth) mo, (GDateYear) y));
  return FALSE;
}

gboolean
cf_day_parse (const char *text,
              GDate      *date,
              GError    **error)
{
  g_autofree char *stripped = NULL;
  int y = 0, mo = 0, d = 0;

  g_return_val_if_fail (text != NULL && date != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  if (!scan_day (stripped, &y, &mo, &d))
    {
      set_not_understood (error, stripped, _("“%s” is not a date: write it like 07/12/2026."),
                          _("That is not a date: write it like 07/12/2026."));
      return FALSE;
    }
  if (!check_day (stripped, y, mo, d, error))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) mo, (GDateYear) y);
  return TRUE;
}

/* "am" or "pm" after the time, any case, with or without a space. */
static int
scan_meridiem (const char *rest)
{
  while (*rest == ' ')
    rest++;
  if (*rest == '\0')
    return 0;
  if ((g_ascii_strcasecmp (rest, "am") == 0 || g_ascii_strcasecmp (rest, "a.m.") == 0))
    return 'a';
  if ((g_ascii_strcasecmp (rest, "pm") == 0 || g_ascii_strcasecmp (rest, "p.m.") == 0))
    return 'p';
  return -1;
}

/* "14:00", "14.00", "9:30", "9", "9am", "2.30 pm" */
static gboolean
scan_clock (const char *text,
            int        *h,
            int        *mi)
{
  int consumed = 0, meridiem;

  *mi = 0;
  if (sscanf (text, "%2d%n", h, &consumed) != 1 || !g_ascii_isdigit (text[0]))
    return FALSE;
  if (text[consumed] == ':' || text[consumed] == '.')
    {
      int more = 0;

      if (!g_ascii_isdigit (text[consumed + 1]) || !g_ascii_isdigit (text[consumed + 2]) ||
          sscanf (text + consumed + 1, "%2d%n", mi, &more) != 1)
        return FALSE;
      consumed += 1 + more;
    }
  meridiem = scan_meridiem (text + consumed);
  if (meridiem < 0 || *mi > 59)
    return FALSE;
  if (meridiem == 0)
    return *h < 24;
  if (*h < 1 || *h > 12)
    return FALSE;
  *h = *h % 12 + (meridiem == 'p' ? 12 : 0);
  return TRUE;
}

gboolean
cf_clock_parse (const char *text,
                int        *minutes,
                GError    **error)
{
  g_autofree char *stripped = NULL;
  int h = 0, mi = 0;

  g_return_val_if_fail (text != NULL && minutes != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  if (!scan_clock (stripped, &h, &mi))
    {
      set_not_understood (error, stripped, _("“%s” is not a time of day: write it like 14:00 or 2pm."),
                          _("That is not a time of day: write it like 14:00 or 2pm."));
      return FALSE;
    }
  *minutes = h * 60 + mi;
  return TRUE;
}

/* --- machine formats --- */

/* A date as cf_day_parse reads it, then, with @with_time, "T" or a space
 * and "HH:MM" or "HH:MM:SS". */
static gboolean
parse_fields (const char *text,
              int        *y,
              int        *mo,
              int        *d,
              int        *h,
              int        *mi,
              int        *s,
              gboolean    with_time)
{
  g_autofree char *day = NULL;
  const char *clock = NULL;
  int consumed = 0;

  *h = *mi = *s = 0;
  if (with_time)
    {
      clock = strpbrk (text, "T ");
      if (clock == NULL)
        return FALSE;
      day = g_strndup (text, (gsize) (clock - text));
      clock++;
    }
  if (!scan_day (day ? day : text, y, mo, d) ||
      !g_date_valid_dmy ((GDateDay) *d, (GDateMonth) *mo, (GDateYear) *y))
    return FALSE;
  if (!with_time)
    return TRUE;
  if (sscanf (clock, "%2d:%2d%n", h, mi, &consumed) != 2)
    return FALSE;
  if (clock[consumed] == ':')
    {
      int more = 0;

      if (sscanf (clock + consumed, ":%2d%n", s, &more) != 1)
        return FALSE;
      consumed += more;
    }
  return clock[consumed] == '\0' && *h < 24 && *mi < 60 && *s < 60;
}

static GDateTime *
make (GTimeZone *zone,
      int        y,
      int        mo,
      int        d,
      int        h,
      int        mi,
      int        s)
{
  GDateTime *dt = g_date_time_new (zone, y, mo, d, h, mi, s);

  /* GDateTime normalises nothing: an impossible date gives NULL, and a
   * round trip catches a day that does not exist in the month. */
  if (dt && (g_date_time_get_month (dt) != mo || g_date_time_get_day_of_month (dt) != d))
    g_clear_pointer (&dt, g_date_time_unref);
  return dt;
}

gboolean
cf_time_parse (const char *text,
               GTimeZone  *zone,
               gint64     *out,
               GError    **error)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi, s;

  g_return_val_if_fail (text && zone && out, FALSE);
  if (parse_fields (text, &y, &mo, &d, &h, &mi, &s, TRUE))
    dt = make (zone, y, mo, d, h, mi, s);
  if (dt == NULL)
    {
      set_not_understood (error, text, _("“%s” is not a time: write it like 2026-11-23T14:00."),
                          _("That is not a time: write it like 2026-11-23T14:00."));
      return FALSE;
    }
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

gboolean
cf_date_parse (const char *text,
               GTimeZone  *zone,
               gint64     *day_start,
               gint64     *day_end,
               GError    **error)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) next = NULL;
  GDate date;

  g_return_val_if_fail (text && zone, FALSE);
  if (!cf_day_parse (text, &date, error))
    return FALSE;
  dt = g_date_time_new (zone, g_date_get_year (&date), g_date_get_month (&date),
                        g_date_get_day (&date), 0, 0, 0);
  next = g_date_time_add_days (dt, 1);
  if (day_start)
    *day_start = g_date_time_to_unix (dt);
  if (day_end)
    *day_end = g_date_time_to_unix (next);
  return TRUE;
}

gint64
cf_time_from_day (const GDate *date,
                  int          minutes,
                  GTimeZone   *zone)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date) && zone != NULL, 0);

  dt = g_date_time_new (zone, g_date_get_year (date), g_date_get_month (date),
                        g_date_get_day (date), minutes / 60, minutes % 60, 0);
  return g_date_time_to_unix (dt);
}

static char *
format_in_zone (gint64      utc_seconds,
                GTimeZone  *zone,
                const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, format);
}

char *
cf_time_format (gint64     utc_seconds,
                GTimeZone *zone)
{
  return format_in_zone (utc_seconds, zone, "%Y-%m-%dT%H:%M");
}

char *
cf_date_format (gint64     utc_seconds,
                GTimeZone *zone)
{
  return format_in_zone (utc_seconds, zone, "%Y-%m-%d");
}

char *
cf_clock_format (gint64     utc_seconds,
                 GTimeZone *zone)
{
  return format_in_zone (utc_seconds, zone, "%H:%M");
}

char *
cf_date_format_uk (gint64     utc_seconds,
                   GTimeZone *zone)
{
  return format_in_zone (utc_seconds, zone, "%d/%m/%Y");
}
