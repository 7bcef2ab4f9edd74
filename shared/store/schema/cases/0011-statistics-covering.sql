-- SPDX-License-Identifier: GPL-3.0-or-later
-- Case database: a year's statistics read from indexes, not rows
-- (cf-statistics.c).  For each contact a report finds the student's case
-- opened last before it, and for each day of entries whether the student
-- met the service that day: with the case's id and the appointment's
-- status in the index, neither reads the table, whose pages are scattered
-- over six years.  Both replace an index on the same leading columns, so
-- every query that used the old one uses the new.
DROP INDEX cases_student;
CREATE INDEX cases_student ON cases (student_id, opened_at, id);
DROP INDEX appointments_student;
CREATE INDEX appointments_student ON appointments (student_id, start_at, status);
