#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ./run demo: a throw-away demo office, then the kiosk and the desk on one
# shared sync folder.  Everything goes through confidectl, as a real office's
# set-up would.
set -euo pipefail
build=$(cd "${1:?usage: demo.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
C="$build/desk/confidectl"
desk="$build/desk/confide-desk"
kiosk="$build/kiosk/confide-kiosk"

demo=$(mktemp -d /tmp/confide-demo-XXXXXX)
data="$demo/desk-data"
sync="$demo/sync"
cd "$demo"

printf 'demo manager passphrase\n' > manager.pw
printf 'demo adviser passphrase\n' > adviser.pw
printf 'demo admin passphrase\n' > admin.pw
M=(--data-dir "$data" --user "Morgan Manager" --passphrase-file manager.pw)
A=(--data-dir "$data" --user "Alex Adviser" --passphrase-file adviser.pw)

"$C" --data-dir "$data" --passphrase-file manager.pw init --office "Demo Advice Office" \
  --user "Morgan Manager" --sync-dir "$sync" >/dev/null
"$C" "${M[@]}" user add "Alex Adviser" --role adviser --new-passphrase-file adviser.pw
"$C" "${M[@]}" user add "Sam Admin" --role admin --new-passphrase-file admin.pw

today=$(date +%Y-%m-%d)
add_student () { "$C" "${A[@]}" student add "$@"; }
s1=$(add_student --name "Priya Raman" --student-id 2291034 --college "Newnham" --faculty "Law")
s2=$(add_student --name "Tomasz Nowak" --student-id 2280117 --college "Churchill" --faculty "Engineering")
s3=$(add_student --name "Aisha Bello" --student-id 2301552 --college "King's" --faculty "History")
s4=$(add_student --name "Liu Yang" --student-id 2277310 --college "Girton" --faculty "Medicine")

book () { "$C" "${A[@]}" appointment add --student "$1" --start "${today}T$2" --end "${today}T$3" \
            --adviser "Alex Adviser" --mode "$4" --topic "$5"; }
book "$s1" 10:00 10:45 in-person "Academic appeal" >/dev/null
book "$s2" 11:30 12:00 phone "Housing" >/dev/null
later=$(book "$s3" 14:00 14:30 in-person "Fitness to study")
book "$s4" 15:30 16:00 video "Finance" >/dev/null
booking=$("$C" "${A[@]}" appointment code "$later")

note () { printf '%s\n' "$3" > note.txt; "$C" "${A[@]}" note add --student "$1" --kind "$2" --text-file note.txt >/dev/null; }
note "$s1" note "First contact: appeal against a late-submission penalty; evidence of illness."
note "$s1" advice "Explained the appeal stages and the deadline for the first stage."
note "$s2" note "Landlord withholding deposit; tenancy agreement reviewed."
rm -f note.txt

# A kiosk enrolled in the office, sharing the sync folder.
pin=246810
if [ -x "$kiosk" ]; then
  printf '%s\n' "$pin" > staff.pin
  "$C" "${M[@]}" enroll kiosk --out kiosk.bundle --code-file kiosk.code >/dev/null
  "$kiosk" --data-dir "$demo/kiosk-data" --sync-dir "$sync" --enroll kiosk.bundle \
    --code-file kiosk.code --set-pin-file staff.pin >/dev/null
  rm -f kiosk.bundle kiosk.code staff.pin
fi

# Two students who dropped in at that kiosk this morning, handed in exactly
# as the kiosk's screens hand them in (the tests' kiosk without screens).
drop_in () {
  printf '{"anonymous": false, "name": "%s", "student_id": "%s", "college": "%s",
           "contact": "", "consent": {"version": "1", "language": "en", "signature": "%s",
           "parties": {"college-tutor": false, "health": false}}}\n' "$1" "$2" "$3" "$1" > visit.json
  "$submit" drop-in "$demo/kiosk-data" visit.json "$4" >/dev/null
  rm -f visit.json
}
submit="$build/tests/kiosk-submit"
if [ -x "$kiosk" ] && [ -x "$submit" ]; then
  drop_in "Jonah Ellis" 2310448 "Trinity" "Money"
  drop_in "Mei Chen" 2298731 "Selwyn" "Housing"
fi
"$C" "${A[@]}" sync >/dev/null

cat <<EOF

Demo office "Demo Advice Office" in $demo (throw-away).
Sync folder: $sync

Sign in to the desk as:
  Morgan Manager   passphrase: demo manager passphrase   (manager)
  Alex Adviser     passphrase: demo adviser passphrase   (adviser)
  Sam Admin        passphrase: demo admin passphrase     (administrator: cannot read cases)

At the kiosk, "I have an appointment" takes the booking code $booking (today, 14:00).
The kiosk's staff PIN (press and hold its top corner, or Ctrl+Alt+S): $pin

Try it from the command line too:
  $C --data-dir $data --user "Alex Adviser" appointment list
EOF

apps=()
[ -x "$desk" ] && apps+=("desk")
[ -x "$kiosk" ] && apps+=("kiosk")
if [ ${#apps[@]} -eq 0 ]; then
  echo
  echo "The desk and kiosk windows are not built yet; the office above is ready for confidectl."
  exit 0
fi

launch () {
  case "$1" in
    desk) "$desk" --data-dir "$data" --sync-dir "$sync" --user "Alex Adviser" "${@:2}" ;;
    kiosk) "$kiosk" --data-dir "$demo/kiosk-data" --sync-dir "$sync" --windowed ;;
  esac
}

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  for app in "${apps[@]}"; do launch "$app" & done
  wait
  exit 0
fi

# No display: each window on a virtual screen of its own, photographed once
# it has settled; the desk signed in as Alex Adviser, on Today.
echo
echo "No display here: running ${apps[*]} under Xvfb and saving screenshots."
shots="$demo/screenshots"
mkdir -p "$shots"
for app in "${apps[@]}"; do
  args=()
  [ "$app" = desk ] && args=(--passphrase-file "$demo/adviser.pw")
  xvfb-run -a -s "-screen 0 1280x800x24" \
    "$here/photograph.sh" "$shots/$app.png" bash -c "$(declare -f launch); \
      desk='$desk' kiosk='$kiosk' data='$data' sync='$sync' demo='$demo'; launch $app ${args[*]}"
  echo "  $shots/$app.png"
done
