#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# photograph.sh OUT.png COMMAND [ARGS...]: on the X display already set
# (xvfb-run), starts COMMAND, waits until its screen has settled (two
# looks a second apart show the same picture, after the first three
# seconds; a spinner or a page still filling in keeps changing), saves
# the screen as OUT.png, and ends COMMAND.  Gives up waiting after 30 s
# and saves what is there.
set -euo pipefail
out=$1
shift
"$@" >/dev/null 2>&1 &
pid=$!
sleep 3
previous=
for _ in $(seq 1 27); do
  now=$(xwd -root -silent | md5sum)
  [ "$now" = "$previous" ] && break
  previous=$now
  sleep 1
done
xwd -root -silent | convert xwd:- "$out"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
