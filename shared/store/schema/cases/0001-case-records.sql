-- SPDX-License-Identifier: GPL-3.0-or-later
-- The case database, version 1: everything about students, in a file of its
-- own, encrypted under a key that only the case key unwraps (design.md,
-- "Keys").  It is attached to the office database, which holds the users,
-- the roster, the settings, the sync bookkeeping and the audit log, so an
-- administrator, who holds the office key only, opens no part of it.
--
-- The tables are those of the office schema at its version 10, as they were
-- there, but for one thing: SQLite checks a foreign key only within one
-- file, so a reference to a user or to a consent wording (office data) is a
-- plain column here.  The library keeps those ids right.

CREATE TABLE students (
  id                  TEXT PRIMARY KEY,
  name                TEXT,            -- NULL for a student who stays anonymous
  preferred_name      TEXT,
  student_number      TEXT,
  college             TEXT,
  faculty             TEXT,
  email               TEXT,
  phone               TEXT,
  access_code_hash    TEXT,            -- anonymous students quote a random code
  service_group       TEXT,            -- e.g. a women's service the student self-defines into
  removed_from_course INTEGER NOT NULL DEFAULT 0 CHECK (removed_from_course IN (0, 1)),
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
, clocks TEXT NOT NULL DEFAULT '', removed_reason TEXT, removed_by     TEXT, removed_at     INTEGER);
CREATE INDEX students_number ON students (student_number);
CREATE INDEX students_name ON students (name COLLATE NOCASE);
CREATE INDEX students_removed ON students (removed_from_course) WHERE removed_from_course = 1;
CREATE TABLE monitoring (
  student_id    TEXT PRIMARY KEY REFERENCES students (id) ON DELETE CASCADE,
  date_of_birth TEXT,                  -- YYYY-MM-DD, or NULL for "prefer not to say"
  gender        TEXT,
  ethnicity     TEXT,
  recorded_at   INTEGER NOT NULL
, clocks TEXT NOT NULL DEFAULT '');
CREATE TABLE cases (
  id          TEXT PRIMARY KEY,
  student_id  TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  topic       TEXT,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  adviser_id  TEXT,
  opened_at   INTEGER NOT NULL,
  resolved_at INTEGER
, clocks TEXT NOT NULL DEFAULT '', outcome TEXT);
CREATE INDEX cases_student ON cases (student_id, opened_at);
CREATE TABLE consents (
  id              TEXT PRIMARY KEY,
  student_id      TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  third_party     TEXT NOT NULL,
  granted         INTEGER NOT NULL CHECK (granted IN (0, 1)),
  source          TEXT NOT NULL CHECK (source = 'kiosk' OR source = 'written' OR source = 'email' OR source = 'verbal'),
  wording_version TEXT,
  verbal_note     TEXT,                -- the nature of a verbal permission
  recorded_by     TEXT,
  recorded_at     INTEGER NOT NULL,
  withdraws_id    TEXT REFERENCES consents (id)
);
CREATE INDEX consents_student ON consents (student_id, third_party, recorded_at);
CREATE TRIGGER consents_append_only BEFORE UPDATE ON consents
BEGIN SELECT RAISE (ABORT, 'consents are append-only'); END;
CREATE TABLE appointments (
  id                TEXT PRIMARY KEY,
  student_id        TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  adviser_id        TEXT,
  start_at          INTEGER NOT NULL,
  end_at            INTEGER NOT NULL CHECK (end_at > start_at),
  mode              TEXT NOT NULL DEFAULT 'in-person' CHECK (mode = 'in-person' OR mode = 'phone' OR mode = 'video'),
  topic             TEXT,
  room              TEXT,
  status            TEXT NOT NULL DEFAULT 'booked'
                    CHECK (status = 'booked' OR status = 'arrived' OR status = 'seen' OR status = 'no-show'
                           OR status = 'cancelled'),
  booking_code_hash TEXT,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
, clocks TEXT NOT NULL DEFAULT '');
CREATE INDEX appointments_adviser_start ON appointments (adviser_id, start_at);
CREATE INDEX appointments_start ON appointments (start_at);
CREATE INDEX appointments_student ON appointments (student_id, start_at);
CREATE TABLE security_notices (
  id          TEXT PRIMARY KEY,
  exported_by TEXT,
  exported_at INTEGER NOT NULL,
  range_from  TEXT NOT NULL,
  range_to    TEXT NOT NULL,
  format      TEXT NOT NULL
);
CREATE TABLE security_notice_items (
  id             TEXT NOT NULL UNIQUE DEFAULT (lower (hex (randomblob (16)))),
  notice_id      TEXT NOT NULL REFERENCES security_notices (id) ON DELETE CASCADE,
  appointment_id TEXT NOT NULL,
  student_id     TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  start_at       INTEGER NOT NULL,
  end_at         INTEGER NOT NULL,
  PRIMARY KEY (notice_id, appointment_id)
) WITHOUT ROWID;
CREATE INDEX security_notice_items_student ON security_notice_items (student_id);
CREATE TABLE tickets (
  id             TEXT PRIMARY KEY,
  code           TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('drop-in', 'appointment')),
  topic          TEXT,
  waiting_since  INTEGER NOT NULL,
  status         TEXT NOT NULL DEFAULT 'waiting'
                 CHECK (status = 'waiting' OR status = 'called' OR status = 'seen' OR status = 'no-show'
                        OR status = 'closed'),
  student_id     TEXT REFERENCES students (id) ON DELETE SET NULL,
  appointment_id TEXT REFERENCES appointments (id) ON DELETE SET NULL,
  adviser_id     TEXT,
  called_at      INTEGER,
  submission     TEXT                  -- the kiosk's submission, opened by a desk
, clocks TEXT NOT NULL DEFAULT '');
CREATE INDEX tickets_status ON tickets (status, waiting_since);
CREATE TABLE breaches (
  id               TEXT PRIMARY KEY,
  student_id       TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  outline          TEXT NOT NULL,
  reason           TEXT NOT NULL,
  ground           TEXT NOT NULL CHECK (ground = 'risk-to-student' OR ground = 'risk-to-others' OR ground = 'terrorism'
                     OR ground = 'money-laundering' OR ground = 'safeguarding-children'
                     OR ground = 'other-legal-duty'),
  legal_reference  TEXT,
  consulted        TEXT NOT NULL,
  purpose          TEXT NOT NULL,
  disclosed_to     TEXT NOT NULL,
  student_informed TEXT NOT NULL CHECK (student_informed = 'told' OR student_informed = 'consent-asked'
                                   OR student_informed = 'not-told'),
  informed_at      INTEGER,
  author_id        TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  corrects_id      TEXT REFERENCES breaches (id)
, grounds TEXT, unconsulted_reason TEXT);
CREATE INDEX breaches_student ON breaches (student_id, created_at);
CREATE TRIGGER breaches_append_only BEFORE UPDATE ON breaches
BEGIN SELECT RAISE (ABORT, 'breach records are append-only'); END;
CREATE TABLE conflicts (
  id          TEXT PRIMARY KEY,
  adviser_id  TEXT NOT NULL,
  student_id  TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  declared_at INTEGER NOT NULL,
  note        TEXT
);
CREATE INDEX conflicts_adviser_student ON conflicts (adviser_id, student_id);
CREATE TRIGGER students_fts_delete BEFORE DELETE ON students
BEGIN DELETE FROM students_fts WHERE docid = old.rowid; END;
CREATE TRIGGER students_fts_before_update
  BEFORE UPDATE OF name, preferred_name, student_number, email ON students
BEGIN DELETE FROM students_fts WHERE docid = old.rowid; END;
CREATE TRIGGER students_fts_after_update
  AFTER UPDATE OF name, preferred_name, student_number, email ON students
BEGIN INSERT INTO students_fts (docid, name, preferred_name, student_number, email)
      VALUES (new.rowid, new.name, new.preferred_name, new.student_number, new.email); END;
CREATE TABLE case_entries (
  id          TEXT PRIMARY KEY,
  case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  student_id  TEXT NOT NULL,           -- the case's student
  kind        TEXT NOT NULL CHECK (kind = 'note' OR kind = 'advice' OR kind = 'action'),
  body        TEXT NOT NULL,
  third_party TEXT,                    -- for an action taken with a third party
  author_id   TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  corrects_id TEXT REFERENCES case_entries (id)
);
CREATE INDEX case_entries_case ON case_entries (case_id, created_at);
CREATE TRIGGER case_entries_append_only BEFORE UPDATE ON case_entries
BEGIN SELECT RAISE (ABORT, 'case entries are append-only'); END;
CREATE TRIGGER case_entries_fts_delete BEFORE DELETE ON case_entries
BEGIN DELETE FROM case_entries_fts WHERE docid = old.rowid; END;
CREATE VIRTUAL TABLE case_entries_fts USING fts4 (content='case_entries', body,
                                                  tokenize=unicode61, matchinfo=fts3);
CREATE VIRTUAL TABLE students_fts USING fts4 (content='students', name, preferred_name,
                                              student_number, email, tokenize=unicode61,
                                              matchinfo=fts3);
CREATE INDEX tickets_student ON tickets (student_id, waiting_since)
  WHERE student_id IS NOT NULL;
