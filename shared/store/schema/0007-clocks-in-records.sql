-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 7: a record keeps its field clocks in its own row.
--
-- The clocks table held one row per changed field, keyed by a random id:
-- a new student cost three more inserts at random places in a B-tree of
-- its own, and an erased student's clock rows stayed behind.  Each mutable
-- record now carries them in a clocks column, as "field=stamp;field=stamp"
-- (cf-replica.c reads and writes it); a field never changed since it was
-- created has no entry, as it had no row.  The clocks go with the record.
--
-- Students and their monitoring share ids but not field names, so each
-- table takes only its own fields.
ALTER TABLE users       ADD COLUMN clocks TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes       ADD COLUMN clocks TEXT NOT NULL DEFAULT '';
ALTER TABLE students    ADD COLUMN clocks TEXT NOT NULL DEFAULT '';
ALTER TABLE monitoring  ADD COLUMN clocks TEXT NOT NULL DEFAULT '';
ALTER TABLE cases       ADD COLUMN clocks TEXT NOT NULL DEFAULT '';
ALTER TABLE appointments ADD COLUMN clocks TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets     ADD COLUMN clocks TEXT NOT NULL DEFAULT '';

UPDATE users SET clocks = coalesce ((
  SELECT group_concat (field || '=' || hlc, ';') FROM clocks
  WHERE row_id = users.id
    AND field IN ('name', 'role', 'restricted_service', 'credential', 'created_at',
                  'removed_at')), '');
UPDATE nodes SET clocks = coalesce ((
  SELECT group_concat (field || '=' || hlc, ';') FROM clocks
  WHERE row_id = nodes.id
    AND field IN ('kind', 'sign_public', 'enrolled_at', 'revoked_at')), '');
UPDATE students SET clocks = coalesce ((
  SELECT group_concat (field || '=' || hlc, ';') FROM clocks
  WHERE row_id = students.id
    AND field IN ('name', 'preferred_name', 'student_number', 'college', 'faculty', 'email',
                  'phone', 'access_code_hash', 'service_group', 'removed_from_course',
                  'created_at', 'updated_at')), '');
UPDATE monitoring SET clocks = coalesce ((
  SELECT group_concat (field || '=' || hlc, ';') FROM clocks
  WHERE row_id = monitoring.student_id
    AND field IN ('date_of_birth', 'gender', 'ethnicity', 'recorded_at')), '');
UPDATE cases SET clocks = coalesce ((
  SELECT group_concat (field || '=' || hlc, ';') FROM clocks
  WHERE row_id = cases.id
    AND field IN ('student_id', 'topic', 'status', 'adviser_id', 'opened_at',
                  'resolved_at')), '');
UPDATE appointments SET clocks = coalesce ((
  SELECT group_concat (field || '=' || hlc, ';') FROM clocks
  WHERE row_id = appointments.id
    AND field IN ('student_id', 'adviser_id', 'start_at', 'end_at', 'mode', 'topic', 'room',
                  'status', 'booking_code_hash', 'created_at', 'updated_at')), '');
UPDATE tickets SET clocks = coalesce ((
  SELECT group_concat (field || '=' || hlc, ';') FROM clocks
  WHERE row_id = tickets.id
    AND field IN ('code', 'kind', 'topic', 'waiting_since', 'status', 'student_id',
                  'appointment_id', 'adviser_id', 'called_at', 'submission')), '');

DROP TABLE clocks;
