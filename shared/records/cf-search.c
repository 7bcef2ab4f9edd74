/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-search.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cf-error.h"
#include "cf-search-hit-private.h"
#include "cf-session-private.h"
#include "cf-tickets.h"

#define MAX_WORDS 8
#define MAX_WORD_CHARS 64
/* A prefix of one or two letters matches most of a million entries, and
 * costs a merge of every word that starts with it: entries wait for a
 * third letter, names for a second. */
#define ENTRY_MIN_PREFIX 3
#define STUDENT_MIN_PREFIX 2
/* How many matching entries one call looks at, visible or not. */
#define ENTRY_SCAN_BUDGET 2000

/* ---- The query --------------------------------------------------------- */

/* The words of @text, lower-cased: runs of letters and digits, as the
 * unicode61 tokenizer cuts them. */
static GPtrArray *
split_words (const char *text)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GString *word = g_string_new (NULL);

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          if (g_utf8_strlen (word->str, -1) < MAX_WORD_CHARS)
            g_string_append_unichar (word, g_unichar_tolower (c));
          continue;
        }
      if (word->len > 0 && words->len < MAX_WORDS)
        g_ptr_array_add (words, g_strdup (word->str));
      g_string_truncate (word, 0);
      if (c == 0)
        break;
    }
  g_string_free (word, TRUE);
  return words;
}

static gboolean
ends_in_word (const char *text)
{
  const char *last = g_utf8_find_prev_char (text, text + strlen (text));

  return last != NULL && g_unichar_isalnum (g_utf8_get_char (last));
}

char *
cf_search_build_query (const char *text,
                       guint       min_prefix)
{
  g_autoptr(GPtrArray) words = NULL;
  GString *query;

  g_return_val_if_fail (text != NULL, NULL);
  if (!g_utf8_validate (text, -1, NULL))
    return NULL;
  words = split_words (text);
  if (words->len == 0)
    return NULL;
  query = g_string_new (NULL);
  for (guint i = 0; i < words->len; i++)
    {
      const char *word = words->pdata[i];
      gboolean prefix = i == words->len - 1 && ends_in_word (text) &&
                        g_utf8_strlen (word, -1) >= (glong) min_prefix;

      g_string_append_printf (query, "%s\"%s%s\"", i ? " " : "", word, prefix ? "*" : "");
    }
  return g_string_free (query, FALSE);
}

static gboolean
check_text (const char *text,
            GError    **error)
{
  if (g_utf8_validate (text, -1, NULL) && g_utf8_strlen (text, -1) <= 200)
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
               _("Search for a few words: at most 200 characters of ordinary text."));
  return FALSE;
}

/* ---- Auditing ---------------------------------------------------------- */

/* The search itself, then each student it showed, so a student's record
 * tells who saw them in a search.  The words are never written down. */
static gboolean
audit_search (CfSession  *session,
              const char *what,
              GListStore *hits,
              GError    **error)
{
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

  if (!_cf_session_audit (session, "searched", NULL, what, error))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (hits)); i++)
    {
      g_autoptr(CfSearchHit) hit = g_list_model_get_item (G_LIST_MODEL (hits), i);

      if (g_hash_table_add (shown, hit->student_id) &&
          !_cf_session_audit (session, "search-result-shown", hit->student_id, what, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- Students ---------------------------------------------------------- */

typedef struct {
  char       *match;
  char       *exact;      /* the whole text, for a student ID */
  char       *name_like;  /* a word of the name starting with the first word */
  guint       offset;
  guint       limit;
  gboolean    more;
  gint64      before;
  gint64      next;
  GListStore *hits;
} Search;

static void
search_clear (Search *search)
{
  g_free (search->match);
  g_free (search->exact);
  g_free (search->name_like);
  g_clear_object (&search->hits);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Search, search_clear)

/* _cf_session_check_student's rule as a condition on the student s: no
 * conflict of interest declared by the user (?2), and of the user's
 * restricted service (?3) when they have one. */
#define VISIBLE \
  "(NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.adviser_id = ?2 AND c.student_id = s.id)" \
  " AND (?3 IS NULL OR s.service_group = ?3))"

#define STUDENTS_QUERY \
  "SELECT s.id, s.name, s.student_number, s.email FROM students_fts f" \
  " JOIN students s ON s.rowid = f.docid" \
  " WHERE students_fts MATCH ?1 AND " VISIBLE \
  " ORDER BY (s.student_number = ?4 COLLATE NOCASE) DESC," \
  "   (' ' || coalesce (s.name, '') || ' ' || coalesce (s.preferred_name, '') LIKE ?5) DESC," \
  "   s.name COLLATE NOCASE, s.rowid" \
  " LIMIT ?6 OFFSET ?7"

static CfSearchHit *
student_hit (sqlite3_stmt *stmt)
{
  CfSearchHit *hit = cf_search_hit_new ();

  hit->kind = g_strdup ("student");
  hit->student_id = _cf_column_dup (stmt, 0);
  hit->student_name = _cf_column_dup (stmt, 1);
  hit->student_number = _cf_column_dup (stmt, 2);
  hit->email = _cf_column_dup (stmt, 3);
  return hit;
}

static gboolean
find_students (CfSession *session,
               gpointer   data,
               GError   **error)
{
  Search *search = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store, STUDENTS_QUERY, error);
  guint n = 0;
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, search->match);
  _cf_bind_text (stmt, 2, cf_session_get_user_id (session));
  _cf_bind_text (stmt, 3, _cf_session_get_restricted_service (session));
  _cf_bind_text (stmt, 4, search->exact);
  _cf_bind_text (stmt, 5, search->name_like);
  sqlite3_bind_int (stmt, 6, (int) search->limit + 1);   /* one more: are there more? */
  sqlite3_bind_int (stmt, 7, (int) search->offset);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      g_autoptr(CfSearchHit) hit = NULL;

      if (n++ == search->limit)
        {
          search->more = TRUE;
          continue;
        }
      hit = student_hit (stmt);
      g_list_store_append (search->hits, hit);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  return audit_search (session, "students", search->hits, error);
}

/* ---- Access codes ------------------------------------------------------ */

/* The code a kiosk gives an anonymous student: nine letters and digits,
 * printed in groups of three. */
#define ACCESS_CODE_CHARS 9

static gboolean
looks_like_access_code (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (g_ascii_isalnum (*p))
      n++;
    else if (*p != '-' && *p != ' ')
      return FALSE;
  return n == ACCESS_CODE_CHARS;
}

#define CODE_QUERY \
  "SELECT s.id, s.name, s.student_number, s.email, s.created_at FROM students s" \
  " WHERE s.access_code_hash = ?1 AND " VISIBLE

typedef struct {
  const char *hash;
  GListStore *hits;
} CodeSearch;

static gboolean
find_code (CfSession *session,
           gpointer   data,
           GError   **error)
{
  CodeSearch *search = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store, CODE_QUERY, error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, search->hash);
  _cf_bind_text (stmt, 2, cf_session_get_user_id (session));
  _cf_bind_text (stmt, 3, _cf_session_get_restricted_service (session));
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      g_autoptr(CfSearchHit) hit = student_hit (stmt);

      hit->created_at = sqlite3_column_int64 (stmt, 4);
      g_list_store_append (search->hits, hit);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  return audit_search (session, "access-code", search->hits, error);
}

GListModel *
cf_search_access_code (CfSession  *session,
                       const char *text,
                       GError    **error)
{
  g_autoptr(GListStore) hits = g_list_store_new (CF_TYPE_SEARCH_HIT);
  g_autofree char *hash = NULL;
  CodeSearch search = { NULL, hits };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) || !check_text (text, error))
    return NULL;
  if (!looks_like_access_code (text))
    return G_LIST_MODEL (g_steal_pointer (&hits));
  /* Hashed as the kiosk's check-in was, under the desks' own key. */
  search.hash = hash = cf_tickets_access_code_hash (session, text, error);
  if (hash == NULL || !_cf_session_write (session, find_code, &search, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&hits));
}

static gboolean
start_search (CfSession  *session,
              const char *text,
              guint       limit,
              guint       min_prefix,
              Search     *search,
              GError    **error)
{
  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) || !check_text (text, error))
    return FALSE;
  search->limit = CLAMP (limit, 1, CF_SEARCH_LIMIT_MAX);
  search->match = cf_search_build_query (text, min_prefix);
  search->hits = g_list_store_new (CF_TYPE_SEARCH_HIT);
  return TRUE;
}

/* An anonymous student has no name or ID to match: their access code
 * finds them, first. */
static gboolean
add_access_code_hits (CfSession  *session,
                      const char *text,
                      GListStore *hits,
                      GError    **error)
{
  g_autoptr(GListModel) found = cf_search_access_code (session, text, error);

  if (found == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(GObject) hit = g_list_model_get_item (found, i);

      g_list_store_append (hits, hit);
    }
  return TRUE;
}

GListModel *
cf_search_students (CfSession  *session,
                    const char *text,
                    guint       offset,
                    guint       limit,
                    gboolean   *more,
                    GError    **error)
{
  g_auto(Search) search = { 0 };
  g_autoptr(GPtrArray) words = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!start_search (session, text, limit, STUDENT_MIN_PREFIX, &search, error))
    return NULL;
  if (more != NULL)
    *more = FALSE;
  if (search.match == NULL)
    return G_LIST_MODEL (g_steal_pointer (&search.hits));
  if (offset == 0 && looks_like_access_code (text) &&
      !add_access_code_hits (session, text, search.hits, error))
    return NULL;
  words = split_words (text);
  search.exact = g_strstrip (g_strdup (text));
  search.name_like = g_strdup_printf ("%% %s%%", (const char *) words->pdata[0]);
  search.offset = offset;
  if (!_cf_session_write (session, find_students, &search, error))
    return NULL;
  if (more != NULL)
    *more = search.more;
  return G_LIST_MODEL (g_steal_pointer (&search.hits));
}

/* ---- Entries ----------------------------------------------------------- */

/* FTS4 walks the matches newest first by docid (the entry's rowid); each
 * is joined to its student to see whether the user may open the record,
 * and only the ones shown get a snippet. */
#define ENTRIES_QUERY \
  "SELECT f.docid, " VISIBLE ", e.id, e.student_id, e.kind, e.created_at, s.name," \
  "  s.student_number," \
  "  CASE WHEN " VISIBLE " THEN snippet (case_entries_fts, '', '', '…', -1, 16) END" \
  " FROM case_entries_fts f JOIN case_entries e ON e.rowid = f.docid" \
  " JOIN students s ON s.id = e.student_id" \
  " WHERE case_entries_fts MATCH ?1 AND f.docid < ?4" \
  " ORDER BY f.docid DESC"

static CfSearchHit *
entry_hit (sqlite3_stmt *stmt)
{
  CfSearchHit *hit = cf_search_hit_new ();

  hit->kind = g_strdup ("entry");
  hit->entry_id = _cf_column_dup (stmt, 2);
  hit->student_id = _cf_column_dup (stmt, 3);
  hit->entry_kind = _cf_column_dup (stmt, 4);
  hit->created_at = sqlite3_column_int64 (stmt, 5);
  hit->student_name = _cf_column_dup (stmt, 6);
  hit->student_number = _cf_column_dup (stmt, 7);
  hit->snippet = _cf_column_dup (stmt, 8);
  return hit;
}

/* Steps until the page is full or the budget spent.  A match beyond
 * that means more follow: *next is then the last docid looked at, where
 * the following page starts; 0 when the matches ran out. */
static gboolean
walk_entries (CfStore      *store,
              Search       *search,
              sqlite3_stmt *stmt,
              GError      **error)
{
  guint scanned = 0, shown = 0;
  gint64 last = 0;
  CfStep step;

  search->next = 0;
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      if (shown == search->limit || scanned == ENTRY_SCAN_BUDGET)
        {
          search->next = last;
          return TRUE;
        }
      scanned++;
      last = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_column_int (stmt, 1))
        {
          g_autoptr(CfSearchHit) hit = entry_hit (stmt);

          g_list_store_append (search->hits, hit);
          shown++;
        }
    }
  return step == CF_STEP_DONE;
}

static gboolean
find_entries (CfSession *session,
              gpointer   data,
              GError   **error)
{
  Search *search = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store, ENTRIES_QUERY, error);
  gboolean walked;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, search->match);
  _cf_bind_text (stmt, 2, cf_session_get_user_id (session));
  _cf_bind_text (stmt, 3, _cf_session_get_restricted_service (session));
  sqlite3_bind_int64 (stmt, 4, search->before > 0 ? search->before : G_MAXINT64);
  walked = walk_entries (store, search, stmt, error);
  sqlite3_reset (stmt);
  if (!walked)
    return FALSE;
  return audit_search (session, "entries", search->hits, error);
}

GListModel *
cf_search_entries (CfSession  *session,
                   const char *text,
                   gint64      before,
                   guint       limit,
                   gint64     *next,
                   GError    **error)
{
  g_auto(Search) search = { 0 };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!start_search (session, text, limit, ENTRY_MIN_PREFIX, &search, error))
    return NULL;
  if (next != NULL)
    *next = 0;
  if (search.match == NULL)
    return G_LIST_MODEL (g_steal_pointer (&search.hits));
  search.before = before;
  if (!_cf_session_write (session, find_entries, &search, error))
    return NULL;
  if (next != NULL)
    *next = search.next;
  return G_LIST_MODEL (g_steal_pointer (&search.hits));
}
