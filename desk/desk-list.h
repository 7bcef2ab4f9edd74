/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Replaces the contents of @store with @items (new references), keeping
 * the unchanged rows at either end: one items-changed for the middle
 * only, so a refresh does not rebuild every row or lose the selection. */
void desk_list_store_update (GListStore *store,
                             GPtrArray  *items,
                             GEqualFunc  same);

/* A column view showing @model with a selection of at most one row, none
 * at first; @changed runs (swapped, with @instance) when it or the rows
 * change.  Returns the selection, owned by the caller. */
GtkSingleSelection *desk_column_view_select_one (GtkColumnView *view,
                                                 GListModel    *model,
                                                 GCallback      changed,
                                                 gpointer       instance);

/* A column's cells as plain-text labels (never markup), start-aligned and
 * ellipsized: the "setup" handler of a GtkSignalListItemFactory, and the
 * text its "bind" handlers give a cell. */
void desk_list_label_set_up_cb (GtkSignalListItemFactory *factory,
                                GtkListItem              *item,
                                gpointer                  user_data);
void desk_list_set_cell_text   (GtkListItem              *item,
                                const char               *text);

G_END_DECLS
