-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 2: full-text search over case entries and student names.
-- FTS4 external-content tables index the text without storing it twice;
-- a BEFORE trigger removes the old terms while the row still holds them.

CREATE VIRTUAL TABLE case_entries_fts USING fts4 (content='case_entries', body, tokenize=unicode61);
INSERT INTO case_entries_fts (case_entries_fts) VALUES ('rebuild');

-- New entries are indexed by code (cf-fts.c), not by a trigger: a trigger
-- that writes a virtual table makes every insert keep a statement journal,
-- and SQLCipher encrypts each of its pages -- three times the cost of an
-- insert, on the path of every note and every imported entry.
CREATE TRIGGER case_entries_fts_delete BEFORE DELETE ON case_entries
BEGIN DELETE FROM case_entries_fts WHERE docid = old.rowid; END;

CREATE VIRTUAL TABLE students_fts USING fts4 (content='students', name, preferred_name,
                                              student_number, email, tokenize=unicode61);
INSERT INTO students_fts (students_fts) VALUES ('rebuild');

CREATE TRIGGER students_fts_insert AFTER INSERT ON students
BEGIN INSERT INTO students_fts (docid, name, preferred_name, student_number, email)
      VALUES (new.rowid, new.name, new.preferred_name, new.student_number, new.email); END;
CREATE TRIGGER students_fts_before_update BEFORE UPDATE ON students
BEGIN DELETE FROM students_fts WHERE docid = old.rowid; END;
CREATE TRIGGER students_fts_after_update AFTER UPDATE ON students
BEGIN INSERT INTO students_fts (docid, name, preferred_name, student_number, email)
      VALUES (new.rowid, new.name, new.preferred_name, new.student_number, new.email); END;
CREATE TRIGGER students_fts_delete BEFORE DELETE ON students
BEGIN DELETE FROM students_fts WHERE docid = old.rowid; END;
