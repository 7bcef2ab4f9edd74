-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 11: the office database keeps office data only.
--
-- Everything about students moves to a case database of its own (see
-- schema/cases/0001-case-records.sql), encrypted under a key that only the
-- case key unwraps, so that an administrator, who holds the office key
-- only, holds nothing that opens a case.  Offices set up before this
-- version kept every key in one place and cannot be brought forward by a
-- schema step: the store refuses their key slots before it gets here.
DROP TABLE students_fts;
DROP TABLE case_entries_fts;
DROP TABLE security_notice_items;
DROP TABLE security_notices;
DROP TABLE conflicts;
DROP TABLE breaches;
DROP TABLE tickets;
DROP TABLE appointments;
DROP TABLE consents;
DROP TABLE case_entries;
DROP TABLE cases;
DROP TABLE monitoring;
DROP TABLE students;

-- The case key's generations.  A new generation is made when a user is
-- removed (or on request); each row holds the generation before it and the
-- office's box secret, both sealed under this generation's key, so whoever
-- holds the newest key can read every older segment.
CREATE TABLE case_keys (
  id          TEXT PRIMARY KEY,        -- the generation, as decimal text
  generation  INTEGER NOT NULL UNIQUE,
  previous    TEXT,                    -- the key before, secretbox under this one
  box_secret  TEXT NOT NULL,           -- the office's box secret, secretbox under this one
  created_at  INTEGER NOT NULL
);

-- A generation of the case key sealed to one user's public key.
CREATE TABLE grants (
  id          TEXT PRIMARY KEY,        -- user id / generation
  user_id     TEXT NOT NULL REFERENCES users (id),
  generation  INTEGER NOT NULL,
  sealed      TEXT NOT NULL            -- crypto_box_seal of the key
);
CREATE INDEX grants_user ON grants (user_id, generation);
