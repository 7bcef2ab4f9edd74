-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 10: a breach record may rest on several grounds, and an
-- adviser alone in an emergency may say why nobody could be consulted.
--
-- grounds holds every ground, comma-separated, in the order of
-- cf_breach_grounds (); ground keeps the first, so a reader that knows only
-- ground still finds an allowed value.  A record written before this step
-- has no grounds: its one ground is all of them (coalesce (grounds, ground)).
-- Breach records are append-only, so the old rows are not rewritten.
--
-- unconsulted_reason is set when consulted is empty: the consultation is
-- added later by a correcting record (corrects_id).
ALTER TABLE breaches ADD COLUMN grounds TEXT;
ALTER TABLE breaches ADD COLUMN unconsulted_reason TEXT;
