/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Replaces the contents of @store with @items (new references), keeping
 * the unchanged rows at either end: one items-changed for the middle
 * only, so a refresh does not rebuild every row or lose the selection. */
void desk_list_store_update (GListStore *store,
                             GPtrArray  *items,
                             GEqualFunc  same);

G_END_DECLS
