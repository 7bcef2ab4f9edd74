/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-breaches.h"

#include <glib/gi18n-lib.h>

#include "cf-breach-private.h"
#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-text.h"
#include "cf-user-private.h"

static const char *const grounds[] = {
  "risk-to-student", "risk-to-others", "terrorism", "money-laundering",
  "safeguarding-children", "other-legal-duty", NULL
};
/* The grounds a law imposes, from grounds[2] on. */
#define FIRST_LEGAL_GROUND 2

static const char *const informed_values[] = { "told", "consent-asked", "not-told", NULL };

const char *const *
cf_breach_grounds (void)
{
  return grounds;
}

const char *const *
cf_breach_informed_values (void)
{
  return informed_values;
}

gboolean
cf_breach_ground_is_legal (const char *ground)
{
  for (guint i = FIRST_LEGAL_GROUND; grounds[i]; i++)
    if (g_strcmp0 (ground, grounds[i]) == 0)
      return TRUE;
  return FALSE;
}

void
cf_breach_problem_free (CfBreachProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->sentence);
  g_free (problem);
}

/* ---- What a record must say -------------------------------------------- */

static void
add_problem (GPtrArray    *problems,
             CfBreachField field,
             const char   *sentence)
{
  CfBreachProblem *problem = g_new0 (CfBreachProblem, 1);

  problem->field = field;
  problem->sentence = g_strdup (sentence);
  g_ptr_array_add (problems, problem);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
check_text (GPtrArray    *problems,
            CfBreachField field,
            const char   *text,
            CfTextKind    kind,
            const char   *what,
            const char   *missing)
{
  g_autoptr(GError) error = NULL;

  if (is_blank (text))
    add_problem (problems, field, missing);
  else if (!cf_text_check (text, -1, kind, what, &error))
    add_problem (problems, field, error->message);
}

static gboolean
in_list (const char *const *list,
         const char        *value)
{
  return value != NULL && g_strv_contains (list, value);
}

static gboolean
any_legal (const char *const *chosen)
{
  for (guint i = 0; chosen[i]; i++)
    if (cf_breach_ground_is_legal (chosen[i]))
      return TRUE;
  return FALSE;
}

static void
check_ground (GPtrArray *problems,
              CfBreach  *draft)
{
  g_auto(GStrv) chosen = cf_breach_dup_grounds (draft);

  for (guint i = 0; chosen[i]; i++)
    if (!in_list (grounds, chosen[i]))
      {
        add_problem (problems, CF_BREACH_FIELD_GROUND,
                     _("A ground is not one of those listed: choose from the list."));
        return;
      }
  if (chosen[0] == NULL)
    add_problem (problems, CF_BREACH_FIELD_GROUND,
                 _("Choose the ground on which confidentiality is breached."));
  else if (any_legal ((const char *const *) chosen))
    check_text (problems, CF_BREACH_FIELD_LEGAL_REFERENCE, draft->legal_reference, CF_TEXT_LINE,
                _("The legal reference"),
                _("Name the law that requires the disclosure, for example the Act and its section."));
}

static void
check_consulted (GPtrArray  *problems,
                 CfBreach   *draft,
                 const char *author_id)
{
  g_auto(GStrv) ids = cf_breach_dup_consulted (draft);
  guint others = 0;

  for (guint i = 0; ids[i]; i++)
    others += g_strcmp0 (ids[i], author_id) != 0;
  /* The policies ask for a consultation "if there is time": an adviser
   * alone in an emergency says why there was none, and adds it later. */
  if (ids[0] == NULL && !is_blank (draft->unconsulted_reason))
    check_text (problems, CF_BREACH_FIELD_UNCONSULTED_REASON, draft->unconsulted_reason,
                CF_TEXT_PARAGRAPHS, _("Why nobody could be consulted"), NULL);
  else if (ids[0] == NULL)
    add_problem (problems, CF_BREACH_FIELD_CONSULTED,
                 _("Name at least one other adviser who was asked for advice, or say why there was no time to consult."));
  else if (others == 0)
    add_problem (problems, CF_BREACH_FIELD_CONSULTED,
                 _("The adviser consulted must be someone other than the author of this record."));
}

static void
check_informed (GPtrArray *problems,
                CfBreach  *draft,
                gint64     now)
{
  if (!in_list (informed_values, draft->student_informed))
    add_problem (problems, CF_BREACH_FIELD_STUDENT_INFORMED,
                 _("Say whether the student was told, asked for consent, or not told."));
  else if (g_str_equal (draft->student_informed, "not-told"))
    return;
  else if (draft->informed_at <= 0)
    add_problem (problems, CF_BREACH_FIELD_INFORMED_AT,
                 g_str_equal (draft->student_informed, "told")
                 ? _("Give the date the student was told.")
                 : _("Give the date the student was asked for consent."));
  else if (draft->informed_at > now)
    add_problem (problems, CF_BREACH_FIELD_INFORMED_AT, _("The date cannot be in the future."));
}

GPtrArray *
cf_breach_check (CfBreach   *draft,
                 const char *author_id,
                 gint64      now)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_breach_problem_free);

  g_return_val_if_fail (CF_IS_BREACH (draft), problems);

  if (is_blank (draft->student_id))
    add_problem (problems, CF_BREACH_FIELD_STUDENT, _("Choose the student the record is about."));
  check_text (problems, CF_BREACH_FIELD_OUTLINE, draft->outline, CF_TEXT_PARAGRAPHS,
              _("The outline"), _("Give a brief outline of the situation."));
  check_text (problems, CF_BREACH_FIELD_REASON, draft->reason, CF_TEXT_PARAGRAPHS,
              _("The reason"), _("Say why confidentiality is being breached."));
  check_ground (problems, draft);
  check_consulted (problems, draft, author_id);
  check_text (problems, CF_BREACH_FIELD_PURPOSE, draft->purpose, CF_TEXT_PARAGRAPHS,
              _("What disclosure would achieve"), _("Say what breaching confidentiality would achieve."));
  check_text (problems, CF_BREACH_FIELD_DISCLOSED_TO, draft->disclosed_to, CF_TEXT_LINE,
              _("To whom it was disclosed"), _("Say to whom confidentiality was breached."));
  check_informed (problems, draft, now);
  return problems;
}

static gboolean
check_complete (CfBreach   *draft,
                const char *author_id,
                GError    **error)
{
  g_autoptr(GPtrArray) problems = cf_breach_check (draft, author_id,
                                                   g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(GString) text = NULL;

  if (problems->len == 0)
    return TRUE;
  text = g_string_new (NULL);
  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (text, "%s%s", i ? "\n" : "",
                            ((CfBreachProblem *) problems->pdata[i])->sentence);
  g_set_error_literal (error, CF_ERROR, CF_ERROR_INVALID_INPUT, text->str);
  return FALSE;
}

/* ---- Saving ------------------------------------------------------------ */

/* Everyone named was a current adviser or manager; the store, not the
 * form, is the judge of that. */
static gboolean
check_consulted_users (CfStore  *store,
                       CfBreach *record,
                       GError  **error)
{
  g_auto(GStrv) ids = cf_breach_dup_consulted (record);
  sqlite3_stmt *stmt;

  for (guint i = 0; ids[i]; i++)
    {
      gboolean found;

      stmt = _cf_store_prepare (store,
          "SELECT 1 FROM users WHERE id = ? AND removed_at IS NULL AND role IN ('adviser', 'manager')",
          error);
      if (stmt == NULL)
        return FALSE;
      _cf_bind_text (stmt, 1, ids[i]);
      if (!_cf_store_exists (store, stmt, &found, error))
        return FALSE;
      if (!found)
        {
          g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                       _("Everyone named as consulted must be a current adviser or manager."));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_correction (CfStore  *store,
                  CfBreach *record,
                  GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  if (record->corrects_id == NULL)
    return TRUE;
  stmt = _cf_store_prepare (store, "SELECT 1 FROM breaches WHERE id = ? AND student_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, record->corrects_id);
  _cf_bind_text (stmt, 2, record->student_id);
  if (!_cf_store_exists (store, stmt, &found, error))
    return FALSE;
  if (!found)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND,
                 _("The breach record to correct is not in this student’s record."));
  return found;
}

static gboolean
insert_breach (CfSession *session,
               gpointer   data,
               GError   **error)
{
  CfBreach *record = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, record->student_id, error) ||
      !check_consulted_users (store, record, error) ||
      !check_correction (store, record, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "INSERT INTO breaches (id, student_id, outline, reason, ground, legal_reference, consulted,"
      " purpose, disclosed_to, student_informed, informed_at, author_id, created_at, corrects_id,"
      " grounds, unconsulted_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, record->id);
  _cf_bind_text (stmt, 2, record->student_id);
  _cf_bind_text (stmt, 3, record->outline);
  _cf_bind_text (stmt, 4, record->reason);
  _cf_bind_text (stmt, 5, record->ground);
  _cf_bind_text (stmt, 6, record->legal_reference);
  _cf_bind_text (stmt, 7, record->consulted ? record->consulted : "");
  _cf_bind_text (stmt, 8, record->purpose);
  _cf_bind_text (stmt, 9, record->disclosed_to);
  _cf_bind_text (stmt, 10, record->student_informed);
  if (record->informed_at > 0)
    sqlite3_bind_int64 (stmt, 11, record->informed_at);
  _cf_bind_text (stmt, 12, record->author_id);
  sqlite3_bind_int64 (stmt, 13, record->created_at);
  _cf_bind_text (stmt, 14, record->corrects_id);
  _cf_bind_text (stmt, 15, record->grounds);
  _cf_bind_text (stmt, 16, record->unconsulted_reason);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "breach", record->id, NULL, error) &&
         _cf_session_audit (session, "breach-recorded", record->student_id, record->id, error);
}

/* The grounds chosen, once each, in the order of the list. */
static GStrv
ordered_grounds (CfBreach *draft)
{
  g_auto(GStrv) chosen = cf_breach_dup_grounds (draft);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; grounds[i]; i++)
    if (g_strv_contains ((const char *const *) chosen, grounds[i]))
      g_strv_builder_add (builder, grounds[i]);
  return g_strv_builder_end (builder);
}

/* The saved record: the draft's fields, trimmed, by this user, now.  A
 * reference, a date or a reason that the grounds, the answer or those
 * consulted do not call for is not kept, so the record says only what
 * applies. */
static CfBreach *
record_from_draft (CfSession *session,
                   CfBreach  *draft)
{
  g_autofree char *consulted = NULL;
  g_auto(GStrv) chosen = ordered_grounds (draft);
  CfBreach *record = cf_breach_new ();

  g_object_get (draft, "consulted", &consulted, NULL);
  record->id = g_uuid_string_random ();
  record->student_id = g_strdup (draft->student_id);
  record->outline = g_strstrip (g_strdup (draft->outline));
  record->reason = g_strstrip (g_strdup (draft->reason));
  record->ground = g_strdup (chosen[0]);
  record->grounds = g_strjoinv (",", chosen);
  if (any_legal ((const char *const *) chosen))
    record->legal_reference = g_strstrip (g_strdup (draft->legal_reference));
  if (is_blank (consulted))
    record->unconsulted_reason = g_strstrip (g_strdup (draft->unconsulted_reason));
  record->consulted = g_steal_pointer (&consulted);
  record->purpose = g_strstrip (g_strdup (draft->purpose));
  record->disclosed_to = g_strstrip (g_strdup (draft->disclosed_to));
  record->student_informed = g_strdup (draft->student_informed);
  if (!g_str_equal (draft->student_informed, "not-told"))
    record->informed_at = draft->informed_at;
  record->author_id = g_strdup (cf_session_get_user_id (session));
  record->author_name = g_strdup (cf_session_get_user_name (session));
  record->created_at = g_get_real_time () / G_USEC_PER_SEC;
  record->corrects_id = g_strdup (draft->corrects_id);
  return record;
}

CfBreach *
cf_breaches_add (CfSession *session,
                 CfBreach  *draft,
                 GError   **error)
{
  g_autoptr(CfBreach) record = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (CF_IS_BREACH (draft), NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !check_complete (draft, cf_session_get_user_id (session), error))
    return NULL;
  record = record_from_draft (session, draft);
  if (!_cf_session_write (session, insert_breach, record, error))
    return NULL;
  return g_steal_pointer (&record);
}

/* ---- Reading ----------------------------------------------------------- */

typedef struct {
  const char *student_id;
  GListStore *records;
} ListBreaches;

static gpointer
breach_from_row (sqlite3_stmt *stmt)
{
  CfBreach *record = cf_breach_new ();

  record->id = _cf_column_dup (stmt, 0);
  record->student_id = _cf_column_dup (stmt, 1);
  record->outline = _cf_column_dup (stmt, 2);
  record->reason = _cf_column_dup (stmt, 3);
  record->ground = _cf_column_dup (stmt, 4);
  record->legal_reference = _cf_column_dup (stmt, 5);
  record->consulted = _cf_column_dup (stmt, 6);
  record->consulted_names = _cf_column_dup (stmt, 7);
  record->purpose = _cf_column_dup (stmt, 8);
  record->disclosed_to = _cf_column_dup (stmt, 9);
  record->student_informed = _cf_column_dup (stmt, 10);
  record->informed_at = sqlite3_column_int64 (stmt, 11);
  record->author_id = _cf_column_dup (stmt, 12);
  record->author_name = _cf_column_dup (stmt, 13);
  record->created_at = sqlite3_column_int64 (stmt, 14);
  record->corrects_id = _cf_column_dup (stmt, 15);
  record->corrected = sqlite3_column_int (stmt, 16) != 0;
  record->grounds = _cf_column_dup (stmt, 17);
  record->unconsulted_reason = _cf_column_dup (stmt, 18);
  return record;
}

static gboolean
list_breaches (CfSession *session,
               gpointer   data,
               GError   **error)
{
  ListBreaches *list = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, list->student_id, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "SELECT b.id, b.student_id, b.outline, b.reason, b.ground, b.legal_reference, b.consulted,"
      " (SELECT group_concat (c.name, ', ') FROM users c"
      "   WHERE instr (',' || b.consulted || ',', ',' || c.id || ',') > 0),"
      " b.purpose, b.disclosed_to, b.student_informed, b.informed_at, b.author_id, u.name,"
      " b.created_at, b.corrects_id,"
      " EXISTS (SELECT 1 FROM breaches n WHERE n.corrects_id = b.id),"
      " coalesce (b.grounds, b.ground), b.unconsulted_reason"
      " FROM breaches b LEFT JOIN users u ON u.id = b.author_id"
      " WHERE b.student_id = ? ORDER BY b.created_at DESC, b.rowid DESC", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, list->student_id);
  if (!_cf_store_collect_objects (store, stmt, list->records, breach_from_row, error))
    return FALSE;
  return _cf_session_audit (session, "breaches-read", list->student_id, NULL, error);
}

GListModel *
cf_breaches_list (CfSession  *session,
                  const char *student_id,
                  GError    **error)
{
  g_autoptr(GListStore) records = g_list_store_new (CF_TYPE_BREACH);
  ListBreaches list = { student_id, records };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, list_breaches, &list, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&records));
}

GListModel *
cf_breaches_colleagues (CfSession *session,
                        GError   **error)
{
  g_autoptr(GListStore) users = g_list_store_new (CF_TYPE_USER);
  g_autoptr(CfStoreLock) lock = NULL;
  CfStore *store;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return NULL;
  store = cf_session_get_store (session);
  lock = _cf_store_lock (store);
  stmt = _cf_store_prepare (store,
      "SELECT " CF_USER_COLUMNS " FROM users WHERE removed_at IS NULL"
      " AND role IN ('adviser', 'manager') AND id != ? ORDER BY name COLLATE NOCASE, id", error);
  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, cf_session_get_user_id (session));
  if (!_cf_store_collect_objects (store, stmt, users, _cf_user_new_from_row, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&users));
}
