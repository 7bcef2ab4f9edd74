/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-replica-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-error.h"
#include "cf-hlc.h"
#include "cf-json.h"
#include "cf-ops.h"
#include "cf-settings-private.h"
#include "cf-student-data-private.h"

/* What replicates.  Mutable kinds merge field by field, last writer wins on
 * the hybrid logical clock; append-only kinds are inserted once and never
 * changed.  student_column ties a record to a student, so that erasing the
 * student drops every late write about them; also_about ties it to another
 * record of theirs (a kiosk arrival to their appointment, before it is
 * matched to them), which erasure noted in erased_records.  Column names here are the only
 * names ever put into SQL: names in a payload are only looked up in this
 * table.  Clocks are keyed by (row id, column); students and monitoring share
 * ids but no column names. */
typedef struct {
  const char        *kind;
  const char        *table;
  const char        *id_column;
  const char *const *columns;
  gboolean           append_only;
  const char        *student_column;
  const char        *also_about;
} ReplicaTable;

#define COLUMNS(...) (const char *const[]) { __VA_ARGS__, NULL }

static const ReplicaTable replica_tables[] = {
  { "user", "users", "id",
    COLUMNS ("name", "role", "restricted_service", "credential", "created_at", "removed_at"),
    FALSE, NULL },
  { "node", "nodes", "id",
    COLUMNS ("kind", "sign_public", "enrolled_at", "revoked_at", "revoke_reason"), FALSE, NULL },
  { "feed_key", "feed_keys", "id",
    COLUMNS ("generation", "feed_key", "booking_key", "created_at"), TRUE, NULL },
  /* The case key's generations and the grants of them: sealed, so office
   * data (see cf-case-keys.c). */
  { "case_key", "case_keys", "id",
    COLUMNS ("generation", "previous", "box_secret", "created_at"), TRUE, NULL },
  { "grant", "grants", "id", COLUMNS ("user_id", "generation", "sealed"), TRUE, NULL },
  { "student", "students", "id",
    COLUMNS ("name", "preferred_name", "student_number", "college", "faculty", "email", "phone",
             "access_code_hash", "service_group", "removed_from_course", "created_at", "updated_at",
             "removed_reason", "removed_by", "removed_at"),
    FALSE, "id" },
  { "monitoring", "monitoring", "student_id",
    COLUMNS ("date_of_birth", "gender", "ethnicity", "recorded_at"), FALSE, "student_id" },
  { "case", "cases", "id",
    COLUMNS ("student_id", "topic", "status", "adviser_id", "opened_at", "resolved_at", "outcome"),
    FALSE, "student_id" },
  { "case_entry", "case_entries", "id",
    COLUMNS ("case_id", "student_id", "kind", "body", "third_party", "author_id", "created_at",
             "corrects_id"), TRUE, "student_id" },
  { "consent_wording", "consent_wordings", "version", COLUMNS ("body", "published_at"), TRUE, NULL },
  { "consent", "consents", "id",
    COLUMNS ("student_id", "third_party", "granted", "source", "wording_version", "verbal_note",
             "recorded_by", "recorded_at", "withdraws_id"), TRUE, "student_id" },
  { "appointment", "appointments", "id",
    COLUMNS ("student_id", "adviser_id", "start_at", "end_at", "mode", "topic", "room", "status",
             "booking_code_hash", "created_at", "updated_at"), FALSE, "student_id" },
  { "security_notice", "security_notices", "id",
    COLUMNS ("exported_by", "exported_at", "range_from", "range_to", "format"), TRUE, NULL },
  { "security_notice_item", "security_notice_items", "id",
    COLUMNS ("notice_id", "appointment_id", "student_id", "start_at", "end_at", "sequence", "cancelled",
             "shown"), TRUE, "student_id" },
  { "ticket", "tickets", "id",
    COLUMNS ("code", "kind", "topic", "waiting_since", "status", "student_id", "appointment_id",
             "adviser_id", "called_at", "submission"), FALSE, "student_id", "appointment_id" },
  { "breach", "breaches", "id",
    COLUMNS ("student_id", "outline", "reason", "ground", "legal_reference", "consulted", "purpose",
             "disclosed_to", "student_informed", "informed_at", "author_id", "created_at",
             "corrects_id", "grounds", "unconsulted_reason"), TRUE, "student_id" },
  { "conflict", "conflicts", "id",
    COLUMNS ("adviser_id", "student_id", "declared_at", "note"), TRUE, "student_id" },
  /* Anonymous counts folded from a destroyed student's records: no
   * student column, so they survive the erasure that follows. */
  { "statistic", "folded_statistics", "id",
    COLUMNS ("month", "kind", "mode", "topic", "outcome", "college", "faculty", "gender",
             "ethnicity", "age_band", "students", "student_since", "cases", "case_since",
             "contacts", "wait_minutes", "waiters", "waiter_since"), TRUE, NULL },
  /* A hold on a student's records (cf-retention.c): one a student, so
   * keyed by the student's id, and gone with them. */
  { "hold", "retention_holds", "student_id",
    COLUMNS ("reason", "held_by", "held_at", "released_at"), FALSE, "student_id" },
  /* Subject access: a passage withheld from a student's export, with its
   * reason (append-only), and the register of their requests. */
  { "withheld", "withheld_passages", "id",
    COLUMNS ("student_id", "record_id", "part", "passage", "reason", "withheld_by", "withheld_at"),
    TRUE, "student_id" },
  { "access_request", "access_requests", "id",
    COLUMNS ("student_id", "received", "extension_months", "extension_reason", "done_at",
             "recorded_by", "recorded_at"), FALSE, "student_id" },
  /* The office's shared settings (the retention rule), merged by name.
   * They decide what happens to case data, so they travel as case data,
   * under the case key: an administrator, who holds only the office key,
   * cannot shorten how long records are kept and let a purge destroy
   * them.  The table is in the office database all the same. */
  { "office_setting", "office_settings", "name", COLUMNS ("value"), FALSE, NULL },
  /* The audit log replicates but survives erasure: it holds ids, not names. */
  { "audit", "audit", "id",
    COLUMNS ("node_id", "seq", "at", "actor_id", "action", "subject", "detail", "prev_hash", "hash"),
    TRUE, NULL },
};

/* Not replicated as rows (erasures travel as their own operation) but part
 * of the state every machine must agree on. */
static const ReplicaTable tombstone_table = {
  "tombstone", "tombstones", "id", COLUMNS ("kind"), TRUE, NULL
};

/* Stamps older than any real one, for columns never changed since insert. */
#define ORIGIN_STAMP "0000000000000000@"

/* Office data travels under the office key, which every user holds;
 * everything else is case data, under the case key (design.md, "Keys").
 * A snapshot's floors travel with case data: a desk that cannot read that
 * yet must not take the segments they cover as applied. */
static const char *const office_kinds[] = {
  "user", "node", "case_key", "grant", "feed_key", "consent_wording", "audit",
};

CfDataClass
_cf_replica_class_of (const char *kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (office_kinds); i++)
    if (g_strcmp0 (kind, office_kinds[i]) == 0)
      return CF_DATA_OFFICE;
  return CF_DATA_CASE;
}

static const ReplicaTable *
find_table (const char *kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (replica_tables); i++)
    if (g_strcmp0 (replica_tables[i].kind, kind) == 0)
      return &replica_tables[i];
  return NULL;
}

/* Statements are cached by SQL pointer: interning gives built SQL a stable one. */
static const char *
interned_sql (const char *format,
              ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return g_intern_string (sql);
}

/* Each table's statements, built once: applying an operation is the hot
 * path of an import. */
typedef struct {
  const char  *select_row;     /* the id, the columns, then (if mutable) the clocks */
  const char  *exists;
  const char  *insert;
  const char **update;         /* per column */
  const char  *select_clocks;  /* mutable tables only */
  const char  *update_clocks;
} TableSql;

static TableSql table_sql_cache[ G_N_ELEMENTS (replica_tables)];

static void
build_table_sql (const ReplicaTable *table,
                 TableSql           *sql)
{
  g_autofree char *columns = g_strjoinv (", ", (char **) table->columns);
  g_autoptr(GString) marks = g_string_new ("?");
  guint n = g_strv_length ((char **) table->columns);
  const char *clocks = table->append_only ? "" : ", clocks";

  for (guint i = 0; i < n; i++)
    g_string_append (marks, ", ?");
  if (!table->append_only)
    g_string_append (marks, ", ?");
  sql->select_row = interned_sql ("SELECT %s, %s%s FROM %s WHERE %s = ?", table->id_column,
                                  columns, clocks, table->table, table->id_column);
  sql->exists = interned_sql ("SELECT 1 FROM %s WHERE %s = ?", table->table, table->id_column);
  /* OR IGNORE: an ABORT would need a statement journal (see cf-fts.h);
   * insert_row tells a skipped row from a duplicate itself. */
  sql->insert = interned_sql ("INSERT OR IGNORE INTO %s (%s, %s%s) VALUES (%s)",
                              table->table, table->id_column, columns, clocks, marks->str);
  sql->update = g_new0 (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    sql->update[i] = interned_sql ("UPDATE %s SET %s = ? WHERE %s = ?", table->table,
                                   table->columns[i], table->id_column);
  if (table->append_only)
    return;
  sql->select_clocks = interned_sql ("SELECT clocks FROM %s WHERE %s = ?", table->table,
                                     table->id_column);
  sql->update_clocks = interned_sql ("UPDATE %s SET clocks = ? WHERE %s = ?", table->table,
                                     table->id_column);
}

static const TableSql *
table_sql (const ReplicaTable *table)
{
  static gsize built;

  if (g_once_init_enter (&built))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (replica_tables); i++)
        build_table_sql (&replica_tables[i], &table_sql_cache[i]);
      g_once_init_leave (&built, 1);
    }
  return &table_sql_cache[table - replica_tables];
}

/* ---- clocks ---------------------------------------------------------- */

/* A mutable record keeps its field clocks in its own clocks column
 * (schema step 7): "field=stamp;field=stamp", in no particular order.  A
 * field never changed since the record was created has no entry: its
 * stamp is the origin.  Stamps are checked before they are kept
 * (valid_stamp), and a valid stamp holds neither separator. */

/* Where @field's entry starts in @clocks, and how long it is (without its
 * separator); NULL if it has none. */
static const char *
find_clock (const char *clocks,
            const char *field,
            gsize      *length)
{
  gsize field_length = strlen (field);

  for (const char *at = clocks; *at != '\0';)
    {
      const char *end = strchrnul (at, ';');

      if ((gsize) (end - at) > field_length && at[field_length] == '=' &&
          memcmp (at, field, field_length) == 0)
        {
          *length = (gsize) (end - at);
          return at;
        }
      at = *end == ';' ? end + 1 : end;
    }
  return NULL;
}

/* @field's stamp in @clocks, copied into @stamp. */
static const char *
clock_stamp (const char *clocks,
             const char *field,
             char        stamp[CF_HLC_STAMP_MAX])
{
  gsize length = 0;
  const char *entry = find_clock (clocks, field, &length);
  gsize skip = strlen (field) + 1;

  if (entry == NULL || length - skip >= CF_HLC_STAMP_MAX)
    return strcpy (stamp, ORIGIN_STAMP);
  memcpy (stamp, entry + skip, length - skip);
  stamp[length - skip] = '\0';
  return stamp;
}

/* Stamps @field of @clocks with @stamp, replacing its entry if it has one. */
static void
set_clock (GString    *clocks,
           const char *field,
           const char *stamp)
{
  gsize length = 0;
  const char *entry = find_clock (clocks->str, field, &length);

  if (entry != NULL)
    {
      gssize start = entry - clocks->str;

      /* The entry and one separator: the one after it, or before it if it
       * is the last. */
      if ((gsize) start + length < clocks->len)
        length++;
      else if (start > 0)
        start--, length++;
      g_string_erase (clocks, start, (gssize) length);
    }
  if (clocks->len > 0)
    g_string_append_c (clocks, ';');
  g_string_append_printf (clocks, "%s=%s", field, stamp);
}

/* The clocks of a mutable record, or NULL (and no error) if it does not
 * exist. */
static gboolean
read_clocks (CfStore            *store,
             const ReplicaTable *table,
             const char         *id,
             char              **clocks,
             GError            **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, table_sql (table)->select_clocks, error);

  *clocks = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  return _cf_store_get_text (store, stmt, clocks, error);
}

static gboolean
write_clocks (CfStore            *store,
              const ReplicaTable *table,
              const char         *id,
              const char         *clocks,
              GError            **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, table_sql (table)->update_clocks, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clocks, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  return _cf_store_step_done (store, stmt, error);
}

static gboolean
has_column (const ReplicaTable *table,
            const char         *column)
{
  for (int i = 0; table->columns[i]; i++)
    if (g_str_equal (table->columns[i], column))
      return TRUE;
  return FALSE;
}

gboolean
_cf_replica_stamp (CfStore           *store,
                   const char        *kind,
                   const char        *row_id,
                   const char *const *fields,
                   const char        *stamp,
                   GError           **error)
{
  const ReplicaTable *table = find_table (kind);
  g_autofree char *stored = NULL;
  g_autoptr(GString) clocks = NULL;

  if (fields == NULL || fields[0] == NULL)
    return TRUE;
  if (table == NULL || table->append_only)
    {
      g_critical ("%s records have no field clocks", kind);
      return TRUE;
    }
  if (!read_clocks (store, table, row_id, &stored, error))
    return FALSE;
  if (stored == NULL)
    {
      g_critical ("A change to a %s record that does not exist", kind);
      return TRUE;
    }
  clocks = g_string_new (stored);
  for (gsize i = 0; fields[i] != NULL; i++)
    if (has_column (table, fields[i]))
      set_clock (clocks, fields[i], stamp);
    else
      g_critical ("%s records have no field %s", kind, fields[i]);
  return write_clocks (store, table, row_id, clocks->str, error);
}

gboolean
_cf_replica_changed_at (CfStore    *store,
                        const char *kind,
                        const char *row_id,
                        const char *field,
                        gint64     *millis,
                        GError    **error)
{
  const ReplicaTable *table = find_table (kind);
  g_autofree char *stored = NULL;
  char stamp[CF_HLC_STAMP_MAX];
  CfHlc clock = { 0 };

  *millis = 0;
  g_return_val_if_fail (table != NULL && !table->append_only, FALSE);
  if (!read_clocks (store, table, row_id, &stored, error))
    return FALSE;
  if (stored != NULL && cf_hlc_parse (clock_stamp (stored, field, stamp), &clock))
    *millis = (gint64) clock.millis;
  return TRUE;
}

/* ---- export ---------------------------------------------------------- */

static void
add_column_value (JsonBuilder  *builder,
                  sqlite3_stmt *stmt,
                  int           index)
{
  switch (sqlite3_column_type (stmt, index))
    {
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, index));
      break;
    case SQLITE_NULL:
      json_builder_add_null_value (builder);
      break;
    default:
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, index));
    }
}

/* {"k": kind, "id": id, "f": {column: [value, stamp]}} for mutable kinds,
 * {"k": kind, "id": id, "v": {column: value}} for append-only ones. */
static gboolean
export_row (CfStore            *store,
            JsonBuilder        *builder,
            const ReplicaTable *table,
            const char         *row_id,
            gboolean           *found,
            GError            **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, table_sql (table)->select_row, error);
  const char *clocks = NULL;
  int n_columns = (int) g_strv_length ((char **) table->columns);
  CfStep step;

  *found = FALSE;
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, row_id);
  step = _cf_store_step (store, stmt, error);
  if (step != CF_STEP_ROW)
    {
      sqlite3_reset (stmt);
      return step == CF_STEP_DONE;     /* done: erased since it was queued */
    }
  *found = TRUE;
  if (!table->append_only)
    clocks = (const char *) sqlite3_column_text (stmt, n_columns + 1);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "k");
  json_builder_add_string_value (builder, table->kind);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, row_id);
  json_builder_set_member_name (builder, table->append_only ? "v" : "f");
  json_builder_begin_object (builder);
  for (int i = 0; table->columns[i]; i++)
    {
      json_builder_set_member_name (builder, table->columns[i]);
      if (table->append_only)
        add_column_value (builder, stmt, i + 1);
      else
        {
          char stamp[CF_HLC_STAMP_MAX];

          json_builder_begin_array (builder);
          add_column_value (builder, stmt, i + 1);
          json_builder_add_string_value (builder, clock_stamp (clocks ? clocks : "",
                                                               table->columns[i], stamp));
          json_builder_end_array (builder);
        }
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
export_erasure (CfStore     *store,
                JsonBuilder *builder,
                const char  *student_id,
                GError     **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT hlc FROM tombstones WHERE id = ?", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student_id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_FAILED)
    return FALSE;
  if (step == CF_STEP_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "k");
      json_builder_add_string_value (builder, "erase");
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, student_id);
      json_builder_set_member_name (builder, "h");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 0));
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
export_queued (CfStore     *store,
               JsonBuilder *builder,
               const char  *kind,
               const char  *row_id,
               guint       *n_ops,
               GError     **error)
{
  const ReplicaTable *table;
  gboolean found = FALSE;

  if (g_str_equal (kind, "erase"))
    {
      (*n_ops)++;
      return export_erasure (store, builder, row_id, error);
    }
  table = find_table (kind);
  if (table == NULL)
    return TRUE;       /* a local-only change */
  if (!export_row (store, builder, table, row_id, &found, error))
    return FALSE;
  *n_ops += found ? 1 : 0;
  return TRUE;
}

static GBytes *
builder_to_bytes (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

GBytes *
_cf_replica_export_changes (CfStore    *store,
                            CfDataClass data_class,
                            gint64      after_seq,
                            guint       max_ops,
                            gint64     *last_seq,
                            guint      *n_ops,
                            GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  CfStep step;

  *n_ops = 0;
  *last_seq = after_seq;
  stmt = _cf_store_prepare (store,
      "SELECT seq, kind, row_id FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_seq);
  sqlite3_bind_int (stmt, 2, (int) max_ops);

  json_builder_begin_array (builder);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 1);
      const char *row_id = (const char *) sqlite3_column_text (stmt, 2);
      char *key = g_strconcat (kind, "/", row_id, NULL);

      *last_seq = sqlite3_column_int64 (stmt, 0);
      /* A row changed many times is sent once, in its current state. */
      if (_cf_replica_class_of (kind) != data_class || !g_hash_table_add (seen, key))
        {
          if (_cf_replica_class_of (kind) != data_class)
            g_free (key);
          continue;
        }
      if (!export_queued (store, builder, kind, row_id, n_ops, error))
        {
          sqlite3_reset (stmt);
          return NULL;
        }
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return NULL;
  json_builder_end_array (builder);
  return *n_ops > 0 ? builder_to_bytes (builder) : NULL;
}

static gboolean
export_table (CfStore            *store,
              JsonBuilder        *builder,
              const ReplicaTable *table,
              guint              *n_ops,
              GError            **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const char *sql = interned_sql ("SELECT %s FROM %s", table->id_column, table->table);
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);

  if (stmt == NULL || !_cf_store_collect (store, stmt, ids, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gboolean found;

      if (!export_row (store, builder, table, ids->pdata[i], &found, error))
        return FALSE;
      *n_ops += found ? 1 : 0;
    }
  return TRUE;
}

static gboolean
export_tombstones (CfStore     *store,
                   JsonBuilder *builder,
                   guint       *n_ops,
                   GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = _cf_store_prepare (store, "SELECT id FROM tombstones", error);

  if (stmt == NULL || !_cf_store_collect (store, stmt, ids, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++, (*n_ops)++)
    if (!export_erasure (store, builder, ids->pdata[i], error))
      return FALSE;
  return TRUE;
}

GBytes *
_cf_replica_export_all (CfStore    *store,
                        CfDataClass data_class,
                        guint      *n_ops,
                        GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  *n_ops = 0;
  json_builder_begin_array (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (replica_tables); i++)
    if (_cf_replica_class_of (replica_tables[i].kind) == data_class &&
        !export_table (store, builder, &replica_tables[i], n_ops, error))
      return NULL;
  if (data_class == CF_DATA_CASE && !export_tombstones (store, builder, n_ops, error))
    return NULL;
  json_builder_end_array (builder);
  return builder_to_bytes (builder);
}

/* ---- apply ----------------------------------------------------------- */

struct _CfReplicaMemo {
  GHashTable *live_students;   /* ids known not to be erased */
  GHashTable *case_students;   /* case id → the id of the case's student */
  gboolean    none_erased;     /* erased_records was empty, and still is */
  gboolean    none_erased_known;
};

CfReplicaMemo *
_cf_replica_memo_new (void)
{
  CfReplicaMemo *memo = g_new0 (CfReplicaMemo, 1);

  memo->live_students = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  memo->case_students = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return memo;
}

void
_cf_replica_memo_free (CfReplicaMemo *memo)
{
  if (memo == NULL)
    return;
  g_hash_table_unref (memo->live_students);
  g_hash_table_unref (memo->case_students);
  g_free (memo);
}

/* Whether @student_id (may be NULL) was erased.  Tombstones name students
 * only, so a record that is not about a student has nothing to ask. */
static gboolean
student_erased (CfStore       *store,
                CfReplicaMemo *memo,
                const char    *student_id,
                gboolean      *erased,
                GError       **error)
{
  sqlite3_stmt *stmt;

  *erased = FALSE;
  if (student_id == NULL || (memo && g_hash_table_contains (memo->live_students, student_id)))
    return TRUE;
  stmt = _cf_store_prepare (store, "SELECT 1 FROM tombstones WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, student_id, -1, SQLITE_STATIC);
  if (!_cf_store_exists (store, stmt, erased, error))
    return FALSE;
  if (!*erased && memo)
    g_hash_table_add (memo->live_students, g_strdup (student_id));
  return TRUE;
}

/* Only strings, integers and null are data here; a missing value binds
 * null.  Text is not copied: the reader's buffer outlives the step, and
 * _cf_store_prepare clears the bindings before the statement is used
 * again. */
static gboolean
bind_value (sqlite3_stmt    *stmt,
            int              index,
            const CfOpValue *value)
{
  if (value == NULL || value->kind == CF_OP_VALUE_NULL)
    sqlite3_bind_null (stmt, index);
  else if (value->kind == CF_OP_VALUE_INTEGER)
    sqlite3_bind_int64 (stmt, index, value->integer);
  else if (value->kind == CF_OP_VALUE_STRING)
    sqlite3_bind_text (stmt, index, value->string, -1, SQLITE_STATIC);
  else
    return FALSE;
  return TRUE;
}

/* A field's value in an operation: append-only values are bare, mutable
 * ones are [value, stamp]; anything else counts as missing. */
static const CfOpValue *
op_value (const CfOp  *op,
          const char  *column,
          gboolean     append_only,
          const char **stamp)
{
  const CfOpField *field = cf_op_get_field (op, column);

  if (field == NULL)
    return NULL;
  if (append_only)
    return &field->value;
  if (!field->paired)
    return NULL;
  *stamp = field->stamp;
  return &field->value;
}

static const char *
op_student (const ReplicaTable *table,
            const CfOp         *op)
{
  const CfOpValue *value;
  const char *stamp = NULL;

  if (table->student_column == NULL)
    return NULL;
  if (g_str_equal (table->student_column, table->id_column))
    return op->id;
  value = op_value (op, table->student_column, table->append_only, &stamp);
  return value && value->kind == CF_OP_VALUE_STRING ? value->string : NULL;
}

static gboolean
valid_stamp (const char *stamp)
{
  CfHlc parsed;

  return stamp != NULL && (g_str_equal (stamp, ORIGIN_STAMP) || cf_hlc_parse (stamp, &parsed));
}

static gboolean
row_exists (CfStore            *store,
            const ReplicaTable *table,
            const char         *id,
            gboolean           *found,
            GError            **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, table_sql (table)->exists, error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  return _cf_store_exists (store, stmt, found, error);
}

/* An entry belongs to its student through its case (schema step 4), so an
 * entry whose case names another student is refused: erasing the case's
 * student must take every entry about them.  A case that has not arrived
 * yet is left to the deferred foreign key, as any missing reference is. */
static gboolean
entry_agrees_with_case (CfStore       *store,
                        CfReplicaMemo *memo,
                        const CfOp    *op,
                        GError       **error)
{
  const CfOpField *case_id = cf_op_get_field (op, "case_id");
  const CfOpField *student_id = cf_op_get_field (op, "student_id");
  const char *case_student;
  sqlite3_stmt *stmt;
  gboolean agrees = TRUE;
  CfStep step;

  if (case_id == NULL || student_id == NULL || case_id->value.kind != CF_OP_VALUE_STRING ||
      student_id->value.kind != CF_OP_VALUE_STRING)
    return TRUE;     /* the table's NOT NULL constraints judge */
  case_student = memo ? g_hash_table_lookup (memo->case_students, case_id->value.string) : NULL;
  if (case_student != NULL)
    agrees = g_str_equal (case_student, student_id->value.string);
  else
    {
      stmt = _cf_store_prepare (store, "SELECT student_id FROM cases WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, case_id->value.string, -1, SQLITE_STATIC);
      step = _cf_store_step (store, stmt, error);
      if (step == CF_STEP_FAILED)
        return FALSE;
      if (step == CF_STEP_ROW)
        {
          case_student = (const char *) sqlite3_column_text (stmt, 0);
          agrees = g_strcmp0 (case_student, student_id->value.string) == 0;
          if (memo && case_student)
            g_hash_table_insert (memo->case_students, g_strdup (case_id->value.string),
                                 g_strdup (case_student));
        }
      sqlite3_reset (stmt);
    }
  if (!agrees)
    cf_op_set_malformed (error);
  return agrees;
}

/* Append-only rows may arrive twice; a new mutable row is known not to
 * exist.  Either way a row that breaks a constraint is an error, not
 * silently skipped. */
static gboolean
insert_row (CfStore            *store,
            const ReplicaTable *table,
            const CfOp         *op,
            GError            **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, table_sql (table)->insert, error);
  g_autoptr(GString) clocks = NULL;
  gboolean found = FALSE;
  int i;

  if (stmt == NULL)
    return FALSE;
  if (!table->append_only)
    clocks = g_string_sized_new (256);
  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_STATIC);
  for (i = 0; table->columns[i]; i++)
    {
      const char *stamp = ORIGIN_STAMP;
      const CfOpValue *value = op_value (op, table->columns[i], table->append_only, &stamp);

      if (!bind_value (stmt, i + 2, value) || !valid_stamp (stamp))
        {
          sqlite3_reset (stmt);
          cf_op_set_malformed (error);
          return FALSE;
        }
      /* An origin stamp is what a missing entry means already. */
      if (clocks != NULL && !g_str_equal (stamp, ORIGIN_STAMP))
        set_clock (clocks, table->columns[i], stamp);
    }
  if (clocks != NULL)
    sqlite3_bind_text (stmt, i + 2, clocks->str, (int) clocks->len, SQLITE_STATIC);
  if (!_cf_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (_cf_store_get_db (store)) > 0)
    return TRUE;
  /* Nothing inserted: a duplicate of an append-only row is fine; anything
   * else broke a constraint. */
  if (table->append_only && !row_exists (store, table, op->id, &found, error))
    return FALSE;
  if (!found)
    cf_op_set_malformed (error);
  return found;
}

/* Last writer wins, field by field, against the record's @stored clocks. */
static gboolean
merge_row (CfStore            *store,
           CfReplicaMemo      *memo,
           const ReplicaTable *table,
           const CfOp         *op,
           const char         *stored,
           GError            **error)
{
  g_autoptr(GString) clocks = g_string_new (stored);
  gboolean changed = FALSE;

  for (int i = 0; table->columns[i]; i++)
    {
      const char *column = table->columns[i];
      const char *stamp = NULL;
      const CfOpValue *value = op_value (op, column, FALSE, &stamp);
      char local[CF_HLC_STAMP_MAX];
      sqlite3_stmt *stmt;

      if (value == NULL)
        continue;
      if (!valid_stamp (stamp))
        {
          cf_op_set_malformed (error);
          return FALSE;
        }
      if (strcmp (stamp, clock_stamp (clocks->str, column, local)) <= 0)
        continue;
      stmt = _cf_store_prepare (store, table_sql (table)->update[i], error);
      if (stmt == NULL)
        return FALSE;
      if (!bind_value (stmt, 1, value))
        {
          sqlite3_reset (stmt);
          cf_op_set_malformed (error);
          return FALSE;
        }
      _cf_bind_text (stmt, 2, op->id);
      if (!_cf_store_step_done (store, stmt, error))
        return FALSE;
      set_clock (clocks, column, stamp);
      changed = TRUE;
      if (memo && g_str_equal (table->kind, "case") && g_str_equal (column, "student_id"))
        g_hash_table_remove (memo->case_students, op->id);    /* the case moved */
    }
  return !changed || write_clocks (store, table, op->id, clocks->str, error);
}

static gboolean
apply_erase (CfStore       *store,
             CfReplicaMemo *memo,
             const CfOp    *op,
             GError       **error)
{
  sqlite3_stmt *stmt;

  if (!valid_stamp (op->stamp))
    {
      cf_op_set_malformed (error);
      return FALSE;
    }
  stmt = _cf_store_prepare (store,
      "INSERT OR IGNORE INTO tombstones (id, kind, erased_at, hlc) VALUES (?, 'student', ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, op->id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 3, op->stamp);
  if (memo)
    {
      g_hash_table_remove (memo->live_students, op->id);
      g_hash_table_remove_all (memo->case_students);     /* the student's cases go */
      memo->none_erased = FALSE;
    }
  return _cf_store_step_done (store, stmt, error) &&
         _cf_student_data_destroy (store, op->id, NULL, error);
}

/* Whether this machine holds every segment of the snapshot that @op, its
 * writer's own floor, ends: from its first ("from") to the floor, above
 * what it held already. */
static gboolean
holds_whole_snapshot (CfStore    *store,
                      const CfOp *op,
                      gint64      current,
                      gboolean   *whole,
                      GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT count (*) FROM applied_segments WHERE node_id = ? AND seq BETWEEN ? AND ?", error);
  gint64 from = MAX (op->from, current + 1);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, op->id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, op->seq);
  step = _cf_store_step (store, stmt, error);
  *whole = step == CF_STEP_ROW && sqlite3_column_int64 (stmt, 0) >= op->seq - from + 1;
  sqlite3_reset (stmt);
  return step == CF_STEP_ROW;
}

/* A snapshot says which of a machine's segments its state already holds:
 * they need not be read (and once compacted, cannot be).  That is true
 * only of the whole snapshot: a machine that missed one of its segments
 * (late, or damaged and refused) and took the floors would count that one
 * as read and never read it.  So the segment with the floors waits until
 * the snapshot's others are applied. */
static gboolean
apply_floor (CfStore    *store,
             const CfOp *op,
             const char *signer,
             GError    **error)
{
  g_autofree char *key = NULL, *current = NULL, *text = NULL;
  gint64 held;
  gboolean whole = TRUE;

  if (op->seq < 0 || !g_uuid_string_is_valid (op->id))
    {
      cf_op_set_malformed (error);
      return FALSE;
    }
  key = g_strconcat ("floor:", op->id, NULL);
  if (!_cf_settings_get (store, key, &current, error))
    return FALSE;
  held = current ? g_ascii_strtoll (current, NULL, 10) : 0;
  if (held >= op->seq)
    return TRUE;
  if (op->from >= 0 && g_strcmp0 (signer, op->id) == 0 &&
      !holds_whole_snapshot (store, op, held, &whole, error))
    return FALSE;
  if (!whole)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_EXISTS, _("A snapshot’s segment arrived before the rest of it; it waits until the rest arrives."));
      return FALSE;
    }
  text = g_strdup_printf ("%" G_GINT64_FORMAT, op->seq);
  return _cf_settings_set (store, key, text, error);
}

/* Whether @op is about a destroyed student: it names them, or it is a
 * record destroyed with them that does not (a ticket tied to them only by
 * their appointment), or one tied to such a record. */
static gboolean
record_erased (CfStore            *store,
               CfReplicaMemo      *memo,
               const ReplicaTable *table,
               const CfOp         *op,
               gboolean           *erased,
               GError            **error)
{
  const CfOpValue *about;
  const char *stamp = NULL;

  if (!student_erased (store, memo, op_student (table, op), erased, error))
    return FALSE;
  if (*erased || table->also_about == NULL)
    return TRUE;
  if (memo && !memo->none_erased_known)
    {
      if (!_cf_student_data_any_erased (store, &memo->none_erased, error))
        return FALSE;
      memo->none_erased = !memo->none_erased;
      memo->none_erased_known = TRUE;
    }
  if (memo && memo->none_erased)
    return TRUE;
  if (!_cf_student_data_is_erased (store, op->id, erased, error))
    return FALSE;
  about = op_value (op, table->also_about, table->append_only, &stamp);
  if (*erased || about == NULL || about->kind != CF_OP_VALUE_STRING)
    return TRUE;
  return _cf_student_data_is_erased (store, about->string, erased, error);
}

static gboolean
apply_op (CfStore       *store,
          CfReplicaMemo *memo,
          const CfOp    *op,
          gboolean       from_kiosk,
          const char    *signer,
          gboolean      *applied,
          GError       **error)
{
  const ReplicaTable *table;
  g_autofree char *stored = NULL;
  gboolean erased;

  *applied = FALSE;
  if (op->kind == NULL || op->id == NULL)
    {
      cf_op_set_malformed (error);
      return FALSE;
    }
  /* A kiosk can only hand in new tickets: never users, erasures or changes
   * to anything that exists, whatever a stolen kiosk key signs. */
  if (from_kiosk && !g_str_equal (op->kind, "ticket"))
    {
      cf_op_set_malformed (error);
      return FALSE;
    }
  if (g_str_equal (op->kind, "erase"))
    {
      *applied = TRUE;
      return apply_erase (store, memo, op, error);
    }
  if (g_str_equal (op->kind, "floor"))
    return apply_floor (store, op, signer, error);
  table = find_table (op->kind);
  if (table == NULL)
    return TRUE;   /* a kind from a newer Confide */
  if (!(table->append_only ? op->has_values : op->has_fields))
    {
      cf_op_set_malformed (error);
      return FALSE;
    }
  /* Erasure wins: nothing about an erased student comes back. */
  if (!record_erased (store, memo, table, op, &erased, error))
    return FALSE;
  if (erased)
    return TRUE;
  *applied = TRUE;
  if (g_str_equal (table->kind, "case_entry") && !entry_agrees_with_case (store, memo, op, error))
    return FALSE;
  if (table->append_only)
    return insert_row (store, table, op, error);
  if (!read_clocks (store, table, op->id, &stored, error))
    return FALSE;
  if (stored != NULL && from_kiosk)
    return TRUE;
  return stored ? merge_row (store, memo, table, op, stored, error)
                : insert_row (store, table, op, error);
}

/* A machine's audit entries come from that machine alone: another that
 * sent them could fill a gap in its chain, or take the numbers its next
 * entries need, so that they are refused when they come.  A snapshot (it
 * says so first) carries everything its writer holds, every machine's
 * entries too; what it carries is held against the heads each machine
 * signed (cf-audit-heads.c). */
static gboolean
audit_from_signer (const CfOp *op,
                   const char *signer,
                   GError    **error)
{
  const CfOpField *node;

  if (signer == NULL || op->kind == NULL || !g_str_equal (op->kind, "audit"))
    return TRUE;
  node = cf_op_get_field (op, "node_id");
  if (node != NULL && node->value.kind == CF_OP_VALUE_STRING && g_str_equal (node->value.string, signer))
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
               _("A segment written by machine %s holds audit entries of another machine; it was refused and nothing of it was applied."),
               signer);
  return FALSE;
}

/* A segment under the office key carries office data only, and one under
 * the case key case data only: whoever holds just the office key (an
 * administrator) cannot slip a student's record in.  Kinds this Confide
 * does not know are skipped anyway. */
static gboolean
op_in_its_class (const CfOp *op,
                 CfDataClass data_class,
                 GError    **error)
{
  gboolean known = op->kind != NULL &&
                   (find_table (op->kind) != NULL || g_str_equal (op->kind, "erase") ||
                    g_str_equal (op->kind, "floor"));

  if (!known || _cf_replica_class_of (op->kind) == data_class)
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
               _("A segment in the sync folder carries records its key may not carry; it was refused and nothing of it was applied."));
  return FALSE;
}

gboolean
_cf_replica_apply (CfStore       *store,
                   CfReplicaMemo *memo,
                   GBytes        *payload,
                   gboolean       from_kiosk,
                   CfDataClass    data_class,
                   const char    *signer,
                   guint         *n_applied,
                   GError       **error)
{
  g_autoptr(CfOpReader) reader = cf_op_reader_new (payload);
  g_autoptr(GError) local_error = NULL;
  gboolean snapshot = FALSE;
  const CfOp *op;

  *n_applied = 0;
  while (cf_op_reader_next (reader, &op, &local_error))
    {
      gboolean applied;

      if (g_strcmp0 (op->kind, CF_REPLICA_SNAPSHOT) == 0)
        {
          snapshot = TRUE;
          continue;
        }
      if ((!snapshot && !audit_from_signer (op, signer, error)) ||
          !op_in_its_class (op, data_class, error) ||
          !apply_op (store, memo, op, from_kiosk, signer, &applied, error))
        return FALSE;
      *n_applied += applied ? 1 : 0;
    }
  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* ---- digest ---------------------------------------------------------- */

static void
hash_value (crypto_generichash_state *state,
            sqlite3_stmt             *stmt,
            int                       index)
{
  int type = sqlite3_column_type (stmt, index);
  const void *bytes = sqlite3_column_blob (stmt, index);
  guint32 length = (guint32) sqlite3_column_bytes (stmt, index);
  guint8 tag = (guint8) type;

  crypto_generichash_update (state, &tag, 1);
  crypto_generichash_update (state, (const guint8 *) &length, sizeof length);
  if (type != SQLITE_NULL && length > 0)
    crypto_generichash_update (state, bytes, length);
}

static gboolean
hash_table (CfStore                  *store,
            crypto_generichash_state *state,
            const ReplicaTable       *table,
            GError                  **error)
{
  g_autofree char *columns = g_strjoinv (", ", (char **) table->columns);
  const char *sql = interned_sql ("SELECT %s, %s FROM %s ORDER BY %s", table->id_column, columns,
                                  table->table, table->id_column);
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);
  int n = 1 + (int) g_strv_length ((char **) table->columns);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  crypto_generichash_update (state, (const guint8 *) table->kind, strlen (table->kind) + 1);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    for (int i = 0; i < n; i++)
      hash_value (state, stmt, i);
  sqlite3_reset (stmt);
  return step == CF_STEP_DONE;
}

/* The audit log is left out: reading a record adds an entry, and the digest
 * describes the records, not who looked at them. */
char *
_cf_replica_digest (CfStore *store,
                    GError **error)
{
  crypto_generichash_state state;
  guint8 out[32];
  char hex[65];

  crypto_generichash_init (&state, NULL, 0, sizeof out);
  for (gsize i = 0; i < G_N_ELEMENTS (replica_tables); i++)
    if (!g_str_equal (replica_tables[i].kind, "audit") &&
        !hash_table (store, &state, &replica_tables[i], error))
      return NULL;
  if (!hash_table (store, &state, &tombstone_table, error))
    return NULL;
  crypto_generichash_final (&state, out, sizeof out);
  sodium_bin2hex (hex, sizeof hex, out, sizeof out);
  return g_strdup (hex);
}
