/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cf-appointment.h"

G_BEGIN_DECLS

/* The diary's week as a grid: days across, the hours the office opens
 * down, each hour a slot that is free to book or not.  Pure: the desk
 * computes it from a week's appointments, and tests check it with no
 * display. */

typedef struct {
  gint64   start_at;   /* UTC seconds */
  gint64   end_at;
  gboolean free;       /* within opening hours on a weekday, not yet
                        * begun, and no appointment of the adviser's in it */
} CfWeekSlot;

typedef struct {
  guint   n_days;      /* 5, Monday to Friday; 7 when the weekend holds appointments */
  guint   first_hour;  /* the first row's hour, local time */
  guint   n_hours;
  GArray *slots;       /* CfWeekSlot, n_days × n_hours, day by day */
} CfWeekGrid;

/* The grid of the week that starts at @monday (its first moment, in
 * @zone), for an office open from @opens to @closes (minutes after
 * midnight), holding @appointments (CfAppointment); a slot is free of
 * @adviser_id's appointments that are not cancelled, and @now decides
 * what has begun.  Rows stretch to show every appointment. */
CfWeekGrid *cf_week_grid_new    (GTimeZone  *zone,
                                 gint64      monday,
                                 int         opens,
                                 int         closes,
                                 GListModel *appointments,
                                 const char *adviser_id,
                                 gint64      now);
void        cf_week_grid_free   (CfWeekGrid *grid);
CfWeekSlot *cf_week_grid_get    (CfWeekGrid *grid,
                                 guint       day,
                                 guint       hour_row);
/* Where a block of the week's appointments goes: the day and the row of
 * the hour it starts in.  FALSE when it starts outside the grid. */
gboolean    cf_week_grid_locate (CfWeekGrid *grid,
                                 GTimeZone  *zone,
                                 gint64      start_at,
                                 guint      *day,
                                 guint      *hour_row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfWeekGrid, cf_week_grid_free)

G_END_DECLS
