/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-list.h"

static gboolean
same_at (GListStore *store,
         guint       position,
         gpointer    item,
         GEqualFunc  same)
{
  g_autoptr(GObject) old = g_list_model_get_item (G_LIST_MODEL (store), position);

  return same (old, item);
}

void
desk_list_store_update (GListStore *store,
                        GPtrArray  *items,
                        GEqualFunc  same)
{
  guint old_n = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint new_n = items->len;
  guint prefix = 0, suffix = 0;

  g_return_if_fail (G_IS_LIST_STORE (store));

  while (prefix < old_n && prefix < new_n && same_at (store, prefix, items->pdata[prefix], same))
    prefix++;
  while (suffix < old_n - prefix && suffix < new_n - prefix &&
         same_at (store, old_n - 1 - suffix, items->pdata[new_n - 1 - suffix], same))
    suffix++;
  if (old_n - prefix - suffix == 0 && new_n - prefix - suffix == 0)
    return;
  g_list_store_splice (store, prefix, old_n - prefix - suffix,
                       items->pdata + prefix, new_n - prefix - suffix);
}

GtkSingleSelection *
desk_column_view_select_one (GtkColumnView *view,
                             GListModel    *model,
                             GCallback      changed,
                             gpointer       instance)
{
  GtkSingleSelection *selection = gtk_single_selection_new (g_object_ref (model));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (selection, "selection-changed", changed, instance, G_CONNECT_SWAPPED);
  g_signal_connect_object (selection, "items-changed", changed, instance, G_CONNECT_SWAPPED);
  return selection;
}

void
desk_list_label_set_up_cb (GtkSignalListItemFactory *factory,
                           GtkListItem              *item,
                           gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

void
desk_list_set_cell_text (GtkListItem *item,
                         const char  *text)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text ? text : "");
}
