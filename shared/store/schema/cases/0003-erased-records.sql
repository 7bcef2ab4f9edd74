-- SPDX-License-Identifier: GPL-3.0-or-later
-- Case database, version 3.  The appointments and tickets destroyed with
-- a student: a ticket may be tied to a student only by their appointment
-- (a kiosk arrival checked in with a booking code and not yet matched),
-- so a late one does not name them.  It is dropped, not taken for a new
-- record.  Ids only, random ones, kept on this machine alone (never
-- replicated, not in the digest: each machine notes what it destroyed).
CREATE TABLE erased_records (
  id TEXT PRIMARY KEY
) WITHOUT ROWID;
