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

/* Exactly the seven properties interfaces.md allows.  The UID is opaque
 * and the same from export to export, so Security's calendar replaces the
 * event it holds rather than adding another; STATUS:CONFIRMED brings back
 * an event an earlier notice cancelled.  A cancellation names nobody: the
 * UID says which event it takes off. */
static icalcomponent *
vevent_for (const CfSecurityNoticeRow *row,
            struct icaltimetype        stamp)
{
  icalcomponent *event = icalcomponent_new_vevent ();

  icalcomponent_add_property (event, icalproperty_new_uid (row->uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (stamp));
  icalcomponent_add_property (event, icalproperty_new_dtstart (ical_utc (row->start_at)));
  icalcomponent_add_property (event, icalproperty_new_dtend (ical_utc (row->end_at)));
  if (!row->cancelled)
    {
      g_autofree char *summary = summary_for (row);

      icalcomponent_add_property (event, icalproperty_new_summary (summary));
    }
  icalcomponent_add_property (event, icalproperty_new_sequence ((int) row->sequence));
  icalcomponent_add_property (event, icalproperty_new_status (row->cancelled ? ICAL_STATUS_CANCELLED
                                                                              : ICAL_STATUS_CONFIRMED));
  return event;
}

static gboolean
rows_have_uids (const CfSecurityNoticeRow *rows,
                guint                      n_rows)
{
  for (guint i = 0; i < n_rows; i++)
    if (rows[i].uid == NULL)
      return FALSE;
  return TRUE;
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
  g_return_val_if_fail (rows_have_uids (rows, n_rows), NULL);

  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Confide//Security notice//EN"));
  for (guint i = 0; i < n_rows; i++)
    icalcomponent_add_component (calendar, vevent_for (&rows[i], stamp));
  text = icalcomponent_as_ical_string_r (calendar);
  copy = g_strdup (text);
  icalmemory_free_buffer (text);
  return copy;
}
