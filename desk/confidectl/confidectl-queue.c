/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: the drop-in queue and the appointment changes a desk makes
 * during the day (moving one, marking arrivals), for scripts and tests. */
#include "confidectl.h"

#include <glib/gi18n.h>

#include "cf-appointments.h"
#include "cf-office.h"
#include "cf-tickets.h"
#include "cf-time.h"
#include "cf-users.h"

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       at,
          GTimeZone   *zone)
{
  g_autofree char *text = at > 0 ? cf_time_format (at, zone) : NULL;

  add_string (builder, member, text);
}

/* interfaces.md: {ticket, topic, waiting_since, kind}; the rest is extra. */
static void
ticket_to_json (JsonBuilder *builder,
                CfTicket    *ticket,
                GTimeZone   *zone)
{
  gint64 wait = cf_ticket_get_estimated_wait (ticket);

  json_builder_begin_object (builder);
  add_string (builder, "ticket", cf_ticket_get_code (ticket));
  add_string (builder, "topic", cf_ticket_get_topic (ticket));
  add_time (builder, "waiting_since", cf_ticket_get_waiting_since (ticket), zone);
  add_string (builder, "kind", cf_ticket_get_kind (ticket));
  add_string (builder, "id", cf_ticket_get_id (ticket));
  add_string (builder, "status", cf_ticket_get_status (ticket));
  add_string (builder, "adviser", cf_ticket_get_adviser_name (ticket));
  add_time (builder, "called_at", cf_ticket_get_called_at (ticket), zone);
  add_time (builder, "appointment_start", cf_ticket_get_appointment_start (ticket), zone);
  json_builder_set_member_name (builder, "unmatched");
  json_builder_add_boolean_value (builder, cf_ticket_get_unmatched (ticket));
  json_builder_set_member_name (builder, "position");
  json_builder_add_int_value (builder, cf_ticket_get_position (ticket));
  json_builder_set_member_name (builder, "estimated_wait_minutes");
  if (wait >= 0)
    json_builder_add_int_value (builder, (wait + 59) / 60);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
print_ticket_line (CfTicket  *ticket,
                   GTimeZone *zone)
{
  g_autofree char *since = cf_time_format (cf_ticket_get_waiting_since (ticket), zone);
  const char *topic = cf_ticket_get_topic (ticket);
  const char *adviser = cf_ticket_get_adviser_name (ticket);

  g_print ("%s\t%s\t%s\t%s\t%s\n", cf_ticket_get_code (ticket), cf_ticket_get_status (ticket),
           since, topic ? topic : "-", adviser ? adviser : "-");
}

static CtlExit
run_queue (CtlContext *ctx,
           int         argc,
           char      **argv)
{
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, NULL, NULL },
    { NULL }
  };
  g_autoptr(GListModel) tickets = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GTimeZone) zone = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("queue", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  tickets = all ? cf_tickets_list_today_all (ctx->session, &error)
              : cf_tickets_list_today (ctx->session, &error);
  if (tickets == NULL)
    return ctl_fail (error);
  zone = cf_office_get_time_zone (ctx->session);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (tickets); i++)
    {
      g_autoptr(CfTicket) ticket = g_list_model_get_item (tickets, i);

      if (ctx->json)
        ticket_to_json (builder, ticket, zone);
      else
        print_ticket_line (ticket, zone);
    }
  json_builder_end_array (builder);
  if (ctx->json)
    ctl_print_json (builder);
  return CTL_EXIT_OK;
}

static CtlExit
print_member (CtlContext *ctx,
              const char *member,
              const char *value)
{
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_string (builder, member, value);
      json_builder_end_object (builder);
      ctl_print_json (builder);
    }
  else
    g_print ("%s\n", value);
  return CTL_EXIT_OK;
}

static CtlExit
run_queue_call_next (CtlContext *ctx,
                     int         argc,
                     char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(CfTicket) ticket = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("queue call-next", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  ticket = cf_tickets_call_next (ctx->session, &error);
  if (ticket == NULL)
    return ctl_fail (error);
  return print_member (ctx, "ticket", cf_ticket_get_code (ticket));
}

typedef gboolean (*TicketAction) (CfSession *session, const char *id, GError **error);

/* Parses "COMMAND TICKET", signs in and finds today's ticket by code or id. */
static CtlExit
find_ticket (CtlContext   *ctx,
             const char   *command,
             GOptionEntry *entries,
             int          *argc,
             char       ***argv,
             CfTicket    **ticket)
{
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse (command, entries, argc, argv, 1))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  *ticket = cf_tickets_find_today (ctx->session, (*argv)[1], &error);
  return *ticket ? CTL_EXIT_OK : ctl_fail (error);
}

static CtlExit
run_ticket_action (CtlContext  *ctx,
                   const char  *command,
                   TicketAction action,
                   int          argc,
                   char       **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(CfTicket) ticket = NULL;
  GError *error = NULL;
  CtlExit status = find_ticket (ctx, command, entries, &argc, &argv, &ticket);

  if (status != CTL_EXIT_OK)
    return status;
  return action (ctx->session, cf_ticket_get_id (ticket), &error) ? CTL_EXIT_OK : ctl_fail (error);
}

static CtlExit
run_queue_call (CtlContext *ctx,
                int         argc,
                char      **argv)
{
  return run_ticket_action (ctx, "queue call", cf_tickets_call, argc, argv);
}

static CtlExit
run_queue_recall (CtlContext *ctx,
                  int         argc,
                  char      **argv)
{
  return run_ticket_action (ctx, "queue recall", cf_tickets_recall, argc, argv);
}

static CtlExit
run_queue_no_show (CtlContext *ctx,
                   int         argc,
                   char      **argv)
{
  return run_ticket_action (ctx, "queue no-show", cf_tickets_no_show, argc, argv);
}

static CtlExit
run_queue_requeue (CtlContext *ctx,
                   int         argc,
                   char      **argv)
{
  return run_ticket_action (ctx, "queue requeue", cf_tickets_requeue, argc, argv);
}

static CtlExit
run_queue_undo_no_show (CtlContext *ctx,
                        int         argc,
                        char      **argv)
{
  return run_ticket_action (ctx, "queue undo-no-show", cf_tickets_undo_no_show, argc, argv);
}

static CtlExit
run_queue_seen (CtlContext *ctx,
                int         argc,
                char      **argv)
{
  return run_ticket_action (ctx, "queue seen", cf_tickets_seen, argc, argv);
}

/* An unmatched arrival to one of today's appointments, or to a student. */
static CtlExit
run_queue_match (CtlContext *ctx,
                 int         argc,
                 char      **argv)
{
  g_autofree char *appointment = NULL, *student = NULL;
  GOptionEntry entries[] = {
    { "appointment", 0, 0, G_OPTION_ARG_STRING, &appointment, NULL, NULL },
    { "student", 0, 0, G_OPTION_ARG_STRING, &student, NULL, NULL },
    { NULL }
  };
  g_autoptr(CfTicket) ticket = NULL;
  GError *error = NULL;
  CtlExit status = find_ticket (ctx, "queue match", entries, &argc, &argv, &ticket);
  gboolean done;

  if (status != CTL_EXIT_OK)
    return status;
  if ((appointment == NULL) == (student == NULL))
    return ctl_usage (_("queue match TICKET needs --appointment ID or --student ID"));
  if (appointment != NULL)
    done = cf_tickets_match (ctx->session, cf_ticket_get_id (ticket), appointment, &error);
  else
    done = cf_tickets_match_student (ctx->session, cf_ticket_get_id (ticket), student, &error);
  return done ? CTL_EXIT_OK : ctl_fail (error);
}

static CtlExit
run_queue_create_record (CtlContext *ctx,
                         int         argc,
                         char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(CfTicket) ticket = NULL;
  g_autofree char *student_id = NULL;
  GError *error = NULL;
  CtlExit status = find_ticket (ctx, "queue create-record", entries, &argc, &argv, &ticket);

  if (status != CTL_EXIT_OK)
    return status;
  student_id = cf_tickets_create_student (ctx->session, cf_ticket_get_id (ticket), &error);
  if (student_id == NULL)
    return ctl_fail (error);
  return print_member (ctx, "id", student_id);
}

static CtlExit
run_queue_transfer (CtlContext *ctx,
                    int         argc,
                    char      **argv)
{
  g_autofree char *to = NULL, *adviser_id = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, NULL, NULL },
    { NULL }
  };
  g_autoptr(CfTicket) ticket = NULL;
  GError *error = NULL;
  CtlExit status = find_ticket (ctx, "queue transfer", entries, &argc, &argv, &ticket);

  if (status != CTL_EXIT_OK)
    return status;
  if (to == NULL)
    return ctl_usage (_("queue transfer TICKET needs --to NAME"));
  adviser_id = cf_users_find_id (ctx->session, to, &error);
  if (adviser_id == NULL)
    return ctl_fail (error);
  if (!cf_tickets_transfer (ctx->session, cf_ticket_get_id (ticket), adviser_id, &error))
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

static CtlExit
run_queue_open (CtlContext *ctx,
                int         argc,
                char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(CfTicket) ticket = NULL;
  g_autofree char *student_id = NULL;
  GError *error = NULL;
  CtlExit status = find_ticket (ctx, "queue open", entries, &argc, &argv, &ticket);

  if (status != CTL_EXIT_OK)
    return status;
  student_id = cf_tickets_open (ctx->session, cf_ticket_get_id (ticket), &error);
  if (student_id == NULL)
    return ctl_fail (error);
  return print_member (ctx, "student_id", student_id);
}

static CtlExit
run_appointment_move (CtlContext *ctx,
                      int         argc,
                      char      **argv)
{
  g_autofree char *start = NULL, *end = NULL;
  GOptionEntry entries[] = {
    { "start", 0, 0, G_OPTION_ARG_STRING, &start, NULL, NULL },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end, NULL, NULL },
    { NULL }
  };
  g_autoptr(GTimeZone) zone = NULL;
  GError *error = NULL;
  gint64 start_at, end_at;
  CtlExit status;

  if (!ctl_parse ("appointment move", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if (start == NULL || end == NULL)
    return ctl_usage (_("appointment move ID needs --start T --end T"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  zone = cf_office_get_time_zone (ctx->session);
  if (!cf_time_parse (start, zone, &start_at, &error) || !cf_time_parse (end, zone, &end_at, &error))
    {
      ctl_fail (error);
      return CTL_EXIT_USAGE;
    }
  if (!cf_appointments_move (ctx->session, argv[1], start_at, end_at, &error))
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

static CtlExit
run_appointment_status (CtlContext *ctx,
                        int         argc,
                        char      **argv)
{
  static const char *const statuses[] = { "booked", "arrived", "seen", "no-show", NULL };
  GOptionEntry entries[] = { { NULL } };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("appointment status", entries, &argc, &argv, 2))
    return CTL_EXIT_USAGE;
  if (!g_strv_contains (statuses, argv[2]))
    return ctl_usage (_("appointment status ID needs booked, arrived, seen or no-show"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_appointments_set_status (ctx->session, argv[1], argv[2], &error))
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

/* Two-word commands first: "queue" alone would otherwise match them all. */
const CtlCommand ctl_queue_commands[] = {
  { "queue call-next", "", run_queue_call_next },
  { "queue call", "TICKET", run_queue_call },
  { "queue recall", "TICKET", run_queue_recall },
  { "queue no-show", "TICKET", run_queue_no_show },
  { "queue requeue", "TICKET", run_queue_requeue },
  { "queue undo-no-show", "TICKET", run_queue_undo_no_show },
  { "queue seen", "TICKET", run_queue_seen },
  { "queue match", "TICKET --appointment ID|--student ID", run_queue_match },
  { "queue create-record", "TICKET", run_queue_create_record },
  { "queue transfer", "TICKET --to NAME", run_queue_transfer },
  { "queue open", "TICKET", run_queue_open },
  { "queue", "[--all]", run_queue },
  { "appointment move", "ID --start T --end T", run_appointment_move },
  { "appointment status", "ID booked|arrived|seen|no-show", run_appointment_status },
  { NULL }
};
