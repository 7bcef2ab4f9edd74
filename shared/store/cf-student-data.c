/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Everything held about one student (design.md, "The life of a record"):
 * one list of the case database's tables and how each row is tied to the
 * student, and what destroying them leaves to clean up. */
#include "cf-student-data-private.h"

#include <json-glib/json-glib.h>

#include "cf-settings-private.h"
#include "cf-text.h"

#define CLEANUP_PENDING "search_cleanup_pending"

/* How a table's rows are about the student (?1), and which ids to note
 * before the rows go: a change to a record names its student, but a
 * ticket may be tied to them only by their appointment (a kiosk arrival
 * checked in with a booking code, before the desk matched it), so the
 * ids of both are kept (erased_records) and such a ticket arriving late
 * is dropped.  Children come before their parents, so that each row is
 * counted once and nothing depends on cascades.
 *
 * The subject access export reads the same list backwards, parents
 * first: each table's rows as the student would read them (names of
 * staff, not their ids; the consent wording they agreed to).  A row's
 * first column is its record's id, which a withheld passage names; a
 * column named "at" or ending in "_at" holds UTC seconds.  A table with
 * no export (withheld passages) shows in the others, in place of what
 * it withholds. */
typedef struct {
  const char *section;    /* its part of the subject access export */
  const char *export;     /* SELECT its rows for the export, or NULL */
  const char *remember;   /* SELECT the ids of mutable records, or NULL */
  const char *destroy;    /* NULL for the audit, which outlives them */
} StudentTable;

#define TICKETS_BY_APPOINTMENT \
  "tickets WHERE appointment_id IN (SELECT id FROM appointments WHERE student_id = ?1)"
#define TICKET_COLUMNS \
  "SELECT id, code, kind, topic, waiting_since AS arrived_at, status, called_at," \
  " appointment_id, submission FROM "
#define STAFF_NAME(column) "(SELECT name FROM users WHERE id = " column ")"

static const StudentTable student_tables[] = {
  /* Who read or changed their record, when and on which machine: ids
   * only, so it stays when the records go. */
  { "audit",
    "SELECT a.id, a.at, " STAFF_NAME ("a.actor_id") " AS user_name, a.action, a.node_id AS machine"
    " FROM audit a WHERE a.subject = ?1 ORDER BY a.at, a.seq",
    NULL, NULL },
  /* By the student they were written about, even in a case moved to
   * another student since (the move may not have reached every machine:
   * each must destroy the same entries).  The entries of the student's
   * cases written since a move go with their cases. */
  { "case_entries",
    "SELECT id, case_id, kind, body, third_party, " STAFF_NAME ("author_id") " AS author,"
    " created_at, corrects_id FROM case_entries WHERE student_id = ?1 ORDER BY created_at, rowid",
    NULL, "DELETE FROM case_entries WHERE student_id = ?1" },
  { "security_notices",
    "SELECT i.id, i.appointment_id, i.start_at, i.end_at, coalesce (i.cancelled, 0) AS cancelled,"
    " n.exported_at AS sent_at, " STAFF_NAME ("n.exported_by") " AS sent_by"
    " FROM security_notice_items i LEFT JOIN security_notices n ON n.id = i.notice_id"
    " WHERE i.student_id = ?1 ORDER BY i.start_at",
    NULL, "DELETE FROM security_notice_items WHERE student_id = ?1" },
  { "tickets",
    TICKET_COLUMNS TICKETS_BY_APPOINTMENT " AND student_id IS NULL",
    "INSERT OR IGNORE INTO erased_records (id) SELECT id FROM " TICKETS_BY_APPOINTMENT,
    "DELETE FROM " TICKETS_BY_APPOINTMENT },
  { "tickets",
    TICKET_COLUMNS "tickets WHERE student_id = ?1 ORDER BY waiting_since",
    "INSERT OR IGNORE INTO erased_records (id) SELECT id FROM tickets WHERE student_id = ?1",
    "DELETE FROM tickets WHERE student_id = ?1" },
  { "appointments",
    "SELECT id, start_at, end_at, mode, topic, room, status, " STAFF_NAME ("adviser_id") " AS adviser,"
    " created_at FROM appointments WHERE student_id = ?1 ORDER BY start_at",
    "INSERT OR IGNORE INTO erased_records (id) SELECT id FROM appointments WHERE student_id = ?1",
    "DELETE FROM appointments WHERE student_id = ?1" },
  { "consents",
    "SELECT c.id, c.third_party, c.granted, c.source, c.wording_version, w.body AS wording,"
    " c.verbal_note, " STAFF_NAME ("c.recorded_by") " AS recorded_by, c.recorded_at, c.withdraws_id"
    " FROM consents c LEFT JOIN consent_wordings w ON w.version = c.wording_version"
    " WHERE c.student_id = ?1 ORDER BY c.recorded_at",
    NULL, "DELETE FROM consents WHERE student_id = ?1" },
  { "breaches",
    "SELECT id, outline, reason, ground, grounds, legal_reference, consulted, unconsulted_reason,"
    " purpose, disclosed_to, student_informed, informed_at, " STAFF_NAME ("author_id") " AS author,"
    " created_at, corrects_id FROM breaches WHERE student_id = ?1 ORDER BY created_at",
    NULL, "DELETE FROM breaches WHERE student_id = ?1" },
  { "conflicts",
    "SELECT id, " STAFF_NAME ("adviser_id") " AS adviser, declared_at, note FROM conflicts"
    " WHERE student_id = ?1 ORDER BY declared_at",
    NULL, "DELETE FROM conflicts WHERE student_id = ?1" },
  { "withheld", NULL, NULL, "DELETE FROM withheld_passages WHERE student_id = ?1" },
  { "access_requests",
    "SELECT id, received, extension_months, extension_reason, done_at, recorded_at"
    " FROM access_requests WHERE student_id = ?1 ORDER BY received",
    NULL, "DELETE FROM access_requests WHERE student_id = ?1" },
  { "cases",
    "SELECT id, topic, status, outcome, " STAFF_NAME ("adviser_id") " AS adviser, opened_at,"
    " resolved_at FROM cases WHERE student_id = ?1 ORDER BY opened_at",
    NULL, "DELETE FROM cases WHERE student_id = ?1" },
  { "monitoring",
    "SELECT student_id AS id, date_of_birth, gender, ethnicity, recorded_at FROM monitoring"
    " WHERE student_id = ?1",
    NULL, "DELETE FROM monitoring WHERE student_id = ?1" },
  { "retention_holds",
    "SELECT student_id AS id, reason, " STAFF_NAME ("held_by") " AS held_by, held_at, released_at"
    " FROM retention_holds WHERE student_id = ?1",
    NULL, "DELETE FROM retention_holds WHERE student_id = ?1" },
  { "student",
    "SELECT id, name, preferred_name, student_number, college, faculty, email, phone, service_group,"
    " removed_from_course, removed_reason, " STAFF_NAME ("removed_by") " AS removed_by, removed_at,"
    " created_at, updated_at FROM students WHERE id = ?1",
    NULL, "DELETE FROM students WHERE id = ?1" },
};

static gboolean
run_for_student (CfStore    *store,
                 const char *sql,
                 const char *student_id,
                 guint      *changes,
                 GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student_id);
  if (!_cf_store_step_done (store, stmt, error))
    return FALSE;
  *changes = (guint) sqlite3_changes (_cf_store_get_db (store));
  return TRUE;
}

/* ---- tickets that name no student ------------------------------------ */

/* What identifies the student in a kiosk submission: their name (folded),
 * student ID or email, as the kiosk asks for them. */
typedef struct {
  char *name;
  char *number;
  char *email;
} Identity;

static void
identity_clear (Identity *identity)
{
  g_free (identity->name);
  g_free (identity->number);
  g_free (identity->email);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Identity, identity_clear)

static gboolean
load_identity (CfStore    *store,
               const char *student_id,
               Identity   *identity,
               GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT name, student_number, email FROM students WHERE id = ?", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student_id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_ROW)
    {
      g_autofree char *name = _cf_column_dup (stmt, 0);

      identity->name = name ? cf_text_fold (name) : NULL;
      identity->number = _cf_column_dup (stmt, 1);
      identity->email = _cf_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

static gboolean
same_text (const char *typed,
           const char *held,
           gboolean    fold)
{
  g_autofree char *folded = NULL;

  if (typed == NULL || held == NULL || held[0] == '\0')
    return FALSE;
  if (!fold)
    return g_ascii_strcasecmp (typed, held) == 0;
  folded = cf_text_fold (typed);
  return g_strcmp0 (folded, held) == 0;
}

/* NULL unless @name is a string: a submission is what a kiosk typed. */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* @by_name: whether the name alone will do.  Destruction takes what may
 * be theirs; an export gives only what surely is, since another student
 * may share the name. */
static gboolean
submission_names (const char     *submission,
                  const Identity *identity,
                  gboolean        by_name)
{
  g_autoptr(JsonNode) root = json_from_string (submission, NULL);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  if (object == NULL)
    return FALSE;
  return (by_name && same_text (string_member (object, "name"), identity->name, TRUE)) ||
         same_text (string_member (object, "student_id"), identity->number, FALSE) ||
         same_text (string_member (object, "contact"), identity->email, FALSE);
}

/* A drop-in not yet opened, or an arrival not yet matched, holds what the
 * student typed at the kiosk and names no student: such a ticket whose
 * submission names this one (their name, student ID or email) goes too.
 * Few tickets hold a submission (a week at most), and those are indexed. */
static gboolean
find_unnamed_tickets (CfStore    *store,
                      const char *student_id,
                      gboolean    by_name,
                      GPtrArray  *ids,
                      GError    **error)
{
  g_auto(Identity) identity = { 0 };
  sqlite3_stmt *stmt;
  CfStep step;

  if (!load_identity (store, student_id, &identity, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "SELECT id, submission FROM tickets WHERE submission IS NOT NULL AND student_id IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    if (submission_names ((const char *) sqlite3_column_text (stmt, 1), &identity, by_name))
      g_ptr_array_add (ids, _cf_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

static gboolean
destroy_unnamed_tickets (CfStore    *store,
                         const char *student_id,
                         guint      *changes,
                         GError    **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint ignored;

  *changes = 0;
  if (!find_unnamed_tickets (store, student_id, TRUE, ids, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++, (*changes)++)
    if (!run_for_student (store, "INSERT OR IGNORE INTO erased_records (id) VALUES (?1)", ids->pdata[i],
                          &ignored, error) ||
        !run_for_student (store, "DELETE FROM tickets WHERE id = ?1", ids->pdata[i], &ignored, error))
      return FALSE;
  return TRUE;
}

/* The search index's triggers take each deleted row out of it as the row
 * goes; the words stay in its segments until they are merged. */
gboolean
_cf_student_data_destroy (CfStore    *store,
                          const char *student_id,
                          guint      *n_records,
                          GError    **error)
{
  guint total = 0;

  if (!destroy_unnamed_tickets (store, student_id, &total, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (student_tables); i++)
    {
      guint changes;

      if (student_tables[i].destroy == NULL)
        continue;
      if ((student_tables[i].remember != NULL &&
           !run_for_student (store, student_tables[i].remember, student_id, &changes, error)) ||
          !run_for_student (store, student_tables[i].destroy, student_id, &changes, error))
        return FALSE;
      total += changes;
    }
  if (n_records != NULL)
    *n_records = total;
  return _cf_settings_set (store, CLEANUP_PENDING, "1", error);
}

/* ---- the subject access export ------------------------------------- */

/* Each column a member, named as the SELECT names it; NULL is left out. */
static JsonObject *
object_from_row (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();
  int n = sqlite3_column_count (stmt);

  for (int i = 0; i < n; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          json_object_set_int_member (object, name, sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          json_object_set_double_member (object, name, sqlite3_column_double (stmt, i));
          break;
        case SQLITE_TEXT:
          json_object_set_string_member (object, name, (const char *) sqlite3_column_text (stmt, i));
          break;
        default:
          break;
        }
    }
  return object;
}

static JsonArray *
section_array (JsonObject *sections,
               const char *section)
{
  if (!json_object_has_member (sections, section))
    json_object_set_array_member (sections, section, json_array_new ());
  return json_object_get_array_member (sections, section);
}

static gboolean
read_rows (CfStore    *store,
           const char *sql,
           const char *student_id,
           JsonArray  *into,
           GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student_id);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    json_array_add_object_element (into, object_from_row (stmt));
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

static gboolean
has_record (JsonArray  *records,
            const char *id)
{
  for (guint i = 0; i < json_array_get_length (records); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (records, i), "id"), id) == 0)
      return TRUE;
  return FALSE;
}

/* A drop-in not yet opened names no student but holds what they typed
 * (found by their student ID or email, not by a name another may share);
 * an arrival for one of their appointments is listed already. */
static gboolean
read_unnamed_tickets (CfStore    *store,
                      const char *student_id,
                      JsonArray  *into,
                      GError    **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  if (!find_unnamed_tickets (store, student_id, FALSE, ids, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!has_record (into, ids->pdata[i]) &&
        !read_rows (store, TICKET_COLUMNS "tickets WHERE id = ?1", ids->pdata[i], into, error))
      return FALSE;
  return TRUE;
}

JsonObject *
_cf_student_data_read (CfStore    *store,
                       const char *student_id,
                       GError    **error)
{
  g_autoptr(JsonObject) sections = json_object_new ();

  for (gsize i = G_N_ELEMENTS (student_tables); i-- > 0;)
    {
      const StudentTable *table = &student_tables[i];

      if (table->export != NULL &&
          !read_rows (store, table->export, student_id, section_array (sections, table->section), error))
        return NULL;
    }
  if (!read_unnamed_tickets (store, student_id, section_array (sections, "tickets"), error))
    return NULL;
  return g_steal_pointer (&sections);
}

gboolean
_cf_student_data_is_erased (CfStore    *store,
                            const char *record_id,
                            gboolean   *erased,
                            GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT 1 FROM erased_records WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, record_id);
  return _cf_store_exists (store, stmt, erased, error);
}

gboolean
_cf_student_data_any_erased (CfStore  *store,
                             gboolean *any,
                             GError  **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT 1 FROM erased_records LIMIT 1", error);

  return stmt != NULL && _cf_store_exists (store, stmt, any, error);
}

/* ---- cleaning up ------------------------------------------------------ */

/* "optimize" merges every segment of an index into one; a deleted row's
 * words are left out of the merged segment, and the old segments' pages
 * are freed (and overwritten).  Both indexes, each in the transaction
 * that clears the flag, so a crash leaves the flag for the next try. */
static gboolean
merge_search_indexes (CfStore *store,
                      GError **error)
{
  if (!_cf_store_begin (store, error))
    return FALSE;
  if (_cf_store_exec (store,
                      "INSERT INTO case_entries_fts (case_entries_fts) VALUES ('optimize');"
                      "INSERT INTO students_fts (students_fts) VALUES ('optimize');", error) &&
      _cf_settings_set (store, CLEANUP_PENDING, "0", error) &&
      _cf_store_commit (store, error))
    return TRUE;
  _cf_store_rollback (store);
  return FALSE;
}

gboolean
_cf_student_data_clean_up (CfStore *store,
                           GError **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autofree char *pending = NULL;

  if (!cf_store_has_cases (store))
    return TRUE;
  if (!_cf_settings_get (store, CLEANUP_PENDING, &pending, error))
    return FALSE;
  if (g_strcmp0 (pending, "1") != 0)
    return TRUE;
  return merge_search_indexes (store, error) && _cf_store_truncate_wal (store, error);
}
