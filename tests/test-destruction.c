/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A student destroyed on one desk is destroyed on every machine: no word
 * of theirs is left in any table of any desk (the search index's own
 * tables included), in a journal, or in a segment written before, once
 * every machine has read it; and nothing comes back. */
#include <glib/gstdio.h>
#include <string.h>

#include "cf-appointments.h"
#include "cf-case-entries.h"
#include "cf-cases.h"
#include "cf-consents.h"
#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-error.h"
#include "cf-kiosk.h"
#include "cf-replica-private.h"
#include "cf-session-private.h"
#include "cf-store-private.h"
#include "cf-students.h"
#include "cf-sync-private.h"
#include "cf-sync.h"
#include "cf-test-util.h"
#include "cf-tickets.h"

#define MARK_NAME    "Quillon Zephyrine-Marker"
#define MARK_NUMBER  "ZQ-77120463"
#define MARK_EMAIL   "quillon.marker@example.ac.uk"
#define MARK_WORDS   "xylophonist marrowfat"
#define MARK_CASE    "gooseberryish"

static const char *const markers[] = {
  "Quillon", "Zephyrine", MARK_NUMBER, "quillon.marker", "xylophonist", "marrowfat", MARK_CASE,
};

typedef struct {
  char      *sync_dir;
  char      *desk_dir[2];
  char      *kiosk_dir;
  CfSession *desk[2];
  CfKiosk   *kiosk;
} Office;

static void
sync_desk (Office *o,
           guint   i)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  g_assert_true (cf_tickets_sync (o->desk[i], o->sync_dir, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.segments_refused, ==, 0);
  cf_sync_report_clear (&report);
}

static void
sync_kiosk (Office *o)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  g_assert_true (cf_kiosk_sync (o->kiosk, &report, &error));
  g_assert_no_error (error);
  cf_sync_report_clear (&report);
}

static void
sync_everyone (Office *o)
{
  for (guint round = 0; round < 3; round++)
    {
      sync_desk (o, 0);
      sync_kiosk (o);
      sync_desk (o, 1);
    }
}

static void
enroll_kiosk (Office *o)
{
  g_autofree char *bundle_dir = cf_test_make_dir ("bundle");
  g_autofree char *bundle = g_build_filename (bundle_dir, "kiosk.bundle", NULL);
  g_autofree char *code_file = g_build_filename (bundle_dir, "kiosk.code", NULL);
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_enroll_create (o->desk[0], CF_MACHINE_KIOSK, bundle, code_file, &error));
  code = cf_enroll_read_code (code_file, &error);
  o->kiosk_dir = cf_test_make_dir ("kiosk");
  g_assert_true (cf_enroll_join_kiosk (o->kiosk_dir, o->sync_dir, bundle, code, &error));
  o->kiosk = cf_kiosk_open (o->kiosk_dir, NULL, &error);
  g_assert_no_error (error);
}

static void
office_set_up (Office       *o,
               gconstpointer data)
{
  o->desk_dir[0] = cf_test_make_office ();
  o->desk[0] = cf_test_sign_in (o->desk_dir[0], CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  {
    g_autoptr(CfNodeConfig) config = cf_node_config_load (o->desk_dir[0], NULL);
    o->sync_dir = g_strdup (config->sync_dir);
  }
  enroll_kiosk (o);
  o->desk_dir[1] = cf_test_join_desk (o->desk[0], o->sync_dir);
  o->desk[1] = cf_test_sign_in (o->desk_dir[1], CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  sync_everyone (o);
}

static void
office_tear_down (Office       *o,
                  gconstpointer data)
{
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&o->desk[i]);
      g_free (o->desk_dir[i]);
    }
  g_clear_object (&o->kiosk);
  g_free (o->kiosk_dir);
  g_free (o->sync_dir);
}

/* ---- the student and everything about them ------------------------- */

static char *
add_marked_student (CfSession *desk)
{
  g_autoptr(CfStudent) student = cf_student_new ();
  g_autoptr(GError) error = NULL;

  g_object_set (student, "name", MARK_NAME, "student-number", MARK_NUMBER, "email", MARK_EMAIL,
                "college", "Marrowfat College", NULL);
  g_assert_true (cf_students_add (desk, student, &error));
  g_assert_no_error (error);
  return g_strdup (cf_student_get_id (student));
}

/* Returns the appointment's id. */
static char *
add_records (CfSession  *desk,
             const char *student_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCase) opened = cf_cases_open (desk, student_id, "Housing " MARK_CASE, &error);
  g_autoptr(CfCaseEntry) entry = NULL;
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 3 * 86400;

  g_assert_no_error (error);
  entry = cf_case_entries_add (desk, student_id, CF_ENTRY_NOTE,
                               "Spoke about the " MARK_WORDS " landlord.", NULL, NULL, &error);
  g_assert_no_error (error);
  g_object_set (appointment, "student-id", student_id, "start-at", start, "end-at", start + 1800,
                "topic", "Money " MARK_CASE, NULL);
  g_assert_true (cf_appointments_add (desk, appointment, &error));
  g_assert_no_error (error);
  return g_strdup (cf_appointment_get_id (appointment));
}

/* An arrival for an appointment the kiosk could not find, matched to the
 * student by an adviser but not yet opened: its submission still holds
 * everything typed.  And a drop-in not yet opened. */
static void
add_kiosk_ticket (Office     *o,
                  const char *student_id)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfTicket) ticket = NULL;
  g_autofree char *code = NULL;

  json_object_set_string_member (details, "name", MARK_NAME);
  json_object_set_string_member (details, "student_id", MARK_NUMBER);
  json_object_set_string_member (details, "contact", MARK_EMAIL);
  code = cf_kiosk_submit (o->kiosk, CF_VISIT_APPOINTMENT, NULL, NULL, details, &error);
  g_assert_no_error (error);
  /* And a drop-in of theirs not yet opened: it names no student, only
   * what they typed. */
  g_free (cf_kiosk_submit (o->kiosk, CF_VISIT_DROP_IN, NULL, NULL, details, &error));
  g_assert_no_error (error);
  sync_kiosk (o);
  sync_desk (o, 0);
  ticket = cf_tickets_find_today (o->desk[0], code, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ticket);
  g_assert_true (cf_tickets_match_student (o->desk[0], cf_ticket_get_id (ticket), student_id, &error));
  g_assert_no_error (error);
}

/* ---- looking for what is left ----------------------------------------- */

static gboolean
row_holds (sqlite3_stmt *stmt)
{
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      const void *bytes = sqlite3_column_blob (stmt, i);
      int length = sqlite3_column_bytes (stmt, i);

      for (gsize m = 0; bytes != NULL && m < G_N_ELEMENTS (markers); m++)
        if (memmem (bytes, length, markers[m], strlen (markers[m])) != NULL)
          return TRUE;
    }
  return FALSE;
}

/* Every column of every row, as bytes, of one table of @schema. */
static gboolean
table_holds_marker (CfStore    *store,
                    const char *schema,
                    const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s.\"%s\"", schema, table);
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;
  CfStep step;

  g_assert_cmpint (sqlite3_prepare_v2 (_cf_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((step = _cf_store_step (store, stmt, NULL)) == CF_STEP_ROW)
    if (row_holds (stmt))
      {
        g_test_message ("a marker is left in %s.%s", schema, table);
        found = TRUE;
      }
  g_assert_cmpint (step, ==, CF_STEP_DONE);
  sqlite3_finalize (stmt);
  return found;
}

/* Every table of both databases: the search indexes' shadow tables
 * (_segments, _segdir, _docsize, _stat) are tables like any other. */
static gboolean
desk_holds_marker (CfSession *desk)
{
  CfStore *store = cf_session_get_store (desk);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  const char *const schemas[] = { "main", "cases" };
  gboolean found = FALSE;
  guint n_tables = 0;

  for (gsize s = 0; s < G_N_ELEMENTS (schemas); s++)
    {
      g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *sql = g_strdup_printf ("SELECT name FROM %s.sqlite_master WHERE type = 'table'"
                                              " AND sql NOT LIKE 'CREATE VIRTUAL%%'", schemas[s]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (_cf_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_true (_cf_store_collect (store, stmt, tables, NULL));
      sqlite3_finalize (stmt);
      for (guint i = 0; i < tables->len; i++, n_tables++)
        found = table_holds_marker (store, schemas[s], tables->pdata[i]) || found;
    }
  g_assert_cmpuint (n_tables, >, 20);
  return found;
}

static void
assert_no_journal (const char *data_dir)
{
  const char *const files[] = { "confide.db", "cases.db" };
  const char *const suffixes[] = { "-journal", "-wal" };

  for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
    for (gsize x = 0; x < G_N_ELEMENTS (suffixes); x++)
      {
        g_autofree char *name = g_strconcat (files[f], suffixes[x], NULL);
        g_autofree char *path = g_build_filename (data_dir, name, NULL);
        GStatBuf buf;

        g_assert_true (g_stat (path, &buf) != 0 || buf.st_size == 0);
      }
}

/* Every file in the sync folder that holds segments or snapshots. */
static GPtrArray *
segment_files (const char *sync_dir)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) top = g_dir_open (sync_dir, 0, NULL);
  const char *machine;

  while (top && (machine = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *folder = g_build_filename (sync_dir, machine, NULL);
      g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
      const char *name;
      guint64 seq;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        if (_cf_sync_parse_segment_name (name, &seq))
          g_ptr_array_add (files, g_build_filename (folder, name, NULL));
    }
  return files;
}

static guint
count_students (CfSession *desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) students = cf_students_list (desk, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (students);
}

/* ---- the tests --------------------------------------------------------- */

static void
test_nothing_left (Office       *o,
                   gconstpointer data)
{
  g_autofree char *id = add_marked_student (o->desk[0]);
  g_autofree char *other = cf_test_add_student (o->desk[0], "Another Student");
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *appointment = NULL;
  guint n_records = 0;

  appointment = add_records (o->desk[0], id);
  add_kiosk_ticket (o, id);
  /* The second desk reads it all; the first has not yet read that it did,
   * so what it wrote stays in the folder for now. */
  sync_desk (o, 0);
  sync_desk (o, 1);
  /* The markers are there to find, on both desks. */
  g_assert_true (desk_holds_marker (o->desk[0]));
  g_assert_true (desk_holds_marker (o->desk[1]));
  before = segment_files (o->sync_dir);
  g_assert_cmpuint (before->len, >, 0);

  /* The reason outlives the records: one that names the student is
   * refused, and nothing is destroyed. */
  g_assert_false (cf_students_destroy (o->desk[1], id, "Zephyrine asked us to", NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (cf_students_destroy (o->desk[1], id, "asked by e-mail from " MARK_EMAIL, NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (desk_holds_marker (o->desk[1]));

  cf_students_destroy (o->desk[1], id, "the student asked", &n_records, &error);
  g_assert_no_error (error);
  /* The student, their case, entry, appointment and ticket. */
  g_assert_cmpuint (n_records, >=, 5);
  sync_everyone (o);

  for (guint i = 0; i < 2; i++)
    {
      g_assert_false (desk_holds_marker (o->desk[i]));
      assert_no_journal (o->desk_dir[i]);
      g_assert_cmpuint (count_students (o->desk[i]), ==, 1);
    }
  for (guint i = 0; i < before->len; i++)
    if (g_file_test (before->pdata[i], G_FILE_TEST_EXISTS))
      g_error ("%s, written before the destruction, is still in the sync folder", (char *) before->pdata[i]);
  g_assert_false (cf_test_folder_contains (o->sync_dir, MARK_NAME));
  g_assert_cmpuint (cf_test_count_audit (o->desk[1], "student-destroyed", id), ==, 1);
  (void) other;
}

/* A desk that was offline changes the student's records while another
 * destroys them: when it comes back, its changes are dropped everywhere
 * (no segment is refused for them), and nothing comes back. */
static void
test_late_edit_dropped (Office       *o,
                        gconstpointer data)
{
  g_autofree char *id = add_marked_student (o->desk[0]);
  g_autofree char *appointment = add_records (o->desk[0], id);
  g_autoptr(CfCaseEntry) late = NULL;
  g_autoptr(GError) error = NULL;

  sync_everyone (o);
  /* The second desk, offline, cancels the appointment (a change that
   * carries only its status) and writes a note. */
  g_assert_true (cf_appointments_cancel (o->desk[1], appointment, &error));
  late = cf_case_entries_add (o->desk[1], id, CF_ENTRY_NOTE, "Late xylophonist note.", NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (cf_students_destroy (o->desk[0], id, "the student asked", NULL, &error));
  g_assert_no_error (error);
  sync_desk (o, 0);
  /* Back online: it sends its changes before it reads the destruction. */
  sync_everyone (o);
  sync_everyone (o);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_false (desk_holds_marker (o->desk[i]));
      g_assert_cmpuint (count_students (o->desk[i]), ==, 0);
    }
  {
    g_autofree char *digest0 = cf_sync_digest (o->desk[0], &error);
    g_autofree char *digest1 = cf_sync_digest (o->desk[1], &error);

    g_assert_no_error (error);
    g_assert_cmpstr (digest0, ==, digest1);
  }
}

/* A kiosk arrival checked in with the booking code of an appointment
 * destroyed since (the kiosk's list of bookings is a sync behind) names
 * no student, only the appointment: it is dropped, not refused, and its
 * segment does not stick. */
static void
test_arrival_for_destroyed_booking (Office       *o,
                                    gconstpointer data)
{
  g_autofree char *id = add_marked_student (o->desk[0]);
  g_autofree char *appointment = add_records (o->desk[0], id);
  g_autofree char *ticket = g_uuid_string_random ();
  g_autofree char *json = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  CfStore *store = cf_session_get_store (o->desk[0]);
  const char *stamp = "0000001000000000@kiosk";
  guint n_applied = 0;
  gboolean found = TRUE;

  g_assert_true (cf_students_destroy (o->desk[0], id, "the student asked", NULL, &error));
  json = g_strdup_printf ("[{\"k\": \"ticket\", \"id\": \"%s\", \"f\": {"
                          "\"code\": [\"A-017\", \"%s\"], \"kind\": [\"appointment\", \"%s\"],"
                          " \"waiting_since\": [1000, \"%s\"], \"status\": [\"waiting\", \"%s\"],"
                          " \"appointment_id\": [\"%s\", \"%s\"],"
                          " \"submission\": [\"%s\", \"%s\"]}}]",
                          ticket, stamp, stamp, stamp, stamp, appointment, stamp, MARK_NAME, stamp);
  payload = g_bytes_new (json, strlen (json));
  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
    sqlite3_stmt *stmt;

    g_assert_true (_cf_store_begin (store, &error));
    g_assert_true (_cf_replica_apply (store, NULL, payload, TRUE, CF_DATA_CASE, NULL, &n_applied, &error));
    g_assert_no_error (error);
    g_assert_true (_cf_store_commit (store, &error));
    stmt = _cf_store_prepare (store, "SELECT 1 FROM tickets WHERE id = ?", &error);
    _cf_bind_text (stmt, 1, ticket);
    g_assert_true (_cf_store_exists (store, stmt, &found, &error));
  }
  g_assert_false (found);
  g_assert_false (desk_holds_marker (o->desk[0]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/destruction/nothing-left", Office, NULL, office_set_up, test_nothing_left, office_tear_down);
  g_test_add ("/destruction/late-edit-dropped", Office, NULL, office_set_up, test_late_edit_dropped,
              office_tear_down);
  g_test_add ("/destruction/arrival-for-destroyed-booking", Office, NULL, office_set_up,
              test_arrival_for_destroyed_booking, office_tear_down);
  return g_test_run ();
}
