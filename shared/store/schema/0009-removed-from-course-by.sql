-- SPDX-License-Identifier: GPL-3.0-or-later
-- Who last set or cleared a student's removed-from-course flag, when, and
-- why.
--
-- Only managers set the flag that the Campus Security notices are for, and
-- the student's record says who did and why; the audit log alone is this
-- machine's, so these fields travel with the record, as its other fields do
-- (cf-replica.c).  removed_by is the user's id; no foreign key, as a
-- replicated record may arrive before the user it names.
ALTER TABLE students ADD COLUMN removed_reason TEXT;
ALTER TABLE students ADD COLUMN removed_by     TEXT;
ALTER TABLE students ADD COLUMN removed_at     INTEGER;
