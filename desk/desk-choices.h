/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A row of a list of choices: a check button that the row names @title
 * for assistive tools, and that the whole row toggles.  Returns the check
 * button, owned by the row. */
GtkCheckButton *desk_choices_add        (AdwPreferencesGroup *group,
                                         const char          *title,
                                         const char          *subtitle);
/* The same, one of a set of which only one is chosen: a radio button,
 * grouped with @group_leader (NULL for the first), and presented as one. */
GtkCheckButton *desk_choices_add_radio  (AdwPreferencesGroup *group,
                                         const char          *title,
                                         const char          *subtitle,
                                         GtkCheckButton      *group_leader);
GtkWidget      *desk_radio_button_new   (const char          *label,
                                         GtkCheckButton      *group_leader);
/* The position of the active check button in @checks, or -1. */
int             desk_choices_get_active (GPtrArray           *checks);

G_END_DECLS
