/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Subject access: what cf-student-data.c reads about a student, with the
 * withheld passages replaced and times made readable, as a JSON document;
 * the withholdings themselves (withheld_passages); and the export, put in
 * place and audited in one transaction.  cf-student-export-pdf.c draws
 * the readable version. */
#include "cf-student-export.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cf-audit-private.h"
#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-files.h"
#include "cf-office.h"
#include "cf-session-private.h"
#include "cf-student-data-private.h"
#include "cf-text.h"
#include "cf-time.h"

#define REASON_MAX 500

static const char *const format_names[] = { "json", "pdf" };

const char *
cf_student_export_format_to_string (CfStudentExportFormat format)
{
  g_return_val_if_fail (format <= CF_STUDENT_EXPORT_PDF, NULL);
  return format_names[format];
}

gboolean
cf_student_export_format_from_string (const char            *text,
                                      CfStudentExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (text, format_names[i]) == 0)
      {
        *format = (CfStudentExportFormat) i;
        return TRUE;
      }
  return FALSE;
}

/* --- withheld passages --- */

static char *
withheld_marker (const char *reason)
{
  return g_strdup_printf (_("[withheld: %s]"), reason);
}

/* Every occurrence of @passage in @text, replaced. */
static char *
replace_passage (const char *text,
                 const char *passage,
                 const char *marker)
{
  g_auto(GStrv) parts = g_strsplit (text, passage, -1);

  return g_strjoinv (marker, parts);
}

static void
set_string_taken (JsonObject *object,
                  const char *member,
                  char       *text)
{
  json_object_set_string_member (object, member, text);
  g_free (text);
}

static void
withhold_in_record (JsonObject *record,
                    const char *part,
                    const char *passage,
                    const char *marker)
{
  g_autoptr(GList) members = NULL;
  const char *value;

  if (part == NULL)
    {
      /* The whole record: nothing of it but its id is left. */
      members = json_object_get_members (record);
      for (GList *l = members; l != NULL; l = l->next)
        if (strcmp (l->data, "id") != 0)
          json_object_remove_member (record, l->data);
      json_object_set_string_member (record, "withheld", marker);
      return;
    }
  if (strcmp (part, "id") == 0 || !json_object_has_member (record, part) ||
      json_node_get_value_type (json_object_get_member (record, part)) != G_TYPE_STRING)
    return;
  value = json_object_get_string_member (record, part);
  if (passage == NULL)
    json_object_set_string_member (record, part, marker);
  else
    set_string_taken (record, part, replace_passage (value, passage, marker));
}

typedef struct {
  char *record_id;
  char *part;
  char *passage;
  char *reason;
} Withholding;

static void
withholding_free (Withholding *withholding)
{
  g_free (withholding->record_id);
  g_free (withholding->part);
  g_free (withholding->passage);
  g_free (withholding->reason);
  g_free (withholding);
}

/* The student's withholdings, oldest first. */
static GPtrArray *
read_withholdings (CfStore    *store,
                   const char *student_id,
                   GError    **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) withholding_free);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT record_id, part, passage, reason FROM withheld_passages WHERE student_id = ?"
      " ORDER BY withheld_at, rowid", error);
  CfStep step;

  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, student_id);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      Withholding *withholding = g_new0 (Withholding, 1);

      withholding->record_id = _cf_column_dup (stmt, 0);
      withholding->part = _cf_column_dup (stmt, 1);
      withholding->passage = _cf_column_dup (stmt, 2);
      withholding->reason = _cf_column_dup (stmt, 3);
      g_ptr_array_add (all, withholding);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return NULL;
  return g_steal_pointer (&all);
}

/* Calls @func on each record of every section whose id is @record_id:
 * a student's registration, monitoring and hold share their id. */
typedef void (*RecordFunc) (JsonObject *record,
                            gpointer    data);

static guint
for_record (JsonObject *sections,
            const char *record_id,
            RecordFunc  func,
            gpointer    data)
{
  g_autoptr(GList) names = json_object_get_members (sections);
  guint n = 0;

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonArray *records = json_object_get_array_member (sections, l->data);

      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject *record = json_array_get_object_element (records, i);

          if (g_strcmp0 (json_object_get_string_member_with_default (record, "id", NULL), record_id) == 0)
            {
              func (record, data);
              n++;
            }
        }
    }
  return n;
}

static void
apply_withholding (JsonObject *record,
                   gpointer    data)
{
  Withholding *withholding = data;
  g_autofree char *marker = withheld_marker (withholding->reason);

  withhold_in_record (record, withholding->part, withholding->passage, marker);
}

/* Each record that corrects another (an entry, a breach), its id to the
 * id of the one it corrects; read before any withholding takes members
 * away, so that a chain through a record withheld whole holds. */
static GHashTable *
read_corrections (JsonObject *sections)
{
  GHashTable *corrects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GList) names = json_object_get_members (sections);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonArray *records = json_object_get_array_member (sections, l->data);

      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject *record = json_array_get_object_element (records, i);
          const char *id = json_object_get_string_member_with_default (record, "id", NULL);
          const char *corrected = json_object_get_string_member_with_default (record, "corrects_id", NULL);

          if (id != NULL && corrected != NULL)
            g_hash_table_insert (corrects, g_strdup (id), g_strdup (corrected));
        }
    }
  return corrects;
}

/* Whether @id corrects @target, or corrects a record that does, and so
 * on; a loop (which no desk writes) ends the walk. */
static gboolean
corrects_record (GHashTable *corrects,
                 const char *id,
                 const char *target)
{
  guint steps = g_hash_table_size (corrects);

  while (steps-- > 0 && (id = g_hash_table_lookup (corrects, id)) != NULL)
    if (strcmp (id, target) == 0)
      return TRUE;
  return FALSE;
}

/* Words withheld from a record are withheld too from each correction of
 * it, which often repeats them. */
static void
apply_to_corrections (JsonObject  *sections,
                      GHashTable  *corrects,
                      Withholding *withholding)
{
  GHashTableIter iter;
  gpointer id;

  if (withholding->passage == NULL)
    return;
  g_hash_table_iter_init (&iter, corrects);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (corrects_record (corrects, id, withholding->record_id))
      for_record (sections, id, apply_withholding, withholding);
}

/* Returns how many withholdings were applied to a record still held. */
static guint
apply_withholdings (JsonObject *sections,
                    GPtrArray  *withholdings)
{
  g_autoptr(GHashTable) corrects = read_corrections (sections);
  guint n = 0;

  for (guint i = 0; i < withholdings->len; i++)
    {
      Withholding *withholding = withholdings->pdata[i];

      if (for_record (sections, withholding->record_id, apply_withholding, withholding) > 0)
        n++;
      apply_to_corrections (sections, corrects, withholding);
    }
  return n;
}

/* --- the document --- */

static gboolean
is_time_member (const char *name)
{
  return strcmp (name, "at") == 0 || g_str_has_suffix (name, "_at");
}

/* UTC seconds as the office reads them; returns how many records. */
static guint
format_times (JsonObject *sections,
              GTimeZone  *zone)
{
  g_autoptr(GList) names = json_object_get_members (sections);
  guint n = 0;

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonArray *records = json_object_get_array_member (sections, l->data);

      for (guint i = 0; i < json_array_get_length (records); i++, n++)
        {
          JsonObject *record = json_array_get_object_element (records, i);
          g_autoptr(GList) members = json_object_get_members (record);

          for (GList *m = members; m != NULL; m = m->next)
            if (is_time_member (m->data) &&
                json_node_get_value_type (json_object_get_member (record, m->data)) == G_TYPE_INT64)
              set_string_taken (record, m->data,
                                cf_time_format (json_object_get_int_member (record, m->data), zone));
        }
    }
  return n;
}

typedef struct {
  const char            *student_id;
  GTimeZone             *zone;
  CfStudentExportFormat  format;
  const char            *path;     /* NULL: the document only */
  JsonNode              *document;
  guint                  n_records;
  guint                  n_withheld;
  gboolean               written;
} Export;

static JsonNode *
document_new (CfSession  *session,
              Export     *export,
              JsonObject *sections)
{
  JsonObject *document = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (document, "format", "confide-subject-access");
  json_object_set_int_member (document, "version", 1);
  json_object_set_string_member (document, "student_id", export->student_id);
  set_string_taken (document, "exported_at",
                    cf_time_format (g_get_real_time () / G_USEC_PER_SEC, export->zone));
  json_object_set_string_member (document, "exported_by", cf_session_get_user_name (session));
  json_object_set_string_member (document, "time_zone", g_time_zone_get_identifier (export->zone));
  json_object_set_object_member (document, "sections", json_object_ref (sections));
  json_node_take_object (node, document);
  return node;
}

static gboolean
read_document (CfSession *session,
               Export    *export,
               GError   **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(JsonObject) sections = NULL;
  g_autoptr(GPtrArray) withholdings = NULL;

  if (!_cf_session_check_student (session, export->student_id, error) ||
      (sections = _cf_student_data_read (store, export->student_id, error)) == NULL ||
      (withholdings = read_withholdings (store, export->student_id, error)) == NULL)
    return FALSE;
  export->n_withheld = apply_withholdings (sections, withholdings);
  export->n_records = format_times (sections, export->zone);
  export->document = document_new (session, export, sections);
  return TRUE;
}

static GBytes *
render (Export  *export,
        GError **error)
{
  g_autoptr(JsonGenerator) generator = NULL;
  char *text;
  gsize length;

  if (export->format == CF_STUDENT_EXPORT_PDF)
    return cf_student_export_write_pdf (json_node_get_object (export->document), error);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, export->document);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

/* Read, written in place, then audited: the transaction commits only
 * once the file is there, and a failed commit removes it. */
static gboolean
export_in_transaction (CfSession *session,
                       gpointer   data,
                       GError   **error)
{
  Export *export = data;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *detail = NULL;

  if (!read_document (session, export, error))
    return FALSE;
  if (export->path != NULL)
    {
      gsize length;
      const void *bytes_data;

      if ((bytes = render (export, error)) == NULL)
        return FALSE;
      bytes_data = g_bytes_get_data (bytes, &length);
      if (!cf_files_write_atomic (export->path, bytes_data, length, error))
        return FALSE;
      export->written = TRUE;
    }
  /* Counts only: what the export holds stays in the export. */
  detail = g_strdup_printf ("%s %u records, %u withheld",
                            export->path != NULL ? cf_student_export_format_to_string (export->format)
                                                 : "document",
                            export->n_records, export->n_withheld);
  return _cf_session_audit (session, "student-exported", export->student_id, detail, error);
}

static gboolean
run_export (CfSession *session,
            Export    *export,
            GError   **error)
{
  g_autoptr(GTimeZone) zone = NULL;

  if (!cf_session_require (session, CF_PERMISSION_SUBJECT_ACCESS, error))
    return FALSE;
  zone = cf_office_get_time_zone (session);
  export->zone = zone;
  if (_cf_session_write (session, export_in_transaction, export, error))
    return TRUE;
  if (export->written)
    g_unlink (export->path);
  g_clear_pointer (&export->document, json_node_unref);
  return FALSE;
}

JsonNode *
cf_student_export_document (CfSession  *session,
                            const char *student_id,
                            GError    **error)
{
  Export export = { student_id, NULL, CF_STUDENT_EXPORT_JSON, NULL };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  if (!run_export (session, &export, error))
    return NULL;
  return export.document;
}

gboolean
cf_student_export (CfSession            *session,
                   const char           *student_id,
                   CfStudentExportFormat format,
                   const char           *path,
                   guint                *n_records,
                   GError              **error)
{
  Export export = { student_id, NULL, format, path };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (student_id != NULL, FALSE);
  g_return_val_if_fail (format <= CF_STUDENT_EXPORT_PDF, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (path[0] == '\0')
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT, _("Give a file name for the export."));
      return FALSE;
    }
  if (!run_export (session, &export, error))
    return FALSE;
  g_clear_pointer (&export.document, json_node_unref);
  if (n_records != NULL)
    *n_records = export.n_records;
  return TRUE;
}

/* --- withholding --- */

typedef struct {
  const char *student_id;
  const char *record_id;
  const char *part;
  const char *passage;
  const char *reason;
  char       *id;
  gboolean    found;      /* the record has that part, holding the passage */
} Withhold;

static void
check_part (JsonObject *record,
            gpointer    data)
{
  Withhold *withhold = data;
  JsonNode *node;

  if (withhold->part == NULL)
    {
      withhold->found = TRUE;
      return;
    }
  node = json_object_get_member (record, withhold->part);
  if (node == NULL || strcmp (withhold->part, "id") == 0 ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return;
  if (withhold->passage == NULL || strstr (json_node_get_string (node), withhold->passage) != NULL)
    withhold->found = TRUE;
}

static gboolean
find_passage (CfStore  *store,
              Withhold *withhold,
              GError  **error)
{
  g_autoptr(JsonObject) sections = _cf_student_data_read (store, withhold->student_id, error);

  if (sections == NULL)
    return FALSE;
  if (for_record (sections, withhold->record_id, check_part, withhold) == 0)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND,
                 _("This student has no record with that id. Export their records to see each record’s id."));
  else if (!withhold->found)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, withhold->passage == NULL
                 ? _("That record has no text by that name. Export the records to see the names of its parts.")
                 : _("That passage is not in that part of the record. Copy it exactly as the export shows it."));
  return withhold->found;
}

static gboolean
save_withholding (CfSession *session,
                  gpointer   data,
                  GError   **error)
{
  Withhold *withhold = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, withhold->student_id, error) ||
      !find_passage (store, withhold, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "INSERT INTO withheld_passages (id, student_id, record_id, part, passage, reason, withheld_by,"
      " withheld_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, withhold->id);
  _cf_bind_text (stmt, 2, withhold->student_id);
  _cf_bind_text (stmt, 3, withhold->record_id);
  _cf_bind_text (stmt, 4, withhold->part);
  _cf_bind_text (stmt, 5, withhold->passage);
  _cf_bind_text (stmt, 6, withhold->reason);
  _cf_bind_text (stmt, 7, cf_session_get_user_id (session));
  sqlite3_bind_int64 (stmt, 8, g_get_real_time () / G_USEC_PER_SEC);
  /* The passage and the reason stay on the withholding, gone with the
   * student; the audit names the record only. */
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "withheld", withhold->id, NULL, error) &&
         _cf_session_audit (session, "passage-withheld", withhold->student_id, withhold->record_id, error);
}

static gboolean
check_withhold (Withhold *withhold,
                GError  **error)
{
  if (!cf_text_check_required (withhold->reason, CF_TEXT_LINE, _("The reason"), error))
    return FALSE;
  if (g_utf8_strlen (withhold->reason, -1) > REASON_MAX)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("The reason is too long: keep it to %d characters."), REASON_MAX);
      return FALSE;
    }
  if (withhold->passage != NULL && (withhold->part == NULL || withhold->passage[0] == '\0'))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("Say which part of the record holds the passage, and give the passage itself."));
      return FALSE;
    }
  return TRUE;
}

char *
cf_student_withhold (CfSession  *session,
                     const char *student_id,
                     const char *record_id,
                     const char *part,
                     const char *passage,
                     const char *reason,
                     GError    **error)
{
  g_autofree char *id = g_uuid_string_random ();
  Withhold withhold = { student_id, record_id, part, passage, reason, id, FALSE };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);
  g_return_val_if_fail (record_id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !check_withhold (&withhold, error) ||
      !_cf_session_write (session, save_withholding, &withhold, error))
    return NULL;
  return g_steal_pointer (&id);
}
