-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 12: revoking a machine, and replacing the kiosk feed key.
--
-- A revoked machine keeps its row (its old records name it) with the time
-- and the reason it was revoked; both replicate with the node.
--
-- feed_keys holds every feed key made since set-up, newest generation
-- winning (two desks revoking at once make the same generation: the higher
-- id wins, so every desk settles on the same key).  Kiosks learn it from a
-- file each desk seals to the kiosks of its roster (cf-sync-feed-key.c).
-- The trigger keeps the settings a pass reads (feed_key, booking_key) on
-- the newest row, whatever order rows arrive in.
--
-- Booking codes already given to students were keyed with the feed key:
-- that key stays their key, as booking_key, when the feed key changes.
ALTER TABLE nodes ADD COLUMN revoke_reason TEXT;

CREATE TABLE feed_keys (
  id          TEXT PRIMARY KEY,
  generation  INTEGER NOT NULL CHECK (generation > 0),
  feed_key    TEXT NOT NULL,           -- base64, as the feed_key setting
  booking_key TEXT NOT NULL,           -- base64, unchanged from generation to generation
  created_at  INTEGER NOT NULL
);

-- UPDATE, not INSERT OR REPLACE: an import inserts with OR IGNORE, which
-- would override the trigger's own conflict clause.
CREATE TRIGGER feed_keys_newest AFTER INSERT ON feed_keys
BEGIN
  INSERT OR IGNORE INTO settings (key, value) VALUES ('feed_key', '');
  INSERT OR IGNORE INTO settings (key, value) VALUES ('booking_key', '');
  UPDATE settings SET value = (SELECT feed_key FROM feed_keys ORDER BY generation DESC, id DESC LIMIT 1)
    WHERE key = 'feed_key';
  UPDATE settings SET value = (SELECT booking_key FROM feed_keys ORDER BY generation DESC, id DESC LIMIT 1)
    WHERE key = 'booking_key';
END;

INSERT OR IGNORE INTO settings (key, value)
  SELECT 'booking_key', value FROM settings WHERE key = 'feed_key';
