# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-desk end to end: the life of a record.

- A manager opens a student's page and destroys their records on their
  request: the confirmation's Destroy Records stays off until a reason is
  typed; the student is then gone from the list and from Search, and the
  toast gives the count, never the name.
- The Retention page shows a student whose last contact was in 2017 as
  due under the default rule (six years), and not under a rule of ten
  years saved by the manager; Hold… asks for a reason, shown
  as typed (never as markup), and holds the records out of the purge;
  Release lets them go; Destroy the Records Due… says how many, and the
  student is then gone.
- Before destroying, the manager returns the student's records to them:
  Withhold… on the note (its name says when the note was written) takes
  the words naming someone else out of the copy, and Export Records… saves a PDF that holds the rest of the note; and Today says that
  two subject access requests are due within a week, with no name.  The
  Retention page lists the one left open; Extend… asks for a reason
  (Extend stays off until one is typed), and the row then shows the new
  due day, a month later, and the reason as typed; then it is marked
  answered.
- The Statistics page counts 2017 after the purge: the student destroyed
  still counts, rounded (one contact shown as 0), and the chart of
  contacts by month says so to a screen reader; the rule is shown.
- An adviser is offered neither Destroy Records…, Export Records…, the
  banner, the Retention page nor the Statistics page.

Run with tests/e2e/run-e2e.sh (meson test e2e-desk-retention).
"""

import datetime
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import pyatspi  # noqa: E402

BUILD_ROOT = os.environ["BUILD_ROOT"]
CONFIDECTL = os.environ.get("CONFIDECTL", os.path.join(BUILD_ROOT, "desk", "confidectl"))
DESK = os.environ.get("CONFIDE_DESK", os.path.join(BUILD_ROOT, "desk", "confide-desk"))
TMP = os.environ["E2E_TMP"]
SHOTS = os.environ.get("E2E_SHOTS", os.path.join(BUILD_ROOT, "e2e-shots"))
HOME = os.environ["HOME"]
REQUESTS_DUE = "2 subject access requests are due within a week, or overdue."

DATA = os.path.join(TMP, "office", "desk")
SYNC = os.path.join(TMP, "office", "sync")
MANAGER, MANAGER_PW = "Mari Manager", "manager passphrase"
ADVISER, ADVISER_PW = "Ada Adviser", "adviser passphrase"
ASKED, ASKED_ID = "Zanele Okonkwo", "S7731902"       # asks for their records to go
STAYS, STAYS_ID = "Tomos Price", "S1000001"
NOTE = "Discussed the housing appeal with the landlord's agent."
REASON = "The student asked in writing"
WITHHELD, WITHHELD_REASON = "the landlord's agent", "names the agent"
OLD, OLD_ID = "Gwen Hughes", "S0201701"              # last seen in 2017
HOLD_REASON = "A complaint & <i>dispute</i> is open"
EXTEND_REASON = "Many records & <b>files</b> to gather"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
RECEIVED = datetime.date.today() - datetime.timedelta(days=27)


def write_secret(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text + "\n")
    os.chmod(path, 0o600)
    return path


def ctl(*args, passphrase_file, user=MANAGER, as_json=False):
    argv = [CONFIDECTL, "--data-dir", DATA, "--passphrase-file", passphrase_file]
    if user:
        argv += ["--user", user]
    if as_json:
        argv.append("--json")
    result = subprocess.run(argv + list(args), capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise a11y.E2EFailure(f"confidectl {args[0]} failed ({result.returncode}): {result.stderr}")
    return result.stdout.strip()


def add_student(name, number, manager_pw):
    return json.loads(ctl("student", "add", "--name", name, "--student-id", number,
                          passphrase_file=manager_pw, as_json=True))["id"]


def prepare_office():
    manager_pw = write_secret("manager.pw", MANAGER_PW)
    ctl("init", "--office", "Retention Test Office", "--user", MANAGER, "--sync-dir", SYNC,
        passphrase_file=manager_pw, user=None)
    ctl("user", "add", ADVISER, "--role", "adviser", "--new-passphrase-file",
        write_secret("adviser.pw", ADVISER_PW), passphrase_file=manager_pw)
    asked = add_student(ASKED, ASKED_ID, manager_pw)
    stays = add_student(STAYS, STAYS_ID, manager_pw)
    ctl("note", "add", "--student", asked, "--kind", "note", "--text-file",
        write_secret("note.txt", NOTE), passphrase_file=manager_pw)
    # Received 27 days ago: due within the week, whatever the weekday.
    received = RECEIVED.isoformat()
    ctl("access-request", "add", "--student", asked, "--received", received, passphrase_file=manager_pw)
    ctl("access-request", "add", "--student", stays, "--received", received, passphrase_file=manager_pw)
    old = add_student(OLD, OLD_ID, manager_pw)
    ctl("appointment", "add", "--student", old, "--start", "2017-03-14T10:00",
        "--end", "2017-03-14T10:45", passphrase_file=manager_pw)
    return manager_pw, asked


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


def sensitive(node):
    return node.getState().contains(pyatspi.STATE_SENSITIVE)


def open_student(root, name):
    a11y.click(a11y.wait_for(root, "page tab", "Students"))
    a11y.set_text(a11y.wait_for(root, "entry", "Search students"), name)
    a11y.click(a11y.wait_for(root, "push button", name))
    a11y.wait_for(root, "label", "Consent")


def find_toast(root, needle):
    """A toast is shown for a few seconds, less than a walk of the whole
    tree may take: only the window's top levels are searched, where the
    toast overlay keeps it beside the pages."""
    for node in a11y.walk(root, max_depth=8):
        if a11y.role_name(node) == "label" and needle in a11y.name_of(node):
            return a11y.name_of(node)
    return None


def withhold_passage(root):
    # Each entry's button is named by when the entry was written.
    button = a11y.wait_for(root, "push button", name_contains="Withhold words of the entry written ")
    if not re.search(r"written \d{1,2} \w+ \d{4}, \d{2}:\d{2}$", a11y.name_of(button)):
        raise a11y.E2EFailure(f"Withhold… does not say which entry: {a11y.name_of(button)}")
    a11y.click(button)
    dialog = a11y.wait_for(root, "dialog", "Withhold From the Student’s Copy?")
    withhold = a11y.wait_for(dialog, "push button", "Withhold")
    if sensitive(withhold):
        raise a11y.E2EFailure("Withhold is offered before a reason is typed")
    a11y.set_text(a11y.wait_for(dialog, "text", "Words to withhold"), WITHHELD)
    a11y.set_text(a11y.wait_for(dialog, "text", "Reason"), WITHHELD_REASON)
    a11y.wait_until(lambda: sensitive(withhold), "Withhold to be offered once a reason is typed")
    a11y.click(withhold)
    a11y.wait_until(lambda: find_toast(root, "Withheld from the records"), "the toast", timeout=30)


def export_records(root):
    """The records returned first, a passage withheld: GTK's own file
    chooser (no portal here), its name suggested by the desk and naming
    nobody."""
    withhold_passage(root)
    a11y.click(a11y.wait_for(root, "push button", "Export Records…"))
    chooser = a11y.wait_for(root, None, "Export Records", timeout=30)
    a11y.click(a11y.wait_for(chooser, "push button", name_contains="Export"))
    toast = a11y.wait_until(lambda: find_toast(root, "Records exported"), "the toast", timeout=30)
    if ASKED in toast:
        raise a11y.E2EFailure(f"the toast names the student: {toast}")
    path = os.path.join(HOME, "records.pdf")
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, timeout=60).stdout
    shown = NOTE.replace(WITHHELD, f"[withheld: {WITHHELD_REASON}]")
    if shown not in " ".join(text.split()) or "Who has read your record" not in text:
        raise a11y.E2EFailure(f"the exported PDF lacks the note or the cover: {text[:400]}")
    if WITHHELD in text:
        raise a11y.E2EFailure("the exported PDF holds the withheld passage")


def destroy_on_request(root):
    # A search that found the student, left on its page.
    a11y.click(a11y.wait_for(root, "page tab", "Search"))
    a11y.set_text(a11y.wait_for(root, "entry", "Search students and case entries"), "okonk")
    a11y.wait_for(root, "push button", ASKED)
    open_student(root, ASKED)
    a11y.wait_for(root, "label", name_contains="housing appeal")
    export_records(root)
    a11y.click(a11y.wait_for(root, "push button", "Destroy Records…"))
    dialog = a11y.wait_for(root, "dialog", "Destroy This Student’s Records?")
    a11y.wait_for(dialog, "label", name_contains="cannot be brought back")
    destroy = a11y.wait_for(dialog, "push button", "Destroy Records")
    if sensitive(destroy):
        raise a11y.E2EFailure("Destroy Records is offered before a reason is typed")
    a11y.set_text(a11y.wait_for(dialog, "text", "Reason"), REASON)
    a11y.wait_until(lambda: sensitive(destroy), "Destroy Records to be offered once a reason is typed")
    a11y.screenshot(os.path.join(SHOTS, "desk-destroy.png"))
    a11y.click(destroy)
    toast = a11y.wait_until(lambda: find_toast(root, "Records destroyed"), "the toast", timeout=30)
    if ASKED in toast or ASKED_ID in toast:
        raise a11y.E2EFailure(f"the toast names the student: {toast}")
    a11y.screenshot(os.path.join(SHOTS, "desk-destroyed.png"))
    # The search entry still holds the name as typed; nothing else may.
    a11y.wait_until(lambda: not a11y.find_all(root, name_contains=ASKED, showing=False),
                    "the student's name to leave the screen")
    a11y.wait_until(lambda: not a11y.tree_contains(root, NOTE), "the note to leave the screen")


def check_gone(root):
    a11y.click(a11y.wait_for(root, "page tab", "Search"))
    a11y.wait_gone(root, "push button", ASKED)          # the search left there is forgotten
    a11y.click(a11y.wait_for(root, "page tab", "Students"))
    search = a11y.wait_for(root, "entry", "Search students")
    a11y.set_text(search, "")
    a11y.wait_for(root, "push button", STAYS)
    if a11y.find(root, "push button", ASKED) is not None:
        raise a11y.E2EFailure("the destroyed student is still in the list")
    a11y.click(a11y.wait_for(root, "page tab", "Search"))
    search = a11y.wait_for(root, "entry", "Search students and case entries")
    # Each query after one that finds the other student, so that "No
    # Results" is this query's answer.
    for query in ("okonk", "housing app", ASKED_ID):
        a11y.set_text(search, "price")
        a11y.wait_for(root, "push button", STAYS)
        a11y.set_text(search, query)
        a11y.wait_gone(root, "push button", STAYS)
        a11y.wait_for(root, "label", "No Results")
        if a11y.tree_contains(root, ASKED) or a11y.tree_contains(root, "housing appeal"):
            raise a11y.E2EFailure(f"Search still finds the destroyed student by “{query}”")


def set_years(root, years):
    spin = a11y.wait_for(root, "spin button", "Years kept")
    a11y.set_text(spin, str(years))
    a11y.click(a11y.wait_for(root, "push button", "Save Rule"))


def change_rule(root):
    """Ten years from the end of 2016–17 is not yet; six years is."""
    a11y.click(a11y.wait_for(root, "page tab", "Retention"))
    a11y.wait_for(root, "list", "Records due")
    a11y.wait_for(root, "label", OLD)
    set_years(root, 10)
    a11y.wait_gone(root, "label", OLD)
    a11y.wait_for(root, "label", "No student’s records are due.")
    set_years(root, 6)
    a11y.wait_for(root, "label", OLD)


def hold_and_release(root):
    a11y.click(a11y.wait_for(root, "page tab", "Retention"))
    a11y.wait_for(root, "list", "Records due")
    a11y.wait_for(root, "label", OLD)
    a11y.wait_for(root, "label", name_contains="Last contact 14 March 2017")
    due_list = a11y.wait_for(root, "list", "Records due")
    for name in (ASKED, STAYS):
        if a11y.find(due_list, "label", name) is not None:
            raise a11y.E2EFailure(f"{name}, seen today, is shown as due")
    a11y.screenshot(os.path.join(SHOTS, "desk-retention.png"))
    a11y.click(a11y.wait_for(root, "push button", name_contains=f"Hold {OLD}, due "))
    dialog = a11y.wait_for(root, "dialog", "Hold These Records?")
    hold = a11y.wait_for(dialog, "push button", "Hold")
    if sensitive(hold):
        raise a11y.E2EFailure("Hold is offered before a reason is typed")
    a11y.set_text(a11y.wait_for(dialog, "text", "Reason"), HOLD_REASON)
    a11y.wait_until(lambda: sensitive(hold), "Hold to be offered once a reason is typed")
    a11y.click(hold)
    a11y.wait_for(root, "label", name_contains=HOLD_REASON)      # as typed, not as markup
    purge = a11y.wait_for(root, "push button", "Destroy the Records Due…")
    a11y.wait_until(lambda: not sensitive(purge), "nothing to destroy while the only one is held")
    a11y.screenshot(os.path.join(SHOTS, "desk-retention-held.png"))
    a11y.click(a11y.wait_for(root, "push button", name_contains=f"Release {OLD}, due "))
    a11y.wait_for(root, "push button", name_contains=f"Hold {OLD}, due ")
    a11y.wait_gone(root, "label", name_contains=HOLD_REASON)


def answer_request(root):
    """The request of the student destroyed went with them; the other's
    is listed until it is marked answered."""
    a11y.click(a11y.wait_for(root, "page tab", "Retention"))
    requests = a11y.wait_for(root, "list", "Open access requests")
    a11y.wait_for(requests, "label", STAYS)
    if a11y.find(requests, "label", ASKED) is not None:
        raise a11y.E2EFailure("the destroyed student's request is still listed")
    extend_request(root, requests)
    a11y.click(a11y.wait_for(requests, "push button", name_contains=f"{STAYS}’s request, due "))
    a11y.wait_for(root, "label", "No access request is waiting for an answer.", timeout=30)


def due_day(received, months):
    """As the library counts it (cf_access_request_due_day): the same day
    so many months later, or that month's last; a weekend moves to Monday."""
    month0 = received.month - 1 + months
    year, month = received.year + month0 // 12, month0 % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    due = datetime.date(year, month, min(received.day, last))
    return due + datetime.timedelta(days=(7 - due.weekday()) % 7 if due.weekday() >= 5 else 0)


def day_text(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def extend_request(root, requests):
    """Extended by a month, with a reason: the row shows the new due day,
    and the reason as typed, never as markup."""
    old_due, new_due = day_text(due_day(RECEIVED, 1)), day_text(due_day(RECEIVED, 2))
    a11y.click(a11y.wait_for(requests, "push button", f"Extend {STAYS}’s request, due {old_due}"))
    dialog = a11y.wait_for(root, "dialog", "Extend the Time to Answer?")
    a11y.wait_for(dialog, None, "Due later by, in all")
    extend = a11y.wait_for(dialog, "push button", "Extend")
    if sensitive(extend):
        raise a11y.E2EFailure("Extend is offered before a reason is typed")
    a11y.set_text(a11y.wait_for(dialog, "text", "Reason"), EXTEND_REASON)
    a11y.wait_until(lambda: sensitive(extend), "Extend to be offered once a reason is typed")
    a11y.click(extend)
    a11y.wait_for(requests, "push button", f"{STAYS}’s request, due {new_due}, is answered", timeout=30)
    a11y.wait_for(requests, "label", name_contains=f"due {new_due}")
    a11y.wait_for(requests, "label", name_contains=f"extended: {EXTEND_REASON}")
    a11y.screenshot(os.path.join(SHOTS, "desk-retention-extended.png"))


def destroy_due(root):
    purge = a11y.wait_for(root, "push button", "Destroy the Records Due…")
    a11y.wait_until(lambda: sensitive(purge), "Destroy the Records Due… to be offered")
    a11y.click(purge)
    dialog = a11y.wait_for(root, "dialog", "Destroy the Records Due?")
    a11y.wait_for(dialog, "label", name_contains="The records of 1 student are destroyed")
    a11y.screenshot(os.path.join(SHOTS, "desk-retention-purge.png"))
    a11y.click(a11y.wait_for(dialog, "push button", "Destroy Records"))
    toast = a11y.wait_until(lambda: find_toast(root, "The records of"), "the toast", timeout=30)
    if OLD in toast or "1 student" not in toast:
        raise a11y.E2EFailure(f"the toast does not say how many, or says whose: {toast}")
    a11y.wait_gone(root, "label", OLD)
    a11y.wait_for(root, "label", "No student’s records are due.")
    a11y.click(a11y.wait_for(root, "page tab", "Students"))
    a11y.set_text(a11y.wait_for(root, "entry", "Search students"), "")
    a11y.wait_for(root, "push button", STAYS)
    a11y.wait_gone(root, "push button", OLD)


def check_statistics(root):
    """The 2017 student was purged: their contact is folded, still counted
    in 2017, and shown rounded (1 as 0)."""
    a11y.click(a11y.wait_for(root, "page tab", "Statistics"))
    a11y.set_text(a11y.wait_for(root, "text", "From"), "01/01/2017")
    a11y.set_text(a11y.wait_for(root, "text", "To"), "31/12/2017")
    a11y.click(a11y.wait_for(root, "push button", "Count"))
    chart = a11y.wait_for(root, None, "Contacts by month")
    a11y.wait_until(lambda: "2017-03, 0." in (chart.description or ""),
                    "the chart's description to give March 2017, rounded")
    a11y.wait_for(root, "label", name_contains="HESA")
    a11y.wait_for(root, "label", "Total")
    a11y.screenshot(os.path.join(SHOTS, "desk-statistics.png"))


def check_cli_agrees(manager_pw, asked):
    students = json.loads(ctl("student", "list", passphrase_file=manager_pw, as_json=True))
    if any(s.get("id") == asked for s in students):
        raise a11y.E2EFailure(f"confidectl still lists the destroyed student: {students}")


def check_adviser_not_offered(root):
    sign_in(root, ADVISER, ADVISER_PW)
    a11y.wait_for(root, "page tab", "Today")
    if a11y.find(root, "page tab", "Retention") is not None:
        raise a11y.E2EFailure("an adviser is offered the Retention page")
    if a11y.find(root, "label", name_contains="subject access request") is not None:
        raise a11y.E2EFailure("an adviser is shown the access requests due")
    if a11y.find(root, "page tab", "Statistics") is not None:
        raise a11y.E2EFailure("an adviser is offered the Statistics page")
    open_student(root, STAYS)
    for button in ("Destroy Records…", "Export Records…"):
        if a11y.find(root, "push button", button) is not None:
            raise a11y.E2EFailure(f"an adviser is offered {button}")


def check_logs_hold_no_names(apps):
    for app in apps:
        output = app.output()
        for secret in (ASKED, ASKED_ID, STAYS, NOTE, OLD, HOLD_REASON, EXTEND_REASON):
            if secret in output:
                raise a11y.E2EFailure(f"{app.argv[0]} wrote “{secret}” to its output")


def test(apps):
    manager_pw, asked = prepare_office()
    desk = launch_desk(apps)
    root = desk.root
    sign_in(root, MANAGER, MANAGER_PW)
    a11y.wait_for(root, "label", REQUESTS_DUE, timeout=30)
    destroy_on_request(root)
    check_gone(root)
    answer_request(root)
    change_rule(root)
    hold_and_release(root)
    destroy_due(root)
    check_statistics(root)
    lock(root)
    check_adviser_not_offered(root)
    desk.stop()
    check_cli_agrees(manager_pw, asked)
    check_logs_hold_no_names(apps)


if __name__ == "__main__":
    a11y.run(test, "desk-retention")
