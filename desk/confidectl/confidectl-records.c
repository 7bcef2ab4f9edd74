/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: students, appointments and case entries. */
#include "confidectl.h"

#include <glib/gi18n.h>

#include "cf-appointments.h"
#include "cf-case-entries.h"
#include "cf-error.h"
#include "cf-office.h"
#include "cf-students.h"
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

static CtlExit
print_id (CtlContext *ctx,
          const char *id)
{
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_string (builder, "id", id);
      json_builder_end_object (builder);
      ctl_print_json (builder);
    }
  else
    g_print ("%s\n", id);
  return CTL_EXIT_OK;
}

static CtlExit
run_student_add (CtlContext *ctx,
                 int         argc,
                 char      **argv)
{
  g_autofree char *name = NULL, *number = NULL, *college = NULL, *faculty = NULL, *email = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, NULL, NULL },
    { "student-id", 0, 0, G_OPTION_ARG_STRING, &number, NULL, NULL },
    { "college", 0, 0, G_OPTION_ARG_STRING, &college, NULL, NULL },
    { "faculty", 0, 0, G_OPTION_ARG_STRING, &faculty, NULL, NULL },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, NULL, NULL },
    { NULL }
  };
  g_autoptr(CfStudent) student = cf_student_new ();
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("student add", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (name == NULL)
    return ctl_usage (_("student add needs --name NAME"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  g_object_set (student, "name", name, "student-number", number, "college", college,
                "faculty", faculty, "email", email, NULL);
  if (!cf_students_add (ctx->session, student, &error))
    return ctl_fail (error);
  return print_id (ctx, cf_student_get_id (student));
}

static CtlExit
run_student_flag (CtlContext *ctx,
                  int         argc,
                  char      **argv)
{
  g_autofree char *removed = NULL, *reason = NULL;
  GOptionEntry entries[] = {
    { "removed-from-course", 0, 0, G_OPTION_ARG_STRING, &removed, NULL, NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, NULL, NULL },
    { NULL }
  };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("student flag", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if (reason == NULL || (g_strcmp0 (removed, "on") != 0 && g_strcmp0 (removed, "off") != 0))
    return ctl_usage (_("student flag ID needs --removed-from-course on|off and --reason TEXT"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  if (!cf_students_set_removed_from_course (ctx->session, argv[1], g_str_equal (removed, "on"),
                                            reason, &error))
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

static void
student_to_json (JsonBuilder *builder,
                 CfStudent   *student,
                 GTimeZone   *zone)
{
  static const char *const members[][2] = {
    { "id", "id" }, { "name", "name" }, { "preferred_name", "preferred-name" },
    { "student_id", "student-number" }, { "college", "college" }, { "faculty", "faculty" },
    { "email", "email" }, { "phone", "phone" },
  };
  gboolean removed;
  gint64 created;
  g_autofree char *created_text = NULL;

  json_builder_begin_object (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *value = NULL;

      g_object_get (student, members[i][1], &value, NULL);
      add_string (builder, members[i][0], value);
    }
  g_object_get (student, "removed-from-course", &removed, "created-at", &created, NULL);
  json_builder_set_member_name (builder, "removed_from_course");
  json_builder_add_boolean_value (builder, removed);
  created_text = cf_time_format (created, zone);
  add_string (builder, "created", created_text);
  json_builder_end_object (builder);
}

static void
print_student_line (CfStudent *student)
{
  const char *number = cf_student_get_student_number (student);

  g_print ("%s\t%s\t%s%s\n", cf_student_get_id (student), cf_student_get_name (student),
           number ? number : "-",
           cf_student_get_removed_from_course (student) ? _("\tremoved from course") : "");
}

static CtlExit
run_student_show (CtlContext *ctx,
                  int         argc,
                  char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(CfStudent) student = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("student show", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  student = cf_students_get (ctx->session, argv[1], &error);
  if (student == NULL)
    return ctl_fail (error);
  zone = cf_office_get_time_zone (ctx->session);
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      student_to_json (builder, student, zone);
      ctl_print_json (builder);
      return CTL_EXIT_OK;
    }
  print_student_line (student);
  timeline = cf_case_entries_timeline (ctx->session, argv[1], &error);
  if (timeline == NULL)
    return ctl_fail (error);
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(CfCaseEntry) entry = g_list_model_get_item (timeline, i);
      g_autofree char *when = cf_time_format (cf_case_entry_get_created_at (entry), zone);

      g_print ("%s\t%s\t%s\n", when, cf_case_entry_get_kind (entry), cf_case_entry_get_body (entry));
    }
  return CTL_EXIT_OK;
}

static CtlExit
run_student_list (CtlContext *ctx,
                  int         argc,
                  char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GListModel) students = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GTimeZone) zone = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("student list", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  students = cf_students_list (ctx->session, &error);
  if (students == NULL)
    return ctl_fail (error);
  zone = cf_office_get_time_zone (ctx->session);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (students); i++)
    {
      g_autoptr(CfStudent) student = g_list_model_get_item (students, i);

      if (ctx->json)
        student_to_json (builder, student, zone);
      else
        print_student_line (student);
    }
  json_builder_end_array (builder);
  if (ctx->json)
    ctl_print_json (builder);
  return CTL_EXIT_OK;
}

static CtlExit
run_appointment_add (CtlContext *ctx,
                     int         argc,
                     char      **argv)
{
  g_autofree char *student = NULL, *start = NULL, *end = NULL, *adviser = NULL;
  g_autofree char *mode = NULL, *topic = NULL, *room = NULL, *adviser_id = NULL;
  GOptionEntry entries[] = {
    { "student", 0, 0, G_OPTION_ARG_STRING, &student, NULL, NULL },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start, NULL, NULL },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end, NULL, NULL },
    { "adviser", 0, 0, G_OPTION_ARG_STRING, &adviser, NULL, NULL },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, NULL, NULL },
    { "topic", 0, 0, G_OPTION_ARG_STRING, &topic, NULL, NULL },
    { "room", 0, 0, G_OPTION_ARG_STRING, &room, NULL, NULL },
    { NULL }
  };
  g_autoptr(CfAppointment) appointment = cf_appointment_new ();
  g_autoptr(GTimeZone) zone = NULL;
  GError *error = NULL;
  gint64 start_at, end_at;
  CtlExit status;

  if (!ctl_parse ("appointment add", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (student == NULL || start == NULL || end == NULL)
    return ctl_usage (_("appointment add needs --student ID --start T --end T"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  zone = cf_office_get_time_zone (ctx->session);
  if (!cf_time_parse (start, zone, &start_at, &error) || !cf_time_parse (end, zone, &end_at, &error))
    {
      ctl_fail (error);
      return CTL_EXIT_USAGE;
    }
  if (adviser && (adviser_id = cf_users_find_id (ctx->session, adviser, &error)) == NULL)
    return ctl_fail (error);
  g_object_set (appointment, "student-id", student, "adviser-id", adviser_id,
                "start-at", start_at, "end-at", end_at, "mode", mode, "topic", topic,
                "room", room, NULL);
  if (!cf_appointments_add (ctx->session, appointment, &error))
    return ctl_fail (error);
  return print_id (ctx, cf_appointment_get_id (appointment));
}

static void
appointment_to_json (JsonBuilder   *builder,
                     CfAppointment *appointment,
                     GTimeZone     *zone)
{
  g_autofree char *start = cf_time_format (cf_appointment_get_start_at (appointment), zone);
  g_autofree char *end = cf_time_format (cf_appointment_get_end_at (appointment), zone);
  g_autofree char *adviser = NULL, *mode = NULL;

  g_object_get (appointment, "adviser-name", &adviser, "mode", &mode, NULL);
  json_builder_begin_object (builder);
  add_string (builder, "id", cf_appointment_get_id (appointment));
  add_string (builder, "student_id", cf_appointment_get_student_id (appointment));
  add_string (builder, "start", start);
  add_string (builder, "end", end);
  add_string (builder, "adviser", adviser);
  add_string (builder, "status", cf_appointment_get_status (appointment));
  add_string (builder, "mode", mode);
  json_builder_end_object (builder);
}

static CtlExit
run_appointment_list (CtlContext *ctx,
                      int         argc,
                      char      **argv)
{
  g_autofree char *date = NULL;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, NULL, NULL },
    { NULL }
  };
  g_autoptr(GListModel) appointments = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) now = NULL;
  GError *error = NULL;
  gint64 from, to;
  CtlExit status;

  if (!ctl_parse ("appointment list", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  zone = cf_office_get_time_zone (ctx->session);
  if (date == NULL)
    {
      now = g_date_time_new_now (zone);
      date = g_date_time_format (now, "%Y-%m-%d");
    }
  if (!cf_date_parse (date, zone, &from, &to, &error))
    {
      ctl_fail (error);
      return CTL_EXIT_USAGE;
    }
  appointments = cf_appointments_list_shown (ctx->session, from, to, NULL, &error);
  if (appointments == NULL)
    return ctl_fail (error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (appointments); i++)
    {
      g_autoptr(CfAppointment) appointment = g_list_model_get_item (appointments, i);
      g_autofree char *start = NULL, *end = NULL, *adviser = NULL;

      if (ctx->json)
        {
          appointment_to_json (builder, appointment, zone);
          continue;
        }
      start = cf_time_format (cf_appointment_get_start_at (appointment), zone);
      end = cf_clock_format (cf_appointment_get_end_at (appointment), zone);
      g_object_get (appointment, "adviser-name", &adviser, NULL);
      g_print ("%s\t%s–%s\t%s\t%s\n", cf_appointment_get_id (appointment), start, end,
               adviser ? adviser : "-", cf_appointment_get_status (appointment));
    }
  json_builder_end_array (builder);
  if (ctx->json)
    ctl_print_json (builder);
  return CTL_EXIT_OK;
}

static CtlExit
run_appointment_cancel (CtlContext *ctx,
                        int         argc,
                        char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("appointment cancel", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  return cf_appointments_cancel (ctx->session, argv[1], &error) ? CTL_EXIT_OK : ctl_fail (error);
}

/* A new code for the student to type at the kiosk; only its verifier is
 * kept, so this is the one time it can be read. */
static CtlExit
run_appointment_code (CtlContext *ctx,
                      int         argc,
                      char      **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autofree char *code = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("appointment code", entries, &argc, &argv, 1))
    return CTL_EXIT_USAGE;
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  code = cf_appointments_new_booking_code (ctx->session, argv[1], &error);
  if (code == NULL)
    return ctl_fail (error);
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_string (builder, "booking_code", code);
      json_builder_end_object (builder);
      ctl_print_json (builder);
    }
  else
    g_print ("%s\n", code);
  return CTL_EXIT_OK;
}

static CtlExit
run_note_add (CtlContext *ctx,
              int         argc,
              char      **argv)
{
  g_autofree char *student = NULL, *kind_text = NULL, *text_file = NULL;
  g_autofree char *third_party = NULL, *corrects = NULL, *text = NULL;
  GOptionEntry entries[] = {
    { "student", 0, 0, G_OPTION_ARG_STRING, &student, NULL, NULL },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, NULL, NULL },
    { "text-file", 0, 0, G_OPTION_ARG_FILENAME, &text_file, NULL, NULL },
    { "third-party", 0, 0, G_OPTION_ARG_STRING, &third_party, NULL, NULL },
    { "corrects", 0, 0, G_OPTION_ARG_STRING, &corrects, NULL, NULL },
    { NULL }
  };
  g_autoptr(CfCaseEntry) entry = NULL;
  GError *error = NULL;
  CfEntryKind kind;
  CtlExit status;

  if (!ctl_parse ("note add", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (student == NULL || text_file == NULL || !cf_entry_kind_from_string (kind_text, &kind))
    return ctl_usage (_("note add needs --student ID --kind note|advice|action --text-file F"));
  text = ctl_read_text_file (text_file, &error);
  if (text == NULL)
    return ctl_fail (error);
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  entry = cf_case_entries_add (ctx->session, student, kind, text, third_party, corrects, &error);
  if (entry == NULL)
    return ctl_fail (error);
  return print_id (ctx, cf_case_entry_get_id (entry));
}

static void
entry_to_json (JsonBuilder *builder,
               CfCaseEntry *entry,
               GTimeZone   *zone)
{
  g_autofree char *written = cf_time_format (cf_case_entry_get_created_at (entry), zone);
  g_autofree char *author = NULL;

  g_object_get (entry, "author-name", &author, NULL);
  json_builder_begin_object (builder);
  add_string (builder, "id", cf_case_entry_get_id (entry));
  add_string (builder, "kind", cf_case_entry_get_kind (entry));
  add_string (builder, "text", cf_case_entry_get_body (entry));
  add_string (builder, "author", author);
  add_string (builder, "written", written);
  add_string (builder, "corrects", cf_case_entry_get_corrects_id (entry));
  json_builder_end_object (builder);
}

/* The student's timeline, oldest first, read (and audited) as the desk's
 * student page reads it: one line an entry (id, written, kind, author,
 * text, tab-separated); --json: a list of {id, kind, text, author,
 * written, corrects}. */
static CtlExit
run_note_list (CtlContext *ctx,
               int         argc,
               char      **argv)
{
  g_autofree char *student = NULL;
  GOptionEntry entries[] = {
    { "student", 0, 0, G_OPTION_ARG_STRING, &student, NULL, NULL },
    { NULL }
  };
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GTimeZone) zone = NULL;
  GError *error = NULL;
  CtlExit status;

  if (!ctl_parse ("note list", entries, &argc, &argv, 0))
    return CTL_EXIT_USAGE;
  if (student == NULL)
    return ctl_usage (_("note list needs --student ID"));
  if ((status = ctl_sign_in (ctx)) != CTL_EXIT_OK)
    return status;
  timeline = cf_case_entries_timeline (ctx->session, student, &error);
  if (timeline == NULL)
    return ctl_fail (error);
  zone = cf_office_get_time_zone (ctx->session);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(CfCaseEntry) entry = g_list_model_get_item (timeline, i);
      g_autofree char *written = NULL, *author = NULL;

      if (ctx->json)
        {
          entry_to_json (builder, entry, zone);
          continue;
        }
      written = cf_time_format (cf_case_entry_get_created_at (entry), zone);
      g_object_get (entry, "author-name", &author, NULL);
      g_print ("%s\t%s\t%s\t%s\t%s\n", cf_case_entry_get_id (entry), written,
               cf_case_entry_get_kind (entry), author ? author : "-", cf_case_entry_get_body (entry));
    }
  json_builder_end_array (builder);
  if (ctx->json)
    ctl_print_json (builder);
  return CTL_EXIT_OK;
}

const CtlCommand ctl_record_commands[] = {
  { "student add", "--name N [--student-id ID] [--college C] [--faculty F] [--email E]", run_student_add },
  { "student flag", "ID --removed-from-course on|off --reason TEXT", run_student_flag },
  { "student show", "ID", run_student_show },
  { "student list", "", run_student_list },
  { "appointment add", "--student ID --start T --end T [--adviser NAME] [--mode M] [--topic T] [--room R]", run_appointment_add },
  { "appointment list", "[--date D]", run_appointment_list },
  { "appointment cancel", "ID", run_appointment_cancel },
  { "appointment code", "ID", run_appointment_code },
  { "note add", "--student ID --kind note|advice|action --text-file F [--third-party PARTY] [--corrects ID]", run_note_add },
  { "note list", "--student ID", run_note_list },
  { NULL }
};
