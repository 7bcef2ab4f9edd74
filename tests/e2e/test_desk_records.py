# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-desk end to end, a student's record beyond the timeline:
a case opened, resolved with an outcome and reopened, consent recorded
and withdrawn, search across students and entries, the
Security notice previewed and exported, and a conflict of interest that
closes the record and offers the case to a colleague.  Driven through the
accessibility tree, as an adviser would with a screen reader or keyboard.

Run with tests/e2e/run-e2e.sh (meson test e2e-desk-records).
"""

import csv
import datetime
import glob
import json
import os
import subprocess
import sys

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import kiosk_helpers  # noqa: E402  (the keyboard, through XTest)

BUILD_ROOT = os.environ["BUILD_ROOT"]
CONFIDECTL = os.environ.get("CONFIDECTL", os.path.join(BUILD_ROOT, "desk", "confidectl"))
DESK = os.environ.get("CONFIDE_DESK", os.path.join(BUILD_ROOT, "desk", "confide-desk"))
TMP = os.environ["E2E_TMP"]
HOME = os.environ["HOME"]
SHOTS = os.environ.get("E2E_SHOTS", os.path.join(BUILD_ROOT, "e2e-shots"))

DATA = os.path.join(TMP, "office", "desk")
SYNC = os.path.join(TMP, "office", "sync")
MANAGER, MANAGER_PW = "Mari Manager", "manager passphrase"
ADVISER, ADVISER_PW = "Ada Adviser", "adviser passphrase"
COLLEAGUE, COLLEAGUE_PW = "Bea Adviser", "colleague passphrase"
STUDENT, STUDENT_ID = "Zanele Okonkwo", "S7731902"
FLAGGED, FLAGGED_ID = "Tomos Price", "S1000001"
NOTE = "Discussed the housing appeal with the landlord's agent."
TOPIC = "Housing: <b>deposit</b> & repairs"   # stored text, never markup
OUTCOME, OUTCOME_CODE = "Referred to another service", "referred"


def write_secret(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text + "\n")
    os.chmod(path, 0o600)
    return path


def ctl(*args, user=MANAGER, passphrase_file=None, as_json=False):
    argv = [CONFIDECTL, "--data-dir", DATA]
    if user:
        argv += ["--user", user]
    if passphrase_file:
        argv += ["--passphrase-file", passphrase_file]
    if as_json:
        argv.append("--json")
    result = subprocess.run(argv + list(args), capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise a11y.E2EFailure(f"confidectl {args[0]} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def prepare_office():
    """A manager, two advisers, a student with a note, and a student removed
    from their course with an appointment in two days."""
    manager_pw = write_secret("manager.pw", MANAGER_PW)
    ctl("init", "--office", "Test Advice Office", "--user", MANAGER, "--sync-dir", SYNC,
        user=None, passphrase_file=manager_pw)
    for name, passphrase in ((ADVISER, ADVISER_PW), (COLLEAGUE, COLLEAGUE_PW)):
        ctl("user", "add", name, "--role", "adviser", "--new-passphrase-file",
            write_secret(name.split()[0] + ".pw", passphrase), passphrase_file=manager_pw)
    student = json.loads(ctl("student", "add", "--name", STUDENT, "--student-id", STUDENT_ID,
                             "--college", "Bangor", passphrase_file=manager_pw, as_json=True))
    flagged = json.loads(ctl("student", "add", "--name", FLAGGED, "--student-id", FLAGGED_ID,
                             passphrase_file=manager_pw, as_json=True))
    note = write_secret("note.txt", NOTE)
    ctl("note", "add", "--student", student["id"], "--kind", "note", "--text-file", note,
        passphrase_file=manager_pw)
    ctl("student", "flag", flagged["id"], "--removed-from-course", "on", "--reason",
        "Suspended pending a hearing.", passphrase_file=manager_pw)
    day = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    # The adviser's own appointment with the student they will declare a
    # conflict with.
    ctl("appointment", "add", "--student", student["id"], "--start", f"{day}T11:00",
        "--end", f"{day}T11:45", "--adviser", ADVISER, passphrase_file=manager_pw)
    # The colleague who takes the case is busy then: the appointment still
    # needs someone after the hand-over.
    busy = json.loads(ctl("student", "add", "--name", "Ifan Jones", passphrase_file=manager_pw,
                          as_json=True))
    ctl("appointment", "add", "--student", busy["id"], "--start", f"{day}T11:00",
        "--end", f"{day}T11:45", "--adviser", COLLEAGUE, passphrase_file=manager_pw)
    appointment = json.loads(ctl("appointment", "add", "--student", flagged["id"],
                                 "--start", f"{day}T10:00", "--end", f"{day}T10:45",
                                 "--adviser", ADVISER, passphrase_file=manager_pw, as_json=True))
    return day, appointment["id"], manager_pw, student["id"]


# AdwMessageDialog (libadwaita 1.2) names its response buttons twice over,
# "Withdraw Withdraw", unless the desk names them again
# (desk_message_dialog_name_responses): the dialog is found by its heading,
# the button by part of its name, which holds either way.


def launch_desk(apps):
    log = os.path.join(TMP, f"desk-{len(apps)}.log")
    app = a11y.App([DESK, "--data-dir", DATA, "--sync-dir", SYNC], log)
    apps.append(app)
    app.wait_ready()
    return app


def sign_in(root, user, passphrase):
    a11y.set_text(a11y.wait_for(root, "text", "User name"), user)
    a11y.set_text(a11y.wait_for(root, "password text", "Passphrase"), passphrase)
    a11y.click(a11y.wait_for(root, "push button", "Sign In"))
    a11y.wait_for(root, "push button", "Lock", timeout=30)


def checked(node):
    return node.getState().contains(pyatspi.STATE_CHECKED)


def toggle(window, node):
    """GTK 4.8 gives check buttons no action for assistive tools: Tab to
    the check box (or radio button) and press Space, as a keyboard user does.  Without a
    window manager, keys go to the window under the pointer."""
    before = checked(node)
    name = a11y.name_of(node)
    extents = window.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(extents.x + 20, extents.y + 60, "abs")
    kiosk_helpers.tab_to(window, a11y.role_name(node), name, limit=120)
    kiosk_helpers.press("space")
    a11y.wait_until(lambda: checked(node) != before, f"the check box “{name}” to toggle")


def enabled(node):
    states = node.getState()
    return states.contains(pyatspi.STATE_SENSITIVE)


def open_student(root, name):
    a11y.click(a11y.wait_for(root, "page tab", "Students"))
    search = a11y.wait_for(root, "entry", "Search students")
    a11y.set_text(search, name)
    a11y.click(a11y.wait_for(root, "push button", name))
    a11y.wait_for(root, "label", "Consent")


def check_cases(root, student_id, manager_pw):
    """The note written with confidectl opened a case; the adviser opens
    another about a topic, resolves it with an outcome and reopens it."""
    a11y.wait_for(root, "label", "Preferred name")
    a11y.wait_for(root, "label", "Topic at the kiosk")
    a11y.wait_for(root, "label", "No appointments.")
    a11y.wait_for(root, "label", "No topic")            # the case the note opened
    a11y.click(a11y.wait_for(root, "push button", "Open Case…"))
    dialog = a11y.wait_for(root, "dialog", "Open a Case")
    a11y.set_text(a11y.wait_for(dialog, "text", "Topic"), TOPIC)
    a11y.click(a11y.wait_for(dialog, "push button", name_contains="Open Case"))
    a11y.wait_gone(root, "dialog", "Open a Case")
    a11y.wait_for(root, "label", TOPIC)
    a11y.wait_for(root, "label", "The case is open.")

    a11y.click(a11y.wait_for(root, "push button", f"Resolve the case “{TOPIC}”"))
    dialog = a11y.wait_for(root, "dialog", "Resolve the Case")
    a11y.click(a11y.wait_for(dialog, "push button", name_contains=OUTCOME))
    a11y.wait_gone(root, "dialog", "Resolve the Case")
    resolved = a11y.wait_for(root, "label", name_contains="Resolved on")
    if OUTCOME not in a11y.name_of(resolved):
        raise a11y.E2EFailure(f"the resolved case does not say its outcome: {a11y.name_of(resolved)}")
    a11y.wait_for(root, "push button", f"Reopen the case “{TOPIC}”")
    a11y.wait_gone(root, "label", "The case is resolved.", timeout=30)   # the toast
    a11y.screenshot(os.path.join(SHOTS, "desk-cases-resolved.png"))
    cases = json.loads(ctl("case", "list", "--student", student_id, passphrase_file=manager_pw,
                           as_json=True))
    if not any(c["topic"] == TOPIC and c["outcome"] == OUTCOME_CODE for c in cases):
        raise a11y.E2EFailure(f"confidectl does not see the resolved case: {cases}")

    a11y.click(a11y.wait_for(root, "push button", f"Reopen the case “{TOPIC}”"))
    a11y.wait_for(root, "push button", f"Resolve the case “{TOPIC}”")
    a11y.wait_gone(root, "label", name_contains="Resolved on")


def check_consent(root):
    a11y.click(a11y.wait_for(root, "push button", "Record Consent…"))
    dialog = a11y.wait_for(root, "frame", "Record Consent")
    # Nothing is chosen for the adviser: the answers are the student's.
    tutor = a11y.wait_for(dialog, "check box", "College tutor")
    for box in a11y.find_all(dialog, "check box") + a11y.find_all(dialog, "radio button"):
        if checked(box):
            raise a11y.E2EFailure(f"the consent dialog opens with “{a11y.name_of(box)}” chosen")
    a11y.click(a11y.wait_for(dialog, "push button", "Record"))
    a11y.wait_for(dialog, "label", "Choose each party the student lets the service contact.")
    a11y.screenshot(os.path.join(SHOTS, "desk-consent-dialog.png"))
    # Two parties at once, in writing.
    toggle(dialog, tutor)
    toggle(dialog, a11y.wait_for(dialog, "check box", "Health or counselling services"))
    toggle(dialog, a11y.wait_for(dialog, "radio button", "In writing"))
    a11y.click(a11y.wait_for(dialog, "push button", "Record"))
    a11y.wait_gone(root, "frame", "Record Consent")
    a11y.wait_for(root, "label", "College tutor")
    a11y.wait_for(root, "label", "Health or counselling services")
    given = a11y.find_all(root, "label", name_contains="Given in writing on")
    if len(given) < 2:
        raise a11y.E2EFailure(f"two parties ticked, {len(given)} consents shown")
    a11y.screenshot(os.path.join(SHOTS, "desk-consent.png"))

    a11y.click(a11y.wait_for(root, "push button", "Withdraw consent to contact the college tutor"))
    confirm = a11y.wait_for(root, "dialog", "Withdraw consent to contact the college tutor?")
    a11y.click(a11y.wait_for(confirm, "push button", name_contains="Withdraw"))
    a11y.wait_for(root, "label", name_contains="Withdrawn verbally on")
    a11y.wait_gone(root, "push button", "Withdraw consent to contact the college tutor")
    a11y.wait_for(root, "push button", "Withdraw consent to contact health or counselling services")


def check_search(root):
    a11y.click(a11y.wait_for(root, "page tab", "Search"))
    search = a11y.wait_for(root, "entry", "Search students and case entries")
    a11y.set_text(search, "housing app")
    a11y.wait_for(root, "push button", name_contains="housing appeal")
    a11y.set_text(search, "okonk")
    a11y.wait_for(root, "push button", STUDENT)
    a11y.wait_gone(root, "push button", name_contains="housing appeal")
    a11y.screenshot(os.path.join(SHOTS, "desk-search.png"))
    a11y.click(a11y.wait_for(root, "push button", STUDENT))
    a11y.wait_for(root, "label", "Bangor")              # the record opened


def check_registration(root):
    a11y.click(a11y.wait_for(root, "push button", "Edit Details…"))
    dialog = a11y.wait_for(root, "frame", "Registration Details")
    a11y.set_text(a11y.wait_for(dialog, "text", "Faculty"), "Law")
    if a11y.find(dialog, "text", "Service") is not None:
        raise a11y.E2EFailure("an adviser is offered the service a student belongs to")
    a11y.click(a11y.wait_for(dialog, "push button", "Save"))
    a11y.wait_gone(root, "frame", "Registration Details")
    a11y.wait_for(root, "label", "Law")


def check_update_due(root, appointment_id, manager_pw):
    """Security was told of an appointment that is then cancelled: the
    page says an updated notice is due."""
    ctl("appointment", "cancel", appointment_id, passphrase_file=manager_pw)
    a11y.click(a11y.wait_for(root, "push button", "Show Preview"))
    a11y.wait_for(root, "label", name_contains="Security holds out-of-date times for 1 appointment")
    a11y.screenshot(os.path.join(SHOTS, "desk-security-update-due.png"))


def check_calendar_update(day, manager_pw):
    """A calendar notice after the cancellation tells Security it is off,
    naming nobody, so Security's calendar drops the event it holds."""
    path = os.path.join(TMP, "update.ics")
    ctl("export-security", "--from", day, "--to", day, "--format", "ics", "--out", path,
        passphrase_file=manager_pw)
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if lines.count("STATUS:CANCELLED") != 1 or "SEQUENCE:1" not in lines:
        raise a11y.E2EFailure(f"the updated notice does not cancel the appointment: {lines}")
    if any(line.startswith("SUMMARY") for line in lines):
        raise a11y.E2EFailure("the cancellation names the student")


def check_security(root, day, appointment_id, manager_pw):
    a11y.click(a11y.wait_for(root, "page tab", "Campus Security notices"))
    a11y.wait_for(root, "label", FLAGGED)
    # Each part isolated, so a right-to-left name keeps the line in order.
    row = " · ".join(f"\u2068{part}\u2069" for part in (FLAGGED, FLAGGED_ID, day, "10:00–10:45"))
    a11y.wait_for(root, "label", row)
    if a11y.find(root, "label", name_contains=STUDENT) is not None:
        raise a11y.E2EFailure("the Security preview shows a student who is not removed from their course")
    a11y.screenshot(os.path.join(SHOTS, "desk-security.png"))
    a11y.click(a11y.wait_for(root, "push button", "Export Notice…"))
    # GTK's own file chooser (no portal here), its name suggested by the desk.
    chooser = a11y.wait_for(root, None, "Export Notice for Security", timeout=30)
    a11y.click(a11y.wait_for(chooser, "push button", name_contains="Export"))
    a11y.wait_for(root, "label", "The notice is saved: 1 appointment.", timeout=30)
    files = glob.glob(os.path.join(HOME, "security-notice-*.csv"))
    if len(files) != 1:
        raise a11y.E2EFailure(f"expected one exported notice in {HOME}, found {files}")
    with open(files[0], newline="") as f:
        rows = list(csv.reader(f))
    if rows != [["student_name", "student_id", "date", "start", "end"],
                [FLAGGED, FLAGGED_ID, day, "10:00", "10:45"]]:
        raise a11y.E2EFailure(f"the exported notice holds {rows}")
    check_update_due(root, appointment_id, manager_pw)
    check_calendar_update(day, manager_pw)
    # The student's record says what Security was told: the appointment,
    # then that it is cancelled.
    a11y.click(a11y.wait_for(root, "page tab", "Search"))
    a11y.set_text(a11y.wait_for(root, "entry", "Search students and case entries"), FLAGGED)
    a11y.click(a11y.wait_for(root, "push button", FLAGGED))
    a11y.wait_for(root, "label", name_contains="Security was told of appointment times on")
    a11y.wait_for(root, "label", name_contains="that the appointment of")


def check_conflict(root):
    open_student(root, STUDENT)
    a11y.click(a11y.wait_for(root, "push button", "Declare a Conflict of Interest…"))
    confirm = a11y.wait_for(root, "dialog", "Declare a Conflict of Interest?")
    a11y.click(a11y.wait_for(confirm, "push button", name_contains="Declare"))
    a11y.wait_for(root, "label", "Record Closed")
    a11y.wait_for(root, "label", "The conflict of interest is declared. Your 1 appointment with the"
                                 " student to come needs another adviser.")
    a11y.wait_for(root, "push button", f"Hand over to {MANAGER}")
    a11y.screenshot(os.path.join(SHOTS, "desk-conflict.png"))
    a11y.click(a11y.wait_for(root, "push button", f"Hand over to {COLLEAGUE}"))
    a11y.wait_for(root, "label", f"The open case is now with \u2068{COLLEAGUE}\u2069.")
    for secret in (NOTE, "Bangor"):
        if a11y.tree_contains(root, secret):
            raise a11y.E2EFailure(f"“{secret}” is still shown after the record closed")
    # Gone from the adviser's list of students.
    a11y.set_text(a11y.wait_for(root, "entry", "Search students"), "")
    a11y.wait_for(root, "push button", FLAGGED)
    if a11y.find(root, "push button", STUDENT) is not None:
        raise a11y.E2EFailure("the student is still in the list after a declared conflict")
    # The adviser's diary keeps the time, without the name, for someone else.
    a11y.click(a11y.wait_for(root, "page tab", "Today"))
    for _ in range(2):
        a11y.click(a11y.wait_for(root, "push button", "Next"))
    a11y.wait_for(root, "label", "Needs another adviser")
    a11y.wait_for(root, "label", "11:00–11:45")
    if a11y.tree_contains(root, STUDENT):
        raise a11y.E2EFailure("the diary names a student the adviser declared a conflict with")
    a11y.screenshot(os.path.join(SHOTS, "desk-conflict-diary.png"))


def check_logs_hold_no_names(apps):
    for app in apps:
        output = app.output()
        for secret in (STUDENT, FLAGGED, STUDENT_ID, NOTE):
            if secret in output:
                raise a11y.E2EFailure(f"{app.argv[0]} wrote “{secret}” to its output")


def test(apps):
    day, appointment_id, manager_pw, student_id = prepare_office()
    desk = launch_desk(apps)
    root = desk.root
    sign_in(root, ADVISER, ADVISER_PW)
    open_student(root, STUDENT)
    check_registration(root)
    check_cases(root, student_id, manager_pw)
    check_consent(root)
    check_search(root)
    check_security(root, day, appointment_id, manager_pw)
    check_conflict(root)
    desk.stop()
    check_logs_hold_no_names(apps)


if __name__ == "__main__":
    a11y.run(test, "desk-records")
