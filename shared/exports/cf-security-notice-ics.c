/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-security-notice.h"

#include <libical/ical.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (icalcomponent, icalcomponent_free)

/* UTC needs no VTIMEZONE, and every calendar shows it in local time. */
static struct icaltimetype
ical_utc (gint64 seconds)
{
  return icaltime_from_timet_with_zone ((time_t) seconds, 0, icaltimezone_get_utc_timezone ());
}

static char *
summary_for (const CfSecurityNoticeRow *row)
{
  if (row->student_number == NULL || row->student_number[0] == '\0')
    return g_strdup (row->student_name);
  return g_strdup_printf ("%s (%s)", row->student_name, row->student_number);
}

/* Exactly five properties.  The UID is random for each export, so it
 * cannot be traced back to a record. */
static icalcomponent *
vevent_for (const CfSecurityNoticeRow *row,
            struct icaltimetype        stamp)
{
  icalcomponent *event = icalcomponent_new_vevent ();
  g_autofree char *uid = g_uuid_string_random ();
  g_autofree char *summary = summary_for (row);

  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (stamp));
  icalcomponent_add_property (event, icalproperty_new_dtstart (ical_utc (row->start_at)));
  icalcomponent_add_property (event, icalproperty_new_dtend (ical_utc (row->end_at)));
  icalcomponent_add_property (event, icalproperty_new_summary (summary));
  return event;
}

char *
cf_security_notice_write_ics (const CfSecurityNoticeRow *rows,
                              guint                      n_rows,
                              gint64                     now)
{
  g_autoptr(icalcomponent) calendar = icalcomponent_new_vcalendar ();
  struct icaltimetype stamp = ical_utc (now);
  char *text, *copy;

  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);

  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Confide//Security notice//EN"));
  for (guint i = 0; i < n_rows; i++)
    icalcomponent_add_component (calendar, vevent_for (&rows[i], stamp));
  text = icalcomponent_as_ical_string_r (calendar);
  copy = g_strdup (text);
  icalmemory_free_buffer (text);
  return copy;
}
