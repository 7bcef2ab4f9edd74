#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# confidectl backup and restore: an administrator backs up desk A and can
# read nothing in the file; A goes on writing, then is restored into a new
# folder, takes back from the sync folder what it wrote after the backup,
# numbers its segments after them and converges with desk B.
set -u
. "$(dirname "$0")/cli-lib.sh"

printf 'manager passphrase\n' > mpw
printf 'adviser passphrase\n' > apw
printf 'admin passphrase\n' > dpw
A=(--data-dir a --user "Mari Manager" --passphrase-file mpw)
B=(--data-dir b --user "Mari Manager" --passphrase-file mpw)
ADV=(--data-dir a --user "Ada Adviser" --passphrase-file apw)
ADM=(--data-dir a --user "Alun Admin" --passphrase-file dpw)

$C --data-dir a --passphrase-file mpw init --office "Backups" --user "Mari Manager" --sync-dir "$work/s" >/dev/null
$C "${A[@]}" user add "Ada Adviser" --role adviser --new-passphrase-file apw >/dev/null
$C "${A[@]}" user add "Alun Admin" --role admin --new-passphrase-file dpw >/dev/null
$C "${A[@]}" enroll desk --out b.bundle --code-file b.code >/dev/null
$C --data-dir b --sync-dir "$work/s" --user "Mari Manager" --passphrase-file mpw join b.bundle --code-file b.code >/dev/null
student=$($C "${ADV[@]}" student add --name "Zebedee Quillfeather")
printf 'Talked about the Marmalade Viaduct essay\n' > before.txt
$C "${ADV[@]}" note add --student "$student" --kind note --text-file before.txt >/dev/null
$C "${A[@]}" sync >/dev/null; $C "${B[@]}" sync >/dev/null; $C "${A[@]}" sync >/dev/null

expect 2 "backup without --out is wrong usage" -- $C "${ADM[@]}" backup
expect 0 "backup --help says what it does" -- $C backup --help
expect 0 "restore --help says what it does" -- $C restore --help
check "…only for a machine gone for good" '[[ "$out" == *"gone for good"* ]]'
expect 3 "an adviser may not back up" -- $C "${ADV[@]}" backup --out adviser.cfb
check "…and nothing is written" '[ ! -e adviser.cfb ]'
expect 0 "the administrator backs up desk A" -- $C "${ADM[@]}" backup --out a.cfb
check "…and is told where" '[[ "$out" == *"a.cfb"* ]]'
check "…a private file" '[ "$(stat -c %a a.cfb)" = 600 ]'
check "…with no student name in it" '! grep -a -q -e "Zebedee" -e "Quillfeather" a.cfb'
check "…nor a word of a note" '! grep -a -q -e "Marmalade" -e "Viaduct" a.cfb'
check "…nor the office's name" '! grep -a -q "Backups" a.cfb'
expect 0 "the backup is in the audit log" -- $C "${A[@]}" --json audit
check "…as a backup" '[[ "$out" == *"\"action\" : \"backup\""* ]]'

# After the backup, desk A goes on: a note, a segment, desk B applies it.
printf 'Written after the backup: Quince Lantern plan\n' > after.txt
$C "${ADV[@]}" note add --student "$student" --kind note --text-file after.txt >/dev/null
$C "${A[@]}" sync >/dev/null; $C "${B[@]}" sync >/dev/null
a_id=$(sed -n 's/^id=//p' a/node.conf)
highest=$(ls "s/$a_id" | grep '\.seg$' | sort | tail -1)

mkdir full && touch full/x
expect 1 "restore refuses a folder that is not empty" -- $C --data-dir full restore a.cfb
check "…in one sentence" '[[ "$err" == "confidectl: "*"not empty"* ]] && [ "$(wc -l < err.txt)" -eq 1 ] && [ -e full/x ]'
head -c 20000 a.cfb > cut.cfb
expect 4 "restore refuses a backup cut short" -- $C --data-dir r1 restore cut.cfb
check "…and writes nothing" '[ ! -e r1 ]'
cp a.cfb changed.cfb
printf 'X' | dd of=changed.cfb bs=1 seek=3000 conv=notrunc status=none
expect 4 "restore refuses a changed backup" -- $C --data-dir r2 restore changed.cfb
check "…saying so" '[[ "$err" == "confidectl: "*"damaged"* ]] && [ ! -e r2 ]'

# Desk A's disk is lost: it is restored into a new folder.
expect 0 "restore into a new folder" -- $C --data-dir r --sync-dir "$work/s" restore a.cfb
R=(--data-dir r --user "Mari Manager" --passphrase-file mpw)
RADV=(--data-dir r --user "Ada Adviser" --passphrase-file apw)
expect 0 "the restored desk syncs" -- $C "${R[@]}" sync
expect 0 "…verifies" -- $C "${R[@]}" verify
expect 0 "…and holds the note written after the backup" -- $C "${R[@]}" student export "$student" --format json --out r.json
check "…" 'grep -q "Quince Lantern" r.json && grep -q "Marmalade Viaduct" r.json'
printf 'After the restore\n' > restored.txt
expect 0 "the restored desk writes a new note" -- $C "${RADV[@]}" note add --student "$student" --kind note --text-file restored.txt
expect 0 "…and sends it" -- $C "${R[@]}" sync
next=$(ls "s/$a_id" | grep '\.seg$' | sort | tail -1)
check "…under a number after every one it wrote before ($highest < $next)" '[[ "$next" > "$highest" ]]'
$C "${B[@]}" sync >/dev/null; $C "${R[@]}" sync >/dev/null
expect 0 "desk B applied it" -- $C "${B[@]}" student export "$student" --format json --out b.json
check "…" 'grep -q "After the restore" b.json && grep -q "Quince Lantern" b.json'
expect 0 "desk B verifies" -- $C "${B[@]}" verify
check "both desks converge" '[ "$($C "${R[@]}" digest)" = "$($C "${B[@]}" digest)" ]'

echo "1..$n"
[ "$failed" -eq 0 ]
