-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 3: a kiosk's visit is committed by writing one page.
-- The outbox numbers only order the visits waiting to be sent, so they need
-- no sqlite_sequence row to update; and each visit carries its clock stamp,
-- so the commit need not rewrite the settings page as well.  The stamp moves
-- to the settings when the visit is sent (cf-kiosk.c).
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
