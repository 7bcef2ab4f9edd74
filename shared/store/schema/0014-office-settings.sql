-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 14: the office's own settings, which every machine of the
-- office shares (the settings table is this machine's).  They replicate as
-- the kind "office_setting", merged by name, last writer wins.  The first
-- are the retention rule's: retention_years, retention_from and
-- retention_year_starts ("MM-DD"); a setting never set has no row.
CREATE TABLE office_settings (
  name   TEXT PRIMARY KEY,
  value  TEXT,
  clocks TEXT NOT NULL DEFAULT ''
);
