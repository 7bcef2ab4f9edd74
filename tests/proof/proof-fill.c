/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The crash harness's set-up, written through the library's public calls
 * in one process (hundreds of confidectl runs would take minutes):
 *
 *   proof-fill backlog DATA_DIR SYNC_DIR USER PASSPHRASE_FILE PASSES
 *       PASSES times: a student with a note, then a sync pass, so the
 *       sync folder holds a backlog of hundreds of segments from this desk
 *   proof-fill due DATA_DIR USER PASSPHRASE_FILE N
 *       N students last seen in 2017, due under any retention rule
 *
 * Prints the ids of the students it added, one a line.  Nothing here is
 * killed: the processes the harness kills are confidectl and kiosk-submit.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "cf-appointments.h"
#include "cf-case-entries.h"
#include "cf-key.h"
#include "cf-students.h"
#include "cf-sync.h"

static void
die (GError *error)
{
  fprintf (stderr, "proof-fill: %s\n", error->message);
  exit (1);
}

static CfSession *
sign_in (const char *data_dir,
         const char *user,
         const char *passphrase_file)
{
  g_autofree char *text = NULL;
  GError *error = NULL;
  CfSession *session;

  if (!g_file_get_contents (passphrase_file, &text, NULL, &error))
    die (error);
  text[strcspn (text, "\n")] = '\0';
  session = cf_session_sign_in (data_dir, user, text, &error);
  if (session == NULL)
    die (error);
  return session;
}

static CfStudent *
add_student (CfSession *session,
             guint      i)
{
  g_autofree char *name = g_strdup_printf ("Proof Student %u", i);
  CfStudent *student = cf_student_new ();
  GError *error = NULL;

  g_object_set (student, "name", name, NULL);
  if (!cf_students_add (session, student, &error))
    die (error);
  printf ("%s\n", cf_student_get_id (student));
  return student;
}

static void
backlog (CfSession  *session,
         const char *sync_dir,
         guint       passes)
{
  for (guint i = 0; i < passes; i++)
    {
      g_autoptr(CfStudent) student = add_student (session, i);
      g_autoptr(CfCaseEntry) entry = NULL;
      CfSyncReport report = { 0 };
      GError *error = NULL;

      entry = cf_case_entries_add (session, cf_student_get_id (student), CF_ENTRY_NOTE,
                                   "Advice given from the backlog.", NULL, NULL, &error);
      if (entry == NULL || !cf_sync_run (session, sync_dir, &report, &error))
        die (error);
      cf_sync_report_clear (&report);
    }
}

static void
due (CfSession *session,
     guint      n)
{
  /* 15 June 2017, 10:00 UTC: past any rule of 1 to 6 years. */
  const gint64 start = 1497520800;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CfStudent) student = add_student (session, 100000 + i);
      g_autoptr(CfAppointment) appointment = cf_appointment_new ();
      GError *error = NULL;

      g_object_set (appointment, "student-id", cf_student_get_id (student),
                    "start-at", start + i * 3600, "end-at", start + i * 3600 + 1800, NULL);
      if (!cf_appointments_add (session, appointment, &error))
        die (error);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(CfSession) session = NULL;

  setlocale (LC_ALL, "");
  if (!cf_crypto_init ())
    return 1;
  if (argc == 7 && g_str_equal (argv[1], "backlog"))
    {
      session = sign_in (argv[2], argv[4], argv[5]);
      backlog (session, argv[3], (guint) atoi (argv[6]));
    }
  else if (argc == 6 && g_str_equal (argv[1], "due"))
    {
      session = sign_in (argv[2], argv[3], argv[4]);
      due (session, (guint) atoi (argv[5]));
    }
  else
    {
      fprintf (stderr, "usage: proof-fill backlog|due … (see the source)\n");
      return 2;
    }
  return 0;
}
