/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Subject access: the due day of a request as the ICO counts it, the
 * register, and the export of everything held about a student: every
 * marker put on them in every table, none of another student's, no
 * withheld passage, and the PDF's text the same as the JSON's. */
#include <glib/gstdio.h>
#include <string.h>

#include "cf-access-requests.h"
#include "cf-appointments.h"
#include "cf-audit-entry.h"
#include "cf-audit-log.h"
#include "cf-case-entries.h"
#include "cf-cases.h"
#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-retention.h"
#include "cf-session-private.h"
#include "cf-store-private.h"
#include "cf-student-export.h"
#include "cf-students.h"
#include "cf-sync.h"
#include "cf-test-util.h"
#include "cf-tickets.h"

/* --- the due day --- */

static void
assert_due (guint       day,
            guint       month,
            guint       year,
            guint       extension,
            const char *want)
{
  GDate received, due;
  char text[11];

  g_date_clear (&received, 1);
  g_date_set_dmy (&received, day, month, year);
  cf_access_request_due_day (&received, extension, &due);
  g_snprintf (text, sizeof text, "%04u-%02u-%02u", g_date_get_year (&due), g_date_get_month (&due),
              g_date_get_day (&due));
  g_assert_cmpstr (text, ==, want);
}

static void
test_due_day (void)
{
  /* 31 January: the last day of February, a Friday in 2025... */
  assert_due (31, 1, 2025, 0, "2025-02-28");
  /* ...a Saturday in 2026, so the Monday after. */
  assert_due (31, 1, 2026, 0, "2026-03-02");
  /* 29 January in a leap year: 29 February (a Thursday). */
  assert_due (29, 1, 2024, 0, "2024-02-29");
  /* A month later is a Saturday, or a Sunday: the Monday. */
  assert_due (12, 11, 2026, 0, "2026-12-14");
  assert_due (13, 11, 2026, 0, "2026-12-14");
  /* A weekday stays. */
  assert_due (10, 11, 2026, 0, "2026-12-10");
  /* Extended by two months: three months on, 30 April (no 31st). */
  assert_due (31, 1, 2026, 2, "2026-04-30");
  assert_due (31, 1, 2026, 1, "2026-03-31");
  /* Extended into a February that ends on a Saturday. */
  assert_due (30, 11, 2025, 2, "2026-03-02");
}

/* --- an office with two students --- */

typedef struct {
  char      *data_dir;
  CfSession *manager;
  CfSession *adviser;
  char      *a;
  char      *b;
  char      *entry_with_name;
  char      *secret_entry;
} Office;

/* Puts rows the record APIs would need a kiosk or a Security export for
 * straight into the tables: the export reads tables, not APIs. */
static void
exec (CfSession  *session,
      const char *sql)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;

  g_assert_true (_cf_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

/* One marker in every field a person wrote, each "MK-<who>-<field>". */
static void
mark_tables (CfSession  *session,
             const char *id,
             const char *who)
{
  g_autofree char *sql = g_strdup_printf (
    "UPDATE students SET preferred_name = 'MK-%2$s-preferred', phone = 'MK-%2$s-phone',"
    " email = 'MK-%2$s-email', college = 'MK-%2$s-college', faculty = 'MK-%2$s-faculty',"
    " student_number = 'MK-%2$s-number', removed_reason = 'MK-%2$s-removed' WHERE id = '%1$s';"
    "INSERT INTO monitoring (student_id, date_of_birth, gender, ethnicity, recorded_at)"
    " VALUES ('%1$s', '2001-02-03', 'MK-%2$s-gender', 'MK-%2$s-ethnicity', 1700000000);"
    "INSERT INTO consent_wordings (version, body, published_at)"
    " VALUES ('MK-%2$s-version', 'MK-%2$s-wording: you agree we may speak to them.', 1700000000);"
    "INSERT INTO consents (id, student_id, third_party, granted, source, wording_version, verbal_note,"
    " recorded_at) VALUES ('consent-%2$s', '%1$s', 'MK-%2$s-party', 1, 'verbal', 'MK-%2$s-version',"
    " 'MK-%2$s-verbal', 1700000100);"
    "INSERT INTO breaches (id, student_id, outline, reason, ground, legal_reference, consulted,"
    " purpose, disclosed_to, student_informed, author_id, created_at, unconsulted_reason)"
    " VALUES ('breach-%2$s', '%1$s', 'MK-%2$s-outline', 'MK-%2$s-breach-reason', 'other-legal-duty',"
    " 'MK-%2$s-legal', 'MK-%2$s-consulted', 'MK-%2$s-purpose', 'MK-%2$s-disclosed', 'told',"
    " 'nobody', 1700000200, 'MK-%2$s-unconsulted');"
    "INSERT INTO conflicts (id, adviser_id, student_id, declared_at, note)"
    " VALUES ('conflict-%2$s', 'nobody', '%1$s', 1700000300, 'MK-%2$s-conflict');"
    "INSERT INTO tickets (id, code, kind, topic, waiting_since, status, student_id, submission)"
    " VALUES ('ticket-%2$s', 'MK-%2$s-code', 'drop-in', 'MK-%2$s-ticket-topic', 1700000400, 'seen',"
    " '%1$s', '{\"topic\": \"MK-%2$s-typed\"}');"
    /* A drop-in not yet opened: it names nobody, but what was typed does. */
    "INSERT INTO tickets (id, code, kind, waiting_since, status, submission)"
    " VALUES ('unnamed-%2$s', 'U%2$s', 'drop-in', 1700000450, 'waiting',"
    " '{\"details\": \"MK-%2$s-unopened\", \"student_id\": \"MK-%2$s-number\"}');"
    "INSERT INTO security_notices (id, exported_at, range_from, range_to, format)"
    " VALUES ('notice-%2$s', 1700000500, '2023-11-01', '2023-11-30', 'csv');"
    "INSERT INTO security_notice_items (id, notice_id, appointment_id, student_id, start_at, end_at)"
    " VALUES ('MK-%2$s-notice-item', 'notice-%2$s', 'appointment-%2$s', '%1$s', 1700000600, 1700002400);",
    id, who);

  exec (session, sql);
}

static char *
add_marked_student (Office     *o,
                    const char *who)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("MK-%s-name", who);
  g_autofree char *topic = g_strdup_printf ("MK-%s-case-topic", who);
  g_autofree char *body = g_strdup_printf ("MK-%s-entry", who);
  g_autofree char *correction = g_strdup_printf ("MK-%s-correction", who);
  g_autofree char *appointment_topic = g_strdup_printf ("MK-%s-appointment", who);
  g_autofree char *hold = g_strdup_printf ("MK-%s-hold", who);
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  g_autoptr(CfCase) opened = NULL;
  g_autoptr(CfCaseEntry) entry = NULL, corrected = NULL;
  char *id = cf_test_add_student (o->manager, name);
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 3 * 86400;

  opened = cf_cases_open (o->manager, id, topic, &error);
  g_assert_no_error (error);
  entry = cf_case_entries_add (o->manager, id, CF_ENTRY_NOTE, body, NULL, NULL, &error);
  g_assert_no_error (error);
  corrected = cf_case_entries_add (o->manager, id, CF_ENTRY_NOTE, correction, NULL,
                                   cf_case_entry_get_id (entry), &error);
  g_assert_no_error (error);
  g_object_set (appointment, "student-id", id, "start-at", start, "end-at", start + 1800,
                "topic", appointment_topic, NULL);
  g_assert_true (cf_appointments_add (o->manager, appointment, &error));
  g_assert_no_error (error);
  g_assert_true (cf_retention_hold (o->manager, id, hold, &error));
  g_assert_no_error (error);
  mark_tables (o->manager, id, who);
  return id;
}

static void
office_set_up (Office       *o,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCaseEntry) named = NULL, secret = NULL;
  g_autoptr(GListModel) timeline = NULL;

  o->data_dir = cf_test_make_office ();
  o->manager = cf_test_sign_in (o->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  o->adviser = cf_test_sign_in (o->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  o->a = add_marked_student (o, "A");
  o->b = add_marked_student (o, "B");
  named = cf_case_entries_add (o->manager, o->a, CF_ENTRY_NOTE,
                               "Came with MK-A-flatmate-note and Nia Othername about the flat.",
                               NULL, NULL, &error);
  g_assert_no_error (error);
  secret = cf_case_entries_add (o->manager, o->a, CF_ENTRY_NOTE, "Whole-entry Zebedee secret.",
                                NULL, NULL, &error);
  g_assert_no_error (error);
  o->entry_with_name = g_strdup (cf_case_entry_get_id (named));
  o->secret_entry = g_strdup (cf_case_entry_get_id (secret));
  /* Corrections of the entry, and of the correction, repeat the words
   * withheld from it. */
  g_clear_object (&secret);
  secret = cf_case_entries_add (o->manager, o->a, CF_ENTRY_NOTE,
                                "Corrected: MK-A-recorrected, with Nia Othername at the flat.",
                                NULL, o->entry_with_name, &error);
  g_assert_no_error (error);
  g_clear_object (&named);
  named = cf_case_entries_add (o->manager, o->a, CF_ENTRY_NOTE, "Again: Nia Othername was there.",
                               NULL, cf_case_entry_get_id (secret), &error);
  g_assert_no_error (error);
  /* A read, for "who has read this record". */
  timeline = cf_case_entries_timeline (o->adviser, o->a, &error);
  g_assert_no_error (error);
}

static void
office_tear_down (Office       *o,
                  gconstpointer data)
{
  g_clear_object (&o->manager);
  g_clear_object (&o->adviser);
  g_free (o->data_dir);
  g_free (o->a);
  g_free (o->b);
  g_free (o->entry_with_name);
  g_free (o->secret_entry);
}

/* --- the export --- */

static guint count_for (CfSession  *session,
                        const char *sql,
                        const char *student_id);

static const char *const a_fields[] = {
  "name", "preferred", "phone", "email", "college", "faculty", "number", "removed", "gender",
  "ethnicity", "case-topic", "entry", "correction", "appointment", "hold", "wording", "version",
  "party", "verbal", "outline", "breach-reason", "legal", "consulted", "purpose", "disclosed",
  "unconsulted", "conflict", "ticket-topic", "typed", "code", "notice-item", "request", "unopened",
  "recorrected",
};

/* Every string in @node, each appended to @texts. */
static void
collect_strings (JsonNode  *node,
                 GPtrArray *texts)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        collect_strings (l->data, texts);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autoptr(GList) elements = json_array_get_elements (json_node_get_array (node));

      for (GList *l = elements; l != NULL; l = l->next)
        collect_strings (l->data, texts);
    }
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    g_ptr_array_add (texts, g_strdup (json_node_get_string (node)));
}

static char *
without_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p) && *p != '\f')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static char *
export_file (Office               *o,
             CfStudentExportFormat format)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = cf_test_make_dir ("exports");
  char *path = g_build_filename (dir, format == CF_STUDENT_EXPORT_PDF ? "a.pdf" : "a.json", NULL);
  guint n = 0;

  g_assert_true (cf_student_export (o->manager, o->a, format, path, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 20);
  return path;
}

static char *
pdf_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
withhold (Office *o)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *second = NULL, *request = NULL;
  GDate received;

  /* An adviser may withhold; the passage and the reason are kept. */
  first = cf_student_withhold (o->adviser, o->a, o->entry_with_name, "body", "Nia Othername",
                               "names another tenant", &error);
  g_assert_no_error (error);
  second = cf_student_withhold (o->manager, o->a, o->secret_entry, NULL, NULL,
                                "about a third person", &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_date_clear (&received, 1);
  g_date_set_dmy (&received, 2, G_DATE_NOVEMBER, 2026);
  request = cf_access_requests_add (o->manager, o->a, &received, &error);
  g_assert_no_error (error);
  g_assert_true (cf_access_requests_extend (o->manager, request, 1, "MK-A-request", &error));
  g_assert_no_error (error);
}

static void
assert_holds_a_only (const char *text)
{
  for (gsize i = 0; i < G_N_ELEMENTS (a_fields); i++)
    {
      g_autofree char *marker = g_strdup_printf ("MK-A-%s", a_fields[i]);

      if (strstr (text, marker) == NULL)
        g_error ("the export lacks %s", marker);
    }
  g_assert_null (strstr (text, "MK-B-"));
  g_assert_null (strstr (text, "Nia Othername"));
  g_assert_null (strstr (text, "Zebedee"));
  g_assert_nonnull (strstr (text, "[withheld: names another tenant]"));
  g_assert_nonnull (strstr (text, "[withheld: about a third person]"));
  g_assert_nonnull (strstr (text, "MK-A-flatmate-note"));
}

static void
test_export_json (Office       *o,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *sections;
  g_autoptr(GListModel) reads = NULL;
  gboolean exported = FALSE;
  const char *const expected[] = {
    "student", "monitoring", "cases", "case_entries", "consents", "appointments", "tickets",
    "breaches", "conflicts", "security_notices", "retention_holds", "access_requests", "audit",
  };

  withhold (o);
  path = export_file (o, CF_STUDENT_EXPORT_JSON);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  assert_holds_a_only (text);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  sections = json_object_get_object_member (json_node_get_object (root), "sections");
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_true (json_object_has_member (sections, expected[i]));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sections, expected[i])), >, 0);
    }
  /* Who read the record: the adviser, by name. */
  g_assert_nonnull (strstr (text, "\"user_name\" : \"" CF_TEST_ADVISER "\""));
  g_assert_nonnull (strstr (text, "\"action\" : \"case-read\""));
  /* Audited, with counts only. */
  g_assert_cmpuint (cf_test_count_audit (o->manager, "student-exported", o->a), ==, 1);
  /* An export reads everything: it is among the record's reads. */
  reads = cf_audit_log_reads (o->manager, o->a, NULL, 50, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (reads) && !exported; i++)
    {
      g_autoptr(CfAuditEntry) entry = g_list_model_get_item (reads, i);

      exported = g_str_equal (cf_audit_entry_get_action (entry), "student-exported");
    }
  g_assert_true (exported);
}

/* Only what is surely theirs: a drop-in by someone of the same name, and
 * an arrival on their appointment matched to another student, are not. */
static void
test_export_not_others (Office       *o,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO tickets (id, code, kind, waiting_since, status, submission)"
    " VALUES ('namesake', 'N1', 'drop-in', 1700000460, 'waiting',"
    " '{\"name\": \"mk-a-NAME\", \"details\": \"Namesake-typed\"}');"
    "INSERT INTO tickets (id, code, kind, waiting_since, status, student_id, appointment_id, submission)"
    " SELECT 'matched-elsewhere', 'E1', 'appointment', 1700000470, 'waiting', '%2$s', id,"
    " '{\"details\": \"Elsewhere-typed\"}' FROM appointments WHERE student_id = '%1$s';",
    o->a, o->b);
  guint n;

  exec (o->manager, sql);
  document = cf_student_export_document (o->manager, o->a, &error);
  g_assert_no_error (error);
  text = json_to_string (document, FALSE);
  g_assert_nonnull (strstr (text, "MK-A-unopened"));
  g_assert_null (strstr (text, "Namesake-typed"));
  g_assert_null (strstr (text, "Elsewhere-typed"));
  /* Destroying the student still takes both. */
  g_assert_true (cf_retention_release (o->manager, o->a, &error));
  g_assert_no_error (error);
  g_assert_true (cf_students_destroy (o->manager, o->a, "Asked for erasure", NULL, &error));
  g_assert_no_error (error);
  n = count_for (o->manager, "SELECT count(*) FROM tickets WHERE id IN (?, 'matched-elsewhere')",
                 "namesake");
  g_assert_cmpuint (n, ==, 0);
}

static void
test_export_pdf (Office       *o,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *text = NULL, *flat = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  withhold (o);
  /* The document first: the PDF's export then reads one more audit row. */
  document = cf_student_export_document (o->manager, o->a, &error);
  g_assert_no_error (error);
  path = export_file (o, CF_STUDENT_EXPORT_PDF);
  text = pdf_text (path);
  assert_holds_a_only (text);
  g_assert_nonnull (strstr (text, "Who has read your record"));
  /* Every text of the JSON is in the PDF (lines broken anywhere). */
  collect_strings (json_object_get_member (json_node_get_object (document), "sections"), texts);
  flat = without_spaces (text);
  for (guint i = 0; i < texts->len; i++)
    {
      g_autofree char *want = without_spaces (texts->pdata[i]);

      if (strstr (flat, want) == NULL)
        g_error ("the PDF lacks “%s”", (char *) texts->pdata[i]);
    }
}

static void
test_refusals (Office       *o,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) document = NULL;

  /* A subject access answer is a manager's. */
  document = cf_student_export_document (o->adviser, o->a, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_assert_null (document);
  g_clear_error (&error);
  /* A record of another student, a part that does not exist, words not there. */
  id = cf_student_withhold (o->manager, o->b, o->entry_with_name, NULL, NULL, "x", &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  id = cf_student_withhold (o->manager, o->a, o->entry_with_name, "nothing", NULL, "x", &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  id = cf_student_withhold (o->manager, o->a, o->entry_with_name, "body", "Not there", "x", &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  id = cf_student_withhold (o->manager, o->a, o->entry_with_name, "body", NULL, " ", &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_assert_null (id);
}

static guint
count_for (CfSession  *session,
           const char *sql,
           const char *student_id)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, &error);
  guint n;

  g_assert_no_error (error);
  _cf_bind_text (stmt, 1, student_id);
  g_assert_cmpint (_cf_store_step (store, stmt, &error), ==, CF_STEP_ROW);
  n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
test_register (Office       *o,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *first = NULL, *second = NULL;
  CfAccessRequest *request;
  GDate received, today;
  guint n = 0;

  g_date_clear (&received, 1);
  g_date_set_dmy (&received, 31, G_DATE_JANUARY, 2026);
  first = cf_access_requests_add (o->adviser, o->a, &received, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  first = cf_access_requests_add (o->manager, o->a, &received, &error);
  g_assert_no_error (error);
  g_date_set_dmy (&received, 13, G_DATE_NOVEMBER, 2026);
  second = cf_access_requests_add (o->manager, o->b, &received, &error);
  g_assert_no_error (error);

  /* Due 2 March 2026 and 14 December 2026: within a week of 24 February, one. */
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, G_DATE_FEBRUARY, 2026);
  g_assert_true (cf_access_requests_count_due (o->manager, &today, 7, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_false (cf_access_requests_extend (o->manager, first, 3, "Many records", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (cf_access_requests_extend (o->manager, first, 2, "Many records", &error));
  g_assert_no_error (error);
  g_assert_true (cf_access_requests_count_due (o->manager, &today, 7, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (cf_test_count_outbox (o->manager, "access_request", first), >, 0);

  g_assert_true (cf_access_requests_done (o->manager, second, &error));
  g_assert_no_error (error);
  g_assert_false (cf_access_requests_done (o->manager, second, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  requests = cf_access_requests_list (o->manager, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, 2);
  request = requests->pdata[0];
  g_assert_cmpstr (request->id, ==, first);
  g_assert_cmpuint (g_date_get_day (&request->due), ==, 30);
  g_assert_cmpuint (g_date_get_month (&request->due), ==, G_DATE_APRIL);
  g_assert_cmpstr (request->extension_reason, ==, "Many records");
  g_assert_cmpint (((CfAccessRequest *) requests->pdata[1])->done_at, >, 0);
}

/* A request about a student this user may not see is neither counted
 * nor listed; a received day that cannot be read is said, not guessed. */
static void
test_register_hidden (Office       *o,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *first = NULL, *second = NULL;
  g_autofree char *conflict = g_strdup_printf (
    "INSERT INTO conflicts (id, adviser_id, student_id, declared_at)"
    " SELECT 'conflict-manager', id, '%s', 1700000000 FROM users WHERE name = '" CF_TEST_MANAGER "'", o->b);
  GDate received, today;
  guint n = 0;

  g_date_clear (&received, 1);
  g_date_set_dmy (&received, 31, G_DATE_JANUARY, 2026);
  first = cf_access_requests_add (o->manager, o->a, &received, &error);
  g_assert_no_error (error);
  second = cf_access_requests_add (o->manager, o->b, &received, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, G_DATE_FEBRUARY, 2026);
  g_assert_true (cf_access_requests_count_due (o->manager, &today, 7, &n, &error));
  g_assert_cmpuint (n, ==, 2);
  exec (o->manager, conflict);
  g_assert_true (cf_access_requests_count_due (o->manager, &today, 7, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  requests = cf_access_requests_list (o->manager, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, 1);
  g_clear_pointer (&requests, g_ptr_array_unref);

  exec (o->manager, "UPDATE access_requests SET received = 'not a day'");
  requests = cf_access_requests_list (o->manager, &error);
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
  g_assert_null (requests);
  g_clear_error (&error);
  g_assert_false (cf_access_requests_count_due (o->manager, &today, 7, &n, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
}

/* The new tables are in the one list of what is held: destroying the
 * student takes their withholdings and requests with them. */
static void
test_destroyed_with_student (Office       *o,
                             gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  withhold (o);
  g_assert_true (cf_retention_release (o->manager, o->a, &error));
  g_assert_no_error (error);
  /* The list, not a cascade from the students table, must reach them. */
  exec (o->manager, "PRAGMA foreign_keys = OFF");
  g_assert_true (cf_students_destroy (o->manager, o->a, "Asked for erasure", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_for (o->manager, "SELECT count(*) FROM withheld_passages WHERE student_id = ?",
                               o->a), ==, 0);
  g_assert_cmpuint (count_for (o->manager, "SELECT count(*) FROM access_requests WHERE student_id = ?",
                               o->a), ==, 0);
}

static void
sync_desk (CfSession  *desk,
           const char *sync_dir)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  g_assert_true (cf_tickets_sync (desk, sync_dir, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.segments_refused, ==, 0);
  cf_sync_report_clear (&report);
}

/* Withholdings and the register replicate: a second desk's export
 * withholds the same passage, and its register says what the first's does. */
static void
test_replicated (Office       *o,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfNodeConfig) config = cf_node_config_load (o->data_dir, &error);
  g_autofree char *second_dir = NULL, *request = NULL, *text = NULL;
  g_autoptr(CfSession) second = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  GDate received;

  g_assert_no_error (error);
  second_dir = cf_test_join_desk (o->manager, config->sync_dir);
  second = cf_test_sign_in (second_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  withhold (o);
  g_date_clear (&received, 1);
  g_date_set_dmy (&received, 12, G_DATE_NOVEMBER, 2026);
  request = cf_access_requests_add (o->manager, o->b, &received, &error);
  g_assert_no_error (error);
  g_assert_true (cf_access_requests_done (o->manager, request, &error));
  for (guint round = 0; round < 2; round++)
    {
      sync_desk (o->manager, config->sync_dir);
      sync_desk (second, config->sync_dir);
    }
  document = cf_student_export_document (second, o->a, &error);
  g_assert_no_error (error);
  text = json_to_string (document, FALSE);
  g_assert_nonnull (strstr (text, "MK-A-flatmate-note"));
  g_assert_nonnull (strstr (text, "[withheld: names another tenant]"));
  g_assert_null (strstr (text, "Nia Othername"));
  g_assert_null (strstr (text, "Zebedee"));
  requests = cf_access_requests_list (second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_cmpstr (((CfAccessRequest *) requests->pdata[0])->extension_reason, ==, "MK-A-request");
  g_assert_cmpint (((CfAccessRequest *) requests->pdata[1])->done_at, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("TZ", "Europe/London", TRUE);

  g_test_add_func ("/subject-access/due-day", test_due_day);
#define ADD(path, func) g_test_add ("/subject-access/" path, Office, NULL, office_set_up, func, office_tear_down)
  ADD ("export-json", test_export_json);
  ADD ("export-pdf", test_export_pdf);
  ADD ("refusals", test_refusals);
  ADD ("export-not-others", test_export_not_others);
  ADD ("register", test_register);
  ADD ("register-hidden", test_register_hidden);
  ADD ("destroyed-with-student", test_destroyed_with_student);
  ADD ("replicated", test_replicated);
#undef ADD
  return g_test_run ();
}
