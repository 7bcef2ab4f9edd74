/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-conflicts.h"

#include <glib/gi18n-lib.h>

#include "cf-appointment.h"
#include "cf-appointments-private.h"
#include "cf-cases-private.h"
#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-text.h"
#include "cf-user-private.h"

typedef struct {
  const char *student_id;
  const char *note;
} Declaration;

static gboolean
has_declared (CfSession  *session,
              const char *student_id,
              gboolean   *declared,
              GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT 1 FROM conflicts WHERE adviser_id = ? AND student_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, cf_session_get_user_id (session));
  _cf_bind_text (stmt, 2, student_id);
  return _cf_store_exists (store, stmt, declared, error);
}

static gboolean
insert_conflict (CfSession *session,
                 gpointer   data,
                 GError   **error)
{
  Declaration *declaration = data;
  CfStore *store = cf_session_get_store (session);
  g_autofree char *id = NULL;
  sqlite3_stmt *stmt;
  gboolean declared;

  if (!has_declared (session, declaration->student_id, &declared, error))
    return FALSE;
  if (declared)
    return TRUE;
  if (!_cf_session_check_student (session, declaration->student_id, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "INSERT INTO conflicts (id, adviser_id, student_id, declared_at, note) VALUES (?, ?, ?, ?, ?)",
      error);
  if (stmt == NULL)
    return FALSE;
  id = g_uuid_string_random ();
  _cf_bind_text (stmt, 1, id);
  _cf_bind_text (stmt, 2, cf_session_get_user_id (session));
  _cf_bind_text (stmt, 3, declaration->student_id);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 5, declaration->note);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "conflict", id, NULL, error) &&
         _cf_session_audit (session, "conflict-declared", declaration->student_id, id, error);
}

gboolean
cf_conflicts_declare (CfSession  *session,
                      const char *student_id,
                      const char *note,
                      GError    **error)
{
  Declaration declaration = { student_id, note };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (student_id != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      (note != NULL && !cf_text_check (note, -1, CF_TEXT_PARAGRAPHS, _("The note"), error)))
    return FALSE;
  return _cf_session_write (session, insert_conflict, &declaration, error);
}

/* The one who declared a conflict hands the student over without seeing
 * the record; anyone else must be able to open it. */
static gboolean
may_hand_over (CfSession  *session,
               const char *student_id,
               GError    **error)
{
  gboolean declared;

  if (!has_declared (session, student_id, &declared, error))
    return FALSE;
  if (declared)
    return TRUE;
  return _cf_session_check_student (session, student_id, error);
}

/* Who may take the student; ?3 narrows it to one adviser. */
#define CANDIDATES_QUERY \
  "SELECT u.id, u.name, u.role, u.restricted_service, u.created_at FROM users u, students s" \
  " WHERE s.id = ?1 AND u.removed_at IS NULL AND u.role IN ('adviser', 'manager')" \
  "   AND u.id != ?2 AND (?3 IS NULL OR u.id = ?3)" \
  "   AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.adviser_id = u.id AND c.student_id = s.id)" \
  "   AND (u.restricted_service IS NULL OR u.restricted_service = s.service_group)" \
  " ORDER BY u.name COLLATE NOCASE, u.id"

static gboolean
read_candidates (CfSession  *session,
                 const char *student_id,
                 const char *only,
                 GListStore *users,
                 GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store, CANDIDATES_QUERY, error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student_id);
  _cf_bind_text (stmt, 2, cf_session_get_user_id (session));
  _cf_bind_text (stmt, 3, only);
  if (!_cf_store_collect_objects (store, stmt, users, _cf_user_new_from_row, error))
    return FALSE;
  return TRUE;
}

typedef struct {
  const char *student_id;
  const char *adviser_id;
  GListStore *users;
  guint       n_cases;
  guint       n_appointments;
} Handover;

static gboolean
list_offer (CfSession *session,
            gpointer   data,
            GError   **error)
{
  Handover *handover = data;

  return may_hand_over (session, handover->student_id, error) &&
         read_candidates (session, handover->student_id, NULL, handover->users, error);
}

GListModel *
cf_conflicts_offer (CfSession  *session,
                    const char *student_id,
                    GError    **error)
{
  g_autoptr(GListStore) users = g_list_store_new (CF_TYPE_USER);
  Handover handover = { student_id, NULL, users, 0, 0 };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, list_offer, &handover, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&users));
}

static GPtrArray *
open_cases (CfStore    *store,
            const char *student_id,
            GError    **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT id FROM cases WHERE student_id = ? AND status = 'open'", error);

  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, student_id);
  if (!_cf_store_collect (store, stmt, ids, error))
    return NULL;
  return g_steal_pointer (&ids);
}

static gboolean
check_candidate (CfSession *session,
                 Handover  *handover,
                 GError   **error)
{
  g_autoptr(GListStore) one = g_list_store_new (CF_TYPE_USER);

  if (!read_candidates (session, handover->student_id, handover->adviser_id, one, error))
    return FALSE;
  if (g_list_model_get_n_items (G_LIST_MODEL (one)) == 1)
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
               _("That adviser cannot take this student (a conflict of interest, a restricted service, or no longer a user). Choose another."));
  return FALSE;
}

/* The declarer's own appointments, or, for anyone else, every one that
 * needs another adviser. */
static gboolean
list_needing_adviser (CfSession  *session,
                      const char *student_id,
                      GListStore *appointments,
                      GError    **error)
{
  gboolean declared;

  if (!has_declared (session, student_id, &declared, error))
    return FALSE;
  return _cf_appointments_list_needing_adviser (session, student_id,
                                                declared ? cf_session_get_user_id (session) : NULL,
                                                appointments, error);
}

static gboolean
reassign_appointments (CfSession *session,
                       Handover  *handover,
                       GError   **error)
{
  g_autoptr(GListStore) appointments = g_list_store_new (CF_TYPE_APPOINTMENT);

  if (!list_needing_adviser (session, handover->student_id, appointments, error))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (appointments)); i++)
    {
      g_autoptr(CfAppointment) appointment = g_list_model_get_item (G_LIST_MODEL (appointments), i);
      gboolean given;

      if (!_cf_appointments_give (session, appointment, handover->adviser_id, &given, error))
        return FALSE;
      handover->n_appointments += given;
    }
  return TRUE;
}

static gboolean
reassign_cases (CfSession *session,
                gpointer   data,
                GError   **error)
{
  Handover *handover = data;
  CfStore *store = cf_session_get_store (session);
  g_autoptr(GPtrArray) cases = NULL;

  if (!may_hand_over (session, handover->student_id, error) ||
      !check_candidate (session, handover, error) ||
      (cases = open_cases (store, handover->student_id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < cases->len; i++)
    if (!_cf_cases_move_case (store, cases->pdata[i], handover->adviser_id, error))
      return FALSE;
  handover->n_cases = cases->len;
  return reassign_appointments (session, handover, error) &&
         _cf_session_audit (session, "case-reassigned", handover->student_id,
                            handover->adviser_id, error);
}

gboolean
cf_conflicts_reassign (CfSession  *session,
                       const char *student_id,
                       const char *adviser_id,
                       guint      *n_cases,
                       guint      *n_appointments,
                       GError    **error)
{
  Handover handover = { student_id, adviser_id, NULL, 0, 0 };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (student_id != NULL && adviser_id != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, reassign_cases, &handover, error))
    return FALSE;
  if (n_cases != NULL)
    *n_cases = handover.n_cases;
  if (n_appointments != NULL)
    *n_appointments = handover.n_appointments;
  return TRUE;
}

typedef struct {
  const char *student_id;
  GListStore *appointments;
} Reassignable;

/* The declarer sees only their own: another adviser's conflict with the
 * same student is none of their business. */
static gboolean
list_reassignable (CfSession *session,
                   gpointer   data,
                   GError   **error)
{
  Reassignable *list = data;

  return may_hand_over (session, list->student_id, error) &&
         list_needing_adviser (session, list->student_id, list->appointments, error);
}

GListModel *
cf_conflicts_appointments_to_reassign (CfSession  *session,
                                       const char *student_id,
                                       GError    **error)
{
  g_autoptr(GListStore) appointments = g_list_store_new (CF_TYPE_APPOINTMENT);
  Reassignable list = { student_id, appointments };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, list_reassignable, &list, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&appointments));
}
