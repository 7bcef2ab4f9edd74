-- SPDX-License-Identifier: GPL-3.0-or-later
-- Case schema step 4: a hold keeps a student's records past the day the
-- retention rule makes them due.  One row a student, kept when released
-- (released_at set) so the reason stays with the hold; it replicates as the
-- kind "hold" and goes with the student when they are destroyed.
CREATE TABLE retention_holds (
  student_id  TEXT PRIMARY KEY REFERENCES students (id) ON DELETE CASCADE,
  reason      TEXT,
  held_by     TEXT,
  held_at     INTEGER,
  released_at INTEGER,
  clocks      TEXT NOT NULL DEFAULT ''
);

