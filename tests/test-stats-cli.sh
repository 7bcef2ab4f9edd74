#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# confidectl stats as a script uses it: anonymised statistics in CSV, JSON
# and PDF, rounded under the rule, for managers only, with exit codes.
set -u

. "$(dirname "$0")/cli-lib.sh"

printf 'manager passphrase\n' > mpw
printf 'adviser passphrase\n' > apw
M=(--data-dir d --user "Mari Manager" --passphrase-file mpw)
A=(--data-dir d --user "Ada Adviser" --passphrase-file apw)

expect 0 "init" -- $C --data-dir d --passphrase-file mpw init --office "Llanfair Advice Office" --user "Mari Manager" --sync-dir s
expect 0 "user add adviser" -- $C "${M[@]}" user add "Ada Adviser" --role adviser --new-passphrase-file apw

# One student from Kings, three from Queens, each seen once in March 2024.
for i in 1 2 3 4; do
  college=Queens
  [ "$i" -eq 1 ] && college=Kings
  expect 0 "student add $i" -- $C "${M[@]}" --json student add --name "Student $i" --college "$college"
  id=$(printf '%s' "$out" | sed -n 's/.*"id" : "\([^"]*\)".*/\1/p')
  expect 0 "…seen in March" -- $C "${M[@]}" appointment add --student "$id" --start "2024-03-1${i}T10:00" --end "2024-03-1${i}T10:30"
done

S=(stats --from 2024-01-01 --to 2024-12-31)
expect 2 "stats without --out is wrong usage" -- $C "${M[@]}" "${S[@]}" --by college --format csv
expect 2 "an unknown format is wrong usage" -- $C "${M[@]}" "${S[@]}" --by college --format xls --out r.xls
expect 2 "an unknown field is wrong usage" -- $C "${M[@]}" "${S[@]}" --by name --format csv --out r.csv
check "…saying which fields there are" '[[ "$err" == "confidectl: Statistics can be split by one or two of topic, month, term,"* ]]'
expect 2 "three fields is wrong usage" -- $C "${M[@]}" "${S[@]}" --by college,month,topic --format csv --out r.csv
expect 2 "--to before --from is wrong usage" -- $C "${M[@]}" stats --from 2024-12-31 --to 2024-01-01 --by college --format csv --out r.csv
expect 3 "an adviser cannot count" -- $C "${A[@]}" "${S[@]}" --by college --format csv --out r.csv
check "…and nothing is written" '[ ! -e r.csv ]'

expect 0 "stats --format csv" -- $C "${M[@]}" "${S[@]}" --by college --format csv --out r.csv
check "…says where" '[ "$out" = "Wrote r.csv." ]'
check "…a header of the field and the counts" '[ "$(head -1 r.csv | tr -d "\r")" = "college,students,cases,contacts,median_wait_minutes" ]'
check "…one Kings student shown as 0" 'grep -q "^Kings,0,0,0,\.\.$(printf "\r")\$" r.csv'
check "…three Queens students shown as 5" 'grep -q "^Queens,5,0,5,\.\.$(printf "\r")\$" r.csv'
check "…the total of four shown as 5" 'grep -q "^total,5,0,5,\.\.$(printf "\r")\$" r.csv'
check "…the rule at the foot" 'tail -1 r.csv | grep -q "nearest multiple of 5"'
check "…no exact count anywhere" '! grep -Eq "(^|,)(1|3|4)(,|$)" r.csv'

expect 0 "stats --format json by college and month, --json" -- $C "${M[@]}" --json "${S[@]}" --by college,month --format json --out r.json
check "…prints where it wrote" '[[ "$out" == *"\"out\" : \"r.json\""* && "$out" == *"\"format\" : \"json\""* ]]'
check "…the rule, rows and a total" 'grep -q "\"rule\" : \"To protect" r.json && grep -q "\"rows\" : \[" r.json && grep -q "\"total\" : {" r.json'
check "…a row grouped by college and month" 'tr -d " \n" < r.json | grep -q "\"group\":{\"college\":\"Queens\",\"month\":\"2024-03\"},\"students\":5,\"cases\":0,\"contacts\":5"'
check "…no count of 1, 3 or 4" '! grep -Eq "\"(students|cases|contacts)\" : (1|3|4),?$" r.json'

expect 0 "stats --format pdf by term" -- $C "${M[@]}" "${S[@]}" --by term --format pdf --out r.pdf
check "…a PDF" '[ "$(head -c 4 r.pdf)" = "%PDF" ]'
if command -v pdftotext >/dev/null; then
  pdftotext -enc UTF-8 r.pdf r.txt
  check "…with the term, the charts and the rule" 'grep -q "2023-24 spring" r.txt && grep -q "Contacts by month" r.txt && grep -q "Contacts by topic" r.txt && grep -q "HESA" r.txt'
fi

echo "1..$n"
[ "$failed" -eq 0 ]
