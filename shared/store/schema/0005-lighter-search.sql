-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 5: the search indexes keep no per-document sizes.
--
-- FTS4 writes a row of term counts for every document it indexes, only for
-- matchinfo()'s length statistics (ranking).  Search here ranks by date and
-- shows snippets, which need neither, so matchinfo=fts3 leaves that table
-- out: about a fifth of the cost of indexing a new entry or student.  A
-- virtual table's options cannot be changed, so each index is built again
-- from its content table; the triggers name the tables, not their options,
-- and keep working.
DROP TABLE case_entries_fts;
CREATE VIRTUAL TABLE case_entries_fts USING fts4 (content='case_entries', body,
                                                  tokenize=unicode61, matchinfo=fts3);
INSERT INTO case_entries_fts (case_entries_fts) VALUES ('rebuild');

DROP TABLE students_fts;
CREATE VIRTUAL TABLE students_fts USING fts4 (content='students', name, preferred_name,
                                              student_number, email, tokenize=unicode61,
                                              matchinfo=fts3);
INSERT INTO students_fts (students_fts) VALUES ('rebuild');
