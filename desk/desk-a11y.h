/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* GTK 4.8 and libadwaita 1.2 present every page of a stack (GtkStack,
 * AdwViewStack, a folded AdwLeaflet) to assistive technologies, shown or
 * not, so a screen reader could read out a page nobody sees: a record
 * behind the lock screen, say.  This keeps only what is shown in the
 * accessibility tree.  @container has a "visible-child" property, and
 * optionally "folded" (all children shown while unfolded). */
void desk_present_visible_child_only (GtkWidget *container);

/* libadwaita 1.2 names a message dialog's response buttons by their label
 * twice over (a label and a labelled-by relation to it), which GTK 4.8
 * reads out as "Cancel Cancel".  Call once the responses are added: each
 * button is then named once, by its label's text. */
void desk_message_dialog_name_responses (AdwMessageDialog *dialog);

G_END_DECLS
