/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-sync-watcher.h"

struct _CfSyncWatcher {
  GObject     parent_instance;

  char       *sync_dir;
  guint       settle_ms;
  GHashTable *monitors;      /* folder path → GFileMonitor */
  guint       settle_id;
  guint       rescan_id;
};

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CfSyncWatcher, cf_sync_watcher, G_TYPE_OBJECT)

static void watch_folder (CfSyncWatcher *self,
                          const char    *path);

static gboolean
settled_cb (gpointer user_data)
{
  CfSyncWatcher *self = user_data;

  self->settle_id = 0;
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* Many events arrive for one segment (create, write, rename): one signal. */
static void
schedule_changed (CfSyncWatcher *self)
{
  if (self->settle_id == 0)
    self->settle_id = g_timeout_add (self->settle_ms, settled_cb, self);
}

static void
watch_subfolders (CfSyncWatcher *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->sync_dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->sync_dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        watch_folder (self, path);
    }
}

static void
folder_changed_cb (GFileMonitor     *monitor,
                   GFile            *file,
                   GFile            *other,
                   GFileMonitorEvent event,
                   gpointer          user_data)
{
  CfSyncWatcher *self = user_data;

  /* A machine's new sub-folder must be watched too. */
  if (event == G_FILE_MONITOR_EVENT_CREATED || event == G_FILE_MONITOR_EVENT_MOVED_IN)
    watch_subfolders (self);
  schedule_changed (self);
}

static void
watch_folder (CfSyncWatcher *self,
              const char    *path)
{
  g_autoptr(GFile) file = NULL;
  GFileMonitor *monitor;

  if (g_hash_table_contains (self->monitors, path))
    return;
  file = g_file_new_for_path (path);
  monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (monitor == NULL)
    return;
  g_file_monitor_set_rate_limit (monitor, self->settle_ms);
  g_signal_connect_object (monitor, "changed", G_CALLBACK (folder_changed_cb), self, 0);
  g_hash_table_insert (self->monitors, g_strdup (path), monitor);
}

/* The folder may be missing now (a USB stick, a share) and come back. */
static gboolean
rescan_cb (gpointer user_data)
{
  CfSyncWatcher *self = user_data;
  gboolean present = g_file_test (self->sync_dir, G_FILE_TEST_IS_DIR);

  if (!present && g_hash_table_size (self->monitors) > 0)
    g_hash_table_remove_all (self->monitors);
  else if (present && g_hash_table_size (self->monitors) == 0)
    {
      watch_folder (self, self->sync_dir);
      watch_subfolders (self);
      schedule_changed (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
cf_sync_watcher_dispose (GObject *object)
{
  CfSyncWatcher *self = (CfSyncWatcher *) object;

  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_handle_id (&self->rescan_id, g_source_remove);
  g_clear_pointer (&self->monitors, g_hash_table_unref);
  G_OBJECT_CLASS (cf_sync_watcher_parent_class)->dispose (object);
}

static void
cf_sync_watcher_finalize (GObject *object)
{
  CfSyncWatcher *self = (CfSyncWatcher *) object;

  g_free (self->sync_dir);
  G_OBJECT_CLASS (cf_sync_watcher_parent_class)->finalize (object);
}

static void
cf_sync_watcher_class_init (CfSyncWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cf_sync_watcher_dispose;
  object_class->finalize = cf_sync_watcher_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cf_sync_watcher_init (CfSyncWatcher *self)
{
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

CfSyncWatcher *
cf_sync_watcher_new (const char *sync_dir,
                     guint       settle_ms)
{
  CfSyncWatcher *self;

  g_return_val_if_fail (sync_dir != NULL, NULL);

  self = g_object_new (CF_TYPE_SYNC_WATCHER, NULL);
  self->sync_dir = g_strdup (sync_dir);
  self->settle_ms = MAX (settle_ms, 10);
  rescan_cb (self);
  self->rescan_id = g_timeout_add_seconds (2, rescan_cb, self);
  return self;
}

static void
list_segments_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) top = g_dir_open (task_data, 0, NULL);
  const char *machine, *file;

  while (top != NULL && (machine = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *folder = g_build_filename (task_data, machine, NULL);
      g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);

      while (dir != NULL && (file = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (file, ".seg"))
          g_hash_table_add (names, g_build_filename (machine, file, NULL));
    }
  g_task_return_pointer (task, names, (GDestroyNotify) g_hash_table_unref);
}

void
cf_sync_list_segments_async (const char         *sync_dir,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, cf_sync_list_segments_async);
  g_task_set_task_data (task, g_strdup (sync_dir), g_free);
  g_task_run_in_thread (task, list_segments_thread);
}

GHashTable *
cf_sync_list_segments_finish (GAsyncResult *result,
                              GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
