/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The retention rule (kept in office_settings, which this file writes),
 * the students it makes due, holds (retention_holds) and the purge. */
#include "cf-retention.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cf-audit-private.h"
#include "cf-changes-private.h"
#include "cf-error.h"
#include "cf-office.h"
#include "cf-retention-due-private.h"
#include "cf-session-private.h"
#include "cf-student-data-private.h"
#include "cf-students-private.h"
#include "cf-students.h"
#include "cf-text.h"

#define DEFAULT_YEARS        6
#define DEFAULT_YEAR_MONTH   8
#define DEFAULT_YEAR_DAY     1
#define HOLD_REASON_MAX      200

/* The office settings that hold the rule. */
#define SETTING_YEARS        "retention_years"
#define SETTING_FROM         "retention_from"
#define SETTING_YEAR_STARTS  "retention_year_starts"

/* --- the rule as text --- */

static const char *const from_codes[] = {
  [CF_RETENTION_FROM_LAST_CONTACT] = "last-contact",
  [CF_RETENTION_FROM_CASE_CLOSED] = "case-closed",
};

const char *
cf_retention_from_code (CfRetentionFrom from)
{
  g_return_val_if_fail (from < G_N_ELEMENTS (from_codes), NULL);
  return from_codes[from];
}

gboolean
cf_retention_from_parse (const char      *code,
                         CfRetentionFrom *from,
                         GError         **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (from_codes); i++)
    if (g_strcmp0 (code, from_codes[i]) == 0)
      {
        *from = (CfRetentionFrom) i;
        return TRUE;
      }
  g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
               _("Records are kept from “last-contact” or from “case-closed”."));
  return FALSE;
}

/* 29 February is no day of most years: a year starting on it would start
 * on no day at all three years in four. */
static gboolean
check_year_start (guint    month,
                  guint    day,
                  GError **error)
{
  if (month == 2 && day == 29)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("A year cannot start on 29 February, because most years have no such day. Choose 28 February or 1 March."));
      return FALSE;
    }
  if (month < 1 || month > 12 || day < 1 || day > g_date_get_days_in_month (month, 2001))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("The day a year starts is not a real day. Type it as month and day, for example 08-01 for 1 August."));
      return FALSE;
    }
  return TRUE;
}

gboolean
cf_retention_parse_year_start (const char *text,
                               guint      *month,
                               guint      *day,
                               GError    **error)
{
  guint64 m = 0, d = 0;

  if (text == NULL || strlen (text) != 5 || text[2] != '-' ||
      !g_ascii_string_to_unsigned (text + 3, 10, 1, 31, &d, NULL))
    return check_year_start (0, 0, error);
  {
    g_autofree char *month_text = g_strndup (text, 2);

    if (!g_ascii_string_to_unsigned (month_text, 10, 1, 12, &m, NULL))
      return check_year_start (0, 0, error);
  }
  if (!check_year_start ((guint) m, (guint) d, error))
    return FALSE;
  *month = (guint) m;
  *day = (guint) d;
  return TRUE;
}

gboolean
cf_retention_rule_check (const CfRetentionRule *rule,
                         GError               **error)
{
  g_return_val_if_fail (rule != NULL, FALSE);

  if (rule->years < 1 || rule->years > 10)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("Records are kept for 1 to 10 years."));
      return FALSE;
    }
  if (rule->from >= G_N_ELEMENTS (from_codes))
    return cf_retention_from_parse (NULL, NULL, error);
  return check_year_start (rule->year_starts_month, rule->year_starts_day, error);
}

/* --- the rule in the office's settings --- */

static gboolean
read_setting (CfStore    *store,
              const char *name,
              char      **value,
              GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT value FROM office_settings WHERE name = ?", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, name);
  return _cf_store_get_text (store, stmt, value, error);
}

/* A value another machine wrote that this one cannot read (a newer
 * Confide's) leaves the default in place rather than a rule nobody set. */
static void
rule_from_settings (CfRetentionRule *rule,
                    const char      *years,
                    const char      *from,
                    const char      *year_starts)
{
  guint64 n;
  CfRetentionFrom parsed_from;
  guint month, day;

  *rule = (CfRetentionRule) { DEFAULT_YEARS, CF_RETENTION_FROM_LAST_CONTACT,
                              DEFAULT_YEAR_MONTH, DEFAULT_YEAR_DAY };
  if (years && g_ascii_string_to_unsigned (years, 10, 1, 10, &n, NULL))
    rule->years = (guint) n;
  if (from && cf_retention_from_parse (from, &parsed_from, NULL))
    rule->from = parsed_from;
  if (year_starts && cf_retention_parse_year_start (year_starts, &month, &day, NULL))
    {
      rule->year_starts_month = month;
      rule->year_starts_day = day;
    }
}

/* Within the store lock. */
static gboolean
load_rule (CfStore         *store,
           CfRetentionRule *rule,
           GError         **error)
{
  g_autofree char *years = NULL, *from = NULL, *year_starts = NULL;

  if (!read_setting (store, SETTING_YEARS, &years, error) ||
      !read_setting (store, SETTING_FROM, &from, error) ||
      !read_setting (store, SETTING_YEAR_STARTS, &year_starts, error))
    return FALSE;
  rule_from_settings (rule, years, from, year_starts);
  return TRUE;
}

gboolean
cf_retention_get_rule (CfSession       *session,
                       CfRetentionRule *rule,
                       GError         **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  CfStore *store;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);

  store = cf_session_get_store (session);
  if (store == NULL)
    return cf_session_require (session, CF_PERMISSION_READ_CASES, error);
  lock = _cf_store_lock (store);
  return load_rule (store, rule, error);
}

/* No UPSERT in SQLite 3.15: the row is made first, so that its clocks
 * survive, then its value set. */
static gboolean
write_setting (CfStore    *store,
               const char *name,
               const char *value,
               GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT OR IGNORE INTO office_settings (name) VALUES (?)", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, name);
  if (!_cf_store_step_done (store, stmt, error))
    return FALSE;
  stmt = _cf_store_prepare (store, "UPDATE office_settings SET value = ? WHERE name = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, value);
  _cf_bind_text (stmt, 2, name);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "office_setting", name,
                             (const char *const[]) { "value", NULL }, error);
}

static gboolean
save_rule (CfSession *session,
           gpointer   data,
           GError   **error)
{
  const CfRetentionRule *rule = data;
  CfStore *store = cf_session_get_store (session);
  g_autofree char *years = g_strdup_printf ("%u", rule->years);
  g_autofree char *year_starts = g_strdup_printf ("%02u-%02u", rule->year_starts_month,
                                                  rule->year_starts_day);
  g_autofree char *detail = NULL;

  /* Codes and numbers only: the audit holds no free text. */
  detail = g_strdup_printf ("%s %s %s", years, cf_retention_from_code (rule->from), year_starts);
  return write_setting (store, SETTING_YEARS, years, error) &&
         write_setting (store, SETTING_FROM, cf_retention_from_code (rule->from), error) &&
         write_setting (store, SETTING_YEAR_STARTS, year_starts, error) &&
         _cf_session_audit (session, "retention-rule-set", NULL, detail, error);
}

gboolean
cf_retention_set_rule (CfSession             *session,
                       const CfRetentionRule *rule,
                       GError               **error)
{
  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);

  return cf_session_require (session, CF_PERMISSION_DESTROY_RECORDS, error) &&
         cf_retention_rule_check (rule, error) &&
         _cf_session_write (session, save_rule, (gpointer) rule, error);
}

/* --- the day a record falls due --- */

static GDateTime *
due_after_year_end (const CfRetentionRule *rule,
                    GDateTime             *day)
{
  int year, month, mday;
  guint start_year;

  g_date_time_get_ymd (day, &year, &month, &mday);
  start_year = (guint) year;
  if ((guint) month < rule->year_starts_month ||
      ((guint) month == rule->year_starts_month && (guint) mday < rule->year_starts_day))
    start_year--;
  /* The year holding @day ends when the next starts, at start_year + 1. */
  return g_date_time_new (g_date_time_get_timezone (day), (int) (start_year + 1 + rule->years),
                          (int) rule->year_starts_month, (int) rule->year_starts_day, 0, 0, 0);
}

static GDateTime *
due_after_day (const CfRetentionRule *rule,
               GDateTime             *day)
{
  int year, month, mday;

  g_date_time_get_ymd (day, &year, &month, &mday);
  year += (int) rule->years;
  if (month == 2 && mday == 29 && !g_date_is_leap_year ((GDateYear) year))
    {
      month = 3;
      mday = 1;
    }
  return g_date_time_new (g_date_time_get_timezone (day), year, month, mday, 0, 0, 0);
}

GDateTime *
cf_retention_due_day (const CfRetentionRule *rule,
                      GDateTime             *day)
{
  g_return_val_if_fail (rule != NULL, NULL);
  g_return_val_if_fail (day != NULL, NULL);

  if (rule->from == CF_RETENTION_FROM_CASE_CLOSED)
    return due_after_day (rule, day);
  return due_after_year_end (rule, day);
}

/* --- who is due --- */

/* What decides one student's due day, gathered table by table. */
typedef struct {
  char    *id;
  char    *name;
  gint64   added_at;       /* UTC seconds */
  gint64   last_contact;   /* 0 until a record about the student is found */
  gint64   last_resolved;  /* 0: no case resolved */
  gboolean has_case;
  gboolean has_open_case;
  char    *hold_reason;    /* NULL unless held */
} Candidate;

static void
candidate_free (gpointer data)
{
  Candidate *candidate = data;

  g_free (candidate->id);
  g_free (candidate->name);
  g_free (candidate->hold_reason);
  g_free (candidate);
}

typedef struct {
  CfRetentionRule rule;
  GDateTime      *today;
  GHashTable     *candidates;  /* id → Candidate */
  GPtrArray      *due;         /* CfRetentionDue, oldest due first */
  gboolean        audit;
} Gathering;

/* The students this manager may see (as cf_students_list: no conflict of
 * interest, their service if restricted). */
static gboolean
gather_students (CfSession  *session,
                 GHashTable *candidates,
                 GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT id, name, created_at FROM students s"
      " WHERE NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.student_id = s.id AND c.adviser_id = ?1)"
      "   AND (?2 IS NULL OR s.service_group = ?2)", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, cf_session_get_user_id (session));
  _cf_bind_text (stmt, 2, _cf_session_get_restricted_service (session));
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      Candidate *candidate = g_new0 (Candidate, 1);

      candidate->id = _cf_column_dup (stmt, 0);
      candidate->name = _cf_column_dup (stmt, 1);
      candidate->added_at = sqlite3_column_int64 (stmt, 2);
      g_hash_table_insert (candidates, candidate->id, candidate);
    }
  sqlite3_reset (stmt);
  return step == CF_STEP_DONE;
}

/* Each query gives a student id and their latest contact in that table,
 * one row a student (GROUP BY student_id, read from the tables' indexes
 * on student_id).  Entries are reached through their cases: they have no
 * index of their own on student_id (schema step 4). */
static const char *const contact_queries[] = {
  "SELECT c.student_id, MAX (e.created_at) FROM cases c"
  " JOIN case_entries e ON e.case_id = c.id GROUP BY c.student_id",
  "SELECT student_id, MAX (CASE WHEN status = 'cancelled' THEN created_at ELSE start_at END)"
  " FROM appointments GROUP BY student_id",
  "SELECT student_id, MAX (waiting_since) FROM tickets WHERE student_id IS NOT NULL"
  " GROUP BY student_id",
  "SELECT student_id, MAX (recorded_at) FROM consents GROUP BY student_id",
  "SELECT student_id, MAX (created_at) FROM breaches GROUP BY student_id",
};

static gboolean
gather_contacts (CfStore    *store,
                 const char *sql,
                 GHashTable *candidates,
                 GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      Candidate *candidate = g_hash_table_lookup (candidates, sqlite3_column_text (stmt, 0));
      gint64 at = sqlite3_column_int64 (stmt, 1);

      if (candidate != NULL && at > candidate->last_contact)
        candidate->last_contact = at;
    }
  sqlite3_reset (stmt);
  return step == CF_STEP_DONE;
}

/* A case opened is a contact too; its resolution is the case-closed rule's
 * day, and an open case keeps the student from being due under it. */
static gboolean
gather_cases (CfStore    *store,
              GHashTable *candidates,
              GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT student_id, MAX (opened_at), MAX (resolved_at), MAX (status = 'open')"
      " FROM cases GROUP BY student_id", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      Candidate *candidate = g_hash_table_lookup (candidates, sqlite3_column_text (stmt, 0));

      if (candidate == NULL)
        continue;
      candidate->last_contact = MAX (candidate->last_contact, sqlite3_column_int64 (stmt, 1));
      candidate->last_resolved = sqlite3_column_int64 (stmt, 2);
      candidate->has_case = TRUE;
      candidate->has_open_case = sqlite3_column_int (stmt, 3) != 0;
    }
  sqlite3_reset (stmt);
  return step == CF_STEP_DONE;
}

static gboolean
gather_holds (CfStore    *store,
              GHashTable *candidates,
              GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT student_id, reason FROM retention_holds WHERE released_at IS NULL", error);
  CfStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      Candidate *candidate = g_hash_table_lookup (candidates, sqlite3_column_text (stmt, 0));

      if (candidate != NULL)
        candidate->hold_reason = _cf_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  return step == CF_STEP_DONE;
}

/* NULL when the student is not due on or before @today. */
static CfRetentionDue *
candidate_due (Gathering *gathering,
               Candidate *candidate,
               GTimeZone *zone)
{
  CfRetentionRule rule = gathering->rule;
  g_autoptr(GDateTime) utc = NULL, last = NULL, due = NULL;

  if (rule.from == CF_RETENTION_FROM_CASE_CLOSED && candidate->has_open_case)
    return NULL;
  /* A student with no case resolved is due from their last contact.  A
   * contact after their last case closed (an appointment booked since, a
   * note) counts from its own day: nobody is destroyed while they are
   * still coming. */
  if (rule.from == CF_RETENTION_FROM_CASE_CLOSED && candidate->last_resolved > 0)
    utc = g_date_time_new_from_unix_utc (MAX (candidate->last_resolved, candidate->last_contact));
  else
    {
      /* With no record about them, when they were added is the last. */
      rule.from = CF_RETENTION_FROM_LAST_CONTACT;
      utc = g_date_time_new_from_unix_utc (candidate->last_contact > 0 ? candidate->last_contact
                                                                      : candidate->added_at);
    }
  if (utc == NULL)
    return NULL;
  last = g_date_time_to_timezone (utc, zone);
  due = cf_retention_due_day (&rule, last);
  if (due == NULL || g_date_time_compare (due, gathering->today) > 0)
    return NULL;
  return _cf_retention_due_new (candidate->id, candidate->name, last, due, candidate->hold_reason);
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  CfRetentionDue *x = *(CfRetentionDue **) a, *y = *(CfRetentionDue **) b;
  int by_day = g_date_time_compare (cf_retention_due_get_due (x), cf_retention_due_get_due (y));

  return by_day != 0 ? by_day : strcmp (cf_retention_due_get_student_id (x),
                                        cf_retention_due_get_student_id (y));
}

static gboolean
audit_due (CfSession *session,
           GPtrArray *due,
           GError   **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autofree char *shown = NULL;

  for (guint i = 0; i < due->len; i++)
    g_ptr_array_add (ids, (gpointer) cf_retention_due_get_student_id (due->pdata[i]));
  shown = _cf_audit_shown_detail (ids);
  return _cf_session_audit (session, "retention-due-listed", NULL, shown, error);
}

/* One read of a handful of grouped queries, whatever the number of
 * students, in one transaction so that they agree. */
static gboolean
gather_due (CfSession *session,
            gpointer   data,
            GError   **error)
{
  Gathering *gathering = data;
  CfStore *store = cf_session_get_store (session);
  g_autoptr(GTimeZone) zone = cf_office_get_time_zone (session);
  GHashTableIter iter;
  gpointer value;

  if (!load_rule (store, &gathering->rule, error) ||
      !gather_students (session, gathering->candidates, error) ||
      !gather_cases (store, gathering->candidates, error) ||
      !gather_holds (store, gathering->candidates, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (contact_queries); i++)
    if (!gather_contacts (store, contact_queries[i], gathering->candidates, error))
      return FALSE;
  g_hash_table_iter_init (&iter, gathering->candidates);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      CfRetentionDue *due = candidate_due (gathering, value, zone);

      if (due != NULL)
        g_ptr_array_add (gathering->due, due);
    }
  g_ptr_array_sort (gathering->due, compare_due);
  return !gathering->audit || audit_due (session, gathering->due, error);
}

/* @rule (may be NULL) is given the rule the students were found by. */
static GPtrArray *
find_due (CfSession       *session,
          GDateTime       *today,
          gboolean         audit,
          CfRetentionRule *rule,
          GError         **error)
{
  g_autoptr(GHashTable) candidates = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                            candidate_free);
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_object_unref);
  Gathering gathering = { { 0 }, today, candidates, due, audit };

  if (!_cf_session_write (session, gather_due, &gathering, error))
    return NULL;
  if (rule != NULL)
    *rule = gathering.rule;
  return g_steal_pointer (&due);
}

GListModel *
cf_retention_list_due (CfSession *session,
                       GDateTime *today,
                       GError   **error)
{
  g_autoptr(GListStore) list = g_list_store_new (CF_TYPE_RETENTION_DUE);
  g_autoptr(GPtrArray) due = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_DESTROY_RECORDS, error))
    return NULL;
  due = find_due (session, today, TRUE, NULL, error);
  if (due == NULL)
    return NULL;
  g_list_store_splice (list, 0, 0, due->pdata, due->len);
  return G_LIST_MODEL (g_steal_pointer (&list));
}

/* --- holds --- */

static gboolean
check_hold_reason (const char *reason,
                   GError    **error)
{
  if (!cf_text_check_required (reason, CF_TEXT_LINE, _("The reason"), error))
    return FALSE;
  if (g_utf8_strlen (reason, -1) > HOLD_REASON_MAX)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("The reason is too long: keep it to %d characters."), HOLD_REASON_MAX);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  const char *student_id;
  const char *reason;
} Hold;

static const char *const hold_fields[] = { "reason", "held_by", "held_at", "released_at", NULL };

static gboolean
save_hold (CfSession *session,
           gpointer   data,
           GError   **error)
{
  Hold *hold = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, hold->student_id, error))
    return FALSE;
  stmt = _cf_store_prepare (store, "INSERT OR IGNORE INTO retention_holds (student_id) VALUES (?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, hold->student_id);
  if (!_cf_store_step_done (store, stmt, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "UPDATE retention_holds SET reason = ?, held_by = ?, held_at = ?, released_at = NULL"
      " WHERE student_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, hold->reason);
  _cf_bind_text (stmt, 2, cf_session_get_user_id (session));
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 4, hold->student_id);
  /* The reason stays on the hold: the audit names only the student. */
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "hold", hold->student_id, hold_fields, error) &&
         _cf_session_audit (session, "student-held", hold->student_id, NULL, error);
}

gboolean
cf_retention_hold (CfSession  *session,
                   const char *student_id,
                   const char *reason,
                   GError    **error)
{
  Hold hold = { student_id, reason };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (student_id != NULL, FALSE);

  return cf_session_require (session, CF_PERMISSION_DESTROY_RECORDS, error) &&
         check_hold_reason (reason, error) &&
         _cf_session_write (session, save_hold, &hold, error);
}

static gboolean
release_hold (CfSession *session,
              gpointer   data,
              GError   **error)
{
  const char *student_id = data;
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt;

  if (!_cf_session_check_student (session, student_id, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "UPDATE retention_holds SET released_at = ? WHERE student_id = ? AND released_at IS NULL",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  _cf_bind_text (stmt, 2, student_id);
  if (!_cf_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (_cf_store_get_db (store)) == 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("This student’s records are not held."));
      return FALSE;
    }
  return _cf_changes_record (store, "hold", student_id,
                             (const char *const[]) { "released_at", NULL }, error) &&
         _cf_session_audit (session, "student-released", student_id, NULL, error);
}

gboolean
cf_retention_release (CfSession  *session,
                      const char *student_id,
                      GError    **error)
{
  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (student_id != NULL, FALSE);

  return cf_session_require (session, CF_PERMISSION_DESTROY_RECORDS, error) &&
         _cf_session_write (session, release_hold, (gpointer) student_id, error);
}

/* --- the purge --- */

/* Why the records went, for the audit: the rule, never anything about
 * the student. */
static char *
purge_reason (const CfRetentionRule *rule)
{
  if (rule->from == CF_RETENTION_FROM_CASE_CLOSED)
    return g_strdup_printf ("retention: %u years after the case closed", rule->years);
  return g_strdup_printf ("retention: %u years after last contact", rule->years);
}

/* A purge's batch: each commits wholly or not at all, so a purge cut
 * short has destroyed some students wholly and left the rest for the
 * next.  One transaction a student would spend most of a purge syncing
 * the disk. */
#define PURGE_BATCH 100

static GPtrArray *
ids_to_purge (GPtrArray  *due,
              GHashTable *only)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < due->len; i++)
    {
      const char *id = cf_retention_due_get_student_id (due->pdata[i]);

      if (cf_retention_due_get_hold_reason (due->pdata[i]) == NULL &&
          (only == NULL || g_hash_table_contains (only, id)))
        g_ptr_array_add (ids, (gpointer) id);
    }
  return ids;
}

static gboolean
destroy_in_batches (CfSession  *session,
                    GPtrArray  *ids,
                    const char *reason,
                    guint      *n_students,
                    GError    **error)
{
  *n_students = 0;
  for (guint start = 0; start < ids->len; start += PURGE_BATCH)
    {
      g_autofree const char **batch = g_new0 (const char *, PURGE_BATCH + 1);
      guint n = 0;

      for (guint i = 0; i < PURGE_BATCH && start + i < ids->len; i++)
        batch[i] = ids->pdata[start + i];
      if (!_cf_students_destroy_many (session, batch, reason, &n, error))
        return FALSE;
      *n_students += n;
    }
  return TRUE;
}

/* @only (may be NULL): the ids a manager was shown and confirmed; the
 * others due now (the rule changed since, say) wait for another look.
 * The search indexes are cleaned up once, at the end; a failure leaves
 * that pending for the next sync pass, which reports it. */
static gboolean
purge_due (CfSession  *session,
           GDateTime  *today,
           gboolean    dry_run,
           GHashTable *only,
           guint      *n_students,
           GError    **error)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *reason = NULL;
  CfRetentionRule rule;
  guint n = 0;
  gboolean done;

  if (!cf_session_require (session, CF_PERMISSION_DESTROY_RECORDS, error))
    return FALSE;
  due = find_due (session, today, FALSE, &rule, error);
  if (due == NULL)
    return FALSE;
  reason = purge_reason (&rule);
  ids = ids_to_purge (due, only);
  if (dry_run)
    n = ids->len;
  done = dry_run || destroy_in_batches (session, ids, reason, &n, error);
  if (!dry_run)
    _cf_student_data_clean_up (cf_session_get_store (session), NULL);
  if (done && n_students != NULL)
    *n_students = n;
  return done;
}

gboolean
cf_retention_purge (CfSession *session,
                    GDateTime *today,
                    gboolean   dry_run,
                    guint     *n_students,
                    GError   **error)
{
  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (today != NULL, FALSE);

  return purge_due (session, today, dry_run, NULL, n_students, error);
}

gboolean
cf_retention_purge_only (CfSession         *session,
                         GDateTime         *today,
                         const char *const *student_ids,
                         guint             *n_students,
                         GError           **error)
{
  g_autoptr(GHashTable) only = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (today != NULL && student_ids != NULL, FALSE);

  for (gsize i = 0; student_ids[i] != NULL; i++)
    g_hash_table_add (only, (gpointer) student_ids[i]);
  return purge_due (session, today, FALSE, only, n_students, error);
}
