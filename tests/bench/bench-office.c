/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench-office.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cf-audit-private.h"
#include "cf-audit.h"
#include "cf-changes-private.h"
#include "cf-data-dir.h"
#include "cf-files.h"
#include "cf-office.h"
#include "cf-resources.h"
#include "cf-session-private.h"

/* Bump when the generated data changes, so old caches are rebuilt. */
#define GENERATOR_VERSION 2
#define SEED 20261121

#define SCHEMA_FOLDER "/org/confide/schema/"
#define MANAGER "Bench Manager"
#define PASSPHRASE "bench manager passphrase"

#define N_ADVISERS 20
#define N_STUDENTS 60000
#define N_CASES 150000
#define N_ENTRIES 1000000
#define N_CONFLICTS 40

#define DAY (24 * 3600)
#define YEAR (365 * DAY)
/* Six years of days that end four weeks ahead of the day of generation:
 * advisers book ahead, so "today" has a full diary on any day in that
 * window; after it the cache is stale and rebuilt. */
#define HISTORY_DAYS (6 * 365)
#define BOOKED_AHEAD_DAYS 28
#define TODAY_INDEX (HISTORY_DAYS - BOOKED_AHEAD_DAYS)
#define FIRST_HOUR 9
#define N_SLOTS 9                  /* hourly, 09:00 to 17:00 */
#define MIN_PER_DAY 5              /* 20 advisers x 7 a day x 6 years: ~300,000 */
#define MAX_PER_DAY 9

#define PICK(rand, list) ((list)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (list))])
#define CHANCE(rand, percent) (g_rand_int_range ((rand), 0, 100) < (percent))

typedef char Id[37];

typedef struct {
  Id     id;
  gint64 created_at;
} Student;

typedef struct {
  Id      id;
  Id      last_entry;    /* for an occasional correction */
  guint32 student;
  guint32 adviser;
  gint64  opened_at;
  gint64  resolved_at;   /* 0 while open */
} Case;

typedef struct {
  gint64  at;
  guint32 case_index;
  guint32 order;         /* ties broken by creation order: deterministic */
} PlannedEntry;

typedef struct {
  const char *label;
  CfStore    *store;
  GRand      *rand;
  const char *manager_id;
  gint64      now;
  gint64      day_start[HISTORY_DAYS + 1];
  Id          advisers[N_ADVISERS];
  Student    *students;
  Case       *cases;
  GString    *text;
  gint64      started;
  GError     *error;
} Generator;

static const char *const words[] = {
  "student", "landlord", "tenancy", "deposit", "appeal", "extenuating", "circumstances",
  "deadline", "tutor", "department", "academic", "misconduct", "hearing", "evidence",
  "statement", "advised", "discussed", "explained", "options", "agreed", "follow", "up",
  "email", "meeting", "next", "week", "rent", "arrears", "council", "tax", "exemption",
  "hardship", "fund", "application", "loan", "finance", "payment", "plan", "letter",
  "contract", "repairs", "mould", "heating", "housemates", "dispute", "notice", "eviction",
  "section", "guarantor", "agency", "fees", "refund", "complaint", "stage", "one", "two",
  "outcome", "decision", "review", "panel", "board", "exam", "resit", "deferral",
  "interruption", "studies", "wellbeing", "support", "referral", "counselling",
  "disability", "adjustments", "report", "medical", "note", "GP", "doctor", "visa",
  "immigration", "attendance", "monitoring", "international", "fees", "scholarship",
  "bursary", "employment", "wages", "unpaid", "hours", "shift", "manager", "rights",
  "the", "the", "the", "a", "a", "to", "to", "to", "and", "and", "of", "of", "for", "with",
  "about", "before", "after", "by", "on", "in", "in", "is", "was", "has", "will", "not",
  "her", "his", "their", "they", "she", "he", "we", "I", "asked", "called", "wrote",
  "confirmed", "requested", "received", "sent", "checked", "copy", "draft", "submitted",
  "late", "missing", "unclear", "urgent", "possible", "likely", "further", "information",
  "university", "regulations", "policy", "procedure", "guidance", "case", "file", "today",
  "yesterday", "tomorrow", "Monday", "Friday", "term", "module", "grade", "mark", "credit",
};

static const char *const first_names[] = {
  "Aisha", "Ben", "Chloe", "Daniel", "Efua", "Fatima", "George", "Hannah", "Ibrahim",
  "Jack", "Kai", "Layla", "Mohammed", "Niamh", "Oliver", "Priya", "Qasim", "Ruby", "Sam",
  "Tomasz", "Uma", "Victor", "Wei", "Xavier", "Yusuf", "Zara", "Amelia", "Bilal", "Ciara",
  "Dylan", "Emily", "Finn", "Grace", "Harry", "Isla", "James", "Katie", "Liam", "Mia",
  "Noah", "Olivia", "Rhys", "Sofia", "Thomas", "Alex", "Jordan", "Morgan", "Rowan",
};

static const char *const last_names[] = {
  "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
  "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
  "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Khan", "Ahmed", "Singh",
  "Chen", "Wang", "Li", "Kowalski", "Nowak", "Murphy", "O'Brien", "Kelly", "Okafor",
  "Mensah", "Adeyemi", "Garcia", "Rossi", "Müller", "Novak", "Ali", "Hussain", "Begum",
};

static const char *const colleges[] = {
  "Queen's", "St Anne's", "Newton", "Darwin", "Franklin", "Seacole", "Turing", "Brontë",
};

static const char *const faculties[] = {
  "Arts", "Humanities", "Social Sciences", "Science", "Engineering", "Medicine", "Law",
  "Business", "Education",
};

static const char *const topics[] = {
  "Housing", "Academic appeal", "Academic misconduct", "Money", "Employment",
  "Immigration", "Complaint", "Extenuating circumstances", "Wellbeing", "Fitness to practise",
};

static const char *const third_parties[] = {
  "Accommodation Office", "Student Finance", "Disability Service", "Academic Registry",
  "Landlord", "Letting agent", "Counselling Service", "Department", "Council",
};

static const char *const genders[] = { "woman", "man", "non-binary", "prefer not to say" };
static const char *const ethnicities[] = {
  "White", "Asian", "Black", "Mixed", "Arab", "Other", "prefer not to say",
};
static const char *const modes[] = { "in-person", "in-person", "in-person", "phone", "video" };

/* The fields the record APIs stamp when they add each kind of record. */
static const char *const student_fields[] = {
  "name", "preferred_name", "student_number", "college", "faculty", "email",
  "phone", "service_group", "removed_from_course", "created_at", "updated_at", NULL
};
static const char *const case_fields[] = { "status", "adviser_id", NULL };
static const char *const appointment_fields[] = {
  "student_id", "adviser_id", "start_at", "end_at", "mode", "topic", "room", "status",
  "created_at", "updated_at", NULL
};
static const char *const user_fields[] = { "name", "role", "credential", "created_at", NULL };

/* Version 4 UUIDs, as g_uuid_string_random () makes, but from the seeded
 * generator so both databases hold the same ids. */
static void
random_id (GRand *rand,
           Id     id)
{
  guint32 a = g_rand_int (rand), b = g_rand_int (rand);
  guint32 c = g_rand_int (rand), d = g_rand_int (rand);

  g_snprintf (id, sizeof (Id), "%08x-%04x-%04x-%04x-%04x%08x",
              a, b >> 16, (b & 0x0fff) | 0x4000, ((c >> 16) & 0x3fff) | 0x8000,
              c & 0xffff, d);
}

void
bench_office_write_text (GRand   *rand,
                         GString *text)
{
  /* Squared: most notes are a few lines, a few run long. */
  double u = g_rand_double (rand);
  gsize target = 50 + (gsize) (730 * u * u);
  gboolean sentence_start = TRUE;

  g_string_truncate (text, 0);
  while (text->len < target)
    {
      const char *word = PICK (rand, words);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, word);
      if (sentence_start)
        text->str[text->len - strlen (word)] = g_ascii_toupper (word[0]);
      sentence_start = CHANCE (rand, 10);
      if (sentence_start || text->len >= target)
        g_string_append_c (text, '.');
    }
}

static void
progress (Generator  *gen,
          const char *what,
          guint       done,
          guint       total)
{
  g_printerr ("bench-store: %s: %s %u/%u (%.0f s)\n", gen->label, what, done, total,
              (g_get_monotonic_time () - gen->started) / (double) G_USEC_PER_SEC);
}

static gint64
random_between (GRand *rand,
                gint64 from,
                gint64 to)
{
  return to <= from ? from : from + (gint64) (g_rand_double (rand) * (double) (to - from));
}

/* Stamps and queues the new record for sync, as the record APIs do. */
static gboolean
record_change (Generator         *gen,
               const char        *kind,
               const char        *row_id,
               const char *const *fields)
{
  return _cf_changes_record (gen->store, kind, row_id, fields, &gen->error);
}

static gboolean
audit (Generator  *gen,
       const char *actor,
       const char *action,
       const char *subject,
       const char *detail)
{
  return _cf_audit_append (gen->store, actor, action, subject, detail, &gen->error);
}

static gboolean
add_advisers (Generator *gen)
{
  for (guint i = 0; i < N_ADVISERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %s (adviser %02u)",
          PICK (gen->rand, first_names), PICK (gen->rand, last_names), i + 1);
      sqlite3_stmt *stmt = _cf_store_prepare (gen->store,
          "INSERT INTO users (id, name, role, created_at) VALUES (?, ?, 'adviser', ?)", &gen->error);

      if (stmt == NULL)
        return FALSE;
      random_id (gen->rand, gen->advisers[i]);
      _cf_bind_text (stmt, 1, gen->advisers[i]);
      _cf_bind_text (stmt, 2, name);
      sqlite3_bind_int64 (stmt, 3, gen->day_start[0]);
      if (!_cf_store_step_done (gen->store, stmt, &gen->error) ||
          !record_change (gen, "user", gen->advisers[i], user_fields) ||
          !audit (gen, gen->manager_id, "user-added", gen->advisers[i], NULL))
        return FALSE;
    }
  return TRUE;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
bind_student_details (Generator    *gen,
                      sqlite3_stmt *stmt,
                      guint         nth)
{
  GRand *rand = gen->rand;
  const char *first = PICK (rand, first_names), *last = PICK (rand, last_names);
  g_autofree char *name = g_strdup_printf ("%s %s", first, last);
  g_autofree char *user = g_ascii_strdown (name, -1);
  g_autofree char *email = NULL, *number = NULL, *phone = NULL;

  g_strdelimit (user, " '", '.');
  email = g_strdup_printf ("%s%u@students.example.ac.uk", user, nth);
  number = g_strdup_printf ("S%07u", 1000000 + nth);
  phone = CHANCE (rand, 70) ? g_strdup_printf ("07%09u", g_rand_int_range (rand, 0, 999999999)) : NULL;
  _cf_bind_text (stmt, 2, name);
  _cf_bind_text (stmt, 3, CHANCE (rand, 10) ? PICK (rand, first_names) : NULL);
  _cf_bind_text (stmt, 4, number);
  _cf_bind_text (stmt, 5, PICK (rand, colleges));
  _cf_bind_text (stmt, 6, PICK (rand, faculties));
  _cf_bind_text (stmt, 7, email);
  _cf_bind_text (stmt, 8, phone);
}

/* A few students stay anonymous and quote a code instead of a name. */
static void
bind_anonymous (Generator    *gen,
                sqlite3_stmt *stmt)
{
  Id code;

  random_id (gen->rand, code);
  _cf_bind_text (stmt, 9, code);
}

static gboolean
insert_student (Generator *gen,
                guint      nth)
{
  Student *student = &gen->students[nth];
  sqlite3_stmt *stmt = _cf_store_prepare (gen->store,
      "INSERT INTO students (id, name, preferred_name, student_number, college, faculty, email,"
      " phone, access_code_hash, service_group, removed_from_course, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &gen->error);

  if (stmt == NULL)
    return FALSE;
  random_id (gen->rand, student->id);
  _cf_bind_text (stmt, 1, student->id);
  if (CHANCE (gen->rand, 3))
    bind_anonymous (gen, stmt);
  else
    bind_student_details (gen, stmt, nth);
  _cf_bind_text (stmt, 10, CHANCE (gen->rand, 4) ? "women's service" : NULL);
  sqlite3_bind_int (stmt, 11, CHANCE (gen->rand, 2));
  sqlite3_bind_int64 (stmt, 12, student->created_at);
  sqlite3_bind_int64 (stmt, 13, student->created_at);
  return _cf_store_step_done (gen->store, stmt, &gen->error) &&
         record_change (gen, "student", student->id, student_fields) &&
         audit (gen, PICK (gen->rand, gen->advisers), "student-added", student->id, NULL);
}

static gboolean
insert_monitoring (Generator     *gen,
                   const Student *student)
{
  g_autofree char *birth = g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (gen->rand, 1965, 2007),
                                            g_rand_int_range (gen->rand, 1, 13),
                                            g_rand_int_range (gen->rand, 1, 29));
  sqlite3_stmt *stmt = _cf_store_prepare (gen->store,
      "INSERT INTO monitoring (student_id, date_of_birth, gender, ethnicity, recorded_at)"
      " VALUES (?, ?, ?, ?, ?)", &gen->error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student->id);
  _cf_bind_text (stmt, 2, CHANCE (gen->rand, 90) ? birth : NULL);
  _cf_bind_text (stmt, 3, PICK (gen->rand, genders));
  _cf_bind_text (stmt, 4, PICK (gen->rand, ethnicities));
  sqlite3_bind_int64 (stmt, 5, student->created_at);
  return _cf_store_step_done (gen->store, stmt, &gen->error);
}

/* Students arrive evenly over the six years, about 10,000 a year; the
 * table is written in arrival order, as a real office fills it. */
static gboolean
add_students (Generator *gen)
{
  g_autofree gint64 *arrivals = g_new (gint64, N_STUDENTS);

  for (guint i = 0; i < N_STUDENTS; i++)
    arrivals[i] = random_between (gen->rand, gen->day_start[0], gen->now - DAY);
  qsort (arrivals, N_STUDENTS, sizeof (gint64), compare_int64);

  gen->students = g_new0 (Student, N_STUDENTS);
  for (guint i = 0; i < N_STUDENTS; i++)
    {
      gen->students[i].created_at = arrivals[i];
      if (!insert_student (gen, i) ||
          (CHANCE (gen->rand, 40) && !insert_monitoring (gen, &gen->students[i])))
        return FALSE;
      if ((i + 1) % 20000 == 0)
        progress (gen, "students", i + 1, N_STUDENTS);
    }
  return TRUE;
}

static gboolean
insert_wording (Generator  *gen,
                const char *version,
                gint64      published_at)
{
  sqlite3_stmt *stmt = _cf_store_prepare (gen->store,
      "INSERT INTO consent_wordings (version, body, published_at) VALUES (?, ?, ?)", &gen->error);

  if (stmt == NULL)
    return FALSE;
  bench_office_write_text (gen->rand, gen->text);
  _cf_bind_text (stmt, 1, version);
  _cf_bind_text (stmt, 2, gen->text->str);
  sqlite3_bind_int64 (stmt, 3, published_at);
  return _cf_store_step_done (gen->store, stmt, &gen->error);
}

static gboolean
insert_consent (Generator     *gen,
                const Student *student,
                const char    *party,
                gboolean       granted,
                gint64         at,
                const char    *withdraws_id,
                Id             id)
{
  static const char *const sources[] = { "kiosk", "kiosk", "written", "email", "verbal" };
  const char *source = PICK (gen->rand, sources);
  sqlite3_stmt *stmt = _cf_store_prepare (gen->store,
      "INSERT INTO consents (id, student_id, third_party, granted, source, wording_version,"
      " verbal_note, recorded_by, recorded_at, withdraws_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      &gen->error);

  if (stmt == NULL)
    return FALSE;
  random_id (gen->rand, id);
  _cf_bind_text (stmt, 1, id);
  _cf_bind_text (stmt, 2, student->id);
  _cf_bind_text (stmt, 3, party);
  sqlite3_bind_int (stmt, 4, granted);
  _cf_bind_text (stmt, 5, source);
  _cf_bind_text (stmt, 6, g_str_equal (source, "kiosk")
                 ? (at < gen->day_start[HISTORY_DAYS / 2] ? "2020-1" : "2023-1") : NULL);
  _cf_bind_text (stmt, 7, g_str_equal (source, "verbal") ? "Agreed on the phone" : NULL);
  _cf_bind_text (stmt, 8, PICK (gen->rand, gen->advisers));
  sqlite3_bind_int64 (stmt, 9, at);
  _cf_bind_text (stmt, 10, withdraws_id);
  return _cf_store_step_done (gen->store, stmt, &gen->error);
}

/* About one student in seven lets the service act with a third party;
 * a few later withdraw it. */
static gboolean
add_consents (Generator *gen)
{
  if (!insert_wording (gen, "2020-1", gen->day_start[0]) ||
      !insert_wording (gen, "2023-1", gen->day_start[HISTORY_DAYS / 2]))
    return FALSE;
  for (guint i = 0; i < N_STUDENTS; i++)
    {
      const Student *student = &gen->students[i];
      guint n = CHANCE (gen->rand, 15) ? g_rand_int_range (gen->rand, 1, 3) : 0;

      for (guint k = 0; k < n; k++)
        {
          const char *party = PICK (gen->rand, third_parties);
          gint64 at = random_between (gen->rand, student->created_at, student->created_at + 30 * DAY);
          Id id, withdrawal;

          if (!insert_consent (gen, student, party, CHANCE (gen->rand, 90), MIN (at, gen->now), NULL, id) ||
              (CHANCE (gen->rand, 5) &&
               !insert_consent (gen, student, party, FALSE, MIN (at + 60 * DAY, gen->now), id, withdrawal)))
            return FALSE;
        }
    }
  return TRUE;
}

/* Every student has a first case; the rest go half to a fifth of the
 * students, who come back again and again. */
static void
plan_cases (Generator *gen)
{
  gen->cases = g_new0 (Case, N_CASES);
  for (guint i = 0; i < N_CASES; i++)
    {
      Case *c = &gen->cases[i];
      const Student *student;

      if (i < N_STUDENTS)
        c->student = i;
      else if (CHANCE (gen->rand, 50))
        c->student = g_rand_int_range (gen->rand, 0, N_STUDENTS / 5) * 5;
      else
        c->student = g_rand_int_range (gen->rand, 0, N_STUDENTS);
      student = &gen->students[c->student];
      c->opened_at = i < N_STUDENTS
        ? student->created_at + g_rand_int_range (gen->rand, 0, 2 * DAY)
        : random_between (gen->rand, student->created_at, MIN (student->created_at + 3 * YEAR, gen->now));
      c->opened_at = MIN (c->opened_at, gen->now - 3600);
      c->adviser = g_rand_int_range (gen->rand, 0, N_ADVISERS);
      if (c->opened_at + DAY < gen->now &&
          (c->opened_at + 120 * DAY < gen->now || CHANCE (gen->rand, 50)))
        c->resolved_at = random_between (gen->rand, c->opened_at + DAY,
                                         MIN (c->opened_at + 120 * DAY, gen->now));
    }
}

static int
compare_cases (gconstpointer a,
               gconstpointer b)
{
  const Case *x = a, *y = b;

  if (x->opened_at != y->opened_at)
    return (x->opened_at > y->opened_at) - (x->opened_at < y->opened_at);
  if (x->student != y->student)
    return (x->student > y->student) - (x->student < y->student);
  if (x->resolved_at != y->resolved_at)
    return (x->resolved_at > y->resolved_at) - (x->resolved_at < y->resolved_at);
  return (x->adviser > y->adviser) - (x->adviser < y->adviser);
}

static gboolean
insert_case (Generator *gen,
             Case      *c)
{
  const Student *student = &gen->students[c->student];
  sqlite3_stmt *stmt = _cf_store_prepare (gen->store,
      "INSERT INTO cases (id, student_id, topic, status, adviser_id, opened_at, resolved_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)", &gen->error);

  if (stmt == NULL)
    return FALSE;
  random_id (gen->rand, c->id);
  _cf_bind_text (stmt, 1, c->id);
  _cf_bind_text (stmt, 2, student->id);
  _cf_bind_text (stmt, 3, PICK (gen->rand, topics));
  _cf_bind_text (stmt, 4, c->resolved_at ? "resolved" : "open");
  _cf_bind_text (stmt, 5, gen->advisers[c->adviser]);
  sqlite3_bind_int64 (stmt, 6, c->opened_at);
  if (c->resolved_at)
    sqlite3_bind_int64 (stmt, 7, c->resolved_at);
  return _cf_store_step_done (gen->store, stmt, &gen->error) &&
         record_change (gen, "case", c->id, case_fields) &&
         audit (gen, gen->advisers[c->adviser], "case-opened", student->id, c->id);
}

static gboolean
add_cases (Generator *gen)
{
  plan_cases (gen);
  qsort (gen->cases, N_CASES, sizeof (Case), compare_cases);
  for (guint i = 0; i < N_CASES; i++)
    if (!insert_case (gen, &gen->cases[i]))
      return FALSE;
  progress (gen, "cases", N_CASES, N_CASES);
  return TRUE;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const PlannedEntry *x = a, *y = b;

  if (x->at != y->at)
    return (x->at > y->at) - (x->at < y->at);
  return (x->order > y->order) - (x->order < y->order);
}

/* One entry opens each case; the rest fall at random within open cases,
 * then all are written in time order, so one student's entries lie
 * scattered through the table as they do after six years of use. */
static PlannedEntry *
plan_entries (Generator *gen)
{
  PlannedEntry *plan = g_new (PlannedEntry, N_ENTRIES);

  for (guint i = 0; i < N_ENTRIES; i++)
    {
      guint ci = i < N_CASES ? i : (guint) g_rand_int_range (gen->rand, 0, N_CASES);
      const Case *c = &gen->cases[ci];
      gint64 end = c->resolved_at ? c->resolved_at : MIN (c->opened_at + 180 * DAY, gen->now);

      plan[i].case_index = ci;
      plan[i].order = i;
      plan[i].at = i < N_CASES ? c->opened_at + 600 : random_between (gen->rand, c->opened_at, end);
    }
  qsort (plan, N_ENTRIES, sizeof (PlannedEntry), compare_entries);
  return plan;
}

static void
bind_entry_kind (Generator    *gen,
                 sqlite3_stmt *stmt)
{
  int roll = g_rand_int_range (gen->rand, 0, 100);

  _cf_bind_text (stmt, 4, roll < 55 ? "note" : roll < 85 ? "advice" : "action");
  _cf_bind_text (stmt, 6, roll >= 85 && CHANCE (gen->rand, 50) ? PICK (gen->rand, third_parties) : NULL);
}

static gboolean
insert_entry (Generator          *gen,
              const PlannedEntry *planned)
{
  Case *c = &gen->cases[planned->case_index];
  const char *author = CHANCE (gen->rand, 80) ? gen->advisers[c->adviser] : PICK (gen->rand, gen->advisers);
  const char *student_id = gen->students[c->student].id;
  sqlite3_stmt *stmt = _cf_store_prepare (gen->store,
      "INSERT INTO case_entries (id, case_id, student_id, kind, body, third_party, author_id,"
      " created_at, corrects_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &gen->error);
  Id id;

  if (stmt == NULL)
    return FALSE;
  random_id (gen->rand, id);
  bench_office_write_text (gen->rand, gen->text);
  _cf_bind_text (stmt, 1, id);
  _cf_bind_text (stmt, 2, c->id);
  _cf_bind_text (stmt, 3, student_id);
  bind_entry_kind (gen, stmt);
  sqlite3_bind_text (stmt, 5, gen->text->str, gen->text->len, SQLITE_STATIC);
  _cf_bind_text (stmt, 7, author);
  sqlite3_bind_int64 (stmt, 8, planned->at);
  _cf_bind_text (stmt, 9, c->last_entry[0] && CHANCE (gen->rand, 1) ? c->last_entry : NULL);
  if (!_cf_store_step_done (gen->store, stmt, &gen->error))
    return FALSE;
  memcpy (c->last_entry, id, sizeof (Id));
  return record_change (gen, "case_entry", id, NULL) &&
         audit (gen, author, "entry-added", student_id, id);
}

static gboolean
add_entries (Generator *gen)
{
  g_autofree PlannedEntry *plan = plan_entries (gen);

  for (guint i = 0; i < N_ENTRIES; i++)
    {
      if (!insert_entry (gen, &plan[i]))
        return FALSE;
      if ((i + 1) % 100000 == 0)
        progress (gen, "case entries", i + 1, N_ENTRIES);
    }
  return TRUE;
}

/* How many students arrived before @time (they are in arrival order). */
static guint
count_arrived (Generator *gen,
               gint64     time)
{
  guint lo = 0, hi = N_STUDENTS;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (gen->students[mid].created_at < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* A student whose record exists by then (bookings come up to a fortnight
 * ahead of the record) and who arrived less than four years before. */
static const Student *
pick_student (Generator *gen,
              gint64     start)
{
  guint last = MAX (count_arrived (gen, start + 14 * DAY), 1);
  guint first = MIN (count_arrived (gen, start - 4 * YEAR), last - 1);

  return &gen->students[g_rand_int_range (gen->rand, first, last)];
}

static const char *
appointment_status (Generator *gen,
                    gint64     start)
{
  int roll = g_rand_int_range (gen->rand, 0, 100);

  if (start > gen->now)
    return "booked";
  return roll < 80 ? "seen" : roll < 88 ? "no-show" : "cancelled";
}

static gboolean
insert_appointment (Generator *gen,
                    guint      adviser,
                    gint64     start)
{
  const Student *student = pick_student (gen, start);
  const char *mode = PICK (gen->rand, modes);
  gint64 end = start + g_rand_int_range (gen->rand, 2, 5) * 15 * 60;
  gint64 booked = MAX (start - g_rand_int_range (gen->rand, 1, 22) * DAY, student->created_at);
  const char *status = appointment_status (gen, start);
  g_autofree char *room = g_strdup_printf ("Advice room %d", g_rand_int_range (gen->rand, 1, 7));
  sqlite3_stmt *stmt = _cf_store_prepare (gen->store,
      "INSERT INTO appointments (id, student_id, adviser_id, start_at, end_at, mode, topic,"
      " room, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &gen->error);
  Id id;

  if (stmt == NULL)
    return FALSE;
  random_id (gen->rand, id);
  _cf_bind_text (stmt, 1, id);
  _cf_bind_text (stmt, 2, student->id);
  _cf_bind_text (stmt, 3, gen->advisers[adviser]);
  sqlite3_bind_int64 (stmt, 4, start);
  sqlite3_bind_int64 (stmt, 5, end);
  _cf_bind_text (stmt, 6, mode);
  _cf_bind_text (stmt, 7, PICK (gen->rand, topics));
  _cf_bind_text (stmt, 8, g_str_equal (mode, "in-person") ? room : NULL);
  _cf_bind_text (stmt, 9, status);
  sqlite3_bind_int64 (stmt, 10, booked);
  sqlite3_bind_int64 (stmt, 11, g_str_equal (status, "booked") ? booked : start);
  return _cf_store_step_done (gen->store, stmt, &gen->error) &&
         record_change (gen, "appointment", id, appointment_fields) &&
         audit (gen, gen->advisers[adviser], "appointment-booked", student->id, id);
}

/* Each adviser sees 5 to 9 students a day in hourly slots, every day. */
static gboolean
add_adviser_day (Generator *gen,
                 guint      day,
                 guint      adviser)
{
  guint slots[N_SLOTS];
  guint n = g_rand_int_range (gen->rand, MIN_PER_DAY, MAX_PER_DAY + 1);

  for (guint s = 0; s < N_SLOTS; s++)
    slots[s] = s;
  for (guint s = 0; s < n; s++)
    {
      guint pick = g_rand_int_range (gen->rand, s, N_SLOTS), chosen = slots[pick];

      slots[pick] = slots[s];
      slots[s] = chosen;
      if (!insert_appointment (gen, adviser,
                               gen->day_start[day] + (FIRST_HOUR + chosen) * 3600))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_appointments (Generator *gen)
{
  for (guint day = 0; day < HISTORY_DAYS; day++)
    {
      for (guint adviser = 0; adviser < N_ADVISERS; adviser++)
        if (!add_adviser_day (gen, day, adviser))
          return FALSE;
      if ((day + 1) % 365 == 0)
        progress (gen, "days of appointments", day + 1, HISTORY_DAYS);
    }
  return TRUE;
}

static gboolean
add_conflicts (Generator *gen)
{
  for (guint i = 0; i < N_CONFLICTS; i++)
    {
      const Student *student = &gen->students[g_rand_int_range (gen->rand, 0, N_STUDENTS)];
      sqlite3_stmt *stmt = _cf_store_prepare (gen->store,
          "INSERT OR IGNORE INTO conflicts (id, adviser_id, student_id, declared_at)"
          " VALUES (?, ?, ?, ?)", &gen->error);
      Id id;

      if (stmt == NULL)
        return FALSE;
      random_id (gen->rand, id);
      _cf_bind_text (stmt, 1, id);
      _cf_bind_text (stmt, 2, PICK (gen->rand, gen->advisers));
      _cf_bind_text (stmt, 3, student->id);
      sqlite3_bind_int64 (stmt, 4, student->created_at);
      if (!_cf_store_step_done (gen->store, stmt, &gen->error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_records (Generator *gen)
{
  return add_advisers (gen) && add_students (gen) && add_consents (gen) &&
         add_cases (gen) && add_entries (gen) && add_appointments (gen) &&
         add_conflicts (gen);
}

/* Bulk loading only: no rollback journal and no syncs (an interrupted run
 * leaves no "complete" marker, so it is rebuilt), and a page cache the
 * whole database fits in.  The store's own settings come back after. */
static const char bulk_pragmas[] =
  "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA secure_delete = OFF;"
  "PRAGMA cache_size = -3145728;";
static const char store_pragmas[] =
  "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;"
  "PRAGMA cache_size = -65536;";

static gpointer
generate (gpointer data)
{
  Generator *gen = data;
  g_autoptr(CfStoreLock) lock = _cf_store_lock (gen->store);

  if (!_cf_store_exec (gen->store, bulk_pragmas, &gen->error) ||
      !_cf_store_begin (gen->store, &gen->error))
    return NULL;
  /* Entries and students written in bulk are indexed in bulk: the index
   * is kept by code, not a trigger (see shared/store/cf-fts-private.h). */
  if (!add_records (gen) ||
      !_cf_store_exec (gen->store,
                       "INSERT INTO case_entries_fts (case_entries_fts) VALUES ('rebuild');"
                       "INSERT INTO students_fts (students_fts) VALUES ('rebuild');",
                       &gen->error) ||
      !_cf_store_commit (gen->store, &gen->error))
    {
      _cf_store_rollback (gen->store);
      return NULL;
    }
  if (_cf_store_exec (gen->store, store_pragmas, &gen->error))
    g_printerr ("bench-store: %s: done in %.0f s\n", gen->label,
                (g_get_monotonic_time () - gen->started) / (double) G_USEC_PER_SEC);
  return NULL;
}

static Generator *
generator_new (const char *label,
               CfStore    *store,
               const char *manager_id,
               GTimeZone  *zone,
               GDate      *anchor)
{
  Generator *gen = g_new0 (Generator, 1);
  g_autoptr(GDateTime) midnight = g_date_time_new (zone, g_date_get_year (anchor),
                                                   g_date_get_month (anchor),
                                                   g_date_get_day (anchor), 0, 0, 0);

  gen->label = label;
  gen->store = store;
  gen->rand = g_rand_new_with_seed (SEED);
  gen->manager_id = manager_id;
  gen->text = g_string_new (NULL);
  gen->started = g_get_monotonic_time ();
  for (int k = 0; k <= HISTORY_DAYS; k++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (midnight, k - TODAY_INDEX);
      gen->day_start[k] = g_date_time_to_unix (day);
    }
  /* Midday of the day of generation: the data depends on the date only. */
  gen->now = gen->day_start[TODAY_INDEX] + 12 * 3600;
  return gen;
}

static void
generator_free (Generator *gen)
{
  g_rand_free (gen->rand);
  g_string_free (gen->text, TRUE);
  g_free (gen->students);
  g_free (gen->cases);
  g_clear_error (&gen->error);
  g_free (gen);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Generator, generator_free)

static char *
marker_path (BenchOffice *office)
{
  return g_build_filename (office->folder, "complete", NULL);
}

static GDate *
date_today (GTimeZone *zone)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);

  return g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                         g_date_time_get_year (now));
}

static gboolean
today_in_window (GTimeZone *zone,
                 GDate     *anchor)
{
  g_autoptr(GDate) today = date_today (zone);
  int days = g_date_days_between (anchor, today);

  return days >= 0 && days < BOOKED_AHEAD_DAYS;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* Schema steps may still change before a release: a cache made with other
 * steps is rebuilt. */
static char *
schema_fingerprint (void)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_auto(GStrv) names = g_resource_enumerate_children (cf_get_resource (), SCHEMA_FOLDER, 0, NULL);

  if (names != NULL)
    qsort (names, g_strv_length (names), sizeof (char *), compare_strings);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (SCHEMA_FOLDER, names[i], NULL);
      g_autoptr(GBytes) step = g_resource_lookup_data (cf_get_resource (), path, 0, NULL);

      g_checksum_update (sum, (const guchar *) names[i], -1);
      if (step != NULL)
        g_checksum_update (sum, g_bytes_get_data (step, NULL), g_bytes_get_size (step));
    }
  return g_strdup (g_checksum_get_string (sum));
}

/* Usable when generated completely, by this generator, on these schema
 * steps, and recently enough that today lies within the booked days. */
static gboolean
cache_is_fresh (BenchOffice *office)
{
  g_autofree char *path = marker_path (office);
  g_autoptr(GKeyFile) marker = g_key_file_new ();
  g_autofree char *anchor_text = NULL, *zone_id = NULL, *schema = NULL, *fingerprint = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDate) anchor = NULL;
  int year, month, day;

  if (!g_key_file_load_from_file (marker, path, G_KEY_FILE_NONE, NULL) ||
      g_key_file_get_integer (marker, "office", "generator", NULL) != GENERATOR_VERSION)
    return FALSE;
  schema = g_key_file_get_string (marker, "office", "schema", NULL);
  fingerprint = schema_fingerprint ();
  anchor_text = g_key_file_get_string (marker, "office", "anchor", NULL);
  zone_id = g_key_file_get_string (marker, "office", "time-zone", NULL);
  zone = zone_id ? g_time_zone_new_identifier (zone_id) : NULL;
  if (g_strcmp0 (schema, fingerprint) != 0 || anchor_text == NULL || zone == NULL ||
      sscanf (anchor_text, "%d-%d-%d", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
  anchor = g_date_new_dmy (day, month, year);
  return today_in_window (zone, anchor);
}

static gboolean
write_marker (BenchOffice *office,
              GTimeZone   *zone,
              GDate       *anchor,
              GError     **error)
{
  g_autofree char *path = marker_path (office);
  g_autofree char *fingerprint = schema_fingerprint ();
  g_autoptr(GKeyFile) marker = g_key_file_new ();
  char anchor_text[16];

  g_date_strftime (anchor_text, sizeof anchor_text, "%Y-%m-%d", anchor);
  g_key_file_set_integer (marker, "office", "generator", GENERATOR_VERSION);
  g_key_file_set_string (marker, "office", "schema", fingerprint);
  g_key_file_set_string (marker, "office", "anchor", anchor_text);
  g_key_file_set_string (marker, "office", "time-zone", g_time_zone_get_identifier (zone));
  return g_key_file_save_to_file (marker, path, error);
}

static void
empty_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_unlink (path);
    }
}

static char *
sync_dir (BenchOffice *office)
{
  return g_build_filename (office->folder, "sync", NULL);
}

static void
remove_generated (BenchOffice *office)
{
  g_autofree char *marker = marker_path (office);
  g_autofree char *sync_folder = sync_dir (office);

  g_unlink (marker);
  empty_folder (office->encrypted_dir);
  empty_folder (office->plain_dir);
  empty_folder (sync_folder);
}

/* Everything but full-text indexes, which are empty here and rebuilt by
 * their triggers. */
static GPtrArray *
list_tables (CfStore *store,
             GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
      " AND name NOT LIKE '%fts%' ORDER BY name", error);

  if (stmt == NULL)
    return NULL;
  if (!_cf_store_collect (store, stmt, names, error))
    return NULL;
  return g_steal_pointer (&names);
}

/* The office's secrets stay out of the unencrypted twin: none of the
 * measured calls reads them. */
static gboolean
copy_table (CfStore    *store,
            const char *table,
            GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO twin.\"%s\" SELECT * FROM main.\"%s\"%s",
      table, table, g_str_equal (table, "settings")
      ? " WHERE key NOT LIKE '%secret%' AND key NOT LIKE '%key%'" : "");

  return _cf_store_exec (store, sql, error);
}

static gboolean
attach_twin (CfStore    *store,
             const char *path,
             GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store, "ATTACH DATABASE ? AS twin KEY ''", error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, path);
  return _cf_store_step_done (store, stmt, error);
}

/* The twin starts as the office did, row for row (ids, manager, machine,
 * audit chain), whatever tables the schema has by now. */
static gboolean
mirror_first_records (CfStore    *store,
                      const char *twin_path,
                      GError    **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(GPtrArray) tables = list_tables (store, error);
  gboolean ok;

  if (tables == NULL || !attach_twin (store, twin_path, error))
    return FALSE;
  /* Tables are copied in name order, so a reference may come before what
   * it refers to (grants before users): copies of rows that held together
   * still do, and SQLite 3.15 does not settle a deferred reference across
   * attached files. */
  ok = _cf_store_exec (store, "PRAGMA foreign_keys = OFF", error) && _cf_store_begin (store, error);
  for (guint i = 0; ok && i < tables->len; i++)
    ok = copy_table (store, g_ptr_array_index (tables, i), error);
  if (ok)
    ok = _cf_store_commit (store, error);
  else
    _cf_store_rollback (store);
  ok = _cf_store_exec (store, "PRAGMA foreign_keys = ON", ok ? error : NULL) && ok;
  return _cf_store_exec (store, "DETACH DATABASE twin", ok ? error : NULL) && ok;
}

static CfStore *
create_plain_twin (BenchOffice *office,
                   CfSession   *session,
                   GError     **error)
{
  g_autofree char *database = cf_data_dir_database (office->plain_dir);
  g_autoptr(CfStore) plain = cf_store_open_unencrypted (database, error);

  if (plain == NULL || !mirror_first_records (cf_session_get_store (session), database, error))
    return NULL;
  return g_steal_pointer (&plain);
}

/* Both databases at once, one per core, each from its own generator with
 * the same seed: the same records, written the same way. */
static gboolean
fill_both (CfSession *session,
           CfStore   *plain,
           GTimeZone *zone,
           GDate     *anchor,
           GError   **error)
{
  CfStore *store = cf_session_get_store (session);
  const char *manager_id = cf_session_get_user_id (session);
  g_autoptr(Generator) encrypted = generator_new ("encrypted", store, manager_id, zone, anchor);
  g_autoptr(Generator) unencrypted = generator_new ("plain", plain, manager_id, zone, anchor);
  GThread *thread = g_thread_new ("bench-generate", generate, encrypted);

  generate (unencrypted);
  g_thread_join (thread);
  if (encrypted->error != NULL)
    g_propagate_error (error, g_steal_pointer (&encrypted->error));
  else if (unencrypted->error != NULL)
    g_propagate_error (error, g_steal_pointer (&unencrypted->error));
  else
    return TRUE;
  return FALSE;
}

/* Fills the new office and its twin; both are closed on return. */
static gboolean
fill_office (BenchOffice *office,
             GTimeZone  **zone,
             GDate      **anchor,
             GError     **error)
{
  g_autoptr(CfSession) session = NULL;
  g_autoptr(CfStore) plain = NULL;

  session = cf_session_sign_in (office->encrypted_dir, MANAGER, PASSPHRASE, error);
  if (session == NULL || (plain = create_plain_twin (office, session, error)) == NULL)
    return FALSE;
  *zone = cf_office_get_time_zone (session);
  *anchor = date_today (*zone);
  return fill_both (session, plain, *zone, *anchor, error);
}

/* Bulk loading wrote without syncing: flush it now, so the benchmark that
 * follows does not time its commits against gigabytes of write-back. */
static gboolean
sync_database (const char *data_dir,
               GError    **error)
{
  g_autofree char *path = cf_data_dir_database (data_dir);
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  int saved_errno;

  if (fd >= 0 && fsync (fd) == 0)
    return g_close (fd, error);
  saved_errno = errno;
  if (fd >= 0)
    g_close (fd, NULL);
  cf_files_set_errno_error (error, saved_errno, path);
  return FALSE;
}

static gboolean
generate_office (BenchOffice *office,
                 GError     **error)
{
  g_autofree char *sync_folder = sync_dir (office);
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDate) anchor = NULL;

  g_printerr ("bench-store: generating the six-year office in %s (once; takes a few minutes)\n",
              office->folder);
  remove_generated (office);
  return cf_office_create (office->encrypted_dir, sync_folder, "Bench Office", MANAGER, PASSPHRASE, error) &&
         fill_office (office, &zone, &anchor, error) &&
         sync_database (office->encrypted_dir, error) &&
         sync_database (office->plain_dir, error) &&
         write_marker (office, zone, anchor, error);
}

BenchOffice *
bench_office_ensure (const char *cache_root,
                     GError    **error)
{
  g_autoptr(BenchOffice) office = g_new0 (BenchOffice, 1);
  g_autofree char *version = g_strdup_printf ("store-v%d", cf_store_latest_schema_version ());
  g_autofree char *sync_folder = NULL;

  g_return_val_if_fail (cache_root != NULL, NULL);

  office->folder = g_build_filename (cache_root, version, NULL);
  office->encrypted_dir = g_build_filename (office->folder, "encrypted", NULL);
  office->plain_dir = g_build_filename (office->folder, "plain", NULL);
  sync_folder = sync_dir (office);
  if (!cf_files_ensure_folder (office->encrypted_dir, error) ||
      !cf_files_ensure_folder (office->plain_dir, error) ||
      !cf_files_ensure_folder (sync_folder, error))
    return NULL;
  if (!cache_is_fresh (office) && !generate_office (office, error))
    return NULL;
  return g_steal_pointer (&office);
}

void
bench_office_free (BenchOffice *office)
{
  if (office == NULL)
    return;
  g_free (office->folder);
  g_free (office->encrypted_dir);
  g_free (office->plain_dir);
  g_free (office);
}

CfSession *
bench_office_sign_in (BenchOffice *office,
                      gboolean     encrypted,
                      GError     **error)
{
  g_autofree char *database = cf_data_dir_database (office->plain_dir);
  g_autoptr(CfStore) plain = NULL;

  if (encrypted)
    return cf_session_sign_in (office->encrypted_dir, MANAGER, PASSPHRASE, error);
  plain = cf_store_open_unencrypted (database, error);
  if (plain == NULL)
    return NULL;
  return _cf_session_new_for_store (office->plain_dir, plain, NULL, MANAGER, error);
}
