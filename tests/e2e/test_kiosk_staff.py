# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-kiosk end to end: no way out but the staff PIN, and a full disk.

- asking the window to close (what a window manager does for Alt+F4) is
  refused;
- pressing and holding the top-left corner, or Ctrl+Alt+S, opens the staff
  dialog; a wrong PIN is refused with a sentence, five in a row lock it for
  a while, the right one (checked against the Argon2id hash) offers leaving
  full screen and quitting;
- when the kiosk's own disk is full, a check-in asks the student to see a
  member of staff; once there is room, "Try Again" saves it and the desk
  gets it.

Run with tests/e2e/run-e2e.sh (meson test e2e-kiosk-staff).
"""

import os
import shlex
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import kiosk_helpers as k  # noqa: E402

FULL_NAME = "Fullmark Disk-Student"


def refuses_to_close(kiosk):
    sent = k.ask_window_manager_to_close(kiosk.process.pid)
    if sent < 1:
        raise a11y.E2EFailure("the kiosk has no window to close")
    time.sleep(1.5)
    if kiosk.process.poll() is not None:
        raise a11y.E2EFailure(f"the kiosk closed on request (status {kiosk.process.returncode})")
    a11y.wait_for(kiosk.root, "push button", "Drop In")


def long_press_opens_dialog(kiosk):
    k.hold_pointer(30, 30, 0.3)                          # a tap is not enough
    time.sleep(1)
    if a11y.find(kiosk.root, "frame", "Staff") is not None:
        raise a11y.E2EFailure("a short tap in the corner opened the staff dialog")
    k.hold_pointer(30, 30, 2.0)
    a11y.wait_for(kiosk.root, "frame", "Staff")
    k.click(kiosk.root, "Cancel")
    a11y.wait_gone(kiosk.root, "frame", "Staff")


def open_with_keyboard(kiosk):
    k.press("Control_L", "Alt_L", "s")
    dialog = a11y.wait_for(kiosk.root, "frame", "Staff")
    a11y.wait_for(dialog, "password text", "Staff PIN")
    k.check_controls(dialog, "the staff dialog")
    return dialog


def wait_unlock_ready(dialog):
    """The PIN being checked (Argon2id, on a worker thread) keeps the
    button insensitive; this waits for the verdict."""
    def ready():
        state = k.states(a11y.find(dialog, "push button", "Unlock"))
        return state is not None and state.contains(k.pyatspi.STATE_SENSITIVE)
    a11y.wait_until(ready, "the PIN check to finish", 30)


def wrong_pins(kiosk):
    dialog = open_with_keyboard(kiosk)
    k.type_secret(dialog, "Staff PIN", "12ab")
    k.wait_sentence(dialog, "digits only")
    for attempt, left in enumerate(("4 more tries", "3 more tries", "2 more tries", "1 more try")):
        k.type_secret(dialog, "Staff PIN", f"99999{attempt}")
        k.click(dialog, "Unlock")
        k.wait_sentence(dialog, f"That PIN is not right: {left} before a pause", timeout=30)
    k.type_secret(dialog, "Staff PIN", "999994")
    k.click(dialog, "Unlock")
    k.wait_sentence(dialog, "Too many wrong PINs", timeout=30)
    wait_unlock_ready(dialog)
    k.type_secret(dialog, "Staff PIN", k.PIN)            # right, but locked out now
    k.click(dialog, "Unlock")
    time.sleep(1)
    k.wait_sentence(dialog, "Too many wrong PINs")
    if a11y.find(dialog, "push button", "Quit Kiosk") is not None:
        raise a11y.E2EFailure("the right PIN was taken during the lockout")
    k.click(dialog, "Cancel")
    a11y.wait_gone(kiosk.root, "frame", "Staff")


def pause_drop_ins(kiosk, dialog):
    """Staff pause drop-ins with a message: the welcome screen says it and
    offers only appointment check-in, until staff resume."""
    message = "Back at 14:00 <b>today</b>"
    k.type_into(dialog, "Message for students while drop-ins are paused", message)
    k.click(dialog, "Pause Drop-ins")
    a11y.wait_for(dialog, "push button", "Resume Drop-ins")
    root = kiosk.root
    k.heading(root, "Drop-ins are paused just now")
    a11y.wait_for(root, "label", message)               # as typed, not as markup
    a11y.wait_gone(root, "push button", "Drop In")
    a11y.wait_for(root, "push button", "I Have an Appointment")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-drop-ins-paused.png"))
    k.click(dialog, "Resume Drop-ins")
    a11y.wait_for(root, "push button", "Drop In")
    a11y.wait_gone(root, "heading", "Drop-ins are paused just now")


def right_pin_and_quit(kiosk, lockout_seconds=30):
    dialog = open_with_keyboard(kiosk)
    k.type_secret(dialog, "Staff PIN", k.PIN)

    def unlocked():
        """Until the lockout ends, types the PIN again every second."""
        if a11y.find(dialog, "push button", "Quit Kiosk") is not None:
            return True
        field = a11y.find(dialog, "password text", "Staff PIN")
        unlock = a11y.find(dialog, "push button", "Unlock")
        state = k.states(unlock) if unlock is not None else None
        if field is not None and state is not None and state.contains(k.pyatspi.STATE_SENSITIVE):
            a11y.set_text(field, k.PIN)
            a11y.click(unlock)
        time.sleep(1)
        return False
    a11y.wait_until(unlocked, "the right PIN to unlock once the lockout ended", lockout_seconds + 30)
    a11y.wait_for(dialog, "label", name_contains="Sync folder reachable")
    pause_drop_ins(kiosk, dialog)
    k.click(dialog, "Leave Full Screen")
    a11y.wait_for(dialog, "push button", "Return to Full Screen")
    k.click(dialog, "Return to Full Screen")
    a11y.wait_for(dialog, "push button", "Leave Full Screen")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-staff.png"))
    k.click(dialog, "Quit Kiosk")
    status = kiosk.process.wait(timeout=20)
    if status != 0:
        raise a11y.E2EFailure(f"the kiosk quit with status {status}")


def pin_is_hashed(data):
    with open(os.path.join(data, "staff-pin")) as f:
        stored = f.read()
    if not stored.startswith("$argon2id$") or k.PIN in stored:
        raise a11y.E2EFailure(f"the staff PIN is not stored as an Argon2id hash: {stored!r}")


def can_mount_tmpfs():
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                            "mount -t tmpfs -o size=1m tmpfs /mnt"], capture_output=True)
    return probe.returncode == 0


def fill(folder):
    """Writes to @folder until the disk is full; returns the file."""
    path = os.path.join(folder, "filler")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for chunk in (1 << 20, 65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * chunk)
            except OSError:
                pass
    finally:
        os.close(fd)
    return path


def full_disk(apps, office):
    """The kiosk's data folder on a small tmpfs of its own (a user and mount
    namespace: no root needed), filled up while the kiosk runs."""
    if not can_mount_tmpfs():
        print("# full-disk check skipped: this machine refuses user namespaces")
        return
    data = os.path.join(k.TMP, "small-disk")
    os.makedirs(data)
    bundle, code = office.bundle()
    enroll = [k.KIOSK, "--data-dir", data, "--sync-dir", office.sync, "--enroll", bundle,
              "--code-file", code, "--set-pin-file", office.pin_file]
    script = (f"mount -t tmpfs -o size=24m tmpfs {shlex.quote(data)} && "
              f"{shlex.join(enroll)} >/dev/null && "
              f"exec {shlex.join([k.KIOSK, '--data-dir', data, '--sync-dir', office.sync])}")
    log = os.path.join(k.TMP, "kiosk-small-disk.log")
    kiosk = a11y.App(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script], log)
    apps.append(kiosk)
    kiosk.wait_ready(timeout=60)
    root = kiosk.root
    a11y.wait_for(root, "push button", "Drop In", timeout=30)
    inside = f"/proc/{kiosk.process.pid}/root{data}"
    filler = fill(inside)
    k.start_drop_in(root)
    k.fill_details(root, {"Full name": FULL_NAME})
    k.click(root, "Continue")
    k.sign_consent(root, "FM")
    k.click(root, "Continue")
    k.heading(root, "Optional: help us be fair")
    k.click(root, "Skip and Confirm")
    k.heading(root, "Please see a member of staff", timeout=30)
    k.check_controls(root, "the full-disk screen")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-disk-full.png"))
    os.unlink(filler)
    k.click(root, "Try Again")
    ticket = k.wait_ticket(root)
    k.finish(root)
    tickets = k.wait_tickets(office, [ticket])
    if tickets[ticket]["details"].get("name") != FULL_NAME:
        raise a11y.E2EFailure(f"the retried check-in arrived as {tickets[ticket]['details']}")
    if FULL_NAME in kiosk.output():
        raise a11y.E2EFailure("the kiosk wrote the student's name to its output")
    kiosk.stop()


def test(apps):
    office = k.Office()
    data = office.enroll_kiosk(os.path.join(k.TMP, "kiosk"))
    pin_is_hashed(data)
    kiosk = k.launch_kiosk(apps, data, office.sync)     # full screen, as deployed
    refuses_to_close(kiosk)
    long_press_opens_dialog(kiosk)
    wrong_pins(kiosk)
    right_pin_and_quit(kiosk)
    full_disk(apps, office)


if __name__ == "__main__":
    a11y.run(test, "kiosk-staff")
