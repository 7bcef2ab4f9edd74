-- SPDX-License-Identifier: GPL-3.0-or-later
-- Case database: statistics that outlive the records.  Before a student's
-- records are destroyed, their contacts are folded into anonymous rows here
-- (cf-statistics.c says what a contact is and how each count is made), so a
-- report for a past year still adds up after a purge.
--
-- A row holds no student id, no case id, no exact day and no text a person
-- typed: a month, fixed codes, a topic only when it is one of the office's
-- fixed choices ('other' otherwise), and the student's college and faculty.
-- Rows are append-only and replicate with random ids and no student
-- column, so erasing the student leaves them; they carry no timestamp or
-- batch id, so the rows of one destruction are not tied together.
--
-- students and cases are 0 or 1 and a count: a student (a case) counts in
-- the row of its first contact of each month; student_since and case_since
-- are the month of the previous contact of that student (case), NULL for
-- none, so that a report over several months counts each one once.
CREATE TABLE folded_statistics (
  id            TEXT PRIMARY KEY,
  month         TEXT NOT NULL,         -- YYYY-MM, the contact's local month
  kind          TEXT NOT NULL CHECK (kind IN ('appointment', 'drop-in', 'other')),
  mode          TEXT,
  topic         TEXT,
  outcome       TEXT,
  college       TEXT,
  faculty       TEXT,
  gender        TEXT,
  ethnicity     TEXT,
  age_band      TEXT,
  students      INTEGER NOT NULL CHECK (students IN (0, 1)),
  student_since TEXT,
  cases         INTEGER NOT NULL CHECK (cases >= 0),
  case_since    TEXT,
  contacts      INTEGER NOT NULL CHECK (contacts > 0)
);
CREATE INDEX folded_statistics_month ON folded_statistics (month);
CREATE TRIGGER folded_statistics_append_only BEFORE UPDATE ON folded_statistics
BEGIN SELECT RAISE (ABORT, 'folded statistics are append-only'); END;
