#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# confidectl audit as a script uses it: a read made on another desk, after
# a sync; filters that combine; JSON and CSV; managers only.
set -u

. "$(dirname "$0")/cli-lib.sh"

printf 'manager passphrase\n' > mpw
printf 'adviser passphrase\n' > apw
A=(--data-dir a --user "Mari Manager" --passphrase-file mpw)
B=(--data-dir b --user "Mari Manager" --passphrase-file mpw)
ADV=(--data-dir a --user "Ada Adviser" --passphrase-file apw)

expect 0 "init" -- $C --data-dir a --passphrase-file mpw init --office "Audit Office" --user "Mari Manager" --sync-dir "$work/s"
expect 0 "user add adviser" -- $C "${A[@]}" user add "Ada Adviser" --role adviser --new-passphrase-file apw
expect 0 "student add" -- $C "${A[@]}" --json student add --name "Read Elsewhere"
ID=$(printf '%s' "$out" | sed -n 's/.*"id" : "\([^"]*\)".*/\1/p')
expect 0 "enroll desk" -- $C "${A[@]}" enroll desk --out b.bundle --code-file b.code
expect 0 "desk B joins" -- $C --data-dir b --sync-dir "$work/s" --user "Mari Manager" --passphrase-file mpw join b.bundle --code-file b.code
$C "${A[@]}" sync >/dev/null; $C "${B[@]}" sync >/dev/null
expect 0 "the student is read on desk B" -- $C "${B[@]}" student show "$ID"

expect 0 "audit --student on A before a sync" -- $C "${A[@]}" --json audit --student "$ID" --action student-read
check "…no read from desk B yet" '[ "$(printf "%s" "$out" | grep -c "\"action\" : \"student-read\"")" -eq 0 ]'
$C "${B[@]}" sync >/dev/null; $C "${A[@]}" sync >/dev/null
expect 0 "audit --student --action --user --from --to on A after a sync" -- $C "${A[@]}" --json audit --student "$ID" --action student-read --user "Mari Manager" --from "$(date -d yesterday +%Y-%m-%d)" --to "$(date -d tomorrow +%Y-%m-%d)"
check "…lists desk B's read" '[ "$(printf "%s" "$out" | grep -c "\"action\" : \"student-read\"")" -eq 1 ]'
check "…with its fields" '[[ "$out" == *"\"at\" : \"20"*"\"machine\" : \""*"\"user\" : \"Mari Manager\""*"\"subject\" : \"$ID\""* ]]'
expect 0 "a day that is over" -- $C "${A[@]}" --json audit --student "$ID" --to "$(date -d '2 days ago' +%Y-%m-%d)"
check "…lists nothing" '[ "$out" = "[]" ]'
expect 0 "another user" -- $C "${A[@]}" --json audit --student "$ID" --user "Ada Adviser"
check "…lists nothing" '[ "$out" = "[]" ]'
expect 0 "audit --limit 2" -- $C "${A[@]}" audit --limit 2
check "…two lines, tab-separated" '[ "$(printf "%s\n" "$out" | wc -l)" -eq 2 ] && [[ "$out" == *$'"'"'\t'"'"'* ]]'
expect 0 "audit --format csv --out" -- $C "${A[@]}" audit --student "$ID" --format csv --out audit.csv
check "…writes a header and the entries" '[ "$(head -1 audit.csv | tr -d "\r")" = "at,machine,seq,user,user_id,action,subject,detail" ] && grep -q ",student-read,$ID," audit.csv'
check "…and says how many" '[[ "$out" == "Wrote audit.csv: "*" entries." ]]'
check "…private to its owner" '[ "$(stat -c %a audit.csv)" = 600 ]'
expect 0 "the export is in the log" -- $C "${A[@]}" --json audit --action audit-exported
check "…once, with its count, about the student" '[ "$(printf "%s" "$out" | grep -c "\"action\" : \"audit-exported\"")" -eq 1 ] && [[ "$out" == *"\"subject\" : \"$ID\""*"\"detail\" : \"$(($(wc -l < audit.csv) - 1))\""* ]]'
expect 2 "a name where the student's id goes is wrong usage" -- $C "${A[@]}" audit --student "Read Elsewhere"
check "…saying to type the id, without the name" '[[ "$err" == *"Type the student'"'"'s id"* && "$err" != *"Read Elsewhere"* ]]'
expect 0 "…and nothing about it is in the log" -- $C "${A[@]}" --json audit --action audit-read
check "…no audit-read about the name" '[[ "$out" != *"Read Elsewhere"* ]]'

expect 3 "an adviser may not read the audit" -- $C "${ADV[@]}" audit
expect 2 "a wrong date is wrong usage" -- $C "${A[@]}" audit --from 31/02/2026
expect 2 "--out without --format is wrong usage" -- $C "${A[@]}" audit --out x.csv
expect 2 "a format other than csv is wrong usage" -- $C "${A[@]}" audit --format pdf --out x.pdf
expect 1 "an unknown user fails" -- $C "${A[@]}" audit --user "Nobody"
check "…saying so" '[[ "$err" == "confidectl: There is no user with that name." ]]'

echo "1..$n"
[ "$failed" -eq 0 ]
