-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 1: the whole mission's records.  Never edit a released
-- step; add a new one.  Times are UTC seconds since the epoch; ids are
-- random UUIDs so records made on different machines never collide.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
  id                 TEXT PRIMARY KEY,
  name               TEXT NOT NULL,
  role               TEXT NOT NULL CHECK (role IN ('adviser', 'manager', 'admin')),
  restricted_service TEXT,             -- an officer who sees only this service's students
  credential         TEXT,             -- the user's key slot, replicated to every desk
  created_at         INTEGER NOT NULL,
  removed_at         INTEGER
);
-- Not unique: two desks may add the same name while apart, and replicas must
-- still converge.  Adding a user checks for a clash in code.
CREATE INDEX users_name ON users (name COLLATE NOCASE);

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
);
CREATE INDEX students_number ON students (student_number);
CREATE INDEX students_name ON students (name COLLATE NOCASE);
CREATE INDEX students_removed ON students (removed_from_course) WHERE removed_from_course = 1;

-- Sensitive monitoring data lives apart from the case record and is optional.
CREATE TABLE monitoring (
  student_id    TEXT PRIMARY KEY REFERENCES students (id) ON DELETE CASCADE,
  date_of_birth TEXT,                  -- YYYY-MM-DD, or NULL for "prefer not to say"
  gender        TEXT,
  ethnicity     TEXT,
  recorded_at   INTEGER NOT NULL
);

CREATE TABLE cases (
  id          TEXT PRIMARY KEY,
  student_id  TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  topic       TEXT,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  adviser_id  TEXT REFERENCES users (id),
  opened_at   INTEGER NOT NULL,
  resolved_at INTEGER
);
CREATE INDEX cases_student ON cases (student_id, opened_at);

CREATE TABLE case_entries (
  id          TEXT PRIMARY KEY,
  case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  student_id  TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('note', 'advice', 'action')),
  body        TEXT NOT NULL,
  third_party TEXT,                    -- for an action taken with a third party
  author_id   TEXT NOT NULL REFERENCES users (id),
  created_at  INTEGER NOT NULL,
  corrects_id TEXT REFERENCES case_entries (id)
);
CREATE INDEX case_entries_student ON case_entries (student_id, created_at);
CREATE INDEX case_entries_case ON case_entries (case_id, created_at);
CREATE TRIGGER case_entries_append_only BEFORE UPDATE ON case_entries
BEGIN SELECT RAISE (ABORT, 'case entries are append-only'); END;

-- The exact consent wording a student saw, kept by version.
CREATE TABLE consent_wordings (
  version      TEXT PRIMARY KEY,
  body         TEXT NOT NULL,
  published_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE consents (
  id              TEXT PRIMARY KEY,
  student_id      TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  third_party     TEXT NOT NULL,
  granted         INTEGER NOT NULL CHECK (granted IN (0, 1)),
  source          TEXT NOT NULL CHECK (source IN ('kiosk', 'written', 'email', 'verbal')),
  wording_version TEXT REFERENCES consent_wordings (version),
  verbal_note     TEXT,                -- the nature of a verbal permission
  recorded_by     TEXT REFERENCES users (id),
  recorded_at     INTEGER NOT NULL,
  withdraws_id    TEXT REFERENCES consents (id)
);
CREATE INDEX consents_student ON consents (student_id, third_party, recorded_at);
CREATE TRIGGER consents_append_only BEFORE UPDATE ON consents
BEGIN SELECT RAISE (ABORT, 'consents are append-only'); END;

CREATE TABLE appointments (
  id                TEXT PRIMARY KEY,
  student_id        TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  adviser_id        TEXT REFERENCES users (id),
  start_at          INTEGER NOT NULL,
  end_at            INTEGER NOT NULL CHECK (end_at > start_at),
  mode              TEXT NOT NULL DEFAULT 'in-person' CHECK (mode IN ('in-person', 'phone', 'video')),
  topic             TEXT,
  room              TEXT,
  status            TEXT NOT NULL DEFAULT 'booked'
                    CHECK (status IN ('booked', 'arrived', 'seen', 'no-show', 'cancelled')),
  booking_code_hash TEXT,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
CREATE INDEX appointments_adviser_start ON appointments (adviser_id, start_at);
CREATE INDEX appointments_start ON appointments (start_at);
CREATE INDEX appointments_student ON appointments (student_id, start_at);

-- What Security was told, so a moved or cancelled appointment shows that an
-- updated notice is due.  Holds times only.
CREATE TABLE security_notices (
  id          TEXT PRIMARY KEY,
  exported_by TEXT REFERENCES users (id),
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
                 CHECK (status IN ('waiting', 'called', 'seen', 'no-show', 'closed')),
  student_id     TEXT REFERENCES students (id) ON DELETE SET NULL,
  appointment_id TEXT REFERENCES appointments (id) ON DELETE SET NULL,
  adviser_id     TEXT REFERENCES users (id),
  called_at      INTEGER,
  submission     TEXT                  -- the kiosk's submission, opened by a desk
);
CREATE INDEX tickets_status ON tickets (status, waiting_since);

CREATE TABLE breaches (
  id               TEXT PRIMARY KEY,
  student_id       TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  outline          TEXT NOT NULL,
  reason           TEXT NOT NULL,
  ground           TEXT NOT NULL CHECK (ground IN ('risk-to-student', 'risk-to-others',
                     'terrorism', 'money-laundering', 'safeguarding-children', 'other-legal-duty')),
  legal_reference  TEXT,
  consulted        TEXT NOT NULL,
  purpose          TEXT NOT NULL,
  disclosed_to     TEXT NOT NULL,
  student_informed TEXT NOT NULL CHECK (student_informed IN ('told', 'consent-asked', 'not-told')),
  informed_at      INTEGER,
  author_id        TEXT NOT NULL REFERENCES users (id),
  created_at       INTEGER NOT NULL,
  corrects_id      TEXT REFERENCES breaches (id)
);
CREATE INDEX breaches_student ON breaches (student_id, created_at);
CREATE TRIGGER breaches_append_only BEFORE UPDATE ON breaches
BEGIN SELECT RAISE (ABORT, 'breach records are append-only'); END;

CREATE TABLE conflicts (
  id          TEXT PRIMARY KEY,
  adviser_id  TEXT NOT NULL REFERENCES users (id),
  student_id  TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  declared_at INTEGER NOT NULL,
  note        TEXT
);
CREATE INDEX conflicts_adviser_student ON conflicts (adviser_id, student_id);

-- Hash-chained per machine: each entry's hash covers the previous one, so an
-- edited or deleted entry breaks the chain.  Holds ids, never names.
CREATE TABLE audit (
  id        TEXT NOT NULL UNIQUE,
  node_id   TEXT NOT NULL,
  seq       INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  actor_id  TEXT,
  action    TEXT NOT NULL,
  subject   TEXT,
  detail    TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL,
  PRIMARY KEY (node_id, seq)
);
CREATE INDEX audit_subject ON audit (subject, at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;

-- Sync bookkeeping.  A hybrid logical clock per mutable field decides
-- last-writer-wins; a tombstone outlives an erased record and holds no
-- personal data; the outbox lists local changes not yet exported.
CREATE TABLE clocks (
  row_id TEXT NOT NULL,
  field  TEXT NOT NULL,
  hlc    TEXT NOT NULL,
  PRIMARY KEY (row_id, field)
) WITHOUT ROWID;

CREATE TABLE tombstones (
  id        TEXT PRIMARY KEY,
  kind      TEXT NOT NULL,
  erased_at INTEGER NOT NULL,
  hlc       TEXT NOT NULL
) WITHOUT ROWID;

-- AUTOINCREMENT: sequence numbers are never reused once rows are deleted,
-- so the export watermark stays meaningful.
CREATE TABLE outbox (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  kind     TEXT NOT NULL,
  row_id   TEXT NOT NULL,
  hlc      TEXT NOT NULL
);

-- What this machine exported itself, so it can remove its own segments once
-- every machine has applied them.
CREATE TABLE exported_segments (
  seq         INTEGER PRIMARY KEY,
  exported_at INTEGER NOT NULL
);

CREATE TABLE nodes (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('desk', 'kiosk')),
  sign_public TEXT NOT NULL,           -- Ed25519 public key, base64
  enrolled_at INTEGER NOT NULL,
  revoked_at  INTEGER,
  last_seen   INTEGER
) WITHOUT ROWID;

-- What each machine says it has applied of each writer's segments (from its
-- acks file): a writer removes a segment once every reader has applied it.
CREATE TABLE peer_acks (
  reader_id  TEXT NOT NULL,
  writer_id  TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  reported_at INTEGER NOT NULL,
  PRIMARY KEY (reader_id, writer_id)
) WITHOUT ROWID;

-- On a kiosk: submissions already sealed to the office public key, waiting
-- to be written to the sync folder.  Nothing here can be read on the kiosk.
CREATE TABLE kiosk_outbox (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  sealed     BLOB NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE applied_segments (
  node_id    TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  digest     TEXT NOT NULL,
  applied_at INTEGER NOT NULL,
  PRIMARY KEY (node_id, seq)
) WITHOUT ROWID;
