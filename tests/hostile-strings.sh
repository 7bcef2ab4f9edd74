# SPDX-License-Identifier: GPL-3.0-or-later
# The shell's reader of tests/data/hostile-strings, sourced by a test:
#   hostile_load LIST DIR   decodes every entry into DIR/NAME (its exact
#                           bytes) and lists the names in HOSTILE_NAMES;
#   hostile_arg NAME        prints the value for use as an argument: it fails
#                           when the value cannot be one (a NUL byte, or
#                           longer than Linux takes in one argument, 128 KiB).
# printf '%b' decodes the list's escapes (\\ \n \t \r \xNN) as the file
# documents; the file uses no other backslash sequence, so %b's others
# (\c, \0NNN, \u) never apply.

HOSTILE_NAMES=()
HOSTILE_DIR=

hostile_repeat () {
  local unit=$1 times=$2 out=
  while [ "$times" -gt 0 ]; do
    if [ $((times % 2)) -eq 1 ]; then out+=$unit; fi
    unit+=$unit
    times=$((times / 2))
  done
  printf '%s' "$out"
}

hostile_load () {
  local list=$1 name value times
  HOSTILE_DIR=$2
  mkdir -p "$HOSTILE_DIR"
  while IFS=$'\t' read -r name value times; do
    case $name in ''|'#'*) continue ;; esac
    HOSTILE_NAMES+=("$name")
    if [ -z "$times" ]; then
      printf '%b' "$value" > "$HOSTILE_DIR/$name"
    else
      # Repeated entries have no NUL, so a variable can hold them.
      local unit
      unit=$(printf '%bx' "$value")
      hostile_repeat "${unit%x}" "$times" > "$HOSTILE_DIR/$name"
    fi
  done < "$list"
}

hostile_arg () {
  local file=$HOSTILE_DIR/$1
  [ "$(stat -c %s "$file")" -lt 131072 ] || return 1
  [ "$(tr -d '\000' < "$file" | wc -c)" -eq "$(stat -c %s "$file")" ] || return 1
  cat "$file"
}
