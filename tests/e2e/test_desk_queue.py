# SPDX-License-Identifier: GPL-3.0-or-later
"""The desk's drop-in queue end to end: a kiosk (enrolled with confidectl,
driven by tests/e2e/kiosk-submit) hands in a sealed visit; the running
desk picks it up from the sync folder by itself, shows it in the queue and
sends a desktop notification that names the ticket and nobody; clicking
the notification brings the ticket into view; the adviser calls it and
opens it into the student's record with the consent from the kiosk's
slip.  A booked student who checks in with their booking code (made
beforehand with the kiosk tests' kiosk-desk-helper) is announced as "Your
23:30 has arrived" and shows as arrived in the diary.  Opening leaves
the ticket called (highlighted, so the kiosk still shows its code) until
the adviser says Seen.  An arrival without a code, under a classmate's
name with the wrong date of birth, marks nobody arrived and waits as
"not matched" (Open is not offered); No-Show on it can be undone.  The
right name, typed in another case and without accents, with the right
date of birth, marks the appointment arrived; Open on the waiting ticket
calls it and opens the record.  Locked, the desk only says that something
new arrived.

A notification server of the test's own (notification_server.py) runs on
the private session bus of run-e2e.sh and logs what it is sent.
"""

import datetime
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD_ROOT = os.environ["BUILD_ROOT"]
CONFIDECTL = os.environ.get("CONFIDECTL", os.path.join(BUILD_ROOT, "desk", "confidectl"))
DESK = os.path.join(BUILD_ROOT, "desk", "confide-desk")
KIOSK = os.path.join(BUILD_ROOT, "tests", "kiosk-submit")
DESK_HELPER = os.path.join(BUILD_ROOT, "tests", "kiosk-desk-helper")
TMP = os.environ["E2E_TMP"]
SHOTS = os.environ.get("E2E_SHOTS", os.path.join(BUILD_ROOT, "e2e-shots"))

DATA = os.path.join(TMP, "office", "desk")
SYNC = os.path.join(TMP, "office", "sync")
KIOSK_DATA = os.path.join(TMP, "office", "kiosk")
NOTIFICATIONS = os.path.join(TMP, "notifications.log")
MANAGER, MANAGER_PW = "Mari Manager", "manager passphrase"
ADVISER, ADVISER_PW = "Ada Adviser", "adviser passphrase"
NAME = "Nomvula Queue-Dlamini"
STUDENT_ID = "QE2E-4471"
TOPIC = "Housing and landlords"
SECOND_NAME = "Ieuan Locked-Jenkins"
BOOKED_NAME = "Tamsin Booked-Ferreira"
BOOKED_TIME = "23:30"
CLASSMATE = "Carys Classmate-Évans"
CLASSMATE_TYPED = "carys  CLASSMATE-evans"
CLASSMATE_BORN = "2004-07-09"
CLASSMATE_TIME = "22:00"


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


def prepare_office():
    """An office, an adviser, and a kiosk enrolled the way an
    administrator does it: a bundle and a one-time code."""
    manager_pw = write_secret("manager.pw", MANAGER_PW)
    adviser_pw = write_secret("adviser.pw", ADVISER_PW)
    ctl("init", "--office", "Queue Test Office", "--user", MANAGER, "--sync-dir", SYNC,
        passphrase_file=manager_pw, user=None)
    ctl("user", "add", ADVISER, "--role", "adviser", "--new-passphrase-file", adviser_pw,
        passphrase_file=manager_pw)
    bundle = os.path.join(TMP, "kiosk.bundle")
    code = os.path.join(TMP, "kiosk.code")
    ctl("enroll", "kiosk", "--out", bundle, "--code-file", code, passphrase_file=manager_pw)
    run([KIOSK, "join", KIOSK_DATA, SYNC, bundle, code], "kiosk-submit join")
    return adviser_pw, book_with_code(manager_pw)


def book_with_code(manager_pw):
    """An appointment of the adviser's tonight, with a booking code (made
    before the desk starts, by the kiosk tests' desk helper)."""
    student = json.loads(ctl("--json", "student", "add", "--name", BOOKED_NAME,
                             passphrase_file=manager_pw))["id"]
    today = datetime.date.today().isoformat()
    appointment = ctl("appointment", "add", "--student", student, "--start", f"{today}T{BOOKED_TIME}",
                      "--end", f"{today}T23:45", "--adviser", ADVISER, passphrase_file=manager_pw)
    return run([DESK_HELPER, DATA, MANAGER, manager_pw, "booking-code", appointment],
               "kiosk-desk-helper booking-code")


def drop_in(name, number, topic):
    """What a student types at the kiosk, in the kiosk's own format."""
    details = {
        "anonymous": False, "name": name, "student_id": number, "college": "Newnham",
        "contact": "nomvula@example.ac.uk",
        "consent": {"version": "1", "language": "en", "signature": name,
                    "parties": {"college-tutor": True, "health": False}},
    }
    path = os.path.join(TMP, f"visit-{number}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(details, f, ensure_ascii=False)
    return run([KIOSK, "drop-in", KIOSK_DATA, path, topic], "kiosk-submit drop-in")


def start_notification_server():
    ready = os.path.join(TMP, "notifications.ready")
    log = open(os.path.join(TMP, "notification-server.out"), "wb")
    server = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "notification_server.py"),
                               NOTIFICATIONS, ready], stdout=log, stderr=subprocess.STDOUT)
    a11y.wait_until(lambda: os.path.exists(ready), "the notification server to own its name")
    return server


def notifications():
    if not os.path.exists(NOTIFICATIONS):
        return []
    with open(NOTIFICATIONS, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def raw_notifications():
    if not os.path.exists(NOTIFICATIONS):
        return ""
    with open(NOTIFICATIONS, encoding="utf-8") as f:
        return f.read()


def click_notification(notification_id):
    import dbus
    bus = dbus.SessionBus()
    server = bus.get_object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
    server.Invoke(dbus.UInt32(notification_id), "default", dbus_interface="org.confide.Test")


def sign_in(root, user, passphrase):
    a11y.set_text(a11y.wait_for(root, "text", "User name"), user)
    a11y.set_text(a11y.wait_for(root, "password text", "Passphrase"), passphrase)
    a11y.click(a11y.wait_for(root, "push button", "Sign In"))


def check_notified(code):
    """One notification for the ticket: its code, and nothing of who."""
    wanted = f"A drop-in is waiting: {code}"
    found = a11y.wait_until(
        lambda: [n for n in notifications() if n["summary"] == wanted],
        f"the notification “{wanted}”", timeout=30)
    everything = raw_notifications()
    for secret in (NAME, "Nomvula", "Dlamini", STUDENT_ID, TOPIC, "Newnham", "nomvula@"):
        if secret in everything:
            raise a11y.E2EFailure(f"a notification holds “{secret}”: {everything}")
    if found[0]["body"]:
        raise a11y.E2EFailure(f"the notification has a body: {found[0]['body']!r}")
    if "default" not in found[0]["actions"]:
        raise a11y.E2EFailure("the notification cannot be clicked (no default action)")
    return found[0]["id"]


def check_queue_shows(root, code):
    a11y.wait_for(root, "label", code, timeout=30)
    a11y.wait_for(root, "label", TOPIC)
    a11y.wait_for(root, "label", "2 waiting")
    a11y.wait_for(root, "label", "About 15 min")   # no history: the default rule


def check_click_shows_ticket(root, notification_id, code):
    """Clicking the notification brings the desk to Today with the ticket
    selected: Open is then possible without touching the list."""
    a11y.click(a11y.wait_for(root, "page tab", "Students"))
    a11y.wait_gone(root, "label", "Drop-in Queue")
    click_notification(notification_id)
    a11y.wait_for(root, "label", "Drop-in Queue")
    a11y.wait_until(lambda: a11y.find(root, "push button", "Open") is not None and
                    _enabled(a11y.find(root, "push button", "Open")),
                    f"the ticket {code} to be selected (Open enabled)")


def _enabled(node):
    states = node.getState()
    import pyatspi
    return states.contains(pyatspi.STATE_SENSITIVE)


def call_and_open(root, code):
    # The booked student's ticket waits for this adviser and came first.
    a11y.click(a11y.wait_for(root, "push button", "Call Next"))
    a11y.wait_for(root, "label", name_contains="You called A-")
    a11y.click(a11y.wait_for(root, "push button", "Call Next"))
    a11y.wait_for(root, "label", f"You called {code}.")
    a11y.wait_for(root, "label", "Nobody is waiting")
    a11y.screenshot(os.path.join(SHOTS, "desk-queue.png"))
    a11y.click(a11y.wait_for(root, "push button", "Open"))
    # The record made from the sealed submission, with the slip's consent.
    a11y.wait_for(root, "label", NAME, timeout=30)
    a11y.wait_for(root, "label", "Newnham")
    a11y.wait_for(root, "label", "College tutor", timeout=30)
    a11y.wait_for(root, "label", "Health or counselling services")
    a11y.wait_until(lambda: len(a11y.find_all(root, "label", name_contains="kiosk")) >= 2,
                    "both consent records to say they came from the kiosk's slip")
    a11y.screenshot(os.path.join(SHOTS, "desk-queue-student.png"))
    see(root, code)


def called_label(root, code):
    """The ticket's code in the queue, marked as called for a screen reader."""
    a11y.click(a11y.wait_for(root, "page tab", "Today"))
    return a11y.wait_until(
        lambda: [n for n in a11y.find_all(root, "label", code)
                 if a11y._safe(lambda: n.description, "") == "Called"],
        f"the ticket {code} to show as called", timeout=30)


def see(root, code):
    """Opened, the ticket is still called (its code stays on the kiosk's
    screen) until the adviser says the student was seen."""
    called_label(root, code)
    a11y.click(a11y.wait_for(root, "push button", "Seen"))
    a11y.wait_gone(root, "label", code, timeout=30)


def check_arrival(root, booking_code):
    """The student checks in with their code: the adviser is told the time
    of their appointment, and the diary says they arrived."""
    a11y.click(a11y.wait_for(root, "page tab", "Today"))
    # The kiosk knows the booking once the desk's first pass published it.
    code = a11y.wait_until(lambda: _arrive(booking_code), "the booking to reach the kiosk's feed",
                           timeout=30)
    wanted = f"Your {BOOKED_TIME} has arrived"
    a11y.wait_until(lambda: [n for n in notifications() if n["summary"] == wanted],
                    f"the notification “{wanted}”", timeout=30)
    if BOOKED_NAME in raw_notifications():
        raise a11y.E2EFailure("a notification names the booked student")
    a11y.wait_for(root, "label", code, timeout=30)
    # The status in the diary, beside the button of the same name.
    a11y.wait_until(lambda: len(a11y.find_all(root, "label", "Arrived")) >= 2,
                    "the diary to show the appointment as arrived")
    a11y.wait_for(root, "label", "Waiting for you")


def _arrive(booking_code):
    result = subprocess.run([KIOSK, "arrive", KIOSK_DATA, booking_code.lower()],
                            capture_output=True, text=True, timeout=60)
    return result.stdout.strip() if result.returncode == 0 else None


def appointment_status(manager_pw, start):
    listed = json.loads(ctl("--json", "appointment", "list", "--date", datetime.date.today().isoformat(),
                            passphrase_file=manager_pw))
    return [a["status"] for a in listed if a["start"].endswith("T" + start)][0]


def book_classmate(manager_pw):
    """A classmate booked tonight, whose date of birth the desk knows from
    an earlier visit."""
    student = json.loads(ctl("--json", "student", "add", "--name", CLASSMATE,
                             passphrase_file=manager_pw))["id"]
    run([DESK_HELPER, DATA, MANAGER, manager_pw, "birth-date", student, CLASSMATE_BORN],
        "kiosk-desk-helper birth-date")
    today = datetime.date.today().isoformat()
    ctl("appointment", "add", "--student", student, "--start", f"{today}T{CLASSMATE_TIME}",
        "--end", f"{today}T22:15", "--adviser", ADVISER, passphrase_file=manager_pw)


def arrive_by_name(name, born):
    return run([KIOSK, "arrive-by-name", KIOSK_DATA, name, born], "kiosk-submit arrive-by-name")


def select_by_notification(summary):
    found = a11y.wait_until(lambda: [n for n in notifications() if n["summary"] == summary],
                            f"the notification “{summary}”", timeout=30)
    click_notification(found[-1]["id"])


def check_unmatched_arrival(root, manager_pw):
    """A classmate's name with the wrong date of birth: nobody is marked
    arrived, and the ticket waits to be matched by an adviser."""
    code = arrive_by_name(CLASSMATE, "2004-07-10")
    a11y.wait_for(root, "label", code, timeout=30)
    a11y.wait_for(root, "label", "Arrival — not matched")
    if appointment_status(manager_pw, CLASSMATE_TIME) != "booked":
        raise a11y.E2EFailure("an arrival with the wrong date of birth marked the classmate arrived")
    select_by_notification(f"An arrival needs matching: {code}")
    a11y.wait_until(lambda: _enabled(a11y.find(root, "push button", "Match…")),
                    f"the unmatched ticket {code} to be selected (Match… enabled)")
    if _enabled(a11y.find(root, "push button", "Open")):
        raise a11y.E2EFailure("Open is offered for an unmatched arrival")
    a11y.screenshot(os.path.join(SHOTS, "desk-queue-unmatched.png"))
    # A no-show by mistake is undone from its toast.
    a11y.click(a11y.wait_for(root, "push button", "No-Show"))
    a11y.wait_gone(root, "label", code, timeout=30)
    # libadwaita 1.2 names the toast's button "Undo Undo" (label and text).
    a11y.click(a11y.wait_for(root, "push button", name_contains="Undo"))
    a11y.wait_for(root, "label", code, timeout=30)
    return code


def check_matched_arrival(root, manager_pw):
    """The right name, typed differently, and the right date of birth."""
    code = arrive_by_name(CLASSMATE_TYPED, CLASSMATE_BORN)
    a11y.wait_for(root, "label", code, timeout=30)
    a11y.wait_until(lambda: appointment_status(manager_pw, CLASSMATE_TIME) == "arrived",
                    "the classmate's appointment to be marked arrived")
    select_by_notification(f"Your {CLASSMATE_TIME} has arrived")
    a11y.wait_until(lambda: _enabled(a11y.find(root, "push button", "Open")),
                    f"the ticket {code} to be selected (Open enabled)")
    # Open on a waiting ticket calls it: it stays, highlighted, not gone.
    a11y.click(a11y.wait_for(root, "push button", "Open"))
    a11y.wait_for(root, "label", CLASSMATE, timeout=30)
    called_label(root, code)
    a11y.screenshot(os.path.join(SHOTS, "desk-queue-called.png"))
    a11y.click(a11y.wait_for(root, "push button", "Seen"))
    a11y.wait_gone(root, "label", code, timeout=30)


def check_create_record(root, code):
    """The unmatched arrival made into a record, on the adviser's word, from
    the details shown as typed."""
    select_by_notification(f"An arrival needs matching: {code}")
    a11y.click(a11y.wait_until(lambda: _enabled(a11y.find(root, "push button", "Create Record…")) and
                               a11y.find(root, "push button", "Create Record…"),
                               f"the unmatched ticket {code} to be selected again"))
    a11y.wait_for(root, "label", name_contains="the student typed the name “\u2068Carys Classmate-Évans\u2069”",
                  timeout=30)
    a11y.click(a11y.wait_until(
        lambda: [b for b in a11y.find_all(root, "push button", name_contains="Record")
                 if not a11y.name_of(b).endswith("…")][0:1] and
        [b for b in a11y.find_all(root, "push button", name_contains="Record")
         if not a11y.name_of(b).endswith("…")][0],
        "the dialog's Create Record button"))
    a11y.wait_for(root, "label", CLASSMATE, timeout=30)
    see(root, code)


def check_stored(adviser_pw, code):
    queue = json.loads(ctl("--json", "queue", passphrase_file=adviser_pw, user=ADVISER))
    if any(item["ticket"] == code for item in queue):
        raise a11y.E2EFailure(f"{code} is still in the queue after it was opened")


def check_locked_news(root, desk, sent_before):
    """Locked, the desk reads nothing: a new visit is only 'something new'."""
    a11y.click(a11y.wait_for(root, "push button", "Lock"))
    a11y.wait_for(root, "push button", "Sign In", timeout=30)
    time.sleep(1)   # the folder's state at locking is the baseline
    code = drop_in(SECOND_NAME, "QE2E-9001", "Money and debt")
    a11y.wait_for(root, "label", "Something new arrived. Sign in to see it.", timeout=30)
    for secret in (code, SECOND_NAME, NAME):
        if a11y.tree_contains(root, secret):
            raise a11y.E2EFailure(f"“{secret}” is in the accessibility tree of the locked desk")
    if len(notifications()) != sent_before:
        raise a11y.E2EFailure("the locked desk sent a notification")
    a11y.screenshot(os.path.join(SHOTS, "desk-queue-locked.png"))
    return code


def check_after_sign_in(root, adviser_pw, code):
    sign_in(root, ADVISER, adviser_pw)
    a11y.wait_for(root, "label", code, timeout=30)
    a11y.wait_gone(root, "label", "Something new arrived. Sign in to see it.")
    check_notified(code)


def check_logs_hold_no_names(apps):
    for app in apps:
        output = app.output()
        for secret in (NAME, SECOND_NAME, STUDENT_ID, CLASSMATE):
            if secret in output:
                raise a11y.E2EFailure(f"{app.argv[0]} wrote “{secret}” to its output")


def test(apps):
    server = start_notification_server()
    try:
        adviser_pw_file, booking_code = prepare_office()
        desk = a11y.App([DESK, "--data-dir", DATA, "--sync-dir", SYNC],
                        os.path.join(TMP, "desk.log"))
        apps.append(desk)
        root = desk.wait_ready()
        sign_in(root, ADVISER, ADVISER_PW)
        a11y.wait_for(root, "label", "Nobody is waiting", timeout=30)

        check_arrival(root, booking_code)
        code = drop_in(NAME, STUDENT_ID, TOPIC)
        check_queue_shows(root, code)
        notification_id = check_notified(code)
        check_click_shows_ticket(root, notification_id, code)
        call_and_open(root, code)
        check_stored(adviser_pw_file, code)
        manager_pw_file = os.path.join(TMP, "manager.pw")
        book_classmate(manager_pw_file)
        unmatched = check_unmatched_arrival(root, manager_pw_file)
        check_matched_arrival(root, manager_pw_file)
        check_create_record(root, unmatched)

        second = check_locked_news(root, desk, len(notifications()))
        check_after_sign_in(root, ADVISER_PW, second)
        desk.stop()
        check_logs_hold_no_names(apps)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    a11y.run(test, "desk-queue")
