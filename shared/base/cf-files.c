/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-files.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "cf-error.h"

/* One place turns a system error into a sentence that names the file and
 * says what to do about it. */
void
cf_files_set_errno_error (GError    **error,
                          int         saved_errno,
                          const char *path)
{
  switch (saved_errno)
    {
    case ENOSPC:
    case EDQUOT:
      g_set_error (error, CF_ERROR, CF_ERROR_DISK_FULL,
                   _("The disk holding %s is full, so nothing was saved. Free some space and try again."),
                   path);
      break;
    case EACCES:
    case EPERM:
    case EROFS:
      g_set_error (error, CF_ERROR, CF_ERROR_READ_ONLY,
                   _("%s cannot be written: the disk or folder is read-only or permission was refused. Make it writable and try again."),
                   path);
      break;
    case ENOENT:
    case ENOTDIR:
      g_set_error (error, CF_ERROR, CF_ERROR_NO_FOLDER,
                   _("%s does not exist. Check the folder, or pass the right one with --data-dir or --sync-dir."),
                   path);
      break;
    default:
      g_set_error (error, CF_ERROR, CF_ERROR_FAILED,
                   _("%s could not be read or written: %s."),
                   path, g_strerror (saved_errno));
    }
}

static void
translate_file_error (GError    **error,
                      GError     *file_error,
                      const char *path)
{
  int code = EIO;

  switch (file_error->code)
    {
    case G_FILE_ERROR_NOSPC: code = ENOSPC; break;
    case G_FILE_ERROR_ACCES: code = EACCES; break;
    case G_FILE_ERROR_PERM: code = EPERM; break;
    case G_FILE_ERROR_ROFS: code = EROFS; break;
    case G_FILE_ERROR_NOENT: code = ENOENT; break;
    case G_FILE_ERROR_NOTDIR: code = ENOTDIR; break;
    default: break;
    }
  cf_files_set_errno_error (error, code, path);
  g_error_free (file_error);
}

gboolean
cf_files_write_atomic (const char *path,
                       const void *data,
                       gsize       length,
                       GError    **error)
{
  GError *file_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT |
                                 G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &file_error))
    {
      translate_file_error (error, file_error, path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sync_fd_of (const char *path,
            int         flags,
            GError    **error)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    {
      cf_files_set_errno_error (error, errno, path);
      return FALSE;
    }
  ok = fsync (fd) == 0;
  if (!ok)
    cf_files_set_errno_error (error, errno, path);
  close (fd);
  return ok;
}

gboolean
cf_files_sync_path (const char *path,
                    GError    **error)
{
  return sync_fd_of (path, O_RDONLY, error);
}

gboolean
cf_files_rename_durably (const char *from,
                         const char *to,
                         GError    **error)
{
  g_autofree char *folder = g_path_get_dirname (to);

  if (g_rename (from, to) != 0)
    {
      cf_files_set_errno_error (error, errno, to);
      return FALSE;
    }
  return sync_fd_of (folder, O_RDONLY | O_DIRECTORY, error);
}

gboolean
cf_files_read (const char *path,
               char      **contents,
               gsize      *length,
               GError    **error)
{
  GError *file_error = NULL;

  if (!g_file_get_contents (path, contents, length, &file_error))
    {
      translate_file_error (error, file_error, path);
      return FALSE;
    }
  return TRUE;
}

gboolean
cf_files_ensure_folder (const char *path,
                        GError    **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      cf_files_set_errno_error (error, errno, path);
      return FALSE;
    }
  if (g_access (path, W_OK) != 0)
    {
      cf_files_set_errno_error (error, errno, path);
      return FALSE;
    }
  return TRUE;
}
