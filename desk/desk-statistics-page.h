/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_STATISTICS_PAGE (desk_statistics_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskStatisticsPage, desk_statistics_page, DESK, STATISTICS_PAGE, GtkWidget)

/* Anonymised statistics, for managers: a period, one or two fields to
 * group by, the table of rounded counts, bars of contacts by month and by
 * topic, and exports to CSV, JSON and PDF. */
void desk_statistics_page_set_session (DeskStatisticsPage *self,
                                       CfSession          *session);
void desk_statistics_page_reload      (DeskStatisticsPage *self);
/* Forgets everything shown: the desk is being locked. */
void desk_statistics_page_clear       (DeskStatisticsPage *self);

G_END_DECLS
