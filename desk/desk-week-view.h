/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-week-grid.h"

G_BEGIN_DECLS

/* The diary's week as a calendar: days across, hours down, each
 * appointment a block with its time and the student's name (plain text),
 * each free hour a button that books it.  Emits "slot-activated" with the
 * free hour's start (UTC seconds) and "appointment-activated" with the
 * position of the appointment in the model shown. */
#define DESK_TYPE_WEEK_VIEW (desk_week_view_get_type ())
G_DECLARE_FINAL_TYPE (DeskWeekView, desk_week_view, DESK, WEEK_VIEW, GtkWidget)

/* @names: student id → name ("" for an anonymous student), as the Today
 * list has them; @show_adviser: the whole office's week. */
void desk_week_view_show  (DeskWeekView *self,
                           CfWeekGrid   *grid,
                           GListModel   *appointments,
                           GHashTable   *names,
                           GTimeZone    *zone,
                           gboolean      show_adviser);
void desk_week_view_clear (DeskWeekView *self);

G_END_DECLS
