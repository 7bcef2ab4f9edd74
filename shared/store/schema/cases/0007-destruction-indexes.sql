-- SPDX-License-Identifier: GPL-3.0-or-later
-- Case database, version 7.  Destroying a student deletes their rows, and
-- for each row deleted SQLite looks for the rows that refer to it (foreign
-- keys): without an index, a read of the whole table for every entry,
-- consent or breach record destroyed, which made a year's purge take
-- hours.  The indexes are partial: a correction, a withdrawal or an
-- arrival's appointment is rare or short-lived, and the rows without one
-- cost nothing to write.  Tickets tied to a student only by one of their
-- appointments (a kiosk arrival not yet matched) are found the same way.
CREATE INDEX case_entries_corrects ON case_entries (corrects_id) WHERE corrects_id IS NOT NULL;
CREATE INDEX consents_withdraws ON consents (withdraws_id) WHERE withdraws_id IS NOT NULL;
CREATE INDEX breaches_corrects ON breaches (corrects_id) WHERE corrects_id IS NOT NULL;
CREATE INDEX tickets_appointment ON tickets (appointment_id) WHERE appointment_id IS NOT NULL;
CREATE INDEX conflicts_student ON conflicts (student_id);
