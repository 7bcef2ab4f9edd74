/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-security-notice-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-files.h"
#include "cf-office.h"
#include "cf-session-private.h"

static const char *const format_names[] = { "csv", "ics", "pdf" };

const char *
cf_security_format_to_string (CfSecurityFormat format)
{
  g_return_val_if_fail (format <= CF_SECURITY_FORMAT_PDF, NULL);
  return format_names[format];
}

gboolean
cf_security_format_from_string (const char       *text,
                                CfSecurityFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (text, format_names[i]) == 0)
      {
        *format = (CfSecurityFormat) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- Writing the file --------------------------------------------------- */

static void
set_file_error (GError    **error,
                int         saved_errno,
                const char *path)
{
  if (saved_errno == ENOENT || saved_errno == ENOTDIR)
    g_set_error (error, CF_ERROR, CF_ERROR_NO_FOLDER,
                 _("The folder for %s does not exist. Choose another place to save the notice."), path);
  else if (saved_errno == EISDIR)
    g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                 _("%s is a folder. Give a file name for the notice."), path);
  else
    cf_files_set_errno_error (error, saved_errno, path);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      data += written;
      length -= (gsize) written;
    }
  return TRUE;
}

/* A hidden temporary name in the target folder (so the rename cannot cross
 * file systems), written and fsynced; the name comes from the user's chosen
 * file name, never from anything in the notice. */
static gboolean
write_temporary (const char *path,
                 GBytes     *bytes,
                 char      **out_tmp,
                 GError    **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s%c.%s.XXXXXX", folder, G_DIR_SEPARATOR, base);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  int fd, saved_errno;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_file_error (error, errno, path);
      return FALSE;
    }
  if (write_all (fd, data, length) && fsync (fd) == 0 && close (fd) == 0)
    {
      *out_tmp = g_steal_pointer (&tmp);
      return TRUE;
    }
  saved_errno = errno;
  close (fd);
  g_unlink (tmp);
  set_file_error (error, saved_errno, path);
  return FALSE;
}

/* After the rename, the folder entry itself must reach the disk. */
static void
sync_folder (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
put_in_place (const char *tmp,
              const char *path,
              GError    **error)
{
  if (g_rename (tmp, path) != 0)
    {
      set_file_error (error, errno, path);
      return FALSE;
    }
  sync_folder (path);
  return TRUE;
}

/* ---- Recording the export ----------------------------------------------- */

typedef struct {
  gint64            from;
  gint64            to;
  CfSecurityFormat  format;
  char             *path;
  char             *tmp_path;     /* written, waiting for its records */
  gboolean          in_place;     /* renamed to @path */
  guint             n_appointments;
  guint             n_students;
} Export;

static void
export_free (Export *export)
{
  g_free (export->path);
  g_free (export->tmp_path);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

/* The period as ISO 8601 with its offset, readable by people and by
 * SQLite's strftime() when later notices are compared with it. */
static char *
iso_in_zone (gint64     seconds,
             GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

static gboolean
insert_notice (CfSession  *session,
               Export     *export,
               const char *notice_id,
               GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (session);
  g_autofree char *from = iso_in_zone (export->from, zone);
  g_autofree char *to = iso_in_zone (export->to, zone);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO security_notices (id, exported_by, exported_at, range_from, range_to, format)"
      " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, notice_id);
  _cf_bind_text (stmt, 2, cf_session_get_user_id (session));
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 4, from);
  _cf_bind_text (stmt, 5, to);
  _cf_bind_text (stmt, 6, cf_security_format_to_string (export->format));
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "security_notice", notice_id, NULL, error);
}

static gboolean
insert_item (CfStore    *store,
             const char *notice_id,
             NoticeItem *item,
             GError    **error)
{
  g_autofree char *id = g_uuid_string_random ();
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO security_notice_items (id, notice_id, appointment_id, student_id, start_at, end_at,"
      " sequence, cancelled, shown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  _cf_bind_text (stmt, 2, notice_id);
  _cf_bind_text (stmt, 3, item->appointment_id);
  _cf_bind_text (stmt, 4, item->student_id);
  sqlite3_bind_int64 (stmt, 5, item->start_at);
  sqlite3_bind_int64 (stmt, 6, item->end_at);
  sqlite3_bind_int64 (stmt, 7, item->sequence);
  sqlite3_bind_int (stmt, 8, item->cancelled ? 1 : 0);
  _cf_bind_text (stmt, 9, item->shown);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "security_notice_item", id, NULL, error);
}

/* What Security was told (times, SEQUENCE, and whether cancelled), one
 * audit entry per student told so it shows on their record, and one for
 * the notice itself.  Notices and their items replicate, so every desk
 * shows them, knows when an updated notice is due, and goes on from the
 * SEQUENCE another desk sent. */
static gboolean
record_notice (CfSession *session,
               Export    *export,
               Notice    *notice,
               GError   **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autofree char *notice_id = g_uuid_string_random ();
  g_autoptr(GHashTable) told = g_hash_table_new (g_str_hash, g_str_equal);

  if (!insert_notice (session, export, notice_id, error))
    return FALSE;
  for (guint i = 0; i < notice->items->len; i++)
    {
      NoticeItem *item = &g_array_index (notice->items, NoticeItem, i);

      if (!insert_item (store, notice_id, item, error))
        return FALSE;
      if (g_hash_table_add (told, item->student_id) &&
          !_cf_session_audit (session, "security-notified", item->student_id, notice_id, error))
        return FALSE;
    }
  return _cf_session_audit (session, "security-notice-exported", notice_id,
                            cf_security_format_to_string (export->format), error);
}

static GBytes *
render (CfSession *session,
        Export    *export,
        Notice    *notice,
        GError   **error)
{
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (session);
  const CfSecurityNoticeRow *rows = (const CfSecurityNoticeRow *) notice->rows->data;
  guint n_rows = notice->rows->len;
  char *text = NULL;

  switch (export->format)
    {
    case CF_SECURITY_FORMAT_CSV:
      text = cf_security_notice_write_csv (rows, n_rows, zone);
      break;
    case CF_SECURITY_FORMAT_ICS:
      text = cf_security_notice_write_ics (rows, n_rows, g_get_real_time () / G_USEC_PER_SEC);
      break;
    case CF_SECURITY_FORMAT_PDF:
    default:
      return cf_security_notice_write_pdf (rows, n_rows, zone, export->from, export->to, error);
    }
  return g_bytes_new_take (text, strlen (text));
}

/* Order of events, inside one transaction:
 *   read → write a temporary file (fsynced) → record → rename → commit.
 * A failure before the rename rolls the records back and removes the
 * temporary file, so nothing is recorded and no half file is left.  The
 * rename comes last before the commit because it can fail (a folder, a
 * vanished disk); if the commit then fails, the caller removes the file,
 * so an export that was not recorded does not exist either. */
static gboolean
export_in_transaction (CfSession *session,
                       gpointer   data,
                       GError   **error)
{
  Export *export = data;
  CfStore *store = cf_session_get_store (session);
  g_auto(Notice) notice = { 0 };
  g_autoptr(GBytes) bytes = NULL;

  _cf_security_notice_init (&notice);
  if (!_cf_security_notice_read (store, export->from, export->to, &notice, error) ||
      !_cf_security_notice_check_students_visible (session, &notice, error) ||
      !_cf_security_notice_sequence (session, export->from, export->to, &notice, error))
    return FALSE;
  bytes = render (session, export, &notice, error);
  if (bytes == NULL ||
      !write_temporary (export->path, bytes, &export->tmp_path, error) ||
      !record_notice (session, export, &notice, error) ||
      !put_in_place (export->tmp_path, export->path, error))
    return FALSE;
  export->in_place = TRUE;
  export->n_appointments = notice.n_on;
  export->n_students = _cf_security_notice_count_students (&notice);
  return TRUE;
}

static gboolean
check_export_arguments (gint64      from,
                        gint64      to,
                        const char *path,
                        GError    **error)
{
  if (!_cf_security_notice_check_period (from, to, error))
    return FALSE;
  if (path[0] == '\0')
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("Give a file name for the notice."));
      return FALSE;
    }
  return TRUE;
}

gboolean
cf_security_notice_export (CfSession       *session,
                           gint64           from,
                           gint64           to,
                           CfSecurityFormat format,
                           const char      *path,
                           guint           *n_appointments,
                           guint           *n_students,
                           GError         **error)
{
  g_autoptr(Export) export = g_new0 (Export, 1);

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (format <= CF_SECURITY_FORMAT_PDF, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_EXPORT_SECURITY, error) ||
      !check_export_arguments (from, to, path, error))
    return FALSE;
  export->from = from;
  export->to = to;
  export->format = format;
  export->path = g_strdup (path);
  if (!_cf_session_write (session, export_in_transaction, export, error))
    {
      if (export->in_place)
        g_unlink (export->path);
      else if (export->tmp_path != NULL)
        g_unlink (export->tmp_path);
      return FALSE;
    }
  if (n_appointments)
    *n_appointments = export->n_appointments;
  if (n_students)
    *n_students = export->n_students;
  return TRUE;
}

/* ---- Async -------------------------------------------------------------- */

typedef struct {
  CfSession        *session;
  gint64            from;
  gint64            to;
  CfSecurityFormat  format;
  char             *path;
} ExportJob;

/* What the writer thread hands back to _finish. */
typedef struct {
  guint n_appointments;
  guint n_students;
} ExportCounts;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->session);
  g_free (job->path);
  g_free (job);
}

/* On the store's writer thread, so the export waits its turn behind the
 * desk's other database work instead of racing it from a thread of its
 * own.  The store's lock is already held; the export takes it again. */
static gpointer
export_job_run (CfStore      *store,
                gpointer      data,
                GCancellable *cancellable,
                GError      **error)
{
  ExportJob *job = data;
  g_autofree ExportCounts *counts = g_new0 (ExportCounts, 1);

  if (!cf_security_notice_export (job->session, job->from, job->to, job->format, job->path,
                                  &counts->n_appointments, &counts->n_students, error))
    return NULL;
  return g_steal_pointer (&counts);
}

void
cf_security_notice_export_async (CfSession          *session,
                                 gint64              from,
                                 gint64              to,
                                 CfSecurityFormat    format,
                                 const char         *path,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  GError *error = NULL;
  ExportJob *job;

  g_return_if_fail (CF_IS_SESSION (session));
  g_return_if_fail (path != NULL);

  /* A locked session has no store to run on; cf_session_require says so
   * in the sentence every locked desk shows. */
  if (!cf_session_require (session, CF_PERMISSION_EXPORT_SECURITY, &error))
    {
      g_task_report_error (session, callback, user_data, cf_security_notice_export_async, error);
      return;
    }
  job = g_new0 (ExportJob, 1);
  job->session = g_object_ref (session);
  job->from = from;
  job->to = to;
  job->format = format;
  job->path = g_strdup (path);
  cf_store_run_async (cf_session_get_store (session), export_job_run, job,
                      (GDestroyNotify) export_job_free, g_free, cancellable, callback, user_data);
}

gboolean
cf_security_notice_export_finish (GAsyncResult *result,
                                  guint        *n_appointments,
                                  guint        *n_students,
                                  GError      **error)
{
  g_autoptr(GObject) store = NULL;
  g_autofree ExportCounts *counts = NULL;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  /* Refused before it reached a store. */
  if (g_async_result_is_tagged (result, cf_security_notice_export_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  store = g_async_result_get_source_object (result);
  counts = cf_store_run_finish (CF_STORE (store), result, error);
  if (counts == NULL)
    return FALSE;
  if (n_appointments)
    *n_appointments = counts->n_appointments;
  if (n_students)
    *n_students = counts->n_students;
  return TRUE;
}
