# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-desk end to end: an office made with confidectl, then the real
desk window driven through the accessibility tree, as an adviser would
with a screen reader or the keyboard.

Run with tests/e2e/run-e2e.sh (meson test e2e-desk).
"""

import datetime
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402

BUILD_ROOT = os.environ["BUILD_ROOT"]
CONFIDECTL = os.environ.get("CONFIDECTL", os.path.join(BUILD_ROOT, "desk", "confidectl"))
DESK = os.environ.get("CONFIDE_DESK", os.path.join(BUILD_ROOT, "desk", "confide-desk"))
TMP = os.environ["E2E_TMP"]
SHOTS = os.environ.get("E2E_SHOTS", os.path.join(BUILD_ROOT, "e2e-shots"))

DATA = os.path.join(TMP, "office", "desk")
SYNC = os.path.join(TMP, "office", "sync")
MANAGER, MANAGER_PW = "Mari Manager", "manager passphrase"
ADVISER, ADVISER_PW = "Ada Adviser", "adviser passphrase"
STUDENT = "Zanele Okonkwo"
STUDENT_ID = "S7731902"
OTHER_STUDENT = "Tomos Price"
NOTE = "Discussed the housing appeal; next step is a letter to the landlord."
CORRECTION = "Correction: the letter goes to the letting agent, not the landlord."
WRONG_PASSPHRASE_SENTENCE = "The user name or passphrase is not right"


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
    """A manager, an adviser, two students and one appointment today for
    the adviser, all through confidectl."""
    manager_pw = write_secret("manager.pw", MANAGER_PW)
    adviser_pw = write_secret("adviser.pw", ADVISER_PW)
    ctl("init", "--office", "Test Advice Office", "--user", MANAGER, "--sync-dir", SYNC,
        user=None, passphrase_file=manager_pw)
    ctl("user", "add", ADVISER, "--role", "adviser", "--new-passphrase-file", adviser_pw,
        passphrase_file=manager_pw)
    student = json.loads(ctl("student", "add", "--name", STUDENT, "--student-id", STUDENT_ID,
                             "--college", "Bangor", passphrase_file=manager_pw, as_json=True))
    ctl("student", "add", "--name", OTHER_STUDENT, "--student-id", "S1000001",
        passphrase_file=manager_pw)
    # The office's time zone is this machine's, as confidectl init stored it.
    today = datetime.date.today().isoformat()
    ctl("appointment", "add", "--student", student["id"], "--start", f"{today}T14:00",
        "--end", f"{today}T14:45", "--adviser", ADVISER, "--mode", "phone",
        passphrase_file=manager_pw)
    return student["id"], adviser_pw


def launch_desk(apps, *extra, data=DATA, sync=SYNC):
    log = os.path.join(TMP, f"desk-{len(apps)}.log")
    folders = ["--data-dir", data] + (["--sync-dir", sync] if sync else [])
    app = a11y.App([DESK, *folders, *extra], log)
    apps.append(app)
    app.wait_ready()
    return app


def sign_in(root, user, passphrase):
    a11y.set_text(a11y.wait_for(root, "text", "User name"), user)
    a11y.set_text(a11y.wait_for(root, "password text", "Passphrase"), passphrase)
    a11y.click(a11y.wait_for(root, "push button", "Sign In"))


def check_wrong_passphrase(root):
    sign_in(root, ADVISER, "not the passphrase")
    a11y.wait_for(root, "label", name_contains=WRONG_PASSPHRASE_SENTENCE, timeout=30)
    # Still the sign-in form: nothing behind it opened.
    if a11y.find(root, "push button", "Lock") is not None:
        raise a11y.E2EFailure("a wrong passphrase opened the desk")


def check_today(root):
    a11y.wait_for(root, "push button", "Lock", timeout=30)
    # Who is signed in is in sight beside Lock, however wide the window.
    a11y.wait_for(root, "label", f"{ADVISER}\nAdviser")
    a11y.wait_for(root, "label", STUDENT)
    a11y.wait_for(root, "label", "14:00–14:45")
    a11y.wait_for(root, "label", "Phone")
    a11y.wait_for(root, "label", "Booked")
    if a11y.find(root, "label", OTHER_STUDENT) is not None:
        raise a11y.E2EFailure("Today shows a student who has no appointment today")
    a11y.screenshot(os.path.join(SHOTS, "desk-today.png"))


CODE = re.compile(r"[A-Z0-9]{3}-[A-Z0-9]{3}")


def book_in_dialog(root):
    """Books OTHER_STUDENT for the adviser through the dialog, as an adviser
    would: part of the name typed in the picker, the student chosen, the day
    typed as the UK writes it.  Each mistake is said beside its field, in
    words: no student chosen, a day that does not exist, a time the office
    is shut, a clash the library refuses; then an hour later it books, and
    the booking code is shown at once."""
    a11y.click(a11y.wait_for(root, "push button", "Book Appointment…"))
    dialog = a11y.wait_for(root, "frame", "Book Appointment")
    a11y.wait_for(dialog, "label", "The office is open from 09:00 to 17:00.")
    a11y.click(a11y.wait_for(dialog, "push button", "Book"))
    a11y.wait_for(dialog, "label", name_contains="Choose the student: type part of their name")
    a11y.wait_for(dialog, "label", "Give the time it starts, like 14:00.")

    a11y.set_text(a11y.wait_for(dialog, "entry", "Student"), "tomo")
    match = a11y.wait_for(dialog, "push button", f"\u2068{OTHER_STUDENT}\u2069, S1000001")
    if a11y.find(dialog, "push button", name_contains=STUDENT) is not None:
        raise a11y.E2EFailure("the picker offers a student who does not match what was typed")
    a11y.screenshot(os.path.join(SHOTS, "desk-book-picker.png"), window="Book Appointment")
    a11y.click(match)
    a11y.wait_for(dialog, "label", f"Booking for \u2068{OTHER_STUDENT}\u2069, S1000001.")
    a11y.set_text(a11y.wait_for(dialog, "text", "Date"), "31/02/2026")
    a11y.set_text(a11y.wait_for(dialog, "text", "Starts"), "7am")
    a11y.click(a11y.wait_for(dialog, "push button", "Book"))
    a11y.wait_for(dialog, "label", "There is no 31 February 2026: February 2026 has 28 days.")
    a11y.wait_for(dialog, "label", "The office is open from 09:00 to 17:00: choose a start time between them.")
    a11y.screenshot(os.path.join(SHOTS, "desk-book-errors.png"), window="Book Appointment")
    for internal in ("YYYY", "2026-11-23", "T14:00"):
        if a11y.tree_contains(dialog, internal):
            raise a11y.E2EFailure(f"the booking dialog shows an internal format: {internal}")

    today = datetime.date.today().strftime("%d/%m/%Y")
    a11y.set_text(a11y.wait_for(dialog, "text", "Date"), today)
    a11y.set_text(a11y.wait_for(dialog, "text", "Starts"), "14:15")
    a11y.set_text(a11y.wait_for(dialog, "text", "Ends"), "14:30")
    a11y.click(a11y.wait_for(dialog, "push button", "Book"))
    a11y.wait_for(dialog, "label", "That adviser already has an appointment at that time.")
    a11y.set_text(a11y.wait_for(dialog, "text", "Starts"), "3pm")
    a11y.set_text(a11y.wait_for(dialog, "text", "Ends"), "15:45")
    a11y.click(a11y.wait_for(dialog, "push button", "Book"))
    a11y.wait_for(dialog, "label", "Booked")
    a11y.wait_until(lambda: any(CODE.fullmatch(a11y.name_of(label) or "")
                                for label in a11y.find_all(dialog, "label")),
                    "the booking code to be shown")
    a11y.screenshot(os.path.join(SHOTS, "desk-book-code.png"), window="Book Appointment")
    a11y.click(a11y.wait_for(dialog, "push button", "Copy Code"))
    a11y.wait_for(dialog, "label", "The code is copied.")
    a11y.click(a11y.wait_for(dialog, "push button", "Done"))
    a11y.wait_gone(root, "frame", "Book Appointment")
    a11y.wait_for(root, "label", "15:00–15:45")
    a11y.wait_for(root, "label", OTHER_STUDENT)


def check_week(root):
    """The week as a calendar: appointments as blocks with their time and
    student, free hours as buttons; a free hour opens the booking at its
    time, and once booked it is a block."""
    a11y.click(a11y.wait_for(root, "push button", "Week"))
    a11y.wait_for(root, "push button", f"14:00–14:45 {STUDENT}")
    a11y.wait_for(root, "push button", f"15:00–15:45 {OTHER_STUDENT}")
    # Next week is all to come: its Monday at 10:00 is free.
    a11y.click(a11y.wait_for(root, "push button", "Next"))
    today = datetime.date.today()
    monday = today + datetime.timedelta(days=7 - today.weekday())
    free = f"Book {monday:%A} {monday.day} {monday:%B %Y} at 10:00"
    a11y.click(a11y.wait_for(root, "push button", free))
    dialog = a11y.wait_for(root, "frame", "Book Appointment")
    a11y.set_text(a11y.wait_for(dialog, "entry", "Student"), "tomo")
    a11y.click(a11y.wait_for(dialog, "push button", f"\u2068{OTHER_STUDENT}\u2069, S1000001"))
    # GTK 4.8 gives an entry's text to no assistive tool: what was booked
    # shows what the form held (the hour's day and start, the usual length).
    a11y.click(a11y.wait_for(dialog, "push button", "Book"))
    a11y.wait_for(dialog, "label", "Booked")
    a11y.click(a11y.wait_for(dialog, "push button", "Done"))
    a11y.wait_gone(root, "frame", "Book Appointment")
    a11y.wait_for(root, "push button", f"10:00–10:30 {OTHER_STUDENT}")
    a11y.wait_gone(root, "push button", free)
    a11y.screenshot(os.path.join(SHOTS, "desk-week.png"))
    a11y.click(a11y.wait_for(root, "push button", "Today"))
    a11y.click(a11y.wait_for(root, "push button", "Week"))
    a11y.wait_for(root, "label", "14:00–14:45")


def open_student(root):
    a11y.click(a11y.wait_for(root, "page tab", "Students"))
    search = a11y.wait_for(root, "entry", "Search students")
    a11y.wait_for(root, "push button", OTHER_STUDENT)  # the list is loaded
    a11y.set_text(search, "okonkwo")
    a11y.wait_gone(root, "push button", OTHER_STUDENT)  # filtered out
    a11y.click(a11y.wait_for(root, "push button", STUDENT))
    a11y.wait_for(root, "label", "Bangor")             # registration details
    a11y.wait_for(root, "label", "No entries yet.")


def write_note(root):
    a11y.set_text(a11y.wait_for(root, "text", "Entry text"), NOTE)
    a11y.click(a11y.wait_for(root, "push button", "Add Entry"))
    a11y.wait_for(root, "label", NOTE)
    a11y.wait_until(lambda: a11y.text_of(a11y.find(root, "text", "Entry text")) == "",
                    "the composer to be emptied after adding")


def write_correction(root):
    a11y.click(a11y.wait_for(root, "push button", name_contains="Correct the entry written "))
    a11y.wait_for(root, "label", name_contains="Correcting the entry of")
    a11y.set_text(a11y.wait_for(root, "text", "Entry text"), CORRECTION)
    a11y.click(a11y.wait_for(root, "push button", "Add Entry"))
    a11y.wait_for(root, "label", CORRECTION)
    a11y.wait_for(root, "label", "Corrects an earlier entry")
    a11y.wait_for(root, "label", "Corrected by a later entry")
    a11y.wait_for(root, "label", NOTE)                 # the original stays


def check_locked(root, why):
    a11y.wait_for(root, "push button", "Sign In", timeout=30)
    a11y.wait_for(root, "label", name_contains=why)
    a11y.wait_gone(root, "push button", "Lock")
    for secret in (STUDENT, STUDENT_ID, NOTE):
        if a11y.tree_contains(root, secret):
            raise a11y.E2EFailure(f"“{secret}” is still in the accessibility tree after locking")


def check_stored(student_id, adviser_pw):
    """What the window wrote is in the database, seen by another program."""
    shown = ctl("student", "show", student_id, user=ADVISER, passphrase_file=adviser_pw)
    for text in (NOTE, CORRECTION):
        if text not in shown:
            raise a11y.E2EFailure(f"confidectl does not see the entry “{text}”")


def check_logs_hold_no_names(apps):
    for app in apps:
        output = app.output()
        for secret in (STUDENT, OTHER_STUDENT, STUDENT_ID, NOTE):
            if secret in output:
                raise a11y.E2EFailure(f"{app.argv[0]} wrote “{secret}” to its output")


def first_run(apps):
    """A machine with no office: the desk sets one up, then signs in."""
    data = os.path.join(TMP, "first", "desk")
    desk = launch_desk(apps, data=data, sync=None)
    root = desk.root
    a11y.wait_for(root, "push button", "Create Office")
    a11y.set_text(a11y.find(root, "text", "Office name"), "First Run Office")
    a11y.set_text(a11y.find(root, "text", "Your name"), MANAGER)
    a11y.set_text(a11y.find(root, "password text", "Passphrase"), MANAGER_PW)
    a11y.set_text(a11y.find(root, "password text", "Repeat the passphrase"), "something else")
    a11y.click(a11y.find(root, "push button", "Create Office"))
    a11y.wait_for(root, "label", "The two passphrases are not the same. Type them again.")
    a11y.set_text(a11y.find(root, "password text", "Repeat the passphrase"), MANAGER_PW)
    a11y.click(a11y.find(root, "push button", "Create Office"))
    a11y.wait_for(root, "label", name_contains="The office is ready", timeout=60)
    # The default sync folder sits beside the data folder.
    with open(os.path.join(data, "node.conf")) as conf:
        if f"sync-dir={os.path.join(TMP, 'first', 'sync')}" not in conf.read():
            raise a11y.E2EFailure("the new office does not use the sync folder beside its data folder")
    # The user name is already filled in: only the passphrase is typed.
    a11y.set_text(a11y.wait_for(root, "password text", "Passphrase"), MANAGER_PW)
    a11y.click(a11y.wait_for(root, "push button", "Sign In"))
    a11y.wait_for(root, "label", "No Appointments Today", timeout=30)
    desk.stop()


def test(apps):
    first_run(apps)
    student_id, adviser_pw = prepare_office()

    desk = launch_desk(apps)
    root = desk.root
    check_wrong_passphrase(root)
    sign_in(root, ADVISER, ADVISER_PW)
    check_today(root)
    book_in_dialog(root)
    check_week(root)
    open_student(root)
    write_note(root)
    write_correction(root)
    a11y.screenshot(os.path.join(SHOTS, "desk-student.png"))
    a11y.click(a11y.wait_for(root, "push button", "Lock"))
    check_locked(root, "The desk is locked.")
    check_stored(student_id, adviser_pw)
    desk.stop()

    # A passphrase file that holds the wrong passphrase: the sign-in page
    # says so, as for a typed one, and opens nothing.
    wrong = launch_desk(apps, "--user", ADVISER,
                        "--passphrase-file", write_secret("wrong.pw", "not the passphrase"))
    a11y.wait_for(wrong.root, "label", name_contains=WRONG_PASSPHRASE_SENTENCE, timeout=30)
    if a11y.find(wrong.root, "push button", "Lock") is not None:
        raise a11y.E2EFailure("a wrong passphrase file opened the desk")
    wrong.stop()

    # Idle lock: this one signs in at start from its passphrase file
    # (--user, --passphrase-file), then nobody touches it.
    idle = launch_desk(apps, "--idle-lock-seconds", "3", "--user", ADVISER,
                       "--passphrase-file", adviser_pw)
    a11y.wait_for(idle.root, "push button", "Lock", timeout=30)
    a11y.wait_for(idle.root, "label", STUDENT)
    check_locked(idle.root, "locked itself")
    idle.stop()

    check_logs_hold_no_names(apps)


if __name__ == "__main__":
    a11y.run(test, "desk")
