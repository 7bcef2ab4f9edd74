/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-appointments.h"
#include "cf-case-entries.h"
#include "cf-case-entry-private.h"
#include "cf-cases.h"
#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-office-settings.h"
#include "cf-office.h"
#include "cf-replica-private.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"
#include "cf-students.h"
#include "cf-test-util.h"
#include "cf-tickets.h"
#include "cf-time.h"
#include "cf-users.h"
#include "cf-week-grid.h"

typedef struct {
  char      *data_dir;
  CfSession *adviser;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->data_dir = cf_test_make_office ();
  f->adviser = cf_test_sign_in (f->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->adviser);
  g_free (f->data_dir);
}

static void
test_names_of_any_script_round_trip (Fixture      *f,
                                     gconstpointer data)
{
  const char *names[] = {
    "Zaynab القحطاني", "יעל כהן", "陳大文 🌷👩🏽‍🎓", "Siân O’Brien-Ńguyễn", "Ngā mihi, \"quoted\"",
  };
  g_autoptr(GString) long_name = g_string_new (NULL);

  for (int i = 0; i < 299; i++)
    g_string_append (long_name, "ß");
  for (gsize i = 0; i < G_N_ELEMENTS (names) + 1; i++)
    {
      const char *name = i < G_N_ELEMENTS (names) ? names[i] : long_name->str;
      g_autofree char *id = cf_test_add_student (f->adviser, name);
      g_autoptr(GError) error = NULL;
      g_autoptr(CfStudent) student = cf_students_get (f->adviser, id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (cf_student_get_name (student), ==, name);
    }
}

static void
test_refused_input_saves_nothing (Fixture      *f,
                                  gconstpointer data)
{
  const char *bad[] = { "bad\xff", "bell\a", "evil\xe2\x80\xae" "gnp.exe", "", "   " };
  g_autoptr(GListModel) students = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(CfStudent) student = cf_student_new ();
      g_autoptr(GError) error = NULL;

      g_object_set (student, "name", bad[i], NULL);
      g_assert_false (cf_students_add (f->adviser, student, &error));
      g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
      g_assert_null (cf_student_get_id (student));
    }
  students = cf_students_list (f->adviser, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (students), ==, 0);
}

static void
test_timeline_is_append_only_with_corrections (Fixture      *f,
                                               gconstpointer data)
{
  g_autofree char *id = cf_test_add_student (f->adviser, "Timeline Student");
  g_autoptr(GString) long_note = g_string_new (NULL);
  g_autoptr(CfCaseEntry) first = NULL, fix = NULL, long_entry = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(CfCaseEntry) item = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 20000; i++)
    g_string_append (long_note, i % 50 ? "ش" : "\n");
  first = cf_case_entries_add (f->adviser, id, CF_ENTRY_NOTE, "Rent arrears, £300.", NULL, NULL, &error);
  g_assert_no_error (error);
  fix = cf_case_entries_add (f->adviser, id, CF_ENTRY_NOTE, "Correction: £350.", NULL,
                             cf_case_entry_get_id (first), &error);
  g_assert_no_error (error);
  long_entry = cf_case_entries_add (f->adviser, id, CF_ENTRY_ADVICE, long_note->str, NULL, NULL, &error);
  g_assert_no_error (error);

  timeline = cf_case_entries_timeline (f->adviser, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 3);
  item = g_list_model_get_item (timeline, 1);
  g_assert_cmpstr (cf_case_entry_get_corrects_id (item), ==, cf_case_entry_get_id (first));
  g_clear_object (&item);
  item = g_list_model_get_item (timeline, 2);
  g_assert_cmpstr (cf_case_entry_get_body (item), ==, long_note->str);
  g_assert_cmpstr (cf_case_entry_get_kind (item), ==, "advice");

  /* The database itself refuses to rewrite history. */
  {
    CfStore *store = cf_session_get_store (f->adviser);
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

    g_assert_false (_cf_store_exec (store, "UPDATE case_entries SET body = 'rewritten'", &error));
    g_assert_nonnull (error);
  }
}

/* Operations from another desk, applied as an import applies them, in the
 * caller's transaction and with the caller's memo (may be NULL). */
static gboolean
apply_json (CfStore       *store,
            CfReplicaMemo *memo,
            const char    *json,
            guint         *applied,
            GError       **error)
{
  g_autoptr(GBytes) payload = g_bytes_new (json, strlen (json));

  return _cf_replica_apply (store, memo, payload, FALSE, CF_DATA_CASE, NULL, applied, error);
}

static gboolean
apply_entry (CfSession     *session,
             CfReplicaMemo *memo,
             const char    *case_id,
             const char    *student_id,
             guint         *applied,
             GError       **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *json = g_strdup_printf (
      "[{\"k\":\"case_entry\",\"id\":\"%s\",\"v\":{\"case_id\":\"%s\",\"student_id\":\"%s\","
      "\"kind\":\"note\",\"body\":\"Imported note.\",\"author_id\":\"%s\",\"created_at\":1}}]",
      id, case_id, student_id, cf_session_get_user_id (session));

  return apply_json (cf_session_get_store (session), memo, json, applied, error);
}

/* An entry from another desk, in a transaction of its own. */
static gboolean
import_entry (CfSession  *session,
              const char *case_id,
              const char *student_id,
              GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  guint applied = 0;
  gboolean ok;

  g_assert_true (_cf_store_begin (store, NULL));
  ok = apply_entry (session, NULL, case_id, student_id, &applied, error);
  if (ok)
    g_assert_true (_cf_store_commit (store, NULL));
  else
    _cf_store_rollback (store);
  return ok;
}

/* Entries belong to a student through their case: an imported entry
 * whose case is another student's is refused, so erasing a student can
 * never leave one behind. */
static void
test_entry_must_agree_with_its_case (Fixture      *f,
                                     gconstpointer data)
{
  g_autofree char *mine = cf_test_add_student (f->adviser, "Case Owner");
  g_autofree char *other = cf_test_add_student (f->adviser, "Someone Else");
  g_autoptr(CfCaseEntry) first = cf_case_entries_add (f->adviser, mine, CF_ENTRY_NOTE, "First.",
                                                      NULL, NULL, NULL);
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (first);
  g_assert_false (import_entry (f->adviser, first->case_id, other, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
  g_clear_error (&error);
  timeline = cf_case_entries_timeline (f->adviser, other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 0);
  g_clear_object (&timeline);

  g_assert_true (import_entry (f->adviser, first->case_id, mine, &error));
  g_assert_no_error (error);
  timeline = cf_case_entries_timeline (f->adviser, mine, &error);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 2);
}

/* What an import remembers of students and cases within its transaction
 * follows the import's own changes: a case moved to another student, and
 * a student erased. */
static void
test_import_memo_follows_moves_and_erasures (Fixture      *f,
                                             gconstpointer data)
{
  g_autofree char *mine = cf_test_add_student (f->adviser, "Case Owner");
  g_autofree char *other = cf_test_add_student (f->adviser, "Someone Else");
  g_autoptr(CfCaseEntry) first = cf_case_entries_add (f->adviser, mine, CF_ENTRY_NOTE, "First.",
                                                      NULL, NULL, NULL);
  CfStore *store = cf_session_get_store (f->adviser);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(CfReplicaMemo) memo = _cf_replica_memo_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *move = NULL, *erase = NULL;
  guint applied = 0;

  g_assert_nonnull (first);
  g_assert_true (_cf_store_begin (store, NULL));
  /* Learnt: the case is mine's, and mine is not erased. */
  g_assert_true (apply_entry (f->adviser, memo, first->case_id, mine, &applied, &error));
  g_assert_cmpuint (applied, ==, 1);

  move = g_strdup_printf ("[{\"k\":\"case\",\"id\":\"%s\","
                          "\"f\":{\"student_id\":[\"%s\",\"ffffffffffff0000@z\"]}}]",
                          first->case_id, other);
  g_assert_true (apply_json (store, memo, move, &applied, &error));
  g_assert_false (apply_entry (f->adviser, memo, first->case_id, mine, &applied, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_true (apply_entry (f->adviser, memo, first->case_id, other, &applied, &error));
  g_assert_cmpuint (applied, ==, 1);

  /* Learnt: the other student is not erased -- until the import erases them. */
  erase = g_strdup_printf ("[{\"k\":\"erase\",\"id\":\"%s\",\"h\":\"ffffffffffff0001@z\"}]",
                           other);
  g_assert_true (apply_json (store, memo, erase, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (apply_entry (f->adviser, memo, first->case_id, other, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied, ==, 0);
  _cf_store_rollback (store);
}

static char *
student_clocks (CfStore    *store,
                const char *id)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT clocks FROM students WHERE id = ?", NULL);
  char *clocks;

  _cf_bind_text (stmt, 1, id);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  clocks = _cf_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return clocks;
}

/* The stamp of @field in a record's clocks; fails if it has two. */
static char *
clock_of (const char *clocks,
          const char *field)
{
  g_auto(GStrv) entries = g_strsplit (clocks, ";", -1);
  g_autofree char *prefix = g_strconcat (field, "=", NULL);
  char *stamp = NULL;

  for (int i = 0; entries[i]; i++)
    if (g_str_has_prefix (entries[i], prefix))
      {
        g_assert_null (stamp);
        stamp = g_strdup (entries[i] + strlen (prefix));
      }
  return stamp;
}

/* A record keeps one stamp per changed field in its own row: a newer one
 * from another desk replaces it, an older one changes nothing, a local
 * change stamps the fields it names, and a stamp that could break the
 * list is refused. */
static void
test_field_clocks (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *id = cf_test_add_student (f->adviser, "Clocked Student");
  CfStore *store = cf_session_get_store (f->adviser);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;
  g_autofree char *created = NULL, *name_stamp = NULL, *merge = NULL, *hostile = NULL;
  g_autofree char *merged = NULL, *local = NULL, *college = NULL, *name = NULL;
  guint applied = 0;

  created = student_clocks (store, id);
  name_stamp = clock_of (created, "name");
  g_assert_nonnull (name_stamp);

  g_assert_true (_cf_store_begin (store, NULL));
  merge = g_strdup_printf ("[{\"k\":\"student\",\"id\":\"%s\",\"f\":{"
                           "\"name\":[\"Older Name\",\"000000000001" "0000@z\"],"
                           "\"college\":[\"Newer College\",\"ffffffffffff0000@z\"]}}]", id);
  g_assert_true (apply_json (store, NULL, merge, &applied, &error));
  g_assert_no_error (error);
  merged = student_clocks (store, id);
  college = clock_of (merged, "college");
  name = clock_of (merged, "name");
  g_assert_cmpstr (college, ==, "ffffffffffff0000@z");
  g_assert_cmpstr (name, ==, name_stamp);

  g_assert_true (_cf_changes_record (store, "student", id,
                                     (const char *const[]) { "college", "name", NULL },
                                     &error));
  g_assert_no_error (error);
  local = student_clocks (store, id);
  g_clear_pointer (&college, g_free);
  g_clear_pointer (&name, g_free);
  college = clock_of (local, "college");
  name = clock_of (local, "name");
  g_assert_cmpstr (college, ==, name);
  g_assert_cmpstr (name, !=, name_stamp);

  hostile = g_strdup_printf ("[{\"k\":\"student\",\"id\":\"%s\",\"f\":{"
                             "\"phone\":[\"1\",\"ffffffffffff0001@z;name=ffffffffffff0002@z\"]}}]",
                             id);
  g_assert_false (apply_json (store, NULL, hostile, &applied, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
  _cf_store_rollback (store);
}

/* A new record's columns are stamped when it is inserted, each of them,
 * so that its clocks say what the insert set. */
static void
assert_all_stamped (CfStore           *store,
                    const char        *sql,
                    const char        *id,
                    const char *const *columns)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, NULL);
  g_autofree char *clocks = NULL;

  _cf_bind_text (stmt, 1, id);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  clocks = _cf_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  for (gsize i = 0; columns[i] != NULL; i++)
    {
      g_autofree char *stamp = clock_of (clocks, columns[i]);

      if (stamp == NULL)
        g_error ("%s is not stamped in \"%s\"", columns[i], clocks);
    }
}

static void
test_new_records_stamp_every_column (Fixture      *f,
                                     gconstpointer data)
{
  g_autofree char *id = cf_test_add_student (f->adviser, "Stamped Student");
  g_autoptr(CfCaseEntry) entry = cf_case_entries_add (f->adviser, id, CF_ENTRY_NOTE, "Opens a case.",
                                                      NULL, NULL, NULL);
  CfStore *store = cf_session_get_store (f->adviser);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

  assert_all_stamped (store, "SELECT clocks FROM students WHERE id = ?", id,
                      (const char *const[]) { "name", "preferred_name", "student_number",
                                              "college", "faculty", "email", "phone",
                                              "access_code_hash", "service_group",
                                              "removed_from_course", "created_at",
                                              "updated_at", NULL });
  g_assert_nonnull (entry);
  assert_all_stamped (store, "SELECT clocks FROM cases WHERE id = ?", entry->case_id,
                      (const char *const[]) { "student_id", "topic", "status", "adviser_id",
                                              "opened_at", NULL });
}

static CfCase *
only_case (CfSession  *session,
           const char *student_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) cases = cf_cases_list (session, student_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 1);
  return g_list_model_get_item (cases, 0);
}

/* A case is opened about a topic, resolved with an outcome and reopened;
 * each change replicates (its fields stamped, the case in the outbox) and
 * is audited, and a change from the wrong state is refused. */
static void
test_case_open_resolve_reopen (Fixture      *f,
                               gconstpointer data)
{
  g_autofree char *id = cf_test_add_student (f->adviser, "Cased Student");
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCase) opened = cf_cases_open (f->adviser, id, "Housing: deposit", &error);
  g_autoptr(CfCase) resolved = NULL, reopened = NULL;
  const char *case_id;
  guint outbox;

  g_assert_no_error (error);
  case_id = cf_case_get_id (opened);
  g_assert_cmpstr (cf_case_get_topic (opened), ==, "Housing: deposit");
  g_assert_false (cf_case_is_resolved (opened));
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "case-opened", id), ==, 1);
  outbox = cf_test_count_outbox (f->adviser, "case", case_id);

  g_assert_true (cf_cases_resolve (f->adviser, case_id, "resolved-in-favour", &error));
  g_assert_no_error (error);
  resolved = only_case (f->adviser, id);
  g_assert_true (cf_case_is_resolved (resolved));
  g_assert_cmpstr (cf_case_get_outcome (resolved), ==, "resolved-in-favour");
  g_assert_cmpint (cf_case_get_resolved_at (resolved), >=, cf_case_get_opened_at (resolved));
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "case-resolved", id), ==, 1);
  g_assert_cmpuint (cf_test_count_outbox (f->adviser, "case", case_id), >, outbox);
  {
    CfStore *store = cf_session_get_store (f->adviser);
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

    assert_all_stamped (store, "SELECT clocks FROM cases WHERE id = ?", case_id,
                        (const char *const[]) { "status", "resolved_at", "outcome", NULL });
  }

  g_assert_false (cf_cases_resolve (f->adviser, case_id, "withdrawn", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (cf_cases_reopen (f->adviser, case_id, &error));
  g_assert_no_error (error);
  reopened = only_case (f->adviser, id);
  g_assert_false (cf_case_is_resolved (reopened));
  g_assert_null (cf_case_get_outcome (reopened));
  g_assert_cmpint (cf_case_get_resolved_at (reopened), ==, 0);
  g_assert_cmpuint (cf_test_count_audit (f->adviser, "case-reopened", id), ==, 1);
  g_assert_false (cf_cases_reopen (f->adviser, case_id, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_EXISTS);
}

/* Outcomes are a fixed list of codes, each with words; anything else is
 * refused, a topic is required, and a case must exist. */
static void
test_case_outcomes (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *id = cf_test_add_student (f->adviser, "Outcome Student");
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCase) opened = cf_cases_open (f->adviser, id, "Academic appeal", NULL);
  const char *const *codes = cf_cases_outcomes ();

  g_assert_true (g_strv_contains (codes, "advice-given"));
  g_assert_true (g_strv_contains (codes, "referred"));
  g_assert_true (g_strv_contains (codes, "withdrawn"));
  for (gsize i = 0; codes[i] != NULL; i++)
    g_assert_cmpstr (cf_cases_outcome_label (codes[i]), !=, cf_cases_outcome_label ("unknown"));
  g_assert_cmpstr (cf_cases_outcome_label ("advice-given"), ==, "Advice given");

  g_assert_false (cf_cases_resolve (f->adviser, cf_case_get_id (opened), "won", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (cf_cases_resolve (f->adviser, "no-such-case", "referred", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cf_cases_open (f->adviser, id, "  ", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (cf_cases_open (f->adviser, "no-such-student", "Housing", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
}

/* A new entry goes to the newest open case; once every case is resolved,
 * an entry opens a new one rather than writing into a closed case. */
static void
test_entries_follow_the_open_case (Fixture      *f,
                                   gconstpointer data)
{
  g_autofree char *id = cf_test_add_student (f->adviser, "Two Matters");
  g_autoptr(CfCase) first = cf_cases_open (f->adviser, id, "Housing", NULL);
  g_autoptr(CfCaseEntry) entry = NULL, later = NULL;
  g_autoptr(GListModel) cases = NULL;

  entry = cf_case_entries_add (f->adviser, id, CF_ENTRY_NOTE, "About the deposit.", NULL, NULL, NULL);
  g_assert_cmpstr (entry->case_id, ==, cf_case_get_id (first));
  g_assert_true (cf_cases_resolve (f->adviser, cf_case_get_id (first), "advice-given", NULL));
  later = cf_case_entries_add (f->adviser, id, CF_ENTRY_NOTE, "Something new.", NULL, NULL, NULL);
  g_assert_cmpstr (later->case_id, !=, cf_case_get_id (first));
  cases = cf_cases_list (f->adviser, id, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 2);
}

static void
test_action_with_third_party_needs_consent (Fixture      *f,
                                            gconstpointer data)
{
  g_autofree char *id = cf_test_add_student (f->adviser, "Consent Student");
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCaseEntry) entry = NULL;

  entry = cf_case_entries_add (f->adviser, id, CF_ENTRY_ACTION, "Emailed the tutor.",
                               "college-tutor", NULL, &error);
  g_assert_null (entry);
  g_assert_error (error, CF_ERROR, CF_ERROR_NO_CONSENT);
  g_clear_error (&error);

  {
    CfStore *store = cf_session_get_store (f->adviser);
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
    g_autofree char *sql = g_strdup_printf (
        "INSERT INTO consents (id, student_id, third_party, granted, source, recorded_at)"
        " VALUES ('c1', '%s', 'college-tutor', 1, 'written', 0)", id);

    g_assert_true (_cf_store_exec (store, sql, &error));
  }
  entry = cf_case_entries_add (f->adviser, id, CF_ENTRY_ACTION, "Emailed the tutor.",
                               "college-tutor", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
}

static void
test_conflict_of_interest_blocks_the_record (Fixture      *f,
                                             gconstpointer data)
{
  g_autofree char *id = cf_test_add_student (f->adviser, "Neighbour");
  g_autoptr(CfStudent) student = NULL;
  g_autoptr(GListModel) students = NULL;
  g_autoptr(GError) error = NULL;

  {
    CfStore *store = cf_session_get_store (f->adviser);
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
    g_autofree char *sql = g_strdup_printf (
        "INSERT INTO conflicts (id, adviser_id, student_id, declared_at) VALUES ('k1', '%s', '%s', 0)",
        cf_session_get_user_id (f->adviser), id);

    g_assert_true (_cf_store_exec (store, sql, &error));
  }
  student = cf_students_get (f->adviser, id, &error);
  g_assert_null (student);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  students = cf_students_list (f->adviser, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (students), ==, 0);
}

static void
book (CfSession  *session,
      const char *student,
      const char *adviser_id,
      gint64      start,
      gint64      end,
      GError    **error)
{
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();

  g_object_set (appointment, "student-id", student, "adviser-id", adviser_id,
                "start-at", start, "end-at", end, NULL);
  cf_appointments_add (session, appointment, error);
}

static void
assert_hours (CfSession  *session,
              const char *hours,
              int         opens,
              int         closes)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(GError) error = NULL;
  int got_opens = -1, got_closes = -1;

  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
    g_assert_true (_cf_settings_set (store, "opening_hours", hours, &error));
  }
  g_assert_true (cf_office_settings_get_opening_hours (session, &got_opens, &got_closes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (got_opens, ==, opens);
  g_assert_cmpint (got_closes, ==, closes);
}

/* Booking offers times within the opening hours the office gives its
 * kiosks, read as people write them; without any, a working day. */
static void
test_opening_hours (Fixture      *f,
                    gconstpointer data)
{
  assert_hours (f->adviser, "Monday to Friday, 10:00 to 16:00", 10 * 60, 16 * 60);
  assert_hours (f->adviser, "Mon–Thu 9.30am–5pm", 9 * 60 + 30, 17 * 60);
  assert_hours (f->adviser, "By appointment", 9 * 60, 17 * 60);
  assert_hours (f->adviser, "", 9 * 60, 17 * 60);
}

/* The student page lists the student's appointments, latest first, and
 * the topic they gave at the kiosk (none yet). */
static void
test_student_appointments (Fixture      *f,
                           gconstpointer data)
{
  g_autofree char *id = cf_test_add_student (f->adviser, "Booked Student");
  g_autofree char *other = cf_test_add_student (f->adviser, "Other Student");
  g_autofree char *topic = NULL;
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GError) error = NULL;

  book (f->adviser, id, NULL, 1900000000, 1900001800, &error);
  book (f->adviser, id, NULL, 1900086400, 1900088200, &error);
  book (f->adviser, other, NULL, 1900003600, 1900005400, &error);
  g_assert_no_error (error);
  listed = cf_appointments_list_for_student (f->adviser, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 2);
  {
    g_autoptr(CfAppointment) first = g_list_model_get_item (listed, 0);
    g_assert_cmpint (cf_appointment_get_start_at (first), ==, 1900086400);
  }
  g_assert_true (cf_tickets_kiosk_topic (f->adviser, id, &topic, &error));
  g_assert_no_error (error);
  g_assert_null (topic);
}

static void
test_appointments (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *id = cf_test_add_student (f->adviser, "Booked Student");
  const char *me = cf_session_get_user_id (f->adviser);
  gint64 day = 1795000000;
  g_autoptr(GListModel) mine = NULL, office = NULL;
  g_autoptr(CfAppointment) first = NULL;
  g_autoptr(GError) error = NULL;

  book (f->adviser, id, me, day, day + 1800, &error);
  g_assert_no_error (error);
  book (f->adviser, id, me, day + 900, day + 2700, &error);       /* overlaps */
  g_assert_error (error, CF_ERROR, CF_ERROR_EXISTS);
  g_clear_error (&error);
  book (f->adviser, id, me, day + 1800, day + 3600, &error);      /* back to back */
  g_assert_no_error (error);
  book (f->adviser, id, NULL, day, day + 600, &error);            /* no adviser yet */
  g_assert_no_error (error);
  book (f->adviser, id, me, day + 100, day, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  mine = cf_appointments_list (f->adviser, day - 60, day + 86400, me, &error);
  office = cf_appointments_list (f->adviser, day - 60, day + 86400, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mine), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (office), ==, 3);

  first = g_list_model_get_item (mine, 0);
  g_assert_true (cf_appointments_cancel (f->adviser, cf_appointment_get_id (first), &error));
  book (f->adviser, id, me, day + 900, day + 1700, &error);       /* the slot is free again */
  g_assert_no_error (error);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(int *) user_data)++;
}

static void
test_record_properties_notify_on_change_only (void)
{
  g_autoptr(CfStudent) student = cf_student_new ();
  g_autofree char *college = NULL;
  int notified = 0;

  g_signal_connect (student, "notify::college", G_CALLBACK (notify_cb), &notified);
  g_object_set (student, "college", "Kings", NULL);
  g_object_set (student, "college", "Kings", NULL);
  g_object_get (student, "college", &college, NULL);
  g_assert_cmpstr (college, ==, "Kings");
  g_assert_cmpint (notified, ==, 1);
}

/* Nothing typed in reaches any file in plain text. */
static void
test_no_plain_text_on_disk (Fixture      *f,
                            gconstpointer data)
{
  g_autofree char *id = cf_test_add_student (f->adviser, "Plaintextcheck Surname");
  g_autoptr(CfCaseEntry) entry = cf_case_entries_add (f->adviser, id, CF_ENTRY_NOTE,
      "Unmistakable-note-marker about a visa", NULL, NULL, NULL);

  g_assert_nonnull (entry);
  g_clear_object (&f->adviser);
  g_assert_false (cf_test_folder_contains (f->data_dir, "Plaintextcheck"));
  g_assert_false (cf_test_folder_contains (f->data_dir, "Unmistakable-note-marker"));
  g_assert_false (cf_test_folder_contains (f->data_dir, "Test Advice Office"));
  g_assert_false (cf_test_folder_contains (f->data_dir, CF_TEST_ADVISER));
  g_assert_false (cf_test_folder_contains (f->data_dir, "SQLite format 3"));
}

static CfAppointment *
appointment_at (GTimeZone  *zone,
                const char *when,
                int         minutes,
                const char *adviser_id,
                const char *status)
{
  CfAppointment *appointment = cf_appointment_new ();
  gint64 start_at;

  g_assert_true (cf_time_parse (when, zone, &start_at, NULL));
  g_object_set (appointment, "adviser-id", adviser_id, "start-at", start_at,
                "end-at", start_at + minutes * 60, "status", status, NULL);
  return appointment;
}

static gint64
moment (GTimeZone  *zone,
        const char *when)
{
  gint64 at;

  g_assert_true (cf_time_parse (when, zone, &at, NULL));
  return at;
}

/* The week's grid: opening hours down, weekdays across, and an hour is
 * free to book when it is to come and the adviser has nothing in it. */
static void
test_week_grid (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(GListStore) week = g_list_store_new (CF_TYPE_APPOINTMENT);
  g_autoptr(CfWeekGrid) grid = NULL, later = NULL;
  gint64 monday = moment (zone, "2026-12-07T00:00");
  int opens, closes;
  guint day, row;

  cf_office_hours_parse ("Monday to Friday, 10:00 to 16:00", &opens, &closes);
  g_assert_cmpint (opens, ==, 600);
  g_assert_cmpint (closes, ==, 960);
  cf_office_hours_parse ("", &opens, &closes);
  g_assert_cmpint (opens, ==, 9 * 60);
  cf_office_hours_parse ("9:30-17:00 weekdays", &opens, &closes);
  g_assert_cmpint (opens, ==, 570);
  g_assert_cmpint (closes, ==, 1020);

  g_list_store_append (week, appointment_at (zone, "2026-12-07T10:00", 45, "ada", "booked"));
  g_list_store_append (week, appointment_at (zone, "2026-12-07T11:00", 45, "bea", "booked"));
  g_list_store_append (week, appointment_at (zone, "2026-12-08T10:00", 45, "ada", "cancelled"));
  g_list_store_append (week, appointment_at (zone, "2026-12-09T15:30", 60, "ada", "booked"));
  grid = cf_week_grid_new (zone, monday, 600, 960, G_LIST_MODEL (week), "ada",
                           moment (zone, "2026-12-06T12:00"));
  g_assert_cmpuint (grid->n_days, ==, 5);
  g_assert_cmpuint (grid->first_hour, ==, 10);
  g_assert_cmpuint (grid->n_hours, ==, 7);   /* to 17:00, for Wednesday's 15:30 to 16:30 */
  g_assert_cmpint (cf_week_grid_get (grid, 0, 0)->start_at, ==, moment (zone, "2026-12-07T10:00"));
  g_assert_false (cf_week_grid_get (grid, 0, 0)->free);   /* Ada's own */
  g_assert_true (cf_week_grid_get (grid, 0, 1)->free);    /* Bea's, not Ada's */
  g_assert_true (cf_week_grid_get (grid, 1, 0)->free);    /* cancelled */
  g_assert_false (cf_week_grid_get (grid, 2, 5)->free);   /* 15:00, half taken */
  g_assert_false (cf_week_grid_get (grid, 2, 6)->free);   /* 16:00, closed */
  g_assert_true (cf_week_grid_get (grid, 4, 5)->free);
  g_assert_true (cf_week_grid_locate (grid, zone, moment (zone, "2026-12-09T15:30"), &day, &row));
  g_assert_cmpuint (day, ==, 2);
  g_assert_cmpuint (row, ==, 5);

  /* What has begun cannot be booked; a Saturday appointment adds the weekend. */
  g_list_store_append (week, appointment_at (zone, "2026-12-12T08:00", 60, "bea", "booked"));
  later = cf_week_grid_new (zone, monday, 600, 960, G_LIST_MODEL (week), "ada",
                            moment (zone, "2026-12-07T12:30"));
  g_assert_cmpuint (later->n_days, ==, 7);
  g_assert_cmpuint (later->first_hour, ==, 8);
  g_assert_false (cf_week_grid_get (later, 0, 4)->free);  /* Monday 12:00 */
  g_assert_true (cf_week_grid_get (later, 0, 5)->free);   /* Monday 13:00 */
  g_assert_false (cf_week_grid_get (later, 5, 4)->free);  /* Saturday: closed */
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/records/names-round-trip", test_names_of_any_script_round_trip);
  ADD ("/records/refused-input", test_refused_input_saves_nothing);
  ADD ("/records/timeline", test_timeline_is_append_only_with_corrections);
  ADD ("/records/entry-agrees-with-case", test_entry_must_agree_with_its_case);
  ADD ("/records/import-memo", test_import_memo_follows_moves_and_erasures);
  ADD ("/records/field-clocks", test_field_clocks);
  ADD ("/records/new-records-stamped", test_new_records_stamp_every_column);
  ADD ("/records/case-lifecycle", test_case_open_resolve_reopen);
  ADD ("/records/case-outcomes", test_case_outcomes);
  ADD ("/records/entries-follow-open-case", test_entries_follow_the_open_case);
  ADD ("/records/third-party-consent", test_action_with_third_party_needs_consent);
  ADD ("/records/conflict-of-interest", test_conflict_of_interest_blocks_the_record);
  ADD ("/records/appointments", test_appointments);
  ADD ("/records/student-appointments", test_student_appointments);
  ADD ("/records/opening-hours", test_opening_hours);
  ADD ("/records/no-plain-text", test_no_plain_text_on_disk);
#undef ADD
  g_test_add_func ("/records/properties", test_record_properties_notify_on_change_only);
  g_test_add_func ("/records/week-grid", test_week_grid);
  return g_test_run ();
}
