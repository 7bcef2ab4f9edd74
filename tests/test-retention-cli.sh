#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# confidectl's retention commands as a script uses them: the rule, who is
# due, holds, the purge and destroying one student, with their exit codes.
set -u

. "$(dirname "$0")/cli-lib.sh"

printf 'manager passphrase\n' > mpw
printf 'adviser passphrase\n' > apw
M=(--data-dir d --user "Mari Manager" --passphrase-file mpw)
A=(--data-dir d --user "Ada Adviser" --passphrase-file apw)

expect 0 "init" -- $C --data-dir d --passphrase-file mpw init --office "Llanfair Advice Office" --user "Mari Manager" --sync-dir s
expect 0 "user add adviser" -- $C "${M[@]}" user add "Ada Adviser" --role adviser --new-passphrase-file apw

expect 0 "retention show --json" -- $C "${M[@]}" --json retention show
check "…six years from last contact, years starting 1 August" '[[ "$out" == *"\"years\" : 6"* && "$out" == *"\"from\" : \"last-contact\""* && "$out" == *"\"year_starts\" : \"08-01\""* ]]'
expect 3 "an adviser cannot set the rule" -- $C "${A[@]}" retention set --years 5 --from last-contact
expect 2 "eleven years is wrong usage" -- $C "${M[@]}" retention set --years 11 --from last-contact
check "…saying what is allowed" '[[ "$err" == "confidectl: Records are kept for 1 to 10 years."* ]]'
expect 2 "a year starting on 29 February is wrong usage" -- $C "${M[@]}" retention set --years 6 --from last-contact --year-starts 02-29
check "…saying why" '[[ "$err" == *"most years have no such day"* ]]'
expect 2 "02-30 is wrong usage" -- $C "${M[@]}" retention set --years 6 --from last-contact --year-starts 02-30
expect 2 "an unknown --from is wrong usage" -- $C "${M[@]}" retention set --years 6 --from birthday
expect 0 "retention set" -- $C "${M[@]}" retention set --years 5 --from case-closed --year-starts 09-01
expect 0 "retention show" -- $C "${M[@]}" retention show
check "…shows the new rule" '[ "$out" = "$(printf "years\t5\nfrom\tcase-closed\nyear-starts\t09-01")" ]'
expect 0 "…kept when --year-starts is left out" -- $C "${M[@]}" retention set --years 6 --from last-contact
expect 0 "retention show --json" -- $C "${M[@]}" --json retention show
check "…six years, still from 1 September" '[[ "$out" == *"\"years\" : 6"* && "$out" == *"\"year_starts\" : \"09-01\""* ]]'
expect 0 "back to 1 August" -- $C "${M[@]}" retention set --years 6 --from last-contact --year-starts 08-01

# Last seen in 2017, and last month: only the first is due.
expect 0 "student add (old)" -- $C "${M[@]}" --json student add --name "Old Student"
OLD=$(printf '%s' "$out" | sed -n 's/.*"id" : "\([^"]*\)".*/\1/p')
expect 0 "…seen in 2017" -- $C "${M[@]}" appointment add --student "$OLD" --start 2017-06-15T10:00 --end 2017-06-15T10:30
last_month=$(date -d '-1 month' +%Y-%m-%d)
expect 0 "student add (recent)" -- $C "${M[@]}" --json student add --name "Recent Student"
NEW=$(printf '%s' "$out" | sed -n 's/.*"id" : "\([^"]*\)".*/\1/p')
expect 0 "…seen last month" -- $C "${M[@]}" appointment add --student "$NEW" --start "${last_month}T10:00" --end "${last_month}T10:30"

expect 3 "an adviser cannot list who is due" -- $C "${A[@]}" retention due
expect 0 "retention due --json" -- $C "${M[@]}" --json retention due
check "…lists the 2017 student, due on 1 August 2023, not held" '[[ "$out" == *"\"id\" : \"$OLD\""* && "$out" == *"\"last_contact\" : \"2017-06-15\""* && "$out" == *"\"due\" : \"2023-08-01\""* && "$out" == *"\"hold\" : null"* ]]'
check "…and nobody else" '[ "$(printf "%s" "$out" | grep -c "\"id\"")" -eq 1 ]'
check "…and no names" '[[ "$out" != *"Old Student"* ]]'

expect 2 "student hold without --reason is wrong usage" -- $C "${M[@]}" student hold "$OLD"
expect 3 "an adviser cannot hold" -- $C "${A[@]}" student hold "$OLD" --reason "A complaint"
expect 1 "an empty reason is refused" -- $C "${M[@]}" student hold "$OLD" --reason "  "
expect 1 "a reason over 200 characters is refused" -- $C "${M[@]}" student hold "$OLD" --reason "$(printf 'x%.0s' $(seq 201))"
expect 0 "student hold" -- $C "${M[@]}" student hold "$OLD" --reason "A complaint is open"
expect 0 "retention due" -- $C "${M[@]}" retention due
check "…marks the hold with its reason" '[[ "$out" == "$OLD"*"2017-06-15"*"2023-08-01"*"A complaint is open" ]]'

expect 2 "retention purge without --yes is wrong usage" -- $C "${M[@]}" retention purge
check "…saying why" '[[ "$err" == "confidectl: retention purge destroys records for good: add --yes"* ]]'
expect 0 "retention purge while held" -- $C "${M[@]}" retention purge --yes
check "…destroys nobody" '[ "$out" = "0 students destroyed" ]'
expect 0 "student release" -- $C "${M[@]}" student release "$OLD"
expect 1 "releasing twice is refused" -- $C "${M[@]}" student release "$OLD"
expect 0 "retention purge --dry-run" -- $C "${M[@]}" retention purge --dry-run --yes
check "…counts one" '[ "$out" = "1 student would be destroyed" ]'
expect 0 "…and destroys nothing" -- $C "${M[@]}" student show "$OLD"
expect 3 "an adviser cannot purge" -- $C "${A[@]}" retention purge --yes
expect 0 "retention purge --json" -- $C "${M[@]}" --json retention purge --yes
check "…destroys one" '[[ "$out" == *"\"students\" : 1"* ]]'
expect 1 "…the 2017 student is gone" -- $C "${M[@]}" student show "$OLD"
expect 0 "…the recent one is not" -- $C "${M[@]}" student show "$NEW"

expect 2 "student destroy without --yes is wrong usage" -- $C "${M[@]}" student destroy "$NEW" --reason "asked to be forgotten"
expect 2 "student destroy without --reason is wrong usage" -- $C "${M[@]}" student destroy "$NEW" --yes
expect 3 "an adviser cannot destroy" -- $C "${A[@]}" student destroy "$NEW" --reason "asked to be forgotten" --yes
expect 0 "student destroy" -- $C "${M[@]}" student destroy "$NEW" --reason "asked to be forgotten" --yes
check "…prints how many records" '[[ "$out" =~ ^[0-9]+\ records?\ destroyed$ ]]'
expect 1 "…the student is gone" -- $C "${M[@]}" student show "$NEW"

echo "1..$n"
[ "$failed" -eq 0 ]
