#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one end-to-end test in a private session: its own D-Bus session bus,
# accessibility bus, X server (Xvfb), in-memory GSettings and XDG folders,
# so nothing of the desktop it runs on is touched or read.
#
#   run-e2e.sh TEST.py
#
# Needs BUILD_ROOT (meson's test environment sets it).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 TEST.py [SECONDS]" >&2
  exit 2
fi
test_py=$(realpath "$1")
# The whole run's limit; a long walk gives a longer one (and its meson
# timeout above it).
seconds=${2:-280}
: "${BUILD_ROOT:?BUILD_ROOT must name the build folder}"

for tool in dbus-run-session Xvfb xwd /usr/libexec/at-spi-bus-launcher; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-e2e: $tool is missing (Debian packages: dbus-x11 xvfb x11-apps at-spi2-core)" >&2
    exit 1
  fi
done
if ! /usr/bin/python3 -c 'import pyatspi' 2>/dev/null; then
  echo "run-e2e: python3-pyatspi is missing" >&2
  exit 1
fi

E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/confide-e2e.XXXXXX")
trap 'rm -rf "$E2E_TMP"' EXIT
mkdir -p "$E2E_TMP"/{home,config,data,cache,runtime}
chmod 700 "$E2E_TMP/runtime"

export E2E_TMP
export HOME="$E2E_TMP/home"
export XDG_CONFIG_HOME="$E2E_TMP/config"
export XDG_DATA_HOME="$E2E_TMP/data"
export XDG_CACHE_HOME="$E2E_TMP/cache"
export XDG_RUNTIME_DIR="$E2E_TMP/runtime"
export GTK_A11Y=atspi
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$BUILD_ROOT/data"
export E2E_SHOTS="$BUILD_ROOT/e2e-shots"
# No theme or input-method portal to wait for in a bare session.
export GTK_USE_PORTAL=0
export GDK_BACKEND=x11
unset NO_AT_BRIDGE DBUS_SESSION_BUS_ADDRESS AT_SPI_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY

# Inside one private D-Bus session: an X server, then the accessibility bus
# (it also starts the registry daemon), then the test.  timeout bounds the
# whole run even if something below hangs outside the test's own deadlines.
#
# The display number is random and high, and checked by connecting to it,
# so parallel runs (meson, other suites using "the first free number" from
# :0 or :99) do not race for the same one.  -noreset: by default an X server
# resets when its last client leaves (the check below, or the accessibility
# bus launcher), and a program that starts during the reset cannot open the
# display.
exec timeout --kill-after=10 "$seconds" dbus-run-session -- bash -c '
  set -u
  xvfb=
  launcher=
  trap "kill \$launcher \$xvfb 2>/dev/null; wait 2>/dev/null" EXIT
  for attempt in 1 2 3 4 5; do
    n=$((RANDOM % 20000 + 1000))
    [ -e "/tmp/.X$n-lock" ] && continue
    Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp -noreset 2>"$E2E_TMP/xvfb.log" &
    xvfb=$!
    for _ in $(seq 100); do
      [ -S "/tmp/.X11-unix/X$n" ] && xwd -display ":$n" -root -silent >/dev/null 2>&1 && break
      kill -0 "$xvfb" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$xvfb" 2>/dev/null && xwd -display ":$n" -root -silent >/dev/null 2>&1; then
      export DISPLAY=":$n"
      break
    fi
    kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null; xvfb=
  done
  if [ -z "$xvfb" ]; then
    echo "run-e2e: Xvfb did not start:" >&2
    cat "$E2E_TMP/xvfb.log" >&2
    exit 1
  fi
  /usr/libexec/at-spi-bus-launcher --launch-immediately &
  launcher=$!
  status=0
  /usr/bin/python3 "$1" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "# X server on $DISPLAY said:" >&2
    cat "$E2E_TMP/xvfb.log" >&2
  fi
  exit "$status"
' run-e2e "$test_py"
