/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cf-session.h"

G_BEGIN_DECLS

/* What a backup held, for the line that reports it. */
typedef struct {
  guint   n_parts;
  guint64 bytes;
} CfBackupSummary;

gboolean cf_backup_write        (CfSession          *session,
                                 const char         *path,
                                 CfBackupSummary    *summary,
                                 GError            **error);
void     cf_backup_write_async  (CfSession          *session,
                                 const char         *path,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data);
gboolean cf_backup_write_finish (CfSession          *session,
                                 GAsyncResult       *result,
                                 GError            **error);
gboolean cf_backup_restore      (const char         *path,
                                 const char         *data_dir,
                                 const char         *sync_dir,
                                 CfBackupSummary    *summary,
                                 GError            **error);

G_END_DECLS
