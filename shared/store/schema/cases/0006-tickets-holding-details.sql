-- SPDX-License-Identifier: GPL-3.0-or-later
-- Case database: the tickets that still hold what a student typed at the
-- kiosk.  A ticket's submission is cleared once it is opened, once the
-- ticket closes, and in any case a week after it started waiting; the
-- sweep that clears it (cf_tickets_forget_old) runs at every sync pass of
-- a desk, so it reads only this index and the rows it names: the
-- unopened tickets of the last week at most, few on most passes.
CREATE INDEX tickets_holding_details ON tickets (waiting_since)
  WHERE submission IS NOT NULL;
