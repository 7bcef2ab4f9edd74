/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Anonymous counts of the office's work, from live records and from the
 * counts folded out of destroyed ones, so that a report for a past year
 * still adds up after a purge.
 *
 * A contact is a time the service met or worked for a student:
 *
 * - an appointment that was not cancelled and not missed (status booked,
 *   arrived or seen): kind "appointment", the appointment's mode;
 * - a drop-in ticket with a student that was called or seen: kind
 *   "drop-in", mode "in-person".  A ticket of kind "appointment" is the
 *   arrival for an appointment already counted, and a ticket that was never
 *   called (or a no-show) met no one, so neither counts;
 * - a day on which case entries were written about a student who had no
 *   counted appointment or drop-in that day: kind "other" (advice by
 *   e-mail, an action with a third party), one contact per day however
 *   many entries.  The notes written in or after a meeting are the record
 *   of that meeting, not a contact of their own: counting them would count
 *   a meeting twice or more.
 *
 * Each contact has the student's local day (kept only as its month), the
 * case it belongs to (the student's case opened most recently at or
 * before it), its topic (its own, else its case's, kept only when it is
 * one of the office's fixed choices, else "other"), its case's outcome
 * once resolved, the student's college, faculty, gender and ethnicity,
 * and the student's age band on its day (under-21, 21-24, 25-29,
 * 30-and-over: HESA's young and mature split at 21).  A drop-in that was
 * called also has its wait, in whole minutes from its arrival to its
 * being called.  A contact's term is a run of months counted from the
 * month the office's year starts in (the retention rule's day, 1 August
 * unless set; the caller reads it): see TERM below.
 *
 * contacts are counted one by one.  students and cases are counted once
 * each: when a count is split by month (by term), once in every month
 * (term) they had a contact in; otherwise once over the whole range; in
 * both cases in the row of their first contact (of that month or term, or
 * of the range).  Every
 * count is then additive: rows sum to the totals, and a student seen
 * about two topics counts under the first.  A folded row keeps, beside
 * its month, the month of the same student's (case's) previous contact,
 * so that over a range of months it counts only at the first month in the
 * range, as a live one does. */
#include "cf-statistics.h"
#include "cf-statistics-private.h"

#include <glib/gi18n-lib.h>

#include "cf-audit-private.h"
#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-feed-private.h"
#include "cf-session-private.h"
#include "cf-store-private.h"

static const char *const fields[] = {
  "topic", "month", "term", "college", "faculty", "mode", "kind", "outcome", "gender",
  "ethnicity", "age-band", NULL,
};

/* --- contacts, in SQL --- */

/* ?1 the office's topics, each between newlines; ?2, ?3 the range in Unix
 * time.  WA, WT and WE narrow appointments, tickets and entries. */
#define CONTACT_ROWS(WA, WT, WE) \
  "SELECT a.student_id, a.id, a.start_at, 'appointment', a.mode, a.topic, NULL FROM appointments a" \
  " WHERE a.status NOT IN ('cancelled', 'no-show') AND a.start_at >= ?2 AND a.start_at < ?3" WA \
  " UNION ALL SELECT t.student_id, t.id, t.waiting_since, 'drop-in', 'in-person', t.topic," \
  " CASE WHEN t.called_at >= t.waiting_since THEN (t.called_at - t.waiting_since) / 60 END" \
  " FROM tickets t WHERE t.kind = 'drop-in' AND t.status IN ('called', 'seen')" \
  " AND t.student_id IS NOT NULL AND t.waiting_since >= ?2 AND t.waiting_since < ?3" WT \
  " UNION ALL SELECT g.student_id, g.id, g.at, 'other', NULL, NULL, NULL FROM" \
  " (SELECT e.student_id AS student_id, min (e.id) AS id, min (e.created_at) AS at," \
  " date (e.created_at, 'unixepoch', 'localtime') AS day FROM case_entries e" \
  " WHERE e.created_at >= ?2 AND e.created_at < ?3" WE " GROUP BY e.student_id, day) g" \
  " WHERE NOT EXISTS (SELECT 1 FROM appointments a2 WHERE a2.student_id = g.student_id" \
  " AND a2.start_at > g.at - 172800 AND a2.start_at < g.at + 172800" \
  " AND a2.status NOT IN ('cancelled', 'no-show')" \
  " AND date (a2.start_at, 'unixepoch', 'localtime') = g.day)" \
  " AND NOT EXISTS (SELECT 1 FROM tickets t2 WHERE t2.student_id = g.student_id" \
  " AND t2.kind = 'drop-in' AND t2.status IN ('called', 'seen')" \
  " AND date (t2.waiting_since, 'unixepoch', 'localtime') = g.day)"

#define AGE \
  "(CAST (substr (c.day, 1, 4) AS INTEGER) - CAST (substr (m.date_of_birth, 1, 4) AS INTEGER)" \
  " - (substr (c.day, 6, 5) < substr (m.date_of_birth, 6, 5)))"

#define AGE_BAND \
  "CASE WHEN m.date_of_birth IS NULL OR length (m.date_of_birth) <> 10 THEN NULL" \
  " WHEN " AGE " < 21 THEN 'under-21' WHEN " AGE " < 25 THEN '21-24'" \
  " WHEN " AGE " < 30 THEN '25-29' ELSE '30-and-over' END"

#define RAW_TOPIC "trim (coalesce (c.topic, k.topic))"

#define TOPIC \
  "CASE WHEN instr (?1, char (10) || " RAW_TOPIC " || char (10)) > 0 THEN " RAW_TOPIC \
  " ELSE 'other' END"

/* c: one row per contact, with its local day and its case.  Its LIMIT
 * keeps it a query of its own: flattened into a join, its case lookup
 * would run twice a contact.  An appointment on a contact's local day
 * starts within two days of it (a day is 25 hours at most), which narrows
 * the search for one. */
#define CASED_CONTACTS(WA, WT, WE) \
  "WITH r (student_id, id, at, kind, mode, topic, wait) AS (" CONTACT_ROWS (WA, WT, WE) ")," \
  " c AS (SELECT r.*, date (r.at, 'unixepoch', 'localtime') AS day," \
  " (SELECT k.id FROM cases k WHERE k.student_id = r.student_id AND k.opened_at <= r.at" \
  " ORDER BY k.opened_at DESC, k.id DESC LIMIT 1) AS case_id FROM r LIMIT -1)"

/* A contact's fields from c, its student s (college, faculty), their
 * monitoring m and its case k; sort_key orders a student's contacts in
 * time. */
#define CONTACT_FIELDS \
  "c.student_id AS student_id, c.case_id AS case_id," \
  " printf ('%020d %s', c.at, c.id) AS sort_key, substr (c.day, 1, 7) AS month, c.kind AS kind," \
  " c.mode AS mode, " TOPIC " AS topic," \
  " CASE WHEN k.status = 'resolved' THEN k.outcome END AS outcome, s.college AS college," \
  " s.faculty AS faculty, m.gender AS gender, m.ethnicity AS ethnicity, " AGE_BAND " AS age_band," \
  " c.wait AS wait_minutes"

/* d: one row per contact, with every field a count may be grouped by. */
#define CONTACTS(WA, WT, WE) \
  CASED_CONTACTS (WA, WT, WE) ", d AS (SELECT " CONTACT_FIELDS \
  " FROM c JOIN students s ON s.id = c.student_id LEFT JOIN cases k ON k.id = c.case_id" \
  " LEFT JOIN monitoring m ON m.student_id = c.student_id) "

/* The columns every fold row and count row share, in this order. */
#define DIMENSIONS(T) \
  T "month, " T "kind, " T "mode, " T "topic, " T "outcome, " T "college, " T "faculty, " \
  T "gender, " T "ethnicity, " T "age_band, " T "wait_minutes"
#define N_DIMENSIONS 11

/* A month's term (M, "YYYY-MM") with ?10 the month the office's year
 * starts in: the year's first five months are the autumn term, the next
 * three spring, the last four summer, so with the year starting in August
 * (the default) autumn is August to December, spring January to March and
 * summer April to July.  Written "2024-25 autumn": the academic year, then
 * the term, which sort in time order. */
#define MONTH_NUMBER(M) "CAST (substr (" M ", 6, 2) AS INTEGER)"
#define TERM_INDEX(M) "((" MONTH_NUMBER (M) " - ?10 + 12) % 12)"
#define START_YEAR(M) "(CAST (substr (" M ", 1, 4) AS INTEGER) - (" MONTH_NUMBER (M) " < ?10))"
#define TERM(M) \
  "printf ('%d-%02d %s', " START_YEAR (M) ", (" START_YEAR (M) " + 1) % 100," \
  " CASE WHEN " TERM_INDEX (M) " < 5 THEN 'autumn' WHEN " TERM_INDEX (M) " < 8 THEN 'spring'" \
  " ELSE 'summer' END)"

/* The value of field P (a parameter) of table T's row. */
#define FIELD(P, T) \
  "CASE " P " WHEN 'topic' THEN " T "topic WHEN 'month' THEN " T "month" \
  " WHEN 'college' THEN " T "college WHEN 'faculty' THEN " T "faculty" \
  " WHEN 'mode' THEN " T "mode WHEN 'kind' THEN " T "kind WHEN 'outcome' THEN " T "outcome" \
  " WHEN 'gender' THEN " T "gender WHEN 'ethnicity' THEN " T "ethnicity" \
  " WHEN 'age-band' THEN " T "age_band WHEN 'term' THEN " TERM (T "month") " END"

/* The office's topics as ?1 wants them: "\nA\nB\n". */
static char *
topic_list (CfStore *store,
            GError **error)
{
  g_auto(GStrv) topics = _cf_feed_office_topics (store, error);
  g_autofree char *joined = NULL;

  if (topics == NULL)
    return NULL;
  joined = g_strjoinv ("\n", topics);
  return g_strconcat ("\n", joined, "\n", NULL);
}

/* --- folding a student --- */

typedef struct {
  char  *dimensions[N_DIMENSIONS];
  int    students;
  char  *student_since;
  int    cases;
  char  *case_since;
  int    contacts;
  int    waiters;
  char  *waiter_since;
} Folded;

static void
folded_free (gpointer data)
{
  Folded *folded = data;

  for (int i = 0; i < N_DIMENSIONS; i++)
    g_free (folded->dimensions[i]);
  g_free (folded->student_since);
  g_free (folded->case_since);
  g_free (folded->waiter_since);
  g_free (folded);
}

/* A contact's place in time for the student and its case. */
typedef struct {
  char       *month;          /* the student's month so far */
  char       *wait_month;     /* the month of their latest wait so far */
  GHashTable *case_months;    /* case id → the case's month so far */
} FoldState;

static void
append_key_part (GString    *key,
                 const char *part)
{
  /* NULL and "" must differ; neither holds a control character. */
  g_string_append_c (key, part ? '+' : '-');
  g_string_append (key, part ? part : "");
  g_string_append_c (key, '\x1f');
}

static Folded *
folded_from_row (sqlite3_stmt *stmt,
                 FoldState    *state)
{
  Folded *folded = g_new0 (Folded, 1);
  const char *case_id = (const char *) sqlite3_column_text (stmt, 0);
  const char *month = (const char *) sqlite3_column_text (stmt, 2);

  for (int i = 0; i < N_DIMENSIONS; i++)
    folded->dimensions[i] = _cf_column_dup (stmt, 2 + i);
  folded->contacts = 1;
  if (g_strcmp0 (state->month, month) != 0)
    {
      folded->students = 1;
      folded->student_since = g_strdup (state->month);
      g_free (state->month);
      state->month = g_strdup (month);
    }
  /* A drop-in that was called: the student waited (the wait is the last
   * dimension). */
  if (folded->dimensions[N_DIMENSIONS - 1] != NULL && g_strcmp0 (state->wait_month, month) != 0)
    {
      folded->waiters = 1;
      folded->waiter_since = g_strdup (state->wait_month);
      g_free (state->wait_month);
      state->wait_month = g_strdup (month);
    }
  if (case_id != NULL)
    {
      const char *case_month = g_hash_table_lookup (state->case_months, case_id);

      if (g_strcmp0 (case_month, month) != 0)
        {
          folded->cases = 1;
          folded->case_since = g_strdup (case_month);
          g_hash_table_insert (state->case_months, g_strdup (case_id), g_strdup (month));
        }
    }
  return folded;
}

/* Contacts that fall in the same row add up there. */
static void
add_folded (GHashTable *rows,
            Folded     *folded)
{
  g_autoptr(GString) key = g_string_new (NULL);
  Folded *row;

  for (int i = 0; i < N_DIMENSIONS; i++)
    append_key_part (key, folded->dimensions[i]);
  append_key_part (key, folded->students ? folded->student_since : "*");
  append_key_part (key, folded->cases ? folded->case_since : "*");
  append_key_part (key, folded->waiters ? folded->waiter_since : "*");
  row = g_hash_table_lookup (rows, key->str);
  if (row == NULL)
    {
      g_hash_table_insert (rows, g_string_free (g_steal_pointer (&key), FALSE), folded);
      return;
    }
  row->students += folded->students;
  row->cases += folded->cases;
  row->contacts += folded->contacts;
  row->waiters += folded->waiters;
  folded_free (folded);
}

static gboolean
collect_folded (CfStore    *store,
                const char *student_id,
                GHashTable *rows,
                GError    **error)
{
  static const char *const sql =
    CONTACTS (" AND a.student_id = ?4", " AND t.student_id = ?4",
              " AND e.case_id IN (SELECT id FROM cases WHERE student_id = ?4)")
    "SELECT d.case_id, d.sort_key, " DIMENSIONS ("d.") " FROM d ORDER BY d.sort_key";
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);
  g_autofree char *topics = stmt ? topic_list (store, error) : NULL;
  FoldState state = { NULL, NULL, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  CfStep step = CF_STEP_FAILED;

  if (topics != NULL)
    {
      _cf_bind_text (stmt, 1, topics);
      sqlite3_bind_int64 (stmt, 2, G_MININT64);
      sqlite3_bind_int64 (stmt, 3, G_MAXINT64);
      _cf_bind_text (stmt, 4, student_id);
      while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
        add_folded (rows, folded_from_row (stmt, &state));
      if (step == CF_STEP_DONE)
        sqlite3_reset (stmt);
    }
  g_free (state.month);
  g_free (state.wait_month);
  g_hash_table_unref (state.case_months);
  return step == CF_STEP_DONE;
}

/* Each row gets a random id and nothing else that ties it to the others
 * of the same fold. */
static gboolean
insert_folded (CfStore *store,
               Folded  *row,
               GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO folded_statistics (id, " DIMENSIONS ("") ", students, student_since, cases,"
      " case_since, contacts, waiters, waiter_since)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  g_autofree char *id = g_uuid_string_random ();

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, id);
  for (int i = 0; i < N_DIMENSIONS; i++)
    _cf_bind_text (stmt, 2 + i, row->dimensions[i]);
  sqlite3_bind_int (stmt, 13, row->students);
  _cf_bind_text (stmt, 14, row->student_since);
  sqlite3_bind_int (stmt, 15, row->cases);
  _cf_bind_text (stmt, 16, row->case_since);
  sqlite3_bind_int (stmt, 17, row->contacts);
  sqlite3_bind_int (stmt, 18, row->waiters);
  _cf_bind_text (stmt, 19, row->waiter_since);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "statistic", id, NULL, error);
}

gboolean
_cf_statistics_fold_student (CfStore    *store,
                             const char *student_id,
                             GError    **error)
{
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, folded_free);
  GHashTableIter iter;
  gpointer row;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (student_id != NULL, FALSE);

  if (!collect_folded (store, student_id, rows, error))
    return FALSE;
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    if (!insert_folded (store, row, error))
      return FALSE;
  return TRUE;
}

/* --- counting --- */

const char *const *
cf_statistics_fields (void)
{
  return fields;
}

void
_cf_statistics_count_free (CfStatisticsCount *count)
{
  if (count == NULL)
    return;
  g_free (count->group[0]);
  g_free (count->group[1]);
  g_clear_pointer (&count->waits, g_array_unref);
  g_free (count);
}

typedef struct {
  const char *by[2];
  char       *from_month;   /* folded months counted: from_month <= month < to_month */
  char       *to_month;
  gint64      from;
  gint64      to;
  guint       year_starts_month;
  GPtrArray  *rows;
} Count;

/* How students and cases are counted: once in the range, or once in each
 * month or term. */
enum { PERIOD_RANGE, PERIOD_MONTH, PERIOD_TERM };

#define PERIOD(T) "CASE ?7 WHEN 1 THEN " T "month WHEN 2 THEN " TERM (T "month") " END"

/* Whether a folded row's student (case) counts: its contact is their
 * first in the range, or in its month or term.  SINCE is the month of
 * their contact before it. */
#define FOLDED_FIRST(SINCE) \
  "(?7 = 1 OR " SINCE " IS NULL OR " SINCE " < ?8 OR (?7 = 2 AND " TERM (SINCE) " <> " \
  TERM ("f.month") "))"

/* The range's contacts are found once, into a table in memory that
 * lives only as long as the count: the count reads them three times (for
 * contacts, students and cases), and finding them is the costly part.
 * They are found in steps, each into a table in memory: the contacts with
 * their case, then each of their students' fields and each case's, read
 * once a student (case) in the order of their keys, not once a contact. */
static const char *const create_contacts_sql =
  "CREATE TEMP TABLE IF NOT EXISTS statistics_contacts (student_id TEXT, case_id TEXT,"
  " sort_key TEXT, month TEXT, kind TEXT, mode TEXT, topic TEXT, outcome TEXT, college TEXT,"
  " faculty TEXT, gender TEXT, ethnicity TEXT, age_band TEXT, wait_minutes INTEGER);"
  "CREATE TEMP TABLE IF NOT EXISTS statistics_cased (student_id TEXT, id TEXT, at INTEGER,"
  " kind TEXT, mode TEXT, topic TEXT, wait INTEGER, day TEXT, case_id TEXT);"
  "CREATE TEMP TABLE IF NOT EXISTS statistics_students (id TEXT PRIMARY KEY, college TEXT,"
  " faculty TEXT, date_of_birth TEXT, gender TEXT, ethnicity TEXT);"
  "CREATE TEMP TABLE IF NOT EXISTS statistics_cases (id TEXT PRIMARY KEY, topic TEXT,"
  " status TEXT, outcome TEXT)";
static const char *const clear_contacts_sql =
  "DELETE FROM temp.statistics_contacts; DELETE FROM temp.statistics_cased;"
  " DELETE FROM temp.statistics_students; DELETE FROM temp.statistics_cases";
static const char *const find_cased_sql =
  "INSERT INTO temp.statistics_cased "
  CASED_CONTACTS ("",
                  "",
                  "")
  " SELECT c.student_id, c.id, c.at, c.kind, c.mode, c.topic, c.wait, c.day, c.case_id FROM c";
static const char *const find_students_sql =
  "INSERT INTO temp.statistics_students SELECT s.id, s.college, s.faculty, m.date_of_birth,"
  " m.gender, m.ethnicity FROM (SELECT DISTINCT student_id FROM temp.statistics_cased"
  " ORDER BY student_id) x JOIN students s ON s.id = x.student_id"
  " LEFT JOIN monitoring m ON m.student_id = x.student_id";
static const char *const find_cases_sql =
  "INSERT INTO temp.statistics_cases SELECT k.id, k.topic, k.status, k.outcome FROM"
  " (SELECT DISTINCT case_id FROM temp.statistics_cased WHERE case_id IS NOT NULL"
  " ORDER BY case_id) x JOIN cases k ON k.id = x.case_id";
/* s and m are the same row: the student's fields and their monitoring. */
static const char *const fill_contacts_sql =
  "INSERT INTO temp.statistics_contacts SELECT " CONTACT_FIELDS
  " FROM temp.statistics_cased c JOIN temp.statistics_students s ON s.id = c.student_id"
  " JOIN temp.statistics_students m ON m.id = c.student_id"
  " LEFT JOIN temp.statistics_cases k ON k.id = c.case_id";

/* ?5, ?6 the fields; ?7 the period; ?8, ?9 the folded months; ?10 the
 * month the office's year starts in.  One row for each group and wait
 * (NULL but for drop-ins that were called), in group order.  The last
 * column counts the people who waited, for the rule that shows a median
 * only over enough of them: each once in the range (month, term), in the
 * group of their first wait there, as students are counted at their
 * first contact; a destroyed student's folded rows say the same. */
static const char *const count_sql =
  "WITH d AS (SELECT * FROM temp.statistics_contacts) "
  "SELECT g1, g2, w, sum (students), sum (cases), sum (contacts), sum (waiters) FROM ("
  " SELECT " FIELD ("?5",
                    "d.") " AS g1, " FIELD ("?6", "d.") " AS g2, d.wait_minutes AS w,"
  " 0 AS students, 0 AS cases, 1 AS contacts, 0 AS waiters FROM d"
  " UNION ALL SELECT " FIELD ("?5", "x.") ", " FIELD ("?6", "x.") ", NULL, 1, 0, 0, 0 FROM"
  " (SELECT d.*, min (d.sort_key) FROM d GROUP BY d.student_id, " PERIOD ("d.") ") x"
  " UNION ALL SELECT " FIELD ("?5", "x.") ", " FIELD ("?6", "x.") ", NULL, 0, 0, 0, 1 FROM"
  " (SELECT d.*, min (d.sort_key) FROM d WHERE d.wait_minutes IS NOT NULL"
  "  GROUP BY d.student_id, " PERIOD ("d.") ") x"
  " UNION ALL SELECT " FIELD ("?5", "x.") ", " FIELD ("?6", "x.") ", NULL, 0, 1, 0, 0 FROM"
  " (SELECT d.*, min (d.sort_key) FROM d WHERE d.case_id IS NOT NULL"
  "  GROUP BY d.case_id, " PERIOD ("d.") ") x"
  " UNION ALL SELECT " FIELD ("?5", "f.") ", " FIELD ("?6", "f.") ", f.wait_minutes,"
  " CASE WHEN " FOLDED_FIRST ("f.student_since") " THEN f.students ELSE 0 END,"
  " CASE WHEN " FOLDED_FIRST ("f.case_since") " THEN f.cases ELSE 0 END,"
  " f.contacts,"
  " CASE WHEN f.waiters = 1 AND " FOLDED_FIRST ("f.waiter_since") " THEN 1 ELSE 0 END"
  " FROM folded_statistics f WHERE f.month >= ?8 AND f.month < ?9"
  ") GROUP BY g1, g2, w ORDER BY g1, g2, w";

static gboolean
same_group (CfStatisticsCount *row,
            sqlite3_stmt      *stmt)
{
  return g_strcmp0 (row->group[0], (const char *) sqlite3_column_text (stmt, 0)) == 0 &&
         g_strcmp0 (row->group[1], (const char *) sqlite3_column_text (stmt, 1)) == 0;
}

/* Adds one result row to its group's count, the last one when the group
 * is the same (rows come in group order). */
static void
add_count_row (GPtrArray    *rows,
               sqlite3_stmt *stmt)
{
  CfStatisticsCount *row = rows->len ? rows->pdata[rows->len - 1] : NULL;
  guint contacts = (guint) sqlite3_column_int64 (stmt, 5);

  if (row == NULL || !same_group (row, stmt))
    {
      row = g_new0 (CfStatisticsCount, 1);
      row->group[0] = _cf_column_dup (stmt, 0);
      row->group[1] = _cf_column_dup (stmt, 1);
      row->waits = g_array_new (FALSE, FALSE, sizeof (CfStatisticsWait));
      g_ptr_array_add (rows, row);
    }
  row->students += (guint) sqlite3_column_int64 (stmt, 3);
  row->cases += (guint) sqlite3_column_int64 (stmt, 4);
  row->contacts += contacts;
  row->waiters += (guint) sqlite3_column_int64 (stmt, 6);
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL && contacts > 0)
    {
      CfStatisticsWait wait = { sqlite3_column_int64 (stmt, 2), contacts };

      g_array_append_val (row->waits, wait);
    }
}

static gboolean
run_static (CfStore    *store,
            const char *sql,
            GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);

  return stmt != NULL && _cf_store_step_done (store, stmt, error);
}

/* Empties the table of contacts, then fills it with the range's. */
static gboolean
find_contacts (CfStore *store,
               Count   *count,
               GError **error)
{
  g_autofree char *topics = NULL;
  sqlite3_stmt *stmt;

  if (!_cf_store_exec (store, create_contacts_sql, error) ||
      !_cf_store_exec (store, clear_contacts_sql, error) ||
      (topics = topic_list (store, error)) == NULL ||
      (stmt = _cf_store_prepare (store, find_cased_sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 2, count->from);
  sqlite3_bind_int64 (stmt, 3, count->to);
  if (!_cf_store_step_done (store, stmt, error) ||
      !run_static (store, find_students_sql, error) ||
      !run_static (store, find_cases_sql, error) ||
      (stmt = _cf_store_prepare (store, fill_contacts_sql, error)) == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, topics);
  return _cf_store_step_done (store, stmt, error);
}

static void
bind_count (sqlite3_stmt *stmt,
            Count        *count)
{
  int period = PERIOD_RANGE;

  for (int i = 0; i < 2; i++)
    if (g_strcmp0 (count->by[i], "month") == 0)
      period = PERIOD_MONTH;
    else if (g_strcmp0 (count->by[i], "term") == 0 && period == PERIOD_RANGE)
      period = PERIOD_TERM;
  _cf_bind_text (stmt, 5, count->by[0]);
  _cf_bind_text (stmt, 6, count->by[1]);
  sqlite3_bind_int (stmt, 7, period);
  _cf_bind_text (stmt, 8, count->from_month);
  _cf_bind_text (stmt, 9, count->to_month);
  sqlite3_bind_int (stmt, 10, (int) count->year_starts_month);
}

static gboolean
count_rows (CfStore *store,
            Count   *count,
            GError **error)
{
  sqlite3_stmt *stmt;
  CfStep step = CF_STEP_FAILED;

  if (!find_contacts (store, count, error) ||
      (stmt = _cf_store_prepare (store, count_sql, error)) == NULL)
    return FALSE;
  bind_count (stmt, count);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    add_count_row (count->rows, stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  sqlite3_reset (stmt);
  /* Student ids are not kept past the count, even in memory. */
  return _cf_store_exec (store, clear_contacts_sql, error);
}

/* A year's count reads some 100 MB of the case database's indexes and
 * rows, many pages again and again (a student's row for each of their
 * contacts), and SQLite gives an attached database a cache of 2 MB: each
 * page read again is read from the file and decrypted again.  The count
 * gets a larger cache, which is given back after it. */
static const char *const count_cache_sql = "PRAGMA cases.cache_size = -262144";
static const char *const cache_size_sql = "PRAGMA cases.cache_size";

static gboolean
count_with_cache (CfStore *store,
                  Count   *count,
                  GError **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, cache_size_sql, error);
  g_autofree char *size = NULL, *restore = NULL;
  gboolean counted;

  if (stmt == NULL || !_cf_store_get_text (store, stmt, &size, error) ||
      !run_static (store, count_cache_sql, error))
    return FALSE;
  counted = count_rows (store, count, error);
  /* The size read back, a number: not text from anyone. */
  restore = g_strdup_printf ("PRAGMA cases.cache_size = %" G_GINT64_FORMAT,
                             size ? g_ascii_strtoll (size, NULL, 10) : -2000);
  return _cf_store_exec (store, restore, counted ? error : NULL) && counted;
}

static gboolean
count_and_audit (CfSession *session,
                 gpointer   data,
                 GError   **error)
{
  Count *count = data;
  g_autofree char *detail = NULL;

  if (!count_with_cache (cf_session_get_store (session), count, error))
    return FALSE;
  /* The fields only: codes from a fixed list, never anything typed. */
  detail = g_strjoin (",", count->by[0] ? count->by[0] : "total", count->by[1], NULL);
  return _cf_session_audit (session, "statistics-counted", NULL, detail, error);
}

/* The first month, in local time, that starts at or after @time. */
static char *
month_from (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (local),
                                                      g_date_time_get_month (local), 1, 0, 0, 0);
  g_autoptr(GDateTime) next = NULL;

  if (g_date_time_compare (start, local) >= 0)
    return g_date_time_format (start, "%Y-%m");
  next = g_date_time_add_months (start, 1);
  return g_date_time_format (next, "%Y-%m");
}

gboolean
cf_statistics_check_fields (const char *const *by,
                            GError           **error)
{
  guint n = by ? g_strv_length ((char **) by) : 0;

  for (guint i = 0; i < n; i++)
    if (!g_strv_contains (fields, by[i]) || (i == 1 && g_str_equal (by[0], by[1])))
      {
        g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                     _("Statistics can be split by one or two of topic, month, term, college,"
                       " faculty, mode, kind, outcome, gender, ethnicity and age-band."));
        return FALSE;
      }
  if (n <= 2)
    return TRUE;
  g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
               _("Statistics can be split by two fields at most."));
  return FALSE;
}

GPtrArray *
_cf_statistics_count (CfSession         *session,
                      GDateTime         *from,
                      GDateTime         *to,
                      const char *const *by,
                      guint              year_starts_month,
                      GError           **error)
{
  Count count = { { NULL, NULL }, NULL, NULL, 0, 0, year_starts_month, NULL };
  gboolean done;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);
  g_return_val_if_fail (year_starts_month >= 1 && year_starts_month <= 12, NULL);

  if (!cf_session_require (session, CF_PERMISSION_VIEW_AUDIT, error) ||
      !cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !cf_statistics_check_fields (by, error))
    return NULL;
  for (guint i = 0; by != NULL && by[i] != NULL; i++)
    count.by[i] = by[i];
  count.from = g_date_time_to_unix (from);
  count.to = g_date_time_to_unix (to);
  count.from_month = month_from (from);
  count.to_month = month_from (to);
  count.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) _cf_statistics_count_free);
  done = _cf_session_write (session, count_and_audit, &count, error);
  g_free (count.from_month);
  g_free (count.to_month);
  if (!done)
    g_clear_pointer (&count.rows, g_ptr_array_unref);
  return count.rows;
}
