#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs tests/e2e/test_kiosk_session.py the way the kiosk session runs the
# kiosk: under cage, a real Wayland compositor (here with a headless
# output), as an unprivileged user, with its own runtime folder and D-Bus
# session bus (and accessibility bus), nothing of the machine's desktop read.
#
#   run-session.sh TEST.py [SECONDS]
#
# cage refuses to run as root, as a kiosk should: run as root (CI), this
# runs the test as nobody, from copies of what it runs (the build folder
# may be out of nobody's reach), and copies its screenshots back into
# BUILD_ROOT/e2e-shots.  Needs BUILD_ROOT (meson's test environment sets it).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 TEST.py [SECONDS]" >&2
  exit 2
fi
test_py=$(realpath "$1")
seconds=${2:-100}
: "${BUILD_ROOT:?BUILD_ROOT must name the build folder}"

for tool in cage grim Xwayland dbus-run-session identify setpriv /usr/libexec/at-spi-bus-launcher; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-session: $tool is missing (Debian packages: cage grim xwayland dbus at-spi2-core imagemagick util-linux)" >&2
    exit 1
  fi
done

E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/confide-session.XXXXXX")
trap 'rm -rf "$E2E_TMP"' EXIT
chmod 755 "$E2E_TMP"
mkdir -p "$E2E_TMP"/{home,config,data,cache,runtime,shots,bin,e2e}
chmod 700 "$E2E_TMP/runtime"
cp "$BUILD_ROOT/kiosk/confide-kiosk" "$BUILD_ROOT/desk/confidectl" "$E2E_TMP/bin/"
cp "$BUILD_ROOT/data/gschemas.compiled" "$E2E_TMP/bin/"
cp "$BUILD_ROOT/data/kiosk-session/confide-kiosk-session.service" "$E2E_TMP/"
cp "$(dirname "$test_py")"/*.py "$E2E_TMP/e2e/"

as_user=()
if [ "$(id -u)" -eq 0 ]; then
  chown -R nobody:nogroup "$E2E_TMP"
  as_user=(setpriv --reuid=nobody --regid=nogroup --init-groups)
fi

# The environment of the test, and of cage and the kiosk it starts: only
# what is set here (env -i).
status=0
"${as_user[@]}" env -i \
  PATH=/usr/local/bin:/usr/bin:/bin \
  LC_ALL="${LC_ALL:-C.UTF-8}" G_DEBUG="${G_DEBUG:-}" \
  E2E_TMP="$E2E_TMP" BUILD_ROOT="$E2E_TMP/bin" SOURCE_ROOT="${SOURCE_ROOT:-}" \
  CONFIDE_KIOSK="$E2E_TMP/bin/confide-kiosk" CONFIDECTL="$E2E_TMP/bin/confidectl" \
  SESSION_UNIT="$E2E_TMP/confide-kiosk-session.service" \
  E2E_SHOTS="$E2E_TMP/shots" \
  HOME="$E2E_TMP/home" XDG_CONFIG_HOME="$E2E_TMP/config" XDG_DATA_HOME="$E2E_TMP/data" \
  XDG_CACHE_HOME="$E2E_TMP/cache" XDG_RUNTIME_DIR="$E2E_TMP/runtime" \
  GTK_A11Y=atspi GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$E2E_TMP/bin" GTK_USE_PORTAL=0 GDK_DEBUG=no-portals \
  timeout --kill-after=10 "$seconds" dbus-run-session -- bash -c '
    /usr/libexec/at-spi-bus-launcher --launch-immediately &
    launcher=$!
    trap "kill \$launcher 2>/dev/null; wait 2>/dev/null" EXIT
    /usr/bin/python3 "$1"
  ' run-session "$E2E_TMP/e2e/$(basename "$test_py")" || status=$?

mkdir -p "$BUILD_ROOT/e2e-shots"
for shot in "$E2E_TMP"/shots/*.png; do
  [ -e "$shot" ] || continue
  cp "$shot" "$BUILD_ROOT/e2e-shots/"
  echo "# screenshot: $BUILD_ROOT/e2e-shots/$(basename "$shot")"
done
exit "$status"
