#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# confidectl as a script uses it: exit codes, one-line messages, JSON, and
# what happens with bad input, a tampered database, a full or read-only disk.
set -u

C=${CONFIDECTL:?set by meson}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

# expect STATUS DESCRIPTION -- COMMAND...: runs it, keeps stdout in $out and
# stderr in $err, and checks the exit status.
expect () {
  local want=$1 what=$2
  shift 3
  "$@" >out.txt 2>err.txt
  local got=$?
  out=$(cat out.txt)
  err=$(cat err.txt)
  if [ "$got" -eq "$want" ]; then ok "$what"; else not_ok "$what (exit $got, wanted $want: $err)"; fi
}

check () {
  if eval "$2"; then ok "$1"; else not_ok "$1"; fi
}

printf 'manager passphrase\n' > mpw
printf 'adviser passphrase\n' > apw
printf 'admin passphrase\n' > dpw
printf 'short\n' > short
M=(--data-dir d --user "Mari Manager" --passphrase-file mpw)
A=(--data-dir d --user "Ada Adviser" --passphrase-file apw)

expect 0 "init" -- $C --data-dir d --passphrase-file mpw init --office "Llanfair Advice Office" --user "Mari Manager" --sync-dir s
expect 1 "init twice is refused" -- $C --data-dir d --passphrase-file mpw init --office X --user Y --sync-dir s
check "…with one line naming the folder" '[[ "$err" == "confidectl: "*"d already holds an office"* ]] && [ "$(wc -l < err.txt)" -eq 1 ]'
expect 2 "init without --office is wrong usage" -- $C --data-dir e --passphrase-file mpw init --user Y --sync-dir s
expect 2 "an unknown command is wrong usage" -- $C "${M[@]}" frobnicate
expect 0 "user add adviser" -- $C "${M[@]}" user add "Ada Adviser" --role adviser --new-passphrase-file apw
expect 0 "user add admin" -- $C "${M[@]}" user add "Alun Admin" --role admin --new-passphrase-file dpw
expect 1 "a short passphrase is refused" -- $C "${M[@]}" user add "Bob" --role adviser --new-passphrase-file short
check "…saying why" '[[ "$err" == *"too short"* ]]'
expect 2 "a bad role is wrong usage" -- $C "${M[@]}" user add "Bob" --role wizard --new-passphrase-file apw
expect 3 "an adviser cannot add users" -- $C "${A[@]}" user add "Bob" --role adviser --new-passphrase-file apw
expect 3 "a wrong passphrase exits 3" -- $C --data-dir d --user "Ada Adviser" --passphrase-file mpw user list
check "…with a sentence" '[[ "$err" == "confidectl: The user name or passphrase is not right."* ]]'
expect 3 "an unknown user exits 3 the same way" -- $C --data-dir d --user "Nobody" --passphrase-file apw student list
expect 0 "user list --json" -- $C "${M[@]}" --json user list
check "…lists three users" '[ "$(printf "%s" "$out" | grep -c "\"role\"")" -eq 3 ]'
expect 0 "passphrase from standard input" -- bash -c "printf 'adviser passphrase\n' | $C --data-dir d --user 'Ada Adviser' --passphrase-file - student list"

name='Zaynab القحطاني 🌷'
expect 0 "student add --json" -- $C "${A[@]}" --json student add --name "$name" --student-id S123 --college Kings --email z@example.ac.uk
S=$(printf '%s' "$out" | sed -n 's/.*"id" : "\([^"]*\)".*/\1/p')
check "…prints the new id" '[ ${#S} -eq 36 ]'
expect 0 "student show --json" -- $C "${A[@]}" --json student show "$S"
check "…the right-to-left name and emoji round-trip" '[[ "$out" == *"\"name\" : \"$name\""* ]]'
expect 1 "a name with a control character is refused" -- $C "${A[@]}" student add --name $'bad\033[2Jname'
check "…with a sentence" '[[ "$err" == *"control character"* ]]'
expect 1 "a right-to-left override is refused" -- $C "${A[@]}" student add --name $'evil\u202egnp.exe'
expect 3 "an admin cannot read students" -- $C --data-dir d --user "Alun Admin" --passphrase-file dpw student list
expect 3 "an admin cannot read a record" -- $C --data-dir d --user "Alun Admin" --passphrase-file dpw student show "$S"
expect 3 "an admin cannot add an adviser" -- $C --data-dir d --user "Alun Admin" --passphrase-file dpw user add "Bob" --role adviser --new-passphrase-file apw
check "…saying who may" '[[ "$err" == "confidectl: An administrator may add or remove only administrators."* ]]'
expect 3 "an admin cannot remove an adviser" -- $C --data-dir d --user "Alun Admin" --passphrase-file dpw user remove "Ada Adviser"
expect 0 "an admin adds an administrator" -- $C --data-dir d --user "Alun Admin" --passphrase-file dpw user add "Bryn Admin" --role admin --new-passphrase-file dpw
expect 0 "…who signs in" -- $C --data-dir d --user "Bryn Admin" --passphrase-file dpw user list
expect 0 "…and removes them" -- $C --data-dir d --user "Alun Admin" --passphrase-file dpw user remove "Bryn Admin"
expect 1 "an unknown student id" -- $C "${A[@]}" student show 00000000-0000-0000-0000-000000000000

printf 'Housing disrepair: landlord contacted about damp.\n' > note.txt
printf 'bad \xff\xfe bytes\n' > bad-note.txt
expect 0 "note add" -- $C "${A[@]}" note add --student "$S" --kind advice --text-file note.txt
expect 1 "a note that is not UTF-8 is refused" -- $C "${A[@]}" note add --student "$S" --kind note --text-file bad-note.txt
check "…saying so" '[[ "$err" == *"UTF-8"* ]]'
expect 2 "note add with a bad kind is wrong usage" -- $C "${A[@]}" note add --student "$S" --kind gossip --text-file note.txt
expect 1 "note add from a missing file" -- $C "${A[@]}" note add --student "$S" --kind note --text-file missing.txt
expect 1 "an action with a third party needs consent" -- $C "${A[@]}" note add --student "$S" --kind action --third-party department --text-file note.txt
expect 0 "note list --json" -- $C "${A[@]}" --json note list --student "$S"
check "…the entry with the fields of interfaces.md" '[[ "$out" == *"\"kind\" : \"advice\""* && "$out" == *"\"text\" : \"Housing disrepair: landlord contacted about damp.\\n\""* && "$out" == *"\"author\" : \"Ada Adviser\""* && "$out" == *"\"corrects\" : null"* ]] && printf "%s" "$out" | grep -qE "\"written\" : \"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}\""'
check "…and only the one that was saved" '[ "$(printf "%s" "$out" | grep -c "\"id\"")" -eq 1 ]'
expect 0 "note list" -- $C "${A[@]}" note list --student "$S"
check "…one tab-separated line, the text last" '[[ "$out" == *$'"'"'\tadvice\tAda Adviser\tHousing disrepair'"'"'* ]]'
expect 0 "…each read audited" -- $C "${M[@]}" --json audit --student "$S" --action case-read
check "…as a read of the case" '[ "$(printf "%s" "$out" | grep -c "\"action\" : \"case-read\"")" -eq 2 ]'
expect 2 "note list without --student is wrong usage" -- $C "${A[@]}" note list
expect 3 "an admin cannot list notes" -- $C --data-dir d --user "Alun Admin" --passphrase-file dpw note list --student "$S"

# --- cases: opened about a topic, resolved with an outcome, reopened -------
expect 0 "case open --json" -- $C "${A[@]}" --json case open --student "$S" --topic "Housing: deposit"
K=$(printf '%s' "$out" | sed -n 's/.*"id" : "\([^"]*\)".*/\1/p')
check "…prints the new case's id" '[ -n "$K" ]'
expect 2 "case open without a topic is wrong usage" -- $C "${A[@]}" case open --student "$S"
expect 2 "case resolve with an unknown outcome is wrong usage" -- $C "${A[@]}" case resolve "$K" --outcome won
check "…listing the outcomes" '[[ "$err" == *"advice-given"* ]]'
expect 0 "case resolve" -- $C "${A[@]}" case resolve "$K" --outcome referred
expect 1 "resolving it twice is refused" -- $C "${A[@]}" case resolve "$K" --outcome withdrawn
expect 0 "case list --json" -- $C "${A[@]}" --json case list --student "$S"
check "…shows it resolved, with its outcome and topic" '[[ "$out" == *"\"status\" : \"resolved\""* && "$out" == *"\"outcome\" : \"referred\""* && "$out" == *"Housing: deposit"* ]]'
expect 0 "case reopen" -- $C "${A[@]}" case reopen "$K"
expect 0 "case list" -- $C "${A[@]}" case list --student "$S"
check "…shows it open again" '[[ "$(grep "^$K" out.txt | cut -f2)" == "open" ]]'
expect 1 "a case that does not exist" -- $C "${A[@]}" case reopen 00000000-0000-0000-0000-000000000000
expect 0 "appointment add with a UK date" -- $C "${A[@]}" appointment add --student "$S" --start "07/12/2026 10:00" --end "07/12/2026T10:30"
expect 0 "…listed on that day" -- $C "${A[@]}" --json appointment list --date 07/12/2026
check "…at 10:00" '[[ "$out" == *"2026-12-07T10:00"* ]]'

expect 0 "appointment add" -- $C "${A[@]}" appointment add --student "$S" --start 2026-11-23T14:00 --end 2026-11-23T14:30 --adviser "Ada Adviser" --mode phone
P=$out
expect 1 "a double booking is refused" -- $C "${A[@]}" appointment add --student "$S" --start 2026-11-23T14:10 --end 2026-11-23T14:40 --adviser "Ada Adviser"
expect 2 "an impossible date is wrong usage" -- $C "${A[@]}" appointment add --student "$S" --start 2026-02-30T14:00 --end 2026-02-30T15:00
expect 0 "appointment list --json" -- $C "${A[@]}" --json appointment list --date 2026-11-23
check "…has the fields of interfaces.md" '[[ "$out" == *"\"id\" : \"$P\""* && "$out" == *"\"student_id\" : \"$S\""* && "$out" == *"\"start\" : \"2026-11-23T14:00\""* && "$out" == *"\"end\" : \"2026-11-23T14:30\""* && "$out" == *"\"adviser\" : \"Ada Adviser\""* && "$out" == *"\"status\" : \"booked\""* ]]'
expect 0 "appointment cancel" -- $C "${A[@]}" appointment cancel "$P"
expect 0 "…then listed as cancelled" -- $C "${A[@]}" --json appointment list --date 2026-11-23
check "…status cancelled" '[[ "$out" == *"\"status\" : \"cancelled\""* ]]'
expect 3 "an adviser cannot flag a student" -- $C "${A[@]}" student flag "$S" --removed-from-course on --reason "Registry letter"
check "…with a sentence naming who can" '[[ "$err" == "confidectl: Your role (adviser) cannot do this. Ask a manager." ]]'
expect 0 "student flag" -- $C "${M[@]}" student flag "$S" --removed-from-course on --reason "Registry letter"
expect 2 "student flag without a reason is wrong usage" -- $C "${M[@]}" student flag "$S" --removed-from-course off

printf 'new adviser passphrase\n' > apw2
expect 0 "passwd" -- $C "${A[@]}" passwd --new-passphrase-file apw2
expect 3 "…the old passphrase no longer works" -- $C "${A[@]}" student list
expect 0 "…the new one does" -- $C --data-dir d --user "Ada Adviser" --passphrase-file apw2 student list

expect 0 "verify" -- $C "${M[@]}" verify
expect 0 "user remove" -- $C "${M[@]}" user remove "Ada Adviser"
expect 3 "…a removed user cannot sign in" -- $C --data-dir d --user "Ada Adviser" --passphrase-file apw2 student list
expect 0 "user rotate-keys" -- $C "${M[@]}" user rotate-keys
expect 0 "…the manager still reads students after the re-key" -- $C "${M[@]}" student list
expect 3 "…an administrator cannot rotate the case key" -- $C --data-dir d --user "Alun Admin" --passphrase-file dpw user rotate-keys

# Nothing typed in is readable in any file.
for secret in "Zaynab" "القحطاني" "Llanfair" "Mari Manager" "Ada Adviser" "landlord" "S123" "Kings" "SQLite format 3"; do
  check "no file holds \"$secret\"" '! grep -rqF -- "$secret" d s'
done

# Every message so far was about what went wrong, never about whom.
check "no name in any error message" '! grep -qF "Zaynab" err.txt'

# A flipped byte: verify says which file, exits 4, and changes nothing.
cp -r d tampered
size=$(stat -c %s tampered/confide.db)
offset=$((size - 3 * 4096 + 200))
printf '\x5a' | dd of=tampered/confide.db bs=1 seek=$offset conv=notrunc status=none
before=$(sha256sum tampered/confide.db | cut -d' ' -f1)
expect 4 "a flipped byte is an integrity problem" -- $C --data-dir tampered --user "Mari Manager" --passphrase-file mpw verify
check "…named in the message" '[[ "$err" == *"tampered/confide.db"* ]]'
check "…and nothing was overwritten" '[ "$(sha256sum tampered/confide.db | cut -d" " -f1)" = "$before" ]'

cp -r d damaged-slots
printf '{"format": 1, "salt": 7' > damaged-slots/keyslots.json
expect 4 "a damaged key-slot file is an integrity problem" -- $C --data-dir damaged-slots --user "Mari Manager" --passphrase-file mpw verify

expect 1 "a missing data folder" -- $C --data-dir nowhere --user "Mari Manager" --passphrase-file mpw student list
check "…says which folder and what to do" '[[ "$err" == *"nowhere"* && "$err" == *"--data-dir"* ]]'

# A full disk and a read-only disk, for real: a tiny tmpfs in a private
# mount namespace (no root needed).
if unshare -rm true 2>/dev/null; then
  cat > disk.sh <<EOF
set -u
mount -t tmpfs -o size=160k tmpfs full
$C --data-dir full/d --passphrase-file mpw init --office O --user U --sync-dir full/s
echo "init-full=\$?"
mount -t tmpfs -o size=2m tmpfs ro
cp -r d ro/d
mount -o remount,ro ro
$C --data-dir ro/d --user "Mari Manager" --passphrase-file mpw student add --name "Someone New"
echo "add-readonly=\$?"
EOF
  mkdir -p full ro
  unshare -rm bash disk.sh >out.txt 2>err.txt
  out=$(cat out.txt); err=$(cat err.txt)
  check "a full disk fails with exit 1" '[[ "$out" == *"init-full=1"* ]]'
  check "…and says the disk is full" '[[ "$err" == *"full"*"Free some space"* ]]'
  check "a read-only disk fails with exit 1" '[[ "$out" == *"add-readonly=1"* ]]'
  check "…and says it cannot be written" '[[ "$err" == *"read-only"* || "$err" == *"cannot be written"* ]]'
else
  ok "# SKIP no user namespaces here for the full-disk test"
fi

# --- export-security ---------------------------------------------------------
# The time-only notice for Security, in a fresh office of its own: exactly
# name, student ID, date, start and end, for flagged students, and nothing
# else that was typed in.
X=(--data-dir x --user "Mari Manager" --passphrase-file mpw)
XA=(--data-dir x --user "Ada Adviser" --passphrase-file apw)
XD=(--data-dir x --user "Alun Admin" --passphrase-file dpw)
expect 0 "export-security: a fresh office" -- $C --data-dir x --passphrase-file mpw init --office "Xq9 Office" --user "Mari Manager" --sync-dir xs
expect 0 "export-security: an adviser" -- $C "${X[@]}" user add "Ada Adviser" --role adviser --new-passphrase-file apw
expect 0 "export-security: an admin" -- $C "${X[@]}" user add "Alun Admin" --role admin --new-passphrase-file dpw
expect 0 "export-security: a flagged student" -- $C "${XA[@]}" student add --name 'Lowri "LJ" Jones, Jr' --student-id S900001 --college Xq9College --faculty Xq9Faculty --email xq9@example.ac.uk
F=$out
expect 0 "export-security: a student who is not flagged" -- $C "${XA[@]}" student add --name "Xq9Other Person" --student-id Xq9Number
U=$out
expect 0 "export-security: flag" -- $C "${X[@]}" student flag "$F" --removed-from-course on --reason Xq9Reason
printf 'Xq9Note about the case\n' > xnote.txt
expect 0 "export-security: a note" -- $C "${XA[@]}" note add --student "$F" --kind note --text-file xnote.txt
expect 0 "export-security: an appointment in range" -- $C "${XA[@]}" appointment add --student "$F" --start 2031-01-06T10:00 --end 2031-01-06T10:30 --adviser "Ada Adviser" --mode in-person --topic Xq9Topic
A1=$out
expect 0 "export-security: one by video, which puts nobody on campus" -- $C "${XA[@]}" appointment add --student "$F" --start 2031-01-06T08:00 --end 2031-01-06T08:30 --mode video
expect 0 "export-security: one late on the last day" -- $C "${XA[@]}" appointment add --student "$F" --start 2031-01-07T23:30 --end 2031-01-07T23:59 --topic Xq9Topic2
expect 0 "export-security: one to cancel" -- $C "${XA[@]}" appointment add --student "$F" --start 2031-01-06T12:05 --end 2031-01-06T12:25
expect 0 "export-security: …cancelled" -- $C "${XA[@]}" appointment cancel "$out"
expect 0 "export-security: one after the range" -- $C "${XA[@]}" appointment add --student "$F" --start 2031-01-08T00:00 --end 2031-01-08T00:40
expect 0 "export-security: one for the unflagged student" -- $C "${XA[@]}" appointment add --student "$U" --start 2031-01-06T11:05 --end 2031-01-06T11:35

mkdir notices
expect 0 "export-security csv --json" -- $C "${XA[@]}" --json export-security --from 2031-01-06 --to 2031-01-07 --format csv --out notices/n.csv
check "…reports the file and the counts" '[[ "$out" == *"\"out\" : \"notices/n.csv\""* && "$out" == *"\"appointments\" : 2"* && "$out" == *"\"students\" : 1"* ]]'
printf 'student_name,student_id,date,start,end\r\n"Lowri ""LJ"" Jones, Jr",S900001,2031-01-06,10:00,10:30\r\n"Lowri ""LJ"" Jones, Jr",S900001,2031-01-07,23:30,23:59\r\n' > want.csv
check "…the CSV is exactly the notice" 'cmp -s want.csv notices/n.csv'
expect 0 "export-security ics" -- $C "${XA[@]}" export-security --from 2031-01-06 --to 2031-01-07 --format ics --out notices/n.ics
check "…two events" '[ "$(grep -c "^BEGIN:VEVENT" notices/n.ics)" -eq 2 ]'
check "…with nothing but their seven properties" '! grep -vqE "^(BEGIN|END):(VCALENDAR|VEVENT)|^(VERSION|PRODID|UID|DTSTAMP|DTSTART|DTEND|SUMMARY|SEQUENCE|STATUS)[:;]|^ " notices/n.ics'
expect 0 "export-security pdf" -- $C "${XA[@]}" export-security --from 2031-01-06 --to 2031-01-07 --format pdf --out notices/n.pdf
check "…is a PDF" '[ "$(head -c 5 notices/n.pdf)" = "%PDF-" ]'
if command -v pdftotext >/dev/null; then
  pdftotext -enc UTF-8 notices/n.pdf notices.txt
  check "…listing the times" 'grep -q "S900001" notices.txt && grep -q "10:30" notices.txt && grep -q "23:59" notices.txt'
  for secret in Xq9 12:05 11:05 2031-01-08 video Ada; do
    check "…the PDF does not hold \"$secret\"" '! grep -qF -- "$secret" notices.txt'
  done
fi
for secret in Xq9 12:05 11:05 2031-01-08 video Ada; do
  check "no notice file holds \"$secret\"" '! grep -rqF -- "$secret" notices'
done
check "file names are the ones given" '[ "$(ls notices | tr "\n" " ")" = "n.csv n.ics n.pdf " ]'

expect 2 "export-security: a bad format is wrong usage" -- $C "${XA[@]}" export-security --from 2031-01-06 --to 2031-01-07 --format xls --out notices/bad
expect 2 "export-security: a bad date is wrong usage" -- $C "${XA[@]}" export-security --from 2031-02-30 --to 2031-03-01 --format csv --out notices/bad
expect 2 "export-security: --to before --from is wrong usage" -- $C "${XA[@]}" export-security --from 2031-01-07 --to 2031-01-06 --format csv --out notices/bad
expect 2 "export-security: no --out is wrong usage" -- $C "${XA[@]}" export-security --from 2031-01-06 --to 2031-01-07 --format csv
expect 3 "export-security: an admin is refused" -- $C "${XD[@]}" export-security --from 2031-01-06 --to 2031-01-07 --format csv --out notices/admin.csv
check "…and nothing is written" '[ ! -e notices/admin.csv ]'
expect 1 "export-security: a missing folder fails" -- $C "${XA[@]}" export-security --from 2031-01-06 --to 2031-01-07 --format pdf --out nowhere/n.pdf
check "…with one line that names no one" '[[ "$err" == "confidectl: "* ]] && [ "$(wc -l < err.txt)" -eq 1 ] && ! grep -qF "Lowri" err.txt'
expect 1 "export-security: a folder as --out fails" -- $C "${XA[@]}" export-security --from 2031-01-06 --to 2031-01-07 --format csv --out notices
check "…and leaves no temporary file" '[ "$(ls -A | grep -c "^\.notices\.")" -eq 0 ] && [ "$(ls notices | wc -l)" -eq 3 ]'
# An updated notice replaces the earlier one in Security's calendar: the
# same UIDs, and an appointment Security was told of and is now cancelled
# comes once more, one SEQUENCE up, cancelled and naming nobody.
mkdir updates
expect 0 "export-security: cancel one Security was told of" -- $C "${XA[@]}" appointment cancel "$A1"
expect 0 "export-security ics again" -- $C "${XA[@]}" --json export-security --from 2031-01-06 --to 2031-01-07 --format ics --out updates/n.ics
check "…counts only the appointment still on" '[[ "$out" == *"\"appointments\" : 1"* ]]'
check "…with the same UIDs as before" '[ "$(grep "^UID:" notices/n.ics | sort)" = "$(grep "^UID:" updates/n.ics | sort)" ]'
check "…the cancelled one at SEQUENCE 1, the other at 0" '[ "$(grep -c "^STATUS:CANCELLED" updates/n.ics)" -eq 1 ] && [ "$(grep -c "^SEQUENCE:1" updates/n.ics)" -eq 1 ] && [ "$(grep -c "^SEQUENCE:0" updates/n.ics)" -eq 1 ]'
check "…and the cancellation names nobody" '[ "$(grep -c "^SUMMARY:" updates/n.ics)" -eq 1 ]'
check "…with nothing but the seven properties" '! grep -vqE "^(BEGIN|END):(VCALENDAR|VEVENT)|^(VERSION|PRODID|UID|DTSTAMP|DTSTART|DTEND|SUMMARY|SEQUENCE|STATUS)[:;]|^ " updates/n.ics'
expect 0 "export-security ics a third time" -- $C "${XA[@]}" export-security --from 2031-01-06 --to 2031-01-07 --format ics --out updates/m.ics
check "…no longer sends the cancellation" '[ "$(grep -c "^BEGIN:VEVENT" updates/m.ics)" -eq 1 ] && ! grep -q "CANCELLED" updates/m.ics'
# ----------------------------------------------------------------------------

# --- queue: the drop-in queue ---------------------------------------------------
# A kiosk without screens (tests/e2e/kiosk-submit) hands in a real sealed
# visit; the desk imports it with `sync` and works the queue.
KS="${BUILD_ROOT:?set by meson}/tests/kiosk-submit"
Q=(--data-dir q --user "Mari Manager" --passphrase-file mpw)
QA=(--data-dir q --user "Ada Adviser" --passphrase-file apw)
expect 0 "queue: a fresh office" -- $C --data-dir q --passphrase-file mpw init --office "Queue Office" --user "Mari Manager" --sync-dir qs
expect 0 "queue: an adviser" -- $C "${Q[@]}" user add "Ada Adviser" --role adviser --new-passphrase-file apw
expect 0 "queue: an administrator" -- $C "${Q[@]}" user add "Alun Admin" --role admin --new-passphrase-file dpw
expect 0 "queue --json with nobody waiting" -- $C "${QA[@]}" --json queue
check "…is an empty list" '[ "$(printf "%s" "$out" | tr -d " \n")" = "[]" ]'
expect 0 "queue: enroll a kiosk" -- $C "${Q[@]}" enroll kiosk --out kiosk.bundle --code-file kiosk.code
expect 0 "queue: the kiosk joins" -- "$KS" join qk qs kiosk.bundle kiosk.code
cat > visit.json <<'VISIT'
{"anonymous": false, "name": "Quentin Qeuemarker", "student_id": "Q7001", "college": "Girton",
 "consent": {"version": "1", "parties": {"college-tutor": true, "health": false}, "signature": "Quentin Qeuemarker"}}
VISIT
expect 0 "queue: a drop-in at the kiosk" -- "$KS" drop-in qk visit.json "Housing and landlords"
T1=$out
check "…gets a ticket code" '[[ "$T1" =~ ^D-[A-Z0-9]{3}$ ]]'
expect 0 "queue: a second drop-in" -- "$KS" drop-in qk visit.json
T2=$out
expect 0 "queue: the desk imports them" -- $C "${QA[@]}" sync
expect 0 "queue --json" -- $C "${QA[@]}" --json queue
check "…has the fields of interfaces.md" '[[ "$out" == *"\"ticket\" : \"$T1\""* && "$out" == *"\"topic\" : \"Housing and landlords\""* && "$out" == *"\"kind\" : \"drop-in\""* ]] && printf "%s" "$out" | grep -qE "\"waiting_since\" : \"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}\""'
check "…oldest first" '[ "$(printf "%s" "$out" | grep -o "\"ticket\" : \"D-[A-Z0-9]*\"" | tr "\n" " ")" = "\"ticket\" : \"$T1\" \"ticket\" : \"$T2\" " ]'
check "…and never the name" '[[ "$out" != *"Qeuemarker"* ]]'
expect 3 "queue: an administrator cannot see the queue" -- $C --data-dir q --user "Alun Admin" --passphrase-file dpw queue
expect 0 "queue call-next" -- $C "${QA[@]}" queue call-next
check "…calls the oldest" '[ "$out" = "$T1" ]'
expect 1 "queue call on a called ticket fails" -- $C "${QA[@]}" queue call "$T1"
check "…with one line naming the ticket, not the student" '[[ "$err" == "confidectl: "*"$T1"* ]] && [ "$(wc -l < err.txt)" -eq 1 ] && [[ "$err" != *"Qeuemarker"* ]]'
expect 1 "queue call of an unknown ticket fails" -- $C "${QA[@]}" queue call D-ZZZ
expect 0 "queue open" -- $C "${QA[@]}" --json queue open "$T1"
QS=$(printf '%s' "$out" | sed -n 's/.*"student_id" : "\([^"]*\)".*/\1/p')
check "…prints the new student's id" '[ ${#QS} -eq 36 ]'
expect 0 "…whose record holds the details typed at the kiosk" -- $C "${QA[@]}" --json student show "$QS"
check "…name and student ID" '[[ "$out" == *"Quentin Qeuemarker"* && "$out" == *"Q7001"* ]]'
expect 0 "queue open of the second visit links the same student" -- $C "${QA[@]}" queue open "$T2"
check "…rather than a second record" '[ "$out" = "$QS" ]'
expect 0 "queue: opening left them called" -- $C "${QA[@]}" --json queue
check "…both, matched" '[ "$(printf "%s" "$out" | grep -c "\"status\" : \"called\"")" -eq 2 ] && [[ "$out" == *"\"unmatched\" : false"* ]]'
expect 0 "queue seen" -- $C "${QA[@]}" queue seen "$T1"
expect 0 "…and the second" -- $C "${QA[@]}" queue seen "$T2"
expect 0 "queue: both are seen, so nobody waits" -- $C "${QA[@]}" --json queue
check "…an empty list again" '[ "$(printf "%s" "$out" | tr -d " \n")" = "[]" ]'
expect 0 "queue --all keeps the day's history" -- $C "${QA[@]}" --json queue --all
check "…both seen tickets, oldest first" '[ "$(printf "%s" "$out" | grep -o "\"ticket\" : \"D-[A-Z0-9]*\"" | tr "\n" " ")" = "\"ticket\" : \"$T1\" \"ticket\" : \"$T2\" " ] && [ "$(printf "%s" "$out" | grep -c "\"status\" : \"seen\"")" -eq 2 ]'
expect 0 "queue: an arrival by a name nobody booked under" -- "$KS" arrive-by-name qk "Una Unbooked" 2002-03-04
T3=$out
expect 0 "…is imported" -- $C "${QA[@]}" sync
expect 0 "…and listed" -- $C "${QA[@]}" --json queue
check "…as unmatched" '[[ "$out" == *"\"unmatched\" : true"* ]]'
expect 1 "queue open of an unmatched arrival is refused" -- $C "${QA[@]}" queue open "$T3"
check "…saying to match it" '[[ "$err" == *"match it"* ]]'
expect 2 "queue match needs --appointment or --student" -- $C "${QA[@]}" queue match "$T3"
expect 0 "queue create-record" -- $C "${QA[@]}" --json queue create-record "$T3"
expect 0 "…then it opens" -- $C "${QA[@]}" queue open "$T3"
expect 0 "…and is seen" -- $C "${QA[@]}" queue seen "$T3"
expect 0 "appointment move: two bookings" -- $C "${QA[@]}" appointment add --student "$QS" --start 2031-02-03T10:00 --end 2031-02-03T10:30 --adviser "Ada Adviser"
QP=$out
expect 0 "…and a second" -- $C "${QA[@]}" appointment add --student "$QS" --start 2031-02-03T11:00 --end 2031-02-03T11:30 --adviser "Ada Adviser"
expect 1 "appointment move onto another booking is refused" -- $C "${QA[@]}" appointment move "$QP" --start 2031-02-03T11:15 --end 2031-02-03T11:45
check "…saying why" '[[ "$err" == *"already has an appointment"* ]]'
expect 0 "appointment move" -- $C "${QA[@]}" appointment move "$QP" --start 2031-02-03T12:00 --end 2031-02-03T12:30
expect 2 "appointment move with a bad time is wrong usage" -- $C "${QA[@]}" appointment move "$QP" --start 2031-02-30T12:00 --end 2031-02-30T12:30
expect 0 "appointment status arrived" -- $C "${QA[@]}" appointment status "$QP" arrived
expect 2 "appointment status with a made-up status is wrong usage" -- $C "${QA[@]}" appointment status "$QP" vanished
expect 0 "…listed as moved and arrived" -- $C "${QA[@]}" --json appointment list --date 2031-02-03
check "…at the new time" '[[ "$out" == *"\"start\" : \"2031-02-03T12:00\""* && "$out" == *"\"status\" : \"arrived\""* ]]'
for secret in "Qeuemarker" "Q7001" "Girton"; do
  check "no file of the queue office or its kiosk holds \"$secret\"" '! grep -rqF -- "$secret" q qs qk'
done
# ----------------------------------------------------------------------------

# --- sync folder checks -------------------------------------------------
# verify also opens every file of the sync folder: a tampered segment is an
# integrity problem (exit 4) named in the message, and nothing is changed.
mkdir -p vs
expect 0 "init an office for the sync-folder check" -- $C --data-dir vd --passphrase-file mpw init --office "Verify Office" --user "Mari Manager" --sync-dir vs
V=(--data-dir vd --user "Mari Manager" --passphrase-file mpw)
expect 0 "a student to sync" -- $C "${V[@]}" student add --name "Synced Person"
expect 0 "enroll a desk, so segments stay in the folder" -- $C "${V[@]}" enroll desk --out v.bundle --code-file v.code
expect 0 "verify with an intact sync folder" -- $C "${V[@]}" verify
check "…counts the sync folder's files" '[[ "$out" == *"sync folder ("[1-9]* ]]'
seg=$(ls vs/*/*.seg | head -1)
printf '\x01' | dd of="$seg" bs=1 seek=100 conv=notrunc status=none
before=$(sha256sum "$seg" | cut -d' ' -f1)
expect 4 "a tampered segment is an integrity problem" -- $C "${V[@]}" verify
check "…named in the message" '[[ "$err" == *"$seg"* ]]'
check "…and left as it was" '[ "$(sha256sum "$seg" | cut -d" " -f1)" = "$before" ]'
expect 4 "sync refuses it too" -- $C --data-dir vd2 --sync-dir vs --user "Mari Manager" --passphrase-file mpw join v.bundle --code-file v.code
check "…saying it was refused" '[[ "$err" == *"refused"* ]]'

# --- booking codes -------------------------------------------------------
expect 0 "an appointment to give a code" -- $C "${V[@]}" appointment add --student "$($C "${V[@]}" student list | head -1 | cut -f1)" --start 2026-12-01T10:00 --end 2026-12-01T10:30
bc_appointment=$out
expect 0 "appointment code prints a booking code once" -- $C "${V[@]}" appointment code "$bc_appointment"
check "…in the kiosk's form" '[[ "$out" =~ ^[A-Z0-9]{3}-[A-Z0-9]{3}$ ]]'
check "…and no file holds it" '! grep -rqF -- "$out" vd vs'
expect 1 "a code for an unknown appointment is refused" -- $C "${V[@]}" appointment code 00000000-0000-0000-0000-000000000000

# --- COMMAND --help ------------------------------------------------------
expect 0 "student add --help" -- $C student add --help
check "…prints its usage on standard output" '[[ "$out" == "Usage: confidectl "*"student add --name N"* ]] && [ -z "$err" ]'
expect 0 "machine revoke -h, with other arguments" -- $C "${M[@]}" machine revoke some-id -h
check "…prints its usage" '[[ "$out" == *"machine revoke ID --reason TEXT"* ]]'
expect 0 "backup --help still says what it does" -- $C backup --help
check "…after its usage" '[[ "$out" == *"backup --out FILE"*"Writes a consistent copy"* ]]'
expect 2 "after --, --help is an argument, not a request for help" -- $C "${A[@]}" student show -- --help
# Every command in confidectl --help's list (one or two words, then its
# usage; a longer usage goes on indented further).
$C --help > commands.txt
helped=0 unhelped=""
while read -r first second _; do
  words=$first
  [[ "${second:-}" =~ ^[a-z][a-z-]*$ ]] && words="$first $second"
  if $C $words --help > out.txt 2>/dev/null && grep -q "^Usage: confidectl " out.txt; then
    helped=$((helped + 1))
  else
    unhelped="$unhelped, $words"
  fi
done < <(sed -n '/^Commands:/,$p' commands.txt | grep '^  [a-z]')
listed=$(sed -n '/^Commands:/,$p' commands.txt | grep -c '^  [a-z]')
check "every command answers --help with its usage, exit 0 ($helped of $listed${unhelped:+; not:$unhelped})" '[ "$listed" -gt 60 ] && [ "$helped" -eq "$listed" ]'

# --- text that is not UTF-8 in an option -------------------------------
expect 2 "an option's value that is not UTF-8 is wrong usage" -- $C "${A[@]}" student add --name "$(printf 'Ng\xffzi')"
check "…in one sentence that names the option" '[[ "$err" == "confidectl: student add: the value of --name is not valid UTF-8"* ]] && [ "$(wc -l < err.txt)" -eq 1 ]'
check "…and does not quote the bad bytes" '! grep -q "$(printf "\xff")" err.txt'
expect 2 "…given as --college=VALUE too" -- $C "${A[@]}" student add --name Plain "--college=$(printf 'K\xc3')"
check "…named" '[[ "$err" == *"the value of --college is not valid UTF-8"* ]]'
expect 2 "an option's name that is not UTF-8 is wrong usage" -- $C "${A[@]}" student add "$(printf -- '--n\xffme')" Plain
check "…not quoted back" '[[ "$err" == "confidectl: student add: one of its options is not valid UTF-8"* ]] && ! grep -q "$(printf "\xff")" err.txt'

echo "1..$n"
[ "$failed" -eq 0 ]
