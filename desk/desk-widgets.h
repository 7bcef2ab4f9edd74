/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* For a widget's dispose: unparents whatever children are left. */
void desk_widget_unparent_children (GtkWidget *widget);

G_END_DECLS
