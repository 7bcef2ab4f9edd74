/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-access-requests.h"

#include <glib/gi18n-lib.h>

#include "cf-audit-private.h"
#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-text.h"
#include "cf-time.h"

#define EXTENSION_REASON_MAX 500

/* --- the due day --- */

void
cf_access_request_due_day (const GDate *received,
                           guint        extension_months,
                           GDate       *due)
{
  g_return_if_fail (received != NULL && g_date_valid (received));
  g_return_if_fail (due != NULL);

  *due = *received;
  /* GLib keeps the day of the month, or clamps it to the month's last. */
  g_date_add_months (due, 1 + MIN (extension_months, CF_ACCESS_REQUEST_MAX_EXTENSION));
  switch (g_date_get_weekday (due))
    {
    case G_DATE_SATURDAY:
      g_date_add_days (due, 2);
      break;
    case G_DATE_SUNDAY:
      g_date_add_days (due, 1);
      break;
    default:
      break;
    }
}

void
cf_access_request_free (CfAccessRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->id);
  g_free (request->student_id);
  g_free (request->student_name);
  g_free (request->extension_reason);
  g_free (request);
}

static char *
day_text (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* --- adding --- */

typedef struct {
  const char  *student_id;
  const GDate *received;
  char        *id;
} Adding;

static const char *const request_fields[] = {
  "student_id", "received", "extension_months", "extension_reason", "done_at", "recorded_by",
  "recorded_at", NULL
};

static gboolean
insert_request (CfSession *session,
                gpointer   data,
                GError   **error)
{
  Adding *adding = data;
  CfStore *store = cf_session_get_store (session);
  g_autofree char *received = day_text (adding->received);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, adding->student_id, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "INSERT INTO access_requests (id, student_id, received, recorded_by, recorded_at)"
      " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, adding->id);
  _cf_bind_text (stmt, 2, adding->student_id);
  _cf_bind_text (stmt, 3, received);
  _cf_bind_text (stmt, 4, cf_session_get_user_id (session));
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "access_request", adding->id, request_fields, error) &&
         _cf_session_audit (session, "access-request-added", adding->student_id, adding->id, error);
}

char *
cf_access_requests_add (CfSession   *session,
                        const char  *student_id,
                        const GDate *received,
                        GError     **error)
{
  g_autofree char *id = g_uuid_string_random ();
  Adding adding = { student_id, received, id };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);
  g_return_val_if_fail (received != NULL && g_date_valid (received), NULL);

  if (!cf_session_require (session, CF_PERMISSION_SUBJECT_ACCESS, error) ||
      !_cf_session_write (session, insert_request, &adding, error))
    return NULL;
  return g_steal_pointer (&id);
}

/* --- listing --- */

static gboolean
parse_received (const char *text,
                GDate      *date)
{
  g_date_clear (date, 1);
  return text != NULL && cf_day_parse (text, date, NULL);
}

/* NULL when the day it was received cannot be read: a due day counted
 * from a made-up one would be wrong, so it is said, not guessed. */
static CfAccessRequest *
request_from_row (sqlite3_stmt *stmt,
                  GError      **error)
{
  g_autoptr(CfAccessRequest) request = g_new0 (CfAccessRequest, 1);

  request->id = _cf_column_dup (stmt, 0);
  request->student_id = _cf_column_dup (stmt, 1);
  request->student_name = _cf_column_dup (stmt, 2);
  if (!parse_received ((const char *) sqlite3_column_text (stmt, 3), &request->received))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
                   _("The day an access request was received cannot be read; the register is damaged."));
      return NULL;
    }
  request->extension_months = (guint) sqlite3_column_int (stmt, 4);
  request->extension_reason = _cf_column_dup (stmt, 5);
  request->done_at = sqlite3_column_int64 (stmt, 6);
  cf_access_request_due_day (&request->received, request->extension_months, &request->due);
  return g_steal_pointer (&request);
}

/* Open ones first, the soonest due first; then the answered, newest first. */
static int
compare_requests (gconstpointer a,
                  gconstpointer b)
{
  const CfAccessRequest *x = *(CfAccessRequest *const *) a;
  const CfAccessRequest *y = *(CfAccessRequest *const *) b;

  if ((x->done_at == 0) != (y->done_at == 0))
    return x->done_at == 0 ? -1 : 1;
  if (x->done_at == 0)
    return g_date_compare (&x->due, &y->due);
  return x->done_at < y->done_at ? 1 : x->done_at > y->done_at ? -1 : 0;
}

/* A student this user may not see (a conflict of interest, a restricted
 * service) is left out of the register they are shown. */
static gboolean
drop_hidden (CfSession *session,
             GPtrArray *requests,
             GError   **error)
{
  for (guint i = requests->len; i-- > 0;)
    {
      CfAccessRequest *request = requests->pdata[i];
      g_autoptr(GError) local = NULL;

      if (_cf_session_check_student (session, request->student_id, &local))
        continue;
      if (!g_error_matches (local, CF_ERROR, CF_ERROR_DENIED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_ptr_array_remove_index (requests, i);
    }
  return TRUE;
}

/* Every request this user may see, in no order: the register and the
 * count of those due read the same ones. */
static gboolean
read_visible (CfSession *session,
              GPtrArray *requests,
              GError   **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;
  CfStep step;

  stmt = _cf_store_prepare (store,
      "SELECT r.id, r.student_id, s.name, r.received, r.extension_months, r.extension_reason,"
      " coalesce (r.done_at, 0) FROM access_requests r JOIN students s ON s.id = r.student_id", error);
  if (stmt == NULL)
    return FALSE;
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      CfAccessRequest *request = request_from_row (stmt, error);

      if (request == NULL)
        {
          step = CF_STEP_FAILED;
          break;
        }
      g_ptr_array_add (requests, request);
    }
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED && drop_hidden (session, requests, error);
}

static gboolean
read_requests (CfSession *session,
               gpointer   data,
               GError   **error)
{
  GPtrArray *requests = data;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autofree char *shown = NULL;

  if (!read_visible (session, requests, error))
    return FALSE;
  g_ptr_array_sort (requests, compare_requests);
  for (guint i = 0; i < requests->len; i++)
    g_ptr_array_add (ids, ((CfAccessRequest *) requests->pdata[i])->student_id);
  shown = _cf_audit_shown_detail (ids);
  return _cf_session_audit (session, "access-requests-listed", NULL, shown, error);
}

GPtrArray *
cf_access_requests_list (CfSession *session,
                         GError   **error)
{
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_access_request_free);

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);

  if (!cf_session_require (session, CF_PERMISSION_SUBJECT_ACCESS, error) ||
      !_cf_session_write (session, read_requests, requests, error))
    return NULL;
  return g_steal_pointer (&requests);
}

/* --- extending and answering --- */

typedef struct {
  const char *id;
  guint       months;       /* 0 to mark it done */
  const char *reason;
} Change;

/* The request's student, for the checks and the audit; refuses one that
 * does not exist or was already answered. */
static char *
open_request_student (CfSession  *session,
                      const char *id,
                      GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT student_id, done_at IS NOT NULL FROM access_requests WHERE id = ?", error);
  g_autofree char *student_id = NULL;
  gboolean done = FALSE;
  CfStep step;

  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_ROW)
    {
      student_id = _cf_column_dup (stmt, 0);
      done = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return NULL;
  if (student_id == NULL || done)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, student_id == NULL
                   ? _("There is no access request with that id. See access-request list.")
                   : _("That access request was already answered."));
      return NULL;
    }
  return g_steal_pointer (&student_id);
}

static gboolean
save_change (CfSession *session,
             gpointer   data,
             GError   **error)
{
  Change *change = data;
  CfStore *store = cf_session_get_store (session);
  g_autofree char *student_id = open_request_student (session, change->id, error);
  sqlite3_stmt *stmt;

  if (student_id == NULL || !_cf_session_check_student (session, student_id, error))
    return FALSE;
  stmt = change->months > 0
    ? _cf_store_prepare (store,
        "UPDATE access_requests SET extension_months = ?2, extension_reason = ?3 WHERE id = ?1", error)
    : _cf_store_prepare (store, "UPDATE access_requests SET done_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, change->id);
  if (change->months > 0)
    {
      sqlite3_bind_int (stmt, 2, (int) change->months);
      _cf_bind_text (stmt, 3, change->reason);
    }
  else
    sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  /* The reason stays on the request: the audit names only the ids. */
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "access_request", change->id, change->months > 0
                             ? (const char *const[]) { "extension_months", "extension_reason", NULL }
                             : (const char *const[]) { "done_at", NULL }, error) &&
         _cf_session_audit (session, change->months > 0 ? "access-request-extended" : "access-request-done",
                            student_id, change->id, error);
}

static gboolean
check_extension (guint       months,
                 const char *reason,
                 GError    **error)
{
  if (months < 1 || months > CF_ACCESS_REQUEST_MAX_EXTENSION)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("An answer can be extended by one or two months, no more."));
      return FALSE;
    }
  if (!cf_text_check_required (reason, CF_TEXT_LINE, _("The reason"), error))
    return FALSE;
  if (g_utf8_strlen (reason, -1) > EXTENSION_REASON_MAX)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("The reason is too long: keep it to %d characters."), EXTENSION_REASON_MAX);
      return FALSE;
    }
  return TRUE;
}

gboolean
cf_access_requests_extend (CfSession  *session,
                           const char *id,
                           guint       months,
                           const char *reason,
                           GError    **error)
{
  Change change = { id, months, reason };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return cf_session_require (session, CF_PERMISSION_SUBJECT_ACCESS, error) &&
         check_extension (months, reason, error) &&
         _cf_session_write (session, save_change, &change, error);
}

gboolean
cf_access_requests_done (CfSession  *session,
                         const char *id,
                         GError    **error)
{
  Change change = { id, 0, NULL };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return cf_session_require (session, CF_PERMISSION_SUBJECT_ACCESS, error) &&
         _cf_session_write (session, save_change, &change, error);
}

/* --- due soon --- */

typedef struct {
  GDate  limit;
  guint  n_due;
} Counting;

/* Only those of students this user may see, as the register shows them. */
static gboolean
count_due (CfSession *session,
           gpointer   data,
           GError   **error)
{
  Counting *counting = data;
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_access_request_free);

  if (!read_visible (session, requests, error))
    return FALSE;
  for (guint i = 0; i < requests->len; i++)
    {
      CfAccessRequest *request = requests->pdata[i];

      if (request->done_at == 0 && g_date_compare (&request->due, &counting->limit) <= 0)
        counting->n_due++;
    }
  return TRUE;
}

gboolean
cf_access_requests_count_due (CfSession   *session,
                              const GDate *today,
                              guint        days,
                              guint       *n_due,
                              GError     **error)
{
  Counting counting = { .n_due = 0 };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);
  g_return_val_if_fail (n_due != NULL, FALSE);

  counting.limit = *today;
  g_date_add_days (&counting.limit, days);
  if (!cf_session_require (session, CF_PERMISSION_SUBJECT_ACCESS, error) ||
      !_cf_session_write (session, count_due, &counting, error))
    return FALSE;
  *n_due = counting.n_due;
  return TRUE;
}
