/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-widgets.h"

void
desk_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

void
desk_status_page_set_text_description (AdwStatusPage *page,
                                       const char    *text)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (ADW_IS_STATUS_PAGE (page));

  escaped = text ? g_markup_escape_text (text, -1) : NULL;
  adw_status_page_set_description (page, escaped);
}
