/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The heads of audit chains: what this machine signs into its segments, and
 * what every other machine signed into theirs, kept so that a chain cut
 * short or rewritten on its own machine (by someone who holds that
 * database's key, and so its signing key) is caught on another. */
#include "cf-audit-private.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cf-error.h"
#include "cf-settings-private.h"
#include "cf-store-private.h"

#define HEX_BYTES (CF_AUDIT_HASH_BYTES * 2 + 1)

/* ---- this machine's head ----------------------------------------------- */

/* An entry and its change are written in one transaction, so the entries
 * still waiting in the outbox after @outbox_through are the end of the
 * chain: the head is the entry before the first of them.  CROSS JOIN keeps
 * the outbox as the outer loop (each waiting entry found by its id):
 * left to itself, SQLite walks every audit entry of the machine and scans
 * the outbox for each, for every segment written, which took hours for a
 * snapshot or a backlog of a large office. */
gboolean
_cf_audit_exported_head (CfStore     *store,
                         const char  *node_id,
                         gint64       outbox_through,
                         CfAuditHead *head,
                         GError     **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT seq, hash FROM audit WHERE node_id = ?1 AND seq < coalesce ("
      " (SELECT min (a.seq) FROM outbox o CROSS JOIN audit a ON a.id = o.row_id"
      "  WHERE o.seq > ?2 AND o.kind = 'audit' AND a.node_id = ?1), 9223372036854775807)"
      " ORDER BY seq DESC LIMIT 1", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, node_id);
  sqlite3_bind_int64 (stmt, 2, outbox_through);
  step = _cf_store_step (store, stmt, error);
  head->seq = 0;
  memset (head->hash, 0, sizeof head->hash);
  if (step == CF_STEP_ROW)
    {
      const char *hex = (const char *) sqlite3_column_text (stmt, 1);
      size_t length = 0;

      head->seq = (guint64) sqlite3_column_int64 (stmt, 0);
      if (hex == NULL || sodium_hex2bin (head->hash, sizeof head->hash, hex, strlen (hex), NULL,
                                         &length, NULL) != 0 || length != sizeof head->hash)
        {
          _cf_store_set_error (store, SQLITE_CORRUPT, error);
          step = CF_STEP_FAILED;
        }
    }
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

/* ---- other machines' heads --------------------------------------------- */

static void
head_hash_hex (const CfAuditHead *head,
               char               hex[HEX_BYTES])
{
  sodium_bin2hex (hex, HEX_BYTES, head->hash, sizeof head->hash);
}

/* Whether @older and @newer, signed by one machine in that order, can both
 * be true of a chain that only grows. */
static gboolean
heads_agree (const CfAuditHead *older,
             const CfAuditHead *newer)
{
  if (older->seq != newer->seq)
    return older->seq < newer->seq;
  return sodium_memcmp (older->hash, newer->hash, sizeof older->hash) == 0;
}

/* Reads columns segment_kind, segment_seq, seq, hash, signature from
 * @first on; FALSE when they are not the shape a head has. */
static gboolean
head_from_row (sqlite3_stmt *stmt,
               int           first,
               const char   *node_id,
               CfAuditHead  *head)
{
  const char *hex = (const char *) sqlite3_column_text (stmt, first + 3);
  size_t length = 0;

  memset (head, 0, sizeof *head);
  g_strlcpy (head->node_id, node_id, sizeof head->node_id);
  head->segment_kind = (guint8) sqlite3_column_int (stmt, first);
  head->segment_seq = (guint64) sqlite3_column_int64 (stmt, first + 1);
  head->seq = (guint64) sqlite3_column_int64 (stmt, first + 2);
  if (sqlite3_column_bytes (stmt, first + 4) != CF_AUDIT_SIGNATURE_BYTES || hex == NULL ||
      sodium_hex2bin (head->hash, sizeof head->hash, hex, strlen (hex), NULL, &length, NULL) != 0 ||
      length != sizeof head->hash)
    return FALSE;
  memcpy (head->signature, sqlite3_column_blob (stmt, first + 4), CF_AUDIT_SIGNATURE_BYTES);
  return TRUE;
}

static gboolean
newest_head (CfStore     *store,
             const char  *node_id,
             CfAuditHead *head,
             gboolean    *found,
             GError     **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT segment_kind, segment_seq, seq, hash, signature FROM audit_heads"
      " WHERE node_id = ? AND newest = 1", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, node_id);
  step = _cf_store_step (store, stmt, error);
  *found = step == CF_STEP_ROW && head_from_row (stmt, 0, node_id, head);
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

static gboolean
insert_head (CfStore           *store,
             const CfAuditHead *head,
             gboolean           newest,
             GError           **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT OR IGNORE INTO audit_heads (node_id, segment_kind, segment_seq, seq, hash, signature, newest)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  char hex[HEX_BYTES];

  if (stmt == NULL)
    return FALSE;
  head_hash_hex (head, hex);
  _cf_bind_text (stmt, 1, head->node_id);
  sqlite3_bind_int (stmt, 2, head->segment_kind);
  sqlite3_bind_int64 (stmt, 3, (gint64) head->segment_seq);
  sqlite3_bind_int64 (stmt, 4, (gint64) head->seq);
  sqlite3_bind_text (stmt, 5, hex, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 6, head->signature, CF_AUDIT_SIGNATURE_BYTES, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 7, newest);
  return _cf_store_step_done (store, stmt, error);
}

/* The newest head before @head arrived is dropped when @head agrees with
 * it, and kept as evidence when it does not. */
static gboolean
retire_head (CfStore           *store,
             const CfAuditHead *newest,
             gboolean           agrees,
             GError           **error)
{
  sqlite3_stmt *stmt = agrees
    ? _cf_store_prepare (store, "DELETE FROM audit_heads WHERE node_id = ? AND segment_seq = ?", error)
    : _cf_store_prepare (store,
                         "UPDATE audit_heads SET newest = 0 WHERE node_id = ? AND segment_seq = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, newest->node_id);
  sqlite3_bind_int64 (stmt, 2, (gint64) newest->segment_seq);
  return _cf_store_step_done (store, stmt, error);
}

gboolean
_cf_audit_note_head (CfStore           *store,
                     const CfAuditHead *head,
                     GError           **error)
{
  CfAuditHead newest;
  gboolean found;

  g_return_val_if_fail (head != NULL, FALSE);
  if (!newest_head (store, head->node_id, &newest, &found, error))
    return FALSE;
  if (!found)
    return insert_head (store, head, TRUE, error);
  if (head->segment_seq == newest.segment_seq)
    return TRUE;
  /* A segment applied late (it waited for another) is older than the
   * newest head: it matters only if the two cannot both be true. */
  if (head->segment_seq < newest.segment_seq)
    return heads_agree (head, &newest) || insert_head (store, head, FALSE, error);
  return retire_head (store, &newest, heads_agree (&newest, head), error) &&
         insert_head (store, head, TRUE, error);
}

/* ---- checking them ----------------------------------------------------- */

static void
set_head_error (GError    **error,
                const char *message)
{
  g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
               _("%s Keep this database for investigation and compare it with the other machines."),
               message);
}

/* Whether every segment of @node_id up to @segment_seq is applied here:
 * only then must its entries up to the head be here too. */
static gboolean
applied_through (CfStore    *store,
                 const char *node_id,
                 gint64      segment_seq,
                 gboolean   *applied,
                 GError    **error)
{
  g_autofree char *floor_key = g_strconcat ("floor:", node_id, NULL);
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;
  gint64 floor;
  CfStep step;

  if (!_cf_settings_get (store, floor_key, &text, error))
    return FALSE;
  floor = text ? g_ascii_strtoll (text, NULL, 10) : 0;
  *applied = floor >= segment_seq;
  if (*applied)
    return TRUE;
  stmt = _cf_store_prepare (store,
      "SELECT count (*) FROM applied_segments WHERE node_id = ? AND seq > ? AND seq <= ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, node_id);
  sqlite3_bind_int64 (stmt, 2, floor);
  sqlite3_bind_int64 (stmt, 3, segment_seq);
  step = _cf_store_step (store, stmt, error);
  *applied = step == CF_STEP_ROW && sqlite3_column_int64 (stmt, 0) == segment_seq - floor;
  sqlite3_reset (stmt);
  if (step == CF_STEP_DONE)
    _cf_store_set_error (store, SQLITE_CORRUPT, error);   /* a count always gives a row */
  return step == CF_STEP_ROW;
}

/* The head's signature, checked again against the machine's key. */
static gboolean
head_is_signed (sqlite3_stmt      *stmt,
                const CfAuditHead *head)
{
  const char *key_text = (const char *) sqlite3_column_text (stmt, 7);
  g_autofree guint8 *key = NULL;
  gsize length = 0;

  if (key_text == NULL)
    return FALSE;
  key = g_base64_decode (key_text, &length);
  return length == crypto_sign_PUBLICKEYBYTES && cf_audit_head_check (head, key);
}

/* What is wrong with one kept head, as a sentence; NULL when nothing is. */
static char *
head_problem (CfStore      *store,
              sqlite3_stmt *stmt,
              GError      **error)
{
  const char *node_id = (const char *) sqlite3_column_text (stmt, 0);
  const char *held_hash = (const char *) sqlite3_column_text (stmt, 8);
  CfAuditHead head;
  char hex[HEX_BYTES];
  gboolean applied;

  if (!head_from_row (stmt, 1, node_id, &head) || !head_is_signed (stmt, &head))
    return g_strdup_printf (_("The audit head kept for machine %s does not match that machine’s signature: it was altered here."),
                            node_id);
  if (sqlite3_column_int (stmt, 6) == 0)
    return g_strdup_printf (_("Machine %s signed that its audit log had %llu entries, and later signed one that contradicts it: its audit log was cut short or rewritten."),
                            node_id, (unsigned long long) head.seq);
  if (head.seq == 0)
    return NULL;
  head_hash_hex (&head, hex);
  if (held_hash != NULL)
    return g_str_equal (held_hash, hex) ? NULL
      : g_strdup_printf (_("Entry %llu of machine %s’s audit log, as this desk holds it, is not the entry that machine signed: the log was rewritten."),
                         (unsigned long long) head.seq, node_id);
  if (!applied_through (store, node_id, (gint64) head.segment_seq, &applied, error))
    return NULL;
  return applied ? g_strdup_printf (_("Machine %s signed that its audit log had %llu entries, but this desk holds fewer: the log was cut short."),
                                    node_id, (unsigned long long) head.seq)
                 : NULL;
}

/* Every kept head against the chain this desk holds. */
gboolean
_cf_audit_verify_heads (CfStore *store,
                        char   **machine,
                        GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT h.node_id, h.segment_kind, h.segment_seq, h.seq, h.hash, h.signature, h.newest,"
      " n.sign_public, a.hash FROM audit_heads h"
      " LEFT JOIN nodes n ON n.id = h.node_id"
      " LEFT JOIN audit a ON a.node_id = h.node_id AND a.seq = h.seq"
      " ORDER BY h.node_id, h.segment_seq", error);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *problem = NULL;

  if (stmt == NULL)
    return FALSE;
  while (problem == NULL && local_error == NULL &&
         _cf_store_step (store, stmt, &local_error) == CF_STEP_ROW)
    problem = head_problem (store, stmt, &local_error);
  if (problem != NULL && machine != NULL)
    *machine = _cf_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (problem != NULL)
    set_head_error (error, problem);
  return problem == NULL;
}
