/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-format.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cf-time.h"

typedef struct {
  const char *value;
  const char *label;
} Label;

static const char *
lookup (const Label *labels, gsize n_labels, const char *value)
{
  for (gsize i = 0; i < n_labels; i++)
    if (g_strcmp0 (labels[i].value, value) == 0)
      return _(labels[i].label);
  /* A value from a newer Confide still shows, untranslated. */
  return value ? value : "";
}

const char *
desk_format_mode (const char *mode)
{
  static const Label labels[] = {
    { "in-person", N_("In person") },
    { "phone", N_("Phone") },
    { "video", N_("Video") },
  };

  return lookup (labels, G_N_ELEMENTS (labels), mode);
}

const char *
desk_format_status (const char *status)
{
  static const Label labels[] = {
    { "booked", N_("Booked") },
    { "arrived", N_("Arrived") },
    { "seen", N_("Seen") },
    { "no-show", N_("Did not come") },
    { "cancelled", N_("Cancelled") },
  };

  return lookup (labels, G_N_ELEMENTS (labels), status);
}

const char *
desk_format_entry_kind (const char *kind)
{
  static const Label labels[] = {
    { "note", N_("Note") },
    { "advice", N_("Advice") },
    { "action", N_("Action") },
  };

  return lookup (labels, G_N_ELEMENTS (labels), kind);
}

char *
desk_format_time_range (gint64 start_at, gint64 end_at, GTimeZone *zone)
{
  g_autofree char *start = cf_clock_format (start_at, zone);
  g_autofree char *end = cf_clock_format (end_at, zone);

  /* TRANSLATORS: a time range, like 14:00–14:45 */
  return g_strdup_printf (_("%s–%s"), start, end);
}

char *
desk_format_day (gint64 utc_seconds, GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  /* TRANSLATORS: a day, like "Saturday 21 November 2026"; see strftime */
  return g_date_time_format (local, _("%A %-d %B %Y"));
}

char *
desk_format_moment (gint64 utc_seconds, GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  /* TRANSLATORS: a day and time, like "21 Nov 2026, 14:05"; see strftime */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static gboolean
contains_folded (const char *text, const char *query)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, query) != NULL;
}

gboolean
desk_match_student (const char *query, const char *name, const char *number)
{
  if (query == NULL || *query == '\0')
    return TRUE;
  return contains_folded (name, query) || contains_folded (number, query);
}
