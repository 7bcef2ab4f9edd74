-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 3: fewer pages written per change.

-- A kiosk's visit is committed by writing one page.  The outbox numbers
-- only order the visits waiting to be sent, so they need no sqlite_sequence
-- row to update; and each visit carries its clock stamp, so the commit need
-- not rewrite the settings page as well.  The stamp moves to the settings
-- when the visit is sent (cf-kiosk.c).
CREATE TABLE kiosk_outbox_v3 (
  seq        INTEGER PRIMARY KEY,
  sealed     BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  stamp      TEXT NOT NULL DEFAULT ''
);
INSERT INTO kiosk_outbox_v3 (seq, sealed, created_at)
  SELECT seq, sealed, created_at FROM kiosk_outbox;
DROP TABLE kiosk_outbox;
ALTER TABLE kiosk_outbox_v3 RENAME TO kiosk_outbox;
DELETE FROM sqlite_sequence WHERE name = 'kiosk_outbox';

-- New students are indexed for search by code, as case entries are (see
-- step 2 and cf-fts.h): the trigger made every insert keep a statement
-- journal, most of the cost of importing a student.  A change re-indexes a
-- student only when a searched column changes.
DROP TRIGGER students_fts_insert;
DROP TRIGGER students_fts_before_update;
DROP TRIGGER students_fts_after_update;
CREATE TRIGGER students_fts_before_update
  BEFORE UPDATE OF name, preferred_name, student_number, email ON students
BEGIN DELETE FROM students_fts WHERE docid = old.rowid; END;
CREATE TRIGGER students_fts_after_update
  AFTER UPDATE OF name, preferred_name, student_number, email ON students
BEGIN INSERT INTO students_fts (docid, name, preferred_name, student_number, email)
      VALUES (new.rowid, new.name, new.preferred_name, new.student_number, new.email); END;
