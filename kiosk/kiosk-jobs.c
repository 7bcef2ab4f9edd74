/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-jobs.h"

#include <sodium.h>
#include <string.h>

#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-error.h"
#include "cf-key.h"
#include "cf-kiosk-pin.h"

/* --- visits --- */

KioskVisit *
kiosk_visit_new (CfVisitKind kind)
{
  KioskVisit *visit = g_new0 (KioskVisit, 1);

  visit->kind = kind;
  visit->details = json_object_new ();
  return visit;
}

static void
wipe_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        wipe_node (json_object_get_member (object, l->data));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        wipe_node (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      /* json-glib hands out its own copy as const; it is ours to overwrite
       * since nobody else holds this node, and freeing alone would leave
       * what the student typed in the heap for the next allocation. */
      char *text = (char *) json_node_get_string (node);

      sodium_memzero (text, strlen (text));
    }
}

void
kiosk_details_wipe (JsonObject *details)
{
  g_autoptr(JsonNode) node = NULL;

  if (details == NULL)
    return;
  node = json_node_init_object (json_node_alloc (), details);
  wipe_node (node);
  json_object_unref (details);
}

void
kiosk_visit_free (KioskVisit *visit)
{
  if (visit == NULL)
    return;
  cf_wipe_string (visit->topic);
  cf_wipe_string (visit->booking_code);
  kiosk_details_wipe (visit->details);
  g_free (visit);
}

void
kiosk_receipt_free (KioskReceipt *receipt)
{
  if (receipt == NULL)
    return;
  g_free (receipt->ticket);
  g_free (receipt);
}

/* --- submitting --- */

typedef struct {
  CfKiosk    *kiosk;
  KioskVisit *visit;
} SubmitJob;

static void
submit_job_free (SubmitJob *job)
{
  g_clear_object (&job->kiosk);
  kiosk_visit_free (job->visit);
  g_free (job);
}

static gpointer
submit_job_run (CfStore      *store,
                gpointer      data,
                GCancellable *cancellable,
                GError      **error)
{
  SubmitJob *job = data;
  g_autoptr(KioskReceipt) receipt = g_new0 (KioskReceipt, 1);
  g_autofree char *appointment_id = NULL;
  gboolean found;

  /* The booking is looked up here, not on the main thread: the feed is in
   * the database. */
  if (job->visit->booking_code != NULL)
    {
      if (!cf_kiosk_find_booking (job->kiosk, job->visit->booking_code, &found, &appointment_id,
                                  &receipt->start, NULL, error))
        return NULL;
      if (!found)
        return g_steal_pointer (&receipt);
    }
  receipt->ticket = cf_kiosk_submit (job->kiosk, job->visit->kind, job->visit->topic,
                                     appointment_id, job->visit->details, error);
  receipt->durable_at = g_get_monotonic_time ();
  return receipt->ticket ? g_steal_pointer (&receipt) : NULL;
}

static void
submitted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  KioskReceipt *receipt = cf_store_run_finish (CF_STORE (source), result, &error);

  if (receipt != NULL)
    g_task_return_pointer (task, receipt, (GDestroyNotify) kiosk_receipt_free);
  else
    g_task_return_error (task, error);
}

void
kiosk_submit_async (CfKiosk            *kiosk,
                    KioskVisit         *visit,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  GTask *task;
  SubmitJob *job;

  g_return_if_fail (CF_IS_KIOSK (kiosk));
  g_return_if_fail (visit != NULL);

  task = g_task_new (kiosk, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_submit_async);
  /* A visit that reached the disk is reported as such, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  job = g_new0 (SubmitJob, 1);
  job->kiosk = g_object_ref (kiosk);
  job->visit = visit;
  cf_store_run_async (cf_kiosk_get_store (kiosk), submit_job_run, job,
                      (GDestroyNotify) submit_job_free, (GDestroyNotify) kiosk_receipt_free,
                      cancellable, submitted_cb, task);
}

/* The result's own store: the kiosk may have been opened again since. */
static gpointer
store_job_finish (GAsyncResult *result,
                  GError      **error)
{
  g_autoptr(GObject) store = g_async_result_get_source_object (result);

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  return cf_store_run_finish (CF_STORE (store), result, error);
}

KioskReceipt *
kiosk_submit_finish (GAsyncResult *result,
                     GError      **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kiosk_submit_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- syncing --- */

void
kiosk_sync_result_free (KioskSyncResult *result)
{
  if (result == NULL)
    return;
  g_free (result->problem);
  g_clear_pointer (&result->feed, json_object_unref);
  g_free (result);
}

static gpointer
sync_job_run (CfStore      *store,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  CfKiosk *kiosk = data;
  g_autoptr(KioskSyncResult) result = g_new0 (KioskSyncResult, 1);
  CfSyncReport report = { 0 };
  g_autoptr(GError) sync_error = NULL;

  /* A failed pass is reported to staff, never to the student: the feed
   * the kiosk already holds is still returned. */
  if (cf_kiosk_sync (kiosk, &report, &sync_error))
    {
      result->folder_available = !report.folder_unavailable;
      result->problem = g_strdup (report.problem);
      result->written = report.segments_written;
    }
  else
    result->problem = g_strdup (sync_error->message);
  cf_sync_report_clear (&report);
  result->feed = cf_kiosk_get_feed (kiosk);
  return g_steal_pointer (&result);
}

void
kiosk_sync_async (CfKiosk            *kiosk,
                  GCancellable       *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer            user_data)
{
  g_return_if_fail (CF_IS_KIOSK (kiosk));

  cf_store_run_async (cf_kiosk_get_store (kiosk), sync_job_run, g_object_ref (kiosk),
                      g_object_unref, (GDestroyNotify) kiosk_sync_result_free,
                      cancellable, callback, user_data);
}

KioskSyncResult *
kiosk_sync_finish (GAsyncResult *result,
                   GError      **error)
{
  return store_job_finish (result, error);
}

/* --- opening --- */

typedef struct {
  char       *data_dir;
  char       *sync_dir;
  gboolean    pin_set;
  JsonObject *feed;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_free (job->data_dir);
  g_free (job->sync_dir);
  g_clear_pointer (&job->feed, json_object_unref);
  g_free (job);
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenJob *job = task_data;
  g_autofree char *config = cf_data_dir_config (job->data_dir);
  GError *error = NULL;
  CfKiosk *kiosk = cf_kiosk_open (job->data_dir, job->sync_dir, &error);

  /* "Not set up" means nothing is there yet; a folder holding a desk gets
   * the same code from the library, but must not offer the set-up. */
  if (kiosk == NULL && g_error_matches (error, CF_ERROR, CF_ERROR_NOT_SET_UP) &&
      g_file_test (config, G_FILE_TEST_EXISTS))
    error->code = CF_ERROR_EXISTS;
  if (kiosk == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->pin_set = cf_kiosk_pin_is_set (job->data_dir);
  job->feed = cf_kiosk_get_feed (kiosk);
  /* A damaged office key shows when a visit is submitted, where the
   * screen has a page for it. */
  cf_kiosk_prepare_seal (kiosk, NULL);
  g_task_return_pointer (task, kiosk, g_object_unref);
}

void
kiosk_open_async (const char         *data_dir,
                  const char         *sync_dir,
                  GCancellable       *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenJob *job;

  g_return_if_fail (data_dir != NULL);

  job = g_new0 (OpenJob, 1);
  job->data_dir = g_strdup (data_dir);
  job->sync_dir = g_strdup (sync_dir);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_open_async);
  g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
  g_task_run_in_thread (task, open_thread);
}

CfKiosk *
kiosk_open_finish (GAsyncResult *result,
                   gboolean     *pin_set,
                   JsonObject  **feed,
                   GError      **error)
{
  OpenJob *job;
  CfKiosk *kiosk;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  kiosk = g_task_propagate_pointer (G_TASK (result), error);
  job = g_task_get_task_data (G_TASK (result));
  if (pin_set != NULL)
    *pin_set = kiosk != NULL && job->pin_set;
  if (feed != NULL)
    *feed = kiosk != NULL ? json_object_ref (job->feed) : NULL;
  return kiosk;
}

/* --- the staff PIN --- */

typedef struct {
  char *data_dir;
  char *pin;
} PinJob;

static void
pin_job_free (PinJob *job)
{
  g_free (job->data_dir);
  cf_wipe_string (job->pin);
  g_free (job);
}

static void
pin_verify_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PinJob *job = task_data;
  GError *error = NULL;

  if (cf_kiosk_pin_verify (job->data_dir, job->pin, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kiosk_pin_verify_async (const char         *data_dir,
                        const char         *pin,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  PinJob *job;

  g_return_if_fail (data_dir != NULL);
  g_return_if_fail (pin != NULL);

  job = g_new0 (PinJob, 1);
  job->data_dir = g_strdup (data_dir);
  job->pin = g_strdup (pin);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_pin_verify_async);
  g_task_set_task_data (task, job, (GDestroyNotify) pin_job_free);
  g_task_run_in_thread (task, pin_verify_thread);
}

gboolean
kiosk_pin_verify_finish (GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kiosk_pin_verify_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- setting up --- */

typedef struct {
  char *data_dir;
  char *sync_dir;
  char *bundle;     /* NULL: set the PIN only */
  char *code;
  char *pin;
} SetUpJob;

static void
set_up_job_free (SetUpJob *job)
{
  g_free (job->data_dir);
  g_free (job->sync_dir);
  g_free (job->bundle);
  cf_wipe_string (job->code);
  cf_wipe_string (job->pin);
  g_free (job);
}

static void
set_up_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SetUpJob *job = task_data;
  GError *error = NULL;

  if ((job->bundle == NULL ||
       cf_enroll_join_kiosk (job->data_dir, job->sync_dir, job->bundle, job->code, &error)) &&
      cf_kiosk_pin_set (job->data_dir, job->pin, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kiosk_set_up_async (const char         *data_dir,
                    const char         *sync_dir,
                    const char         *bundle,
                    const char         *code,
                    const char         *pin,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  SetUpJob *job;

  g_return_if_fail (data_dir != NULL);
  g_return_if_fail (pin != NULL);

  job = g_new0 (SetUpJob, 1);
  job->data_dir = g_strdup (data_dir);
  job->sync_dir = g_strdup (sync_dir);
  job->bundle = g_strdup (bundle);
  job->code = g_strdup (code);
  job->pin = g_strdup (pin);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_set_up_async);
  g_task_set_task_data (task, job, (GDestroyNotify) set_up_job_free);
  g_task_run_in_thread (task, set_up_thread);
}

gboolean
kiosk_set_up_finish (GAsyncResult *result,
                     GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kiosk_set_up_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
