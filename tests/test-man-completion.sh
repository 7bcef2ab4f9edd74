#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The man page and the bash completion follow confidectl itself: every
# command that "confidectl --help" lists has a section of its own in
# confidectl(1) and is completed, and every option its "COMMAND --help"
# gives is in that section and completed after the command's words.  Then
# the completion is run as bash runs it, for a few lines a person types.
# confide-desk(1) and confide-kiosk(1) have an entry for each of their
# programs' options, and every page's title gives the version.
set -u

. "$(dirname "$0")/cli-lib.sh"

MAN=${MAN_PAGE:-$SOURCE_ROOT/data/man/confidectl.1}
COMPLETION=${COMPLETION:-$SOURCE_ROOT/data/completions/confidectl}
. "$COMPLETION"

# What the completion offers for the words of a line, the last one being
# typed (possibly empty): one word a line.
complete_line () {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _confidectl
  printf '%s\n' "${COMPREPLY[@]}"
}

# The man page's section for a command (".SS "student add"" up to the next
# heading), with troff's escapes taken out so that options read as typed.
man_section () {
  awk -v want=".SS \"$1\"" '$0 == want { on = 1; next } on && /^\.S[SH] / { exit } on' "$MAN" |
    sed 's/\\-/-/g; s/\\f[BIRP]//g'
}

# The options on a command's usage (its first paragraph, however it wraps),
# after the global ones.  A usage this cannot read gives a made-up option,
# which no man page or completion holds: the command's check fails rather
# than passing with nothing compared.
options_of () {
  local usage
  # shellcheck disable=SC2086 # the command's words are meant to split
  usage=$($C $1 --help | sed -n '1,/^$/p' | tr '\n' ' ' | sed -n 's/.*\[--json\] //p')
  if [ -z "$usage" ]; then
    echo "--usage-of-$1-unreadable" | tr ' ' '-'
    return
  fi
  grep -o -- '--[a-z][a-z-]*' <<< "$usage" | sort -u
}

expect 0 "confidectl --version" -- $C --version
check "…prints the version" '[[ "$out" =~ ^confidectl\ [0-9]+\.[0-9]+\.[0-9]+$ ]]'
version=${out#confidectl }
for page in "$SOURCE_ROOT"/data/man/*.1; do
  check "$(basename "$page")'s title gives this version ($version)" 'grep -q "^\.TH .* \"Confide $version\"" "$page"'
done
expect 0 "confidectl --help" -- $C --help
check "…mentions --version and COMMAND --help" '[[ "$out" == *"--version"* && "$out" == *"COMMAND --help"* ]]'

# Each command: one or two words, then its usage (the rule test-confidectl
# uses to read the same list).
commands=()
while read -r first second _; do
  words=$first
  [[ "${second:-}" =~ ^[a-z][a-z-]*$ ]] && words="$first $second"
  commands+=("$words")
done < <(sed -n '/^Commands:/,$p' out.txt | grep '^  [a-z]')
check "confidectl --help lists its commands (${#commands[@]})" '[ "${#commands[@]}" -gt 60 ]'

for words in "${commands[@]}"; do
  read -r first second <<< "$words"
  section=$(man_section "$words")
  if [ -z "$second" ]; then
    offered=$(complete_line confidectl "")
    wanted=$first
  else
    offered=$(complete_line confidectl "$first" "")
    wanted=$second
  fi
  # shellcheck disable=SC2086
  option_offers=$(complete_line confidectl $words --)
  missing=""
  [ -n "$section" ] || missing="$missing no man section;"
  grep -qx -- "$wanted" <<< "$offered" || missing="$missing not completed;"
  for option in $(options_of "$words"); do
    grep -q -- "$option\b" <<< "$section" || missing="$missing $option not in the man page;"
    grep -qx -- "$option" <<< "$option_offers" || missing="$missing $option not completed;"
  done
  check "$words: a man section, completed, its options in both${missing:+ —$missing}" '[ -z "$missing" ]'
done

for option in --data-dir --sync-dir --user --passphrase-file --json --help --version; do
  check "the global option $option is in the man page and completed" \
    'grep -q -- "${option//-/\\\\-}" "$MAN" && complete_line confidectl -- | grep -qx -- "$option"'
done

# --- confide-desk(1) and confide-kiosk(1) -----------------------------
# Their options are GLib's: "--help" lists them without a display.
for program in desk/confide-desk kiosk/confide-kiosk; do
  name=${program#*/}
  page=$SOURCE_ROOT/data/man/$name.1
  options=$("$BUILD_ROOT/$program" --help | sed -n '/^Application Options:/,$p' | grep -o -- '^  --[a-z][a-z-]*')
  missing=""
  for option in $options; do
    sed 's/\\-/-/g' "$page" | grep -q -- "^\.[BI]*R* *$option\b" || missing="$missing $option;"
  done
  check "$name(1) has an entry for each of its $(wc -w <<< "$options") options${missing:+ — not:$missing}" \
    '[ -n "$options" ] && [ -z "$missing" ]'
done

# --- the completion as bash runs it ------------------------------------
check "confidectl stu<TAB> gives student" '[ "$(complete_line confidectl stu)" = student ]'
check "confidectl --user u queue <TAB> gives the queue's subcommands" \
  '[ "$(complete_line confidectl --user u queue "" | wc -l)" -eq 11 ] && complete_line confidectl --user u queue "" | grep -qx undo-no-show'
check "appointment add --mode <TAB> gives the three modes" \
  '[ "$(complete_line confidectl appointment add --student x --mode "" | paste -sd" ")" = "in-person phone video" ]'
check "user add sam --role m<TAB> gives manager" '[ "$(complete_line confidectl user add sam --role m)" = manager ]'
check "stats --by a<TAB> gives age-band" '[ "$(complete_line confidectl stats --by a)" = age-band ]'
mkdir "a folder" && touch "a folder/the backup"
check "backup --out a<TAB> gives the folder, and restore a\ folder/<TAB> its file, spaces kept" \
  '[ "$(complete_line confidectl backup --out a)" = "a folder" ] && [ "$(complete_line confidectl restore "a folder/")" = "a folder/the backup" ]'
check "retention purge --d<TAB> gives --dry-run" '[ "$(complete_line confidectl retention purge --d)" = --dry-run ]'

echo "1..$n"
[ "$failed" -eq 0 ]
