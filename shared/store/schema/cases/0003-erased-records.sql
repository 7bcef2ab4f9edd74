-- SPDX-License-Identifier: GPL-3.0-or-later
-- Case database, version 3.  The records destroyed with a student whose
-- later changes may still arrive without naming the student: a change to
-- an appointment, a case or a ticket carries only the fields that changed.
-- Such a change is dropped, not taken for a new record.  Ids only, random
-- ones, kept on this machine alone (never replicated, not in the digest:
-- each machine notes what it destroyed or dropped).
CREATE TABLE erased_records (
  id TEXT PRIMARY KEY
) WITHOUT ROWID;
