-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 8: a resolved case says how it ended.
--
-- A case is opened about a topic, resolved with an outcome and may be
-- reopened; retention ("N years after the case closed") and the statistics
-- ("by outcome") read resolved_at and outcome.  The outcome is one of a
-- fixed list of stable codes (cf-cases.c), checked by the code rather than
-- by a CHECK: a machine running a later version may replicate a code this
-- one does not know yet, and its import must not fail on it.
ALTER TABLE cases ADD COLUMN outcome TEXT;

-- The student page shows the topic a student last gave at the kiosk.  Only
-- tickets matched to a student are indexed, so a kiosk's new ticket costs
-- no extra write.
CREATE INDEX tickets_student ON tickets (student_id, waiting_since)
  WHERE student_id IS NOT NULL;
