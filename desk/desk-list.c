/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-list.h"

static gboolean
same_at (GListStore *store, guint position, gpointer item, GEqualFunc same)
{
  g_autoptr(GObject) old = g_list_model_get_item (G_LIST_MODEL (store), position);

  return same (old, item);
}

void
desk_list_store_update (GListStore *store, GPtrArray *items, GEqualFunc same)
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
