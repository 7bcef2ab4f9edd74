/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-case-entries.h"

#include <glib/gi18n-lib.h>

#include "cf-case-entry-private.h"
#include "cf-cases-private.h"
#include "cf-changes-private.h"
#include "cf-consents.h"
#include "cf-error.h"
#include "cf-fts-private.h"
#include "cf-session-private.h"
#include "cf-text.h"

static const char *const kind_names[] = { "note", "advice", "action" };

const char *
cf_entry_kind_to_string (CfEntryKind kind)
{
  g_return_val_if_fail (kind <= CF_ENTRY_ACTION, NULL);
  return kind_names[kind];
}

gboolean
cf_entry_kind_from_string (const char  *text,
                           CfEntryKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *kind = (CfEntryKind) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
check_correction (CfStore    *store,
                  const char *student_id,
                  const char *corrects_id,
                  GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = _cf_store_prepare (store,
      "SELECT 1 FROM case_entries WHERE id = ? AND student_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, corrects_id);
  _cf_bind_text (stmt, 2, student_id);
  if (!_cf_store_exists (store, stmt, &found, error))
    return FALSE;
  if (!found)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND,
                 _("The entry to correct is not in this student’s record."));
  return found;
}

static gboolean
insert_entry (CfSession *session,
              gpointer   data,
              GError   **error)
{
  CfCaseEntry *entry = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, entry->student_id, error) ||
      (entry->third_party && !cf_consents_cover (store, entry->student_id, entry->third_party, error)) ||
      (entry->corrects_id && !check_correction (store, entry->student_id, entry->corrects_id, error)))
    return FALSE;
  entry->case_id = _cf_cases_open_case (session, entry->student_id, NULL,
                                        entry->created_at, error);
  if (entry->case_id == NULL)
    return FALSE;

  stmt = _cf_store_prepare (store,
      "INSERT INTO case_entries (id, case_id, student_id, kind, body, third_party, author_id,"
      " created_at, corrects_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, entry->id);
  _cf_bind_text (stmt, 2, entry->case_id);
  _cf_bind_text (stmt, 3, entry->student_id);
  _cf_bind_text (stmt, 4, entry->kind);
  _cf_bind_text (stmt, 5, entry->body);
  _cf_bind_text (stmt, 6, entry->third_party);
  _cf_bind_text (stmt, 7, entry->author_id);
  sqlite3_bind_int64 (stmt, 8, entry->created_at);
  _cf_bind_text (stmt, 9, entry->corrects_id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_fts_index_entry (store, entry->id, error) &&
         _cf_changes_record (store, "case_entry", entry->id, NULL, error) &&
         _cf_session_audit (session, "entry-added", entry->student_id, entry->id, error);
}

CfCaseEntry *
cf_case_entries_add (CfSession  *session,
                     const char *student_id,
                     CfEntryKind kind,
                     const char *body,
                     const char *third_party,
                     const char *corrects_id,
                     GError    **error)
{
  g_autoptr(CfCaseEntry) entry = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !cf_text_check_required (body, CF_TEXT_PARAGRAPHS, _("The entry"), error) ||
      (third_party && !cf_text_check_required (third_party, CF_TEXT_LINE, _("The third party"), error)))
    return NULL;

  entry = cf_case_entry_new ();
  entry->id = g_uuid_string_random ();
  entry->student_id = g_strdup (student_id);
  entry->kind = g_strdup (cf_entry_kind_to_string (kind));
  entry->body = g_strdup (body);
  entry->third_party = g_strdup (third_party);
  entry->corrects_id = g_strdup (corrects_id);
  entry->author_id = g_strdup (cf_session_get_user_id (session));
  entry->author_name = g_strdup (cf_session_get_user_name (session));
  entry->created_at = g_get_real_time () / G_USEC_PER_SEC;
  if (!_cf_session_write (session, insert_entry, entry, error))
    return NULL;
  return g_steal_pointer (&entry);
}

typedef struct {
  const char *student_id;
  GListStore *entries;
} Timeline;

static gpointer
entry_from_row (sqlite3_stmt *stmt)
{
  CfCaseEntry *entry = cf_case_entry_new ();

  entry->id = _cf_column_dup (stmt, 0);
  entry->case_id = _cf_column_dup (stmt, 1);
  entry->student_id = _cf_column_dup (stmt, 2);
  entry->kind = _cf_column_dup (stmt, 3);
  entry->body = _cf_column_dup (stmt, 4);
  entry->third_party = _cf_column_dup (stmt, 5);
  entry->author_id = _cf_column_dup (stmt, 6);
  entry->author_name = _cf_column_dup (stmt, 7);
  entry->created_at = sqlite3_column_int64 (stmt, 8);
  entry->corrects_id = _cf_column_dup (stmt, 9);
  return entry;
}

static gboolean
read_timeline (CfSession *session,
               gpointer   data,
               GError   **error)
{
  Timeline *timeline = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, timeline->student_id, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "SELECT e.id, e.case_id, e.student_id, e.kind, e.body, e.third_party, e.author_id, u.name,"
      " e.created_at, e.corrects_id FROM cases c JOIN case_entries e ON e.case_id = c.id"
      " LEFT JOIN users u ON u.id = e.author_id"
      " WHERE c.student_id = ? ORDER BY e.created_at, e.rowid", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, timeline->student_id);
  if (!_cf_store_collect_objects (store, stmt, timeline->entries, entry_from_row, error))
    return FALSE;
  return _cf_session_audit (session, "case-read", timeline->student_id, NULL, error);
}

GListModel *
cf_case_entries_timeline (CfSession  *session,
                          const char *student_id,
                          GError    **error)
{
  g_autoptr(GListStore) entries = g_list_store_new (CF_TYPE_CASE_ENTRY);
  Timeline timeline = { student_id, entries };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, read_timeline, &timeline, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&entries));
}
