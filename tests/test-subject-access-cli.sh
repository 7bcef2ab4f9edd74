#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# confidectl's subject access commands as a script uses them: a student's
# records exported as JSON and PDF with a passage withheld, and the
# register of access requests, with their exit codes.
set -u

. "$(dirname "$0")/cli-lib.sh"

printf 'manager passphrase\n' > mpw
printf 'adviser passphrase\n' > apw
M=(--data-dir d --user "Mari Manager" --passphrase-file mpw)
A=(--data-dir d --user "Ada Adviser" --passphrase-file apw)

expect 0 "init" -- $C --data-dir d --passphrase-file mpw init --office "Llanfair Advice Office" --user "Mari Manager" --sync-dir s
expect 0 "user add adviser" -- $C "${M[@]}" user add "Ada Adviser" --role adviser --new-passphrase-file apw
expect 0 "student add" -- $C "${M[@]}" --json student add --name "Rhiannon Exportmarker"
S=$(printf '%s' "$out" | sed -n 's/.*"id" : "\([^"]*\)".*/\1/p')
printf 'Saw her with Gwilym Neighbourname about the lease; advised on deposits.\n' > note.txt
expect 0 "note add" -- $C "${M[@]}" --json note add --student "$S" --kind note --text-file note.txt
E=$(printf '%s' "$out" | sed -n 's/.*"id" : "\([^"]*\)".*/\1/p')

expect 2 "student export without --out is wrong usage" -- $C "${M[@]}" student export "$S" --format json
expect 2 "an unknown format is wrong usage" -- $C "${M[@]}" student export "$S" --format doc --out x.doc
expect 3 "an adviser cannot export" -- $C "${A[@]}" student export "$S" --format json --out a.json
check "…and no file is made" '[ ! -e a.json ]'
expect 2 "student withhold without --reason is wrong usage" -- $C "${A[@]}" student withhold "$S" --record "$E"
# A passage is someone else's words: from a file or standard input, never
# an argument (shell history, /proc/PID/cmdline).
printf 'Gwilym\n' > gwilym.txt
printf 'Nobody\n' > nobody.txt
printf 'Gwilym Neighbourname\n' > passage.txt
expect 2 "--passage is no longer an option" -- $C "${A[@]}" student withhold "$S" --record "$E" --part body --passage "Gwilym" --reason "a neighbour"
expect 2 "--passage-file without --part is wrong usage" -- $C "${A[@]}" student withhold "$S" --record "$E" --passage-file gwilym.txt --reason "a neighbour"
expect 1 "a passage not in the record is refused" -- $C "${A[@]}" student withhold "$S" --record "$E" --part body --passage-file nobody.txt --reason "a neighbour"
expect 1 "a passage file that cannot be read is refused" -- $C "${A[@]}" student withhold "$S" --record "$E" --part body --passage-file missing.txt --reason "a neighbour"
expect 0 "student withhold" -- $C "${A[@]}" --json student withhold "$S" --record "$E" --part body --passage-file passage.txt --reason "names a neighbour"
check "…prints its id" '[[ "$out" == *"\"id\" : \""* ]]'
printf 'about the lease\n' | $C "${A[@]}" student withhold "$S" --record "$E" --part body --passage-file - --reason "the lease" >out.txt 2>err.txt
rc=$?
check "student withhold --passage-file - reads standard input" '[ "$rc" -eq 0 ]'

expect 0 "student export --format json" -- $C "${M[@]}" --json student export "$S" --format json --out a.json
check "…counts the records" '[[ "$out" =~ \"records\"\ :\ [0-9]+ ]]'
check "…holds the student and the note" 'grep -q "Rhiannon Exportmarker" a.json && grep -q "advised on deposits" a.json'
check "…with the passage withheld" 'grep -q "\[withheld: names a neighbour\]" a.json && ! grep -q "Gwilym" a.json'
check "…and the one from standard input" 'grep -q "\[withheld: the lease\]" a.json && ! grep -q "about the lease" a.json'
check "…and who read the record" 'grep -q "\"user_name\" : \"Mari Manager\"" a.json'
check "…readable by this user only" '[ "$(stat -c %a a.json)" = 600 ]'
expect 0 "student export --format pdf" -- $C "${M[@]}" student export "$S" --format pdf --out a.pdf
check "…prints how many records" '[[ "$out" =~ ^[0-9]+\ records?\ exported$ ]]'
pdftotext a.pdf - | tr -d ' \n' > a.txt
check "…a PDF with the note and the withheld mark, not the passage" 'grep -q "advisedondeposits" a.txt && grep -q "withheld:namesaneighbour" a.txt && ! grep -q "Gwilym" a.txt'
check "…and a cover page that explains the sections" 'grep -q "Whohasreadyourrecord" a.txt'
expect 1 "an unknown student cannot be exported" -- $C "${M[@]}" student export "no-such-student" --format json --out b.json

expect 2 "access-request add without --received is wrong usage" -- $C "${M[@]}" access-request add --student "$S"
expect 2 "a day that does not exist is wrong usage" -- $C "${M[@]}" access-request add --student "$S" --received 2026-02-30
expect 3 "an adviser cannot add to the register" -- $C "${A[@]}" access-request add --student "$S" --received 2026-01-31
expect 0 "access-request add" -- $C "${M[@]}" --json access-request add --student "$S" --received 2026-01-31
R=$(printf '%s' "$out" | sed -n 's/.*"id" : "\([^"]*\)".*/\1/p')
expect 0 "access-request list --json" -- $C "${M[@]}" --json access-request list
check "…due on Monday 2 March (28 February 2026 is a Saturday)" '[[ "$out" == *"\"received\" : \"2026-01-31\""* && "$out" == *"\"due\" : \"2026-03-02\""* && "$out" == *"\"done\" : false"* ]]'
expect 2 "extend without --reason is wrong usage" -- $C "${M[@]}" access-request extend "$R"
expect 2 "extending by three months is wrong usage" -- $C "${M[@]}" access-request extend "$R" --months 3 --reason "many records"
expect 0 "access-request extend" -- $C "${M[@]}" access-request extend "$R" --reason "many records"
expect 0 "access-request list" -- $C "${M[@]}" access-request list
check "…due on 30 April, still open" '[ "$out" = "$(printf "%s\t%s\t2026-01-31\t2026-04-30\topen" "$R" "$S")" ]'
expect 0 "access-request done" -- $C "${M[@]}" access-request done "$R"
expect 1 "…and not twice" -- $C "${M[@]}" access-request done "$R"
expect 1 "an unknown request is refused" -- $C "${M[@]}" access-request done "no-such-request"
expect 0 "access-request list --json" -- $C "${M[@]}" --json access-request list
check "…done" '[[ "$out" == *"\"done\" : true"* && "$out" == *"\"extension_reason\" : \"many records\""* ]]'

echo "1..$n"
[ "$failed" -eq 0 ]
