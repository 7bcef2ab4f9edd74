-- SPDX-License-Identifier: GPL-3.0-or-later
-- Case database, version 2.  Security's calendar replaces an event it holds when the same UID comes
-- again with a higher SEQUENCE, and takes it off with STATUS:CANCELLED.
-- Each item now says what Security was sent for its appointment, so the
-- next export knows what Security holds:
--
-- sequence   the SEQUENCE it was sent with;
-- cancelled  1 when it told Security the appointment is off (no longer on
--            campus in that period); such an item keeps the times Security
--            held, and is never sent again;
-- shown      a keyed hash of what Security saw beyond the times (name and
--            student ID), so a renamed student counts as a change while the
--            items still hold no name.  NULL for an item written before this
--            step: only its times can be compared.
--
-- Items written before this step, or by a desk that has not taken it yet
-- (items replicate, and a missing field arrives as NULL), were sent at
-- SEQUENCE 0, not cancelled: so sequence and cancelled may be NULL, and
-- are read as coalesce (sequence, 0) and coalesce (cancelled, 0).  Items
-- are append-only: the old rows are not rewritten.  The indexes find
-- the latest item of an appointment, and the items told of a period.
ALTER TABLE security_notice_items ADD COLUMN sequence  INTEGER;
ALTER TABLE security_notice_items ADD COLUMN cancelled INTEGER CHECK (cancelled IN (0, 1));
ALTER TABLE security_notice_items ADD COLUMN shown     TEXT;
CREATE INDEX security_notice_items_appointment ON security_notice_items (appointment_id, sequence);
CREATE INDEX security_notice_items_start ON security_notice_items (start_at);
