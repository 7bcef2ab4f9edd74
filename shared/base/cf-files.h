/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes to a temporary name, fsyncs, renames: readers see the old file or
 * the new one, never half of either.  Mode 0600: these files are private. */
gboolean cf_files_write_atomic    (const char *path,
                                   const void *data,
                                   gsize       length,
                                   GError    **error);
gboolean cf_files_read            (const char *path,
                                   char      **contents,
                                   gsize      *length,
                                   GError    **error);
gboolean cf_files_ensure_folder   (const char *path,
                                   GError    **error);
/* fsync of a file that is complete, before it is renamed into place. */
gboolean cf_files_sync_path       (const char *path,
                                   GError    **error);
/* rename(2), then fsync of the folder, so the new name survives a crash. */
gboolean cf_files_rename_durably  (const char *from,
                                   const char *to,
                                   GError    **error);
void     cf_files_set_errno_error (GError    **error,
                                   int         saved_errno,
                                   const char *path);

G_END_DECLS
