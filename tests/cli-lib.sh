# SPDX-License-Identifier: GPL-3.0-or-later
# What every confidectl test script shares, sourced first: confidectl ($C),
# a folder of its own to work in, and TAP output.
#   expect STATUS DESCRIPTION -- COMMAND...  runs it, keeps stdout in $out and
#                                            stderr in $err, checks the status;
#   check DESCRIPTION EXPRESSION             an ok when the shell expression holds.
# The script ends with the plan and its status: echo "1..$n"; [ "$failed" -eq 0 ].

C=${CONFIDECTL:?set by meson}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

expect () {
  local want=$1 what=$2
  shift 3
  "$@" >out.txt 2>err.txt
  local got=$?
  out=$(cat out.txt)
  err=$(cat err.txt)
  if [ "$got" -eq "$want" ]; then ok "$what"; else not_ok "$what (exit $got, wanted $want: $err)"; fi
}

check () {
  if eval "$2"; then ok "$1"; else not_ok "$1"; fi
}
