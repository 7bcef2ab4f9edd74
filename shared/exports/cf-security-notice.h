/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cf-session.h"

G_BEGIN_DECLS

/* The time-only notice to University Security about students removed from
 * their course: who (name and student ID) is on campus when (start and
 * end), and nothing else.  One query reads it; every export is recorded
 * and audited in the same transaction that puts the file in place. */

typedef enum {
  CF_SECURITY_FORMAT_CSV,
  CF_SECURITY_FORMAT_ICS,
  CF_SECURITY_FORMAT_PDF,
} CfSecurityFormat;

const char *cf_security_format_to_string   (CfSecurityFormat  format);
gboolean    cf_security_format_from_string (const char       *text,
                                            CfSecurityFormat *format);

/* One line of a notice.  The writers take only this, so no other field of
 * a student or an appointment can reach a notice, whoever calls them.
 *
 * The last three are for the calendar, which replaces an event it holds
 * when the same UID comes with a higher SEQUENCE: an export sets them from
 * what Security was sent before; a preview leaves them unset.  A cancelled
 * row tells Security an appointment it was told of no longer brings anyone
 * on campus then; it has no name or student ID, and the times Security
 * held. */
typedef struct {
  char     *student_name;
  char     *student_number;   /* the university's student ID; may be NULL */
  gint64    start_at;         /* UTC seconds */
  gint64    end_at;
  char     *uid;              /* opaque and stable: never a record's id */
  guint     sequence;
  gboolean  cancelled;
} CfSecurityNoticeRow;

/* RFC 4180, CRLF line ends, header "student_name,student_id,date,start,end";
 * dates and times in @zone.  A cancelled row is not listed: the newest
 * notice for a period replaces the earlier ones. */
char   *cf_security_notice_write_csv (const CfSecurityNoticeRow *rows,
                                      guint                      n_rows,
                                      GTimeZone                 *zone);
/* RFC 5545 through libical: one VEVENT per row, times in UTC, @now as
 * DTSTAMP, with UID, DTSTAMP, DTSTART, DTEND, SUMMARY, SEQUENCE and
 * STATUS:CONFIRMED; a cancelled row has STATUS:CANCELLED and no SUMMARY.
 * Every row must have its uid. */
char   *cf_security_notice_write_ics (const CfSecurityNoticeRow *rows,
                                      guint                      n_rows,
                                      gint64                     now);
/* A printable A4 table of the CSV's columns for [@from, @to); like the
 * CSV, it does not list a cancelled row. */
GBytes *cf_security_notice_write_pdf (const CfSecurityNoticeRow *rows,
                                      guint                      n_rows,
                                      GTimeZone                 *zone,
                                      gint64                     from,
                                      gint64                     to,
                                      GError                   **error);

/* Writes the notice for appointments starting in [@from, @to) to @path
 * (a name the user chose) and records it.  Advisers and managers only.
 * Slow (database and disk): use the async pair from a GUI, which runs on
 * the session's store thread and fails at once on a locked session. */
gboolean cf_security_notice_export        (CfSession          *session,
                                           gint64              from,
                                           gint64              to,
                                           CfSecurityFormat    format,
                                           const char         *path,
                                           guint              *n_appointments,
                                           guint              *n_students,
                                           GError            **error);
void     cf_security_notice_export_async  (CfSession          *session,
                                           gint64              from,
                                           gint64              to,
                                           CfSecurityFormat    format,
                                           const char         *path,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean cf_security_notice_export_finish (GAsyncResult       *result,
                                           guint              *n_appointments,
                                           guint              *n_students,
                                           GError            **error);

/* The rows a notice for [@from, @to) would carry now: the same query and
 * the same refusal as the export, so a preview shows exactly what Security
 * would see.  A GArray of CfSecurityNoticeRow (freeing it frees the rows).
 * Audited as a look at each student shown; records no notice. */
GArray *cf_security_notice_preview (CfSession *session,
                                    gint64     from,
                                    gint64     to,
                                    GError   **error);

/* For the student's record: "Security was told of the appointment at
 * @start_at on @told_at", or, when @cancelled, that it is cancelled (or no
 * longer brings the student on campus).  Newest notice first. */
typedef struct {
  gint64   told_at;
  gint64   start_at;
  gint64   end_at;
  gboolean cancelled;
} CfSecurityTold;

/* An array of CfSecurityTold.  Audited as a read of the student's record. */
GArray *cf_security_notice_list_for_student (CfSession  *session,
                                             const char *student_id,
                                             GError    **error);

typedef enum {
  CF_SECURITY_CHANGE_MOVED,       /* start or end differ from what Security was told */
  CF_SECURITY_CHANGE_CANCELLED,   /* cancelled or gone */
  CF_SECURITY_CHANGE_UNFLAGGED,   /* the student is no longer removed from their course */
} CfSecurityChange;

/* An appointment Security holds out-of-date times for.  Ids and times only. */
typedef struct {
  char             *appointment_id;
  char             *student_id;
  CfSecurityChange  change;
  gint64            told_at;
  gint64            told_start_at;
  gint64            told_end_at;
  gint64            start_at;   /* now; 0 when the appointment is gone */
  gint64            end_at;
} CfSecurityUpdate;

void cf_security_update_free (CfSecurityUpdate *update);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfSecurityUpdate, cf_security_update_free)

/* Appointments still to come that Security was told about and that have
 * since moved, been cancelled or lost their student's flag, where no later
 * notice for the same period has superseded what Security holds: an
 * updated notice is due.  A GPtrArray of CfSecurityUpdate, oldest notice
 * first. */
GPtrArray *cf_security_notice_updates_due (CfSession *session,
                                           GError   **error);

G_END_DECLS
