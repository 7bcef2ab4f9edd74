#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# confidectl's settings commands as a script uses them: hours, topics, the
# consent wording and idle times, with their exit codes.
set -u

. "$(dirname "$0")/cli-lib.sh"

printf 'manager passphrase\n' > mpw
printf 'adviser passphrase\n' > apw
M=(--data-dir d --user "Mari Manager" --passphrase-file mpw)
A=(--data-dir d --user "Ada Adviser" --passphrase-file apw)

expect 0 "init" -- $C --data-dir d --passphrase-file mpw init --office "Llanfair Advice Office" --user "Mari Manager" --sync-dir s
expect 0 "user add adviser" -- $C "${M[@]}" user add "Ada Adviser" --role adviser --new-passphrase-file apw

expect 0 "settings show" -- $C "${M[@]}" settings show
check "…the built-in wording, version 1" '[[ "$out" == *"$(printf "consent-version\t1")"* ]]'
check "…the built-in topics" '[[ "$out" == *"$(printf "topic\tHousing and landlords")"* ]]'
expect 0 "settings set-hours" -- $C "${M[@]}" settings set-hours "Monday to Friday, 10:00 to 16:00"
expect 2 "hours with no closing time are wrong usage" -- $C "${M[@]}" settings set-hours "from 10:00"
check "…saying how to write them" '[[ "$err" == "confidectl: Write the opening hours"* ]]'
expect 0 "settings set-topics" -- $C "${M[@]}" settings set-topics " Housing " "Money"
expect 2 "the same topic twice is wrong usage" -- $C "${M[@]}" settings set-topics Housing housing
expect 2 "no topic is wrong usage" -- $C "${M[@]}" settings set-topics
expect 0 "settings set-idle" -- $C "${M[@]}" settings set-idle kiosk-reset 90
expect 2 "an idle time of 3 seconds is wrong usage" -- $C "${M[@]}" settings set-idle desk-lock 3
expect 2 "an unknown idle time is wrong usage" -- $C "${M[@]}" settings set-idle coffee 60
printf 'Our new wording.\n' > wording.txt
expect 0 "settings set-consent-wording" -- $C "${M[@]}" settings set-consent-wording --text-file wording.txt
VERSION=$out
check "…prints version 2" '[[ "$VERSION" == 2-* ]]'
expect 1 "…not twice the same" -- $C "${M[@]}" settings set-consent-wording --text-file wording.txt
expect 3 "an adviser cannot set the topics" -- $C "${A[@]}" settings set-topics Housing
expect 0 "settings show --json" -- $C "${A[@]}" --json settings show
check "…everything that was set" '[[ "$out" == *"\"hours\" : \"Monday to Friday, 10:00 to 16:00\""* && "$out" == *"\"Housing\""* && "$out" == *"\"consent_version\" : \"$VERSION\""* && "$out" == *"\"kiosk-reset\" : 90"* && "$out" == *"\"desk-lock\" : null"* ]]'
expect 0 "settings consent-wording 1" -- $C "${A[@]}" settings consent-wording 1
check "…the old wording as it was" '[ "$out" = "$(cat "$SOURCE_ROOT/shared/sync/defaults/consent-1.txt")" ]'
expect 0 "settings consent-wording" -- $C "${A[@]}" settings consent-wording
check "…the new wording" '[ "$out" = "Our new wording." ]'
expect 1 "an unknown version is not found" -- $C "${A[@]}" settings consent-wording 99

echo "1..$n"
[ "$failed" -eq 0 ]
