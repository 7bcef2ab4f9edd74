/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The drop-in queue and the diary behind the desk's Today page: real kiosk
 * submissions, sealed at a kiosk and delivered through the sync folder,
 * called, passed on, opened into records, and replicated to a second desk. */
#include <string.h>

#include "cf-appointments.h"
#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-error.h"
#include "cf-feed.h"
#include "cf-kiosk.h"
#include "cf-search.h"
#include "cf-session-private.h"
#include "cf-students.h"
#include "cf-students-private.h"
#include "cf-sync.h"
#include "cf-test-util.h"
#include "cf-tickets.h"
#include "cf-users.h"

#define NAME "Queuemarker Ngozi Ōkafor"

typedef struct {
  char      *desk_dir;
  char      *kiosk_dir;
  char      *sync_dir;
  CfSession *desk;          /* the manager */
  CfSession *adviser;       /* the adviser, on the same desk */
  CfKiosk   *kiosk;
} Office;

static void
sync_desk (CfSession   *session,
           const char  *sync_dir,
           GListModel **arrivals)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  cf_tickets_sync (session, sync_dir, &report, arrivals, &error);
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
office_set_up (Office       *o,
               gconstpointer data)
{
  g_autofree char *bundle_dir = cf_test_make_dir ("bundle");
  g_autofree char *bundle = g_build_filename (bundle_dir, "kiosk.bundle", NULL);
  g_autofree char *code_file = g_build_filename (bundle_dir, "kiosk.code", NULL);
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;

  o->desk_dir = cf_test_make_office ();
  o->desk = cf_test_sign_in (o->desk_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  {
    g_autoptr(CfNodeConfig) config = cf_node_config_load (o->desk_dir, NULL);
    o->sync_dir = g_strdup (config->sync_dir);
  }
  g_assert_true (cf_enroll_create (o->desk, CF_MACHINE_KIOSK, bundle, code_file, &error));
  code = cf_enroll_read_code (code_file, &error);
  o->kiosk_dir = cf_test_make_dir ("kiosk");
  g_assert_true (cf_enroll_join_kiosk (o->kiosk_dir, o->sync_dir, bundle, code, &error));
  g_assert_no_error (error);
  o->kiosk = cf_kiosk_open (o->kiosk_dir, NULL, &error);
  g_assert_no_error (error);
  sync_desk (o->desk, o->sync_dir, NULL);
  sync_kiosk (o);
}

static void
office_tear_down (Office       *o,
                  gconstpointer data)
{
  g_clear_object (&o->adviser);
  g_clear_object (&o->desk);
  g_clear_object (&o->kiosk);
  g_free (o->desk_dir);
  g_free (o->kiosk_dir);
  g_free (o->sync_dir);
}

static CfSession *
adviser (Office *o)
{
  /* Two sessions on one desk would share nothing but the file; the
   * adviser signs in only when a test needs a second person. */
  if (o->adviser == NULL)
    o->adviser = cf_test_sign_in (o->desk_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  return o->adviser;
}

/* What the kiosk's pages collect, as cf-kiosk documents it. */
static JsonObject *
named_visit (const char *name,
             const char *number)
{
  JsonObject *details = json_object_new ();
  JsonObject *consent = json_object_new ();
  JsonObject *parties = json_object_new ();
  JsonObject *monitoring = json_object_new ();

  json_object_set_boolean_member (details, "anonymous", FALSE);
  json_object_set_string_member (details, "name", name);
  json_object_set_string_member (details, "preferred_name", "Ngozi");
  json_object_set_string_member (details, "student_id", number);
  json_object_set_string_member (details, "college", "Selwyn");
  json_object_set_string_member (details, "faculty", "Law");
  json_object_set_string_member (details, "contact", "ngozi@example.ac.uk");
  json_object_set_boolean_member (parties, "college-tutor", TRUE);
  json_object_set_boolean_member (parties, "department", FALSE);
  json_object_set_boolean_member (parties, "health", TRUE);
  json_object_set_string_member (consent, "version", "1");
  json_object_set_string_member (consent, "language", "en");
  json_object_set_object_member (consent, "parties", parties);
  json_object_set_string_member (consent, "signature", name);
  json_object_set_object_member (details, "consent", consent);
  json_object_set_string_member (monitoring, "date_of_birth", "2003-04-05");
  json_object_set_string_member (monitoring, "gender", "woman");
  json_object_set_string_member (monitoring, "ethnicity", "prefer-not-to-say");
  json_object_set_object_member (details, "monitoring", monitoring);
  return details;
}

static JsonObject *
anonymous_visit (const char *access_code)
{
  JsonObject *details = json_object_new ();
  JsonObject *consent = json_object_new ();
  JsonObject *parties = json_object_new ();

  json_object_set_boolean_member (details, "anonymous", TRUE);
  json_object_set_string_member (details, "access_code", access_code);
  json_object_set_boolean_member (parties, "outside-agencies", FALSE);
  json_object_set_string_member (consent, "version", "1");
  json_object_set_object_member (consent, "parties", parties);
  json_object_set_object_member (details, "consent", consent);
  return details;
}

/* Sealed at the kiosk, carried by the folder, imported by the desk. */
static char *
drop_in (Office     *o,
         const char *topic,
         JsonObject *details)
{
  g_autoptr(JsonObject) owned = details;
  g_autoptr(GError) error = NULL;
  char *code = cf_kiosk_submit (o->kiosk, CF_VISIT_DROP_IN, topic, NULL, owned, &error);

  g_assert_no_error (error);
  sync_kiosk (o);
  return code;
}

static CfTicket *
ticket_by_code (CfSession  *session,
                const char *code)
{
  g_autoptr(GError) error = NULL;
  CfTicket *ticket = cf_tickets_find_today (session, code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ticket);
  return ticket;
}

static GListModel *
queue (CfSession *session)
{
  g_autoptr(GError) error = NULL;
  GListModel *tickets = cf_tickets_list_today (session, &error);

  g_assert_no_error (error);
  return tickets;
}

static CfTicket *
queue_item (GListModel *tickets,
            guint       i)
{
  g_assert_cmpuint (i, <, g_list_model_get_n_items (tickets));
  return g_list_model_get_item (tickets, i);
}

static gint64
count (CfSession  *session,
       const char *sql,
       const char *arg)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, NULL);
  gint64 n = -1;

  g_assert_nonnull (stmt);
  _cf_bind_text (stmt, 1, arg);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static char *
text_of (CfSession  *session,
         const char *sql,
         const char *arg)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, NULL);
  char *text = NULL;

  g_assert_nonnull (stmt);
  _cf_bind_text (stmt, 1, arg);
  g_assert_true (_cf_store_get_text (store, stmt, &text, NULL));
  return text;
}

static void
assert_no_name (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, "Queuemarker"));
}

/* Oldest first; estimates from the default rule while there is no history. */
static void
test_queue_order (Office       *o,
                  gconstpointer data)
{
  g_autofree char *first = drop_in (o, "Housing", named_visit (NAME, "Q100"));
  g_autofree char *second = drop_in (o, "Money", anonymous_visit ("AAA-BBB-CCC"));
  g_autofree char *third = drop_in (o, NULL, named_visit ("Someone Else", "Q300"));
  g_autoptr(GListModel) before = NULL, after = NULL;
  g_autoptr(GListModel) arrivals = NULL;
  g_autoptr(CfTicket) called = NULL;
  g_autoptr(GError) error = NULL;

  sync_desk (o->desk, o->sync_dir, &arrivals);
  g_assert_cmpuint (g_list_model_get_n_items (arrivals), ==, 3);

  before = queue (o->desk);
  g_assert_cmpuint (g_list_model_get_n_items (before), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(CfTicket) t = queue_item (before, i);
      const char *want[] = { first, second, third };

      g_assert_cmpstr (cf_ticket_get_code (t), ==, want[i]);
      g_assert_cmpstr (cf_ticket_get_status (t), ==, "waiting");
      g_assert_cmpint (cf_ticket_get_position (t), ==, i + 1);
      g_assert_cmpint (cf_ticket_get_estimated_wait (t), ==, (i + 1) * CF_TICKETS_DEFAULT_INTERVAL);
    }

  called = cf_tickets_call_next (o->desk, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_ticket_get_code (called), ==, first);
  g_assert_cmpstr (cf_ticket_get_status (called), ==, "called");
  g_assert_cmpstr (cf_ticket_get_adviser_id (called), ==, cf_session_get_user_id (o->desk));
  g_assert_cmpint (cf_ticket_get_called_at (called), >, 0);

  /* Called first, then the waiting ones, moved up a place. */
  after = queue (o->desk);
  {
    g_autoptr(CfTicket) top = queue_item (after, 0);
    g_autoptr(CfTicket) next = queue_item (after, 1);

    g_assert_cmpstr (cf_ticket_get_code (top), ==, first);
    g_assert_cmpint (cf_ticket_get_estimated_wait (top), ==, -1);
    g_assert_cmpstr (cf_ticket_get_code (next), ==, second);
    g_assert_cmpint (cf_ticket_get_position (next), ==, 1);
  }
  /* A second pass brings nothing new to tell anyone about. */
  g_clear_object (&arrivals);
  sync_desk (o->desk, o->sync_dir, &arrivals);
  g_assert_cmpuint (g_list_model_get_n_items (arrivals), ==, 0);
}

static void
exec_sql (CfSession  *session,
          const char *sql,
          const char *arg)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  if (arg)
    _cf_bind_text (stmt, 1, arg);
  g_assert_true (_cf_store_step_done (store, stmt, NULL));
}

/* Visits handed in within the same second (two kiosks at once): every
 * desk shows them in the order they were handed in and calls the same one
 * next, whatever order it imported them in.  Here the desk holds the first
 * one last (its rowid moved past the other's), as a desk that imported
 * the other kiosk's segment first does. */
static void
test_same_second (Office       *o,
                  gconstpointer data)
{
  g_autofree char *one = drop_in (o, "Housing", named_visit (NAME, "Q100"));
  g_autofree char *two = drop_in (o, "Money", named_visit ("Someone Else", "Q200"));
  g_autoptr(CfTicket) first = NULL, called = NULL;
  g_autoptr(GListModel) before = NULL, tickets = NULL;
  g_autoptr(GError) error = NULL;

  /* By id: two codes of three characters may be the same. */
  sync_desk (o->desk, o->sync_dir, NULL);
  before = queue (o->desk);
  first = queue_item (before, 0);
  g_assert_cmpstr (cf_ticket_get_code (first), ==, one);
  exec_sql (o->desk, "UPDATE tickets SET waiting_since = (SELECT max (waiting_since) FROM tickets)", NULL);
  exec_sql (o->desk, "UPDATE tickets SET rowid = (SELECT max (rowid) + 1 FROM tickets) WHERE id = ?1",
            cf_ticket_get_id (first));

  tickets = queue (o->desk);
  {
    g_autoptr(CfTicket) top = queue_item (tickets, 0);
    g_autoptr(CfTicket) next = queue_item (tickets, 1);

    g_assert_cmpstr (cf_ticket_get_id (top), ==, cf_ticket_get_id (first));
    g_assert_cmpstr (cf_ticket_get_code (next), ==, two);
  }
  called = cf_tickets_call_next (o->desk, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_ticket_get_id (called), ==, cf_ticket_get_id (first));
}

static void
test_every_action (Office       *o,
                   gconstpointer data)
{
  g_autofree char *code = drop_in (o, "Housing", named_visit (NAME, "Q100"));
  g_autofree char *other = drop_in (o, "Money", named_visit ("Other Person", "Q200"));
  g_autoptr(CfTicket) ticket = NULL, again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = NULL, *id = NULL;

  sync_desk (o->desk, o->sync_dir, NULL);
  lower = g_ascii_strdown (code, -1);
  ticket = ticket_by_code (o->desk, lower);      /* codes are typed in any case */
  id = g_strdup (cf_ticket_get_id (ticket));

  /* Recall, requeue and no-show need a called ticket. */
  g_assert_false (cf_tickets_recall (o->desk, id, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, code));
  assert_no_name (error);
  g_clear_error (&error);
  g_assert_false (cf_tickets_requeue (o->desk, id, &error));
  g_clear_error (&error);

  g_assert_true (cf_tickets_call (o->desk, id, &error));
  g_assert_no_error (error);
  g_assert_false (cf_tickets_call (o->desk, id, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  assert_no_name (error);
  g_clear_error (&error);
  g_assert_true (cf_tickets_recall (o->desk, id, &error));
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM audit WHERE action = 'ticket-recalled' AND subject = ?", id), ==, 1);

  g_assert_true (cf_tickets_no_show (o->desk, id, &error));
  g_clear_object (&ticket);
  ticket = ticket_by_code (o->desk, code);
  g_assert_cmpstr (cf_ticket_get_status (ticket), ==, "no-show");
  {
    g_autoptr(GListModel) tickets = queue (o->desk);
    g_assert_cmpuint (g_list_model_get_n_items (tickets), ==, 1);   /* out of the queue */
  }

  /* Back to the queue, in its old place ahead of the later ticket. */
  g_assert_true (cf_tickets_requeue (o->desk, id, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GListModel) tickets = queue (o->desk);
    g_autoptr(CfTicket) head = queue_item (tickets, 0);

    g_assert_cmpstr (cf_ticket_get_code (head), ==, code);
    g_assert_cmpint (cf_ticket_get_position (head), ==, 1);
    g_assert_null (cf_ticket_get_adviser_id (head));
  }

  /* Passed to the adviser: the manager's "call next" skips it. */
  g_assert_false (cf_tickets_transfer (o->desk, id, "not-a-user", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (cf_tickets_transfer (o->desk, id, cf_session_get_user_id (adviser (o)), &error));
  g_assert_no_error (error);
  again = cf_tickets_call_next (o->desk, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_ticket_get_code (again), ==, other);
  g_clear_object (&again);
  again = cf_tickets_call_next (adviser (o), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_ticket_get_code (again), ==, code);
  g_clear_object (&again);
  g_assert_null (cf_tickets_call_next (adviser (o), &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Each change is audited and queued for the other machines. */
  for (const char *const *action = (const char *const[]) { "ticket-called", "ticket-no-show",
                                                            "ticket-requeued", NULL }; *action; action++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = '%s' AND subject = ?", *action);
      g_assert_cmpint (count (o->desk, sql, id), >=, 1);
    }
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM audit WHERE action = 'ticket-transferred' AND subject = ?", id), ==, 1);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM outbox WHERE kind = 'ticket' AND row_id = ?", id), >=, 1);
}

/* Opening makes the records from the sealed submission. */
static void
test_open_named (Office       *o,
                 gconstpointer data)
{
  g_autofree char *code = drop_in (o, "Housing and landlords", named_visit (NAME, "Q100"));
  g_autofree char *repeat = drop_in (o, "Money", named_visit (NAME, "Q100"));
  g_autoptr(CfTicket) ticket = NULL, second = NULL;
  g_autoptr(CfStudent) student = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *student_id = NULL, *again = NULL, *linked = NULL, *submission = NULL;
  g_autofree char *topic = NULL, *email = NULL, *born = NULL, *wording = NULL;

  sync_desk (o->desk, o->sync_dir, NULL);
  ticket = ticket_by_code (o->desk, code);
  student_id = cf_tickets_open (adviser (o), cf_ticket_get_id (ticket), &error);
  g_assert_no_error (error);
  g_assert_nonnull (student_id);

  student = cf_students_get (adviser (o), student_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_student_get_name (student), ==, NAME);
  g_assert_cmpstr (cf_student_get_student_number (student), ==, "Q100");
  g_object_get (student, "email", &email, NULL);
  g_assert_cmpstr (email, ==, "ngozi@example.ac.uk");

  topic = text_of (o->desk, "SELECT topic FROM cases WHERE student_id = ? AND status = 'open'", student_id);
  g_assert_cmpstr (topic, ==, "Housing and landlords");
  g_clear_pointer (&topic, g_free);
  /* The student page shows the topic given at the kiosk. */
  g_assert_true (cf_tickets_kiosk_topic (adviser (o), student_id, &topic, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (topic, ==, "Housing and landlords");
  born = text_of (o->desk, "SELECT date_of_birth FROM monitoring WHERE student_id = ?", student_id);
  g_assert_cmpstr (born, ==, "2003-04-05");

  /* One consent record per party on the slip, from the kiosk, with the
   * wording the student saw. */
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM consents WHERE student_id = ?", student_id), ==, 3);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM consents WHERE student_id = ? AND granted = 1", student_id), ==, 2);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM consents WHERE student_id = ? AND source = 'kiosk'"
                                   " AND third_party = 'department' AND granted = 0", student_id), ==, 1);
  wording = text_of (o->desk, "SELECT DISTINCT wording_version FROM consents WHERE student_id = ?", student_id);
  g_assert_cmpstr (wording, ==, "1");

  /* Opening a waiting ticket called it: its code is on the kiosk, and it
   * stays in the queue until the student is seen.  The submission is gone
   * from it. */
  submission = text_of (o->desk, "SELECT coalesce (submission, 'gone') FROM tickets WHERE id = ?",
                        cf_ticket_get_id (ticket));
  g_assert_cmpstr (submission, ==, "gone");
  {
    g_autoptr(CfTicket) called = ticket_by_code (o->desk, code);

    g_assert_cmpstr (cf_ticket_get_status (called), ==, "called");
    g_assert_cmpint (cf_ticket_get_called_at (called), >, 0);
    g_assert_cmpstr (cf_ticket_get_adviser_id (called), ==, cf_session_get_user_id (adviser (o)));
    g_assert_cmpint (count (o->desk, "SELECT count(*) FROM audit WHERE action = 'ticket-called' AND subject = ?",
                            cf_ticket_get_id (ticket)), ==, 1);
  }
  g_assert_true (cf_tickets_seen (adviser (o), cf_ticket_get_id (ticket), &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM tickets WHERE id = ? AND status = 'seen'",
                          cf_ticket_get_id (ticket)), ==, 1);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM audit WHERE action = 'ticket-opened' AND subject = ?",
                          student_id), ==, 1);
  again = cf_tickets_open (adviser (o), cf_ticket_get_id (ticket), &error);
  g_assert_cmpstr (again, ==, student_id);

  /* The same student ID again: linked, not a second record. */
  second = ticket_by_code (o->desk, repeat);
  linked = cf_tickets_open (o->desk, cf_ticket_get_id (second), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (linked, ==, student_id);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM students WHERE student_number = ?", "Q100"), ==, 1);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM cases WHERE student_id = ?", student_id), ==, 1);
}

/* With no name or ID, the student is found by the code they quote, typed
 * any way; another code finds nobody. */
static void
assert_found_by_code (CfSession  *session,
                      const char *student_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = cf_search_students (session, "k7q-m4p-2xw", 0, 20, NULL, &error);
  g_autoptr(GListModel) other = NULL;
  g_autoptr(CfSearchHit) hit = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), >=, 1);
  hit = g_list_model_get_item (found, 0);
  g_assert_cmpstr (cf_search_hit_get_student_id (hit), ==, student_id);
  other = cf_search_access_code (session, "K7Q-M4P-2XX", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (other), ==, 0);
}

static void
test_open_anonymous (Office       *o,
                     gconstpointer data)
{
  g_autofree char *code = drop_in (o, NULL, anonymous_visit ("K7Q-M4P-2XW"));
  g_autoptr(CfTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *student_id = NULL, *stored = NULL, *expected = NULL, *other = NULL;

  sync_desk (o->desk, o->sync_dir, NULL);
  ticket = ticket_by_code (o->desk, code);
  student_id = cf_tickets_open (o->desk, cf_ticket_get_id (ticket), &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM students WHERE id = ? AND name IS NULL", student_id), ==, 1);
  stored = text_of (o->desk, "SELECT access_code_hash FROM students WHERE id = ?", student_id);
  expected = cf_tickets_access_code_hash (o->desk, "k7q m4p 2xw", &error);
  other = cf_tickets_access_code_hash (o->desk, "K7Q-M4P-2XX", &error);
  g_assert_cmpstr (stored, ==, expected);
  g_assert_cmpstr (stored, !=, other);
  g_assert_null (strstr (stored, "K7Q"));
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM consents WHERE student_id = ? AND granted = 0", student_id), ==, 1);
  g_assert_false (cf_test_folder_contains (o->sync_dir, "K7Q-M4P-2XW"));
  assert_found_by_code (o->desk, student_id);
}

/* "I do not agree": a ticket, and no consent record at all, not even a
 * refusal per party. */
static void
test_open_declined (Office       *o,
                    gconstpointer data)
{
  JsonObject *details = named_visit (NAME, "Q200");
  JsonObject *consent = json_object_new ();
  g_autofree char *code = NULL, *student_id = NULL;
  g_autoptr(CfTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (consent, "version", "1");
  json_object_set_string_member (consent, "language", "en");
  json_object_set_boolean_member (consent, "declined", TRUE);
  json_object_set_object_member (details, "consent", consent);
  code = drop_in (o, "Housing and landlords", details);
  sync_desk (o->desk, o->sync_dir, NULL);
  ticket = ticket_by_code (o->desk, code);
  student_id = cf_tickets_open (adviser (o), cf_ticket_get_id (ticket), &error);
  g_assert_no_error (error);
  g_assert_nonnull (student_id);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM consents WHERE student_id = ?", student_id), ==, 0);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM audit WHERE action = 'consent-recorded' AND subject = ?",
                          student_id), ==, 0);
}

static gint64
feed_waiting (CfSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) feed = cf_feed_build (session, &error);

  g_assert_no_error (error);
  return json_object_get_int_member_with_default (feed, "waiting", -1);
}

/* The feed tells kiosks how many wait, so a student learns their place;
 * a ticket opened no longer counts. */
static void
test_feed_waiting (Office       *o,
                   gconstpointer data)
{
  g_autofree char *first = drop_in (o, "Housing and landlords", named_visit (NAME, "Q300"));
  g_autofree char *second = drop_in (o, NULL, anonymous_visit ("K7Q-M4P-2XA"));
  g_autofree char *student_id = NULL;
  g_autoptr(CfTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (feed_waiting (o->desk), ==, 0);
  sync_desk (o->desk, o->sync_dir, NULL);
  g_assert_cmpint (feed_waiting (o->desk), ==, 2);
  ticket = ticket_by_code (o->desk, first);
  student_id = cf_tickets_open (adviser (o), cf_ticket_get_id (ticket), &error);
  g_assert_no_error (error);
  g_assert_nonnull (student_id);
  g_assert_cmpint (feed_waiting (o->desk), ==, 1);
}

static CfAppointment *
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
  return cf_appointments_add (session, appointment, error) ? g_steal_pointer (&appointment) : NULL;
}

static char *
appointment_status (CfSession  *session,
                    const char *id)
{
  return text_of (session, "SELECT status FROM appointments WHERE id = ?", id);
}

/* Checking in with a booking code marks the appointment arrived, and the
 * ticket goes to the appointment's adviser. */
static void
test_arrival (Office       *o,
              gconstpointer data)
{
  g_autofree char *student = cf_test_add_student (o->desk, NAME);
  const char *adviser_id = cf_session_get_user_id (adviser (o));
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 600;
  g_autoptr(CfAppointment) appointment = book (o->desk, student, adviser_id, start, start + 1800, NULL);
  g_autoptr(GListModel) arrivals = NULL;
  g_autoptr(CfTicket) arrived = NULL;
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *booking = NULL, *found = NULL, *code = NULL, *status = NULL, *opened = NULL;
  gboolean booked;

  g_assert_nonnull (appointment);
  booking = cf_appointments_new_booking_code (o->desk, cf_appointment_get_id (appointment), &error);
  sync_desk (o->desk, o->sync_dir, NULL);
  sync_kiosk (o);
  g_assert_true (cf_kiosk_find_booking (o->kiosk, booking, &booked, &found, NULL, NULL, &error));
  g_assert_true (booked);
  code = cf_kiosk_submit (o->kiosk, CF_VISIT_APPOINTMENT, NULL, found, details, &error);
  g_assert_no_error (error);
  sync_kiosk (o);

  sync_desk (o->desk, o->sync_dir, &arrivals);
  g_assert_cmpuint (g_list_model_get_n_items (arrivals), ==, 1);
  arrived = g_list_model_get_item (arrivals, 0);
  g_assert_cmpstr (cf_ticket_get_code (arrived), ==, code);
  g_assert_cmpstr (cf_ticket_get_kind (arrived), ==, "appointment");
  g_assert_cmpstr (cf_ticket_get_adviser_id (arrived), ==, adviser_id);
  g_assert_cmpint (cf_ticket_get_appointment_start (arrived), ==, start);
  status = appointment_status (o->desk, cf_appointment_get_id (appointment));
  g_assert_cmpstr (status, ==, "arrived");

  /* Opening it links the appointment's student: no new record. */
  opened = cf_tickets_open (adviser (o), cf_ticket_get_id (arrived), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (opened, ==, student);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM students WHERE name = ?", NAME), ==, 1);
}

typedef struct {
  const char *student_id;
  const char *born;
} Birth;

static gboolean
write_birth (CfSession *session,
             gpointer   data,
             GError   **error)
{
  Birth *birth = data;

  return _cf_students_set_monitoring (session, birth->student_id, birth->born, NULL, NULL, error);
}

/* A student with a date of birth (from an earlier visit's monitoring
 * answers) and an appointment in a minute. */
static CfAppointment *
book_born (Office     *o,
           const char *name,
           const char *born,
           char      **student)
{
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 60;
  g_autoptr(GError) error = NULL;
  Birth birth;

  *student = cf_test_add_student (o->desk, name);
  birth = (Birth) { *student, born };
  g_assert_true (_cf_session_write (o->desk, write_birth, &birth, &error));
  g_assert_no_error (error);
  return book (o->desk, *student, NULL, start, start + 1800, NULL);
}

/* What the kiosk's arrival page sends without a booking code. */
static CfTicket *
arrive_by_name (Office     *o,
                const char *name,
                const char *born)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  json_object_set_string_member (details, "name", name);
  if (born != NULL)
    json_object_set_string_member (details, "date_of_birth", born);
  code = cf_kiosk_submit (o->kiosk, CF_VISIT_APPOINTMENT, NULL, NULL, details, &error);
  g_assert_no_error (error);
  sync_kiosk (o);
  sync_desk (o->desk, o->sync_dir, NULL);
  return ticket_by_code (o->desk, code);
}

static void
assert_appointment_status (Office        *o,
                           CfAppointment *appointment,
                           const char    *wanted)
{
  g_autofree char *status = appointment_status (o->desk, cf_appointment_get_id (appointment));

  g_assert_cmpstr (status, ==, wanted);
}

/* A check-in by name (no code) needs the name, case and accents aside,
 * and the date of birth of today's one appointment: a classmate's name
 * alone marks nobody arrived, and no record is made of the arrival. */
static void
test_arrival_by_name (Office       *o,
                      gconstpointer data)
{
  g_autofree char *student = NULL, *twin = NULL;
  g_autoptr(CfAppointment) appointment = book_born (o, NAME, "2003-04-05", &student);
  g_autoptr(CfAppointment) other = NULL;
  g_autoptr(CfTicket) wrong = NULL, bare = NULL, right = NULL, two = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *opened = NULL;
  gint64 students = count (o->desk, "SELECT count(*) FROM students WHERE ? IS NULL", NULL);

  wrong = arrive_by_name (o, NAME, "2003-04-06");
  assert_appointment_status (o, appointment, "booked");
  g_assert_true (cf_ticket_get_unmatched (wrong));
  g_assert_null (cf_ticket_get_student_id (wrong));
  bare = arrive_by_name (o, NAME, NULL);
  assert_appointment_status (o, appointment, "booked");
  g_assert_true (cf_ticket_get_unmatched (bare));

  /* Opening an unmatched arrival makes no record: it says to match it. */
  g_assert_null (cf_tickets_open (o->desk, cf_ticket_get_id (wrong), &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  assert_no_name (error);
  g_clear_error (&error);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM students WHERE ? IS NULL", NULL), ==, students);

  right = arrive_by_name (o, "  queuemarker NGOZI  okafor", "2003-04-05");
  assert_appointment_status (o, appointment, "arrived");
  g_assert_false (cf_ticket_get_unmatched (right));
  g_assert_cmpstr (cf_ticket_get_student_id (right), ==, student);
  opened = cf_tickets_open (o->desk, cf_ticket_get_id (right), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (opened, ==, student);

  /* Two students of one name and birthday booked today: neither is guessed. */
  other = book_born (o, "Queuemarker Twin", "2001-01-01", &twin);
  g_clear_object (&other);
  g_clear_pointer (&twin, g_free);
  other = book_born (o, "Queuemarker Twin", "2001-01-01", &twin);
  two = arrive_by_name (o, "Queuemarker Twin", "2001-01-01");
  g_assert_true (cf_ticket_get_unmatched (two));
  assert_appointment_status (o, other, "booked");
}

/* An adviser matches an unmatched arrival by hand, or makes a record of it. */
static void
test_arrival_matched_by_hand (Office       *o,
                              gconstpointer data)
{
  g_autofree char *student = NULL, *name = NULL, *born = NULL, *created = NULL, *opened = NULL;
  g_autofree char *stored_born = NULL;
  g_autoptr(CfAppointment) appointment = book_born (o, NAME, "2003-04-05", &student);
  g_autoptr(CfTicket) first = arrive_by_name (o, "Ngozi", "2003-04-05");
  g_autoptr(CfTicket) second = arrive_by_name (o, "Zoë <b>New</b>", "2004-02-29");
  g_autoptr(CfTicket) matched = NULL, made = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_tickets_get_arrival (o->desk, cf_ticket_get_id (first), &name, &born, &error));
  g_assert_cmpstr (name, ==, "Ngozi");
  g_assert_cmpstr (born, ==, "2003-04-05");

  g_assert_false (cf_tickets_match (o->desk, cf_ticket_get_id (first), "no-such-appointment", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (cf_tickets_match (o->desk, cf_ticket_get_id (first), cf_appointment_get_id (appointment), &error));
  g_assert_no_error (error);
  assert_appointment_status (o, appointment, "arrived");
  matched = ticket_by_code (o->desk, cf_ticket_get_code (first));
  g_assert_false (cf_ticket_get_unmatched (matched));
  g_assert_cmpstr (cf_ticket_get_student_id (matched), ==, student);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM audit WHERE action = 'ticket-matched' AND subject = ?", student), ==, 1);
  /* Matched once: not again. */
  g_assert_false (cf_tickets_match_student (o->desk, cf_ticket_get_id (first), student, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  created = cf_tickets_create_student (o->desk, cf_ticket_get_id (second), &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM students WHERE id = ? AND name = 'Zoë <b>New</b>'", created), ==, 1);
  stored_born = text_of (o->desk, "SELECT date_of_birth FROM monitoring WHERE student_id = ?", created);
  g_assert_cmpstr (stored_born, ==, "2004-02-29");
  made = ticket_by_code (o->desk, cf_ticket_get_code (second));
  g_assert_false (cf_ticket_get_unmatched (made));
  opened = cf_tickets_open (o->desk, cf_ticket_get_id (second), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (opened, ==, created);
}

/* Moves the stamp of the ticket's last status change @seconds back, as if
 * it had happened then. */
static void
age_status (CfSession  *session,
            const char *id,
            gint64      seconds)
{
  g_autofree char *clocks = text_of (session, "SELECT clocks FROM tickets WHERE id = ?", id);
  char *entry = strstr (clocks, "status=");
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, "UPDATE tickets SET clocks = ? WHERE id = ?", NULL);
  g_autofree char *millis = NULL;

  g_assert_nonnull (entry);
  millis = g_strdup_printf ("%012" G_GINT64_MODIFIER "x", g_get_real_time () / 1000 - seconds * 1000);
  memcpy (entry + strlen ("status="), millis, 12);
  _cf_bind_text (stmt, 1, clocks);
  _cf_bind_text (stmt, 2, id);
  g_assert_true (_cf_store_step_done (store, stmt, NULL));
}

/* Seen closes a called ticket that was opened; a no-show is undone within
 * a minute, back to where it was. */
static void
test_seen_and_undo (Office       *o,
                    gconstpointer data)
{
  g_autofree char *code = drop_in (o, "Housing", named_visit (NAME, "Q100"));
  g_autofree char *waiting = drop_in (o, "Money", named_visit ("Other Person", "Q200"));
  g_autoptr(CfTicket) ticket = NULL, other = NULL, back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *student_id = NULL;
  const char *id;

  sync_desk (o->desk, o->sync_dir, NULL);
  ticket = ticket_by_code (o->desk, code);
  other = ticket_by_code (o->desk, waiting);
  id = cf_ticket_get_id (ticket);
  g_assert_false (cf_tickets_seen (o->desk, id, &error));         /* waiting */
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (cf_tickets_call (o->desk, id, &error));
  g_assert_false (cf_tickets_seen (o->desk, id, &error));         /* not opened */
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, code));
  g_clear_error (&error);

  /* A called ticket's no-show is undone to called, a waiting one's to waiting. */
  g_assert_false (cf_tickets_undo_no_show (o->desk, id, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (cf_tickets_no_show (o->desk, id, &error));
  g_assert_true (cf_tickets_undo_no_show (o->desk, id, &error));
  g_assert_no_error (error);
  back = ticket_by_code (o->desk, code);
  g_assert_cmpstr (cf_ticket_get_status (back), ==, "called");
  g_assert_cmpstr (cf_ticket_get_adviser_id (back), ==, cf_session_get_user_id (o->desk));
  g_clear_object (&back);
  g_assert_true (cf_tickets_no_show (o->desk, cf_ticket_get_id (other), &error));
  g_assert_true (cf_tickets_undo_no_show (o->desk, cf_ticket_get_id (other), &error));
  back = ticket_by_code (o->desk, waiting);
  g_assert_cmpstr (cf_ticket_get_status (back), ==, "waiting");
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM audit WHERE action = 'ticket-no-show-undone' AND subject = ?", id), ==, 1);

  /* Later than a minute it stays a no-show: its status changed long ago. */
  g_assert_true (cf_tickets_no_show (o->desk, cf_ticket_get_id (other), &error));
  age_status (o->desk, cf_ticket_get_id (other), 61);
  g_assert_false (cf_tickets_undo_no_show (o->desk, cf_ticket_get_id (other), &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  student_id = cf_tickets_open (o->desk, id, &error);
  g_assert_no_error (error);
  g_assert_true (cf_tickets_seen (o->desk, id, &error));
  g_assert_no_error (error);
  g_clear_object (&back);
  back = ticket_by_code (o->desk, code);
  g_assert_cmpstr (cf_ticket_get_status (back), ==, "seen");
}

/* A sync pass with no sweep: what reaches a desk this way came from
 * another machine, not from its own cf_tickets_forget_old. */
static void
sync_only (CfSession  *session,
           const char *sync_dir)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  g_assert_true (cf_sync_run (session, sync_dir, &report, &error));
  g_assert_no_error (error);
  cf_sync_report_clear (&report);
}

static gboolean
holds_details (CfSession  *session,
               const char *id)
{
  return count (session, "SELECT count(*) FROM tickets WHERE id = ? AND submission IS NOT NULL", id) == 1;
}

/* Changes a ticket on this desk only, as a machine that is not this
 * desk (or time) would have left it. */
static void
set_locally (CfSession  *session,
             const char *sql,
             const char *id)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  _cf_bind_text (stmt, 1, id);
  g_assert_true (_cf_store_step_done (store, stmt, NULL));
}

static char *
ticket_id (CfSession  *session,
           const char *code)
{
  g_autoptr(CfTicket) ticket = ticket_by_code (session, code);

  return g_strdup (cf_ticket_get_id (ticket));
}

/* A seen ticket holds no submission; a no-show keeps it only while it can
 * be undone, so an undone one still opens into full records; a closed one
 * loses it at the next pass; and the clearing reaches the other desk. */
static void
test_details_forgotten (Office       *o,
                        gconstpointer data)
{
  g_autofree char *second_dir = cf_test_join_desk (o->desk, o->sync_dir);
  g_autoptr(CfSession) second = cf_test_sign_in (second_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *seen = drop_in (o, "Housing", named_visit (NAME, "Q100"));
  g_autofree char *undone = drop_in (o, "Money", named_visit ("Other Person", "Q200"));
  g_autofree char *gone = drop_in (o, "Money", named_visit ("Third Person", "Q300"));
  g_autofree char *closed = drop_in (o, "Money", named_visit ("Fourth Person", "Q400"));
  g_autofree char *seen_id = NULL, *undone_id = NULL, *gone_id = NULL, *closed_id = NULL;
  g_autofree char *student_id = NULL, *opened_id = NULL;
  g_autoptr(GError) error = NULL;

  sync_desk (o->desk, o->sync_dir, NULL);
  sync_desk (second, o->sync_dir, NULL);
  seen_id = ticket_id (o->desk, seen);
  undone_id = ticket_id (o->desk, undone);
  gone_id = ticket_id (o->desk, gone);
  closed_id = ticket_id (o->desk, closed);
  g_assert_true (holds_details (second, gone_id));

  student_id = cf_tickets_open (o->desk, seen_id, &error);
  g_assert_no_error (error);
  g_assert_true (cf_tickets_seen (o->desk, seen_id, &error));
  g_assert_false (holds_details (o->desk, seen_id));

  /* A sync pass inside the undo window keeps the no-show's details, and
   * the undone ticket opens into the records they make. */
  g_assert_true (cf_tickets_no_show (o->desk, undone_id, &error));
  g_assert_true (cf_tickets_no_show (o->desk, gone_id, &error));
  sync_desk (o->desk, o->sync_dir, NULL);
  g_assert_true (holds_details (o->desk, undone_id));
  g_assert_true (cf_tickets_undo_no_show (o->desk, undone_id, &error));
  g_assert_no_error (error);
  opened_id = cf_tickets_open (o->desk, undone_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM consents WHERE student_id = ?", opened_id), ==, 3);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM students WHERE id = ? AND student_number = 'Q200'",
                          opened_id), ==, 1);

  /* Past the window, the next pass clears it; requeued, the drop-in could
   * never be opened, so the student checks in again. */
  g_assert_true (holds_details (o->desk, gone_id));
  age_status (o->desk, gone_id, CF_TICKETS_UNDO_SECONDS + 1);
  set_locally (o->desk, "UPDATE tickets SET status = 'closed' WHERE id = ?", closed_id);
  sync_desk (o->desk, o->sync_dir, NULL);
  g_assert_false (holds_details (o->desk, gone_id));
  g_assert_false (holds_details (o->desk, closed_id));
  g_assert_false (cf_tickets_requeue (o->desk, gone_id, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, gone));
  g_assert_null (strstr (error->message, "Third"));
  g_clear_error (&error);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM audit WHERE action = 'ticket-details-forgotten'"
                                   " AND subject IS NULL AND detail = ?", "2"), ==, 1);

  /* The other desk drops them too, from the replicated change. */
  sync_only (second, o->sync_dir);
  g_assert_false (holds_details (second, gone_id));
  g_assert_false (holds_details (second, seen_id));
  g_assert_false (holds_details (second, undone_id));
  g_assert_false (holds_details (second, closed_id));
}

/* How SQLite reads the sweep's query (the last column of its plan): not
 * the whole table, but the index of the tickets that hold a submission. */
static char *
sweep_plan (CfSession *session)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "EXPLAIN QUERY PLAN SELECT id, status, waiting_since FROM tickets WHERE submission IS NOT NULL", NULL);
  GString *plan = g_string_new (NULL);

  g_assert_nonnull (stmt);
  while (_cf_store_step (store, stmt, NULL) == CF_STEP_ROW)
    g_string_append_printf (plan, "%s;", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_reset (stmt);
  return g_string_free (plan, FALSE);
}

/* A week after it started waiting, a ticket keeps nothing typed, whatever
 * its state; a younger one keeps it; the sweep reads only its index, and
 * its change replicates. */
static void
test_old_tickets_forgotten (Office       *o,
                            gconstpointer data)
{
  g_autofree char *second_dir = cf_test_join_desk (o->desk, o->sync_dir);
  g_autoptr(CfSession) second = cf_test_sign_in (second_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autofree char *old = drop_in (o, "Housing", named_visit (NAME, "Q100"));
  g_autofree char *young = drop_in (o, "Money", named_visit ("Other Person", "Q200"));
  g_autofree char *old_id = NULL, *young_id = NULL, *plan = NULL;
  g_autoptr(GError) error = NULL;
  guint forgotten = 99;

  sync_desk (o->desk, o->sync_dir, NULL);
  sync_desk (second, o->sync_dir, NULL);
  old_id = ticket_id (o->desk, old);
  young_id = ticket_id (o->desk, young);
  set_locally (o->desk, "UPDATE tickets SET waiting_since = strftime ('%s', 'now') - 8 * 86400"
                        " WHERE id = ?", old_id);
  set_locally (o->desk, "UPDATE tickets SET waiting_since = strftime ('%s', 'now') - 6 * 86400"
                        " WHERE id = ?", young_id);

  g_assert_true (cf_tickets_forget_old (o->desk, &forgotten, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (forgotten, ==, 1);
  g_assert_false (holds_details (o->desk, old_id));
  g_assert_true (holds_details (o->desk, young_id));
  g_assert_true (cf_tickets_forget_old (o->desk, &forgotten, &error));
  g_assert_cmpuint (forgotten, ==, 0);
  plan = sweep_plan (o->desk);
  g_assert_nonnull (strstr (plan, "USING INDEX tickets_holding_details"));

  /* The second desk never saw the ticket as old: only the change clears it. */
  sync_only (o->desk, o->sync_dir);
  sync_only (second, o->sync_dir);
  g_assert_false (holds_details (second, old_id));
  g_assert_true (holds_details (second, young_id));
}

static void
test_reschedule (Office       *o,
                 gconstpointer data)
{
  g_autofree char *student = cf_test_add_student (o->desk, NAME);
  const char *adviser_id = cf_session_get_user_id (o->desk);
  gint64 start = 2000000000;     /* 2033-05-18 */
  g_autoptr(CfAppointment) first = book (o->desk, student, adviser_id, start, start + 1800, NULL);
  g_autoptr(CfAppointment) second = book (o->desk, student, adviser_id, start + 3600, start + 5400, NULL);
  g_autoptr(GListModel) week = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  const char *id = cf_appointment_get_id (second);
  gint64 from, to;

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_false (cf_appointments_move (o->desk, id, start + 900, start + 2700, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (cf_appointments_move (o->desk, id, start + 7200, start + 7200, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* Overlapping its own old time is no clash. */
  g_assert_true (cf_appointments_move (o->desk, id, start + 4500, start + 6300, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (o->desk, "SELECT start_at FROM appointments WHERE id = ?", id), ==, start + 4500);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM audit WHERE action = 'appointment-moved' AND detail = ?", id), ==, 1);

  g_assert_true (cf_appointments_set_status (o->desk, id, "no-show", &error));
  status = appointment_status (o->desk, id);
  g_assert_cmpstr (status, ==, "no-show");
  g_assert_false (cf_appointments_set_status (o->desk, id, "cancelled", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (cf_appointments_cancel (o->desk, cf_appointment_get_id (first), &error));
  g_assert_false (cf_appointments_move (o->desk, cf_appointment_get_id (first), start, start + 60, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* 2033-05-18 is a Wednesday: its week runs from Monday the 16th. */
  cf_appointments_week_bounds (utc, start, &from, &to);
  g_assert_cmpint (from, ==, 1999814400);
  g_assert_cmpint (to - from, ==, 7 * 86400);
  week = cf_appointments_list_week (o->desk, utc, start, adviser_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 2);
  {
    g_autoptr(GHashTable) names = cf_appointments_student_names (o->desk, week, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (g_hash_table_lookup (names, student), ==, NAME);
  }
}

/* Everything above replicates: a second desk ends in the same state. */
static void
test_replication (Office       *o,
                  gconstpointer data)
{
  g_autofree char *second_dir = NULL;
  g_autofree char *ticket_code = NULL, *moved = NULL, *student_id = NULL;
  g_autofree char *digest_a = NULL, *digest_b = NULL, *status = NULL;
  g_autoptr(CfSession) second = NULL;
  g_autoptr(CfTicket) ticket = NULL, other = NULL;
  g_autoptr(CfAppointment) appointment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other_code = NULL;
  gint64 start = 2000000000;

  second_dir = cf_test_join_desk (o->desk, o->sync_dir);
  second = cf_test_sign_in (second_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  sync_desk (second, o->sync_dir, NULL);

  ticket_code = drop_in (o, "Housing", named_visit (NAME, "Q100"));
  other_code = drop_in (o, "Money", named_visit ("Other Person", "Q200"));
  sync_desk (o->desk, o->sync_dir, NULL);
  ticket = ticket_by_code (o->desk, ticket_code);
  g_assert_true (cf_tickets_call (o->desk, cf_ticket_get_id (ticket), &error));
  student_id = cf_tickets_open (o->desk, cf_ticket_get_id (ticket), &error);
  g_assert_no_error (error);
  g_assert_true (cf_tickets_seen (o->desk, cf_ticket_get_id (ticket), &error));
  appointment = book (o->desk, student_id, cf_session_get_user_id (o->desk), start, start + 1800, &error);
  g_assert_true (cf_appointments_move (o->desk, cf_appointment_get_id (appointment), start + 600,
                                       start + 2400, &error));
  g_assert_true (cf_appointments_set_status (o->desk, cf_appointment_get_id (appointment), "seen", &error));
  g_assert_no_error (error);

  /* The second desk, meanwhile, marks the other ticket a no-show. */
  sync_desk (second, o->sync_dir, NULL);
  other = ticket_by_code (second, other_code);
  g_assert_true (cf_tickets_no_show (second, cf_ticket_get_id (other), &error));
  g_assert_no_error (error);

  for (int round = 0; round < 2; round++)
    {
      sync_desk (o->desk, o->sync_dir, NULL);
      sync_desk (second, o->sync_dir, NULL);
    }
  digest_a = cf_sync_digest (o->desk, &error);
  digest_b = cf_sync_digest (second, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (digest_a, ==, digest_b);

  g_assert_cmpint (count (second, "SELECT count(*) FROM consents WHERE student_id = ? AND source = 'kiosk'", student_id), ==, 3);
  g_assert_cmpint (count (second, "SELECT count(*) FROM cases WHERE student_id = ?", student_id), ==, 1);
  g_assert_cmpint (count (second, "SELECT count(*) FROM monitoring WHERE student_id = ?", student_id), ==, 1);
  g_assert_cmpint (count (second, "SELECT count(*) FROM tickets WHERE id = ? AND status = 'seen'"
                                  " AND submission IS NULL", cf_ticket_get_id (ticket)), ==, 1);
  g_assert_cmpint (count (o->desk, "SELECT count(*) FROM tickets WHERE id = ? AND status = 'no-show'",
                          cf_ticket_get_id (other)), ==, 1);
  moved = text_of (second, "SELECT start_at FROM appointments WHERE id = ?", cf_appointment_get_id (appointment));
  g_assert_cmpint (g_ascii_strtoll (moved, NULL, 10), ==, start + 600);
  status = appointment_status (second, cf_appointment_get_id (appointment));
  g_assert_cmpstr (status, ==, "seen");
}

/* An administrator runs the office but is never shown the queue. */
static void
test_admin_refused (Office       *o,
                    gconstpointer data)
{
  g_autoptr(CfSession) admin = cf_test_sign_in (o->desk_dir, CF_TEST_ADMIN, CF_TEST_ADMIN_PW);
  g_autoptr(GListModel) arrivals = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = drop_in (o, "Housing", named_visit (NAME, "Q100"));

  sync_desk (admin, o->sync_dir, &arrivals);
  g_assert_null (arrivals);
  g_assert_null (cf_tickets_list_today (admin, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (cf_tickets_call_next (admin, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (cf_crypto_init ());

#define ADD(path, fn) g_test_add (path, Office, NULL, office_set_up, fn, office_tear_down)
  ADD ("/queue/order", test_queue_order);
  ADD ("/queue/same-second", test_same_second);
  ADD ("/queue/every-action", test_every_action);
  ADD ("/queue/open-named", test_open_named);
  ADD ("/queue/open-anonymous", test_open_anonymous);
  ADD ("/queue/open-declined", test_open_declined);
  ADD ("/queue/feed-waiting", test_feed_waiting);
  ADD ("/queue/arrival", test_arrival);
  ADD ("/queue/arrival-by-name", test_arrival_by_name);
  ADD ("/queue/arrival-matched-by-hand", test_arrival_matched_by_hand);
  ADD ("/queue/seen-and-undo", test_seen_and_undo);
  ADD ("/queue/details-forgotten", test_details_forgotten);
  ADD ("/queue/old-tickets-forgotten", test_old_tickets_forgotten);
  ADD ("/queue/reschedule", test_reschedule);
  ADD ("/queue/replication", test_replication);
  ADD ("/queue/admin-refused", test_admin_refused);
#undef ADD
  return g_test_run ();
}
