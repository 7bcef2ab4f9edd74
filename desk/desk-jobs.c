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
session_job_run (CfStore      *store,
                 gpointer      data,
                 GCancellable *cancellable,
                 GError      **error)
{
  SessionJob *job = data;

  return job->func (job->session, job->data, cancellable, error);
}

static gboolean
session_action_run (CfStore      *store,
                    gpointer      data,
                    GCancellable *cancellable,
                    GError      **error)
{
  SessionJob *job = data;

  return job->action (job->session, job->data, cancellable, error);
}

/* The job holds its own reference on the session: locking only closes the
 * store, so a job that starts after a lock fails with the library's
 * "the desk is locked" sentence instead of touching freed memory.  Returns
 * NULL, having told @callback so, when the desk is locked. */
static CfStore *
take_store (CfSession          *session,
            SessionJob         *job,
            gpointer            source_tag,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  CfStore *store = cf_session_get_store (session);

  if (store == NULL)
    {
      session_job_free (job);
      g_task_report_new_error (NULL, callback, user_data, source_tag, CF_ERROR, CF_ERROR_DENIED,
                               _("The desk is locked. Sign in again to continue."));
      return NULL;
    }
  job->session = g_object_ref (session);
  return store;
}

static SessionJob *
session_job_new (gpointer       data,
                 GDestroyNotify data_free)
{
  SessionJob *job = g_new0 (SessionJob, 1);

  job->data = data;
  job->data_free = data_free;
  return job;
}

void
desk_session_run_async (CfSession          *session,
                        DeskSessionFunc     func,
                        gpointer            data,
                        GDestroyNotify      data_free,
                        GDestroyNotify      result_free,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  SessionJob *job;
  CfStore *store;

  g_return_if_fail (CF_IS_SESSION (session));
  g_return_if_fail (func != NULL);

  job = session_job_new (data, data_free);
  job->func = func;
  store = take_store (session, job, desk_session_run_async, callback, user_data);
  if (store != NULL)
    cf_store_run_async (store, session_job_run, job, (GDestroyNotify) session_job_free,
                        result_free, cancellable, callback, user_data);
}

gpointer
desk_session_run_finish (GAsyncResult *result,
                         GError      **error)
{
  g_autoptr(GObject) store = NULL;

  if (g_async_result_is_tagged (result, desk_session_run_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  store = g_async_result_get_source_object (result);
  return cf_store_run_finish (CF_STORE (store), result, error);
}

void
desk_session_do_async (CfSession          *session,
                       DeskSessionAction   action,
                       gpointer            data,
                       GDestroyNotify      data_free,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  SessionJob *job;
  CfStore *store;

  g_return_if_fail (CF_IS_SESSION (session));
  g_return_if_fail (action != NULL);

  job = session_job_new (data, data_free);
  job->action = action;
  store = take_store (session, job, desk_session_do_async, callback, user_data);
  if (store != NULL)
    cf_store_do_async (store, session_action_run, job, (GDestroyNotify) session_job_free,
                       cancellable, callback, user_data);
}

gboolean
desk_session_do_finish (GAsyncResult *result,
                        GError      **error)
{
  g_autoptr(GObject) store = NULL;

  if (g_async_result_is_tagged (result, desk_session_do_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  store = g_async_result_get_source_object (result);
  return cf_store_do_finish (CF_STORE (store), result, error);
}

gboolean
desk_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

GTimeZone *
desk_session_get_zone (CfSession *session,
                       GError   **error)
{
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return NULL;
  return cf_office_get_time_zone (session);
}
