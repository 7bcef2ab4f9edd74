/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cf-session.h"

G_BEGIN_DECLS

/* Subject access: everything held about one student, returned to them
 * (design.md, "The life of a record") as a readable PDF or as JSON for
 * reuse.  The list of what is held is the one destruction uses
 * (cf-student-data.c).  A passage that identifies someone else may be
 * withheld first, with a reason that is kept: the export shows
 * "[withheld: reason]" in its place, never the passage.  Managers only;
 * every export is audited, with ids and counts. */

typedef enum {
  CF_STUDENT_EXPORT_JSON,
  CF_STUDENT_EXPORT_PDF,
} CfStudentExportFormat;

const char *cf_student_export_format_to_string   (CfStudentExportFormat  format);
gboolean    cf_student_export_format_from_string (const char            *text,
                                                  CfStudentExportFormat *format);

/* Withholds, from @student_id's exports, a part of record @record_id: its
 * field @part (NULL: the whole record), or only the words @passage within
 * that field (NULL: all of it).  The record must be one of the student's
 * and the passage must be in it.  Advisers and managers; audited with the
 * record's id.  Returns the withholding's id. */
char *cf_student_withhold (CfSession  *session,
                           const char *student_id,
                           const char *record_id,
                           const char *part,
                           const char *passage,
                           const char *reason,
                           GError    **error);

/* The export as a JSON document: {"format": "confide-subject-access",
 * "version": 1, "student_id", "exported_at", "exported_by",
 * "time_zone", "sections": {NAME: [RECORD, …], …}}, times as ISO 8601 in
 * the office's time zone, withheld passages replaced.  Audited as an
 * export, like cf_student_export. */
JsonNode *cf_student_export_document (CfSession  *session,
                                      const char *student_id,
                                      GError    **error);

/* Reads, renders and writes the export to @path (atomically, mode 0600)
 * and audits it in one transaction.  @n_records (may be NULL) counts the
 * records in it. */
gboolean cf_student_export (CfSession            *session,
                            const char           *student_id,
                            CfStudentExportFormat format,
                            const char           *path,
                            guint                *n_records,
                            GError              **error);

/* The readable PDF of a document made by cf_student_export_document: a
 * cover page that says what each section holds, then every section. */
GBytes *cf_student_export_write_pdf (JsonObject *document,
                                     GError    **error);

G_END_DECLS
