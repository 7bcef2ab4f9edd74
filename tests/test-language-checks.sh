#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The language checks catch what they are for: tools/check-translatable on
# a copy of the sources with an unmarked string put in, and
# tools/check-catalogues on catalogues made complete, fuzzy, untranslated
# or missing a message (TAP; HACKING.md, "Languages").
set -u
source "$(dirname "$0")/cli-lib.sh"
tools="$SOURCE_ROOT/tools"

# --- check-translatable ---
mkdir tree
cp -r "$SOURCE_ROOT"/kiosk "$SOURCE_ROOT"/desk "$SOURCE_ROOT"/shared "$SOURCE_ROOT"/po "$SOURCE_ROOT"/data tree/
expect 0 "the sources have every string marked" -- "$tools/check-translatable" tree

# put_in FILE OLD NEW: one change to the copy, undone by restore.
put_in () { cp "tree/$1" saved; python3 -c '
import sys; path, old, new = sys.argv[1:]; text = open(path).read()
assert old in text, old; open(path, "w").write(text.replace(old, new, 1))' "tree/$1" "$2" "$3"; }
restore () { cp saved "tree/$1"; }

put_in kiosk/kiosk-welcome-page.c '  show_languages (self);' \
  '  show_languages (self);
  gtk_label_set_text (self->calling_label, "Nobody is being called");'
expect 1 "an unmarked label in C fails" -- "$tools/check-translatable" tree
check "… naming the file and the string" \
  'grep -q "kiosk/kiosk-welcome-page.c:.*\"Nobody is being called\" in gtk_label_set_text" out.txt'
restore kiosk/kiosk-welcome-page.c

put_in desk/confidectl/confidectl.c '_("no command given")' '"no command given"'
expect 1 "an unmarked message of confidectl fails" -- "$tools/check-translatable" tree
restore desk/confidectl/confidectl.c

put_in shared/records/cf-tickets.c 'g_set_error (' 'g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT, "That ticket is gone"); g_set_error ('
expect 1 "an unmarked error in the library fails" -- "$tools/check-translatable" tree
check "… naming it" 'grep -q "\"That ticket is gone\" in g_set_error" out.txt'
restore shared/records/cf-tickets.c

put_in kiosk/kiosk-welcome-page.ui '<property name="label" translatable="yes">Larger Text</property>' \
  '<property name="label">Larger Text</property>'
expect 1 "a label in a template without translatable=\"yes\" fails" -- "$tools/check-translatable" tree
restore kiosk/kiosk-welcome-page.ui

put_in kiosk/kiosk-done-page.c 'g_dngettext (GETTEXT_PACKAGE, "Estimated' 'ngettext ("Estimated'
expect 1 "a plural in the kiosk's default domain fails" -- "$tools/check-translatable" tree
restore kiosk/kiosk-done-page.c

put_in po/POTFILES.in 'kiosk/kiosk-done-page.c
' ''
expect 1 "a file with strings missing from POTFILES.in fails" -- "$tools/check-translatable" tree
restore po/POTFILES.in

echo "desk/desk-nothing.c" >>tree/po/POTFILES.in
expect 1 "a file in POTFILES.in that does not exist fails" -- "$tools/check-translatable" tree

# --- check-catalogues ---
mkdir po
cp "$SOURCE_ROOT/po/POTFILES.in" po/
xgettext --package-name=confide -f po/POTFILES.in -D "$SOURCE_ROOT" -o po/confide.pot \
  --from-code=UTF-8 -k_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  2>/dev/null
# A catalogue with every message "translated" as itself.
catalogue () {
  msginit --no-translator -l "$1" -i po/confide.pot -o - 2>/dev/null |
    sed 's/^"Plural-Forms:.*$/"Plural-Forms: nplurals=2; plural=(n != 1);\\n"/' | msgen -o "po/$1.po" -
}
catalogue cy
echo cy >po/LINGUAS
expect 0 "a complete catalogue passes" -- "$tools/check-catalogues" po
check "… with its figures" 'grep -q "^cy: [0-9]* translated, 0 fuzzy, 0 untranslated" out.txt'

python3 - po/cy.po <<'EOF'
import sys
text = open(sys.argv[1]).read()
at = text.index('\nmsgid "Drop In"')
open(sys.argv[1], "w").write(text[:at] + "\n#, fuzzy" + text[at:])
EOF
expect 1 "a fuzzy message fails" -- "$tools/check-catalogues" po
check "… counted" 'grep -q "^cy: 1 fuzzy and 0 untranslated" out.txt'

catalogue cy
msgattrib --no-wrap po/cy.po | python3 -c '
import sys; text = sys.stdin.read(); at = text.index("msgid \"Drop In\"")
end = text.index("\n\n", at); sys.stdout.write(text[:at] + "msgid \"Drop In\"\nmsgstr \"\"" + text[end:])' >po/cy2.po
mv po/cy2.po po/cy.po
expect 1 "an untranslated message fails" -- "$tools/check-catalogues" po
check "… counted" 'grep -q "^cy: 0 fuzzy and 1 untranslated" out.txt'

catalogue cy
msggrep --invert-match --msgid -F -e "Drop In" -o po/cy.po po/cy.po
expect 1 "a catalogue without a message of the sources fails" -- "$tools/check-catalogues" po
check "… said so" 'grep -q "^cy: not every message of the sources" out.txt && ! grep -q "fuzzy and" out.txt'

catalogue cy
echo "cy ar" >po/LINGUAS
expect 1 "a language in LINGUAS without a catalogue fails" -- "$tools/check-catalogues" po
check "… naming it" 'grep -q "^ar: .*ar.po does not exist" out.txt'

echo "1..$n"
[ "$failed" -eq 0 ]
