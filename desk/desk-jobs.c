/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-jobs.h"

#include <glib/gi18n.h>

#include "cf-error.h"
#include "cf-office.h"

typedef struct {
  CfSession         *session;
  DeskSessionFunc    func;     /* one of these two */
  DeskSessionAction  action;
  gpointer           data;
  GDestroyNotify     data_free;
} SessionJob;

static void
session_job_free (SessionJob *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_clear_object (&job->session);
  g_free (job);
}

static gpointer
session_job_run (CfStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  SessionJob *job = data;

  /* The store's runner carries pointers: for an action, any non-NULL
   * stands for success, and desk_session_do_finish reads it as TRUE. */
  if (job->action != NULL)
    return job->action (job->session, job->data, cancellable, error) ? GINT_TO_POINTER (TRUE) : NULL;
  return job->func (job->session, job->data, cancellable, error);
}

/* The job holds its own reference on the session: locking only closes the
 * store, so a job that starts after a lock fails with the library's
 * "the desk is locked" sentence instead of touching freed memory. */
static void
run_job (CfSession *session, SessionJob *job, GDestroyNotify result_free,
         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  CfStore *store = cf_session_get_store (session);

  if (store == NULL)
    {
      session_job_free (job);
      g_task_report_new_error (NULL, callback, user_data, desk_session_run_async,
                               CF_ERROR, CF_ERROR_DENIED,
                               _("The desk is locked. Sign in again to continue."));
      return;
    }
  job->session = g_object_ref (session);
  cf_store_run_async (store, session_job_run, job, (GDestroyNotify) session_job_free,
                      result_free, cancellable, callback, user_data);
}

void
desk_session_run_async (CfSession *session, DeskSessionFunc func, gpointer data,
                        GDestroyNotify data_free, GDestroyNotify result_free,
                        GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  SessionJob *job;

  g_return_if_fail (CF_IS_SESSION (session));
  g_return_if_fail (func != NULL);

  job = g_new0 (SessionJob, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  run_job (session, job, result_free, cancellable, callback, user_data);
}

void
desk_session_do_async (CfSession *session, DeskSessionAction action, gpointer data,
                       GDestroyNotify data_free, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  SessionJob *job;

  g_return_if_fail (CF_IS_SESSION (session));
  g_return_if_fail (action != NULL);

  job = g_new0 (SessionJob, 1);
  job->action = action;
  job->data = data;
  job->data_free = data_free;
  run_job (session, job, NULL, cancellable, callback, user_data);
}

gboolean
desk_session_do_finish (GAsyncResult *result, GError **error)
{
  return desk_session_run_finish (result, error) != NULL;
}

gpointer
desk_session_run_finish (GAsyncResult *result, GError **error)
{
  g_autoptr(GObject) store = NULL;

  if (g_async_result_is_tagged (result, desk_session_run_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  store = g_async_result_get_source_object (result);
  return cf_store_run_finish (CF_STORE (store), result, error);
}

gboolean
desk_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

GTimeZone *
desk_session_get_zone (CfSession *session, GError **error)
{
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return NULL;
  return cf_office_get_time_zone (session);
}
