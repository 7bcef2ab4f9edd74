# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-desk end to end: what each role is shown, and stored text shown
as it was typed.

- Typed text is never read as markup: a student ID "X<1>", a college
  "Gonville & Caius" and a faculty "R&D" (typed at the desk), and a college
  "<b>King</b>&amp;" typed at a kiosk read back exactly.
- An administrator, who may not read students' records, is offered exactly
  the office's own pages (Users, Sync and Verify, Machines) and none of the record
  pages, nor a queue that says nobody is waiting; the header bar says who
  is signed in, as what.  They add another administrator (the form
  refuses two different passphrases; no adviser can be removed from
  there), who then signs in, and run Verify, which says everything checks
  out.  A manager keeps every page, and may remove anyone from Users; the Audit
  page (managers only) shows the chain verified and the reads just made.
- An anonymous student (a kiosk check-in with an access code) is listed as
  "Anonymous" with the day first seen, and found by their code.
- Only a manager marks a student removed from their course (for the Campus
  Security notices), with a reason, and the record says who did it and when.
- Only a manager sees who has read a student's record: the adviser's reads
  and the manager's own are listed, newest first, with Load More.

Run with tests/e2e/run-e2e.sh (meson test e2e-desk-roles).
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import kiosk_helpers  # noqa: E402  (the keyboard, through XTest)
import pyatspi  # noqa: E402

BUILD_ROOT = os.environ["BUILD_ROOT"]
CONFIDECTL = os.environ.get("CONFIDECTL", os.path.join(BUILD_ROOT, "desk", "confidectl"))
DESK = os.environ.get("CONFIDE_DESK", os.path.join(BUILD_ROOT, "desk", "confide-desk"))
KIOSK = os.path.join(BUILD_ROOT, "tests", "kiosk-submit")
DESK_HELPER = os.path.join(BUILD_ROOT, "tests", "kiosk-desk-helper")
TMP = os.environ["E2E_TMP"]
SHOTS = os.environ.get("E2E_SHOTS", os.path.join(BUILD_ROOT, "e2e-shots"))

DATA = os.path.join(TMP, "office", "desk")
SYNC = os.path.join(TMP, "office", "sync")
KIOSK_DATA = os.path.join(TMP, "office", "kiosk")
MANAGER, MANAGER_PW = "Mari Manager", "manager passphrase"
ADVISER, ADVISER_PW = "Ada Adviser", "adviser passphrase"
ADMIN, ADMIN_PW = "Alun Admin", "admin passphrase"
NEW_ADMIN, NEW_ADMIN_PW = "Bryn Admin", "second admin passphrase"

MARKUP_NAME = "Ana O'Neil & Co"
MARKUP_ID = "X<1>"
MARKUP_COLLEGE = "Gonville & Caius"
MARKUP_FACULTY = "R&D"
KIOSK_NAME = "Bea King"
KIOSK_ID = "K2-7731"
KIOSK_COLLEGE = "<b>King</b>&amp;"
ACCESS_CODE = "K7Q-M4P-2XW"
REASON = "Suspended pending a hearing."


def write_secret(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text + "\n")
    os.chmod(path, 0o600)
    return path


def run(argv, what):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise a11y.E2EFailure(f"{what} failed ({result.returncode}): {result.stderr}")
    return result.stdout.strip()


def ctl(*args, passphrase_file, user=MANAGER):
    argv = [CONFIDECTL, "--data-dir", DATA, "--passphrase-file", passphrase_file]
    if user:
        argv += ["--user", user]
    return run(argv + list(args), f"confidectl {args[0]}")


def kiosk_visit(manager_pw, details, topic):
    """A drop-in handed in at a kiosk, then opened at the desk (as from the
    queue) into a student's record."""
    path = os.path.join(TMP, f"visit-{len(os.listdir(TMP))}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(details, f, ensure_ascii=False)
    code = run([KIOSK, "drop-in", KIOSK_DATA, path, topic], "kiosk-submit drop-in")
    return run([DESK_HELPER, DATA, MANAGER, manager_pw, "open", SYNC, code], "kiosk-desk-helper open")


def prepare_office():
    manager_pw = write_secret("manager.pw", MANAGER_PW)
    ctl("init", "--office", "Roles Test Office", "--user", MANAGER, "--sync-dir", SYNC,
        passphrase_file=manager_pw, user=None)
    for name, passphrase, role in ((ADVISER, ADVISER_PW, "adviser"), (ADMIN, ADMIN_PW, "admin")):
        ctl("user", "add", name, "--role", role, "--new-passphrase-file",
            write_secret(name.split()[0] + ".pw", passphrase), passphrase_file=manager_pw)
    ctl("student", "add", "--name", MARKUP_NAME, "--student-id", MARKUP_ID, "--college", MARKUP_COLLEGE,
        "--faculty", MARKUP_FACULTY, passphrase_file=manager_pw)
    bundle = os.path.join(TMP, "kiosk.bundle")
    code = os.path.join(TMP, "kiosk.code")
    ctl("enroll", "kiosk", "--out", bundle, "--code-file", code, passphrase_file=manager_pw)
    run([KIOSK, "join", KIOSK_DATA, SYNC, bundle, code], "kiosk-submit join")
    kiosk_visit(manager_pw, {"anonymous": False, "name": KIOSK_NAME, "student_id": KIOSK_ID,
                             "college": KIOSK_COLLEGE}, "Money")
    kiosk_visit(manager_pw, {"anonymous": True, "access_code": ACCESS_CODE}, "Housing")


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


def lock(root):
    a11y.click(a11y.wait_for(root, "push button", "Lock"))
    a11y.wait_for(root, "push button", "Sign In", timeout=30)


def search_students(root, text):
    a11y.click(a11y.wait_for(root, "page tab", "Students"))
    a11y.set_text(a11y.wait_for(root, "entry", "Search students"), text)


def open_student(root, text, button):
    search_students(root, text)
    a11y.click(a11y.wait_for(root, "push button", button))
    a11y.wait_for(root, "label", "Registration")


def check_admin(root):
    """The office's own pages only; nothing that looks empty because it was
    refused."""
    a11y.wait_for(root, "label", name_contains=f"{ADMIN} (Administrator)")
    a11y.wait_for(root, "page tab", "Users")
    tabs = {a11y.name_of(tab) for tab in a11y.find_all(root, "page tab")}
    if tabs != {"Users", "Sync and Verify", "Machines"}:
        raise a11y.E2EFailure(f"an administrator is offered the pages {sorted(tabs)}")
    if a11y.tree_contains(root, "Nobody is waiting"):
        raise a11y.E2EFailure("an administrator is told that nobody is waiting")
    a11y.wait_for(root, "label", MANAGER)
    a11y.wait_for(root, "label", ADVISER)
    a11y.screenshot(os.path.join(SHOTS, "desk-roles-admin.png"))
    if a11y.find(root, "push button", f"Remove {ADVISER}") is not None:
        raise a11y.E2EFailure("an administrator is offered to remove an adviser")


def add_admin(root):
    a11y.click(a11y.wait_for(root, "push button", "Add Administrator…"))
    dialog = a11y.wait_for(root, "dialog", "Add an Administrator")
    if a11y.find(dialog, name="Role") is not None:
        raise a11y.E2EFailure("an administrator is offered a choice of role")
    a11y.set_text(a11y.wait_for(dialog, "text", "Name"), NEW_ADMIN)
    a11y.set_text(a11y.wait_for(dialog, "password text", "New passphrase"), NEW_ADMIN_PW)
    a11y.set_text(a11y.wait_for(dialog, "password text", "Repeat the passphrase"), NEW_ADMIN_PW + "x")
    a11y.wait_for(dialog, "label", "The two passphrases are not the same. Type them again.")
    a11y.set_text(a11y.wait_for(dialog, "password text", "Repeat the passphrase"), NEW_ADMIN_PW)
    a11y.wait_gone(dialog, "label", "The two passphrases are not the same. Type them again.")
    a11y.click(a11y.wait_for(dialog, "push button", "Add"))
    a11y.wait_for(root, "label", NEW_ADMIN, timeout=60)
    a11y.wait_for(root, "push button", f"Remove {NEW_ADMIN}")
    # The new administrator signs in with what was typed.
    listed = ctl("user", "list", passphrase_file=write_secret("bryn.pw", NEW_ADMIN_PW), user=NEW_ADMIN)
    if f"{NEW_ADMIN}\tadmin" not in listed.splitlines():
        raise a11y.E2EFailure(f"the new administrator is not listed as one: {listed!r}")


def check_verify(root):
    a11y.click(a11y.wait_for(root, "page tab", "Sync and Verify"))
    a11y.wait_for(root, "label", SYNC)
    a11y.click(a11y.wait_for(root, "push button", "Verify"))
    a11y.wait_for(root, "label", name_contains="Everything checks out", timeout=120)
    a11y.screenshot(os.path.join(SHOTS, "desk-roles-verify.png"))


def check_plain_text(root):
    open_student(root, "X<1>", MARKUP_NAME)
    for text in (MARKUP_ID, MARKUP_COLLEGE, MARKUP_FACULTY):
        a11y.wait_for(root, "label", text)
    a11y.screenshot(os.path.join(SHOTS, "desk-roles-plain-text.png"))
    open_student(root, KIOSK_NAME, KIOSK_NAME)
    a11y.wait_for(root, "label", KIOSK_COLLEGE)


def check_anonymous(root):
    search_students(root, "")
    a11y.wait_for(root, "push button", name_contains="Anonymous, First seen")
    search_students(root, ACCESS_CODE.lower())
    a11y.wait_for(root, "push button", name_contains="Anonymous, First seen")
    a11y.screenshot(os.path.join(SHOTS, "desk-roles-anonymous.png"))
    if a11y.find(root, "push button", KIOSK_NAME) is not None:
        raise a11y.E2EFailure("the access code also finds a student who is not anonymous")
    a11y.click(a11y.wait_for(root, "page tab", "Search"))
    a11y.set_text(a11y.wait_for(root, "entry", "Search students and case entries"), ACCESS_CODE)
    a11y.wait_for(root, "push button", name_contains="Anonymous, First seen")


def check_adviser_cannot_flag(root):
    open_student(root, "X<1>", MARKUP_NAME)
    a11y.wait_for(root, "label", "Removed from their course")
    a11y.wait_for(root, "label", "No")
    if a11y.find(root, "push button", "Mark as Removed…") is not None:
        raise a11y.E2EFailure("an adviser is offered to mark a student removed from their course")
    if a11y.find(root, None, "Reads of this record") is not None:
        raise a11y.E2EFailure("an adviser is shown who has read a student's record")


def check_manager_flags(root):
    open_student(root, "X<1>", MARKUP_NAME)
    a11y.click(a11y.wait_for(root, "push button", "Mark as Removed…"))
    dialog = a11y.wait_for(root, "dialog", "Mark as Removed from Their Course?")
    a11y.set_text(a11y.wait_for(dialog, "text", "Reason"), REASON)
    # Each response button is named once ("Cancel", not "Cancel Cancel").
    a11y.wait_for(dialog, "push button", "Cancel")
    a11y.click(a11y.wait_for(dialog, "push button", "Mark as Removed"))
    a11y.wait_for(root, "label", name_contains=f"marked by \u2068{MANAGER}\u2069: \u2068{REASON}\u2069")
    # The keyboard reaches the change (which scrolls it into view).
    window = a11y.wait_for(root, "frame", "Confide Desk")
    extents = window.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(extents.x + 20, extents.y + 60, "abs")
    kiosk_helpers.tab_to(window, "push button", "Clear…", limit=120)
    a11y.screenshot(os.path.join(SHOTS, "desk-roles-removed.png"))
    a11y.click(a11y.wait_for(root, "page tab", "Campus Security notices"))
    a11y.wait_for(root, "label", MARKUP_NAME)
    # One of a set is a radio button to a screen reader, not a check box.
    a11y.wait_for(root, "radio button", "Spreadsheet (CSV)")
    a11y.screenshot(os.path.join(SHOTS, "desk-roles-security.png"))


def check_manager_reads(root):
    """Who has read the record: newest first, so the manager's own reads
    (the page was just opened) before the adviser's.  Each opening reads
    several parts: there are more than a page's 20, and Load More adds the
    rest."""
    open_student(root, "X<1>", MARKUP_NAME)
    reads = a11y.wait_for(root, None, "Reads of this record")

    def readers():
        return [a11y.name_of(n) for n in a11y.find_all(reads, "label") if a11y.name_of(n) in (MANAGER, ADVISER)]

    a11y.wait_until(lambda: len(readers()) == 20, "a first page of 20 reads")
    if readers()[0] != MANAGER:
        raise a11y.E2EFailure("the newest read of the record is not the manager's own")
    a11y.wait_for(reads, "label", name_contains="Record opened")
    a11y.click(a11y.wait_for(root, "push button", "Load More Reads"))
    a11y.wait_until(lambda: len(readers()) > 20 and ADVISER in readers(), "the adviser's earlier reads")
    # The adviser read the record before the manager did.
    names = readers()
    if names != sorted(names, key=lambda name: name != MANAGER):
        raise a11y.E2EFailure(f"the reads are not newest first: {names}")


def check_manager_users(root):
    """A manager keeps every page and also adds and removes anyone."""
    a11y.click(a11y.wait_for(root, "page tab", "Users"))
    a11y.wait_for(root, "push button", "Add User…")
    a11y.wait_for(root, "push button", f"Remove {ADVISER}")
    a11y.wait_for(root, "push button", f"Remove {NEW_ADMIN}")
    for page in ("Today", "Students", "Search", "Campus Security notices", "Sync and Verify",
                 "Retention", "Statistics", "Audit"):
        a11y.wait_for(root, "page tab", page)


def check_manager_audit(root):
    """The audit page: the chain verified at the top (and again on Check
    Again), the reads just made listed, a name typed as the student's id
    refused, and a filter that keeps nothing shows nothing."""
    # Nine pages squeeze the header's switcher: the bar at the bottom shows.
    a11y.wait_for(root, "page tab", "Audit")
    a11y.click(a11y.find_all(root, "page tab", "Audit")[-1])
    a11y.wait_for(root, "label", name_contains="Verified")
    a11y.click(a11y.wait_for(root, "push button", "Check the audit log's chains again"))
    a11y.wait_for(root, "label", name_contains="Verified")
    a11y.wait_for(root, None, name_contains="student-read")
    # A name where the student's id goes is refused, saying what to type.
    a11y.set_text(a11y.wait_for(root, None, "Student id"), "Some Name")
    a11y.click(a11y.wait_for(root, "push button", "Show Entries"))
    a11y.wait_for(root, "label", name_contains="Type the student's id")
    a11y.set_text(a11y.wait_for(root, None, "Student id"), "")
    a11y.set_text(a11y.wait_for(root, None, "Action"), "no-such-action")
    a11y.click(a11y.wait_for(root, "push button", "Show Entries"))
    a11y.wait_for(root, "label", "No entry matches.")
    a11y.wait_gone(root, None, name_contains="student-read")


def test(apps):
    prepare_office()
    desk = launch_desk(apps)
    root = desk.root
    sign_in(root, ADMIN, ADMIN_PW)
    check_admin(root)
    add_admin(root)
    check_verify(root)
    lock(root)
    sign_in(root, ADVISER, ADVISER_PW)
    a11y.wait_for(root, "label", name_contains=f"{ADVISER} (Adviser)")
    check_plain_text(root)
    check_anonymous(root)
    check_adviser_cannot_flag(root)
    lock(root)
    sign_in(root, MANAGER, MANAGER_PW)
    check_manager_flags(root)
    check_manager_reads(root)
    check_manager_users(root)
    check_manager_audit(root)
    desk.stop()


if __name__ == "__main__":
    a11y.run(test, "desk-roles")
