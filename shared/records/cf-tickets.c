/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-tickets.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-appointments-private.h"
#include "cf-audit-private.h"
#include "cf-cases-private.h"
#include "cf-changes-private.h"
#include "cf-consent-private.h"
#include "cf-consents.h"
#include "cf-consents-private.h"
#include "cf-error.h"
#include "cf-feed.h"
#include "cf-json.h"
#include "cf-key.h"
#include "cf-office.h"
#include "cf-replica-private.h"
#include "cf-session-private.h"
#include "cf-settings-private.h"
#include "cf-student-private.h"
#include "cf-students-private.h"
#include "cf-text.h"
#include "cf-ticket-private.h"
#include "cf-users-private.h"

#define DAY_SECONDS        (24 * 3600)
#define LONGEST_GAP        (2 * 3600)   /* a longer gap between calls is a closed desk */
#define FEWEST_GAPS        5
#define ACCESS_CODE_DOMAIN "confide/access-code"

/* Columns every query of tickets returns, in ticket_from_row's order. */
#define TICKET_SELECT \
  "SELECT t.id, t.code, t.kind, t.topic, t.waiting_since, t.status, t.student_id," \
  " t.appointment_id, t.adviser_id, u.name, t.called_at, a.start_at" \
  " FROM tickets t LEFT JOIN users u ON u.id = t.adviser_id" \
  " LEFT JOIN appointments a ON a.id = t.appointment_id"

/* Two tickets of the same second (two kiosks at once) are put in the
 * order they were handed in, never by rowid: each desk imports them in its
 * own order, and every desk must show the same queue and call the same
 * ticket next.  A ticket's clocks start with the stamp of its code, which
 * only the kiosk writes, at check-in (cf-replica.c moves an entry to the
 * end only when it is stamped again), so they sort by the kiosk's hybrid
 * clock, the same on every desk; the id settles the rest. */
#define TICKET_TIE "t.clocks, t.id"

/* Tickets of students the user may not see stay out of their queue:
 * ?2 is the user, ?3 their restricted service (or NULL). */
#define TICKET_VISIBLE \
  " AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.adviser_id = ?2 AND c.student_id = t.student_id)" \
  " AND (?3 IS NULL OR t.student_id IS NULL OR EXISTS" \
  "      (SELECT 1 FROM students s WHERE s.id = t.student_id AND s.service_group = ?3))"

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Midnight at the start of the office's today, in UTC seconds. */
static gint64
today_start (CfSession *session)
{
  g_autoptr(GDateTime) midnight = cf_office_today_start (session);

  return g_date_time_to_unix (midnight);
}

static gpointer
ticket_from_row (sqlite3_stmt *stmt)
{
  CfTicket *ticket = cf_ticket_new ();

  ticket->id = _cf_column_dup (stmt, 0);
  ticket->code = _cf_column_dup (stmt, 1);
  ticket->kind = _cf_column_dup (stmt, 2);
  ticket->topic = _cf_column_dup (stmt, 3);
  ticket->waiting_since = sqlite3_column_int64 (stmt, 4);
  ticket->status = _cf_column_dup (stmt, 5);
  ticket->student_id = _cf_column_dup (stmt, 6);
  ticket->appointment_id = _cf_column_dup (stmt, 7);
  ticket->adviser_id = _cf_column_dup (stmt, 8);
  ticket->adviser_name = _cf_column_dup (stmt, 9);
  ticket->called_at = sqlite3_column_int64 (stmt, 10);
  ticket->appointment_start = sqlite3_column_int64 (stmt, 11);
  /* An arrival without a booking code that matched nobody (see
   * match_arrival): is_unmatched, read from the ticket's row. */
  ticket->unmatched = g_strcmp0 (ticket->kind, "appointment") == 0 &&
                      ticket->appointment_id == NULL && ticket->student_id == NULL;
  return ticket;
}

static void
bind_viewer (CfSession    *session,
             sqlite3_stmt *stmt)
{
  _cf_bind_text (stmt, 2, cf_session_get_user_id (session));
  _cf_bind_text (stmt, 3, _cf_session_get_restricted_service (session));
}

/* ---- the estimate -------------------------------------------------- */

static int
compare_gaps (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gint64
median_gap (GArray *called)
{
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 1; i < called->len; i++)
    {
      gint64 gap = g_array_index (called, gint64, i) - g_array_index (called, gint64, i - 1);

      if (gap > 0 && gap < LONGEST_GAP)
        g_array_append_val (gaps, gap);
    }
  if (gaps->len < FEWEST_GAPS)
    return CF_TICKETS_DEFAULT_INTERVAL;
  g_array_sort (gaps, compare_gaps);
  return g_array_index (gaps, gint64, gaps->len / 2);
}

static gint64
call_interval_locked (CfStore *store,
                      guint    days,
                      GError **error)
{
  g_autoptr(GArray) called = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  CfStep step;

  /* IN on status keeps this a range scan of tickets_status. */
  stmt = _cf_store_prepare (store,
      "SELECT called_at FROM tickets WHERE status IN ('called', 'seen', 'no-show', 'closed')"
      " AND waiting_since >= ? AND called_at IS NOT NULL ORDER BY called_at", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, now_seconds () - (gint64) days * DAY_SECONDS);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      gint64 at = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (called, at);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return -1;
  return median_gap (called);
}

gint64
cf_tickets_call_interval (CfSession *session,
                          guint      days,
                          GError   **error)
{
  g_autoptr(CfStoreLock) lock = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), -1);
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return -1;
  lock = _cf_store_lock (cf_session_get_store (session));
  return call_interval_locked (cf_session_get_store (session), days, error);
}

static void
add_estimates (GListModel *tickets,
               gint64      interval)
{
  gint64 position = 0;

  for (guint i = 0; i < g_list_model_get_n_items (tickets); i++)
    {
      g_autoptr(CfTicket) ticket = g_list_model_get_item (tickets, i);

      if (g_strcmp0 (ticket->status, "waiting") != 0)
        continue;
      ticket->position = ++position;
      ticket->estimated_wait = position * interval;
    }
}

/* ---- reading ------------------------------------------------------- */

/* The queue's tickets, for its audit entry: a ticket that is not yet
 * anyone's is shown by its code and topic, and named by its own id. */
static char *
shown_tickets (GListModel *tickets)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (tickets); i++)
    {
      g_autoptr(CfTicket) ticket = g_list_model_get_item (tickets, i);

      /* the list keeps it alive */
      g_ptr_array_add (ids, ticket->student_id ? ticket->student_id : ticket->id);
    }
  return _cf_audit_shown_detail (ids);
}

static gboolean
list_today (CfSession *session,
            gpointer   data,
            GError   **error)
{
  GListStore *tickets = data;
  CfStore *store = cf_session_get_store (session);
  g_autofree char *shown = NULL;
  sqlite3_stmt *stmt;
  gint64 interval;

  stmt = _cf_store_prepare (store,
      TICKET_SELECT " WHERE t.status IN ('waiting', 'called') AND t.waiting_since >= ?1"
      TICKET_VISIBLE
      " ORDER BY t.status = 'waiting',"
      " CASE t.status WHEN 'called' THEN t.called_at ELSE t.waiting_since END, " TICKET_TIE, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, today_start (session));
  bind_viewer (session, stmt);
  if (!_cf_store_collect_objects (store, stmt, tickets, ticket_from_row, error))
    return FALSE;
  interval = call_interval_locked (store, 14, error);
  if (interval < 0)
    return FALSE;
  add_estimates (G_LIST_MODEL (tickets), interval);
  shown = shown_tickets (G_LIST_MODEL (tickets));
  return _cf_session_audit (session, "queue-shown", NULL, shown, error);
}

/* Every ticket of today whatever became of it (seen, no-show, closed
 * too), in the order they came: the day's history, for checking that
 * every desk holds every check-in. */
static gboolean
list_today_all (CfSession *session,
                gpointer   data,
                GError   **error)
{
  GListStore *tickets = data;
  CfStore *store = cf_session_get_store (session);
  g_autofree char *shown = NULL;
  sqlite3_stmt *stmt;

  stmt = _cf_store_prepare (store,
      TICKET_SELECT " WHERE t.waiting_since >= ?1"
      TICKET_VISIBLE
      " ORDER BY t.waiting_since, " TICKET_TIE, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, today_start (session));
  bind_viewer (session, stmt);
  if (!_cf_store_collect_objects (store, stmt, tickets, ticket_from_row, error))
    return FALSE;
  shown = shown_tickets (G_LIST_MODEL (tickets));
  return _cf_session_audit (session, "queue-shown", NULL, shown, error);
}

/* A list of tickets is shown, so it is read in a write: its audit entry
 * goes with it. */
static GListModel *
list_audited (CfSession         *session,
              CfSessionWriteFunc list,
              GError           **error)
{
  g_autoptr(GListStore) tickets = g_list_store_new (CF_TYPE_TICKET);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, list, tickets, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&tickets));
}

GListModel *
cf_tickets_list_today_all (CfSession *session,
                           GError   **error)
{
  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  return list_audited (session, list_today_all, error);
}

GListModel *
cf_tickets_list_today (CfSession *session,
                       GError   **error)
{
  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  return list_audited (session, list_today, error);
}

static void
set_unknown_ticket (GError    **error,
                    const char *what)
{
  g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND,
               _("There is no ticket %s today. Check the code on the student’s slip."), what);
}

/* By id: the ticket went, erased with its student or never arrived here. */
static void
set_no_ticket (GError **error)
{
  g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND,
               _("That ticket is not on this desk any more; the queue will show what is."));
}

typedef struct {
  const char *student_id;
  char       *topic;
} KioskTopic;

/* The topic of the student's newest ticket that has one (tickets_student,
 * schema step 8, finds them). */
static gboolean
read_kiosk_topic (CfSession *session,
                  gpointer   data,
                  GError   **error)
{
  KioskTopic *read = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, read->student_id, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "SELECT topic FROM tickets WHERE student_id = ? AND topic IS NOT NULL"
      " ORDER BY waiting_since DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, read->student_id);
  return _cf_store_get_text (store, stmt, &read->topic, error);
}

gboolean
cf_tickets_kiosk_topic (CfSession  *session,
                        const char *student_id,
                        char      **topic,
                        GError    **error)
{
  KioskTopic read = { student_id, NULL };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (student_id != NULL && topic != NULL, FALSE);

  *topic = NULL;
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, read_kiosk_topic, &read, error))
    {
      g_free (read.topic);
      return FALSE;
    }
  *topic = read.topic;
  return TRUE;
}

CfTicket *
cf_tickets_find_today (CfSession  *session,
                       const char *id_or_code,
                       GError    **error)
{
  g_autoptr(GListStore) found = g_list_store_new (CF_TYPE_TICKET);
  g_autoptr(CfStoreLock) lock = NULL;
  g_autofree char *normal = NULL;
  CfStore *store;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (id_or_code != NULL, NULL);
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return NULL;
  store = cf_session_get_store (session);
  lock = _cf_store_lock (store);
  stmt = _cf_store_prepare (store,
      TICKET_SELECT " WHERE (t.id = ?4 OR (replace (upper (t.code), '-', '') = ?5"
      " AND t.waiting_since >= ?1))" TICKET_VISIBLE " ORDER BY t.waiting_since DESC LIMIT 2", error);
  if (stmt == NULL)
    return NULL;
  normal = cf_feed_normalise_code (id_or_code);
  sqlite3_bind_int64 (stmt, 1, today_start (session));
  bind_viewer (session, stmt);
  _cf_bind_text (stmt, 4, id_or_code);
  _cf_bind_text (stmt, 5, normal);
  if (!_cf_store_collect_objects (store, stmt, found, ticket_from_row, error))
    return NULL;
  if (g_list_model_get_n_items (G_LIST_MODEL (found)) == 1)
    return g_list_model_get_item (G_LIST_MODEL (found), 0);
  if (g_list_model_get_n_items (G_LIST_MODEL (found)) == 0)
    set_unknown_ticket (error, normal);
  else
    g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                 _("Two tickets today have the code %s; use the ticket’s id instead."), normal);
  return NULL;
}

/* ---- one ticket's state, inside a write ------------------------------ */

typedef struct {
  char   *code;
  char   *kind;
  char   *topic;
  char   *status;
  char   *student_id;
  char   *appointment_id;
  char   *adviser_id;
  char   *submission;
  gint64  waiting_since;
  gint64  called_at;
} Row;

static void
row_clear (Row *row)
{
  g_free (row->code);
  g_free (row->kind);
  g_free (row->topic);
  g_free (row->status);
  g_free (row->student_id);
  g_free (row->appointment_id);
  g_free (row->adviser_id);
  if (row->submission != NULL)
    cf_wipe_string (row->submission);
  memset (row, 0, sizeof *row);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

/* Loads the ticket and checks the user may deal with its student. */
static gboolean
load_row (CfSession  *session,
          const char *id,
          Row        *row,
          GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT code, kind, topic, status, student_id, appointment_id, adviser_id, submission,"
      " waiting_since, called_at FROM tickets WHERE id = ?", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_FAILED)
    return FALSE;
  if (step == CF_STEP_ROW)
    {
      row->code = _cf_column_dup (stmt, 0);
      row->kind = _cf_column_dup (stmt, 1);
      row->topic = _cf_column_dup (stmt, 2);
      row->status = _cf_column_dup (stmt, 3);
      row->student_id = _cf_column_dup (stmt, 4);
      row->appointment_id = _cf_column_dup (stmt, 5);
      row->adviser_id = _cf_column_dup (stmt, 6);
      row->submission = _cf_column_dup (stmt, 7);
      row->waiting_since = sqlite3_column_int64 (stmt, 8);
      row->called_at = sqlite3_column_int64 (stmt, 9);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_DONE)
    {
      set_no_ticket (error);
      return FALSE;
    }
  return row->student_id == NULL || _cf_session_check_student (session, row->student_id, error);
}

/* Says why the ticket is not in a state for this, from the state it is in. */
static gboolean
require_status (const Row         *row,
                const char *const *allowed,
                GError           **error)
{
  const char *sentence;

  if (g_strv_contains (allowed, row->status))
    return TRUE;
  if (g_str_equal (row->status, "waiting"))
    sentence = _("Ticket %s is still waiting: call it first.");
  else if (g_str_equal (row->status, "called"))
    sentence = _("Ticket %s has already been called.");
  else if (g_str_equal (row->status, "seen"))
    sentence = _("Ticket %s has already been seen.");
  else if (g_str_equal (row->status, "no-show"))
    sentence = _("Ticket %s was marked as not there.");
  else
    sentence = _("Ticket %s is closed.");
  g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT, sentence, row->code);
  return FALSE;
}

/* The audit entry of a ticket's change: about the student when known, so
 * it shows on their record, else about the ticket. */
static gboolean
audit_ticket (CfSession  *session,
              const char *action,
              const char *ticket_id,
              const char *student_id,
              GError    **error)
{
  return student_id != NULL
         ? _cf_session_audit (session, action, student_id, ticket_id, error)
         : _cf_session_audit (session, action, ticket_id, NULL, error);
}

typedef struct {
  const char *id;
  const char *adviser_id;     /* transfer: the new adviser */
  const char *target;         /* matching: the appointment or the student */
  CfTicket   *called;         /* call next: what was called */
  char       *student_id;     /* open, create: the student's id */
} TicketOp;

static gboolean
run_op (CfSession         *session,
        CfSessionWriteFunc body,
        TicketOp          *op,
        GError           **error)
{
  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (op->id != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return FALSE;
  return _cf_session_write (session, body, op, error);
}

/* Whether a no-show whose status changed at @changed (its clock stamp's
 * wall-clock time, in milliseconds) can still be undone.  Its submission
 * is kept for exactly as long (see forget_old). */
static gboolean
undo_window_open (gint64 changed)
{
  return changed > 0 && g_get_real_time () / 1000 - changed <= CF_TICKETS_UNDO_SECONDS * 1000;
}

/* A no-show is undone only soon after, while it can only be a slip of the
 * finger; later the ticket goes back to the queue (requeue) like any
 * other.  When the status changed is its clock stamp's wall-clock time. */
static gboolean
check_undo_window (CfSession  *session,
                   const char *id,
                   const Row  *row,
                   GError    **error)
{
  gint64 changed = 0;

  if (!_cf_replica_changed_at (cf_session_get_store (session), "ticket", id, "status", &changed,
                               error))
    return FALSE;
  if (undo_window_open (changed))
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
               _("Ticket %s was marked as not there over a minute ago; put it back in the queue instead."),
               row->code);
  return FALSE;
}

/* An opened ticket has its student and no longer holds the submission. */
static gboolean
is_opened (const Row *row)
{
  return row->student_id != NULL && row->submission == NULL;
}

/* An arrival without a booking code that matched no single appointment. */
static gboolean
is_unmatched (const Row *row)
{
  return g_strcmp0 (row->kind, "appointment") == 0 && row->appointment_id == NULL &&
         row->student_id == NULL;
}

/* Opening needs the student, their appointment, or what they typed; an
 * unmatched arrival is matched to one by hand first. */
static gboolean
can_be_opened (const Row *row)
{
  return row->student_id != NULL || row->appointment_id != NULL || row->submission != NULL ||
         is_unmatched (row);
}

static gboolean
refuse_unmatched (const Row *row,
                  GError   **error)
{
  g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
               _("Ticket %s is an arrival that matched no appointment: match it to one, or create a record from its details."),
               row->code);
  return FALSE;
}

/* ---- moving a ticket from one status to another ---------------------- */

static const char *const waiting_only[] = { "waiting", NULL };
static const char *const called_only[] = { "called", NULL };
static const char *const in_queue[] = { "waiting", "called", NULL };
static const char *const was_called[] = { "called", "no-show", NULL };
static const char *const no_show_only[] = { "no-show", NULL };
static const char *const was_seen[] = { "called", "seen", NULL };

/* What a move does besides setting the status, and what it checks first. */
typedef enum {
  MOVE_CALLS        = 1 << 0,  /* the user calls it now */
  MOVE_CALLS_AGAIN  = 1 << 1,  /* the kiosk shows it afresh */
  MOVE_UNCALLS      = 1 << 2,  /* nobody has called it */
  MOVE_TO_ADVISER   = 1 << 3,  /* it waits for op->adviser_id */
  MOVE_UNDOES       = 1 << 4,  /* back to waiting or called, as it was */
  MOVE_NEEDS_OPENED = 1 << 5,  /* what the student typed reached their record */
  MOVE_NEEDS_ENOUGH = 1 << 6,  /* back in the queue, it can still be opened */
} MoveEffects;

typedef enum {
  CALL,
  RECALL,
  NO_SHOW,
  UNDO_NO_SHOW,
  REQUEUE,
  TRANSFER,
  SEEN,
} MoveKind;

typedef struct {
  const char        *action;    /* its audit entry */
  const char *const *from;
  const char        *to;        /* NULL: where it was before (MOVE_UNDOES) */
  MoveEffects        effects;
} Move;

/* Every change of a ticket's status there is.  A requeued ticket keeps its
 * waiting_since: the student goes back to their old place.  A no-show
 * keeps its call, so that undoing it knows whether it was called.
 *
 * What the student typed leaves a ticket as it closes: opening moves it
 * into their records and clears it, so a seen ticket (which must be
 * opened) holds none; a no-show keeps it only while it can be undone, and
 * the sweep at the next sync pass (cf_tickets_forget_old) clears it, as it
 * clears a closed ticket's at once.  A no-show requeued after that works
 * when the ticket knows its student or appointment; a drop-in that does
 * not could never be opened, so it is refused and the student checks in
 * again. */
static const Move moves[] = {
  [CALL]         = { "ticket-called", waiting_only, "called", MOVE_CALLS },
  [RECALL]       = { "ticket-recalled", called_only, "called", MOVE_CALLS_AGAIN },
  [NO_SHOW]      = { "ticket-no-show", in_queue, "no-show", 0 },
  [UNDO_NO_SHOW] = { "ticket-no-show-undone", no_show_only, NULL, MOVE_UNDOES },
  [REQUEUE]      = { "ticket-requeued", was_called, "waiting", MOVE_UNCALLS | MOVE_NEEDS_ENOUGH },
  [TRANSFER]     = { "ticket-transferred", in_queue, "waiting", MOVE_UNCALLS | MOVE_TO_ADVISER },
  [SEEN]         = { "ticket-seen", called_only, "seen", MOVE_NEEDS_OPENED },
};

static gboolean
move_allowed (CfSession      *session,
              const Move     *move,
              const TicketOp *op,
              const Row      *row,
              GError        **error)
{
  if (!require_status (row, move->from, error))
    return FALSE;
  if ((move->effects & MOVE_NEEDS_OPENED) && !is_opened (row))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("Open ticket %s first, so that what the student typed reaches their record."),
                   row->code);
      return FALSE;
    }
  if ((move->effects & MOVE_NEEDS_ENOUGH) && !can_be_opened (row))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("Ticket %s no longer holds what the student typed, so it could not be opened; ask them to check in at the kiosk again."),
                   row->code);
      return FALSE;
    }
  if (move->effects & MOVE_UNDOES)
    return check_undo_window (session, op->id, row, error);
  if (move->effects & MOVE_TO_ADVISER)
    return _cf_users_check_may_advise (session, op->adviser_id, row->student_id,
                                       _("A ticket can only go to a current adviser or manager."), error);
  return TRUE;
}

/* The status, adviser and call time a move leaves: the call's three
 * columns, which are written together. */
typedef struct {
  const char *status;
  const char *adviser_id;
  gint64      called_at;     /* 0: not called */
} Call;

static Call
move_result (CfSession      *session,
             const Move     *move,
             const TicketOp *op,
             const Row      *row)
{
  Call next = { move->to, row->adviser_id, row->called_at };

  if (move->effects & MOVE_CALLS)
    next.adviser_id = cf_session_get_user_id (session);
  if (move->effects & (MOVE_CALLS | MOVE_CALLS_AGAIN))
    next.called_at = now_seconds ();
  if (move->effects & MOVE_UNCALLS)
    next = (Call) { move->to, NULL, 0 };
  if (move->effects & MOVE_TO_ADVISER)
    next.adviser_id = op->adviser_id;
  if (move->effects & MOVE_UNDOES)
    next.status = row->called_at > 0 ? "called" : "waiting";
  return next;
}

/* Only the columns that change are stamped: another desk's change to the
 * others still counts. */
static gboolean
write_call (CfSession  *session,
            const char *id,
            const Row  *row,
            const Call *next,
            GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "UPDATE tickets SET status = ?, adviser_id = ?, called_at = ? WHERE id = ?", error);
  const char *fields[4] = { NULL };
  guint n = 0;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, next->status);
  _cf_bind_text (stmt, 2, next->adviser_id);
  if (next->called_at > 0)
    sqlite3_bind_int64 (stmt, 3, next->called_at);
  else
    sqlite3_bind_null (stmt, 3);
  _cf_bind_text (stmt, 4, id);
  if (g_strcmp0 (row->status, next->status) != 0)
    fields[n++] = "status";
  if (g_strcmp0 (row->adviser_id, next->adviser_id) != 0)
    fields[n++] = "adviser_id";
  if (row->called_at != next->called_at)
    fields[n++] = "called_at";
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "ticket", id, fields, error);
}

/* The audit entry is about the student when known, so it shows on their
 * record; a transfer names the adviser it went to. */
static gboolean
move_row (CfSession      *session,
          MoveKind        kind,
          const TicketOp *op,
          const Row      *row,
          GError        **error)
{
  const Move *move = &moves[kind];
  Call next;

  if (!move_allowed (session, move, op, row, error))
    return FALSE;
  next = move_result (session, move, op, row);
  if (!write_call (session, op->id, row, &next, error))
    return FALSE;
  if (move->effects & MOVE_TO_ADVISER)
    return _cf_session_audit (session, move->action, row->student_id ? row->student_id : op->id,
                              op->adviser_id, error);
  return audit_ticket (session, move->action, op->id, row->student_id, error);
}

typedef struct {
  MoveKind  kind;
  TicketOp *op;
} MoveJob;

static gboolean
move_ticket (CfSession *session,
             gpointer   data,
             GError   **error)
{
  MoveJob *job = data;
  g_auto(Row) row = { 0 };

  return load_row (session, job->op->id, &row, error) &&
         move_row (session, job->kind, job->op, &row, error);
}

static gboolean
run_move (CfSession  *session,
          MoveKind    kind,
          const char *id,
          const char *adviser_id,
          GError    **error)
{
  TicketOp op = { id, adviser_id };
  MoveJob job = { kind, &op };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return FALSE;
  return _cf_session_write (session, move_ticket, &job, error);
}

gboolean
cf_tickets_call (CfSession  *session,
                 const char *id,
                 GError    **error)
{
  return run_move (session, CALL, id, NULL, error);
}

gboolean
cf_tickets_recall (CfSession  *session,
                   const char *id,
                   GError    **error)
{
  return run_move (session, RECALL, id, NULL, error);
}

gboolean
cf_tickets_no_show (CfSession  *session,
                    const char *id,
                    GError    **error)
{
  return run_move (session, NO_SHOW, id, NULL, error);
}

gboolean
cf_tickets_undo_no_show (CfSession  *session,
                         const char *id,
                         GError    **error)
{
  return run_move (session, UNDO_NO_SHOW, id, NULL, error);
}

gboolean
cf_tickets_requeue (CfSession  *session,
                    const char *id,
                    GError    **error)
{
  return run_move (session, REQUEUE, id, NULL, error);
}

gboolean
cf_tickets_transfer (CfSession  *session,
                     const char *id,
                     const char *adviser_id,
                     GError    **error)
{
  g_return_val_if_fail (adviser_id != NULL, FALSE);
  return run_move (session, TRANSFER, id, adviser_id, error);
}

gboolean
cf_tickets_seen (CfSession  *session,
                 const char *id,
                 GError    **error)
{
  return run_move (session, SEEN, id, NULL, error);
}

/* ---- calling the next ticket ------------------------------------------ */

/* Today's oldest waiting ticket for anyone or for this user, not of a
 * student they declared a conflict with. */
static char *
next_waiting (CfSession *session,
              GError   **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT t.id FROM tickets t WHERE t.status = 'waiting' AND t.waiting_since >= ?1"
      " AND (t.adviser_id IS NULL OR t.adviser_id = ?2)" TICKET_VISIBLE
      " ORDER BY t.waiting_since, " TICKET_TIE " LIMIT 1", error);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, today_start (session));
  bind_viewer (session, stmt);
  if (!_cf_store_get_text (store, stmt, &id, error))
    return NULL;
  if (id == NULL)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("Nobody is waiting for you."));
  return id;
}

static CfTicket *
read_ticket (CfSession  *session,
             const char *id,
             GError    **error)
{
  g_autoptr(GListStore) found = g_list_store_new (CF_TYPE_TICKET);
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store, TICKET_SELECT " WHERE t.id = ?1", error);

  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, id);
  if (!_cf_store_collect_objects (store, stmt, found, ticket_from_row, error))
    return NULL;
  if (g_list_model_get_n_items (G_LIST_MODEL (found)) == 0)
    {
      set_no_ticket (error);
      return NULL;
    }
  return g_list_model_get_item (G_LIST_MODEL (found), 0);
}

static gboolean
call_next (CfSession *session,
           gpointer   data,
           GError   **error)
{
  TicketOp *op = data;
  g_autofree char *id = next_waiting (session, error);
  MoveJob job = { CALL, op };

  if (id == NULL)
    return FALSE;
  op->id = id;
  if (!move_ticket (session, &job, error))
    return FALSE;
  op->called = read_ticket (session, id, error);
  op->id = NULL;
  return op->called != NULL;
}

CfTicket *
cf_tickets_call_next (CfSession *session,
                      GError   **error)
{
  TicketOp op = { NULL };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, call_next, &op, error))
    {
      g_clear_object (&op.called);
      return NULL;
    }
  return op.called;
}

/* ---- opening a ticket ------------------------------------------------ */

static char *
hash_access_code (const CfKey *key,
                  const char  *code)
{
  g_autofree char *normal = cf_feed_normalise_code (code);
  crypto_generichash_state state;
  guint8 hash[32];
  char hex[65];

  /* A keyed hash under the desks' own key: a kiosk, which knows every
   * access code it hands out, cannot compute it. */
  crypto_generichash_init (&state, cf_key_get_bytes (key), CF_KEY_BYTES, sizeof hash);
  crypto_generichash_update (&state, (const guint8 *) ACCESS_CODE_DOMAIN, sizeof ACCESS_CODE_DOMAIN);
  crypto_generichash_update (&state, (const guint8 *) normal, strlen (normal));
  crypto_generichash_final (&state, hash, sizeof hash);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  return g_strdup (hex);
}

/* Under a key that only case-key holders can derive, and that stays the
 * same when the case key changes: codes already handed out keep working. */
static char *
access_code_hash_locked (CfSession  *session,
                         const char *code,
                         GError    **error)
{
  CfCaseKeyring *ring = _cf_session_get_case_keys (session);
  g_autoptr(CfKey) key = NULL;

  if (ring == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
                   _("Your role cannot see students’ records. Ask an adviser or a manager."));
      return NULL;
    }
  key = _cf_case_keyring_derive (ring, "access-code");
  return hash_access_code (key, code);
}

char *
cf_tickets_access_code_hash (CfSession  *session,
                             const char *access_code,
                             GError    **error)
{
  g_autoptr(CfStoreLock) lock = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (access_code != NULL, NULL);
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return NULL;
  lock = _cf_store_lock (cf_session_get_store (session));
  return access_code_hash_locked (session, access_code, error);
}

/* A typed value, or NULL when missing, blank or not text. */
static const char *
typed (JsonObject *object,
       const char *member)
{
  const char *text = object ? cf_json_get_string (object, member) : NULL;

  if (text == NULL)
    return NULL;
  while (g_ascii_isspace (*text))
    text++;
  return *text ? text : NULL;
}

/* *id is NULL when no student has that number. */
static gboolean
find_by_student_number (CfStore    *store,
                        const char *number,
                        char      **id,
                        GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT id FROM students WHERE student_number = ? ORDER BY created_at LIMIT 1", error);

  *id = NULL;
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, number);
  return _cf_store_get_text (store, stmt, id, error);
}

/* Within the write: the student as the kiosk collected them, checked by
 * the rules of every student record except that the name is optional. */
static char *
insert_student (CfSession  *session,
                CfStudent  *student,
                const char *access_code_hash,
                GError    **error)
{
  student->id = g_uuid_string_random ();
  student->created_at = now_seconds ();
  if (!_cf_students_check_fields (student, error) ||
      !_cf_students_insert (session, student, access_code_hash, "kiosk", error))
    return NULL;
  return g_strdup (student->id);
}

/* An anonymous student is always new, known by the access code they quote. */
static char *
anonymous_student (CfSession  *session,
                   JsonObject *submission,
                   GError    **error)
{
  g_autoptr(CfStudent) student = cf_student_new ();
  const char *code = typed (submission, "access_code");
  g_autofree char *hash = NULL;

  if (code != NULL)
    {
      hash = access_code_hash_locked (session, code, error);
      if (hash == NULL)
        return NULL;
    }
  return insert_student (session, student, hash, error);
}

/* The contact is an email address if it has an @, else a phone number. */
static CfStudent *
student_from_details (JsonObject *submission)
{
  CfStudent *student = cf_student_new ();
  const char *contact = typed (submission, "contact");

  student->name = g_strdup (typed (submission, "name"));
  student->preferred_name = g_strdup (typed (submission, "preferred_name"));
  student->student_number = g_strdup (typed (submission, "student_id"));
  student->college = g_strdup (typed (submission, "college"));
  student->faculty = g_strdup (typed (submission, "faculty"));
  if (contact != NULL && strchr (contact, '@') != NULL)
    student->email = g_strdup (contact);
  else
    student->phone = g_strdup (contact);
  return student;
}

/* The student a submission is about: an anonymous one is always new; a
 * named one is matched by student ID before a record is made. */
static char *
student_from_submission (CfSession  *session,
                         const Row  *row,
                         JsonObject *submission,
                         GError    **error)
{
  const char *number = typed (submission, "student_id");
  g_autoptr(CfStudent) student = NULL;
  char *id = NULL;

  if (submission == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND,
                   _("Ticket %s holds no details to open a record from; find the student on the Students page."),
                   row->code);
      return NULL;
    }
  if (cf_json_get_boolean (submission, "anonymous", FALSE))
    return anonymous_student (session, submission, error);
  if (number != NULL && !find_by_student_number (cf_session_get_store (session), number, &id, error))
    return NULL;
  if (id != NULL)
    return id;
  student = student_from_details (submission);
  return insert_student (session, student, NULL, error);
}

/* The appointment's own student: an appointment ticket never makes a
 * second record. */
static char *
appointment_student (CfStore    *store,
                     const char *appointment_id,
                     GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT student_id FROM appointments WHERE id = ?", error);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, appointment_id);
  if (!_cf_store_get_text (store, stmt, &id, error))
    return NULL;
  if (id == NULL)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("There is no appointment with that id."));
  return id;
}

/* "prefer-not-to-say" and anything that is not a date are kept as NULL. */
static const char *
birth_date (JsonObject *monitoring)
{
  const char *text = typed (monitoring, "date_of_birth");
  int y, m, d;

  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return NULL;
  return text;
}

static gboolean
store_monitoring (CfSession  *session,
                  const char *student_id,
                  JsonObject *monitoring,
                  GError    **error)
{
  if (monitoring == NULL)
    return TRUE;
  return _cf_students_set_monitoring (session, student_id, birth_date (monitoring),
                                      typed (monitoring, "gender"),
                                      typed (monitoring, "ethnicity"), error);
}

/* A slip names a wording the kiosk showed; one this office never
 * published is left out (*known NULL) rather than refusing the slip. */
static gboolean
known_wording (CfStore     *store,
               const char  *version,
               const char **known,
               GError     **error)
{
  gboolean found;

  *known = NULL;
  if (!_cf_consents_wording_known (store, version, &found, error))
    return FALSE;
  *known = found ? version : NULL;
  return TRUE;
}

typedef struct {
  const char *student_id;
  const char *wording;
  gint64      signed_at;
} Slip;

/* Granted or not, recorded as the slip was signed: by the student, when
 * they signed it, taken in by this desk's user. */
static gboolean
insert_consent (CfSession  *session,
                const Slip *slip,
                const char *party,
                gboolean    granted,
                GError    **error)
{
  g_autoptr(CfConsent) consent = NULL;

  if (!cf_text_check_required (party, CF_TEXT_LINE, _("The third party"), error))
    return FALSE;
  consent = cf_consent_new ();
  consent->id = g_uuid_string_random ();
  consent->student_id = g_strdup (slip->student_id);
  consent->third_party = g_strdup (party);
  consent->granted = granted;
  consent->source = g_strdup (cf_consent_source_to_string (CF_CONSENT_SOURCE_KIOSK));
  consent->wording_version = g_strdup (slip->wording);
  consent->recorded_by = g_strdup (cf_session_get_user_id (session));
  consent->recorded_at = slip->signed_at;
  return _cf_consents_insert (session, consent, NULL, error);
}

/* One consent record per third party on the slip, granted or not.  The
 * slip lists them under "parties"; older kiosks put them beside the
 * version.  A slip the student declined records nothing: the adviser
 * talks it through with them first. */
static gboolean
store_consents (CfSession  *session,
                const char *student_id,
                const Row  *row,
                JsonObject *consent,
                GError    **error)
{
  JsonObject *parties = cf_json_get_object (consent, "parties");
  Slip slip = { student_id, NULL, row->waiting_since };
  g_autoptr(GList) members = NULL;
  guint n = 0;

  if (consent == NULL || cf_json_get_boolean (consent, "declined", FALSE))
    return TRUE;
  if (!known_wording (cf_session_get_store (session), typed (consent, "version"), &slip.wording,
                      error))
    return FALSE;
  members = json_object_get_members (parties ? parties : consent);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (parties ? parties : consent, l->data);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        continue;
      if (!insert_consent (session, &slip, l->data, json_node_get_boolean (node), error))
        return FALSE;
      n++;
    }
  if (n == 0)
    return TRUE;
  {
    g_autofree char *detail = g_strdup_printf ("kiosk %u", n);
    return _cf_session_audit (session, "consent-recorded", student_id, detail, error);
  }
}

/* The student's open case, or a new one about the ticket's topic. */
static gboolean
ensure_case (CfSession  *session,
             const char *student_id,
             const char *topic,
             GError    **error)
{
  g_autofree char *case_id = _cf_cases_open_case (session, student_id, topic,
                                                  now_seconds (), error);

  return case_id != NULL;
}

/* The submission has done its work once it is in the records: it goes.
 * The ticket stays called, on the kiosk's screen, until the adviser says
 * the student was seen. */
static gboolean
mark_opened (CfSession  *session,
             const char *id,
             const char *student_id,
             GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "UPDATE tickets SET student_id = ?, adviser_id = ?, submission = NULL WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student_id);
  _cf_bind_text (stmt, 2, cf_session_get_user_id (session));
  _cf_bind_text (stmt, 3, id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "ticket", id,
                             (const char *const[]) { "student_id", "adviser_id", "submission", NULL },
                             error) &&
         _cf_session_audit (session, "ticket-opened", student_id, id, error);
}

/* The student a ticket is about.  An arrival is never made into a new
 * record here: it has its appointment's student, or one an adviser
 * matched or created by hand. */
static char *
ticket_student (CfSession  *session,
                const Row  *row,
                JsonObject *submission,
                GError    **error)
{
  if (row->student_id != NULL)
    return g_strdup (row->student_id);
  if (row->appointment_id != NULL)
    return appointment_student (cf_session_get_store (session), row->appointment_id, error);
  if (is_unmatched (row))
    {
      refuse_unmatched (row, error);
      return NULL;
    }
  return student_from_submission (session, row, submission, error);
}

/* What the kiosk collected goes into the student's records. */
static gboolean
open_records (CfSession  *session,
              TicketOp   *op,
              const Row  *row,
              JsonObject *submission,
              GError    **error)
{
  op->student_id = ticket_student (session, row, submission, error);
  return op->student_id != NULL &&
         _cf_session_check_student (session, op->student_id, error) &&
         store_monitoring (session, op->student_id, cf_json_get_object (submission, "monitoring"), error) &&
         store_consents (session, op->student_id, row, cf_json_get_object (submission, "consent"), error) &&
         ensure_case (session, op->student_id, row->topic, error) &&
         (row->appointment_id == NULL ||
          _cf_appointments_mark_arrived (session, row->appointment_id, op->student_id, error)) &&
         mark_opened (session, op->id, op->student_id, error);
}

/* A waiting ticket is called first, so its code shows on the kiosk and
 * the student knows to come. */
static gboolean
open_ticket (CfSession *session,
             gpointer   data,
             GError   **error)
{
  TicketOp *op = data;
  g_auto(Row) row = { 0 };
  g_autoptr(JsonNode) root = NULL;

  if (!load_row (session, op->id, &row, error))
    return FALSE;
  if (is_opened (&row) && g_strv_contains (was_seen, row.status))
    {
      op->student_id = g_strdup (row.student_id);
      return TRUE;
    }
  if (!require_status (&row, in_queue, error))
    return FALSE;
  if (is_unmatched (&row))
    return refuse_unmatched (&row, error);
  if (g_str_equal (row.status, "waiting") && !move_row (session, CALL, op, &row, error))
    return FALSE;
  root = row.submission ? cf_json_parse (row.submission, -1) : NULL;
  return open_records (session, op, &row,
                       root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL,
                       error);
}

char *
cf_tickets_open (CfSession  *session,
                 const char *id,
                 GError    **error)
{
  TicketOp op = { id };

  if (!run_op (session, open_ticket, &op, error))
    {
      g_clear_pointer (&op.student_id, g_free);
      return NULL;
    }
  return op.student_id;
}

/* ---- forgetting what the student typed ------------------------------- */

/* Statuses a ticket leaves the queue in for good. */
static const char *const closed_for_good[] = { "seen", "closed", NULL };

/* Clears the submission on every desk: it replicates like any change. */
static gboolean
forget_submission (CfStore    *store,
                   const char *id,
                   GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "UPDATE tickets SET submission = NULL WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "ticket", id, (const char *const[]) { "submission", NULL },
                             error);
}

/* A ticket that holds a submission no longer needs it when it started
 * waiting over a week ago, when it closed for good, or when it is a
 * no-show that can no longer be undone. */
static gboolean
submission_due (CfStore    *store,
                const char *id,
                const char *status,
                gint64      waiting_since,
                gboolean   *due,
                GError    **error)
{
  gint64 changed = 0;

  *due = waiting_since < now_seconds () - CF_TICKETS_KEEP_DETAILS_DAYS * DAY_SECONDS ||
         g_strv_contains (closed_for_good, status);
  if (*due || g_strcmp0 (status, "no-show") != 0)
    return TRUE;
  if (!_cf_replica_changed_at (store, "ticket", id, "status", &changed, error))
    return FALSE;
  *due = !undo_window_open (changed);
  return TRUE;
}

/* The tickets that still hold a submission, from their partial index
 * (tickets_holding_details): a few at most. */
static gboolean
holding_details (CfStore   *store,
                 GPtrArray *ids,
                 GPtrArray *statuses,
                 GArray    *since,
                 GError   **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT id, status, waiting_since FROM tickets WHERE submission IS NOT NULL", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      gint64 at = sqlite3_column_int64 (stmt, 2);

      g_ptr_array_add (ids, _cf_column_dup (stmt, 0));
      g_ptr_array_add (statuses, _cf_column_dup (stmt, 1));
      g_array_append_val (since, at);
    }
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

/* One audit entry for the sweep, with a count: no ticket or student. */
static gboolean
forget_old (CfSession *session,
            gpointer   data,
            GError   **error)
{
  guint *forgotten = data;
  CfStore *store = cf_session_get_store (session);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) since = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *detail = NULL;

  *forgotten = 0;
  if (!holding_details (store, ids, statuses, since, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gboolean due;

      if (!submission_due (store, ids->pdata[i], statuses->pdata[i],
                           g_array_index (since, gint64, i), &due, error))
        return FALSE;
      if (due && !forget_submission (store, ids->pdata[i], error))
        return FALSE;
      *forgotten += due ? 1 : 0;
    }
  if (*forgotten == 0)
    return TRUE;
  detail = g_strdup_printf ("%u", *forgotten);
  return _cf_session_audit (session, "ticket-details-forgotten", NULL, detail, error);
}

gboolean
cf_tickets_forget_old (CfSession *session,
                       guint     *forgotten,
                       GError   **error)
{
  guint n = 0;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  if (forgotten != NULL)
    *forgotten = 0;
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, forget_old, &n, error))
    return FALSE;
  if (forgotten != NULL)
    *forgotten = n;
  return TRUE;
}

/* ---- what a sync pass brought ----------------------------------------- */

static gboolean
last_ticket_rowid (CfStore *store,
                   gint64  *rowid,
                   GError **error)
{
  sqlite3_stmt *stmt;
  CfStep step;

  *rowid = 0;
  if (!cf_store_has_cases (store))
    return TRUE;     /* no case database yet: every ticket after the sync is new */
  stmt = _cf_store_prepare (store, "SELECT coalesce (max (rowid), 0) FROM tickets", error);
  if (stmt == NULL)
    return FALSE;
  step = _cf_store_step (store, stmt, error);
  *rowid = step == CF_STEP_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

/* An arrival checked in by name (no booking code): today's one booked
 * appointment whose student has that name (case, accents and spacing
 * aside) and that date of birth.  A name alone would let anyone mark a
 * classmate arrived; with no date of birth, or two matches, *id is NULL
 * and an adviser matches the ticket by hand.  Today's appointments are
 * few, so they are compared here rather than in SQL, which folds ASCII
 * only. */
static gboolean
match_arrival (CfSession  *session,
               JsonObject *details,
               gint64      day,
               char      **id,
               GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  const char *name = typed (details, "name"), *born = birth_date (details);
  g_autofree char *folded = NULL;
  sqlite3_stmt *stmt;
  int matches = 0;
  CfStep step;

  *id = NULL;
  if (name == NULL || born == NULL)
    return TRUE;
  stmt = _cf_store_prepare (store,
      "SELECT a.id, s.name FROM appointments a JOIN students s ON s.id = a.student_id"
      " JOIN monitoring m ON m.student_id = a.student_id"
      " WHERE a.start_at >= ?1 AND a.start_at < ?1 + 86400 AND a.status = 'booked'"
      " AND m.date_of_birth = ?2 AND s.name IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;
  folded = cf_text_fold (name);
  sqlite3_bind_int64 (stmt, 1, day);
  _cf_bind_text (stmt, 2, born);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      g_autofree char *theirs = cf_text_fold ((const char *) sqlite3_column_text (stmt, 1));

      if (g_str_equal (theirs, folded) && ++matches == 1)
        *id = _cf_column_dup (stmt, 0);
    }
  sqlite3_reset (stmt);
  if (matches != 1 || step == CF_STEP_FAILED)
    g_clear_pointer (id, g_free);
  return step != CF_STEP_FAILED;
}

static gboolean
link_arrival (CfSession  *session,
              const char *ticket_id,
              const char *appointment_id,
              GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autofree char *student_id = NULL, *adviser_id = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT student_id, adviser_id FROM appointments WHERE id = ?", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, appointment_id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_FAILED)
    return FALSE;
  if (step == CF_STEP_ROW)
    {
      student_id = _cf_column_dup (stmt, 0);
      adviser_id = _cf_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (student_id == NULL)
    return TRUE;      /* not arrived here yet: the next pass tries again */
  stmt = _cf_store_prepare (store,
      "UPDATE tickets SET appointment_id = ?, student_id = ?, adviser_id = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, appointment_id);
  _cf_bind_text (stmt, 2, student_id);
  _cf_bind_text (stmt, 3, adviser_id);
  _cf_bind_text (stmt, 4, ticket_id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "ticket", ticket_id,
                             (const char *const[]) { "appointment_id", "student_id",
                                                          "adviser_id", NULL }, error) &&
         _cf_appointments_mark_arrived (session, appointment_id, student_id, error);
}

typedef struct {
  gint64      after_rowid;
  gint64      day;
} Arrivals;

static gboolean
handle_arrival (CfSession  *session,
                const char *ticket_id,
                const char *appointment_id,
                const char *submission,
                Arrivals   *arrivals,
                GError    **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *matched = NULL;
  JsonObject *details;

  if (appointment_id != NULL)
    return link_arrival (session, ticket_id, appointment_id, error);
  root = submission ? cf_json_parse (submission, -1) : NULL;
  details = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (!match_arrival (session, details, arrivals->day, &matched, error))
    return FALSE;
  return matched == NULL || link_arrival (session, ticket_id, matched, error);
}

/* Three columns, any of them NULL (so not a GStrv); the submission is
 * wiped, it holds what the student typed. */
static void
free_arrival_row (char **row)
{
  g_free (row[0]);
  g_free (row[1]);
  if (row[2] != NULL)
    cf_wipe_string (row[2]);
  g_free (row);
}

/* Appointment tickets that came in this pass and are not linked yet. */
static gboolean
handle_arrivals (CfSession *session,
                 gpointer   data,
                 GError   **error)
{
  Arrivals *arrivals = data;
  CfStore *store = cf_session_get_store (session);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) free_arrival_row);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT id, appointment_id, submission FROM tickets WHERE rowid > ? AND status = 'waiting'"
      " AND kind = 'appointment' AND student_id IS NULL", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, arrivals->after_rowid);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      char **row = g_new0 (char *, 4);

      for (int i = 0; i < 3; i++)
        row[i] = _cf_column_dup (stmt, i);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];

      if (!handle_arrival (session, row[0], row[1], row[2], arrivals, error))
        return FALSE;
    }
  return TRUE;
}

static GListModel *
list_arrivals (CfSession *session,
               Arrivals  *arrivals,
               GError   **error)
{
  g_autoptr(GListStore) tickets = g_list_store_new (CF_TYPE_TICKET);
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      TICKET_SELECT " WHERE t.rowid > ?4 AND t.status = 'waiting' AND t.waiting_since >= ?1"
      TICKET_VISIBLE " ORDER BY t.waiting_since, t.rowid", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, arrivals->day);
  bind_viewer (session, stmt);
  sqlite3_bind_int64 (stmt, 4, arrivals->after_rowid);
  if (!_cf_store_collect_objects (store, stmt, tickets, ticket_from_row, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&tickets));
}

/* New tickets are told apart by rowid: on a desk only a sync pass adds
 * tickets, and the store lock is held from before the pass to after.  The
 * pass also clears what tickets no longer need: a desk in use syncs every
 * 30 s, so nobody has to remember to. */
gboolean
cf_tickets_sync (CfSession    *session,
                 const char   *sync_dir,
                 CfSyncReport *report,
                 GListModel  **arrivals_out,
                 GError      **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  Arrivals arrivals = { 0 };
  gboolean reads;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (sync_dir != NULL && report != NULL, FALSE);
  if (arrivals_out != NULL)
    *arrivals_out = NULL;
  if (cf_session_is_locked (session))
    return cf_session_require (session, CF_PERMISSION_READ_CASES, error);
  lock = _cf_store_lock (cf_session_get_store (session));
  /* An administrator syncs but never reads who came in.  The clearing
   * comes first, so that it leaves with this pass. */
  reads = cf_session_can (session, CF_PERMISSION_READ_CASES);
  if ((reads && !cf_tickets_forget_old (session, NULL, error)) ||
      !last_ticket_rowid (cf_session_get_store (session), &arrivals.after_rowid, error) ||
      !cf_sync_run (session, sync_dir, report, error))
    return FALSE;
  if (!reads)
    return TRUE;
  arrivals.day = today_start (session);
  if (!_cf_session_write (session, handle_arrivals, &arrivals, error))
    return FALSE;
  if (arrivals_out != NULL)
    *arrivals_out = list_arrivals (session, &arrivals, error);
  return arrivals_out == NULL || *arrivals_out != NULL;
}

/* ---- an arrival matched by hand ---------------------------------------- */

/* An arrival still waiting for its student, in the queue. */
static gboolean
load_unmatched (CfSession  *session,
                const char *id,
                Row        *row,
                GError    **error)
{
  if (!load_row (session, id, row, error) || !require_status (row, in_queue, error))
    return FALSE;
  if (is_unmatched (row))
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
               _("Ticket %s already has its student."), row->code);
  return FALSE;
}

/* Only today's booked appointments take an arrival. */
static gboolean
check_booked_today (CfSession  *session,
                    const char *appointment_id,
                    GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT 1 FROM appointments WHERE id = ?2 AND status = 'booked'"
      " AND start_at >= ?1 AND start_at < ?1 + 86400", error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, today_start (session));
  _cf_bind_text (stmt, 2, appointment_id);
  if (!_cf_store_exists (store, stmt, &found, error))
    return FALSE;
  if (!found)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND,
                 _("That appointment is not one of today’s booked appointments."));
  return found;
}

static gboolean
match_to_appointment (CfSession *session,
                      gpointer   data,
                      GError   **error)
{
  TicketOp *op = data;
  g_auto(Row) row = { 0 };
  g_autofree char *student_id = NULL;

  if (!load_unmatched (session, op->id, &row, error) ||
      !check_booked_today (session, op->target, error))
    return FALSE;
  student_id = appointment_student (cf_session_get_store (session), op->target, error);
  return student_id != NULL &&
         _cf_session_check_student (session, student_id, error) &&
         link_arrival (session, op->id, op->target, error) &&
         audit_ticket (session, "ticket-matched", op->id, student_id, error);
}

gboolean
cf_tickets_match (CfSession  *session,
                  const char *id,
                  const char *appointment_id,
                  GError    **error)
{
  TicketOp op = { id, NULL, appointment_id };

  g_return_val_if_fail (appointment_id != NULL, FALSE);
  return run_op (session, match_to_appointment, &op, error);
}

static gboolean
set_ticket_student (CfSession  *session,
                    const char *id,
                    const char *student_id,
                    GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store, "UPDATE tickets SET student_id = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student_id);
  _cf_bind_text (stmt, 2, id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "ticket", id, (const char *const[]) { "student_id", NULL }, error);
}

static gboolean
match_to_student (CfSession *session,
                  gpointer   data,
                  GError   **error)
{
  TicketOp *op = data;
  g_auto(Row) row = { 0 };

  return load_unmatched (session, op->id, &row, error) &&
         _cf_session_check_student (session, op->target, error) &&
         set_ticket_student (session, op->id, op->target, error) &&
         audit_ticket (session, "ticket-matched", op->id, op->target, error);
}

gboolean
cf_tickets_match_student (CfSession  *session,
                          const char *id,
                          const char *student_id,
                          GError    **error)
{
  TicketOp op = { id, NULL, student_id };

  g_return_val_if_fail (student_id != NULL, FALSE);
  return run_op (session, match_to_student, &op, error);
}

static JsonNode *
parse_submission (const Row *row)
{
  g_autoptr(JsonNode) root = row->submission ? cf_json_parse (row->submission, -1) : NULL;

  return root && JSON_NODE_HOLDS_OBJECT (root) ? g_steal_pointer (&root) : NULL;
}

/* The record has what the arrival typed: a name and a date of birth. */
static gboolean
create_from_arrival (CfSession *session,
                     gpointer   data,
                     GError   **error)
{
  TicketOp *op = data;
  g_auto(Row) row = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CfStudent) student = cf_student_new ();
  JsonObject *details;

  if (!load_unmatched (session, op->id, &row, error))
    return FALSE;
  root = parse_submission (&row);
  details = root ? json_node_get_object (root) : NULL;
  if (typed (details, "name") == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND,
                   _("Ticket %s holds no name to make a record from; find the student on the Students page."),
                   row.code);
      return FALSE;
    }
  student->name = g_strdup (typed (details, "name"));
  op->student_id = insert_student (session, student, NULL, error);
  return op->student_id != NULL &&
         (birth_date (details) == NULL ||
          _cf_students_set_monitoring (session, op->student_id, birth_date (details), NULL, NULL,
                                       error)) &&
         set_ticket_student (session, op->id, op->student_id, error) &&
         audit_ticket (session, "ticket-record-created", op->id, op->student_id, error);
}

char *
cf_tickets_create_student (CfSession  *session,
                           const char *id,
                           GError    **error)
{
  TicketOp op = { id };

  if (!run_op (session, create_from_arrival, &op, error))
    {
      g_clear_pointer (&op.student_id, g_free);
      return NULL;
    }
  return op.student_id;
}

gboolean
cf_tickets_get_arrival (CfSession  *session,
                        const char *id,
                        char      **name,
                        char      **date_of_birth,
                        GError    **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  g_auto(Row) row = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *details;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (id != NULL && name != NULL && date_of_birth != NULL, FALSE);
  *name = *date_of_birth = NULL;
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return FALSE;
  lock = _cf_store_lock (cf_session_get_store (session));
  if (!load_row (session, id, &row, error))
    return FALSE;
  root = parse_submission (&row);
  details = root ? json_node_get_object (root) : NULL;
  *name = g_strdup (typed (details, "name"));
  *date_of_birth = g_strdup (birth_date (details));
  return TRUE;
}
