#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The hostile strings (tests/data/hostile-strings) through confidectl's text
# arguments, ids and dates.  Each is stored exactly (read back byte for byte,
# or with the spaces around it trimmed where the product says it trims) or
# refused: exit 1 or 2 and one sentence on stderr starting "confidectl: ",
# holding no control character and not the text itself.  Never a crash;
# "confidectl verify" passes afterwards.
#
# Each signed-in call derives a key (a third of a second or more), so the
# whole matrix (every string with every argument, some 2,500 pairs) takes
# half an hour: the suite's round tries one pair in 2 x 19 (each target a
# couple of strings, a different share for each HOSTILE_SEED); HOSTILE_ALL=1
# tries them all, every string with every argument.
set -u

. "$(dirname "$0")/cli-lib.sh"
. "$SOURCE_ROOT/tests/hostile-strings.sh"
hostile_load "$SOURCE_ROOT/tests/data/hostile-strings" hs

printf 'manager passphrase\n' > mpw
M=(--data-dir d --user "Mari Manager" --passphrase-file mpw)
expect 0 "init" -- $C --data-dir d --passphrase-file mpw init --office "Office" --user "Mari Manager" --sync-dir s
expect 0 "a student for records" -- $C "${M[@]}" student add --name "Record Holder"
HOLDER=$out

tried=0 stored=0 trimmed=0 refused=0

# The value of $2 as read back from JSON file $1 along a path: keys, list
# indexes, or FIELD=VALUE to pick an element of a list (null reads as "").
jget () {
  python3 - "$@" <<'PY'
import json, sys
data = json.load(open(sys.argv[1], encoding='utf-8'))
for step in sys.argv[2:]:
    if isinstance(data, list) and '=' in step:
        field, value = step.split('=', 1)
        data = next(x for x in data if x.get(field) == value)
    elif isinstance(data, list):
        data = data[int(step)]
    else:
        data = data[step]
sys.stdout.buffer.write(b'' if data is None else str(data).encode('utf-8'))
PY
}

# A refusal as the interfaces promise it: one line, "confidectl: ", a
# sentence's end, no control character nor direction override (they would
# reach the terminal), and not the hostile text ($1) unless it was given
# as an id or a date ($echo_ok: quoting it back helps there) or it starts
# with a dash (then it is read as an option, and named as one).
echo_ok=0
proper_refusal () {
  python3 - "hs/$1" "$echo_ok" <<'PY'
import re, sys
err = open('err.txt', 'rb').read()
text = open(sys.argv[1], 'rb').read()
line = err.decode('utf-8', 'replace')
bad = (err.count(b'\n') != 1 or not err.endswith(b'\n') or not line.startswith('confidectl: ')
       or not line.rstrip('\n').endswith(('.', ')'))
       or re.search('[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]', line)
       or (sys.argv[2] != '1' and len(text) >= 6 and text in err and not text.startswith(b'-')))
sys.exit(1 if bad else 0)
PY
}

# attempt LABEL NAME -- COMMAND...: runs it and says whether it stored (0),
# was refused properly (1) or failed the test (2: a crash, a sanitizer's
# report, an exit status or a message the interfaces do not allow).
attempt () {
  local label=$1 name=$2
  shift 3
  tried=$((tried + 1))
  "$@" > out.txt 2> err.txt
  local got=$?
  if [ "$got" -eq 0 ]; then return 0; fi
  if { [ "$got" -eq 1 ] || [ "$got" -eq 2 ]; } && proper_refusal "$name"; then
    refused=$((refused + 1))
    ok "$label: $name refused"
    return 1
  fi
  not_ok "$label: $name: exit $got: $(head -c 300 err.txt | tr '\000-\037' '?')"
  return 2
}

# same LABEL NAME FILE [trim]: the text read back (FILE) is the string, byte
# for byte; with "trim", the string with the spaces around it taken off.
same () {
  local label=$1 name=$2 got=$3 mode=${4:-}
  if cmp -s "$got" "hs/$name"; then
    stored=$((stored + 1)); ok "$label: $name stored"; return
  fi
  if [ "$mode" = trim ] && [ "$(cat "$got"; printf x)" = "$(python3 -c '
import sys; sys.stdout.buffer.write(open(sys.argv[1], "rb").read().strip(b" \t\n\r\v\f"))' "hs/$name"; printf x)" ]; then
    trimmed=$((trimmed + 1)); ok "$label: $name stored, trimmed"; return
  fi
  not_ok "$label: $name read back as $(head -c 60 "$got" | od -An -c | head -2 | tr -s ' ')"
}

# --- the arguments ---
# Each target takes the string's name, tries it, and reads it back now or
# leaves a check for the end (student fields, notes, topics on $HOLDER).
checks=()

student_field () {
  local field=$1 name=$2 value
  value=$(hostile_arg "$name"; printf x) || return 0
  value=${value%x}
  if [ "$field" = name ]; then
    attempt "student add --name" "$name" -- $C "${M[@]}" student add --name "$value"
  else
    attempt "student add --$field" "$name" -- $C "${M[@]}" student add --name "Plain $tried" "--$field" "$value"
  fi
  [ $? -eq 0 ] && checks+=("list|$(cat out.txt)|${field/-/_}|$name|student add --$field")
}
t_name () { student_field name "$1"; }
t_number () { student_field student-id "$1"; }
t_college () { student_field college "$1"; }
t_faculty () { student_field faculty "$1"; }
t_email () { student_field email "$1"; }

# A student of its own for what a student holds once (a flag, a hold).
own_student () {
  $C "${M[@]}" student add --name "Own $tried" > own.txt 2> err.txt && cat own.txt
}

reason_of_own () {
  local label=$1 name=$2 path=$3 id value
  shift 3
  value=$(hostile_arg "$name"; printf x) || return 0
  value=${value%x}
  id=$(own_student) || { not_ok "$label: a student to hold it"; return; }
  attempt "$label" "$name" -- $C "${M[@]}" student "$@" "$id" --reason "$value"
  [ $? -eq 0 ] && checks+=("export|$id|$path|$name|$label")
}
t_flag () { reason_of_own "student flag --reason" "$1" "sections student 0 removed_reason" flag --removed-from-course on; }
t_hold () { reason_of_own "student hold --reason" "$1" "sections retention_holds 0 reason" hold; }

t_destroy () {
  local name=$1 id value
  value=$(hostile_arg "$name"; printf x) || return 0
  id=$(own_student) || { not_ok "student destroy: a student"; return; }
  # The reason is the manager's words, kept in the audit entry's detail.
  attempt "student destroy --reason" "$name" -- $C "${M[@]}" student destroy "$id" --reason "${value%x}" --yes
}

t_topic () {
  local name=$1 value
  value=$(hostile_arg "$name"; printf x) || return 0
  attempt "appointment add --topic" "$name" -- $C "${M[@]}" appointment add --student "$HOLDER" \
    --start 2030-01-07T10:00 --end 2030-01-07T11:00 --topic "${value%x}"
  [ $? -eq 0 ] && checks+=("export|$HOLDER|sections appointments id=$(cat out.txt) topic|$name|appointment add --topic")
}

t_case_topic () {
  local name=$1 value
  value=$(hostile_arg "$name"; printf x) || return 0
  attempt "case open --topic" "$name" -- $C "${M[@]}" case open --student "$HOLDER" --topic "${value%x}"
  [ $? -eq 0 ] && checks+=("export|$HOLDER|sections cases id=$(cat out.txt) topic|$name|case open --topic")
}

# Files carry what arguments cannot: NUL, a megabyte.
t_note () {
  local name=$1
  attempt "note add --text-file" "$name" -- $C "${M[@]}" note add --student "$HOLDER" --kind note --text-file "hs/$name"
  [ $? -eq 0 ] && checks+=("export|$HOLDER|sections case_entries id=$(cat out.txt) body|$name|note add --text-file")
}

t_extend () {
  local name=$1 value ar
  value=$(hostile_arg "$name"; printf x) || return 0
  ar=$($C "${M[@]}" access-request add --student "$HOLDER" --received 2026-12-01 2> err.txt) ||
    { not_ok "access-request add: $(cat err.txt)"; return; }
  attempt "access-request extend --reason" "$name" -- $C "${M[@]}" access-request extend "$ar" --reason "${value%x}"
  [ $? -eq 0 ] && checks+=("requests|$ar|extension_reason|$name|access-request extend --reason")
}

t_revoke () {
  local name=$1 value id
  value=$(hostile_arg "$name"; printf x) || return 0
  $C "${M[@]}" enroll kiosk --out "k$tried.bundle" --code-file "k$tried.code" > /dev/null 2> err.txt &&
    $C "${M[@]}" --json machine list > machines.json 2> err.txt ||
    { not_ok "enroll kiosk: $(cat err.txt)"; return; }
  id=$(python3 -c 'import json,sys; print([m["id"] for m in json.load(open("machines.json")) if m["kind"] == "kiosk" and m["revoked"] is None][-1])')
  attempt "machine revoke --reason" "$name" -- $C "${M[@]}" machine revoke "$id" --reason "${value%x}"
  [ $? -eq 0 ] && checks+=("machines|$id|revoke_reason|$name|machine revoke --reason|trim")
}

t_set_topics () {
  local name=$1 value
  value=$(hostile_arg "$name"; printf x) || return 0
  attempt "settings set-topics" "$name" -- $C "${M[@]}" settings set-topics "${value%x}" "Money"
  [ $? -eq 0 ] || return
  $C "${M[@]}" --json settings show > settings.json 2> err.txt || { not_ok "settings show: $(cat err.txt)"; return; }
  jget settings.json topics 0 > got.txt
  same "settings set-topics" "$name" got.txt trim
}

t_hours () {
  local name=$1 value
  value=$(hostile_arg "$name"; printf x) || return 0
  attempt "settings set-hours" "$name" -- $C "${M[@]}" settings set-hours "${value%x}"
  [ $? -eq 0 ] || return
  $C "${M[@]}" --json settings show > settings.json 2> err.txt || { not_ok "settings show: $(cat err.txt)"; return; }
  jget settings.json hours > got.txt
  same "settings set-hours" "$name" got.txt trim
}

t_wording () {
  local name=$1
  attempt "settings set-consent-wording" "$name" -- $C "${M[@]}" settings set-consent-wording --text-file "hs/$name"
  [ $? -eq 0 ] || return
  $C "${M[@]}" settings consent-wording > got.txt 2> err.txt || { not_ok "settings consent-wording: $(cat err.txt)"; return; }
  # The command prints the wording and a new line.
  truncate -s -1 got.txt
  same "settings set-consent-wording" "$name" got.txt
}

t_user () {
  local name=$1 value
  value=$(hostile_arg "$name"; printf x) || return 0
  attempt "user add NAME" "$name" -- $C "${M[@]}" user add "${value%x}" --role adviser --new-passphrase-file mpw
  [ $? -eq 0 ] && checks+=("users|-|name|$name|user add NAME")
}

t_office () {
  local name=$1 value dir=o$tried
  value=$(hostile_arg "$name"; printf x) || return 0
  attempt "init --office" "$name" -- $C --data-dir "$dir" --passphrase-file mpw init --office "${value%x}" \
    --user "Mari Manager" --sync-dir "$dir-sync"
  # Nothing a command prints reads the office's name back; it must not
  # crash nor be refused without a sentence.
  rm -rf "$dir" "$dir-sync"
}

# Where an id or a date is expected: refused, or a lookup that finds nothing.
t_ids () {
  local name=$1 value
  value=$(hostile_arg "$name"; printf x) || return 0
  value=${value%x}
  echo_ok=1
  attempt "student show ID" "$name" -- $C "${M[@]}" student show "$value" &&
    not_ok "student show: $name found a student"
  attempt "access-request add --received" "$name" -- $C "${M[@]}" access-request add --student "$HOLDER" --received "$value" &&
    not_ok "access-request add: $name taken as a date"
  attempt "audit --student" "$name" -- $C "${M[@]}" audit --student "$value" &&
    not_ok "audit --student: $name taken as an id"
  echo_ok=0
}

targets=(t_name t_number t_college t_faculty t_email t_flag t_hold t_destroy t_topic t_case_topic
         t_note t_extend t_revoke t_set_topics t_hours t_wording t_user t_office t_ids)

# --- the round ---
# Pair (string i, target t) is tried when (i + t * 7 + seed) % K == 0; the
# suite's K gives each string one target and each target a turning share.
seed=${HOSTILE_SEED:-0}
if [ "${HOSTILE_ALL:-0}" = 1 ]; then K=1; else K=$((2 * ${#targets[@]})); fi
for ((i = 0; i < ${#HOSTILE_NAMES[@]}; i++)); do
  for ((t = 0; t < ${#targets[@]}; t++)); do
    [ $(((i + t * 7 + seed) % K)) -eq 0 ] && "${targets[t]}" "${HOSTILE_NAMES[i]}"
  done
done

# --- reading back what was left for the end ---
$C "${M[@]}" --json student list > students.json 2> err.txt || not_ok "student list: $(cat err.txt)"
$C "${M[@]}" --json access-request list > requests.json 2> err.txt || not_ok "access-request list: $(cat err.txt)"
$C "${M[@]}" --json machine list > machines.json 2> err.txt || not_ok "machine list: $(cat err.txt)"
$C "${M[@]}" --json user list > users.json 2> err.txt || not_ok "user list: $(cat err.txt)"
$C "${M[@]}" student export "$HOLDER" --format json --out holder.json > /dev/null 2> err.txt ||
  not_ok "student export: $(cat err.txt)"
for check in "${checks[@]}"; do
  IFS='|' read -r kind id path name label mode <<< "$check"
  case $kind in
    list) jget students.json "id=$id" "$path" > got.txt ;;
    requests) jget requests.json "id=$id" "$path" > got.txt ;;
    machines) jget machines.json "id=$id" "$path" > got.txt ;;
    users) python3 -c '
import json, sys
want = open(sys.argv[2], "rb").read()
names = [u["name"].encode() for u in json.load(open(sys.argv[1], encoding="utf-8"))]
sys.stdout.buffer.write(want if want in names else b"(no such user)")' users.json "hs/$name" > got.txt ;;
    export)
      if [ "$id" = "$HOLDER" ]; then cp holder.json export.json
      else $C "${M[@]}" student export "$id" --format json --out export.json > /dev/null 2> err.txt; fi
      # shellcheck disable=SC2086
      jget export.json $path > got.txt ;;
  esac
  same "$label" "$name" got.txt "$mode"
done

# A known fault, reported and not yet fixed: once a kiosk is revoked,
# verify cannot read this desk's own acks file in the sync folder (written
# under the feed key revoking replaced) and calls it tampered, exit 4,
# until the next sync pass writes it again.  A TODO line until it is fixed.
$C "${M[@]}" verify > out.txt 2> err.txt
if [ $? -eq 4 ] && grep -q "/acks failed its check" err.txt && [ -n "$(ls ./k*.bundle 2>/dev/null)" ]; then
  n=$((n + 1)); echo "not ok $n - verify right after a revoke # TODO this desk's acks read as tampered until a sync"
  $C "${M[@]}" sync > /dev/null 2>&1
fi
expect 0 "confidectl verify passes afterwards" -- $C "${M[@]}" verify
echo "# hostile.cli $tried tried, $stored stored, $trimmed stored trimmed, $refused refused (${#HOSTILE_NAMES[@]} strings, ${#targets[@]} arguments, K=$K seed=$seed)"
echo "1..$n"
[ "$failed" -eq 0 ]
