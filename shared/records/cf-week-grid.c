/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-week-grid.h"

#define WEEKDAYS 5

static GDateTime *
local_time (GTimeZone *zone,
            gint64     utc_seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);

  return g_date_time_to_timezone (utc, zone);
}

/* 0 for a Monday: the local day, not a count of seconds, so a change of
 * clocks within the week is right. */
static int
day_of_week (GTimeZone *zone,
             gint64     utc_seconds)
{
  g_autoptr(GDateTime) local = local_time (zone, utc_seconds);

  return g_date_time_get_day_of_week (local) - 1;
}

typedef struct {
  int      first_hour;
  int      end_hour;    /* one past the last row's hour */
  gboolean weekend;
} Extent;

/* Opening hours, stretched to every appointment that falls outside them. */
static void
measure (Extent     *extent,
         GTimeZone  *zone,
         GListModel *appointments)
{
  for (guint i = 0; i < g_list_model_get_n_items (appointments); i++)
    {
      g_autoptr(CfAppointment) appointment = g_list_model_get_item (appointments, i);
      g_autoptr(GDateTime) start = local_time (zone, cf_appointment_get_start_at (appointment));
      g_autoptr(GDateTime) end = local_time (zone, cf_appointment_get_end_at (appointment));
      int end_hour = g_date_time_get_hour (end) + (g_date_time_get_minute (end) > 0);

      if (g_date_time_get_day_of_year (end) != g_date_time_get_day_of_year (start))
        end_hour = 24;
      extent->first_hour = MIN (extent->first_hour, g_date_time_get_hour (start));
      extent->end_hour = MAX (extent->end_hour, end_hour);
      extent->weekend |= g_date_time_get_day_of_week (start) > WEEKDAYS;
    }
}

static gboolean
adviser_is_busy (GListModel *appointments,
                 const char *adviser_id,
                 gint64      start_at,
                 gint64      end_at)
{
  for (guint i = 0; i < g_list_model_get_n_items (appointments); i++)
    {
      g_autoptr(CfAppointment) appointment = g_list_model_get_item (appointments, i);

      if (g_strcmp0 (cf_appointment_get_adviser_id (appointment), adviser_id) == 0 &&
          g_strcmp0 (cf_appointment_get_status (appointment), "cancelled") != 0 &&
          cf_appointment_get_start_at (appointment) < end_at &&
          cf_appointment_get_end_at (appointment) > start_at)
        return TRUE;
    }
  return FALSE;
}

static CfWeekSlot
make_slot (GDateTime  *day,
           guint       day_index,
           int         hour,
           int         opens,
           int         closes,
           GListModel *appointments,
           const char *adviser_id,
           gint64      now)
{
  g_autoptr(GDateTime) start = g_date_time_new (g_date_time_get_timezone (day), g_date_time_get_year (day),
                                                g_date_time_get_month (day),
                                                g_date_time_get_day_of_month (day), hour, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_hours (start, 1);
  CfWeekSlot slot = { g_date_time_to_unix (start), g_date_time_to_unix (end), FALSE };

  slot.free = day_index < WEEKDAYS && hour * 60 >= opens && (hour + 1) * 60 <= closes &&
              slot.start_at > now &&
              !adviser_is_busy (appointments, adviser_id, slot.start_at, slot.end_at);
  return slot;
}

CfWeekGrid *
cf_week_grid_new (GTimeZone  *zone,
                  gint64      monday,
                  int         opens,
                  int         closes,
                  GListModel *appointments,
                  const char *adviser_id,
                  gint64      now)
{
  g_autoptr(GDateTime) first = NULL;
  Extent extent = { opens / 60, (closes + 59) / 60, FALSE };
  CfWeekGrid *grid;

  g_return_val_if_fail (zone != NULL && G_IS_LIST_MODEL (appointments), NULL);
  g_return_val_if_fail (opens >= 0 && closes <= 24 * 60 && opens < closes, NULL);

  first = local_time (zone, monday);
  measure (&extent, zone, appointments);
  grid = g_new0 (CfWeekGrid, 1);
  grid->n_days = extent.weekend ? 7 : WEEKDAYS;
  grid->first_hour = extent.first_hour;
  grid->n_hours = extent.end_hour - extent.first_hour;
  grid->slots = g_array_sized_new (FALSE, FALSE, sizeof (CfWeekSlot), grid->n_days * grid->n_hours);
  for (guint d = 0; d < grid->n_days; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (first, d);

      for (guint h = 0; h < grid->n_hours; h++)
        {
          CfWeekSlot slot = make_slot (day, d, grid->first_hour + h, opens, closes, appointments,
                                       adviser_id, now);
          g_array_append_val (grid->slots, slot);
        }
    }
  return grid;
}

void
cf_week_grid_free (CfWeekGrid *grid)
{
  if (grid == NULL)
    return;
  g_array_unref (grid->slots);
  g_free (grid);
}

CfWeekSlot *
cf_week_grid_get (CfWeekGrid *grid,
                  guint       day,
                  guint       hour_row)
{
  g_return_val_if_fail (grid != NULL, NULL);
  g_return_val_if_fail (day < grid->n_days && hour_row < grid->n_hours, NULL);

  return &g_array_index (grid->slots, CfWeekSlot, day * grid->n_hours + hour_row);
}

gboolean
cf_week_grid_locate (CfWeekGrid *grid,
                     GTimeZone  *zone,
                     gint64      start_at,
                     guint      *day,
                     guint      *hour_row)
{
  g_autoptr(GDateTime) local = local_time (zone, start_at);
  int d = day_of_week (zone, start_at);
  int row = g_date_time_get_hour (local) - (int) grid->first_hour;

  if (d < 0 || d >= (int) grid->n_days || row < 0 || row >= (int) grid->n_hours)
    return FALSE;
  *day = d;
  *hour_row = row;
  return TRUE;
}
