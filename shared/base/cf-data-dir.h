/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The files of one machine.  Their names are fixed and say nothing about
 * the office or its people. */
char    *cf_data_dir_default            (void);
char    *cf_data_dir_database           (const char *data_dir);
char    *cf_data_dir_cases              (const char *data_dir);
char    *cf_data_dir_cases_rekeyed      (const char *data_dir);
char    *cf_data_dir_keyslots           (const char *data_dir);
char    *cf_data_dir_config             (const char *data_dir);
char    *cf_data_dir_kiosk_key          (const char *data_dir);
char    *cf_data_dir_restored           (const char *data_dir);
/* Restored from a backup, and its own segments written after the backup
 * not all applied yet (the marker cf_data_dir_restored, cf-sync-restore.c). */
gboolean cf_data_dir_is_restored        (const char *data_dir);
/* Restored, and not yet holding what it wrote after the backup to the
 * office database (its audit chain): nothing may be written here yet. */
gboolean cf_data_dir_is_catching_up     (const char *data_dir);
/* The last of its own segments the restored database holds, once the
 * first pass after the restore has noted it (FALSE before). */
gboolean cf_data_dir_restored_after     (const char *data_dir,
                                         gint64     *after);
gboolean cf_data_dir_set_restored_after (const char *data_dir,
                                         gint64      after,
                                         GError    **error);
gboolean cf_data_dir_mark_caught_up     (const char *data_dir,
                                         GError    **error);

/* The office database's copy a backup writes and reads back at once: a
 * backup killed in between leaves it, a second encrypted copy, removed by
 * the next backup and by cf_data_dir_remove_machine. */
#define CF_DATA_DIR_OFFICE_COPY "confide.db.backup"

/* Removes a machine's own files (databases with their journals, a backup's
 * leftover copy, key slots, configuration, kiosk key): after a failed set-up, so it can be run again. */
void cf_data_dir_remove_machine (const char *data_dir);

/* The per-machine configuration (node.conf): machine id, kind, sync folder. */
typedef struct {
  char *node_id;
  char *kind;       /* "desk" or "kiosk" */
  char *sync_dir;
} CfNodeConfig;

CfNodeConfig *cf_node_config_load        (const char         *data_dir,
                                          GError            **error);
gboolean      cf_node_config_save        (const char         *data_dir,
                                          const CfNodeConfig *config,
                                          GError            **error);
void          cf_node_config_free        (CfNodeConfig       *config);
/* cf_node_config_load on a thread: it touches the disk. */
void          cf_node_config_load_async  (const char         *data_dir,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
CfNodeConfig *cf_node_config_load_finish (GAsyncResult       *result,
                                          GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfNodeConfig, cf_node_config_free)

G_END_DECLS
