-- SPDX-License-Identifier: GPL-3.0-or-later
-- Case database: a median wait is shown only over enough people
-- (cf-statistics-report.c), so a report counts the people who waited, and
-- after a purge it must count the same.  Like students, a folded row says
-- whether its student waited there for the first time that month
-- (waiters, 0 or 1) and the month of their wait before (waiter_since,
-- NULL for none).  Rows folded before this step say nothing (NULL): a
-- median over them is hidden, never shown over too few.
ALTER TABLE folded_statistics ADD COLUMN waiters INTEGER
  CHECK (waiters IS NULL OR waiters IN (0, 1));
ALTER TABLE folded_statistics ADD COLUMN waiter_since TEXT;
