/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-widgets.h"

void
desk_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}
