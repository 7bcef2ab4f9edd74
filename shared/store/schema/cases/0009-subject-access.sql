-- SPDX-License-Identifier: GPL-3.0-or-later
-- Case database, version 9: subject access (design.md, "The life of a
-- record").
--
-- withheld_passages: before a student's records are returned to them, a
-- passage that identifies someone else is withheld with a reason that is
-- kept.  A row names the record (record_id) and which part of it (part, a
-- field of the export; NULL for the whole record), and, to withhold only a
-- few words of that field, the words themselves (passage).  The export
-- shows "[withheld: reason]" in their place.  Append-only; it replicates
-- as the kind "withheld" and goes with the student when they are
-- destroyed.
CREATE TABLE withheld_passages (
  id          TEXT PRIMARY KEY,
  student_id  TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  record_id   TEXT NOT NULL,
  part        TEXT,
  passage     TEXT,
  reason      TEXT NOT NULL,
  withheld_by TEXT,
  withheld_at INTEGER NOT NULL
);
CREATE INDEX withheld_passages_student ON withheld_passages (student_id);
CREATE TRIGGER withheld_passages_append_only BEFORE UPDATE ON withheld_passages
BEGIN SELECT RAISE (ABORT, 'withheld passages are append-only'); END;

-- access_requests: the register of subject access requests.  received is
-- the day the request came (YYYY-MM-DD); the due day is computed from it
-- and extension_months (0, 1 or 2) by cf_access_request_due_day, never
-- stored, so the rule has one home.  Mutable (extended, done), merged
-- field by field as the kind "access_request".
CREATE TABLE access_requests (
  id               TEXT PRIMARY KEY,
  student_id       TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  received         TEXT NOT NULL,
  extension_months INTEGER NOT NULL DEFAULT 0 CHECK (extension_months BETWEEN 0 AND 2),
  extension_reason TEXT,
  done_at          INTEGER,
  recorded_by      TEXT,
  recorded_at      INTEGER NOT NULL,
  clocks           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_requests_student ON access_requests (student_id);
CREATE INDEX access_requests_open ON access_requests (received) WHERE done_at IS NULL;
