/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-queue-view.h"

#include "desk-widgets.h"

#include <glib/gi18n.h>

#include "cf-appointments.h"
#include "cf-office.h"
#include "cf-text.h"
#include "cf-tickets.h"
#include "cf-time.h"
#include "cf-users.h"
#include "desk-a11y.h"
#include "desk-jobs.h"
#include "desk-list.h"
#include "desk-window.h"

#define TICK_SECONDS 30   /* how often the waiting times move on */

struct _DeskQueueView {
  GtkWidget           parent_instance;

  GtkLabel           *count_label;
  GtkStack           *stack;
  GtkColumnView      *column_view;

  CfSession          *session;
  GCancellable       *cancellable;   /* loading the list */
  GCancellable       *actions;       /* changes to tickets */
  GListStore         *tickets;       /* CfTicket */
  GtkSingleSelection *selection;
  GPtrArray          *waiting_items; /* bound GtkListItems of the Waiting column */
  GSimpleActionGroup *undo_group;    /* the No-Show toast's Undo, on the toast overlay */
  char               *wanted_id;     /* a ticket to select once listed */
  guint               tick_id;
};

G_DEFINE_FINAL_TYPE (DeskQueueView, desk_queue_view, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- what a row says (pure) --- */

static char *
format_minutes (gint64 seconds)
{
  gint64 minutes = MAX (seconds, 0) / 60;

  if (minutes < 1)
    return g_strdup (_("Under a minute"));
  if (minutes < 60)
    return g_strdup_printf (ngettext ("%d min", "%d min", minutes), (int) minutes);
  /* TRANSLATORS: hours and minutes, like "1 h 05 min" */
  return g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
}

static char *
format_estimate (CfTicket *ticket)
{
  g_autofree char *span = NULL;

  if (cf_ticket_get_estimated_wait (ticket) < 0)
    return g_strdup ("—");
  span = format_minutes (cf_ticket_get_estimated_wait (ticket));
  /* TRANSLATORS: an estimate of the wait, like "About 15 min" */
  return g_strdup_printf (_("About %s"), span);
}

static char *
format_ticket_status (CfTicket   *ticket,
                      const char *my_id)
{
  const char *adviser = cf_ticket_get_adviser_name (ticket);
  gboolean mine = g_strcmp0 (cf_ticket_get_adviser_id (ticket), my_id) == 0;
  gboolean called = g_strcmp0 (cf_ticket_get_status (ticket), "called") == 0;

  if (adviser == NULL)
    return g_strdup (called ? _("Called") : _("Waiting"));
  if (mine)
    return g_strdup (called ? _("Called by you") : _("Waiting for you"));
  return g_strdup_printf (called ? _("Called by %s") : _("Waiting for %s"), adviser);
}

static const char *
format_kind (CfTicket *ticket)
{
  return g_strcmp0 (cf_ticket_get_kind (ticket), "appointment") == 0 ? _("Appointment") : _("Drop-in");
}

/* An unmatched arrival says so before anything else: it needs an adviser. */
static const char *
format_topic (CfTicket *ticket)
{
  if (cf_ticket_get_unmatched (ticket))
    return _("Arrival — not matched");
  return cf_ticket_get_topic (ticket) ? cf_ticket_get_topic (ticket) : format_kind (ticket);
}

/* --- helpers --- */

static DeskWindow *
get_window (DeskQueueView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return DESK_IS_WINDOW (root) ? DESK_WINDOW (root) : NULL;
}

static CfTicket *
selected_ticket (DeskQueueView *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
update_actions (DeskQueueView *self)
{
  CfTicket *ticket = selected_ticket (self);
  const char *status = ticket ? cf_ticket_get_status (ticket) : "";
  gboolean waiting = g_str_equal (status, "waiting"), called = g_str_equal (status, "called");
  gboolean unmatched = ticket && cf_ticket_get_unmatched (ticket);
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "queue.call-next", self->session != NULL);
  gtk_widget_action_set_enabled (widget, "queue.call", waiting);
  gtk_widget_action_set_enabled (widget, "queue.recall", called);
  gtk_widget_action_set_enabled (widget, "queue.no-show", waiting || called);
  gtk_widget_action_set_enabled (widget, "queue.requeue", called);
  gtk_widget_action_set_enabled (widget, "queue.transfer", waiting || called);
  gtk_widget_action_set_enabled (widget, "queue.open", (waiting || called) && !unmatched);
  gtk_widget_action_set_enabled (widget, "queue.seen", called && !unmatched);
  gtk_widget_action_set_enabled (widget, "queue.match", (waiting || called) && unmatched);
  gtk_widget_action_set_enabled (widget, "queue.create-record", (waiting || called) && unmatched);
}

static gboolean
select_wanted (DeskQueueView *self)
{
  GListModel *model = G_LIST_MODEL (self->tickets);

  for (guint i = 0; self->wanted_id && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CfTicket) ticket = g_list_model_get_item (model, i);

      if (g_strcmp0 (cf_ticket_get_id (ticket), self->wanted_id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
          g_clear_pointer (&self->wanted_id, g_free);
          return TRUE;
        }
    }
  return FALSE;
}

/* --- loading, on the writer thread --- */

static gpointer
queue_job (CfSession    *session,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  return cf_tickets_list_today (session, error);
}

static void
update_count (DeskQueueView *self)
{
  guint waiting = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tickets)); i++)
    {
      g_autoptr(CfTicket) ticket = g_list_model_get_item (G_LIST_MODEL (self->tickets), i);

      waiting += g_strcmp0 (cf_ticket_get_status (ticket), "waiting") == 0;
    }
  if (waiting == 0)
    gtk_label_set_text (self->count_label, _("Nobody is waiting"));
  else
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u waiting", "%u waiting", waiting), waiting);
      gtk_label_set_text (self->count_label, text);
    }
}

static void
show_tickets (DeskQueueView *self,
              GListModel    *tickets)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *selected_id = NULL;

  if (selected_ticket (self) != NULL)
    selected_id = g_strdup (cf_ticket_get_id (selected_ticket (self)));
  for (guint i = 0; i < g_list_model_get_n_items (tickets); i++)
    g_ptr_array_add (items, g_list_model_get_item (tickets, i));
  desk_list_store_update (self->tickets, items, (GEqualFunc) cf_ticket_equal);
  if (self->wanted_id == NULL && selected_id != NULL && selected_ticket (self) == NULL)
    self->wanted_id = g_steal_pointer (&selected_id);
  /* A ticket asked for that is not in today's queue (seen meanwhile) is
   * not waited for any longer. */
  if (!select_wanted (self))
    g_clear_pointer (&self->wanted_id, g_free);
  update_count (self);
  update_actions (self);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
}

static void
queue_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DeskQueueView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) tickets = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  if (tickets == NULL)
    {
      gtk_label_set_text (self->count_label, error->message);
      return;
    }
  show_tickets (self, tickets);
  g_signal_emit (self, signals[LOADED], 0);
}

void
desk_queue_view_reload (DeskQueueView *self)
{
  g_return_if_fail (DESK_IS_QUEUE_VIEW (self));

  if (self->session == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  desk_session_run_async (self->session, queue_job, NULL, NULL, g_object_unref,
                          self->cancellable, queue_loaded_cb, g_object_ref (self));
}

void
desk_queue_view_show_ticket (DeskQueueView *self,
                             const char    *ticket_id)
{
  g_return_if_fail (DESK_IS_QUEUE_VIEW (self));
  g_return_if_fail (ticket_id != NULL);

  g_free (self->wanted_id);
  self->wanted_id = g_strdup (ticket_id);
  if (!select_wanted (self))
    desk_queue_view_reload (self);
}

/* Runs every TICK_SECONDS: the waiting times shown move on. */
static void
update_waiting_label (GtkListItem *item)
{
  CfTicket *ticket = gtk_list_item_get_item (item);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *text = NULL;

  if (ticket == NULL)
    return;
  text = format_minutes (now - cf_ticket_get_waiting_since (ticket));
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static gboolean
tick_cb (gpointer user_data)
{
  DeskQueueView *self = user_data;

  for (guint i = 0; i < self->waiting_items->len; i++)
    update_waiting_label (g_ptr_array_index (self->waiting_items, i));
  return G_SOURCE_CONTINUE;
}

void
desk_queue_view_set_session (DeskQueueView *self,
                             CfSession     *session)
{
  g_return_if_fail (DESK_IS_QUEUE_VIEW (self));

  desk_queue_view_clear (self);
  g_set_object (&self->session, session);
  update_actions (self);
  if (session != NULL)
    self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
  desk_queue_view_reload (self);
}

void
desk_queue_view_clear (DeskQueueView *self)
{
  g_return_if_fail (DESK_IS_QUEUE_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->actions);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->actions);
  self->actions = g_cancellable_new ();
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->session);
  g_clear_pointer (&self->wanted_id, g_free);
  g_list_store_remove_all (self->tickets);
  gtk_label_set_text (self->count_label, "");
  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_actions (self);
}

/* --- the list's cells --- */

/* A called ticket's row stands out, to the eye and to a screen reader:
 * that student is on their way to a desk. */
static void
mark_called (GtkListItem *item)
{
  CfTicket *ticket = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  if (ticket != NULL && g_strcmp0 (cf_ticket_get_status (ticket), "called") == 0)
    {
      gtk_widget_add_css_class (label, "called-ticket");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("Called"), -1);
    }
  else
    {
      gtk_widget_remove_css_class (label, "called-ticket");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
set_cell (GtkListItem *item,
          const char  *text)
{
  desk_list_set_cell_text (item, text);
  mark_called (item);
}

static void
code_bound_cb (DeskQueueView *self,
               GtkListItem   *item)
{
  set_cell (item, cf_ticket_get_code (gtk_list_item_get_item (item)));
}

static void
topic_bound_cb (DeskQueueView *self,
                GtkListItem   *item)
{
  set_cell (item, format_topic (gtk_list_item_get_item (item)));
}

static void
waiting_bound_cb (DeskQueueView *self,
                  GtkListItem   *item)
{
  g_ptr_array_add (self->waiting_items, item);
  update_waiting_label (item);
  mark_called (item);
}

static void
waiting_unbound_cb (DeskQueueView *self,
                    GtkListItem   *item)
{
  g_ptr_array_remove_fast (self->waiting_items, item);
}

static void
estimate_bound_cb (DeskQueueView *self,
                   GtkListItem   *item)
{
  g_autofree char *text = format_estimate (gtk_list_item_get_item (item));

  set_cell (item, text);
}

static void
status_bound_cb (DeskQueueView *self,
                 GtkListItem   *item)
{
  g_autofree char *text = format_ticket_status (gtk_list_item_get_item (item),
                                                self->session ? cf_session_get_user_id (self->session) : NULL);

  set_cell (item, text);
}

static void
selection_changed_cb (DeskQueueView *self)
{
  update_actions (self);
}

/* --- actions, on the writer thread --- */

typedef enum {
  OP_CALL_NEXT,
  OP_CALL,
  OP_RECALL,
  OP_NO_SHOW,
  OP_UNDO_NO_SHOW,
  OP_REQUEUE,
  OP_TRANSFER,
  OP_SEEN,
  OP_MATCH,
  OP_OPEN,
  OP_CREATE_RECORD,
} Op;

typedef struct {
  Op    op;
  char *id;
  char *target;      /* transfer: the adviser; match: the appointment */
} Change;

static void
change_free (Change *change)
{
  g_free (change->id);
  g_free (change->target);
  g_free (change);
}

/* Calling the next ticket answers with its code; opening one (after
 * making its record, when asked to), with its student's id. */
static gpointer
answer_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  Change *change = data;
  g_autoptr(CfTicket) ticket = NULL;
  g_autofree char *created = NULL;

  if (change->op == OP_CREATE_RECORD)
    {
      created = cf_tickets_create_student (session, change->id, error);
      if (created == NULL)
        return NULL;
    }
  if (change->op == OP_OPEN || change->op == OP_CREATE_RECORD)
    return cf_tickets_open (session, change->id, error);
  g_assert (change->op == OP_CALL_NEXT);
  ticket = cf_tickets_call_next (session, error);
  return ticket ? g_strdup (cf_ticket_get_code (ticket)) : NULL;
}

static gboolean
change_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  static gboolean (*const moves[]) (CfSession *, const char *, GError **) = {
    [OP_CALL] = cf_tickets_call, [OP_RECALL] = cf_tickets_recall,
    [OP_NO_SHOW] = cf_tickets_no_show, [OP_UNDO_NO_SHOW] = cf_tickets_undo_no_show,
    [OP_REQUEUE] = cf_tickets_requeue, [OP_SEEN] = cf_tickets_seen,
  };
  Change *change = data;

  if (change->op == OP_TRANSFER)
    return cf_tickets_transfer (session, change->id, change->target, error);
  if (change->op == OP_MATCH)
    return cf_tickets_match (session, change->id, change->target, error);
  g_assert (change->op < G_N_ELEMENTS (moves) && moves[change->op] != NULL);
  return moves[change->op] (session, change->id, error);
}

/* A no-show is easily a slip: the toast offers to undo it for as long as
 * the library allows. */
static void
offer_undo (DeskQueueView *self,
            const char    *id,
            const char    *code)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *title = NULL, *escaped = NULL;
  AdwToast *toast;

  if (overlay == NULL || code == NULL)
    return;
  title = g_strdup_printf (_("Ticket %s marked as not there."), code);
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_action_name (toast, "queue-undo.no-show");
  adw_toast_set_action_target_value (toast, g_variant_new_string (id));
  adw_toast_set_timeout (toast, CF_TICKETS_UNDO_SECONDS);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

typedef struct {
  DeskQueueView *self;
  Op             op;
  char          *id;
  char          *code;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_free (pending->id);
  g_free (pending->code);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
after_change (DeskQueueView *self,
              gboolean       done,
              const GError  *error)
{
  if (!done)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
  desk_queue_view_reload (self);
  if (done)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
changed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done = desk_session_do_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  if (done && pending->op == OP_NO_SHOW)
    offer_undo (pending->self, pending->id, pending->code);
  after_change (pending->self, done, error);
}

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  DeskQueueView *self = pending->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = desk_session_run_finish (result, &error);
  g_autofree char *message = NULL;

  if (desk_error_is_cancelled (error))
    return;
  if (answer != NULL && pending->op == OP_CALL_NEXT)
    {
      message = g_strdup_printf (_("You called %s."), answer);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
    }
  else if (answer != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-student", "s", answer);
  after_change (self, answer != NULL, error);
}

/* @id is the ticket's (NULL: the selected one's); @target as in Change. */
static void
run_change (DeskQueueView *self,
            Op             op,
            const char    *id,
            const char    *target)
{
  CfTicket *ticket = selected_ticket (self);
  Change *change;
  Pending *pending;

  if (id == NULL && ticket != NULL && op != OP_CALL_NEXT)
    id = cf_ticket_get_id (ticket);
  if (self->session == NULL || (op != OP_CALL_NEXT && id == NULL))
    return;
  change = g_new0 (Change, 1);
  change->op = op;
  change->id = g_strdup (id);
  change->target = g_strdup (target);
  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->op = op;
  pending->id = g_strdup (id);
  if (ticket != NULL && g_strcmp0 (id, cf_ticket_get_id (ticket)) == 0)
    pending->code = g_strdup (cf_ticket_get_code (ticket));
  if (op != OP_CALL_NEXT && op != OP_OPEN && op != OP_CREATE_RECORD)
    desk_session_do_async (self->session, change_job, change, (GDestroyNotify) change_free,
                           self->actions, changed_cb, pending);
  else
    desk_session_run_async (self->session, answer_job, change, (GDestroyNotify) change_free,
                            g_free, self->actions, answered_cb, pending);
}

static void
ticket_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  static const struct { const char *name; Op op; } ops[] = {
    { "queue.call-next", OP_CALL_NEXT }, { "queue.call", OP_CALL }, { "queue.recall", OP_RECALL },
    { "queue.no-show", OP_NO_SHOW }, { "queue.requeue", OP_REQUEUE }, { "queue.open", OP_OPEN },
    { "queue.seen", OP_SEEN },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (ops); i++)
    if (g_str_equal (action_name, ops[i].name))
      run_change (DESK_QUEUE_VIEW (widget), ops[i].op, NULL, NULL);
}

static void
undo_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   DeskQueueView *self)
{
  run_change (self, OP_UNDO_NO_SHOW, g_variant_get_string (parameter, NULL), NULL);
}

/* --- an unmatched arrival: match it, or make its record --- */

typedef struct {
  char      *ticket_id; /* the ticket the arrival was read for */
  char      *name;      /* what the student typed at the kiosk; NULL if nothing */
  char      *born;
  GPtrArray *ids;       /* today's booked appointments … */
  GPtrArray *labels;    /* … as the drop-down shows them: "14:30  Name" */
} Arrival;

static void
arrival_free (Arrival *arrival)
{
  g_free (arrival->ticket_id);
  g_free (arrival->name);
  g_free (arrival->born);
  g_ptr_array_unref (arrival->ids);
  g_ptr_array_unref (arrival->labels);
  g_free (arrival);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Arrival, arrival_free)

static char *
format_choice (CfAppointment *appointment,
               const char    *name,
               GTimeZone     *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (cf_appointment_get_start_at (appointment));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  g_autofree char *who = *name ? cf_text_isolate (name) : g_strdup (_("Anonymous student"));

  /* TRANSLATORS: an appointment to match an arrival to: "14:30  Name" */
  return g_strdup_printf (_("%s  %s"), time, who);
}

/* Today's appointments still booked: those the student may have come for. */
static gboolean
add_choices (CfSession *session,
             Arrival   *arrival,
             GError   **error)
{
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (session);
  g_autoptr(GDateTime) midnight = cf_office_today_start (session);
  gint64 from = g_date_time_to_unix (midnight);
  g_autoptr(GListModel) day = cf_appointments_list (session, from, from + 24 * 3600, NULL, error);
  g_autoptr(GHashTable) names = day ? cf_appointments_student_names (session, day, error) : NULL;

  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (day); i++)
    {
      g_autoptr(CfAppointment) appointment = g_list_model_get_item (day, i);
      const char *name = g_hash_table_lookup (names, cf_appointment_get_student_id (appointment));

      if (name == NULL || g_strcmp0 (cf_appointment_get_status (appointment), "booked") != 0)
        continue;
      g_ptr_array_add (arrival->ids, g_strdup (cf_appointment_get_id (appointment)));
      g_ptr_array_add (arrival->labels, format_choice (appointment, name, zone));
    }
  return TRUE;
}

static gpointer
arrival_job (CfSession    *session,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr(Arrival) arrival = g_new0 (Arrival, 1);

  arrival->ticket_id = g_strdup (data);
  arrival->ids = g_ptr_array_new_with_free_func (g_free);
  arrival->labels = g_ptr_array_new_with_free_func (g_free);
  if (!cf_tickets_get_arrival (session, data, &arrival->name, &arrival->born, error) ||
      !add_choices (session, arrival, error))
    return NULL;
  return g_steal_pointer (&arrival);
}

typedef struct {
  DeskQueueView *self;
  char          *id;
  char          *code;
  GPtrArray     *ids;
} Matching;

static void
matching_free (gpointer  data,
               GClosure *closure)
{
  Matching *matching = data;

  g_object_unref (matching->self);
  g_free (matching->id);
  g_free (matching->code);
  g_ptr_array_unref (matching->ids);
  g_free (matching);
}

static void
arrival_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Matching         *matching)
{
  GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);
  guint chosen = extra ? gtk_drop_down_get_selected (GTK_DROP_DOWN (extra)) : GTK_INVALID_LIST_POSITION;

  if (g_str_equal (response, "create"))
    run_change (matching->self, OP_CREATE_RECORD, matching->id, NULL);
  else if (g_str_equal (response, "match") && chosen < matching->ids->len)
    run_change (matching->self, OP_MATCH, matching->id, g_ptr_array_index (matching->ids, chosen));
}

/* The details are plain text in the body (a message dialog's body is not
 * markup unless asked): what the student typed is shown as typed. */
static char *
format_arrival (const char *code,
                Arrival    *arrival)
{
  g_autofree char *name = cf_text_isolate (arrival->name ? arrival->name : _("(no name)"));
  const char *born = arrival->born ? arrival->born : _("not given");

  if (arrival->ids->len == 0)
    return g_strdup_printf (_("Ticket %s: the student typed the name “%s” and the date of birth %s. No appointment booked today is left to match it to."),
                            code, name, born);
  return g_strdup_printf (_("Ticket %s: the student typed the name “%s” and the date of birth %s. Choose the appointment they came for, or create a record from these details."),
                          code, name, born);
}

static GtkWidget *
new_appointment_dropdown (GPtrArray *labels)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  GtkWidget *dropdown;

  for (guint i = 0; i < labels->len; i++)
    gtk_string_list_append (strings, g_ptr_array_index (labels, i));
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&strings)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Appointment"), -1);
  return dropdown;
}

static void
show_arrival_dialog (DeskQueueView *self,
                     const char    *id,
                     const char    *code,
                     Arrival       *arrival)
{
  g_autofree char *body = format_arrival (code, arrival);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (get_window (self)),
                                                                         _("Arrival Not Matched"), body));
  Matching *matching = g_new0 (Matching, 1);

  matching->self = g_object_ref (self);
  matching->id = g_strdup (id);
  matching->code = g_strdup (code);
  matching->ids = g_ptr_array_ref (arrival->ids);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "create", _("C_reate Record"), NULL);
  if (arrival->ids->len > 0)
    {
      adw_message_dialog_set_extra_child (dialog, new_appointment_dropdown (arrival->labels));
      adw_message_dialog_add_response (dialog, "match", _("_Match"));
      adw_message_dialog_set_response_appearance (dialog, "match", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "match");
    }
  desk_message_dialog_name_responses (dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (arrival_response_cb), matching,
                         matching_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
arrival_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DeskQueueView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(Arrival) arrival = desk_session_run_finish (result, &error);
  CfTicket *ticket = selected_ticket (self);

  if (desk_error_is_cancelled (error) || ticket == NULL)
    return;
  if (arrival == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  /* Another ticket chosen meanwhile: its details must never be matched
   * under this one's name and date of birth. */
  if (!g_str_equal (cf_ticket_get_id (ticket), arrival->ticket_id))
    return;
  show_arrival_dialog (self, cf_ticket_get_id (ticket), cf_ticket_get_code (ticket), arrival);
}

/* Match… and Create Record… open one dialog: both need what the student
 * typed in front of the adviser. */
static void
arrival_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DeskQueueView *self = DESK_QUEUE_VIEW (widget);
  CfTicket *ticket = selected_ticket (self);

  if (self->session == NULL || ticket == NULL)
    return;
  desk_session_run_async (self->session, arrival_job, g_strdup (cf_ticket_get_id (ticket)), g_free,
                          (GDestroyNotify) arrival_free, self->actions, arrival_loaded_cb,
                          g_object_ref (self));
}

/* --- transfer: pick an adviser --- */

static gpointer
users_job (CfSession    *session,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr(GListModel) users = cf_users_list (session, error);
  GListStore *advisers;

  if (users == NULL)
    return NULL;
  advisers = g_list_store_new (CF_TYPE_USER);
  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    {
      g_autoptr(CfUser) user = g_list_model_get_item (users, i);

      if (g_strcmp0 (cf_user_get_role (user), "admin") != 0 &&
          g_strcmp0 (cf_user_get_id (user), cf_session_get_user_id (session)) != 0)
        g_list_store_append (advisers, user);
    }
  return advisers;
}

static void
transfer_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      DeskQueueView    *self)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  CfUser *user = gtk_drop_down_get_selected_item (dropdown);

  if (g_str_equal (response, "transfer") && user != NULL)
    run_change (self, OP_TRANSFER, NULL, cf_user_get_id (user));
}

static GtkWidget *
new_adviser_dropdown (GListModel *advisers)
{
  GtkExpression *name = gtk_property_expression_new (CF_TYPE_USER, NULL, "name");
  GtkWidget *dropdown = gtk_drop_down_new (g_object_ref (advisers), name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Adviser"), -1);
  return dropdown;
}

static void
advisers_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DeskQueueView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) advisers = desk_session_run_finish (result, &error);
  CfTicket *ticket = selected_ticket (self);
  GtkWidget *dialog;

  if (desk_error_is_cancelled (error) || ticket == NULL)
    return;
  if (advisers == NULL || g_list_model_get_n_items (advisers) == 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", advisers ? _("There is no other adviser to pass the ticket to.") : error->message);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (get_window (self)), _("Pass On the Ticket"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Ticket %s will wait for the adviser you choose."),
                                  cf_ticket_get_code (ticket));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), new_adviser_dropdown (advisers));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "transfer", _("_Pass On"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "transfer",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "transfer");
  desk_message_dialog_name_responses (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (transfer_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
transfer_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DeskQueueView *self = DESK_QUEUE_VIEW (widget);

  if (self->session == NULL || selected_ticket (self) == NULL)
    return;
  desk_session_run_async (self->session, users_job, NULL, NULL, g_object_unref,
                          self->actions, advisers_loaded_cb, g_object_ref (self));
}

/* --- object --- */

/* The No-Show toast lives in the window's toast overlay, outside this
 * view: its Undo finds the view's action there. */
static void
desk_queue_view_root (GtkWidget *widget)
{
  DeskQueueView *self = DESK_QUEUE_VIEW (widget);
  GtkWidget *overlay;

  GTK_WIDGET_CLASS (desk_queue_view_parent_class)->root (widget);
  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    gtk_widget_insert_action_group (overlay, "queue-undo", G_ACTION_GROUP (self->undo_group));
}

static void
desk_queue_view_unroot (GtkWidget *widget)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    gtk_widget_insert_action_group (overlay, "queue-undo", NULL);
  GTK_WIDGET_CLASS (desk_queue_view_parent_class)->unroot (widget);
}

static void
desk_queue_view_dispose (GObject *object)
{
  DeskQueueView *self = DESK_QUEUE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->actions);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->actions);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->session);
  g_clear_pointer (&self->wanted_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_QUEUE_VIEW);
  /* GTK 4.8 unparents only bound template children; the view's own child
   * must go too, or it outlives its parent. */
  desk_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->tickets);
  g_clear_pointer (&self->waiting_items, g_ptr_array_unref);
  g_clear_object (&self->undo_group);
  G_OBJECT_CLASS (desk_queue_view_parent_class)->dispose (object);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  const char *const names[] = { "queue.call-next", "queue.call", "queue.recall", "queue.no-show",
                                "queue.requeue", "queue.open", "queue.seen" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    gtk_widget_class_install_action (widget_class, names[i], NULL, ticket_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.transfer", NULL, transfer_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.match", NULL, arrival_action_cb);
  gtk_widget_class_install_action (widget_class, "queue.create-record", NULL, arrival_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "queue.call-next", NULL);
}

static void
desk_queue_view_class_init (DeskQueueViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_queue_view_dispose;
  widget_class->root = desk_queue_view_root;
  widget_class->unroot = desk_queue_view_unroot;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-queue-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskQueueView, count_label);
  gtk_widget_class_bind_template_child (widget_class, DeskQueueView, stack);
  gtk_widget_class_bind_template_child (widget_class, DeskQueueView, column_view);
  gtk_widget_class_bind_template_callback_full (widget_class, "label_set_up_cb",
                                                G_CALLBACK (desk_list_label_set_up_cb));
  gtk_widget_class_bind_template_callback (widget_class, code_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, topic_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, waiting_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, waiting_unbound_cb);
  gtk_widget_class_bind_template_callback (widget_class, estimate_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_bound_cb);
  install_actions (widget_class);
}

static void
desk_queue_view_init (DeskQueueView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  desk_present_visible_child_only (GTK_WIDGET (self->stack));
  self->tickets = g_list_store_new (CF_TYPE_TICKET);
  self->waiting_items = g_ptr_array_new ();
  self->actions = g_cancellable_new ();
  self->undo_group = g_simple_action_group_new ();
  {
    g_autoptr(GSimpleAction) undo = g_simple_action_new ("no-show", G_VARIANT_TYPE_STRING);

    g_signal_connect_object (undo, "activate", G_CALLBACK (undo_activated_cb), self, 0);
    g_action_map_add_action (G_ACTION_MAP (self->undo_group), G_ACTION (undo));
  }
  self->selection = desk_column_view_select_one (self->column_view, G_LIST_MODEL (self->tickets),
                                                 G_CALLBACK (selection_changed_cb), self);
  update_actions (self);
}
