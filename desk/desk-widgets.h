/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* For a widget's dispose: unparents whatever children are left. */
void desk_widget_unparent_children         (GtkWidget     *widget);
/* An AdwStatusPage reads its description as markup; this shows @text as
 * it is (an error's sentence may quote a file name or stored text). */
void desk_status_page_set_text_description (AdwStatusPage *page,
                                            const char    *text);

G_END_DECLS
