-- SPDX-License-Identifier: GPL-3.0-or-later
-- Case database: the waits of drop-ins outlive the records too.  A report
-- gives the median time from a drop-in's arrival to its being called
-- (cf-statistics.c); a folded row now keeps, beside its month and codes,
-- that wait in whole minutes (NULL for anything but a drop-in that was
-- called), so the median of a past year is the same after a purge.  A
-- wait in minutes within a month names nobody, as a month and codes do not.
ALTER TABLE folded_statistics ADD COLUMN wait_minutes INTEGER
  CHECK (wait_minutes IS NULL OR wait_minutes >= 0);
-- A report reads the entries written in its range (a day of entries with no
-- meeting is a contact): by their time, not the whole table, and from the
-- index alone, without reading the entries' text.
CREATE INDEX case_entries_created ON case_entries (created_at, student_id, id);
