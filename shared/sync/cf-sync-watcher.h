/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Watches a sync folder and each machine's sub-folder in it, and emits
 * "changed" (at most every @settle_ms) when files appear or change, so a
 * pass can import them.  Names of files are never looked at here. */
#define CF_TYPE_SYNC_WATCHER (cf_sync_watcher_get_type ())
G_DECLARE_FINAL_TYPE (CfSyncWatcher, cf_sync_watcher, CF, SYNC_WATCHER, GObject)

CfSyncWatcher *cf_sync_watcher_new (const char *sync_dir,
                                    guint       settle_ms);

/* The names ("machine/file") of the segments now in @sync_dir, as a set,
 * listed on a thread.  A locked desk compares them to see that something
 * arrived; nothing in a segment is read. */
void        cf_sync_list_segments_async  (const char         *sync_dir,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
GHashTable *cf_sync_list_segments_finish (GAsyncResult       *result,
                                          GError            **error);

G_END_DECLS
