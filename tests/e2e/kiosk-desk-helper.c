/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk's side of the kiosk tests, for what neither confidectl nor the
 * desk window offers yet: a booking code for an appointment, a ticket
 * called at the desk, the office's opening hours, a student's date of
 * birth (as an earlier visit's monitoring answers leave it), and the tickets a desk
 * imported with the submissions it opened.  A test fixture, not a tool:
 * it writes the desk's tables directly.
 *
 *   kiosk-desk-helper DATA_DIR USER PASSPHRASE_FILE booking-code APPOINTMENT_ID
 *   kiosk-desk-helper DATA_DIR USER PASSPHRASE_FILE call TICKET_CODE
 *   kiosk-desk-helper DATA_DIR USER PASSPHRASE_FILE set-hours TEXT
 *   kiosk-desk-helper DATA_DIR USER PASSPHRASE_FILE tickets
 *   kiosk-desk-helper DATA_DIR USER PASSPHRASE_FILE birth-date STUDENT_ID YYYY-MM-DD
 *   kiosk-desk-helper DATA_DIR USER PASSPHRASE_FILE open SYNC_DIR TICKET_CODE
 *
 * "open" brings in what the kiosks sent and opens one ticket into a
 * student's record, as an adviser does from the queue; it prints the
 * student's id.
 *   kiosk-desk-helper DATA_DIR USER PASSPHRASE_FILE open-counting-consents TICKET_CODE
 *
 * "open-counting-consents" opens today's ticket as an adviser does and
 * prints how many consent records the student then has.
 */
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>

#include "cf-appointments.h"
#include "cf-ticket.h"
#include "cf-tickets.h"
#include "cf-key.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"
#include "cf-students-private.h"
#include "cf-sync.h"
#include "cf-tickets.h"

static gboolean
call_ticket (CfSession  *session,
             const char *code,
             GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "UPDATE tickets SET status = 'called', called_at = ? WHERE code = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 2, code);
  if (!_cf_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (_cf_store_get_db (store)) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no ticket %s", code);
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_ticket (CfSession  *session,
             const char *sync_dir,
             const char *code,
             GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autofree char *ticket_id = NULL, *student_id = NULL;
  CfSyncReport report = { 0 };
  gboolean synced = cf_tickets_sync (session, sync_dir, &report, NULL, error);
  sqlite3_stmt *stmt;

  cf_sync_report_clear (&report);
  if (!synced)
    return FALSE;
  stmt = _cf_store_prepare (store, "SELECT id FROM tickets WHERE code = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, code);
  if (!_cf_store_get_text (store, stmt, &ticket_id, error))
    return FALSE;
  if (ticket_id == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no ticket %s", code);
      return FALSE;
    }
  if ((student_id = cf_tickets_open (session, ticket_id, error)) == NULL)
    return FALSE;
  printf ("%s\n", student_id);
  return TRUE;
}

static gboolean
set_hours (CfSession  *session,
           const char *hours,
           GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

  return _cf_settings_set (store, "opening_hours", hours, error);
}

static void
add_column (JsonBuilder  *builder,
            sqlite3_stmt *stmt,
            int           column,
            const char   *member)
{
  json_builder_set_member_name (builder, member);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
}

static gboolean
print_tickets (CfSession *session,
               GError   **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT code, kind, topic, appointment_id, submission FROM tickets ORDER BY waiting_since", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  json_builder_begin_array (builder);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      json_builder_begin_object (builder);
      add_column (builder, stmt, 0, "code");
      add_column (builder, stmt, 1, "kind");
      add_column (builder, stmt, 2, "topic");
      add_column (builder, stmt, 3, "appointment_id");
      add_column (builder, stmt, 4, "submission");
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
  return TRUE;
}

static gboolean
write_birth_date (CfSession *session,
                  gpointer   data,
                  GError   **error)
{
  char **argv = data;

  return _cf_students_set_monitoring (session, argv[5], argv[6], NULL, NULL, error);
}

static gboolean
count_consents (CfSession  *session,
                const char *student_id,
                gint64     *n,
                GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT count(*) FROM consents WHERE student_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student_id);
  if (_cf_store_step (store, stmt, error) != CF_STEP_ROW)
    return FALSE;
  *n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
open_counting_consents (CfSession  *session,
                        const char *code,
                        GError    **error)
{
  g_autoptr(CfTicket) ticket = cf_tickets_find_today (session, code, error);
  g_autofree char *student_id = NULL;
  gint64 n = 0;

  if (ticket == NULL)
    return FALSE;
  student_id = cf_tickets_open (session, cf_ticket_get_id (ticket), error);
  if (student_id == NULL || !count_consents (session, student_id, &n, error))
    return FALSE;
  printf ("{\"consents\": %" G_GINT64_FORMAT "}\n", n);
  return TRUE;
}

static gboolean
run (CfSession *session,
     int        argc,
     char     **argv,
     GError   **error)
{
  const char *command = argv[4];

  if (g_str_equal (command, "booking-code") && argc == 6)
    {
      g_autofree char *code = cf_appointments_new_booking_code (session, argv[5], error);

      if (code != NULL)
        printf ("%s\n", code);
      return code != NULL;
    }
  if (g_str_equal (command, "call") && argc == 6)
    return call_ticket (session, argv[5], error);
  if (g_str_equal (command, "set-hours") && argc == 6)
    return set_hours (session, argv[5], error);
  if (g_str_equal (command, "birth-date") && argc == 7)
    return _cf_session_write (session, write_birth_date, argv, error);
  if (g_str_equal (command, "open-counting-consents") && argc == 6)
    return open_counting_consents (session, argv[5], error);
  if (g_str_equal (command, "tickets") && argc == 5)
    return print_tickets (session, error);
  if (g_str_equal (command, "open") && argc == 7)
    return open_ticket (session, argv[5], argv[6], error);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown command %s", command);
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfSession) session = NULL;
  g_autofree char *passphrase = NULL;

  setlocale (LC_ALL, "");
  if (argc < 5 || !cf_crypto_init ())
    {
      fprintf (stderr, "usage: kiosk-desk-helper DATA_DIR USER PASSPHRASE_FILE COMMAND [ARG]\n");
      return 2;
    }
  if (!g_file_get_contents (argv[3], &passphrase, NULL, &error))
    goto failed;
  g_strchomp (passphrase);
  session = cf_session_sign_in (argv[1], argv[2], passphrase, &error);
  cf_wipe_string (g_steal_pointer (&passphrase));
  if (session == NULL || !run (session, argc, argv, &error))
    goto failed;
  return 0;

failed:
  fprintf (stderr, "kiosk-desk-helper: %s\n", error->message);
  return 1;
}
