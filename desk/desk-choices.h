/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A row of a list of choices: a check button (a radio button once given a
 * @group_leader) that the row names @title for assistive tools, and that
 * the whole row toggles.  Returns the check button, owned by the row. */
GtkCheckButton *desk_choices_add        (AdwPreferencesGroup *group,
                                         const char          *title,
                                         const char          *subtitle,
                                         GtkCheckButton      *group_leader);
/* The position of the active check button in @checks, or -1. */
int             desk_choices_get_active (GPtrArray           *checks);

G_END_DECLS
