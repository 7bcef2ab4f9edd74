-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 15: the audit log read back, newest first, a page at a
-- time, by who acted, by what they did, or by time alone; by the student
-- it names, audit_subject (subject, at) already serves.  Each index ends
-- in the row's rowid, the tie-break of a page's position.
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_actor ON audit (actor_id, at);
CREATE INDEX audit_action ON audit (action, at);
