-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 4: case entries belong to a student through their case.
--
-- An entry's student_id is the student of its case (cf-case-entries.c
-- writes it so, cf-replica.c refuses an entry whose case names another
-- student); it is kept on the entry for search and sync.  It no longer has
-- an index or a foreign key of its own: a timeline reads the student's
-- cases and their entries, and erasing a student removes the entries with
-- the cases.  The index cost every new or imported entry an insert at a
-- random place in a third B-tree, about a third of the cost of the row.
--
-- SQLite cannot drop a constraint, so the table is built again under its
-- own name, keeping every rowid: the search index refers to entries by
-- rowid.  The old table is renamed first so that the new one's reference
-- to corrected entries names the new table.
ALTER TABLE case_entries RENAME TO case_entries_v3;
CREATE TABLE case_entries (
  id          TEXT PRIMARY KEY,
  case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  student_id  TEXT NOT NULL,           -- the case's student
  kind        TEXT NOT NULL CHECK (kind IN ('note', 'advice', 'action')),
  body        TEXT NOT NULL,
  third_party TEXT,                    -- for an action taken with a third party
  author_id   TEXT NOT NULL REFERENCES users (id),
  created_at  INTEGER NOT NULL,
  corrects_id TEXT REFERENCES case_entries (id)
);
INSERT INTO case_entries (rowid, id, case_id, student_id, kind, body, third_party, author_id,
                          created_at, corrects_id)
  SELECT rowid, id, case_id, student_id, kind, body, third_party, author_id, created_at, corrects_id
  FROM case_entries_v3 ORDER BY rowid;
DROP TABLE case_entries_v3;

CREATE INDEX case_entries_case ON case_entries (case_id, created_at);
CREATE TRIGGER case_entries_append_only BEFORE UPDATE ON case_entries
BEGIN SELECT RAISE (ABORT, 'case entries are append-only'); END;
CREATE TRIGGER case_entries_fts_delete BEFORE DELETE ON case_entries
BEGIN DELETE FROM case_entries_fts WHERE docid = old.rowid; END;
