#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The kiosk session's files (data/kiosk-session/), as meson built them:
# systemd-analyze verify passes the unit without a word, and fails it when
# it is broken; the kiosk the unit starts takes the options it is given; the
# PAM modules it names exist; the user and the folder it runs with are made
# by systemd-sysusers and systemd-tmpfiles, and are the ones it names.
#
#   test-kiosk-session-unit.sh   (TAP; BUILD_ROOT from meson's environment)
set -uo pipefail
: "${BUILD_ROOT:?BUILD_ROOT must name the build folder}"
session_src=$(dirname "$(realpath "$0")")/../data/kiosk-session
unit="$BUILD_ROOT/data/kiosk-session/confide-kiosk-session.service"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# verify looks up the unit's Documentation= man page: ours, from the
# sources, as installed it would be.
mkdir -p "$tmp/man/man1"
ln -s "$session_src"/../man/*.1 "$tmp/man/man1/"
export MANPATH="$tmp/man"

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
check () { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }

# Verified, with nothing said: systemd-analyze exits 0 on a misspelt key or
# a bad value (it only warns, and systemd would ignore the line), so any
# output is a failure too.
verifies () {
  local out
  out=$(cd "$(dirname "$1")" && systemd-analyze verify "$(basename "$1")" 2>&1)
  local status=$?
  [ -n "$out" ] && printf '# %s\n' "$out"
  [ "$status" -eq 0 ] && [ -z "$out" ]
}

# A copy of the unit with one line changed by sed expression $2.
broken () {
  local copy="$tmp/broken/confide-kiosk-session.service"
  mkdir -p "$tmp/broken"
  sed -e "$1" "$unit" >"$copy"
  cmp -s "$unit" "$copy" && { echo "# the expression $1 changed nothing"; return 1; }
  echo "$copy"
}

refused () {
  local copy
  copy=$(broken "$1") || return 1
  ! verifies "$copy" >/dev/null
}

check "systemd-analyze verify passes the unit without a warning" verifies "$unit"
check "verify fails the unit when cage is not where it says" refused 's|^ExecStart=/usr/bin/cage|ExecStart=/usr/bin/no-such-cage|'
check "verify fails the unit with a misspelt key" refused 's|^PAMName=|PAMNmae=|'
check "verify fails the unit with a bad value" refused 's|^Restart=always|Restart=sometimes|'

# cage, Mesa and Xwayland open the GPU's render node by path: a device
# allow-list (ProtectClock= and PrivateDevices= make one) must let it through.
opens_gpu () {
  local file=$1
  if grep -qE '^(ProtectClock|PrivateDevices)=(yes|true|1)' "$file" ||
     grep -q '^DeviceAllow=' "$file"; then
    grep -q '^DeviceAllow=char-drm' "$file"
  fi
}
check "the unit lets cage open the GPU by path" opens_gpu "$unit"
hides_gpu () {
  local copy
  copy=$(broken "$1") || return 1
  ! opens_gpu "$copy"
}
check "a unit with ProtectClock= would hide the GPU" hides_gpu 's|^ProtectHostname=yes|ProtectHostname=yes\nProtectClock=yes|'
check "a unit with PrivateDevices= would hide the GPU" hides_gpu 's|^ProtectHostname=yes|ProtectHostname=yes\nPrivateDevices=yes|'

# What the unit runs: the kiosk is an argument of cage, which verify does
# not look at.  The installed path is the build's bindir; the build's own
# kiosk stands for it.
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
read -r -a argv <<<"$exec_start"
check "the unit runs the kiosk under cage" test "${argv[0]}" = /usr/bin/cage -a "${argv[1]}" = -- \
  -a "$(basename "${argv[2]}")" = confide-kiosk
kiosk_help=$("$BUILD_ROOT/kiosk/confide-kiosk" --help-all 2>&1)
takes_options () {
  local option
  for option in "${argv[@]:3}"; do
    case "$option" in
      --*) grep -q -- "  $option" <<<"$kiosk_help" || { echo "# confide-kiosk has no $option"; return 1; } ;;
    esac
  done
}
check "the kiosk takes every option the unit gives it" takes_options
data_dir=$(sed -n 's/.*--data-dir \([^ ]*\).*/\1/p' <<<"$exec_start")
check "the unit's data folder is one of its StateDirectory= folders" \
  grep -q "^StateDirectory=.* ${data_dir#/var/lib/}\( \|$\)" "$unit"
runs_as_kiosk_user () {
  grep -qx 'User=confide-kiosk' "$unit" && grep -qx 'PAMName=confide-kiosk' "$unit"
}
check "the unit runs as confide-kiosk with the PAM file confide-kiosk" runs_as_kiosk_user

pam_modules_exist () {
  local module dir
  dir=$(dirname "$(find /lib /usr/lib -name pam_unix.so -path '*security*' 2>/dev/null | head -n 1)")
  for module in $(awk '!/^#/ && NF >= 3 {print $3}' "$session_src/confide-kiosk.pam"); do
    [ -e "$dir/$module" ] || { echo "# no PAM module $module in $dir"; return 1; }
  done
}
check "every PAM module the PAM file names exists" pam_modules_exist

# The user and the folder, made in a root of their own.  Giving a folder to
# another user needs root: not root, this part is skipped (CI runs as root).
if [ "$(id -u)" -eq 0 ]; then
  mkdir -p "$tmp/root/etc"
  user_made () {
    systemd-sysusers --root="$tmp/root" "$session_src/confide-kiosk.sysusers" >/dev/null 2>&1 &&
      grep -q '^confide-kiosk:x:[0-9]*:[0-9]*:[^:]*:/var/lib/confide-kiosk:/usr/sbin/nologin$' \
        "$tmp/root/etc/passwd"
  }
  check "systemd-sysusers makes confide-kiosk, no shell, its home the kiosk's folder" user_made
  folder_made () {
    local uid
    uid=$(awk -F: '$1 == "confide-kiosk" {print $3}' "$tmp/root/etc/passwd")
    systemd-tmpfiles --create --root="$tmp/root" "$session_src/confide-kiosk.tmpfiles" &&
      [ "$(stat -c '%a %u' "$tmp/root$data_dir")" = "700 $uid" ]
  }
  check "systemd-tmpfiles makes the unit's data folder, 0700, owned by confide-kiosk" folder_made
else
  echo "# not root: the sysusers and tmpfiles checks are skipped"
fi

echo "1..$n"
exit "$failed"
