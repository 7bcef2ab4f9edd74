/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-students.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cf-audit-private.h"
#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-fts-private.h"
#include "cf-replica-private.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"
#include "cf-statistics-private.h"
#include "cf-student-data-private.h"
#include "cf-student-private.h"
#include "cf-students-private.h"
#include "cf-text.h"

#define STUDENT_COLUMNS \
  "id, name, preferred_name, student_number, college, faculty, email, phone," \
  " service_group, removed_from_course, created_at"

/* Every column an insert sets is stamped, so replicas merge it: the
 * access code hash too, which stays NULL for a student with a name. */
static const char *const student_fields[] = {
  "name", "preferred_name", "student_number", "college", "faculty", "email", "phone",
  "access_code_hash", "service_group", "removed_from_course", "created_at", "updated_at", NULL
};

gboolean
_cf_students_check_fields (CfStudent *student,
                           GError   **error)
{
  struct { const char *value; const char *what; } fields[] = {
    { student->name, _("The name") },
    { student->preferred_name, _("The preferred name") },
    { student->student_number, _("The student ID") },
    { student->college, _("The college") },
    { student->faculty, _("The faculty") },
    { student->email, _("The email address") },
    { student->phone, _("The phone number") },
    { student->service_group, _("The service") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].value && !cf_text_check (fields[i].value, -1, CF_TEXT_LINE, fields[i].what, error))
      return FALSE;
  return TRUE;
}

/* A desk always names the student. */
static gboolean
check_student (CfStudent *student,
               GError   **error)
{
  return cf_text_check_required (student->name, CF_TEXT_LINE, _("The name"), error) &&
         _cf_students_check_fields (student, error);
}

gboolean
_cf_students_insert (CfSession  *session,
                     CfStudent  *student,
                     const char *access_code_hash,
                     const char *audit_detail,
                     GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO students (" STUDENT_COLUMNS ", access_code_hash, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student->id);
  _cf_bind_text (stmt, 2, student->name);
  _cf_bind_text (stmt, 3, student->preferred_name);
  _cf_bind_text (stmt, 4, student->student_number);
  _cf_bind_text (stmt, 5, student->college);
  _cf_bind_text (stmt, 6, student->faculty);
  _cf_bind_text (stmt, 7, student->email);
  _cf_bind_text (stmt, 8, student->phone);
  _cf_bind_text (stmt, 9, student->service_group);
  sqlite3_bind_int (stmt, 10, student->removed_from_course ? 1 : 0);
  sqlite3_bind_int64 (stmt, 11, student->created_at);
  _cf_bind_text (stmt, 12, access_code_hash);
  sqlite3_bind_int64 (stmt, 13, student->created_at);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_fts_index_student (store, student->id, error) &&
         _cf_changes_record (store, "student", student->id, student_fields, error) &&
         _cf_session_audit (session, "student-added", student->id, audit_detail, error);
}

static gboolean
insert_student (CfSession *session,
                gpointer   data,
                GError   **error)
{
  return _cf_students_insert (session, data, NULL, NULL, error);
}

/* Gives @student a new id and saves it. */
gboolean
cf_students_add (CfSession *session,
                 CfStudent *student,
                 GError   **error)
{
  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (CF_IS_STUDENT (student), FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !check_student (student, error))
    return FALSE;
  g_free (student->id);
  student->id = g_uuid_string_random ();
  student->created_at = g_get_real_time () / G_USEC_PER_SEC;
  if (_cf_session_write (session, insert_student, student, error))
    return TRUE;
  g_clear_pointer (&student->id, g_free);
  return FALSE;
}

gboolean
_cf_students_set_monitoring (CfSession  *session,
                             const char *student_id,
                             const char *date_of_birth,
                             const char *gender,
                             const char *ethnicity,
                             GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if ((gender && !cf_text_check (gender, -1, CF_TEXT_LINE, _("The gender"), error)) ||
      (ethnicity && !cf_text_check (ethnicity, -1, CF_TEXT_LINE, _("The ethnicity"), error)))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "INSERT OR REPLACE INTO monitoring (student_id, date_of_birth, gender, ethnicity, recorded_at)"
      " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student_id);
  _cf_bind_text (stmt, 2, date_of_birth);
  _cf_bind_text (stmt, 3, gender);
  _cf_bind_text (stmt, 4, ethnicity);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "monitoring", student_id,
                             (const char *const[]) { "date_of_birth", "gender", "ethnicity",
                                                          "recorded_at", NULL }, error);
}

static gpointer
student_from_row (sqlite3_stmt *stmt)
{
  CfStudent *student = cf_student_new ();

  student->id = _cf_column_dup (stmt, 0);
  student->name = _cf_column_dup (stmt, 1);
  student->preferred_name = _cf_column_dup (stmt, 2);
  student->student_number = _cf_column_dup (stmt, 3);
  student->college = _cf_column_dup (stmt, 4);
  student->faculty = _cf_column_dup (stmt, 5);
  student->email = _cf_column_dup (stmt, 6);
  student->phone = _cf_column_dup (stmt, 7);
  student->service_group = _cf_column_dup (stmt, 8);
  student->removed_from_course = sqlite3_column_int (stmt, 9) != 0;
  student->created_at = sqlite3_column_int64 (stmt, 10);
  return student;
}

typedef struct {
  const char *id;
  CfStudent  *student;
} ReadStudent;

/* Who last set or cleared the flag, by name, when and why. */
static gboolean
read_flag_change (CfStore   *store,
                  CfStudent *student,
                  GError   **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT s.removed_reason, s.removed_at, u.name FROM students s"
      " LEFT JOIN users u ON u.id = s.removed_by WHERE s.id = ?", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student->id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_ROW)
    {
      student->removed_reason = _cf_column_dup (stmt, 0);
      student->removed_at = sqlite3_column_int64 (stmt, 1);
      student->removed_by = _cf_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

static gboolean
read_student (CfSession *session,
              gpointer   data,
              GError   **error)
{
  ReadStudent *read = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, read->id, error))
    return FALSE;
  stmt = _cf_store_prepare (store, "SELECT " STUDENT_COLUMNS " FROM students WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, read->id);
  if (_cf_store_step (store, stmt, error) == CF_STEP_ROW)
    read->student = student_from_row (stmt);
  sqlite3_reset (stmt);
  return read->student != NULL &&
         read_flag_change (store, read->student, error) &&
         _cf_session_audit (session, "student-read", read->id, NULL, error);
}

CfStudent *
cf_students_get (CfSession  *session,
                 const char *id,
                 GError    **error)
{
  ReadStudent read = { id, NULL };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return NULL;
  if (!_cf_session_write (session, read_student, &read, error))
    g_clear_object (&read.student);
  return read.student;
}

typedef struct {
  GListStore *students;
  gboolean    flagged_only;
} ListStudents;

/* The ids the list showed, for its audit entry. */
static char *
shown_students (GListModel *students)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (students); i++)
    {
      g_autoptr(CfStudent) student = g_list_model_get_item (students, i);

      g_ptr_array_add (ids, student->id);   /* the list keeps it alive */
    }
  return _cf_audit_shown_detail (ids);
}

/* Leaves out students the user may not see (conflicts, restricted service). */
static gboolean
list_students (CfSession *session,
               gpointer   data,
               GError   **error)
{
  ListStudents *list = data;
  CfStore *store = cf_session_get_store (session);
  g_autofree char *shown = NULL;
  sqlite3_stmt *stmt;

  /* Flagged students only, through the partial index students_removed. */
  if (list->flagged_only)
    stmt = _cf_store_prepare (store,
        "SELECT " STUDENT_COLUMNS " FROM students s INDEXED BY students_removed"
        " WHERE removed_from_course = 1"
        "   AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.student_id = s.id AND c.adviser_id = ?1)"
        "   AND (?2 IS NULL OR s.service_group = ?2)"
        " ORDER BY name COLLATE NOCASE", error);
  else
    stmt = _cf_store_prepare (store,
        "SELECT " STUDENT_COLUMNS " FROM students s"
        " WHERE NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.student_id = s.id AND c.adviser_id = ?1)"
        "   AND (?2 IS NULL OR s.service_group = ?2)"
        " ORDER BY name COLLATE NOCASE", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, cf_session_get_user_id (session));
  _cf_bind_text (stmt, 2, _cf_session_get_restricted_service (session));
  if (!_cf_store_collect_objects (store, stmt, list->students, student_from_row, error))
    return FALSE;
  shown = shown_students (G_LIST_MODEL (list->students));
  return _cf_session_audit (session, list->flagged_only ? "flagged-students-listed" : "students-listed",
                            NULL, shown, error);
}

GListModel *
cf_students_list_flagged (CfSession *session,
                          GError   **error)
{
  g_autoptr(GListStore) students = g_list_store_new (CF_TYPE_STUDENT);
  ListStudents list = { students, TRUE };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, list_students, &list, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&students));
}

GListModel *
cf_students_list (CfSession *session,
                  GError   **error)
{
  g_autoptr(GListStore) students = g_list_store_new (CF_TYPE_STUDENT);
  ListStudents list = { students, FALSE };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, list_students, &list, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&students));
}

typedef struct {
  const char *id;
  gboolean    removed;
  const char *reason;
} Flag;

static gboolean
set_flag (CfSession *session,
          gpointer   data,
          GError   **error)
{
  Flag *flag = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, flag->id, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "UPDATE students SET removed_from_course = ?1, removed_reason = ?2, removed_by = ?3,"
      " removed_at = ?4, updated_at = ?4 WHERE id = ?5", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, flag->removed ? 1 : 0);
  _cf_bind_text (stmt, 2, flag->reason);
  _cf_bind_text (stmt, 3, cf_session_get_user_id (session));
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 5, flag->id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "student", flag->id,
                             (const char *const[]) { "removed_from_course", "removed_reason", "removed_by",
                                                     "removed_at", "updated_at", NULL }, error) &&
         _cf_session_audit (session,
                            flag->removed ? "removed-from-course-set" : "removed-from-course-cleared",
                            flag->id, NULL, error);
}

/* The flag the Security notice is for.  Only a manager sets or clears it,
 * as what Security is told is the office's decision, not one adviser's;
 * it needs a reason, kept on the record with who changed it and when, and
 * in the audit log. */
gboolean
cf_students_set_removed_from_course (CfSession  *session,
                                     const char *id,
                                     gboolean    removed,
                                     const char *reason,
                                     GError    **error)
{
  Flag flag = { id, removed, reason };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !cf_session_require (session, CF_PERMISSION_FLAG_STUDENTS, error) ||
      !cf_text_check_required (reason, CF_TEXT_PARAGRAPHS, _("The reason"), error))
    return FALSE;
  return _cf_session_write (session, set_flag, &flag, error);
}

/* Static SQL per editable column (statements are cached by their text). */
static const struct {
  const char *property;
  const char *column;
  const char *sql;
} editable[] = {
  { "name", "name", "UPDATE students SET name = ?, updated_at = ? WHERE id = ?" },
  { "preferred-name", "preferred_name", "UPDATE students SET preferred_name = ?, updated_at = ? WHERE id = ?" },
  { "student-number", "student_number", "UPDATE students SET student_number = ?, updated_at = ? WHERE id = ?" },
  { "college", "college", "UPDATE students SET college = ?, updated_at = ? WHERE id = ?" },
  { "faculty", "faculty", "UPDATE students SET faculty = ?, updated_at = ? WHERE id = ?" },
  { "email", "email", "UPDATE students SET email = ?, updated_at = ? WHERE id = ?" },
  { "phone", "phone", "UPDATE students SET phone = ?, updated_at = ? WHERE id = ?" },
  { "service-group", "service_group", "UPDATE students SET service_group = ?, updated_at = ? WHERE id = ?" },
};

static CfStudent *
load_student (CfStore    *store,
              const char *id,
              GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT " STUDENT_COLUMNS " FROM students WHERE id = ?", error);
  CfStudent *student = NULL;
  CfStep step;

  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_FAILED)
    return NULL;
  if (step == CF_STEP_ROW)
    student = student_from_row (stmt);
  sqlite3_reset (stmt);
  if (student == NULL)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("There is no student with that id."));
  return student;
}

/* Only the column written is stamped, so edits of different fields on
 * different desks both survive. */
static gboolean
set_column (CfStore    *store,
            gsize       i,
            const char *id,
            const char *value,
            GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, editable[i].sql, error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, value);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 3, id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "student", id,
                             (const char *const[]) { editable[i].column, "updated_at", NULL }, error);
}

/* Only a manager changes the group a student belongs to; both paths ask
 * (cf_students_update and cf_services_set_student_group). */
gboolean
_cf_students_check_may_set_group (CfSession *session,
                                  GError   **error)
{
  if (cf_session_get_role (session) == CF_ROLE_MANAGER)
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
               _("Only a manager can change the service a student or a user belongs to."));
  return FALSE;
}

gboolean
_cf_students_set_service_group (CfStore    *store,
                                const char *id,
                                const char *service_group,
                                GError    **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (editable); i++)
    if (g_str_equal (editable[i].column, "service_group"))
      return set_column (store, i, id, service_group, error);
  g_return_val_if_reached (FALSE);
}

static gboolean
update_changed_column (CfSession *session,
                       CfStudent *current,
                       CfStudent *wanted,
                       gsize      i,
                       GError   **error)
{
  g_autofree char *before = NULL, *after = NULL;

  g_object_get (current, editable[i].property, &before, NULL);
  g_object_get (wanted, editable[i].property, &after, NULL);
  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  if (g_str_equal (editable[i].column, "service_group") && !_cf_students_check_may_set_group (session, error))
    return FALSE;
  return set_column (cf_session_get_store (session), i, wanted->id, after, error);
}

static gboolean
update_student (CfSession *session,
                gpointer   data,
                GError   **error)
{
  CfStudent *wanted = data;
  g_autoptr(CfStudent) current = NULL;

  if (!_cf_session_check_student (session, wanted->id, error))
    return FALSE;
  current = load_student (cf_session_get_store (session), wanted->id, error);
  if (current == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (editable); i++)
    if (!update_changed_column (session, current, wanted, i, error))
      return FALSE;
  return _cf_session_audit (session, "student-changed", wanted->id, NULL, error);
}

gboolean
cf_students_update (CfSession *session,
                    CfStudent *student,
                    GError   **error)
{
  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (CF_IS_STUDENT (student) && student->id != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !check_student (student, error))
    return FALSE;
  return _cf_session_write (session, update_student, student, error);
}

typedef struct {
  const char *const *ids;
  const char        *reason;
  gboolean           skip_held;   /* a purge: one held or gone meanwhile is passed over */
  guint              n_students;
  guint              n_records;
} Destruction;

static gboolean
write_tombstone (CfStore    *store,
                 const char *id,
                 GError    **error)
{
  g_autofree char *stamp = NULL;
  sqlite3_stmt *stmt;

  if (!_cf_changes_record (store, "erase", id, NULL, error) ||
      !_cf_settings_get (store, "hlc_last", &stamp, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "INSERT OR IGNORE INTO tombstones (id, kind, erased_at, hlc) VALUES (?, 'student', ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 3, stamp);
  return _cf_store_step_done (store, stmt, error);
}

/* A hold (a complaint, a dispute, a legal duty) keeps the records, from a
 * purge and from a request alike, until a manager releases it.  Asked in
 * the destroying transaction: a hold that arrived from another desk while
 * a purge ran is seen. */
static gboolean
check_not_held (CfStore    *store,
                const char *id,
                GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT 1 FROM retention_holds WHERE student_id = ? AND released_at IS NULL", error);
  gboolean held = FALSE;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  if (!_cf_store_exists (store, stmt, &held, error))
    return FALSE;
  if (held)
    g_set_error (error, CF_ERROR, CF_ERROR_HELD,
                 _("These records are held (a complaint, a dispute or a legal duty): release the hold on the Retention page first."));
  return !held;
}

/* Whether @text (folded) holds @value: a whole word of a name, anywhere
 * for a student ID or an email. */
static gboolean
reason_holds (char      **reason_words,
              const char *folded_reason,
              const char *value,
              gboolean    whole_words)
{
  g_autofree char *folded = cf_text_fold (value ? value : "");
  g_auto(GStrv) words = g_strsplit_set (folded, " \t-'.,", -1);

  if (!whole_words)
    return g_utf8_strlen (folded, -1) >= 3 && strstr (folded_reason, folded) != NULL;
  for (guint w = 0; words[w] != NULL; w++)
    if (g_utf8_strlen (words[w], -1) >= 2 && g_strv_contains ((const char *const *) reason_words, words[w]))
      return TRUE;
  return FALSE;
}

/* The reason outlives the records, in the audit log: one that names the
 * student (a word of their name, their student ID or email) is refused.
 * Nobody else can be recognised by code; the desk asks the manager. */
static gboolean
check_reason_names_nobody (CfStore    *store,
                           const char *id,
                           const char *reason,
                           GError    **error)
{
  g_autoptr(CfStudent) student = load_student (store, id, error);
  g_autofree char *folded_reason = cf_text_fold (reason);
  g_auto(GStrv) reason_words = g_strsplit_set (folded_reason, " \t-'.,:;!?()\"", -1);

  if (student == NULL)
    return FALSE;
  if (reason_holds (reason_words, folded_reason, student->name, TRUE) ||
      reason_holds (reason_words, folded_reason, student->preferred_name, TRUE) ||
      reason_holds (reason_words, folded_reason, student->student_number, FALSE) ||
      reason_holds (reason_words, folded_reason, student->email, FALSE))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("The reason names the student. Say why without naming anyone: the reason is kept after the records are gone."));
      return FALSE;
    }
  return TRUE;
}

/* The audit entry outlives the records: how many went, and why, in the
 * words of the manager, who is asked not to name anyone. */
static gboolean
destroy_student (CfSession   *session,
                 Destruction *destruction,
                 const char  *id,
                 GError     **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autofree char *detail = NULL;
  guint n_records = 0;

  if (!_cf_session_check_student (session, id, error) ||
      !check_not_held (store, id, error) ||
      !check_reason_names_nobody (store, id, destruction->reason, error) ||
      !_cf_statistics_fold_student (store, id, error) ||
      !write_tombstone (store, id, error) ||
      !_cf_student_data_destroy (store, id, &n_records, error))
    return FALSE;
  destruction->n_students++;
  destruction->n_records += n_records;
  detail = g_strdup_printf ("%u: %s", n_records, destruction->reason);
  return _cf_session_audit (session, "student-destroyed", id, detail, error);
}

/* In a purge, a student destroyed or held since the list was made (by
 * another program here, or a hold from another desk) is passed over. */
static gboolean
still_to_destroy (CfStore    *store,
                  const char *id,
                  gboolean   *destroy,
                  GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT 1 FROM students s WHERE s.id = ?1 AND NOT EXISTS (SELECT 1 FROM retention_holds h"
      " WHERE h.student_id = ?1 AND h.released_at IS NULL)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  return _cf_store_exists (store, stmt, destroy, error);
}

static gboolean
destroy_students (CfSession *session,
                  gpointer   data,
                  GError   **error)
{
  Destruction *destruction = data;

  for (gsize i = 0; destruction->ids[i] != NULL; i++)
    {
      gboolean destroy = TRUE;

      if (destruction->skip_held &&
          !still_to_destroy (cf_session_get_store (session), destruction->ids[i], &destroy, error))
        return FALSE;
      if (destroy && !destroy_student (session, destruction, destruction->ids[i], error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
destroy_in_one_transaction (CfSession   *session,
                            Destruction *destruction,
                            GError     **error)
{
  return cf_session_require (session, CF_PERMISSION_DESTROY_RECORDS, error) &&
         cf_text_check_required (destruction->reason, CF_TEXT_LINE, _("The reason"), error) &&
         _cf_session_write (session, destroy_students, destruction, error);
}

gboolean
_cf_students_destroy_one (CfSession  *session,
                          const char *id,
                          const char *reason,
                          guint      *n_records,
                          GError    **error)
{
  const char *ids[] = { id, NULL };
  Destruction destruction = { ids, reason, FALSE, 0, 0 };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!destroy_in_one_transaction (session, &destruction, error))
    return FALSE;
  if (n_records != NULL)
    *n_records = destruction.n_records;
  return TRUE;
}

gboolean
_cf_students_destroy_many (CfSession         *session,
                           const char *const *ids,
                           const char        *reason,
                           guint             *n_students,
                           GError           **error)
{
  Destruction destruction = { ids, reason, TRUE, 0, 0 };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);

  if (!destroy_in_one_transaction (session, &destruction, error))
    return FALSE;
  *n_students = destruction.n_students;
  return TRUE;
}

gboolean
cf_students_destroy (CfSession  *session,
                     const char *id,
                     const char *reason,
                     guint      *n_records,
                     GError    **error)
{
  if (!_cf_students_destroy_one (session, id, reason, n_records, error))
    return FALSE;
  /* The records are gone, whatever happens next.  A failure to merge the
   * search indexes (a full disk) leaves that pending for the next sync
   * pass, which reports it. */
  _cf_student_data_clean_up (cf_session_get_store (session), NULL);
  return TRUE;
}
