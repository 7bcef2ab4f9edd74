#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Each .desktop file's Icon= names an icon we ship: a scalable SVG and a
# 16x16 symbolic one in the one colour GTK recolours (#2e3436), and both
# load (gdk-pixbuf reads SVG through librsvg, as the icon theme does).
set -u
icons=$SOURCE_ROOT/data/icons
status=0
fail () { echo "not ok - $*"; status=1; }
for desktop in "$SOURCE_ROOT"/data/*.desktop.in; do
  name=$(sed -n 's/^Icon=//p' "$desktop")
  for svg in "$icons/$name.svg" "$icons/$name-symbolic.svg"; do
    [ -f "$svg" ] || { fail "$(basename "$desktop") names $name, but $svg is missing"; continue; }
    /usr/bin/python3 -c 'import sys, gi; gi.require_version("GdkPixbuf", "2.0"); from gi.repository import GdkPixbuf; GdkPixbuf.Pixbuf.new_from_file_at_size(sys.argv[1], 64, 64)' "$svg" ||
      fail "$svg does not load"
  done
  symbolic=$icons/$name-symbolic.svg
  [ -f "$symbolic" ] || continue
  grep -q 'viewBox="0 0 16 16"' "$symbolic" || fail "$symbolic is not 16x16"
  colours=$(grep -o '#[0-9a-fA-F]\{3,6\}\b' "$symbolic" | sort -u | paste -sd' ')
  [ "$colours" = "#2e3436" ] || fail "$symbolic uses $colours, not #2e3436 alone"
  [ $status -eq 0 ] && echo "ok - $name: scalable and symbolic icons"
done
exit $status
