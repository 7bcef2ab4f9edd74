/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-audit.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cf-audit-entry-private.h"
#include "cf-audit-private.h"
#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-settings-private.h"
#include "cf-store-private.h"

#define HASH_BYTES 32
#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct {
  const char *node_id;
  gint64      seq;
  gint64      at;
  const char *actor_id;
  const char *action;
  const char *subject;
  const char *detail;
  const char *prev_hash;
} Entry;

static void
hash_field (crypto_generichash_state *state,
            const char               *text)
{
  /* Length-prefixed, so no two different entries hash the same input. */
  guint32 length = text ? (guint32) strlen (text) : G_MAXUINT32;

  crypto_generichash_update (state, (const guint8 *) &length, sizeof length);
  if (text)
    crypto_generichash_update (state, (const guint8 *) text, strlen (text));
}

static void
entry_hash (const Entry *entry,
            char         hex[HASH_BYTES * 2 + 1])
{
  crypto_generichash_state state;
  guint8 out[HASH_BYTES];
  char numbers[64];

  g_snprintf (numbers, sizeof numbers, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
              entry->seq, entry->at);
  crypto_generichash_init (&state, NULL, 0, sizeof out);
  hash_field (&state, entry->prev_hash);
  hash_field (&state, entry->node_id);
  hash_field (&state, numbers);
  hash_field (&state, entry->actor_id);
  hash_field (&state, entry->action);
  hash_field (&state, entry->subject);
  hash_field (&state, entry->detail);
  crypto_generichash_final (&state, out, sizeof out);
  sodium_bin2hex (hex, HASH_BYTES * 2 + 1, out, sizeof out);
}

static gboolean
chain_head (CfStore    *store,
            const char *node_id,
            gint64     *seq,
            char      **hash,
            GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT seq, hash FROM audit WHERE node_id = ? ORDER BY seq DESC LIMIT 1", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, node_id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_FAILED)
    return FALSE;
  if (step == CF_STEP_ROW)
    {
      *seq = sqlite3_column_int64 (stmt, 0);
      *hash = _cf_column_dup (stmt, 1);
    }
  else
    {
      *seq = 0;
      *hash = g_strdup (GENESIS);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Appends within the caller's transaction, so the entry and the change it
 * records commit together or not at all. */
gboolean
_cf_audit_append (CfStore    *store,
                  const char *actor_id,
                  const char *action,
                  const char *subject,
                  const char *detail,
                  GError    **error)
{
  g_autofree char *prev = NULL;
  g_autofree char *id = g_uuid_string_random ();
  char hash[HASH_BYTES * 2 + 1];
  sqlite3_stmt *stmt;
  Entry entry = { 0 };

  g_return_val_if_fail (action != NULL, FALSE);

  if (!_cf_settings_get_node_id (store, &entry.node_id, error))
    return FALSE;
  if (entry.node_id == NULL)
    entry.node_id = "local";
  if (!chain_head (store, entry.node_id, &entry.seq, &prev, error))
    return FALSE;
  entry.seq++;
  entry.at = g_get_real_time () / G_USEC_PER_SEC;
  entry.actor_id = actor_id;
  entry.action = action;
  entry.subject = subject;
  entry.detail = detail;
  entry.prev_hash = prev;
  entry_hash (&entry, hash);

  stmt = _cf_store_prepare (store,
      "INSERT INTO audit (id, node_id, seq, at, actor_id, action, subject, detail, prev_hash, hash)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  _cf_bind_text (stmt, 2, entry.node_id);
  sqlite3_bind_int64 (stmt, 3, entry.seq);
  sqlite3_bind_int64 (stmt, 4, entry.at);
  _cf_bind_text (stmt, 5, actor_id);
  _cf_bind_text (stmt, 6, action);
  _cf_bind_text (stmt, 7, subject);
  _cf_bind_text (stmt, 8, detail);
  _cf_bind_text (stmt, 9, prev);
  _cf_bind_text (stmt, 10, hash);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "audit", id, NULL, error);
}

/* ---- what a list showed ------------------------------------------------ */

/* Ids in full up to here: what fits a screen or two.  A longer list keeps
 * its first ids and a hash of them all, so that an entry stays a few
 * kilobytes however large the office (each one replicates to every desk,
 * and the list is shown many times a day). */
#define SHOWN_IDS_MAX 64

char *
_cf_audit_shown_detail (GPtrArray *ids)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  GString *detail;

  for (guint i = 0; i < ids->len; i++)
    if (ids->pdata[i] != NULL && g_hash_table_add (seen, ids->pdata[i]))
      g_ptr_array_add (shown, ids->pdata[i]);
  detail = g_string_new (NULL);
  g_string_append_printf (detail, "%u", shown->len);
  if (shown->len > SHOWN_IDS_MAX)
    {
      crypto_generichash_state state;
      guint8 out[HASH_BYTES];
      char hex[HASH_BYTES * 2 + 1];

      crypto_generichash_init (&state, NULL, 0, sizeof out);
      for (guint i = 0; i < shown->len; i++)
        hash_field (&state, shown->pdata[i]);
      crypto_generichash_final (&state, out, sizeof out);
      sodium_bin2hex (hex, sizeof hex, out, sizeof out);
      g_string_append_printf (detail, " blake2b:%s", hex);
    }
  for (guint i = 0; i < MIN (shown->len, SHOWN_IDS_MAX); i++)
    g_string_append_printf (detail, "%c%s", i ? ',' : ' ', (const char *) shown->pdata[i]);
  return g_string_free (detail, FALSE);
}

static void
set_broken (GError    **error,
            const char *node_id,
            gint64      seq)
{
  g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
               _("The audit log has been altered: entry %lld"
                 " of machine %s does not match the chain. Keep this database for investigation and restore from a backup."),
               (long long) seq, node_id);
}

/* Where a chain breaks, for cf_audit_check. */
typedef struct {
  char   *machine;
  gint64  seq;
} Break;

static Entry
entry_from_row (sqlite3_stmt *stmt)
{
  return (Entry) {
    (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1),
    sqlite3_column_int64 (stmt, 2), (const char *) sqlite3_column_text (stmt, 3),
    (const char *) sqlite3_column_text (stmt, 4), (const char *) sqlite3_column_text (stmt, 5),
    (const char *) sqlite3_column_text (stmt, 6), (const char *) sqlite3_column_text (stmt, 7),
  };
}

/* Recomputes every chain.  This machine's must be whole from its first
 * entry; another machine's may have gaps while its segments are still on
 * their way, so there each entry's own hash is checked, and its link to the
 * one before wherever that one is here. */
static gboolean
verify_entries (CfStore    *store,
                const char *self,
                guint      *count,
                Break      *broken,
                GError    **error)
{
  g_autofree char *node = NULL, *prev = NULL;
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT node_id, seq, at, actor_id, action, subject, detail, prev_hash, hash"
      " FROM audit ORDER BY node_id, seq", error);
  gint64 prev_seq = 0;
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      Entry entry = entry_from_row (stmt);
      gboolean own = g_strcmp0 (entry.node_id, self ? self : "local") == 0;
      char hash[HASH_BYTES * 2 + 1];
      gboolean linked;

      if (g_strcmp0 (node, entry.node_id) != 0)
        {
          g_free (node);
          node = g_strdup (entry.node_id);
          g_free (prev);
          prev = g_strdup (GENESIS);
          prev_seq = 0;
        }
      entry_hash (&entry, hash);
      /* A gap is allowed only in another machine's chain. */
      linked = entry.seq == prev_seq + 1 ? g_strcmp0 (entry.prev_hash, prev) == 0 : !own;
      if (!linked || g_strcmp0 (hash, (const char *) sqlite3_column_text (stmt, 8)) != 0)
        {
          set_broken (error, entry.node_id, entry.seq);
          broken->machine = g_strdup (entry.node_id);
          broken->seq = entry.seq;
          sqlite3_reset (stmt);
          return FALSE;
        }
      g_free (prev);
      prev = g_strdup (hash);
      prev_seq = entry.seq;
      (*count)++;
    }
  sqlite3_reset (stmt);
  return step != CF_STEP_FAILED;
}

/* Every chain, then every other machine's chain against the heads it
 * signed. */
static gboolean
verify_all (CfStore *store,
            guint   *n_entries,
            Break   *broken,
            GError **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  const char *self;
  guint count = 0;

  if (!_cf_settings_get_node_id (store, &self, error) ||
      !verify_entries (store, self, &count, broken, error) ||
      !_cf_audit_verify_heads (store, &broken->machine, error))
    return FALSE;
  *n_entries = count;
  return TRUE;
}

gboolean
cf_audit_verify (CfStore *store,
                 guint   *n_entries,
                 GError **error)
{
  Break broken = { NULL, 0 };
  guint count = 0;
  gboolean verified = verify_all (store, &count, &broken, error);

  g_free (broken.machine);
  if (verified && n_entries)
    *n_entries = count;
  return verified;
}

gboolean
cf_audit_check (CfStore           *store,
                CfAuditChainState *state,
                GError           **error)
{
  g_autoptr(GError) problem = NULL;
  Break broken = { NULL, 0 };

  memset (state, 0, sizeof *state);
  if (verify_all (store, &state->n_entries, &broken, &problem))
    return TRUE;
  if (!g_error_matches (problem, CF_ERROR, CF_ERROR_CORRUPT))
    {
      g_free (broken.machine);
      g_propagate_error (error, g_steal_pointer (&problem));
      return FALSE;
    }
  state->machine = broken.machine;
  state->seq = broken.seq;
  state->problem = g_strdup (problem->message);
  return TRUE;
}

void
cf_audit_chain_state_clear (CfAuditChainState *state)
{
  g_clear_pointer (&state->machine, g_free);
  g_clear_pointer (&state->problem, g_free);
}

/* ---- reading it back --------------------------------------------------- */

/* The actions that record someone reading a student's record (its
 * details, cases and entries, consents, breaches, or all of it in a
 * subject access export) or seeing it found by a search; a list that
 * showed a student among others is not one. */
#define READ_ACTIONS \
  "('student-read', 'case-read', 'consents-read', 'breaches-read', 'student-exported'," \
  " 'search-result-shown')"

#define LIST_COLUMNS \
  "SELECT a.rowid, a.at, a.node_id, a.seq, a.actor_id," \
  " (SELECT u.name FROM users u WHERE u.id = a.actor_id), a.action, a.subject, a.detail" \
  " FROM audit a WHERE "

/* Every filter as written is a check on the row; the page's position is
 * (at, rowid), newest first, and "at <= ?7" bounds the index's range so a
 * later page starts where the last one ended.  The unary + keeps SQLite
 * from searching by a column other than the one the statement leads with. */
#define LIST_FILTERS \
  " AND a.at >= ?1 AND a.at < ?2" \
  " AND (?3 IS NULL OR +a.actor_id = ?3) AND (?4 IS NULL OR +a.action = ?4)" \
  " AND (?5 IS NULL OR +a.subject = ?5) AND (?6 = 0 OR +a.action IN " READ_ACTIONS ")" \
  " AND a.at <= ?7 AND (a.at < ?7 OR a.rowid < ?8)" \
  " ORDER BY a.at DESC, a.rowid DESC LIMIT ?9"

/* One statement per index, led by the most selective filter given: the
 * student (audit_subject), the user (audit_actor), the action
 * (audit_action), or time alone (audit_at). */
const char *
_cf_audit_list_sql (const CfAuditFilter *filter)
{
  if (filter->subject != NULL)
    return LIST_COLUMNS "a.subject = ?5" LIST_FILTERS;
  if (filter->user_id != NULL)
    return LIST_COLUMNS "a.actor_id = ?3" LIST_FILTERS;
  if (filter->action != NULL)
    return LIST_COLUMNS "a.action = ?4" LIST_FILTERS;
  return LIST_COLUMNS "1" LIST_FILTERS;
}

GListModel *
_cf_audit_list (CfStore             *store,
                const CfAuditFilter *filter,
                CfAuditEntry        *after,
                guint                limit,
                GError             **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, _cf_audit_list_sql (filter), error);
  g_autoptr(GListStore) entries = NULL;

  g_return_val_if_fail (after == NULL || CF_IS_AUDIT_ENTRY (after), NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, filter->from > 0 ? filter->from : G_MININT64);
  sqlite3_bind_int64 (stmt, 2, filter->to > 0 ? filter->to : G_MAXINT64);
  _cf_bind_text (stmt, 3, filter->user_id);
  _cf_bind_text (stmt, 4, filter->action);
  _cf_bind_text (stmt, 5, filter->subject);
  sqlite3_bind_int (stmt, 6, filter->reads_only ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, after ? cf_audit_entry_get_at (after) : G_MAXINT64);
  sqlite3_bind_int64 (stmt, 8, after ? _cf_audit_entry_get_row (after) : G_MAXINT64);
  sqlite3_bind_int64 (stmt, 9, limit);
  entries = g_list_store_new (CF_TYPE_AUDIT_ENTRY);
  if (!_cf_store_collect_objects (store, stmt, entries, _cf_audit_entry_new_from_row, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&entries));
}
