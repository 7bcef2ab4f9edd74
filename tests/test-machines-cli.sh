#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# confidectl machine list and machine revoke, as an administrator's script
# uses them: JSON, columns, exit codes, and a revoked desk's segments
# refused by the others.
set -u

C=${CONFIDECTL:?set by meson}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check () { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
expect () {
  local want=$1 what=$2
  shift 3
  "$@" >out.txt 2>err.txt
  local got=$?
  out=$(cat out.txt); err=$(cat err.txt)
  if [ "$got" -eq "$want" ]; then ok "$what"; else not_ok "$what (exit $got, wanted $want: $err)"; fi
}

printf 'manager passphrase\n' > mpw
printf 'adviser passphrase\n' > apw
printf 'admin passphrase\n' > dpw
A=(--data-dir a --user "Mari Manager" --passphrase-file mpw)
B=(--data-dir b --user "Mari Manager" --passphrase-file mpw)
ADV=(--data-dir a --user "Ada Adviser" --passphrase-file apw)
ADM=(--data-dir a --user "Alun Admin" --passphrase-file dpw)

$C --data-dir a --passphrase-file mpw init --office "Machines" --user "Mari Manager" --sync-dir "$work/s" >/dev/null
$C "${A[@]}" user add "Ada Adviser" --role adviser --new-passphrase-file apw >/dev/null
$C "${A[@]}" user add "Alun Admin" --role admin --new-passphrase-file dpw >/dev/null
$C "${A[@]}" enroll desk --out b.bundle --code-file b.code >/dev/null
expect 0 "desk B joins" -- $C --data-dir b --sync-dir "$work/s" --user "Mari Manager" --passphrase-file mpw join b.bundle --code-file b.code
$C "${B[@]}" sync >/dev/null; $C "${A[@]}" sync >/dev/null

expect 0 "machine list --json" -- $C "${ADM[@]}" --json machine list
ids=$(printf '%s' "$out" | sed -n 's/.*"id" : "\([^"]*\)".*/\1/p')
A_ID=$(printf '%s' "$out" | tr -d '\n' | sed -n 's/.*"id" : "\([^"]*\)"[^}]*"this_machine" : true.*/\1/p')
B_ID=$(printf '%s\n' $ids | grep -v "$A_ID")
check "…lists both desks" '[ "$(printf "%s\n" $ids | wc -l)" -eq 2 ] && [ -n "$A_ID" ] && [ -n "$B_ID" ]'
check "…each id names its folder in the sync folder" '[ -d "s/$A_ID" ] && [ -d "s/$B_ID" ]'
check "…with kind, enrolled, last seen and revoked" '[[ "$out" == *"\"kind\" : \"desk\""* && "$out" == *"\"enrolled\" : \"20"* && "$out" == *"\"last_seen\" : \"20"* && "$out" == *"\"revoked\" : null"* ]]'
expect 0 "machine list in columns" -- $C "${A[@]}" machine list
check "…a header, then one line a machine" '[ "$(wc -l < out.txt)" -eq 3 ] && [[ "$(head -1 out.txt)" == "ID "*"KIND"*"ENROLLED"*"LAST SEEN"*"REVOKED" ]]'
check "…the columns line up" '[ "$(awk "{ print index(\$0, \"desk\") }" out.txt | sort -u | grep -v "^0$" | wc -l)" -eq 1 ]'
expect 3 "an adviser may not list machines" -- $C "${ADV[@]}" machine list
check "…and is told why in one line" '[[ "$err" == "confidectl: "* ]] && [ "$(wc -l < err.txt)" -eq 1 ]'

expect 2 "revoke without --reason is wrong usage" -- $C "${ADM[@]}" machine revoke "$B_ID"
expect 2 "revoke without an id is wrong usage" -- $C "${ADM[@]}" machine revoke --reason "Stolen"
expect 1 "a machine cannot revoke itself" -- $C "${ADM[@]}" machine revoke "$A_ID" --reason "Old"
check "…it says so" '[[ "$err" == "confidectl: A machine cannot revoke itself"* ]]'
expect 1 "an unknown machine cannot be revoked" -- $C "${ADM[@]}" machine revoke 00000000-0000-4000-8000-000000000000 --reason "Old"
expect 3 "an adviser may not revoke" -- $C "${ADV[@]}" machine revoke "$B_ID" --reason "Stolen"
expect 0 "the administrator revokes desk B" -- $C "${ADM[@]}" machine revoke "$B_ID" --reason "Laptop stolen from the office"
expect 0 "…machine list shows it revoked, with the reason" -- $C "${A[@]}" --json machine list
check "…" '[[ "$out" == *"\"revoked\" : \"20"* && "$out" == *"Laptop stolen from the office"* ]]'
expect 1 "revoking it again is refused" -- $C "${ADM[@]}" machine revoke "$B_ID" --reason "Again"

# Desk B does not know yet, and goes on writing.
$C "${B[@]}" student add --name "Written After Revocation" >/dev/null
$C "${B[@]}" sync >/dev/null 2>&1
expect 4 "desk A refuses what the revoked desk wrote" -- $C "${A[@]}" sync
check "…in one sentence that says why" '[[ "$err" == "confidectl: "*"revoked"* ]] && [ "$(wc -l < err.txt)" -eq 1 ]'
check "…with no name in it" '[[ "$err" != *"Written After"* ]]'
expect 0 "…nothing of it was applied" -- $C "${A[@]}" --json student list
check "…" '[[ "$out" != *"Written After Revocation"* ]]'
expect 0 "the next sync does not tell it again" -- $C "${A[@]}" sync

# Revoking a kiosk replaces the feed key; the acks and feed already in the
# folder are under the old one until the next sync, and still verify.
# Desk C, on the other side, has not heard of the revocation yet.
KS="${BUILD_ROOT:?set by meson}/tests/kiosk-submit"
CC=(--data-dir c --user "Mari Manager" --passphrase-file mpw)
$C "${A[@]}" enroll desk --out c.bundle --code-file c.code >/dev/null
$C --data-dir c --sync-dir "$work/s" --user "Mari Manager" --passphrase-file mpw join c.bundle --code-file c.code >/dev/null
$C "${A[@]}" enroll kiosk --out k.bundle --code-file k.code >/dev/null
expect 0 "a kiosk joins" -- "$KS" join k "$work/s" k.bundle k.code
$C "${A[@]}" sync >/dev/null; $C "${CC[@]}" sync >/dev/null; $C "${A[@]}" sync >/dev/null
expect 0 "desk A verifies before the kiosk is revoked" -- $C "${A[@]}" verify
K_ID=$($C "${ADM[@]}" --json machine list | tr -d '\n' | sed -n 's/.*"id" : "\([^"]*\)", *"kind" : "kiosk".*/\1/p')
expect 0 "the administrator revokes the kiosk" -- $C "${ADM[@]}" machine revoke "$K_ID" --reason "Lost"
expect 0 "desk A verifies right after, before any sync" -- $C "${A[@]}" verify
cp "$work/s/$A_ID/acks" acks.kept
printf 'X' | dd of="$work/s/$A_ID/acks" bs=1 seek=60 conv=notrunc 2>/dev/null
expect 4 "…and still catches a tampered acks file under the old key" -- $C "${A[@]}" verify
cp acks.kept "$work/s/$A_ID/acks"
expect 0 "desk A syncs" -- $C "${A[@]}" --json sync
check "…with no problem from desk C's acks under the old key" '[[ "$out" == *"\"problem\" : null"* ]]'
expect 0 "…and verifies, desk C's files still under the old key" -- $C "${A[@]}" verify
expect 0 "desk C verifies before it syncs, desk A's under a key it has not received" -- $C "${CC[@]}" verify
C_ACKS="$work/s/$A_ID/acks"; cp "$C_ACKS" acks.kept
printf 'X' | dd of="$C_ACKS" bs=1 seek=60 conv=notrunc 2>/dev/null
expect 4 "…and still catches that file tampered with" -- $C "${CC[@]}" verify
cp acks.kept "$C_ACKS"
expect 0 "desk C syncs, and verifies" -- $C "${CC[@]}" sync
expect 0 "…" -- $C "${CC[@]}" verify

echo "1..$n"
[ "$failed" -eq 0 ]
