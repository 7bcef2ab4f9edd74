/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-format.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cf-consent.h"
#include "cf-text.h"
#include "cf-time.h"

typedef struct {
  const char *value;
  const char *label;
} Label;

static const char *
lookup (const Label *labels,
        gsize        n_labels,
        const char  *value)
{
  for (gsize i = 0; i < n_labels; i++)
    if (g_strcmp0 (labels[i].value, value) == 0)
      return _(labels[i].label);
  /* A value from a newer Confide still shows, untranslated. */
  return value ? value : "";
}

const char *
desk_format_role (CfRole role)
{
  switch (role)
    {
    case CF_ROLE_ADVISER:
      return _("Adviser");
    case CF_ROLE_MANAGER:
      return _("Manager");
    case CF_ROLE_ADMIN:
    default:
      return _("Administrator");
    }
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
desk_format_time_range (gint64     start_at,
                        gint64     end_at,
                        GTimeZone *zone)
{
  g_autofree char *start = cf_clock_format (start_at, zone);
  g_autofree char *end = cf_clock_format (end_at, zone);

  /* TRANSLATORS: a time range, like 14:00–14:45 */
  return g_strdup_printf (_("%s–%s"), start, end);
}

char *
desk_format_day (gint64     utc_seconds,
                 GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  /* TRANSLATORS: a day, like "Saturday 21 November 2026"; see strftime */
  return g_date_time_format (local, _("%A %-d %B %Y"));
}

char *
desk_format_moment (gint64     utc_seconds,
                    GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  /* TRANSLATORS: a day and time, like "21 Nov 2026, 14:05"; see strftime */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static gboolean
contains_folded (const char *text,
                 const char *query)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, query) != NULL;
}

gboolean
desk_match_student (const char *query,
                    const char *name,
                    const char *number)
{
  if (query == NULL || *query == '\0')
    return TRUE;
  return contains_folded (name, query) || contains_folded (number, query);
}

const char *
desk_format_student_name (const char *name)
{
  return name ? name : _("Anonymous");
}

char *
desk_format_first_seen (gint64     created_at,
                        GTimeZone *zone)
{
  g_autofree char *when = desk_format_moment (created_at, zone);

  /* TRANSLATORS: when an anonymous student first checked in, like "First seen 7 Dec 2026, 14:05" */
  return g_strdup_printf (_("First seen %s"), when);
}

char *
desk_format_detail_line (const char *const *parts)
{
  GString *line = g_string_new (NULL);

  for (const char *const *part = parts; *part != NULL; part++)
    {
      if (**part == '\0')
        continue;
      if (line->len > 0)
        /* TRANSLATORS: what separates the parts of a line of details */
        g_string_append (line, _(" · "));
      {
        g_autofree char *isolated = cf_text_isolate (*part);

        g_string_append (line, isolated);
      }
    }
  return g_string_free (line, FALSE);
}

static char *
removed_change (gboolean    removed,
                const char *by_name,
                const char *when)
{
  g_autofree char *by = by_name ? cf_text_isolate (by_name) : NULL;

  if (removed && by != NULL)
    /* TRANSLATORS: "since 7 Dec 2026, 14:05, marked by Mari Manager" */
    return g_strdup_printf (_("Yes, since %s, marked by %s"), when, by);
  if (removed)
    return g_strdup_printf (_("Yes, since %s"), when);
  if (by != NULL)
    /* TRANSLATORS: "cleared on 7 Dec 2026, 14:05 by Mari Manager" */
    return g_strdup_printf (_("No: cleared on %s by %s"), when, by);
  return g_strdup_printf (_("No: cleared on %s"), when);
}

char *
desk_format_removed (gboolean    removed,
                     const char *reason,
                     const char *by,
                     gint64      at,
                     GTimeZone  *zone)
{
  g_autofree char *when = NULL, *change = NULL, *why = NULL;

  /* Marked before who and why were kept, or never marked. */
  if (at == 0)
    return g_strdup (removed ? _("Yes") : _("No"));
  when = desk_format_moment (at, zone);
  change = removed_change (removed, by, when);
  /* TRANSLATORS: who changed it, then why: "Yes, since …, marked by Mari Manager: Suspended." */
  if (reason == NULL)
    return g_steal_pointer (&change);
  why = cf_text_isolate (reason);
  return g_strdup_printf (_("%s: %s"), change, why);
}

const char *
desk_format_consent_source (const char *source)
{
  static const Label labels[] = {
    { "kiosk", N_("on the kiosk’s consent slip") },
    { "written", N_("in writing") },
    { "email", N_("by email") },
    { "verbal", N_("verbally") },
  };

  return lookup (labels, G_N_ELEMENTS (labels), source);
}

const char *
desk_format_breach_ground (const char *ground)
{
  static const Label labels[] = {
    { "risk-to-student", N_("Serious and imminent risk to the student") },
    { "risk-to-others", N_("Serious and imminent risk to others") },
    { "terrorism", N_("The law on terrorism") },
    { "money-laundering", N_("The law on money laundering") },
    { "safeguarding-children", N_("Safeguarding children") },
    { "other-legal-duty", N_("Another legal duty") },
  };

  return lookup (labels, G_N_ELEMENTS (labels), ground);
}

char *
desk_format_breach_grounds (const char *const *grounds)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; grounds[i]; i++)
    {
      if (i > 0)
        /* TRANSLATORS: between two grounds of a breach record */
        g_string_append (text, _("; "));
      g_string_append (text, desk_format_breach_ground (grounds[i]));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

const char *
desk_format_breach_informed (const char *informed)
{
  static const Label labels[] = {
    { "told", N_("The student was told") },
    { "consent-asked", N_("The student was asked for consent") },
    { "not-told", N_("The student was not told") },
  };

  return lookup (labels, G_N_ELEMENTS (labels), informed);
}

char *
desk_format_consent (CfConsent *consent,
                     GTimeZone *zone)
{
  g_autofree char *source = NULL, *by = NULL, *withdrawal_source = NULL, *withdrawn_by = NULL;
  g_autofree char *given = NULL, *withdrawn = NULL;
  gboolean granted;
  gint64 withdrawn_at;

  g_object_get (consent, "source", &source, "recorded-by-name", &by, "granted", &granted,
                "withdrawal-source", &withdrawal_source, "withdrawn-by-name", &withdrawn_by,
                "withdrawn-at", &withdrawn_at, NULL);
  given = desk_format_moment (cf_consent_get_recorded_at (consent), zone);
  if (!granted)
    /* TRANSLATORS: "Refused on the kiosk's consent slip on 21 Nov 2026, 14:05" */
    return g_strdup_printf (_("Refused %s on %s"), desk_format_consent_source (source), given);
  if (cf_consent_is_current (consent))
    {
      g_autofree char *recorder = cf_text_isolate (by ? by : _("a former user"));

      /* TRANSLATORS: "Given in writing on 21 Nov 2026, 14:05, recorded by Ada" */
      return g_strdup_printf (_("Given %s on %s, recorded by %s"), desk_format_consent_source (source),
                              given, recorder);
    }
  withdrawn = desk_format_moment (withdrawn_at, zone);
  /* TRANSLATORS: "Withdrawn by email on 22 Nov 2026, 10:00 (given in writing on 21 Nov 2026, 14:05)" */
  return g_strdup_printf (_("Withdrawn %s on %s (given %s on %s)"),
                          desk_format_consent_source (withdrawal_source), withdrawn,
                          desk_format_consent_source (source), given);
}

char *
desk_format_security_told (gint64     told_at,
                           gint64     start_at,
                           gint64     end_at,
                           gboolean   cancelled,
                           GTimeZone *zone)
{
  g_autofree char *told = desk_format_moment (told_at, zone);
  g_autofree char *day = desk_format_day (start_at, zone);
  g_autofree char *times = desk_format_time_range (start_at, end_at, zone);

  /* TRANSLATORS: "Security was told on 21 Nov 2026, 14:05 that the appointment of Tuesday 24 November 2026, 14:00–14:45 is cancelled" */
  if (cancelled)
    return g_strdup_printf (_("Security was told on %s that the appointment of %s, %s is cancelled"),
                            told, day, times);

  /* TRANSLATORS: "Security was told of appointment times on 21 Nov 2026, 14:05 (Tuesday 24 November 2026, 14:00–14:45)" */
  return g_strdup_printf (_("Security was told of appointment times on %s (%s, %s)"), told, day, times);
}
