/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-cases.h"

#include <glib/gi18n-lib.h>

#include "cf-case-private.h"
#include "cf-cases-private.h"
#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-text.h"

/* --- outcomes --- */

/* A students' union advice service's ways a matter ends.  The codes are
 * stored and counted; only their words are translated.  The two lists go
 * in the same order. */
static const char *const outcome_codes[] = {
  "advice-given",
  "referred",
  "resolved-in-favour",
  "resolved-partly",
  "resolved-against",
  "withdrawn",
  "no-further-contact",
  NULL
};

static const char *const outcome_labels[] = {
  N_("Advice given"),
  N_("Referred to another service"),
  N_("Resolved in the student’s favour"),
  N_("Partly resolved"),
  N_("Not resolved in the student’s favour"),
  N_("Withdrawn by the student"),
  N_("No further contact"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (outcome_codes) == G_N_ELEMENTS (outcome_labels) + 1);

const char *const *
cf_cases_outcomes (void)
{
  return outcome_codes;
}

const char *
cf_cases_outcome_label (const char *outcome)
{
  for (gsize i = 0; i < G_N_ELEMENTS (outcome_labels); i++)
    if (g_strcmp0 (outcome, outcome_codes[i]) == 0)
      return _(outcome_labels[i]);
  return _("Another outcome");
}

static gboolean
is_outcome (const char *outcome)
{
  return outcome != NULL && g_strv_contains (outcome_codes, outcome);
}

/* --- opening and moving, for the library's own modules --- */

/* Every column a new case sets is stamped, topic even when NULL, so that
 * a case's clocks say what its insert set, as a new student's do. */
static const char *const new_case_fields[] = {
  "student_id", "topic", "status", "adviser_id", "opened_at", NULL
};

static gboolean
insert_case (CfSession  *session,
             const char *case_id,
             const char *student_id,
             const char *topic,
             gint64      opened_at,
             GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO cases (id, student_id, topic, status, adviser_id, opened_at)"
      " VALUES (?, ?, ?, 'open', ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, case_id);
  _cf_bind_text (stmt, 2, student_id);
  _cf_bind_text (stmt, 3, topic);
  _cf_bind_text (stmt, 4, cf_session_get_user_id (session));
  sqlite3_bind_int64 (stmt, 5, opened_at);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "case", case_id, new_case_fields, error) &&
         _cf_session_audit (session, "case-opened", student_id, case_id, error);
}

char *
_cf_cases_open_case (CfSession  *session,
                     const char *student_id,
                     const char *topic,
                     gint64      opened_at,
                     GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;
  char *case_id = NULL;

  stmt = _cf_store_prepare (store,
      "SELECT id FROM cases WHERE student_id = ? AND status = 'open'"
      " ORDER BY opened_at DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, student_id);
  if (!_cf_store_get_text (store, stmt, &case_id, error))
    return NULL;
  if (case_id != NULL)
    return case_id;
  case_id = g_uuid_string_random ();
  if (!insert_case (session, case_id, student_id, topic, opened_at, error))
    g_clear_pointer (&case_id, g_free);
  return case_id;
}

gboolean
_cf_cases_move_case (CfStore    *store,
                     const char *case_id,
                     const char *adviser_id,
                     GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "UPDATE cases SET adviser_id = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, adviser_id);
  _cf_bind_text (stmt, 2, case_id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "case", case_id,
                             (const char *const[]) { "adviser_id", NULL }, error);
}

/* --- reading --- */

#define CASE_SELECT \
  "SELECT c.id, c.student_id, c.topic, c.status, c.outcome, c.adviser_id, u.name," \
  " c.opened_at, c.resolved_at FROM cases c LEFT JOIN users u ON u.id = c.adviser_id"

static gpointer
case_from_row (sqlite3_stmt *stmt)
{
  CfCase *item = cf_case_new ();

  item->id = _cf_column_dup (stmt, 0);
  item->student_id = _cf_column_dup (stmt, 1);
  item->topic = _cf_column_dup (stmt, 2);
  item->status = _cf_column_dup (stmt, 3);
  item->outcome = _cf_column_dup (stmt, 4);
  item->adviser_id = _cf_column_dup (stmt, 5);
  item->adviser_name = _cf_column_dup (stmt, 6);
  item->opened_at = sqlite3_column_int64 (stmt, 7);
  item->resolved_at = sqlite3_column_int64 (stmt, 8);
  return item;
}

/* The case, or NULL with an error: none, or one whose student the user may
 * not open. */
static CfCase *
read_case (CfSession  *session,
           const char *case_id,
           GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(GListStore) found = g_list_store_new (CF_TYPE_CASE);
  sqlite3_stmt *stmt = _cf_store_prepare (store, CASE_SELECT " WHERE c.id = ?", error);

  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, case_id);
  if (!_cf_store_collect_objects (store, stmt, found, case_from_row, error))
    return NULL;
  if (g_list_model_get_n_items (G_LIST_MODEL (found)) == 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("There is no case with that id."));
      return NULL;
    }
  return g_list_model_get_item (G_LIST_MODEL (found), 0);
}

typedef struct {
  const char *student_id;
  GListStore *cases;
} CaseList;

static gboolean
read_cases (CfSession *session,
            gpointer   data,
            GError   **error)
{
  CaseList *list = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, list->student_id, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      CASE_SELECT " WHERE c.student_id = ? ORDER BY c.opened_at DESC, c.rowid DESC", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, list->student_id);
  return _cf_store_collect_objects (store, stmt, list->cases, case_from_row, error) &&
         _cf_session_audit (session, "case-read", list->student_id, "cases", error);
}

GListModel *
cf_cases_list (CfSession  *session,
               const char *student_id,
               GError    **error)
{
  g_autoptr(GListStore) cases = g_list_store_new (CF_TYPE_CASE);
  CaseList list = { student_id, cases };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, read_cases, &list, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&cases));
}

/* --- opening, resolving and reopening --- */

typedef struct {
  const char *student_id;
  const char *topic;
  CfCase     *opened;
} NewCase;

static gboolean
open_new_case (CfSession *session,
               gpointer   data,
               GError   **error)
{
  NewCase *new_case = data;
  g_autofree char *case_id = g_uuid_string_random ();

  if (!_cf_session_check_student (session, new_case->student_id, error) ||
      !insert_case (session, case_id, new_case->student_id, new_case->topic,
                    g_get_real_time () / G_USEC_PER_SEC, error))
    return FALSE;
  new_case->opened = read_case (session, case_id, error);
  return new_case->opened != NULL;
}

CfCase *
cf_cases_open (CfSession  *session,
               const char *student_id,
               const char *topic,
               GError    **error)
{
  NewCase new_case = { student_id, topic, NULL };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !cf_text_check_required (topic, CF_TEXT_LINE, _("The topic"), error))
    return NULL;
  if (!_cf_session_write (session, open_new_case, &new_case, error))
    {
      g_clear_object (&new_case.opened);
      return NULL;
    }
  return new_case.opened;
}

typedef struct {
  const char *case_id;
  const char *outcome;   /* NULL: reopen */
} CaseChange;

/* The case as it is, if the user may change it and it is in the state
 * the change starts from. */
static CfCase *
case_to_change (CfSession  *session,
                CaseChange *change,
                GError    **error)
{
  g_autoptr(CfCase) item = read_case (session, change->case_id, error);

  if (item == NULL || !_cf_session_check_student (session, item->student_id, error))
    return NULL;
  if (change->outcome != NULL && cf_case_is_resolved (item))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_EXISTS,
                   _("This case is already resolved. Reopen it first to change its outcome."));
      return NULL;
    }
  if (change->outcome == NULL && !cf_case_is_resolved (item))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_EXISTS, _("This case is already open."));
      return NULL;
    }
  return g_steal_pointer (&item);
}

static const char *const resolution_fields[] = { "status", "resolved_at", "outcome", NULL };

static gboolean
change_case (CfSession *session,
             gpointer   data,
             GError   **error)
{
  CaseChange *change = data;
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfCase) item = case_to_change (session, change, error);
  sqlite3_stmt *stmt;

  if (item == NULL)
    return FALSE;
  stmt = _cf_store_prepare (store,
      "UPDATE cases SET status = ?, resolved_at = ?, outcome = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, change->outcome ? "resolved" : "open");
  if (change->outcome)
    sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  else
    sqlite3_bind_null (stmt, 2);
  _cf_bind_text (stmt, 3, change->outcome);
  _cf_bind_text (stmt, 4, change->case_id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "case", change->case_id, resolution_fields, error) &&
         _cf_session_audit (session, change->outcome ? "case-resolved" : "case-reopened",
                            item->student_id, change->case_id, error);
}

gboolean
cf_cases_resolve (CfSession  *session,
                  const char *case_id,
                  const char *outcome,
                  GError    **error)
{
  CaseChange change = { case_id, outcome };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return FALSE;
  if (!is_outcome (outcome))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("Choose how the case ended: one of the listed outcomes."));
      return FALSE;
    }
  return _cf_session_write (session, change_case, &change, error);
}

gboolean
cf_cases_reopen (CfSession  *session,
                 const char *case_id,
                 GError    **error)
{
  CaseChange change = { case_id, NULL };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  return cf_session_require (session, CF_PERMISSION_READ_CASES, error) &&
         _cf_session_write (session, change_case, &change, error);
}
