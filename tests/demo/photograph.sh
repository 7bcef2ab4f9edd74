#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# photograph.sh OUT.png COMMAND [ARGS...]: on the X display already set
# (xvfb-run), starts COMMAND, waits until its window is on the screen
# (the screen no longer looks as it did before COMMAND started: on a busy
# machine a window can take many seconds to appear) and has settled (two
# looks a second apart show the same picture; a spinner or a page still
# filling in keeps changing), saves the screen as OUT.png, and ends
# COMMAND.  Gives up waiting after 90 s and saves what is there.
set -euo pipefail
out=$1
shift
empty=$(xwd -root -silent | md5sum)
"$@" >/dev/null 2>&1 &
pid=$!
sleep 3
previous=
for _ in $(seq 1 87); do
  now=$(xwd -root -silent | md5sum)
  [ "$now" = "$previous" ] && [ "$now" != "$empty" ] && break
  previous=$now
  sleep 1
done
xwd -root -silent | convert xwd:- "$out"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
