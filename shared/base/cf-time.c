/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-time.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "cf-error.h"

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
  int consumed = 0;

  *h = *mi = *s = 0;
  if (!with_time)
    return sscanf (text, "%4d-%2d-%2d%n", y, mo, d, &consumed) == 3 && text[consumed] == '\0';
  if (sscanf (text, "%4d-%2d-%2dT%2d:%2d%n", y, mo, d, h, mi, &consumed) != 5)
    return FALSE;
  if (text[consumed] == ':')
    {
      int more = 0;

      if (sscanf (text + consumed, ":%2d%n", s, &more) != 1)
        return FALSE;
      consumed += more;
    }
  return text[consumed] == '\0' && *h < 24 && *mi < 60 && *s < 60;
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
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("“%s” is not a time: write it like 2026-11-23T14:00."), text);
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
  int y, mo, d, h, mi, s;

  g_return_val_if_fail (text && zone, FALSE);
  if (parse_fields (text, &y, &mo, &d, &h, &mi, &s, FALSE))
    dt = make (zone, y, mo, d, 0, 0, 0);
  if (dt == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("“%s” is not a date: write it like 2026-11-23."), text);
      return FALSE;
    }
  next = g_date_time_add_days (dt, 1);
  if (day_start)
    *day_start = g_date_time_to_unix (dt);
  if (day_end)
    *day_end = g_date_time_to_unix (next);
  return TRUE;
}

/* --- dates as people in the UK type them --- */

static gboolean
parse_uk_fields (const char *text,
                 int        *y,
                 int        *mo,
                 int        *d)
{
  int consumed = 0;

  return sscanf (text, "%2d/%2d/%4d%n", d, mo, y, &consumed) == 3 && text[consumed] == '\0' &&
         consumed >= 8 && *y >= 1000;
}

gboolean
cf_date_parse_uk (const char *text,
                  GTimeZone  *zone,
                  gint64     *day_start,
                  gint64     *day_end,
                  GError    **error)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *trimmed = NULL;
  int y, mo, d;

  g_return_val_if_fail (text && zone, FALSE);
  trimmed = g_strstrip (g_strdup (text));
  if (parse_uk_fields (trimmed, &y, &mo, &d))
    dt = make (zone, y, mo, d, 0, 0, 0);
  else if (cf_date_parse (trimmed, zone, day_start, day_end, NULL))
    return TRUE;
  if (dt == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("“%s” is not a date: write it like 07/12/2026."), text);
      return FALSE;
    }
  next = g_date_time_add_days (dt, 1);
  if (day_start)
    *day_start = g_date_time_to_unix (dt);
  if (day_end)
    *day_end = g_date_time_to_unix (next);
  return TRUE;
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
