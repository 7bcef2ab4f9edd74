/* SPDX-License-Identifier: GPL-3.0-or-later */
/* I/O faults under SQLCipher: each workload that writes runs once with the
 * fault VFS only counting its reads, writes, syncs and truncations, then
 * again, on a fresh copy of the same machines, with the Nth call of a kind
 * failing (EIO, a full disk, a short write) for N across the workload.  A
 * call either succeeds or refuses with a sentence; once the fault is gone
 * the same session works again, the databases reopen and verify, and
 * everything acknowledged is still there. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <sodium.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cf-appointments.h"
#include "cf-case-entries.h"
#include "cf-consents.h"
#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-error.h"
#include "cf-fault-vfs.h"
#include "cf-json.h"
#include "cf-keyslots.h"
#include "cf-kiosk.h"
#include "cf-office.h"
#include "cf-retention.h"
#include "cf-store-private.h"
#include "cf-students.h"
#include "cf-sync-private.h"
#include "cf-sync.h"
#include "cf-test-util.h"
#include "cf-tickets.h"
#include "cf-users.h"
#include "cf-verify.h"

/* --- machines: a template made once, copied for every run --- */

enum {
  OPEN_DESK  = 1 << 0,
  OPEN_KIOSK = 1 << 1,
  OPEN_OTHER = 1 << 2,
};

typedef struct {
  char      *root;
  char      *desk_dir;    /* the machine the workload runs on (a desk) */
  char      *other_dir;   /* a second desk, when the workload needs one */
  char      *kiosk_dir;
  char      *sync_dir;
  char      *student;     /* acknowledged before the workload */
  CfSession *desk;
  CfKiosk   *kiosk;
  CfSession *other;
  guint      opens;
} World;

static void
world_set_root (World      *w,
                const char *root)
{
  w->root = g_strdup (root);
  w->desk_dir = g_build_filename (root, "desk", NULL);
  w->other_dir = g_build_filename (root, "other", NULL);
  w->kiosk_dir = g_build_filename (root, "kiosk", NULL);
  w->sync_dir = g_build_filename (root, "sync", NULL);
}

static void
world_open (World *w)
{
  g_autoptr(GError) error = NULL;

  if (w->opens & OPEN_DESK)
    w->desk = cf_test_sign_in (w->desk_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  if (w->opens & OPEN_OTHER)
    w->other = cf_test_sign_in (w->other_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  if (w->opens & OPEN_KIOSK)
    {
      w->kiosk = cf_kiosk_open (w->kiosk_dir, w->sync_dir, &error);
      g_assert_no_error (error);
    }
}

static void
world_close (World *w)
{
  g_clear_object (&w->desk);
  g_clear_object (&w->kiosk);
  g_clear_object (&w->other);
}

static void
world_clear (World *w)
{
  world_close (w);
  g_free (w->root);
  g_free (w->desk_dir);
  g_free (w->other_dir);
  g_free (w->kiosk_dir);
  g_free (w->sync_dir);
  g_free (w->student);
}

static void
make_office (World *w)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (w->sync_dir, 0700), ==, 0);
  cf_office_create (w->desk_dir, w->sync_dir, "Fault Advice Office", CF_TEST_MANAGER,
                    CF_TEST_MANAGER_PW, &error);
  g_assert_no_error (error);
}

static void
decode_member (JsonObject *slot,
               const char *member,
               guint8     *out,
               gsize       length)
{
  g_autofree guint8 *bytes = NULL;
  gsize decoded = 0;

  bytes = g_base64_decode (json_object_get_string_member (slot, member), &decoded);
  g_assert_cmpuint (decoded, ==, length);
  memcpy (out, bytes, length);
}

/* The manager's slot re-sealed with the least Argon2 work the product
 * accepts (it refuses less): every run signs in twice through the real
 * path, and Argon2's interactive cost would be most of the test's time. */
static gboolean
reseal_slot (JsonObject  *slot,
             const CfKey *secret)
{
  guint8 salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
  guint8 kek[crypto_secretbox_KEYBYTES], box[crypto_secretbox_MACBYTES + CF_KEY_BYTES];
  guint8 plain[CF_KEY_BYTES];
  guint8 old_box[sizeof box];
  g_autofree char *new_box = NULL;

  decode_member (slot, "box", old_box, sizeof old_box);
  decode_member (slot, "salt", salt, sizeof salt);
  decode_member (slot, "nonce", nonce, sizeof nonce);
  g_assert_cmpint (crypto_pwhash (kek, sizeof kek, CF_TEST_MANAGER_PW, strlen (CF_TEST_MANAGER_PW),
                                  salt, json_object_get_int_member (slot, "opslimit"),
                                  json_object_get_int_member (slot, "memlimit"),
                                  crypto_pwhash_ALG_ARGON2ID13), ==, 0);
  if (crypto_secretbox_open_easy (plain, old_box, sizeof box, nonce, kek) != 0)
    return FALSE;   /* another user's */
  g_assert_cmpmem (plain, sizeof plain, cf_key_get_bytes (secret), CF_KEY_BYTES);
  g_assert_cmpint (crypto_pwhash (kek, sizeof kek, CF_TEST_MANAGER_PW, strlen (CF_TEST_MANAGER_PW),
                                  salt, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
                                  crypto_pwhash_ALG_ARGON2ID13), ==, 0);
  crypto_secretbox_easy (box, plain, sizeof plain, nonce, kek);
  json_object_set_int_member (slot, "opslimit", crypto_pwhash_OPSLIMIT_MIN);
  json_object_set_int_member (slot, "memlimit", crypto_pwhash_MEMLIMIT_MIN);
  new_box = g_base64_encode (box, sizeof box);
  json_object_set_string_member (slot, "box", new_box);
  return TRUE;
}

static void
cheapen_sign_in (const char *data_dir)
{
  g_autofree char *path = cf_data_dir_keyslots (data_dir);
  g_autofree char *contents = NULL, *text = NULL;
  g_autoptr(CfKey) office_key = NULL, secret = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *slots;
  guint resealed = 0;

  secret = cf_keyslots_unlock (path, CF_TEST_MANAGER, CF_TEST_MANAGER_PW, &office_key, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  document = cf_json_parse (contents, -1);
  slots = json_object_get_array_member (json_node_get_object (document), "slots");
  for (guint i = 0; i < json_array_get_length (slots); i++)
    resealed += reseal_slot (cf_json_array_object (slots, i), secret);
  g_assert_cmpuint (resealed, ==, 1);
  text = json_to_string (document, FALSE);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* A copy of @template's folders under a fresh root; cp keeps the modes. */
static void
world_copy (const World *template,
            World       *w)
{
  g_autofree char *root = cf_test_make_dir ("run");
  g_autofree char *from = g_strconcat (template->root, "/.", NULL);
  const char *argv[] = { "cp", "-a", from, root, NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  world_set_root (w, root);
  w->student = g_strdup (template->student);
  w->opens = template->opens;
}

static void
remove_tree (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, NULL, NULL));
}

static gint64
query_int (CfStore    *store,
           const char *sql)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, &error);
  gint64 value;

  g_assert_no_error (error);
  g_assert_cmpint (_cf_store_step (store, stmt, &error), ==, CF_STEP_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static void
sync_kiosk (CfKiosk *kiosk)
{
  CfSyncReport report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_kiosk_sync (kiosk, &report, &error));
  g_assert_no_error (error);
  cf_sync_report_clear (&report);
}

/* --- what a person is told --- */

/* A sentence of the house's, never SQLite's words for it. */
static void
assert_sentence (const GError *error)
{
  g_assert_nonnull (error);
  if (error->domain != CF_ERROR)
    g_error ("not a CF_ERROR: %s", error->message);
  g_assert_cmpuint (strlen (error->message), >, 20);
  g_assert_true (g_str_has_suffix (error->message, "."));
  if (strstr (error->message, "disk I/O error") || strstr (error->message, "reported a problem") ||
      strstr (error->message, "database or disk is full"))
    g_error ("a raw SQLite message: %s", error->message);
}

/* Every page, the audit chain and the sync folder check out. */
static void
world_verify (World *w)
{
  g_autoptr(GError) error = NULL;

  if (w->desk != NULL)
    {
      g_auto(CfVerifyReport) report = { 0 };
      GError *problem;

      g_assert_true (cf_verify_run (w->desk, w->sync_dir, &report, &error));
      problem = cf_verify_report_first (&report);
      if (problem != NULL)
        g_error ("does not verify: %s", problem->message);
    }
  if (w->other != NULL)
    {
      g_auto(CfVerifyReport) report = { 0 };
      GError *problem;

      g_assert_true (cf_verify_run (w->other, w->sync_dir, &report, &error));
      problem = cf_verify_report_first (&report);
      if (problem != NULL)
        g_error ("the other desk does not verify: %s", problem->message);
    }
  if (w->kiosk != NULL)
    {
      g_assert_true (cf_store_check_integrity (cf_kiosk_get_store (w->kiosk), &error));
      g_assert_no_error (error);
    }
}

static void
desk_sync (CfSession  *desk,
           const char *sync_dir)
{
  CfSyncReport report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_tickets_sync (desk, sync_dir, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.segments_refused, ==, 0);
  cf_sync_report_clear (&report);
}

static char *digest (CfSession *desk);

/* A pass that went through but could not do all it should (the sync
 * folder is full, an erasure's clean-up is left for the next pass) says so
 * in its report: that is the sentence a person reads. */
static gboolean
report_says (CfSyncReport *report,
             gboolean      ok,
             GError      **error)
{
  if (ok && report->problem != NULL)
    {
      g_set_error_literal (error, CF_ERROR, CF_ERROR_FAILED, report->problem);
      ok = FALSE;
    }
  cf_sync_report_clear (report);
  return ok;
}

/* Another machine's segments are never refused for this desk's disk. */
static gboolean
pass_quiet (CfSession  *desk,
            const char *sync_dir,
            GError    **error)
{
  CfSyncReport report = { 0 };
  gboolean ok = cf_tickets_sync (desk, sync_dir, &report, NULL, error);

  g_assert_cmpuint (report.segments_refused, ==, 0);
  return report_says (&report, ok, error);
}

/* --- workloads --- */

/* An office with one student and a note on them, acknowledged. */
static void
make_desk (World *w)
{
  g_autoptr(CfCaseEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  make_office (w);
  w->desk = cf_test_sign_in (w->desk_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  w->student = cf_test_add_student (w->desk, "Acknowledged Student");
  entry = cf_case_entries_add (w->desk, w->student, CF_ENTRY_NOTE, "Acknowledged before the fault.",
                               NULL, NULL, &error);
  g_assert_no_error (error);
  w->opens = OPEN_DESK;
}

static gboolean
note_add (World   *w,
          GError **error)
{
  g_autoptr(CfCaseEntry) entry = cf_case_entries_add (w->desk, w->student, CF_ENTRY_NOTE,
                                                      "Written while the disk failed.",
                                                      NULL, NULL, error);

  return entry != NULL;
}

static gint64
count_notes (World *w)
{
  return query_int (cf_session_get_store (w->desk), "SELECT count(*) FROM case_entries");
}

/* Each booking a slot of its own, so none is refused as a double booking. */
static gboolean
booking_add (World   *w,
             GError **error)
{
  static guint slot;
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 86400 + 3600 * (gint64) (slot++ % 5000);

  g_object_set (appointment, "student-id", w->student, "adviser-id",
                cf_session_get_user_id (w->desk), "start-at", start, "end-at", start + 1800, NULL);
  return cf_appointments_add (w->desk, appointment, error);
}

static gint64
count_bookings (World *w)
{
  return query_int (cf_session_get_store (w->desk), "SELECT count(*) FROM appointments");
}

static gboolean
consent_add (World   *w,
             GError **error)
{
  g_autoptr(CfConsent) consent = cf_consents_record (w->desk, w->student, "college-tutor",
                                                     CF_CONSENT_SOURCE_VERBAL, NULL,
                                                     "Agreed on the telephone.", error);

  return consent != NULL;
}

static gint64
count_consents (World *w)
{
  return query_int (cf_session_get_store (w->desk), "SELECT count(*) FROM consents");
}

static gboolean
rotate_keys (World   *w,
             GError **error)
{
  return cf_users_rotate_keys (w->desk, error);
}

static gint64
count_rotations (World *w)
{
  return cf_test_count_audit (w->desk, "case-key-rotated", NULL);
}

/* A new generation of the case key, made and not yet used here: the next
 * sign-in re-keys the case database into a copy and renames it in. */
static void
make_rotated (World *w)
{
  g_autoptr(GError) error = NULL;

  make_desk (w);
  g_assert_true (cf_users_rotate_keys (w->desk, &error));
  g_assert_no_error (error);
}

static gboolean
sign_in (World   *w,
         GError **error)
{
  g_clear_object (&w->desk);
  w->desk = cf_session_sign_in (w->desk_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW, error);
  return w->desk != NULL;
}

/* 1 once the case database is under the newest generation. */
static gint64
count_rekeyed (World *w)
{
  g_autofree char *slots = cf_data_dir_keyslots (w->desk_dir);
  g_autoptr(GError) error = NULL;
  guint current = 0, next = 0;

  g_assert_true (cf_keyslots_get_case_box (slots, CF_CASE_BOX_CURRENT, &current, &error));
  g_assert_true (cf_keyslots_get_case_box (slots, CF_CASE_BOX_NEXT, &next, &error));
  g_assert_no_error (error);
  return current == 2 && next == 0;
}

/* --- the kiosk and the queue --- */

static JsonObject *
visit (void)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "name", "Fault Visitor");
  json_object_set_string_member (object, "student_id", "F-1000001");
  return object;
}

static char *
submit (CfKiosk *kiosk,
        GError **error)
{
  g_autoptr(JsonObject) details = visit ();

  return cf_kiosk_submit (kiosk, CF_VISIT_DROP_IN, "Housing", NULL, details, error);
}

/* A kiosk of the office, and three visits that reached the desk's queue. */
static void
make_kiosk (World *w)
{
  g_autofree char *bundle = g_build_filename (w->root, "kiosk.bundle", NULL);
  g_autofree char *code_file = g_build_filename (w->root, "kiosk.code", NULL);
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;

  make_desk (w);
  g_assert_true (cf_enroll_create (w->desk, CF_MACHINE_KIOSK, bundle, code_file, &error));
  code = cf_enroll_read_code (code_file, &error);
  g_assert_true (cf_enroll_join_kiosk (w->kiosk_dir, w->sync_dir, bundle, code, &error));
  g_assert_no_error (error);
  w->kiosk = cf_kiosk_open (w->kiosk_dir, w->sync_dir, &error);
  g_assert_no_error (error);
  desk_sync (w->desk, w->sync_dir);
  sync_kiosk (w->kiosk);
  for (guint i = 0; i < 3; i++)
    g_free (submit (w->kiosk, &error));
  g_assert_no_error (error);
  sync_kiosk (w->kiosk);
  desk_sync (w->desk, w->sync_dir);
  w->opens = OPEN_DESK | OPEN_KIOSK;
}

/* The kiosk's own submit path: a ticket code shown is a visit kept. */
static gboolean
check_in (World   *w,
          GError **error)
{
  g_autofree char *code = submit (w->kiosk, error);

  return code != NULL;
}

/* What reaches the desk, which is what the ticket promised. */
static gint64
count_tickets (World *w)
{
  sync_kiosk (w->kiosk);
  desk_sync (w->desk, w->sync_dir);
  return query_int (cf_session_get_store (w->desk), "SELECT count(*) FROM tickets");
}

/* A visit acknowledged at the kiosk and not yet sent. */
static void
make_kiosk_pending (World *w)
{
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;

  make_kiosk (w);
  code = submit (w->kiosk, &error);
  g_assert_no_error (error);
}

static gboolean
kiosk_pass (World   *w,
            GError **error)
{
  CfSyncReport report = { 0 };
  gboolean ok = cf_kiosk_sync (w->kiosk, &report, error);

  return report_says (&report, ok, error);
}

/* The tickets at the desk, from what the kiosk sent: each visit once. */
static gint64
count_sent (World *w)
{
  desk_sync (w->desk, w->sync_dir);
  return query_int (cf_session_get_store (w->desk), "SELECT count(*) FROM tickets");
}

static gboolean
call_next (World   *w,
           GError **error)
{
  g_autoptr(CfTicket) ticket = cf_tickets_call_next (w->desk, error);

  return ticket != NULL;
}

static gint64
count_called (World *w)
{
  return query_int (cf_session_get_store (w->desk),
                    "SELECT count(*) FROM tickets WHERE status = 'called'");
}

/* --- sync importing a backlog --- */

#define BACKLOG 20

/* A second desk ("other") wrote a backlog of students and notes to the
 * folder; the desk joined before it and has not read it yet. */
static void
make_backlog (World *w)
{
  g_autofree char *bundle = g_build_filename (w->root, "desk.bundle", NULL);
  g_autofree char *code_file = g_build_filename (w->root, "desk.code", NULL);
  g_autofree char *code = NULL;
  g_autoptr(CfSession) other = NULL;
  g_autoptr(GError) error = NULL;

  make_desk (w);
  g_assert_true (cf_enroll_create (w->desk, CF_MACHINE_DESK, bundle, code_file, &error));
  g_assert_true (cf_sync_write_snapshot (w->desk, w->sync_dir, &error));
  code = cf_enroll_read_code (code_file, &error);
  g_assert_true (cf_enroll_join_desk (w->other_dir, w->sync_dir, bundle, code, CF_TEST_MANAGER,
                                      CF_TEST_MANAGER_PW, &error));
  g_assert_no_error (error);
  desk_sync (w->desk, w->sync_dir);
  other = cf_test_sign_in (w->other_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  desk_sync (other, w->sync_dir);
  for (guint i = 0; i < BACKLOG; i++)
    {
      g_autofree char *name = g_strdup_printf ("Backlog Student %u", i);
      g_autofree char *id = cf_test_add_student (other, name);
      g_autoptr(CfCaseEntry) entry = cf_case_entries_add (other, id, CF_ENTRY_NOTE,
                                                          "Written on the other desk.",
                                                          NULL, NULL, &error);

      g_assert_no_error (error);
    }
  desk_sync (other, w->sync_dir);
}

static gboolean
import_backlog (World   *w,
                GError **error)
{
  return pass_quiet (w->desk, w->sync_dir, error);
}

/* 1 once the whole backlog is here: importing it twice is once. */
static gint64
count_backlog (World *w)
{
  gint64 students = query_int (cf_session_get_store (w->desk), "SELECT count(*) FROM students");

  g_assert_cmpint (students, <=, BACKLOG + 1);
  return students == BACKLOG + 1;
}

/* Two desks that have read everything; each run passes on both, then adds
 * a student on one: a segment written again under a number the other
 * desk has already read (a fault after the first write) would leave the
 * other desk short. */
static void
make_pair (World *w)
{
  make_backlog (w);
  w->other = cf_test_sign_in (w->other_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  desk_sync (w->desk, w->sync_dir);
  desk_sync (w->other, w->sync_dir);
  w->opens = OPEN_DESK | OPEN_OTHER;
}

static gboolean
add_and_pass (World   *w,
              GError **error)
{
  g_autoptr(CfStudent) student = cf_student_new ();

  g_object_set (student, "name", "Exported Student", NULL);
  return pass_quiet (w->desk, w->sync_dir, error) &&
         pass_quiet (w->other, w->sync_dir, error) &&
         cf_students_add (w->desk, student, error);
}

/* The other desk holds every student this one does, after a few passes:
 * the run's own, and the fault's, reach it. */
static gint64
count_exported (World *w)
{
  g_autofree char *mine = NULL, *theirs = NULL;
  gint64 here, there;

  for (guint i = 0; i < 2; i++)
    {
      desk_sync (w->desk, w->sync_dir);
      desk_sync (w->other, w->sync_dir);
    }
  here = query_int (cf_session_get_store (w->desk), "SELECT count(*) FROM students");
  there = query_int (cf_session_get_store (w->other), "SELECT count(*) FROM students");
  g_assert_cmpint (here, ==, there);
  mine = digest (w->desk);
  theirs = digest (w->other);
  g_assert_cmpstr (mine, ==, theirs);
  return here;
}

/* Verify under a failing disk: a read it could not make is a problem it
 * reports, never "all is well". */
static gboolean
verify (World   *w,
        GError **error)
{
  g_auto(CfVerifyReport) report = { 0 };
  GError *problem;

  if (!cf_verify_run (w->desk, w->sync_dir, &report, error))
    return FALSE;
  problem = cf_verify_report_first (&report);
  if (problem != NULL)
    g_propagate_error (error, g_error_copy (problem));
  return problem == NULL;
}

static gint64
count_none (World *w)
{
  return 0;
}

/* --- a retention purge --- */

static GDateTime *
purge_day (CfSession *desk)
{
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (desk);

  return g_date_time_new (zone, 2025, 6, 1, 12, 0, 0);
}

/* A student last seen in 2017, long due by 2025, beside one seen now. */
static void
make_due (World *w)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) seen = NULL;
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  g_autofree char *old = NULL;
  g_autoptr(GError) error = NULL;

  make_desk (w);
  zone = cf_office_get_time_zone (w->desk);
  seen = g_date_time_new (zone, 2017, 6, 15, 10, 0, 0);
  old = cf_test_add_student (w->desk, "Due Student");
  g_object_set (appointment, "student-id", old, "adviser-id", cf_session_get_user_id (w->desk),
                "start-at", g_date_time_to_unix (seen), "end-at", g_date_time_to_unix (seen) + 60,
                NULL);
  g_assert_true (cf_appointments_add (w->desk, appointment, &error));
  g_assert_no_error (error);
}

static gboolean
purge (World   *w,
       GError **error)
{
  g_autoptr(GDateTime) today = purge_day (w->desk);
  guint n = 0;

  return cf_retention_purge (w->desk, today, FALSE, &n, error);
}

/* 1 once the due student is gone, and gone whole: no appointment left. */
static gint64
count_purged (World *w)
{
  CfStore *store = cf_session_get_store (w->desk);
  gint64 students = query_int (store, "SELECT count(*) FROM students");
  gint64 appointments = query_int (store, "SELECT count(*) FROM appointments");

  g_assert_cmpint (students, ==, appointments + 1);
  return students == 1;
}

/* --- the sweep --- */

typedef struct {
  const char *name;
  void      (*make)  (World *w);
  gboolean  (*act)   (World    *w,
                      GError  **error);
  gint64    (*count) (World *w);   /* the workload's results present */
  gboolean    idempotent;          /* running it twice is running it once */
  gboolean    signs_in;            /* the workload opens the desk itself */
  gboolean    reads_only;          /* it changes nothing: its count stays */
} Workload;

typedef struct {
  CfFaultKind kind;
  CfFaultType type;
  gboolean    sticky;
} Fault;

/* Once, as a disk's passing error, and for good, as a disk that stays
 * full or broken until someone sees to it (then the rollback fails too). */
static const Fault faults[] = {
  { CF_FAULT_READ, CF_FAULT_EIO, FALSE },
  { CF_FAULT_WRITE, CF_FAULT_EIO, FALSE },
  { CF_FAULT_WRITE, CF_FAULT_ENOSPC, FALSE },
  { CF_FAULT_WRITE, CF_FAULT_SHORT_WRITE, FALSE },
  { CF_FAULT_SYNC, CF_FAULT_EIO, FALSE },
  { CF_FAULT_TRUNCATE, CF_FAULT_EIO, FALSE },
  { CF_FAULT_READ, CF_FAULT_EIO, TRUE },
  { CF_FAULT_WRITE, CF_FAULT_ENOSPC, TRUE },
};

/* The machines as they are before the workload: a workload that signs
 * in does so itself, under the fault. */
static void
world_open_for (const Workload *workload,
                World          *w)
{
  guint opens = w->opens;

  if (workload->signs_in)
    w->opens &= ~OPEN_DESK;
  world_open (w);
  w->opens = opens;
}

typedef struct {
  guint injected;
  guint succeeded;
  guint refused;
  guint kept;   /* refused, yet it had been written: see run_once() */
  guint lost;
} Tally;

/* How many calls each kind of fault is tried at in each workload: one
 * drawn in the suite (CF_FAULT_RUNS=1), every one with CF_FAULT_RUNS=0. */
static guint
runs_per_fault (void)
{
  const char *runs = g_getenv ("CF_FAULT_RUNS");

  return runs != NULL ? (guint) g_ascii_strtoull (runs, NULL, 10) : 1;
}

/* With CF_FAULT_SHARE (70 in the suite, 40 under the sanitizers) only
 * about that many in a hundred of the kinds of fault run in each
 * workload, drawn from the seed; every kind when it is unset. */
static gboolean
fault_drawn (void)
{
  const char *share = g_getenv ("CF_FAULT_SHARE");

  return share == NULL || g_test_rand_int_range (0, 100) < (gint32) g_ascii_strtoll (share, NULL, 10);
}

static void
world_check_acknowledged (World *w)
{
  g_autoptr(CfStudent) student = NULL;
  g_autoptr(GError) error = NULL;

  world_verify (w);
  student = cf_students_get (w->desk, w->student, &error);
  g_assert_no_error (error);
  g_assert_nonnull (student);
}

/* The workload under the fault: it succeeds, or refuses with a sentence. */
static gboolean
act_under_fault (const Workload *workload,
                 World          *w,
                 const Fault    *fault,
                 guint           nth,
                 const char     *what,
                 Tally          *tally)
{
  g_autoptr(GError) error = NULL;
  gboolean ok, fired;

  cf_fault_vfs_reset ();
  cf_fault_vfs_arm (fault->kind, nth, fault->type, fault->sticky);
  ok = workload->act (w, &error);
  fired = cf_fault_vfs_fired ();
  cf_fault_vfs_reset ();
  tally->injected += fired;
  tally->succeeded += ok;
  tally->refused += !ok;
  if (!ok)
    {
      g_test_message ("%s: %s", what, error->message);
      assert_sentence (error);
    }
  else if (fired)
    g_test_message ("%s: succeeded all the same", what);
  return ok;
}

/* After a fault: the session that saw it works again, the machines reopen
 * and verify, and what was acknowledged is there.  A refused call that
 * had been written all the same (the commit reached the disk, a step
 * after it failed) is counted apart: nothing is lost, but the person may
 * write it twice. */
static void
run_once (const Workload *workload,
          const World    *template,
          gint64          base,
          const Fault    *fault,
          guint           nth,
          Tally          *tally)
{
  g_autofree char *what = g_strdup_printf ("%s, %s %u (%s%s)", workload->name,
                                           cf_fault_kind_name (fault->kind), nth,
                                           cf_fault_type_name (fault->type),
                                           fault->sticky ? ", for good" : "");
  World w = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 present, expected;
  gboolean ok;

  world_copy (template, &w);
  world_open_for (workload, &w);
  ok = act_under_fault (workload, &w, fault, nth, what, tally);
  /* After a passing error the same session goes on; a disk that stayed
   * full is seen to with the program closed, and it starts afresh. */
  if (fault->sticky)
    {
      world_close (&w);
      world_open (&w);
    }
  if (!workload->act (&w, &error))
    g_error ("%s, then without the fault: %s", what, error->message);
  world_close (&w);
  world_open (&w);
  world_check_acknowledged (&w);
  present = workload->count (&w);
  expected = workload->reads_only ? base : workload->idempotent ? base + 1 : base + 1 + ok;
  if (!ok && !workload->idempotent && !workload->reads_only && present == expected + 1)
    tally->kept++;
  else if (present != expected)
    {
      tally->lost++;
      g_test_message ("%s: %" G_GINT64_FORMAT " present, %" G_GINT64_FORMAT " expected", what,
                      present, expected);
    }
  remove_tree (w.root);
  world_clear (&w);
}

/* One run that only counts: how many calls of each kind the workload
 * makes, and how many of its results are there before it. */
static gint64
count_calls (const Workload *workload,
             const World    *template,
             guint           calls[CF_FAULT_N_KINDS])
{
  World w = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 base;

  world_copy (template, &w);
  world_open_for (workload, &w);
  base = workload->count (&w);
  cf_fault_vfs_reset ();
  g_assert_true (workload->act (&w, &error));
  g_assert_no_error (error);
  for (guint kind = 0; kind < CF_FAULT_N_KINDS; kind++)
    calls[kind] = cf_fault_vfs_count (kind);
  remove_tree (w.root);
  world_clear (&w);
  return base;
}

/* The first and last calls, where the edge cases are, and the rest
 * drawn from the test's seed (one call drawn when @runs is 1): every
 * call when there are few, or when @runs is 0.  A seed that finds
 * something replays with --seed. */
static void
sweep (const Workload *workload,
       const World    *template,
       gint64          base,
       const Fault    *fault,
       guint           k,
       guint           runs,
       Tally          *tally)
{
  const char *only = g_getenv ("CF_FAULT_NTH");   /* to replay one call */

  if (only != NULL)
    {
      guint n = (guint) g_ascii_strtoull (only, NULL, 10);

      if (n >= 1 && n <= k)
        run_once (workload, template, base, fault, n, tally);
      return;
    }
  if (runs == 0 || k <= runs)
    {
      for (guint n = 1; n <= k; n++)
        run_once (workload, template, base, fault, n, tally);
      return;
    }
  if (runs == 1)
    {
      run_once (workload, template, base, fault, g_test_rand_int_range (1, k + 1), tally);
      return;
    }
  run_once (workload, template, base, fault, 1, tally);
  for (guint i = 2; i < runs; i++)
    run_once (workload, template, base, fault, g_test_rand_int_range (2, k), tally);
  run_once (workload, template, base, fault, k, tally);
}

/* Machines are made once for every workload that starts from them. */
static const World *
template_for (void (*make) (World *w))
{
  static GHashTable *templates;
  World *template;

  if (templates == NULL)
    templates = g_hash_table_new (g_direct_hash, g_direct_equal);
  template = g_hash_table_lookup (templates, make);
  if (template == NULL)
    {
      g_autofree char *root = cf_test_make_dir ("template");

      template = g_new0 (World, 1);
      world_set_root (template, root);
      make (template);
      world_close (template);
      cheapen_sign_in (template->desk_dir);
      if (g_file_test (template->other_dir, G_FILE_TEST_IS_DIR))
        cheapen_sign_in (template->other_dir);
      g_hash_table_insert (templates, make, template);
    }
  return template;
}

static void
test_workload (gconstpointer data)
{
  const Workload *workload = data;
  const World *template = template_for (workload->make);
  guint calls[CF_FAULT_N_KINDS];
  guint runs = runs_per_fault ();
  Tally tally = { 0 };
  gint64 base;

  base = count_calls (workload, template, calls);
  g_test_message ("%s makes %u reads, %u writes, %u syncs, %u truncations", workload->name,
                  calls[CF_FAULT_READ], calls[CF_FAULT_WRITE], calls[CF_FAULT_SYNC],
                  calls[CF_FAULT_TRUNCATE]);
  for (gsize f = 0; f < G_N_ELEMENTS (faults); f++)
    if (fault_drawn ())
      sweep (workload, template, base, &faults[f], calls[faults[f].kind], runs, &tally);
  /* A share may draw none that this workload makes a call for. */
  for (gsize f = 0; tally.injected == 0 && f < G_N_ELEMENTS (faults); f++)
    sweep (workload, template, base, &faults[f], calls[faults[f].kind], runs, &tally);
  printf ("# faults.%s %u injected, %u succeeded, %u refused with a sentence, "
          "%u refused but kept, %u lost\n",
          workload->name, tally.injected, tally.succeeded, tally.refused, tally.kept, tally.lost);
  g_assert_cmpuint (tally.lost, ==, 0);
  g_assert_cmpuint (tally.injected, >, 0);
}

static const Workload workloads[] = {
  { "note_add", make_desk, note_add, count_notes, FALSE },
  { "booking_add", make_desk, booking_add, count_bookings, FALSE },
  { "consent_add", make_desk, consent_add, count_consents, FALSE },
  { "queue_call", make_kiosk, call_next, count_called, FALSE },
  { "kiosk_check_in", make_kiosk, check_in, count_tickets, FALSE },
  { "kiosk_sync", make_kiosk_pending, kiosk_pass, count_sent, TRUE },
  { "sync_import", make_backlog, import_backlog, count_backlog, TRUE },
  { "key_rotation", make_desk, rotate_keys, count_rotations, FALSE },
  { "sync_export", make_pair, add_and_pass, count_exported, FALSE },
  { "verify", make_desk, verify, count_none, FALSE, FALSE, TRUE },
  { "rekey_sign_in", make_rotated, sign_in, count_rekeyed, TRUE, TRUE },
  { "retention_purge", make_due, purge, count_purged, TRUE },
};

/* --- the sync folder: a segment write that fails half way --- */

/* Not g_file_set_contents: /proc takes a write, not a rename. */
static gboolean
write_proc (const char *path,
            const char *text)
{
  int fd = g_open (path, O_WRONLY, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, text, strlen (text)) == (gssize) strlen (text);
  close (fd);
  return ok;
}

/* A mount namespace of this process's own, in which @folder becomes a
 * tmpfs of @size bytes: a disk that really fills up, as a USB stick or a
 * share does, without root outside the namespace.  FALSE where user
 * namespaces are not allowed.  Only while the process has one thread. */
static gboolean
mount_tiny_disk (const char *folder,
                 gsize       size)
{
  g_autofree char *uid_map = g_strdup_printf ("0 %u 1", (guint) getuid ());
  g_autofree char *gid_map = g_strdup_printf ("0 %u 1", (guint) getgid ());
  g_autofree char *options = g_strdup_printf ("size=%" G_GSIZE_FORMAT ",mode=0700", size);

  if (unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0)
    return FALSE;
  if (!write_proc ("/proc/self/setgroups", "deny") || !write_proc ("/proc/self/uid_map", uid_map) ||
      !write_proc ("/proc/self/gid_map", gid_map))
    return FALSE;
  /* Nothing mounted here is seen outside. */
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    return FALSE;
  return mount ("tmpfs", folder, "tmpfs", 0, options) == 0;
}

/* Notes that do not compress, so a segment's size is what they weigh. */
static void
add_backlog (CfSession *desk,
             guint      n_students)
{
  for (guint i = 0; i < n_students; i++)
    {
      g_autofree char *name = g_strdup_printf ("Folder Student %u", i);
      g_autofree char *id = cf_test_add_student (desk, name);
      guint8 noise[700];
      g_autofree char *body = NULL;
      g_autoptr(CfCaseEntry) entry = NULL;
      g_autoptr(GError) error = NULL;

      randombytes_buf (noise, sizeof noise);
      body = g_base64_encode (noise, sizeof noise);
      entry = cf_case_entries_add (desk, id, CF_ENTRY_NOTE, body, NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

static guint64
free_bytes (const char *folder)
{
  struct statvfs fs;

  g_assert_cmpint (statvfs (folder, &fs), ==, 0);
  return (guint64) fs.f_bavail * fs.f_frsize;
}

/* Leaves @left bytes free on the disk holding @folder. */
static char *
fill_disk (const char *folder,
           guint64     left)
{
  char *filler = g_build_filename (folder, "filler", NULL);
  int fd = g_open (filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  char block[4096] = { 0 };

  g_assert_cmpint (fd, >=, 0);
  while (free_bytes (folder) > left)
    if (write (fd, block, sizeof block) != sizeof block)
      break;
  close (fd);
  return filler;
}

/* Every file a reader looks at is whole: no temporary name is left. */
static guint64
assert_only_whole_files (const char *sync_dir)
{
  g_autoptr(GDir) top = g_dir_open (sync_dir, 0, NULL);
  const char *node, *name;
  guint64 largest = 0;

  g_assert_nonnull (top);
  while ((node = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *folder = g_build_filename (sync_dir, node, NULL);
      g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);
          GStatBuf st;
          guint64 seq;

          if (!_cf_sync_parse_segment_name (name, &seq) && !g_str_equal (name, ACKS_NAME) &&
              !g_str_equal (name, FEED_NAME))
            g_error ("%s is left in the sync folder", path);
          g_assert_cmpint (g_stat (path, &st), ==, 0);
          largest = MAX (largest, (guint64) st.st_size);
        }
    }
  return largest;
}

static void
sync_pass (CfSession    *desk,
           const char   *sync_dir,
           CfSyncReport *report)
{
  g_autoptr(GError) error = NULL;

  cf_sync_report_clear (report);
  memset (report, 0, sizeof *report);
  g_assert_true (cf_tickets_sync (desk, sync_dir, report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->segments_refused, ==, 0);
}

static char *
digest (CfSession *desk)
{
  g_autoptr(GError) error = NULL;
  char *text = cf_sync_digest (desk, &error);

  g_assert_no_error (error);
  return text;
}

/* The writer's segment is bigger than the room left, so the disk fills
 * part way through writing it: the pass says so in a sentence, leaves no
 * partial file for a reader, and writes it whole once there is room. */
static void
segment_write_fails_half_way (const char *root)
{
  World w = { 0 };
  g_autoptr(CfSession) other = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *a = NULL, *b = NULL;
  CfSyncReport report = { 0 };
  guint64 room;

  world_set_root (&w, root);
  make_backlog (&w);   /* a second desk, which joined through this folder */
  other = cf_test_sign_in (w.other_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  sync_pass (w.desk, w.sync_dir, &report);
  sync_pass (other, w.sync_dir, &report);
  add_backlog (w.desk, 60);
  filler = fill_disk (w.sync_dir, 16 * 1024);
  room = free_bytes (w.sync_dir);
  g_assert_cmpuint (room, >, 0);

  sync_pass (w.desk, w.sync_dir, &report);
  g_assert_true (report.folder_unavailable);
  g_assert_nonnull (report.problem);
  g_assert_nonnull (strstr (report.problem, "full"));
  g_test_message ("with %" G_GUINT64_FORMAT " bytes free: %s", room, report.problem);
  assert_only_whole_files (w.sync_dir);
  /* A reader meanwhile refuses nothing and bans nobody. */
  sync_pass (other, w.sync_dir, &report);
  g_assert_null (report.problem);

  g_assert_cmpint (g_unlink (filler), ==, 0);
  sync_pass (w.desk, w.sync_dir, &report);
  g_assert_null (report.problem);
  g_assert_cmpuint (report.segments_written, >, 0);
  g_assert_cmpuint (assert_only_whole_files (w.sync_dir), >, room);
  sync_pass (other, w.sync_dir, &report);
  sync_pass (w.desk, w.sync_dir, &report);
  a = digest (w.desk);
  b = digest (other);
  g_assert_cmpstr (a, ==, b);
  world_verify (&w);
  cf_sync_report_clear (&report);
  world_clear (&w);
}

/* Whether this machine lets a process make its own user namespace. */
static gboolean
namespaces_allowed (void)
{
  const char *argv[] = { "unshare", "-rm", "true", NULL };
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/* In a subprocess of its own: the namespace needs a single thread, and
 * its mount goes with the process. */
static void
test_sync_folder_full (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *root = cf_test_make_dir ("tiny");
      g_autofree char *sync_dir = g_build_filename (root, "sync", NULL);

      g_assert_cmpint (g_mkdir (sync_dir, 0700), ==, 0);
      if (!mount_tiny_disk (sync_dir, 1024 * 1024))
        g_error ("no tmpfs in a namespace of our own: %s", g_strerror (errno));
      segment_write_fails_half_way (root);
      /* So that the test's folder can be removed as it exits. */
      g_assert_cmpint (umount2 (sync_dir, MNT_DETACH), ==, 0);
      return;
    }
  if (!namespaces_allowed ())
    {
      g_test_skip ("no user namespaces here for a disk that fills up");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cf_fault_vfs_register ();
  for (gsize i = 0; i < G_N_ELEMENTS (workloads); i++)
    {
      g_autofree char *path = g_strdup_printf ("/io-faults/%s", workloads[i].name);

      g_test_add_data_func (path, &workloads[i], test_workload);
    }
  g_test_add_func ("/io-faults/sync-folder-full", test_sync_folder_full);
  return g_test_run ();
}
