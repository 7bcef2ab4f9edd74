/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Security notice: exactly name, student ID, start and end, for
 * students removed from their course, and nothing else in any format. */
#include <glib/gstdio.h>
#include <libical/ical.h>
#include <sodium.h>
#include <string.h>

#include "cf-appointments.h"
#include "cf-case-entries.h"
#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-office.h"
#include "cf-security-notice.h"
#include "cf-settings-private.h"
#include "cf-store-private.h"
#include "cf-students.h"
#include "cf-sync.h"
#include "cf-test-util.h"
#include "cf-time.h"
#include "cf-users.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (icalcomponent, icalcomponent_free)

#ifdef __SANITIZE_ADDRESS__
/* Fontconfig loses a few hundred bytes once while parsing its own
 * configuration (below Pango, whatever the caller does); without this the
 * sanitizer build would judge fontconfig rather than Confide. */
const char *__lsan_default_suppressions (void);
const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

/* …quietly, so standard error stays one line as scripts expect. */
const char *__lsan_default_options (void);
const char *
__lsan_default_options (void)
{
  return "print_suppressions=0";
}
#endif

#define MARKER_ADVISER     "Xq7Adviser Marker"
#define MARKER_ADVISER_PW  "marker adviser passphrase"

/* The range under test: 2030-03-04 to 2030-03-08 inclusive. */
#define RANGE_FROM "2030-03-04"
#define RANGE_TO   "2030-03-08"

/* What the notice must say, in order, with names that need quoting and
 * names in right-to-left scripts and with emoji. */
static const char *const expected_csv =
  "student_name,student_id,date,start,end\r\n"
  "\"Bee \"\"B\"\" O'Brien, Jr\",S1000002,2030-03-04,00:00,00:30\r\n"
  "Ana Lewis,S1000001,2030-03-04,10:00,10:45\r\n"
  "דנה כהן,S1000005,2030-03-05,12:00,12:30\r\n"
  "Ana Lewis,S1000001,2030-03-06,14:00,14:30\r\n"
  "نور الهدى,S1000003,2030-03-07,09:00,09:50\r\n"
  "Kai 🦊 Ngata 🌟,S1000004,2030-03-08,23:00,23:59\r\n";

static const char *const expected_summaries[] = {
  "Bee \"B\" O'Brien, Jr (S1000002)",
  "Ana Lewis (S1000001)",
  "דנה כהן (S1000005)",
  "Ana Lewis (S1000001)",
  "نور الهدى (S1000003)",
  "Kai 🦊 Ngata 🌟 (S1000004)",
};

static const char *const expected_starts[][2] = {
  { "2030-03-04T00:00", "2030-03-04T00:30" },
  { "2030-03-04T10:00", "2030-03-04T10:45" },
  { "2030-03-05T12:00", "2030-03-05T12:30" },
  { "2030-03-06T14:00", "2030-03-06T14:30" },
  { "2030-03-07T09:00", "2030-03-07T09:50" },
  { "2030-03-08T23:00", "2030-03-08T23:59" },
};

typedef struct {
  char       *data_dir;
  char       *out_dir;
  CfSession  *manager;
  CfSession  *adviser;     /* the marker adviser: exports, and must not show */
  CfSession  *admin;
  GTimeZone  *zone;
  char       *marker_adviser_id;
  char       *ana, *bee, *nour, *kai, *dana, *unflagged;
  char       *ana_cancelled;   /* cancelled before any export */
  char       *ana_second;      /* 2030-03-06 14:00 */
  char       *dana_appointment;
  GPtrArray  *markers;     /* text that no notice may contain */
  gint64      from, to;
} Office;

static gint64
at (Office     *o,
    const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 seconds = 0;

  cf_time_parse (text, o->zone, &seconds, &error);
  g_assert_no_error (error);
  return seconds;
}

static char *
marker (Office     *o,
        const char *what,
        guint       n)
{
  char *text = g_strdup_printf ("Xq7%s%u", what, n);

  g_ptr_array_add (o->markers, g_strdup (text));
  return text;
}

/* A student with every field filled: only name and number may leak. */
static char *
add_student (Office     *o,
             const char *name,
             const char *number,
             gboolean    flagged)
{
  static guint n;
  g_autoptr(CfStudent) student = cf_student_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *preferred = marker (o, "Preferred", ++n);
  g_autofree char *college = marker (o, "College", n);
  g_autofree char *faculty = marker (o, "Faculty", n);
  g_autofree char *email = marker (o, "mail", n);
  g_autofree char *phone = marker (o, "Phone", n);
  g_autofree char *reason = marker (o, "Reason", n);

  g_object_set (student, "name", name, "student-number", number, "preferred-name", preferred,
                "college", college, "faculty", faculty, "email", email, "phone", phone, NULL);
  cf_students_add (o->manager, student, &error);
  g_assert_no_error (error);
  if (flagged)
    cf_students_set_removed_from_course (o->manager, cf_student_get_id (student), TRUE, reason, &error);
  g_assert_no_error (error);
  return g_strdup (cf_student_get_id (student));
}

static char *
add_appointment (Office     *o,
                 const char *student,
                 const char *start,
                 const char *end,
                 const char *mode)
{
  static guint n;
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *topic = marker (o, "Topic", ++n);
  g_autofree char *room = marker (o, "Room", n);

  g_object_set (appointment, "student-id", student, "adviser-id", o->marker_adviser_id,
                "start-at", at (o, start), "end-at", at (o, end), "mode", mode,
                "topic", topic, "room", room, NULL);
  cf_appointments_add (o->manager, appointment, &error);
  g_assert_no_error (error);
  return g_strdup (cf_appointment_get_id (appointment));
}

static void
add_notes (Office     *o,
           const char *student)
{
  static guint n;
  g_autofree char *note = marker (o, "NoteText", ++n);
  g_autofree char *advice = marker (o, "AdviceText", n);
  g_autoptr(CfCaseEntry) first = NULL, second = NULL;
  g_autoptr(GError) error = NULL;

  first = cf_case_entries_add (o->manager, student, CF_ENTRY_NOTE, note, NULL, NULL, &error);
  g_assert_no_error (error);
  second = cf_case_entries_add (o->manager, student, CF_ENTRY_ADVICE, advice, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
add_people (Office *o)
{
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (o->markers, g_strdup (MARKER_ADVISER));
  g_ptr_array_add (o->markers, g_strdup ("Xq7Unflagged"));
  g_ptr_array_add (o->markers, g_strdup ("Test Advice Office"));
  cf_users_add (o->manager, MARKER_ADVISER, CF_ROLE_ADVISER, MARKER_ADVISER_PW, &error);
  g_assert_no_error (error);
  o->marker_adviser_id = cf_users_find_id (o->manager, MARKER_ADVISER, &error);
  g_assert_no_error (error);

  o->ana = add_student (o, "Ana Lewis", "S1000001", TRUE);
  o->bee = add_student (o, "Bee \"B\" O'Brien, Jr", "S1000002", TRUE);
  o->nour = add_student (o, "نور الهدى", "S1000003", TRUE);
  o->kai = add_student (o, "Kai 🦊 Ngata 🌟", "S1000004", TRUE);
  o->dana = add_student (o, "דנה כהן", "S1000005", TRUE);
  o->unflagged = add_student (o, "Xq7Unflagged Person", "Xq7UnflaggedNumber", FALSE);
}

/* In range, out of range, on both edges, cancelled, by phone or video, and
 * for a student who is not flagged.  Times outside the notice are markers too. */
static void
add_appointments (Office *o)
{
  g_autoptr(GError) error = NULL;

  g_free (add_appointment (o, o->ana, "2030-03-04T10:00", "2030-03-04T10:45", "in-person"));
  o->ana_second = add_appointment (o, o->ana, "2030-03-06T14:00", "2030-03-06T14:30", "in-person");
  /* Phone and video appointments put nobody on campus. */
  g_free (add_appointment (o, o->ana, "2030-03-05T16:10", "2030-03-05T16:20", "phone"));
  g_free (add_appointment (o, o->kai, "2030-03-06T17:10", "2030-03-06T17:25", "video"));
  o->ana_cancelled = add_appointment (o, o->ana, "2030-03-05T08:05", "2030-03-05T08:25", "in-person");
  cf_appointments_cancel (o->manager, o->ana_cancelled, &error);
  g_assert_no_error (error);
  g_free (add_appointment (o, o->ana, "2030-03-10T10:00", "2030-03-10T11:00", "in-person"));
  g_free (add_appointment (o, o->ana, "2030-03-03T23:05", "2030-03-03T23:35", "in-person"));
  g_free (add_appointment (o, o->bee, "2030-03-04T00:00", "2030-03-04T00:30", "in-person"));
  g_free (add_appointment (o, o->bee, "2030-03-09T00:00", "2030-03-09T00:40", "in-person"));
  g_free (add_appointment (o, o->nour, "2030-03-07T09:00", "2030-03-07T09:50", "in-person"));
  g_free (add_appointment (o, o->kai, "2030-03-08T23:00", "2030-03-08T23:59", "in-person"));
  o->dana_appointment = add_appointment (o, o->dana, "2030-03-05T12:00", "2030-03-05T12:30", "in-person");
  g_free (add_appointment (o, o->unflagged, "2030-03-05T15:10", "2030-03-05T15:40", "in-person"));
  for (guint i = 0; i < 7; i++)
    g_ptr_array_add (o->markers, g_strdup ((const char *[]) { "08:05", "23:35", "15:40", "16:10", "16:20",
                                                               "17:10", "17:25" }[i]));
  g_ptr_array_add (o->markers, g_strdup ("2030-03-03"));
  g_ptr_array_add (o->markers, g_strdup ("2030-03-09"));
  g_ptr_array_add (o->markers, g_strdup ("2030-03-10"));
}

static void
office_setup (Office       *o,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  o->markers = g_ptr_array_new_with_free_func (g_free);
  o->data_dir = cf_test_make_office ();
  o->out_dir = cf_test_make_dir ("notices");
  o->manager = cf_test_sign_in (o->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  o->admin = cf_test_sign_in (o->data_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  o->zone = cf_office_get_time_zone (o->manager);
  add_people (o);
  o->adviser = cf_test_sign_in (o->data_dir, MARKER_ADVISER, MARKER_ADVISER_PW);
  add_appointments (o);
  for (const char *const *s = (const char *const[]) { o->ana, o->bee, o->nour, o->kai, o->dana, o->unflagged, NULL }; *s; s++)
    add_notes (o, *s);
  cf_date_parse (RANGE_FROM, o->zone, &o->from, NULL, &error);
  g_assert_no_error (error);
  cf_date_parse (RANGE_TO, o->zone, NULL, &o->to, &error);
  g_assert_no_error (error);
}

static void
office_teardown (Office       *o,
                 gconstpointer data)
{
  g_clear_object (&o->manager);
  g_clear_object (&o->adviser);
  g_clear_object (&o->admin);
  g_clear_pointer (&o->zone, g_time_zone_unref);
  g_clear_pointer (&o->markers, g_ptr_array_unref);
  g_free (o->data_dir);
  g_free (o->out_dir);
  g_free (o->marker_adviser_id);
  g_free (o->ana);
  g_free (o->bee);
  g_free (o->nour);
  g_free (o->kai);
  g_free (o->dana);
  g_free (o->unflagged);
  g_free (o->ana_cancelled);
  g_free (o->ana_second);
  g_free (o->dana_appointment);
}

/* ---- helpers ------------------------------------------------------------ */

static char *
export (Office          *o,
        CfSession       *session,
        CfSecurityFormat format,
        const char      *name,
        guint            expect_appointments,
        guint            expect_students)
{
  char *path = g_build_filename (o->out_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  guint n_appointments = 0, n_students = 0;

  cf_security_notice_export (session, o->from, o->to, format, path,
                             &n_appointments, &n_students, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_appointments, ==, expect_appointments);
  g_assert_cmpuint (n_students, ==, expect_students);
  return path;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return out;
}

static void
assert_no_markers (Office     *o,
                   const char *text,
                   const char *what)
{
  for (guint i = 0; i < o->markers->len; i++)
    if (strstr (text, o->markers->pdata[i]) != NULL)
      g_error ("the %s notice contains “%s”", what, (const char *) o->markers->pdata[i]);
}

/* Runs @sql with one text parameter (or none) and returns the first
 * column of the first row. */
static gint64
query_int (CfSession  *session,
           const char *sql,
           const char *arg)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (_cf_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gint64
count_notices (CfSession *session)
{
  return query_int (session, "SELECT count(*) FROM security_notices", NULL);
}

static gint64
count_export_audits (CfSession *session)
{
  return query_int (session,
      "SELECT count(*) FROM audit WHERE action IN ('security-notified', 'security-notice-exported')", NULL);
}

/* ---- the notice's content ----------------------------------------------- */

static void
test_csv_is_exactly_the_notice (Office       *o,
                                gconstpointer data)
{
  g_autofree char *path = export (o, o->adviser, CF_SECURITY_FORMAT_CSV, "notice.csv", 6, 5);
  g_autofree char *text = read_text (path);

  g_assert_cmpstr (text, ==, expected_csv);
  assert_no_markers (o, text, "CSV");
}

/* Exactly the seven properties interfaces.md allows, each once; a
 * cancellation names nobody, so it has no SUMMARY. */
static void
assert_event_properties (icalcomponent *event)
{
  const icalproperty_kind allowed[] = {
    ICAL_UID_PROPERTY, ICAL_DTSTAMP_PROPERTY, ICAL_DTSTART_PROPERTY,
    ICAL_DTEND_PROPERTY, ICAL_SUMMARY_PROPERTY, ICAL_SEQUENCE_PROPERTY,
    ICAL_STATUS_PROPERTY,
  };
  gboolean cancelled = icalcomponent_get_status (event) == ICAL_STATUS_CANCELLED;
  guint seen[G_N_ELEMENTS (allowed)] = { 0 };

  g_assert_null (icalcomponent_get_first_component (event, ICAL_ANY_COMPONENT));
  for (icalproperty *p = icalcomponent_get_first_property (event, ICAL_ANY_PROPERTY); p;
       p = icalcomponent_get_next_property (event, ICAL_ANY_PROPERTY))
    {
      gboolean known = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (allowed); k++)
        if (icalproperty_isa (p) == allowed[k])
          {
            seen[k]++;
            known = TRUE;
          }
      if (!known)
        g_error ("unexpected property %s", icalproperty_get_property_name (p));
      /* No parameter either: nothing can ride along on a property. */
      g_assert_cmpint (icalproperty_count_parameters (p), ==, 0);
    }
  for (guint k = 0; k < G_N_ELEMENTS (allowed); k++)
    g_assert_cmpuint (seen[k], ==, cancelled && allowed[k] == ICAL_SUMMARY_PROPERTY ? 0 : 1);
}

static void
assert_calendar_properties (icalcomponent *calendar)
{
  guint n = 0;

  for (icalproperty *p = icalcomponent_get_first_property (calendar, ICAL_ANY_PROPERTY); p;
       p = icalcomponent_get_next_property (calendar, ICAL_ANY_PROPERTY), n++)
    g_assert_true (icalproperty_isa (p) == ICAL_VERSION_PROPERTY ||
                   icalproperty_isa (p) == ICAL_PRODID_PROPERTY);
  g_assert_cmpuint (n, ==, 2);
  g_assert_null (icalcomponent_get_first_component (calendar, ICAL_VTIMEZONE_COMPONENT));
}

static void
assert_event (Office        *o,
              icalcomponent *event,
              guint          i,
              GHashTable    *uids)
{
  icaltimezone *utc = icaltimezone_get_utc_timezone ();
  const char *uid = icalcomponent_get_uid (event);
  const char *ids[] = { o->ana, o->bee, o->nour, o->kai, o->dana, o->ana_second, o->dana_appointment };

  assert_event_properties (event);
  g_assert_cmpint (icalcomponent_get_status (event), ==, ICAL_STATUS_CONFIRMED);
  g_assert_cmpint (icalcomponent_get_sequence (event), ==, 0);
  g_assert_cmpstr (icalcomponent_get_summary (event), ==, expected_summaries[i]);
  g_assert_cmpint (icaltime_as_timet_with_zone (icalcomponent_get_dtstart (event), utc), ==,
                   at (o, expected_starts[i][0]));
  g_assert_cmpint (icaltime_as_timet_with_zone (icalcomponent_get_dtend (event), utc), ==,
                   at (o, expected_starts[i][1]));
  /* Opaque: unique, and not any record's id. */
  g_assert_true (g_hash_table_add (uids, g_strdup (uid)));
  for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
    g_assert_null (strstr (uid, ids[k]));
}

static void
test_ics_is_exactly_the_notice (Office       *o,
                                gconstpointer data)
{
  g_autofree char *path = export (o, o->adviser, CF_SECURITY_FORMAT_ICS, "notice.ics", 6, 5);
  g_autofree char *text = read_text (path);
  g_autoptr(icalcomponent) calendar = icalparser_parse_string (text);
  g_autoptr(GHashTable) uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint i = 0;

  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  assert_calendar_properties (calendar);
  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       event; event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT), i++)
    {
      g_assert_cmpuint (i, <, G_N_ELEMENTS (expected_summaries));
      assert_event (o, event, i, uids);
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (expected_summaries));
  assert_no_markers (o, text, "ICS");
  for (const char *const *p = (const char *const[]) { "DESCRIPTION", "LOCATION", "ORGANIZER",
                                                      "ATTENDEE", "CATEGORIES", "X-", NULL }; *p; p++)
    g_assert_null (strstr (text, *p));
}

static void
test_pdf_is_exactly_the_notice (Office       *o,
                                gconstpointer data)
{
  g_autofree char *path = export (o, o->adviser, CF_SECURITY_FORMAT_PDF, "notice.pdf", 6, 5);
  g_autofree char *raw = read_text (path);
  g_autofree char *text = pdf_text (path);

  g_assert_true (g_str_has_prefix (raw, "%PDF-"));
  assert_no_markers (o, text, "PDF");
  assert_no_markers (o, raw, "PDF (raw)");
  g_assert_nonnull (strstr (text, "Appointment times"));
  g_assert_nonnull (strstr (text, "2030-03-04"));
  g_assert_nonnull (strstr (text, "2030-03-08"));
  for (const char *const *p = (const char *const[]) {
         "Ana Lewis", "Bee \"B\" O'Brien, Jr", "Kai", "Ngata",
         "S1000001", "S1000002", "S1000003", "S1000004", "S1000005",
         "2030-03-05", "2030-03-06", "2030-03-07",
         "00:30", "10:45", "12:30", "14:30", "09:50", "23:59", NULL }; *p; p++)
    if (strstr (text, *p) == NULL)
      g_error ("the PDF notice lacks “%s”:\n%s", *p, text);
  /* Right-to-left names come out whole, whichever order the extractor
   * puts their words in. */
  for (const char *const *p = (const char *const[]) { "דנה", "כהן", "نور", "الهدى", NULL }; *p; p++)
    if (strstr (text, *p) == NULL)
      g_error ("the PDF notice lacks “%s”:\n%s", *p, text);
}

/* Many rows page onto several numbered pages, and none is lost. */
static void
test_pdf_pages (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (CfSecurityNoticeRow));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *dir = cf_test_make_dir ("pages");
  g_autofree char *path = g_build_filename (dir, "long.pdf", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  const gint64 start = 1898000000;

  for (guint i = 0; i < 150; i++)
    {
      CfSecurityNoticeRow row = {
        g_strdup_printf ("Student %u", i), g_strdup_printf ("P%05u", i),
        start + i * 3600, start + i * 3600 + 1800,
      };
      g_array_append_val (rows, row);
    }
  /* A cancellation is for the calendar only: the table lists who comes. */
  {
    CfSecurityNoticeRow row = { g_strdup ("Xq7Cancelled"), g_strdup ("Xq7C1"), start, start + 1800,
                                NULL, 1, TRUE };
    g_array_append_val (rows, row);
  }
  pdf = cf_security_notice_write_pdf ((CfSecurityNoticeRow *) rows->data, rows->len, zone,
                                      start, start + 200 * 3600, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  text = pdf_text (path);
  pages = g_strsplit (text, "\f", -1);
  g_assert_cmpuint (g_strv_length (pages), >=, 4);   /* at least 3 pages and the tail */
  g_assert_nonnull (strstr (text, "Page 1 of"));
  for (guint i = 0; i < rows->len - 1; i++)
    {
      g_autofree char *number = g_strdup_printf ("P%05u", i);
      g_assert_nonnull (strstr (text, number));
    }
  g_assert_null (strstr (text, "Xq7C"));
  for (guint i = 0; i < rows->len; i++)
    {
      CfSecurityNoticeRow *row = &g_array_index (rows, CfSecurityNoticeRow, i);
      g_free (row->student_name);
      g_free (row->student_number);
    }
}

/* RFC 4180 quoting, and no formula for a spreadsheet to run. */
static void
test_csv_quoting (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  CfSecurityNoticeRow rows[] = {
    { "Lee, \"Sam\"", "S1", 0, 1800 },
    { "Two\nLines", "S2", 0, 1800 },
    { "=HYPERLINK(\"http://example.org\")", "+S3", 0, 1800 },
    { "Plain", NULL, 0, 1800 },
    { "Xq7Cancelled", "Xq7C1", 0, 1800, "c1@confide", 1, TRUE },
  };
  g_autofree char *csv = cf_security_notice_write_csv (rows, G_N_ELEMENTS (rows), zone);

  g_assert_cmpstr (csv, ==,
                   "student_name,student_id,date,start,end\r\n"
                   "\"Lee, \"\"Sam\"\"\",S1,1970-01-01,00:00,00:30\r\n"
                   "\"Two\nLines\",S2,1970-01-01,00:00,00:30\r\n"
                   "\"'=HYPERLINK(\"\"http://example.org\"\")\",\"'+S3\",1970-01-01,00:00,00:30\r\n"
                   "Plain,,1970-01-01,00:00,00:30\r\n");
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
export_async (Office     *o,
              CfSession  *session,
              const char *path)
{
  GAsyncResult *result = NULL;

  cf_security_notice_export_async (session, o->from, o->to, CF_SECURITY_FORMAT_CSV, path,
                                   NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return result;
}

/* The desk's pair runs on the store's writer thread and reports what the
 * export did; a locked session is refused before it reaches a store. */
static void
test_export_async (Office       *o,
                   gconstpointer data)
{
  g_autofree char *path = g_build_filename (o->out_dir, "async.csv", NULL);
  g_autoptr(GAsyncResult) result = export_async (o, o->adviser, path);
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_appointments = 0, n_students = 0;

  g_assert_true (cf_security_notice_export_finish (result, &n_appointments, &n_students, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_appointments, ==, 6);
  g_assert_cmpuint (n_students, ==, 5);
  text = read_text (path);
  g_assert_cmpstr (text, ==, expected_csv);
  g_assert_cmpint (count_notices (o->manager), ==, 1);

  cf_session_lock (o->adviser);
  refused = export_async (o, o->adviser, path);
  g_assert_false (cf_security_notice_export_finish (refused, NULL, NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
}

/* ---- who may, and what is recorded -------------------------------------- */

static void
test_admin_is_denied (Office       *o,
                      gconstpointer data)
{
  g_autofree char *path = g_build_filename (o->out_dir, "admin.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) updates = NULL;

  g_assert_false (cf_security_notice_export (o->admin, o->from, o->to, CF_SECURITY_FORMAT_CSV,
                                             path, NULL, NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  updates = cf_security_notice_updates_due (o->admin, &error);
  g_assert_null (updates);
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_assert_cmpint (count_notices (o->manager), ==, 0);
}

static void
test_export_is_recorded (Office       *o,
                         gconstpointer data)
{
  g_autofree char *path = export (o, o->adviser, CF_SECURITY_FORMAT_ICS, "recorded.ics", 6, 5);
  const char *told[] = { o->ana, o->bee, o->nour, o->kai, o->dana };
  g_autoptr(GArray) ana = NULL, unflagged = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (count_notices (o->manager), ==, 1);
  g_assert_cmpint (query_int (o->manager, "SELECT count(*) FROM security_notices WHERE exported_by = ?"
                              " AND format = 'ics'", o->marker_adviser_id), ==, 1);
  g_assert_cmpint (query_int (o->manager, "SELECT count(*) FROM security_notice_items", NULL), ==, 6);
  /* Queued to replicate, so other desks show it too. */
  g_assert_cmpint (query_int (o->manager, "SELECT count(*) FROM outbox WHERE kind = 'security_notice'"
                              " AND row_id = (SELECT id FROM security_notices)", NULL), ==, 1);
  g_assert_cmpint (query_int (o->manager, "SELECT count(*) FROM outbox WHERE kind = 'security_notice_item'"
                              " AND row_id IN (SELECT id FROM security_notice_items)", NULL), ==, 6);
  for (guint i = 0; i < G_N_ELEMENTS (told); i++)
    g_assert_cmpint (query_int (o->manager,
                                "SELECT count(*) FROM audit a JOIN security_notices n ON n.id = a.detail"
                                " WHERE a.action = 'security-notified' AND a.subject = ?", told[i]), ==, 1);
  g_assert_cmpint (query_int (o->manager, "SELECT count(*) FROM audit WHERE action = 'security-notified'", NULL), ==, 5);
  g_assert_cmpint (query_int (o->manager,
                              "SELECT count(*) FROM audit a JOIN security_notices n ON n.id = a.subject"
                              " WHERE a.action = 'security-notice-exported' AND a.actor_id = ?",
                              o->marker_adviser_id), ==, 1);

  ana = cf_security_notice_list_for_student (o->manager, o->ana, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ana->len, ==, 2);
  g_assert_cmpint (g_array_index (ana, CfSecurityTold, 0).start_at, ==, at (o, "2030-03-04T10:00"));
  g_assert_cmpint (g_array_index (ana, CfSecurityTold, 1).end_at, ==, at (o, "2030-03-06T14:30"));
  g_assert_cmpint (g_array_index (ana, CfSecurityTold, 0).told_at, >, 0);
  unflagged = cf_security_notice_list_for_student (o->manager, o->unflagged, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unflagged->len, ==, 0);
}

static void
assert_nothing_recorded (Office *o,
                         gint64  audits_before)
{
  g_assert_cmpint (count_notices (o->manager), ==, 0);
  g_assert_cmpint (query_int (o->manager, "SELECT count(*) FROM security_notice_items", NULL), ==, 0);
  g_assert_cmpint (query_int (o->manager, "SELECT count(*) FROM outbox WHERE kind LIKE 'security%'", NULL), ==, 0);
  g_assert_cmpint (count_export_audits (o->manager), ==, audits_before);
}

static guint
count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir && g_dir_read_name (dir))
    n++;
  return n;
}

/* A file that could not be written is no export: nothing recorded, and
 * no temporary file left behind. */
static void
test_failed_write_records_nothing (Office       *o,
                                   gconstpointer data)
{
  g_autofree char *missing = g_build_filename (o->out_dir, "no-such-folder", "notice.csv", NULL);
  g_autofree char *folder = g_build_filename (o->out_dir, "a-folder", NULL);
  g_autoptr(GError) error = NULL;
  gint64 audits = count_export_audits (o->manager);

  g_assert_false (cf_security_notice_export (o->adviser, o->from, o->to, CF_SECURITY_FORMAT_CSV,
                                             missing, NULL, NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NO_FOLDER);
  g_assert_null (strstr (error->message, "Ana"));
  g_clear_error (&error);
  assert_nothing_recorded (o, audits);

  /* Renaming onto a folder fails after the records were written: they
   * must roll back, and the temporary file must go. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_false (cf_security_notice_export (o->adviser, o->from, o->to, CF_SECURITY_FORMAT_PDF,
                                             folder, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == CF_ERROR);
  g_clear_error (&error);
  assert_nothing_recorded (o, audits);
  g_assert_cmpuint (count_files (o->out_dir), ==, 1);
  g_assert_cmpuint (count_files (folder), ==, 0);

  g_assert_false (cf_security_notice_export (o->adviser, o->to, o->from, CF_SECURITY_FORMAT_CSV,
                                             missing, NULL, NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
}

/* An adviser with a conflict of interest would learn the student's name
 * from the file: refused, rather than a notice with someone missing. */
static void
test_conflict_refuses (Office       *o,
                       gconstpointer data)
{
  g_autofree char *path = g_build_filename (o->out_dir, "conflict.csv", NULL);
  g_autoptr(GError) error = NULL;
  CfStore *store = cf_session_get_store (o->manager);
  gint64 audits = count_export_audits (o->manager);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_cf_store_get_db (store),
                   "INSERT INTO conflicts (id, adviser_id, student_id, declared_at) VALUES ('c1', ?, ?, 0)",
                   -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, o->marker_adviser_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, o->kai, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_DONE);
  sqlite3_finalize (stmt);

  g_assert_false (cf_security_notice_export (o->adviser, o->from, o->to, CF_SECURITY_FORMAT_CSV,
                                             path, NULL, NULL, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_nothing_recorded (o, audits);
}

/* ---- updates due -------------------------------------------------------- */

static void
move_appointment (Office     *o,
                  const char *id,
                  const char *start,
                  const char *end)
{
  CfStore *store = cf_session_get_store (o->manager);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = NULL;

  /* No API moves an appointment yet; a sync from another desk can. */
  g_assert_cmpint (sqlite3_prepare_v2 (_cf_store_get_db (store),
                   "UPDATE appointments SET start_at = ?, end_at = ? WHERE id = ?",
                   -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, at (o, start));
  sqlite3_bind_int64 (stmt, 2, at (o, end));
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_DONE);
  sqlite3_finalize (stmt);
}

static GPtrArray *
updates_due (CfSession *session)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *updates = cf_security_notice_updates_due (session, &error);

  g_assert_no_error (error);
  return updates;
}

static CfSecurityUpdate *
find_update (GPtrArray  *updates,
             const char *appointment_id)
{
  for (guint i = 0; i < updates->len; i++)
    if (g_str_equal (((CfSecurityUpdate *) updates->pdata[i])->appointment_id, appointment_id))
      return updates->pdata[i];
  return NULL;
}

static void
assert_changes (Office    *o,
                GPtrArray *updates)
{
  CfSecurityUpdate *cancelled = find_update (updates, o->ana_second);
  CfSecurityUpdate *moved = find_update (updates, o->dana_appointment);

  g_assert_cmpuint (updates->len, ==, 3);
  g_assert_nonnull (cancelled);
  g_assert_cmpint (cancelled->change, ==, CF_SECURITY_CHANGE_CANCELLED);
  g_assert_cmpstr (cancelled->student_id, ==, o->ana);
  g_assert_cmpint (cancelled->told_start_at, ==, at (o, "2030-03-06T14:00"));
  g_assert_nonnull (moved);
  g_assert_cmpint (moved->change, ==, CF_SECURITY_CHANGE_MOVED);
  g_assert_cmpint (moved->told_start_at, ==, at (o, "2030-03-05T12:00"));
  g_assert_cmpint (moved->start_at, ==, at (o, "2030-03-05T11:50"));
  g_assert_cmpint (moved->end_at, ==, at (o, "2030-03-05T12:30"));
  for (guint i = 0; i < updates->len; i++)
    if (g_str_equal (((CfSecurityUpdate *) updates->pdata[i])->student_id, o->kai))
      g_assert_cmpint (((CfSecurityUpdate *) updates->pdata[i])->change, ==,
                       CF_SECURITY_CHANGE_UNFLAGGED);
}

static void
test_updates_due (Office       *o,
                  gconstpointer data)
{
  g_autofree char *first = export (o, o->adviser, CF_SECURITY_FORMAT_CSV, "first.csv", 6, 5);
  g_autofree char *second = NULL;
  g_autoptr(GPtrArray) none = updates_due (o->adviser);
  g_autoptr(GPtrArray) changed = NULL, settled = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (none->len, ==, 0);
  cf_appointments_cancel (o->manager, o->ana_second, &error);
  g_assert_no_error (error);
  move_appointment (o, o->dana_appointment, "2030-03-05T11:50", "2030-03-05T12:30");
  cf_students_set_removed_from_course (o->manager, o->kai, FALSE, "Xq7ReasonOff", &error);
  g_assert_no_error (error);

  changed = updates_due (o->adviser);
  assert_changes (o, changed);

  /* A new notice for the same period supersedes what Security held. */
  second = export (o, o->adviser, CF_SECURITY_FORMAT_CSV, "second.csv", 4, 4);
  settled = updates_due (o->manager);
  g_assert_cmpuint (settled->len, ==, 0);
}

/* Once an appointment has passed, its notice has done its work: a later
 * cancellation needs no update. */
static void
test_past_needs_no_update (Office       *o,
                           gconstpointer data)
{
  g_autofree char *past = add_appointment (o, o->ana, "2020-01-06T10:00", "2020-01-06T10:30", "in-person");
  g_autofree char *path = g_build_filename (o->out_dir, "past.csv", NULL);
  g_autoptr(GPtrArray) updates = NULL;
  g_autoptr(GError) error = NULL;
  guint n_appointments = 0;

  cf_security_notice_export (o->adviser, at (o, "2020-01-06T00:00"), at (o, "2020-01-07T00:00"),
                             CF_SECURITY_FORMAT_CSV, path, &n_appointments, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_appointments, ==, 1);
  cf_appointments_cancel (o->manager, past, &error);
  g_assert_no_error (error);
  updates = updates_due (o->adviser);
  g_assert_cmpuint (updates->len, ==, 0);
}

/* What Security is told is a manager's decision: an adviser or an
 * administrator can neither set the flag nor clear it. */
static void
test_only_managers_flag (Office       *o,
                         gconstpointer data)
{
  CfSession *others[] = { o->adviser, o->admin };
  g_autoptr(CfStudent) kai = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cf_students_set_removed_from_course (others[i], o->kai, FALSE, "Xq7Reason", &error));
      g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
      g_clear_error (&error);
      g_assert_false (cf_students_set_removed_from_course (others[i], o->unflagged, TRUE, "Xq7Reason", &error));
      g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
    }
  kai = cf_students_get (o->manager, o->kai, NULL);
  g_assert_true (cf_student_get_removed_from_course (kai));
  g_free (export (o, o->manager, CF_SECURITY_FORMAT_CSV, "after.csv", 6, 5));
}

/* The record says who last set or cleared the flag, when and why. */
static void
test_flag_says_who (Office       *o,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStudent) student = NULL;
  g_autofree char *reason = NULL, *by = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC, at = 0;

  g_assert_true (cf_students_set_removed_from_course (o->manager, o->unflagged, TRUE, "Letter of 3 March",
                                                      &error));
  g_assert_no_error (error);
  student = cf_students_get (o->adviser, o->unflagged, &error);
  g_assert_no_error (error);
  g_object_get (student, "removed-reason", &reason, "removed-by", &by, "removed-at", &at, NULL);
  g_assert_true (cf_student_get_removed_from_course (student));
  g_assert_cmpstr (reason, ==, "Letter of 3 March");
  g_assert_cmpstr (by, ==, CF_TEST_MANAGER);
  g_assert_cmpint (at, >=, before);
  g_assert_cmpint (at, <=, g_get_real_time () / G_USEC_PER_SEC);
}

/* ---- updated notices ---------------------------------------------------- */

/* One VEVENT as Security's calendar keeps it. */
typedef struct {
  char     *uid;
  char     *summary;
  int       sequence;
  gboolean  cancelled;
  gint64    start_at;
  gint64    end_at;
} Event;

static void
event_free (Event *event)
{
  g_free (event->uid);
  g_free (event->summary);
  g_free (event);
}

static GPtrArray *
read_events (const char *path)
{
  g_autofree char *text = read_text (path);
  g_autoptr(icalcomponent) calendar = icalparser_parse_string (text);
  icaltimezone *utc = icaltimezone_get_utc_timezone ();
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);

  g_assert_nonnull (calendar);
  for (icalcomponent *c = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       c; c = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      Event *event = g_new0 (Event, 1);

      assert_event_properties (c);
      event->uid = g_strdup (icalcomponent_get_uid (c));
      event->summary = g_strdup (icalcomponent_get_summary (c));
      event->sequence = icalcomponent_get_sequence (c);
      event->cancelled = icalcomponent_get_status (c) == ICAL_STATUS_CANCELLED;
      event->start_at = icaltime_as_timet_with_zone (icalcomponent_get_dtstart (c), utc);
      event->end_at = icaltime_as_timet_with_zone (icalcomponent_get_dtend (c), utc);
      g_ptr_array_add (events, event);
    }
  return events;
}

static GPtrArray *
export_events (Office     *o,
               CfSession  *session,
               const char *name,
               guint       expect_appointments,
               guint       expect_students)
{
  g_autofree char *path = export (o, session, CF_SECURITY_FORMAT_ICS, name, expect_appointments,
                                  expect_students);

  return read_events (path);
}

static Event *
event_with_uid (GPtrArray  *events,
                const char *uid)
{
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (((Event *) events->pdata[i])->uid, uid))
      return events->pdata[i];
  g_error ("no event with the UID %s", uid);
}

static Event *
event_at (Office     *o,
          GPtrArray  *events,
          const char *start)
{
  for (guint i = 0; i < events->len; i++)
    if (((Event *) events->pdata[i])->start_at == at (o, start))
      return events->pdata[i];
  g_error ("no event at %s", start);
}

/* Runs a statement with one text parameter, as another desk's change
 * would arrive: no API deletes an appointment. */
static void
exec_with_id (Office     *o,
              const char *sql,
              const char *id)
{
  CfStore *store = cf_session_get_store (o->manager);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_cf_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_DONE);
  sqlite3_finalize (stmt);
}

static void
rename_student (Office     *o,
                const char *id,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStudent) student = cf_students_get (o->manager, id, &error);

  g_assert_no_error (error);
  g_object_set (student, "name", name, NULL);
  g_assert_true (cf_students_update (o->manager, student, &error));
  g_assert_no_error (error);
}

static void
assert_sent (Event      *event,
             const char *uid,
             int         sequence,
             gboolean    cancelled)
{
  g_assert_cmpstr (event->uid, ==, uid);
  g_assert_cmpint (event->sequence, ==, sequence);
  g_assert_cmpint (event->cancelled, ==, cancelled);
  if (cancelled)
    g_assert_null (event->summary);
}

/* Security is told of changes so that its calendar replaces what it holds:
 * a moved appointment keeps its UID with SEQUENCE 1, the others stay at 0. */
static void
moved_keeps_uid (Office    *o,
                 GPtrArray *first)
{
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GError) error = NULL;
  Event *dana = event_at (o, first, "2030-03-05T12:00");

  g_assert_true (cf_appointments_move (o->manager, o->dana_appointment, at (o, "2030-03-05T11:50"),
                                       at (o, "2030-03-05T12:30"), &error));
  g_assert_no_error (error);
  second = export_events (o, o->adviser, "second.ics", 6, 5);
  g_assert_cmpuint (second->len, ==, 6);
  assert_sent (event_at (o, second, "2030-03-05T11:50"), dana->uid, 1, FALSE);
  for (guint i = 0; i < first->len; i++)
    {
      Event *before = first->pdata[i];

      if (before != dana)
        assert_sent (event_with_uid (second, before->uid), before->uid, 0, FALSE);
    }
}

/* The student's record says Security was told it is cancelled. */
static void
assert_told_cancelled (Office     *o,
                       const char *student,
                       Event      *event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) told = cf_security_notice_list_for_student (o->manager, student, &error);
  guint n_cancelled = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < told->len; i++)
    {
      CfSecurityTold *item = &g_array_index (told, CfSecurityTold, i);

      if (!item->cancelled)
        continue;
      n_cancelled++;
      g_assert_cmpint (item->start_at, ==, event->start_at);
      g_assert_cmpint (item->end_at, ==, event->end_at);
    }
  g_assert_cmpuint (n_cancelled, ==, 1);
}

/* Cancelled, no longer flagged, or gone: each comes once as cancelled, at
 * the times Security held, one SEQUENCE up, and naming nobody. */
static void
off_comes_cancelled (Office    *o,
                     GPtrArray *first)
{
  g_autoptr(GPtrArray) third = NULL, fourth = NULL;
  g_autoptr(GError) error = NULL;
  Event *ana = event_at (o, first, "2030-03-06T14:00");
  Event *kai = event_at (o, first, "2030-03-08T23:00");
  Event *nour = event_at (o, first, "2030-03-07T09:00");
  Event *dana = event_at (o, first, "2030-03-05T12:00");

  cf_appointments_cancel (o->manager, o->ana_second, &error);
  g_assert_no_error (error);
  cf_students_set_removed_from_course (o->manager, o->kai, FALSE, "Xq7ReasonOff", &error);
  g_assert_no_error (error);
  exec_with_id (o, "DELETE FROM appointments WHERE student_id = ?", o->nour);
  third = export_events (o, o->adviser, "third.ics", 3, 3);
  g_assert_cmpuint (third->len, ==, 6);
  for (Event **e = (Event *[]) { ana, kai, nour, NULL }; *e; e++)
    {
      Event *sent = event_with_uid (third, (*e)->uid);

      assert_sent (sent, (*e)->uid, 1, TRUE);
      g_assert_cmpint (sent->start_at, ==, (*e)->start_at);
      g_assert_cmpint (sent->end_at, ==, (*e)->end_at);
    }
  assert_sent (event_with_uid (third, dana->uid), dana->uid, 1, FALSE);
  assert_told_cancelled (o, o->ana, ana);

  /* Never again once sent; and a new name is a change Security sees. */
  rename_student (o, o->dana, "Dana Cohen");
  fourth = export_events (o, o->adviser, "fourth.ics", 3, 3);
  g_assert_cmpuint (fourth->len, ==, 3);
  assert_sent (event_with_uid (fourth, dana->uid), dana->uid, 2, FALSE);
  g_assert_cmpstr (event_with_uid (fourth, dana->uid)->summary, ==, "Dana Cohen (S1000005)");
}

static void
test_ics_updates (Office       *o,
                  gconstpointer data)
{
  g_autoptr(GPtrArray) first = export_events (o, o->adviser, "first.ics", 6, 5);
  g_autofree char *path = NULL, *csv = NULL;
  g_autoptr(GPtrArray) updates = NULL;

  moved_keeps_uid (o, first);
  off_comes_cancelled (o, first);
  /* The CSV lists who comes, nothing cancelled; no update is due. */
  path = export (o, o->adviser, CF_SECURITY_FORMAT_CSV, "after.csv", 3, 3);
  csv = read_text (path);
  g_assert_cmpstr (csv, ==,
                   "student_name,student_id,date,start,end\r\n"
                   "\"Bee \"\"B\"\" O'Brien, Jr\",S1000002,2030-03-04,00:00,00:30\r\n"
                   "Ana Lewis,S1000001,2030-03-04,10:00,10:45\r\n"
                   "Dana Cohen,S1000005,2030-03-05,11:50,12:30\r\n");
  updates = updates_due (o->manager);
  g_assert_cmpuint (updates->len, ==, 0);
}

static char *
unkeyed_uid (const char *appointment_id)
{
  guint8 hash[32];
  char hex[65];

  crypto_generichash (hash, sizeof hash, (const guint8 *) appointment_id, strlen (appointment_id),
                      NULL, 0);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  return g_strconcat (hex, "@confide", NULL);
}

/* The UID is a keyed hash: not the appointment's id, not a plain hash of
 * it, the same from one export to the next, and the same after the case
 * key changes (its box secret does not). */
static void
test_uid_is_keyed (Office       *o,
                   gconstpointer data)
{
  g_autoptr(GPtrArray) first = export_events (o, o->adviser, "first.ics", 6, 5);
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *plain = unkeyed_uid (o->dana_appointment);
  Event *dana = event_at (o, first, "2030-03-05T12:00");

  g_assert_null (strstr (dana->uid, o->dana_appointment));
  g_assert_cmpstr (dana->uid, !=, plain);
  g_assert_true (g_str_has_suffix (dana->uid, "@confide"));
  g_assert_true (cf_users_rotate_keys (o->manager, NULL));
  again = export_events (o, o->manager, "again.ics", 6, 5);
  g_assert_cmpstr (event_at (o, again, "2030-03-05T12:00")->uid, ==, dana->uid);
}

static void
sync_desk (CfSession  *session,
           const char *sync_dir)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  g_assert_true (cf_sync_run (session, sync_dir, &report, &error));
  g_assert_no_error (error);
  cf_sync_report_clear (&report);
}

/* Two desks of one office send the same UIDs, and each goes on from what
 * the other sent: what Security was sent replicates. */
static void
test_desks_agree (Office       *o,
                  gconstpointer data)
{
  g_autoptr(CfNodeConfig) config = cf_node_config_load (o->data_dir, NULL);
  g_autofree char *other_dir = cf_test_join_desk (o->manager, config->sync_dir);
  g_autoptr(CfSession) other = cf_test_sign_in (other_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(GPtrArray) first = export_events (o, o->adviser, "first.ics", 6, 5);
  g_autoptr(GPtrArray) second = NULL, third = NULL;
  g_autoptr(GError) error = NULL;
  Event *dana = event_at (o, first, "2030-03-05T12:00");

  sync_desk (o->manager, config->sync_dir);
  sync_desk (other, config->sync_dir);
  g_assert_true (cf_appointments_move (other, o->dana_appointment, at (o, "2030-03-05T11:50"),
                                       at (o, "2030-03-05T12:30"), &error));
  g_assert_no_error (error);
  second = export_events (o, other, "second.ics", 6, 5);
  for (guint i = 0; i < first->len; i++)
    {
      Event *before = first->pdata[i];

      assert_sent (event_with_uid (second, before->uid), before->uid, before == dana ? 1 : 0, FALSE);
    }
  sync_desk (other, config->sync_dir);
  sync_desk (o->manager, config->sync_dir);
  third = export_events (o, o->adviser, "third.ics", 6, 5);
  assert_sent (event_at (o, third, "2030-03-05T11:50"), dana->uid, 1, FALSE);
}

static void
add_office_test (const char *path,
                 void (*test) (Office *, gconstpointer))
{
  g_test_add (path, Office, NULL, office_setup, test, office_teardown);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_office_test ("/security-notice/csv", test_csv_is_exactly_the_notice);
  add_office_test ("/security-notice/ics", test_ics_is_exactly_the_notice);
  add_office_test ("/security-notice/pdf", test_pdf_is_exactly_the_notice);
  g_test_add_func ("/security-notice/pdf-pages", test_pdf_pages);
  g_test_add_func ("/security-notice/csv-quoting", test_csv_quoting);
  add_office_test ("/security-notice/async", test_export_async);
  add_office_test ("/security-notice/admin-denied", test_admin_is_denied);
  add_office_test ("/security-notice/recorded", test_export_is_recorded);
  add_office_test ("/security-notice/failed-write", test_failed_write_records_nothing);
  add_office_test ("/security-notice/conflict", test_conflict_refuses);
  add_office_test ("/security-notice/updates-due", test_updates_due);
  add_office_test ("/security-notice/past-needs-no-update", test_past_needs_no_update);
  add_office_test ("/security-notice/only-managers-flag", test_only_managers_flag);
  add_office_test ("/security-notice/flag-says-who", test_flag_says_who);
  add_office_test ("/security-notice/ics-updates", test_ics_updates);
  add_office_test ("/security-notice/uid-is-keyed", test_uid_is_keyed);
  add_office_test ("/security-notice/desks-agree", test_desks_agree);
  return g_test_run ();
}
