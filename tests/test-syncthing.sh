#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Two desks on two Syncthing instances (127.0.0.1 only: no discovery, no
# relays, no NAT): a change made on one desk appears on the other.  Real
# Syncthing carries the sync folder; Confide only writes and reads files.
set -u

C=${CONFIDECTL:?set by meson}
PY=/usr/bin/python3
work=$(mktemp -d)
pids=()
cleanup () {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check () { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
finish () { echo "1..$n"; [ "$failed" -eq 0 ]; exit $?; }

if ! command -v syncthing >/dev/null; then
  echo "not ok 1 - syncthing is not installed (./run installs it)"
  echo "1..1"
  exit 1
fi

free_port () {
  $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# configure HOME LISTEN_PORT GUI_PORT FOLDER PEER_ID PEER_PORT
configure () {
  $PY - "$@" <<'EOF'
import sys, xml.etree.ElementTree as ET
home, listen, gui, folder, peer, peer_port = sys.argv[1:7]
path = home + "/config.xml"
tree = ET.parse(path)
root = tree.getroot()
me = root.find("device")
options = root.find("options")
def setopt(name, value):
    for e in options.findall(name):
        options.remove(e)
    e = ET.SubElement(options, name)
    e.text = value
setopt("listenAddress", "tcp://127.0.0.1:" + listen)
for name, value in [("globalAnnounceEnabled", "false"), ("localAnnounceEnabled", "false"),
                    ("relaysEnabled", "false"), ("natEnabled", "false"), ("urAccepted", "-1"),
                    ("crashReportingEnabled", "false"), ("autoUpgradeIntervalH", "0"),
                    ("startBrowser", "false")]:
    setopt(name, value)
root.find("gui").find("address").text = "127.0.0.1:" + gui
for f in root.findall("folder"):
    root.remove(f)
me.find("address").text = "tcp://127.0.0.1:" + listen
other = ET.SubElement(root, "device", id=peer, name="peer", compression="metadata",
                      introducer="false", skipIntroductionRemovals="false", introducedBy="")
ET.SubElement(other, "address").text = "tcp://127.0.0.1:" + peer_port
ET.SubElement(other, "paused").text = "false"
f = ET.Element("folder", id="confide-sync", label="Confide", path=folder, type="sendreceive",
               rescanIntervalS="2", fsWatcherEnabled="true", fsWatcherDelayS="1",
               ignorePerms="false", autoNormalize="true")
ET.SubElement(f, "device", id=me.get("id"), introducedBy="")
ET.SubElement(f, "device", id=peer, introducedBy="")
ET.SubElement(f, "minDiskFree", unit="%").text = "0"
root.insert(0, f)
tree.write(path)
EOF
}

device_id () {
  syncthing generate --home="$1" --no-default-folder 2>&1 | sed -n 's/.*Device ID: \([A-Z0-9-]*\).*/\1/p'
}

mkdir -p sa sb
ida=$(device_id st-a)
idb=$(device_id st-b)
check "two Syncthing identities" '[ -n "$ida" ] && [ -n "$idb" ]'
pa=$(free_port); pb=$(free_port); ga=$(free_port); gb=$(free_port)
configure st-a "$pa" "$ga" "$work/sa" "$idb" "$pb"
configure st-b "$pb" "$gb" "$work/sb" "$ida" "$pa"
syncthing serve --home=st-a --no-browser --no-restart --logfile=st-a.log >/dev/null 2>&1 &
pids+=($!)
syncthing serve --home=st-b --no-browser --no-restart --logfile=st-b.log >/dev/null 2>&1 &
pids+=($!)

printf 'manager passphrase\n' > pw
A=(--data-dir desk-a --user "Mari Manager" --passphrase-file pw)
B=(--data-dir desk-b --user "Mari Manager" --passphrase-file pw)

$C --data-dir desk-a --passphrase-file pw init --office "Syncthing Office" --user "Mari Manager" \
   --sync-dir "$work/sa" >/dev/null
s1=$($C "${A[@]}" student add --name "Carried By Syncthing")
$C "${A[@]}" enroll desk --out desk.bundle --code-file desk.code >/dev/null
check "desk A enrolled desk B" '[ -s desk.bundle ] && [ -s desk.code ]'

# wait_for SECONDS COMMAND: polls, bounded.
wait_for () {
  local deadline=$((SECONDS + $1))
  shift
  while [ $SECONDS -lt $deadline ]; do
    if eval "$@"; then return 0; fi
    sleep 0.5
  done
  return 1
}

# Syncthing copies desk A's folder (its segments, acks and feed) to B's.
node_a=$(sed -n 's/^id=//p' desk-a/node.conf)
wait_for 90 '[ -n "$(ls "$work/sb/$node_a"/*.seg 2>/dev/null)" ]'
check "Syncthing carried desk A's segments to B's folder" '[ -n "$(ls "$work/sb/$node_a"/*.seg 2>/dev/null)" ]'

$C --data-dir desk-b --sync-dir "$work/sb" --user "Mari Manager" --passphrase-file pw \
   join desk.bundle --code-file desk.code >/dev/null 2>join.err
check "desk B joined from its own Syncthing folder" '$C "${B[@]}" student list | grep -q "Carried By Syncthing"'

# A change on A appears on B.
$C "${A[@]}" student add --name "Added Later On A" >/dev/null
$C "${A[@]}" sync >/dev/null
wait_for 90 '$C "${B[@]}" sync >/dev/null 2>&1; $C "${B[@]}" student list | grep -q "Added Later On A"'
check "a student added on A appears on B" '$C "${B[@]}" student list | grep -q "Added Later On A"'

# And back: B's change reaches A.
printf 'Seen at desk B.\n' > note.txt
$C "${B[@]}" note add --student "$s1" --kind note --text-file note.txt >/dev/null
$C "${B[@]}" sync >/dev/null
wait_for 90 '$C "${A[@]}" sync >/dev/null 2>&1; $C "${A[@]}" student show "$s1" | grep -q "Seen at desk B"'
check "a note written on B appears on A" '$C "${A[@]}" student show "$s1" | grep -q "Seen at desk B"'

wait_for 60 '$C "${A[@]}" sync >/dev/null 2>&1; $C "${B[@]}" sync >/dev/null 2>&1; [ "$($C "${A[@]}" digest)" = "$($C "${B[@]}" digest)" ]'
check "both desks have the same digest" '[ "$($C "${A[@]}" digest)" = "$($C "${B[@]}" digest)" ]'
check "no name is in any file Syncthing carried" '! grep -rqF "Carried By Syncthing" "$work/sa" "$work/sb"'

finish
