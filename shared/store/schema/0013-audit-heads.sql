-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 13: the newest head of every other machine's audit chain,
-- as that machine signed it into a segment, with its signature so it can be
-- checked again.
-- A head that a later one of the same machine contradicts (fewer entries,
-- or another last hash for as many) is kept beside it with newest = 0: the
-- two signatures together prove that machine's log was cut or rewritten.
CREATE TABLE audit_heads (
  node_id      TEXT NOT NULL,
  segment_kind INTEGER NOT NULL,
  segment_seq  INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  hash         TEXT NOT NULL,
  signature    BLOB NOT NULL,
  newest       INTEGER NOT NULL,
  PRIMARY KEY (node_id, segment_seq)
);
