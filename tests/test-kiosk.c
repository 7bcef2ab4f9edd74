/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk as a drop box: what a student types reaches the desks and is
 * never readable on the kiosk or in the sync folder. */
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "cf-appointments.h"
#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-error.h"
#include "cf-feed.h"
#include "cf-kiosk.h"
#include "cf-segment.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"
#include "cf-store-private.h"
#include "cf-students.h"
#include "cf-sync-private.h"
#include "cf-sync.h"
#include "cf-test-util.h"

typedef struct {
  char      *desk_dir;
  char      *kiosk_dir;
  char      *sync_dir;
  CfSession *desk;
  CfKiosk   *kiosk;
} Office;

static void
sync_desk (Office       *o,
           CfSyncReport *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_sync_run (o->desk, o->sync_dir, report, &error));
  g_assert_no_error (error);
}

static void
sync_kiosk (Office       *o,
            CfSyncReport *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_kiosk_sync (o->kiosk, report, &error));
  g_assert_no_error (error);
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
  CfSyncReport report = { 0 };

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
  sync_desk (o, &report);
  sync_kiosk (o, &report);
  cf_sync_report_clear (&report);
}

static void
office_tear_down (Office       *o,
                  gconstpointer data)
{
  g_clear_object (&o->desk);
  g_clear_object (&o->kiosk);
  g_free (o->desk_dir);
  g_free (o->kiosk_dir);
  g_free (o->sync_dir);
}

static JsonObject *
details (const char *name)
{
  JsonObject *object = json_object_new ();
  JsonObject *consent = json_object_new ();

  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "student_id", "K-4411907");
  json_object_set_string_member (object, "contact", "kiosk-marker@example.ac.uk");
  json_object_set_string_member (consent, "version", "1");
  json_object_set_boolean_member (consent, "college-tutor", TRUE);
  json_object_set_string_member (consent, "signature", name);
  json_object_set_object_member (object, "consent", consent);
  return object;
}

/* Details holding every kind of value, and text that needs escaping. */
static JsonObject *
awkward_details (const char *name)
{
  JsonObject *object = details (name);
  JsonArray *languages = json_array_new ();

  json_object_set_string_member (object, "notes",
                                 "\"Quoted\", back\\slash,\nnew line,\ttab, emoji \xf0\x9f\x99\x82 and /");
  json_object_set_int_member (object, "year", G_MININT64);
  json_object_set_double_member (object, "share", 0.1);
  json_object_set_null_member (object, "college");
  json_array_add_string_element (languages, "cy");
  json_array_add_boolean_element (languages, FALSE);
  json_array_add_int_element (languages, 7);
  json_object_set_array_member (object, "languages", languages);
  json_object_set_object_member (object, "empty", json_object_new ());
  return object;
}

static char *
ticket_submission (Office     *o,
                   const char *code)
{
  CfStore *store = cf_session_get_store (o->desk);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT submission FROM tickets WHERE code = ?", NULL);
  char *text = NULL;

  _cf_bind_text (stmt, 1, code);
  g_assert_true (_cf_store_get_text (store, stmt, &text, NULL));
  return text;
}

/* Whether any column of any row of @table holds @needle, as bytes. */
static gboolean
table_contains (CfStore    *store,
                const char *table,
                const char *needle)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;
  CfStep step;

  g_assert_cmpint (sqlite3_prepare_v2 (_cf_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((step = _cf_store_step (store, stmt, NULL)) == CF_STEP_ROW)
    for (int i = 0; i < sqlite3_column_count (stmt); i++)
      {
        const void *bytes = sqlite3_column_blob (stmt, i);
        int length = sqlite3_column_bytes (stmt, i);

        found = found || (bytes != NULL && memmem (bytes, length, needle, strlen (needle)) != NULL);
      }
  g_assert_cmpint (step, ==, CF_STEP_DONE);
  sqlite3_finalize (stmt);
  return found;
}

/* What a thief holding the kiosk reads: its database, opened with the key
 * file beside it, every column of every row of every table.  The kiosk
 * keeps its database locked, so it is closed first. */
static gboolean
kiosk_database_contains (const char *kiosk_dir,
                         const char *needle)
{
  g_autofree char *key_path = cf_data_dir_kiosk_key (kiosk_dir);
  g_autofree char *database = cf_data_dir_database (kiosk_dir);
  g_autofree char *bytes = NULL;
  g_autoptr(CfKey) key = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gboolean found = FALSE;

  g_assert_true (g_file_get_contents (key_path, &bytes, &length, NULL));
  g_assert_cmpuint (length, ==, CF_KEY_BYTES);
  key = cf_key_new_from_bytes ((const guint8 *) bytes);
  store = cf_store_open (database, key, &error);
  g_assert_no_error (error);
  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
    sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT name FROM sqlite_master WHERE type = 'table'",
                                            &error);

    g_assert_true (_cf_store_collect (store, stmt, tables, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (tables->len, >, 0);
    for (guint i = 0; i < tables->len; i++)
      found = found || table_contains (store, g_ptr_array_index (tables, i), needle);
  }
  return found;
}

static void
reopen_kiosk (Office *o)
{
  g_autoptr(GError) error = NULL;

  o->kiosk = cf_kiosk_open (o->kiosk_dir, NULL, &error);
  g_assert_no_error (error);
}

static void
test_submission_reaches_desk_sealed (Office       *o,
                                     gconstpointer data)
{
  const char *name = "Kioskmarker Ōkawa-سارا";
  g_autoptr(JsonObject) visit = awkward_details (name);
  g_autoptr(JsonNode) sent = json_node_init_object (json_node_alloc (), visit);
  g_autoptr(JsonNode) received = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL, *submission = NULL;
  CfSyncReport report = { 0 };

  code = cf_kiosk_submit (o->kiosk, CF_VISIT_DROP_IN, "Housing and landlords", NULL, visit, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (code, "D-"));

  /* Sealed before it touched the disk: nothing typed is readable anywhere,
   * even with the kiosk's own key. */
  g_clear_object (&o->kiosk);
  g_assert_false (kiosk_database_contains (o->kiosk_dir, "Kioskmarker"));
  g_assert_false (kiosk_database_contains (o->kiosk_dir, "kiosk-marker@"));
  g_assert_false (kiosk_database_contains (o->kiosk_dir, "K-4411907"));
  reopen_kiosk (o);
  sync_kiosk (o, &report);
  g_assert_cmpuint (report.segments_written, ==, 1);
  g_assert_false (cf_test_folder_contains (o->sync_dir, "Kioskmarker"));
  g_assert_false (cf_test_folder_contains (o->sync_dir, "K-4411907"));
  g_assert_false (cf_test_folder_contains (o->sync_dir, "kiosk-marker@"));
  g_clear_object (&o->kiosk);
  g_assert_false (kiosk_database_contains (o->kiosk_dir, "Kioskmarker"));
  reopen_kiosk (o);

  sync_desk (o, &report);
  submission = ticket_submission (o, code);
  g_assert_nonnull (submission);
  /* Exactly what was typed, every value of every kind. */
  received = json_from_string (submission, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (received, sent));
  cf_sync_report_clear (&report);
}

static gint64
kiosk_last_seen (Office *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) machines = cf_sync_status (o->desk, o->sync_dir, &error);
  gint64 seen = -1;

  g_assert_no_error (error);
  for (guint i = 0; i < machines->len; i++)
    {
      CfSyncMachine *machine = g_ptr_array_index (machines, i);

      if (g_str_equal (machine->kind, "kiosk"))
        seen = machine->last_seen;
    }
  return seen;
}

/* A kiosk writes no acks: its check-ins are how a desk sees it. */
static void
test_kiosk_seen_by_its_segments (Office       *o,
                                 gconstpointer data)
{
  g_autoptr(JsonObject) visit = awkward_details ("Seenmarker");
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  CfSyncReport report = { 0 };
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (kiosk_last_seen (o), ==, 0);
  code = cf_kiosk_submit (o->kiosk, CF_VISIT_DROP_IN, "Housing and landlords", NULL, visit, &error);
  g_assert_no_error (error);
  sync_kiosk (o, &report);
  sync_desk (o, &report);
  g_assert_cmpint (kiosk_last_seen (o), >=, before);
  cf_sync_report_clear (&report);
}

static void
test_booking_code_from_feed (Office       *o,
                             gconstpointer data)
{
  g_autofree char *student = cf_test_add_student (o->desk, "Booked Student");
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 3600;
  g_autofree char *code = NULL, *found = NULL, *lowercase = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) feed = NULL;
  CfSyncReport report = { 0 };
  gint64 found_start = 0;
  gboolean booked;

  g_object_set (appointment, "student-id", student, "start-at", start, "end-at", start + 1800, NULL);
  g_assert_true (cf_appointments_add (o->desk, appointment, &error));
  code = cf_appointments_new_booking_code (o->desk, cf_appointment_get_id (appointment), &error);
  g_assert_no_error (error);
  sync_desk (o, &report);
  sync_kiosk (o, &report);

  feed = cf_kiosk_get_feed (o->kiosk);
  g_assert_cmpint (json_object_get_int_member (feed, "at"), >, 0);
  g_assert_false (cf_test_folder_contains (o->sync_dir, "Booked Student"));
  lowercase = g_ascii_strdown (code, -1);
  g_assert_true (cf_kiosk_find_booking (o->kiosk, lowercase, &booked, &found, &found_start, NULL,
                                        &error));
  g_assert_true (booked);
  g_assert_cmpstr (found, ==, cf_appointment_get_id (appointment));
  g_assert_cmpint (found_start, ==, start);
  g_assert_true (cf_kiosk_find_booking (o->kiosk, "ZZZ-ZZZ", &booked, NULL, NULL, NULL, &error));
  g_assert_false (booked);
  cf_sync_report_clear (&report);
}

/* Hostile text is refused before anything is sealed or stored. */
static void
test_hostile_text_refused (Office       *o,
                           gconstpointer data)
{
  const char *bad[] = { "bad\xff\xfe", "\x1b[2J", "evil\xe2\x80\xae" "gnp.exe" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) visit = details (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autofree char *code = cf_kiosk_submit (o->kiosk, CF_VISIT_DROP_IN, NULL, NULL, visit, &error);

      g_assert_null (code);
      g_assert_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT);
    }
}

/* The folder goes away mid-way: submissions wait, nothing is lost. */
static void
test_missing_folder_loses_nothing (Office       *o,
                                   gconstpointer data)
{
  g_autofree char *moved = g_strconcat (o->sync_dir, ".away", NULL);
  g_autoptr(JsonObject) visit = details ("Waiting Student");
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL, *submission = NULL;
  CfSyncReport report = { 0 };

  g_assert_cmpint (g_rename (o->sync_dir, moved), ==, 0);
  code = cf_kiosk_submit (o->kiosk, CF_VISIT_DROP_IN, NULL, NULL, visit, &error);
  g_assert_no_error (error);
  sync_kiosk (o, &report);
  g_assert_true (report.folder_unavailable);
  g_assert_nonnull (report.problem);
  cf_sync_report_clear (&report);

  g_assert_cmpint (g_rename (moved, o->sync_dir), ==, 0);
  sync_kiosk (o, &report);
  g_assert_false (report.folder_unavailable);
  g_assert_cmpuint (report.segments_written, ==, 1);
  sync_desk (o, &report);
  submission = ticket_submission (o, code);
  g_assert_nonnull (submission);
  cf_sync_report_clear (&report);
}

/* A stolen kiosk key can sign segments, but a kiosk segment may only hand
 * in new tickets: a user slipped into one is refused. */
static void
test_kiosk_cannot_inject_users (Office       *o,
                                gconstpointer data)
{
  const char *forged = "[{\"k\":\"user\",\"id\":\"0b4f5a2e-0000-4000-8000-000000000001\","
                       "\"f\":{\"name\":[\"Intruder\",\"0000000000010000@x\"],"
                       "\"role\":[\"manager\",\"0000000000010000@x\"]}}]";
  g_autoptr(GBytes) plain = g_bytes_new_static (forged, strlen (forged));
  CfStore *store = cf_kiosk_get_store (o->kiosk);
  CfSyncReport report = { 0 };

  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
    g_autofree char *text = NULL;
    g_autofree guint8 *key = NULL;
    g_autoptr(GBytes) sealed = NULL;
    sqlite3_stmt *stmt = _cf_store_prepare (store,
        "INSERT INTO kiosk_outbox (sealed, created_at) VALUES (?, 0)", NULL);

    g_assert_true (_cf_settings_get (store, "office_box_public", &text, NULL));
    key = g_base64_decode (text, &(gsize) { 0 });
    sealed = cf_segment_seal_box (plain, key);

    sqlite3_bind_blob (stmt, 1, g_bytes_get_data (sealed, NULL), (int) g_bytes_get_size (sealed),
                       SQLITE_TRANSIENT);
    g_assert_true (_cf_store_step_done (store, stmt, NULL));
  }
  sync_kiosk (o, &report);
  sync_desk (o, &report);
  g_assert_cmpuint (report.segments_refused, ==, 1);
  {
    CfStore *desk_store = cf_session_get_store (o->desk);
    g_autoptr(CfStoreLock) lock = _cf_store_lock (desk_store);
    sqlite3_stmt *stmt = _cf_store_prepare (desk_store,
        "SELECT count(*) FROM users WHERE name = 'Intruder'", NULL);

    g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_reset (stmt);
  }
  cf_sync_report_clear (&report);
}

static char *
query_kiosk (Office     *o,
             const char *sql)
{
  CfStore *store = cf_kiosk_get_store (o->kiosk);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, NULL);
  char *text = NULL;

  g_assert_true (_cf_store_get_text (store, stmt, &text, NULL));
  return text;
}

static char *
submit_one (Office *o)
{
  g_autoptr(JsonObject) visit = details ("Clockmarker Student");
  g_autoptr(GError) error = NULL;
  char *code = cf_kiosk_submit (o->kiosk, CF_VISIT_DROP_IN, "Housing", NULL, visit, &error);

  g_assert_no_error (error);
  return code;
}

/* The kiosk's clock never runs back, across sending and reopening, even
 * when the wall clock does: here the last stamp sent is a day ahead. */
static void
test_clock_survives_sending (Office       *o,
                             gconstpointer data)
{
  gint64 ahead = g_get_real_time () / 1000 + 24 * 3600 * 1000;
  g_autofree char *first = NULL, *sent = NULL, *forged = NULL, *next = NULL, *code = NULL;
  CfSyncReport report = { 0 };
  g_autoptr(GError) error = NULL;

  g_free (submit_one (o));
  first = query_kiosk (o, "SELECT stamp FROM kiosk_outbox ORDER BY seq DESC LIMIT 1");
  g_assert_nonnull (first);
  sync_kiosk (o, &report);
  cf_sync_report_clear (&report);
  g_assert_null (query_kiosk (o, "SELECT seq FROM kiosk_outbox"));
  sent = query_kiosk (o, "SELECT value FROM settings WHERE key = 'hlc_last'");
  g_assert_cmpstr (sent, ==, first);

  forged = g_strdup_printf ("%012" G_GINT64_MODIFIER "x0000%s", ahead, strchr (first, '@'));
  {
    CfStore *store = cf_kiosk_get_store (o->kiosk);
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

    g_assert_true (_cf_settings_set (store, "hlc_last", forged, NULL));
  }
  g_clear_object (&o->kiosk);
  o->kiosk = cf_kiosk_open (o->kiosk_dir, NULL, &error);
  g_assert_no_error (error);
  code = submit_one (o);
  next = query_kiosk (o, "SELECT stamp FROM kiosk_outbox ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (next, >, forged);
}

/* A kiosk's database has one writer: once the kiosk has written, another
 * opening of it is told the database is busy, with a sentence. */
static void
test_one_writer (Office       *o,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfKiosk) second = NULL;
  g_autofree char *code = submit_one (o);

  second = cf_kiosk_open (o->kiosk_dir, NULL, &error);
  g_assert_null (second);
  g_assert_error (error, CF_ERROR, CF_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "busy"));
}

/* A box is libsodium's crypto_box_seal: it opens with crypto_box_seal_open. */
static void
test_seal_box (void)
{
  guint8 public[crypto_box_PUBLICKEYBYTES], secret[crypto_box_SECRETKEYBYTES];
  guint8 zero[crypto_box_PUBLICKEYBYTES] = { 0 };
  const char *text = "a visit, sealed";
  g_autoptr(GBytes) plain = g_bytes_new_static (text, strlen (text));
  g_autoptr(GBytes) first = NULL, second = NULL;
  guint8 opened[64];

  crypto_box_keypair (public, secret);
  first = cf_segment_seal_box (plain, public);
  g_assert_cmpuint (g_bytes_get_size (first), ==, strlen (text) + crypto_box_SEALBYTES);
  g_assert_cmpint (crypto_box_seal_open (opened, g_bytes_get_data (first, NULL),
                                         g_bytes_get_size (first), public, secret), ==, 0);
  g_assert_cmpmem (opened, strlen (text), text, strlen (text));

  /* Each box has its own one-time key. */
  second = cf_segment_seal_box (plain, public);
  g_assert_false (g_bytes_equal (first, second));

  /* A public key of low order gives no shared key, and no box. */
  g_assert_null (cf_segment_seal_box (plain, zero));
}

/* The length of a visit's box in the kiosk's outbox. */
static gsize
newest_box_size (Office *o)
{
  CfStore *store = cf_kiosk_get_store (o->kiosk);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT length (sealed) FROM kiosk_outbox ORDER BY seq DESC LIMIT 1", &error);
  gsize size;

  g_assert_cmpint (_cf_store_step (store, stmt, &error), ==, CF_STEP_ROW);
  size = (gsize) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return size;
}

/* Submits a visit with @typed bytes of notes; its code in @codes. */
static gsize
submit_sized (Office    *o,
              gsize      typed,
              GPtrArray *codes)
{
  g_autofree char *notes = g_strnfill (typed, 'x');
  g_autoptr(JsonObject) visit = details ("Sizemarker");
  g_autoptr(GError) error = NULL;
  char *code;

  json_object_set_string_member (visit, "notes", notes);
  code = cf_kiosk_submit (o->kiosk, CF_VISIT_DROP_IN, NULL, NULL, visit, &error);
  g_assert_no_error (error);
  g_ptr_array_add (codes, code);
  return newest_box_size (o) - crypto_box_SEALBYTES;
}

/* A box's length does not tell how much was typed: visits are padded to
 * the same bucket, and the desk reads each back whole. */
static void
test_padded_to_buckets (Office       *o,
                        gconstpointer data)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  gsize short_visit = submit_sized (o, 1, codes);
  gsize longer_visit = submit_sized (o, 300, codes);
  gsize long_visit = submit_sized (o, 3000, codes);
  CfSyncReport report = { 0 };

  g_assert_cmpuint (short_visit, ==, longer_visit);
  g_assert_cmpuint (short_visit, >=, 1024);
  g_assert_cmpuint (short_visit & (short_visit - 1), ==, 0);
  g_assert_cmpuint (long_visit, >, short_visit);
  g_assert_cmpuint (long_visit & (long_visit - 1), ==, 0);
  sync_kiosk (o, &report);
  sync_desk (o, &report);
  g_assert_cmpuint (report.segments_refused, ==, 0);
  for (guint i = 0; i < codes->len; i++)
    {
      g_autofree char *submission = ticket_submission (o, g_ptr_array_index (codes, i));

      g_assert_nonnull (strstr (submission, "Sizemarker"));
      g_assert_true (g_str_has_suffix (submission, "x\"}"));
    }
  cf_sync_report_clear (&report);
}

/* Padding comes off only when it is whole; an older kiosk's visit, sealed
 * without padding, is read as it is. */
static void
test_unpad (void)
{
  const char *visit = "[{\"op\":1}]";
  g_autoptr(GBytes) legacy = g_bytes_new_static (visit, strlen (visit));
  g_autoptr(GBytes) legacy_read = NULL, padded_read = NULL, damaged_read = NULL;
  g_autoptr(GBytes) padded = NULL, damaged = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buffer[1024] = { 0 };
  size_t length = 0;

  legacy_read = _cf_sync_unpad_visit (legacy, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (legacy_read, legacy));

  memcpy (buffer, visit, strlen (visit));
  g_assert_cmpint (sodium_pad (&length, buffer, strlen (visit), sizeof buffer, sizeof buffer), ==, 0);
  g_assert_cmpuint (length, ==, sizeof buffer);
  padded = g_bytes_new (buffer, length);
  padded_read = _cf_sync_unpad_visit (padded, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (padded_read, legacy));

  buffer[strlen (visit)] = 0;   /* no 0x80 left: no end to find */
  damaged = g_bytes_new (buffer, length);
  damaged_read = _cf_sync_unpad_visit (damaged, &error);
  g_assert_null (damaged_read);
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
}

/* ---- ticket codes ---- */

#define CODE_ALPHABET "ACDEFGHJKMNPQRTUVWXY34679"
#define CODE_COUNT    15625     /* 25 ** 3 */
#define OWN_CODES     "kiosk_codes_today"

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static char *
yesterday (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -1);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Every drop-in code of three characters, in order. */
static GPtrArray *
all_drop_in_codes (void)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  for (int a = 0; a < 25; a++)
    for (int b = 0; b < 25; b++)
      for (int c = 0; c < 25; c++)
        g_ptr_array_add (codes, g_strdup_printf ("D-%c%c%c", CODE_ALPHABET[a],
                                                 CODE_ALPHABET[b], CODE_ALPHABET[c]));
  return codes;
}

static void
set_kiosk_setting (Office     *o,
                   const char *key,
                   const char *value)
{
  CfStore *store = cf_kiosk_get_store (o->kiosk);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;

  g_assert_true (_cf_settings_set (store, key, value, &error));
  g_assert_no_error (error);
}

static char *
get_kiosk_setting (Office     *o,
                   const char *key)
{
  CfStore *store = cf_kiosk_get_store (o->kiosk);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  char *value = NULL;

  g_assert_true (_cf_settings_get (store, key, &value, NULL));
  return value;
}

/* The kiosk's own codes of @day: codes[from, to). */
static void
set_own_codes (Office     *o,
               const char *day,
               GPtrArray  *codes,
               guint       from,
               guint       to)
{
  GString *text = g_string_new (day);

  for (guint i = from; i < to; i++)
    g_string_append_printf (text, "\n%s", (char *) g_ptr_array_index (codes, i));
  set_kiosk_setting (o, OWN_CODES, text->str);
  g_string_free (text, TRUE);
}

/* The kiosk's feed, as a desk's would be, listing codes[from, to) as
 * handed out on @day. */
static void
set_feed_codes (Office     *o,
                const char *day,
                GPtrArray  *codes,
                guint       from,
                guint       to)
{
  g_autoptr(JsonObject) feed = cf_kiosk_get_feed (o->kiosk);
  JsonObject *issued = json_object_new ();
  JsonArray *array = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  for (guint i = from; i < to; i++)
    json_array_add_string_element (array, g_ptr_array_index (codes, i));
  json_object_set_string_member (issued, "day", day);
  json_object_set_array_member (issued, "codes", array);
  json_object_set_object_member (feed, "issued", issued);
  node = json_node_init_object (json_node_alloc (), feed);
  text = json_to_string (node, FALSE);
  set_kiosk_setting (o, "feed", text);
}

/* 15,000 of the 15,625 drop-in codes already handed out today, half by
 * this kiosk and half known from the feed: a hundred visits get none of
 * them, and no two the same; with all of them taken, a longer code. */
static void
test_codes_not_repeated (Office       *o,
                         gconstpointer data)
{
  g_autoptr(GPtrArray) codes = all_drop_in_codes ();
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) given = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *day = today ();
  g_autofree char *longer = NULL;

  g_assert_cmpuint (codes->len, ==, CODE_COUNT);
  set_own_codes (o, day, codes, 0, 7500);
  set_feed_codes (o, day, codes, 7500, 15000);
  for (guint i = 0; i < 15000; i++)
    g_hash_table_add (listed, g_ptr_array_index (codes, i));
  for (int i = 0; i < 100; i++)
    {
      char *code = submit_one (o);

      g_assert_cmpuint (strlen (code), ==, 5);
      g_assert_false (g_hash_table_contains (listed, code));
      g_assert_false (g_hash_table_contains (given, code));
      g_hash_table_add (given, code);
    }

  /* With every code of the day taken, a visit still gets one: a longer one. */
  set_own_codes (o, day, codes, 0, CODE_COUNT);
  longer = submit_one (o);
  g_assert_true (g_str_has_prefix (longer, "D-"));
  g_assert_cmpuint (strlen (longer), ==, 6);
}

static void
expect_listed (JsonObject *feed,
               const char *day,
               const char *code)
{
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *normal = cf_feed_normalise_code (code);

  cf_feed_issued_codes (feed, day, listed);
  g_assert_true (g_hash_table_contains (listed, normal));
}

/* Yesterday's codes, the kiosk's own or the feed's, take nothing from
 * today, and the kiosk's own are not kept past the day; today's reach
 * the desks' feed. */
static void
test_codes_of_today (Office       *o,
                     gconstpointer data)
{
  g_autoptr(GPtrArray) codes = all_drop_in_codes ();
  g_autofree char *day = today (), *before = yesterday ();
  g_autofree char *code = NULL, *kept = NULL, *expected = NULL, *after_sync = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonObject) feed = NULL, built = NULL;
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  set_own_codes (o, before, codes, 0, CODE_COUNT);
  set_feed_codes (o, before, codes, 0, CODE_COUNT);
  feed = cf_kiosk_get_feed (o->kiosk);
  cf_feed_issued_codes (feed, day, taken);
  g_assert_cmpuint (g_hash_table_size (taken), ==, 0);
  cf_feed_issued_codes (feed, before, taken);
  g_assert_cmpuint (g_hash_table_size (taken), ==, CODE_COUNT);

  /* Every code was yesterday's: today's first is one of three again. */
  code = submit_one (o);
  g_assert_cmpuint (strlen (code), ==, 5);
  kept = get_kiosk_setting (o, OWN_CODES);
  expected = g_strdup_printf ("%s\n%s", day, code);
  g_assert_cmpstr (kept, ==, expected);

  /* A day without a visit yet: the sync pass forgets them. */
  set_own_codes (o, before, codes, 0, 10);
  sync_kiosk (o, &report);
  after_sync = get_kiosk_setting (o, OWN_CODES);
  g_assert_cmpstr (after_sync, ==, day);

  /* Today's code reaches a desk, whose feed lists it, and the kiosk. */
  sync_desk (o, &report);
  built = cf_feed_build (o->desk, &error);
  g_assert_no_error (error);
  expect_listed (built, day, code);
  sync_kiosk (o, &report);
  g_clear_pointer (&feed, json_object_unref);
  feed = cf_kiosk_get_feed (o->kiosk);
  expect_listed (feed, day, code);
  cf_sync_report_clear (&report);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Office, NULL, office_set_up, func, office_tear_down)
  ADD ("/kiosk/seen-by-its-segments", test_kiosk_seen_by_its_segments);
  ADD ("/kiosk/submission-sealed", test_submission_reaches_desk_sealed);
  ADD ("/kiosk/booking-code", test_booking_code_from_feed);
  ADD ("/kiosk/hostile-text", test_hostile_text_refused);
  ADD ("/kiosk/missing-folder", test_missing_folder_loses_nothing);
  ADD ("/kiosk/no-user-injection", test_kiosk_cannot_inject_users);
  ADD ("/kiosk/clock-survives-sending", test_clock_survives_sending);
  ADD ("/kiosk/one-writer", test_one_writer);
  ADD ("/kiosk/padded", test_padded_to_buckets);
  ADD ("/kiosk/codes-not-repeated", test_codes_not_repeated);
  ADD ("/kiosk/codes-of-today", test_codes_of_today);
#undef ADD
  g_test_add_func ("/kiosk/seal-box", test_seal_box);
  g_test_add_func ("/kiosk/unpad", test_unpad);
  return g_test_run ();
}
