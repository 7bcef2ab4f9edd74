#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Each man page given renders with man(1) without a single warning.
set -u
status=0
for page in "$@"; do
  warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
  if [ -n "$warnings" ]; then
    echo "$page:"; echo "$warnings"; status=1
  else
    echo "$page: no warnings"
  fi
done
exit $status
