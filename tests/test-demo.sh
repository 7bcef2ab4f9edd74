#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's first command, as a newcomer on a server runs it: the demo
# with no display.  It must finish, print what a person needs to try the
# product, and leave two screenshots with something on them.
set -u

build=${BUILD_ROOT:?set by meson}
source=${SOURCE_ROOT:?set by meson}
out=$(mktemp)
demo=
trap 'rm -f "$out"; [ -n "$demo" ] && rm -rf "$demo"' EXIT

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check () { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

env -u DISPLAY -u WAYLAND_DISPLAY "$source/tests/demo/demo.sh" "$build" >"$out" 2>&1
status=$?
demo=$(sed -n 's/^Demo office .* in \(.*\) (throw-away)\.$/\1/p' "$out")
check "the demo exits 0 (it exited $status)" '[ "$status" -eq 0 ]'
[ "$status" -eq 0 ] || sed 's/^/# /' "$out"
check "it made a throw-away office in /tmp" '[[ "$demo" == /tmp/confide-demo-* ]]'
for line in "Morgan Manager   passphrase: demo manager passphrase" \
            "Alex Adviser     passphrase: demo adviser passphrase" \
            "Sam Admin        passphrase: demo admin passphrase"; do
  check "it prints \"$line\"" 'grep -qF "$line" "$out"'
done
check "it prints a booking code" \
  'grep -qE "takes the booking code [0-9A-Z]{3}-[0-9A-Z]{3} " "$out"'
check "it prints a staff PIN the kiosk accepts (6 to 12 digits)" \
  'grep -qE "staff PIN .*: [0-9]{6,12}$" "$out"'

# "Not blank": a screen of one colour, or nearly, has almost no spread.
spread () { convert "$1" -colorspace Gray -format '%[fx:standard_deviation]' info: 2>/dev/null; }
for app in desk kiosk; do
  shot="$demo/screenshots/$app.png"
  check "it saves $shot and says so" '[ -s "$shot" ] && grep -qF "  $shot" "$out"'
  check "the $app screenshot is not blank" \
    '[ -s "$shot" ] && awk -v s="$(spread "$shot")" "BEGIN { exit !(s > 0.05) }"'
done

echo "1..$n"
[ "$failed" -eq 0 ]
