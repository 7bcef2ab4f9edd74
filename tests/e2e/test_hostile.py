# SPDX-License-Identifier: GPL-3.0-or-later
"""Hostile text (tests/data/hostile-strings) through the kiosk's and the
desk's text fields, set through the accessibility tree's EditableText as a
screen reader or an input method would, then the real buttons pressed.

Only what D-Bus can carry reaches a widget this way: valid UTF-8 without
NUL.  Invalid UTF-8 and NUL go through confidectl in test-hostile-cli.

- the kiosk's details and consent: every string in every field (the huge
  ones in one field): the entry keeps it, or the first 300 characters where
  typing stops at the limit, or shows a sentence beside the field; the
  kiosk stays up; every string a field accepts is then sent in a drop-in,
  and the desk opens exactly what was typed;
- the desk: the new student's fields, a note and a hold's reason, each
  string stored as typed (read back with confidectl) or refused with a
  sentence; labels show `<b>x</b>` as those characters, never bold.

Run with tests/e2e/run-e2e.sh (meson test e2e-hostile).
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import hostile_strings  # noqa: E402
import kiosk_helpers as k  # noqa: E402

DETAILS = ["Full name", "Preferred name", "Student ID", "College", "Faculty or department",
           "Email or phone number"]
HUGE = 10000          # longer than this, a string goes through one field only
# (as do the C0 controls, which all meet the same rule): within the suite's
# time, the rest go through every field.
LIMIT = 300           # a kiosk entry stops typing here (CF_TEXT_LINE_MAX)
TEXTS = hostile_strings.texts()


def field_box(node):
    """The KioskTextField around an entry: its title, hint and sentence."""
    for _ in range(4):
        node = node.parent
        if node is None or a11y.name_of(node) == "KioskTextField":
            return node
    return None


def sentence(node, field):
    """The sentence shown beside the field, if any: every one names the
    field in quotes.  (GTK 4.8 does not put the entry's invalid state on
    the bus, so the sentence is what tells.)"""
    box = field_box(node)
    labels = a11y.find_all(box, "label", name_contains=f"“{field}”") if box else []
    return a11y.name_of(labels[0]) if labels else None


def invalid(node, field):
    return sentence(node, field) is not None


def alive(app, what):
    if app.process.poll() is not None:
        raise a11y.E2EFailure(f"{app.argv[0]} exited ({app.process.returncode}) {what}")


def try_kiosk_field(app, node, field, name, text):
    """Sets the text; the entry holds it as given (up to the limit) or
    says why not.  Returns whether the field accepts it."""
    a11y.set_text(node, text)
    alive(app, f"after {name} in “{field}”")
    got = k.text_content(node)
    want = text[:LIMIT]
    if got != want:
        raise a11y.E2EFailure(f"“{field}” holds {got[:80]!r} after {name}, not {want[:80]!r}")
    said = sentence(node, field)
    if said is not None and text.strip() and text in said:
        raise a11y.E2EFailure(f"“{field}”'s sentence quotes {name}: {said!r}")
    return said is None and text.strip() != "" and len(text) <= LIMIT


def kiosk_fields(app):
    """Every string through every field of the details screen; the ones
    each field accepts."""
    root = app.root
    nodes = {field: k.field(root, field) for field in DETAILS}
    accepted = {field: [] for field in DETAILS}
    tried = 0
    for f, (field, node) in enumerate(nodes.items()):
        for i, (name, text) in enumerate(TEXTS):
            if len(text) > HUGE and field != "College":
                continue
            # The C0 controls share one sentence: each through one field.
            if name.startswith("c0-") and i % len(DETAILS) != f:
                continue
            tried += 1
            if try_kiosk_field(app, node, field, name, text):
                accepted[field].append(name)
        a11y.set_text(node, "")
    return accepted, tried


def plain(field):
    return "plain@example.ac.uk" if field.startswith("Email") else f"Plain {field}"


def continue_details(root, chosen):
    """Continue; a field that refuses its text only once it is complete
    (the contact's shape) shows its sentence and takes a plain value."""
    k.click(root, "Continue")

    def outcome():
        if a11y.find(root, "heading", "Your consent") is not None:
            return "consent"
        nodes = [(f, a11y.find(root, "text", f)) for f in DETAILS]
        refused = [f for f, node in nodes if node is not None and invalid(node, f)]
        return refused or None
    result = a11y.wait_until(outcome, "the consent slip or a sentence")
    if result == "consent":
        return
    for field in result:
        chosen[field] = plain(field)
        k.type_into(root, field, chosen[field])
    continue_details(root, chosen)


def drop_in(app, chosen):
    """One drop-in whose fields carry chosen[field] (signature included)."""
    root = app.root
    k.start_drop_in(root)
    for field in DETAILS:
        k.type_into(root, field, chosen[field])
    continue_details(root, chosen)
    k.sign_consent(root, chosen["Your signature"])
    k.click(root, "Continue")
    k.heading(root, "Optional: help us be fair")
    k.click(root, "Skip and Confirm")
    ticket = k.wait_ticket(root)
    k.finish(root)
    return ticket


def kiosk_submissions(app, accepted):
    """Every accepted string sent once, in one field that accepted it (the
    fields taking turns; the signature takes what the name accepts), seven
    to a drop-in."""
    by_name = dict(TEXTS)
    accepted = dict(accepted, **{"Your signature": accepted["Full name"]})
    queues = {field: [] for field in accepted}
    fields = list(accepted)
    for i, name in enumerate(dict.fromkeys(n for names in accepted.values() for n in names)):
        takers = [f for f in fields[i % len(fields):] + fields[:i % len(fields)] if name in accepted[f]]
        queues[takers[0]].append(name)
    sent = {}
    while any(queues.values()):
        chosen = {}
        for field, queue in queues.items():
            name = queue.pop(0) if queue else None
            chosen[field] = by_name[name] if name else plain(field)
        sent[drop_in(app, chosen)] = chosen
    return sent


MEMBERS = {"Full name": "name", "Preferred name": "preferred_name", "Student ID": "student_id",
           "College": "college", "Faculty or department": "faculty",
           "Email or phone number": "contact"}


def check_desk_opened(office, sent):
    tickets = k.wait_tickets(office, list(sent))
    for code, chosen in sent.items():
        details = tickets[code]["details"]
        for field, value in chosen.items():
            got = (details["consent"]["signature"] if field == "Your signature"
                   else details.get(MEMBERS[field]))
            if got != value:
                raise a11y.E2EFailure(f"ticket {code}: “{field}” opened as {got!r}, typed {value!r}")


def test_kiosk(apps, office):
    data = office.enroll_kiosk(os.path.join(k.TMP, "kiosk"))
    app = k.launch_kiosk(apps, data, office.sync)
    started = time.monotonic()
    k.start_drop_in(app.root)
    accepted, tried = kiosk_fields(app)
    print(f"# the kiosk's fields took {time.monotonic() - started:.0f} s")
    k.click(app.root, "Start Over")
    a11y.wait_for(app.root, "push button", "Drop In")
    sent = kiosk_submissions(app, accepted)
    check_desk_opened(office, sent)
    count = sum(len(v) for v in accepted.values())
    print(f"# hostile.kiosk {tried} tried, {count} accepted, {tried - count} refused or cut at "
          f"{LIMIT}; {len(sent)} drop-ins opened at the desk as typed "
          f"({time.monotonic() - started:.0f} s)")


# --- the desk ---

DESK = os.environ.get("CONFIDE_DESK", os.path.join(k.BUILD_ROOT, "desk", "confide-desk"))
# A name the list and the page must show as these characters, never bold.
MARKUP_NAME = "Hostile <b>x</b> &amp; <i>y</i>"
# The desk's composer takes a share: a signed-in write per string is slow.
DESK_NOTES = ["c0-1b", "two-lines", "bidi-rlo", "line-separator", "bom", "sql-drop",
              "format-printf", "pango-bold", "pango-broken", "arabic", "emoji-zwj-family",
              "combining-stack", "text-100k"]


def desk_note(app, composer, name, text):
    """The text in the composer, then Add Entry: stored (the composer
    empties) or refused with the sentence under it."""
    root = app.root
    a11y.set_text(composer, text)
    a11y.click(a11y.wait_for(root, "push button", "Add Entry"))

    def outcome():
        alive(app, f"after the note {name}")
        if k.text_content(composer) == "":
            return "stored"
        return "refused" if a11y.find(root, "label", name_contains="The entry ") else None
    result = a11y.wait_until(outcome, f"the note {name} to be added or refused")
    if result == "refused":
        a11y.set_text(composer, "")
    return result


def test_desk(apps, office):
    student = office.ctl("student", "add", "--name", MARKUP_NAME, as_json=True)["id"]
    app = a11y.App([DESK, "--data-dir", office.desk, "--sync-dir", office.sync],
                   os.path.join(k.TMP, "desk.log"))
    apps.append(app)
    root = app.wait_ready()
    a11y.set_text(a11y.wait_for(root, "text", "User name"), k.MANAGER)
    a11y.set_text(a11y.wait_for(root, "password text", "Passphrase"), k.MANAGER_PW)
    a11y.click(a11y.wait_for(root, "push button", "Sign In"))
    a11y.wait_for(root, "push button", "Lock", timeout=30)
    a11y.click(a11y.wait_for(root, "page tab", "Students"))
    a11y.click(a11y.wait_for(root, "push button", MARKUP_NAME))   # the list: as typed
    a11y.wait_for(root, "label", MARKUP_NAME)                      # the page's heading
    composer = a11y.wait_for(root, "text", "Entry text")
    by_name = dict(TEXTS)
    stored = []
    for name in DESK_NOTES:
        outcome = desk_note(app, composer, name, by_name[name])
        print(f"# desk note {name}: {outcome}")
        if outcome == "stored":
            stored.append(name)
    export = os.path.join(k.TMP, "hostile-export.json")
    office.ctl("student", "export", student, "--format", "json", "--out", export)
    with open(export, encoding="utf-8") as f:
        bodies = [entry["body"] for entry in json.load(f)["sections"]["case_entries"]]
    for name in stored:
        if by_name[name] not in bodies:
            raise a11y.E2EFailure(f"the note {name} was not stored as typed")
    # Each one-line note shown as typed too, markup as its characters (a
    # long one or one of several lines the timeline may fold).
    for name in stored:
        text = by_name[name]
        if len(text) < 1000 and "\n" not in text and not k.tree_holds(root, text):
            raise a11y.E2EFailure(f"the note {name} is not shown as typed")
    print(f"# hostile.desk {len(DESK_NOTES)} notes tried, {len(stored)} stored as typed, "
          f"{len(DESK_NOTES) - len(stored)} refused with a sentence; the name shown as typed")


def test(apps):
    office = k.Office()
    office.sync_desk()
    # HOSTILE_PART=kiosk or desk runs one half, to look at a failure.
    part = os.environ.get("HOSTILE_PART", "")
    if part != "desk":
        test_kiosk(apps, office)
    if part != "kiosk":
        test_desk(apps, office)


if __name__ == "__main__":
    a11y.run(test, "hostile")
