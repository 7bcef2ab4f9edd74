# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-kiosk end to end: setting a kiosk up.

- headless, as a script would: `--enroll FILE --code-file FILE` and
  `--set-pin-file FILE`, with their exit statuses (0 done, 1 failed, 2 wrong
  usage, 3 wrong code) and one line on stderr starting "confide-kiosk: ";
- on a machine that is not enrolled, the window shows the staff set-up
  screen: the bundle, its code, the sync folder and the PIN twice, with
  sentences for what is wrong, then the welcome screen;
- a kiosk enrolled without a PIN asks for one before students can use it;
- a data folder that belongs to a desk shows a "see a member of staff"
  screen, not a crash.

Run with tests/e2e/run-e2e.sh (meson test e2e-kiosk-setup).
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import kiosk_helpers as k  # noqa: E402


def kiosk_cli(*args):
    return subprocess.run([k.KIOSK, *args], capture_output=True, text=True, timeout=120)


def expect_status(result, status, what):
    if result.returncode != status:
        raise a11y.E2EFailure(f"{what}: exit {result.returncode}, not {status} "
                              f"(stderr: {result.stderr.strip()!r})")
    if status != 0:
        lines = result.stderr.strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith("confide-kiosk: "):
            raise a11y.E2EFailure(f"{what}: stderr is not one “confide-kiosk: ” line: {result.stderr!r}")


def headless(office):
    data = os.path.join(k.TMP, "headless")
    bundle, code = office.bundle()
    wrong = k.write_secret("wrong.code", "AAAA-BBBB-CCCC-DDDD-EEEE")
    letters = k.write_secret("letters.pin", "12ab56")
    base = ["--data-dir", data, "--sync-dir", office.sync]
    expect_status(kiosk_cli(*base, "--enroll", bundle), 2, "--enroll without --code-file")
    expect_status(kiosk_cli("--data-dir", data, "--enroll", bundle, "--code-file", code), 2,
                  "--enroll without --sync-dir")
    expect_status(kiosk_cli(*base, "--enroll", bundle + ".missing", "--code-file", code), 1,
                  "a missing bundle")
    expect_status(kiosk_cli(*base, "--enroll", bundle, "--code-file", wrong), 3, "a wrong code")
    expect_status(kiosk_cli(*base, "--set-pin-file", letters), 1, "a PIN with letters")
    done = kiosk_cli(*base, "--enroll", bundle, "--code-file", code, "--set-pin-file", office.pin_file)
    expect_status(done, 0, "enrolling")
    if len(done.stdout.strip().splitlines()) != 2 or done.stderr:
        raise a11y.E2EFailure(f"enrolling said {done.stdout!r} {done.stderr!r}")
    expect_status(kiosk_cli(*base, "--enroll", bundle, "--code-file", code), 1, "enrolling twice")
    with open(os.path.join(data, "staff-pin")) as f:
        if not f.read().startswith("$argon2id$"):
            raise a11y.E2EFailure("the staff PIN is not an Argon2id hash")


def set_up_screen(apps, office):
    data = os.path.join(k.TMP, "fresh")
    bundle, code = office.bundle()
    kiosk = k.launch_kiosk(apps, data, office.sync, wait_welcome=False)
    root = kiosk.root
    k.heading(root, "Set Up This Kiosk", timeout=30)
    a11y.wait_for(root, "push button", "Choose File…")
    if k.text_value(root, "Sync folder") != office.sync:
        raise a11y.E2EFailure("the sync folder given with --sync-dir is not filled in")
    k.check_controls(root, "the set-up screen")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-setup.png"))
    k.type_into(root, "Enrollment bundle", bundle)
    k.type_into(root, "Enrollment code", "aaaa bbbb cccc dddd eeee")
    k.type_secret(root, "Staff PIN", "12a")
    k.wait_sentence(root, "digits only")
    k.type_secret(root, "Staff PIN", "1357")
    k.type_secret(root, "Repeat the staff PIN", "1357")
    k.click(root, "Set Up Kiosk")
    k.wait_sentence(root, "6 to 12 digits")
    k.type_secret(root, "Staff PIN", k.PIN)
    k.type_secret(root, "Repeat the staff PIN", "135799")
    k.click(root, "Set Up Kiosk")
    k.wait_sentence(root, "The two PINs are not the same")
    k.type_secret(root, "Repeat the staff PIN", k.PIN)
    k.click(root, "Set Up Kiosk")
    k.wait_sentence(root, "The enrollment code does not open this bundle", timeout=60)
    with open(code) as f:
        k.type_into(root, "Enrollment code", f.readline().strip().lower())   # as typed by a person
    k.click(root, "Set Up Kiosk")
    a11y.wait_for(root, "push button", "Drop In", timeout=60)
    k.assert_gone_from_tree(root, [k.PIN], "after the set-up")
    with open(os.path.join(data, "staff-pin")) as f:
        if k.PIN in f.read():
            raise a11y.E2EFailure("the staff PIN is stored as typed")
    kiosk.stop()


def pin_only(apps, office):
    data = office.enroll_kiosk(os.path.join(k.TMP, "no-pin"), pin=False)
    kiosk = k.launch_kiosk(apps, data, office.sync, wait_welcome=False)
    root = kiosk.root
    k.heading(root, "Choose a Staff PIN", timeout=30)
    if a11y.find(root, "text", "Enrollment bundle") is not None:
        raise a11y.E2EFailure("an enrolled kiosk asks for a bundle again")
    k.check_controls(root, "the PIN screen")
    k.type_secret(root, "Staff PIN", k.PIN)
    k.type_secret(root, "Repeat the staff PIN", k.PIN)
    k.click(root, "Save PIN")
    a11y.wait_for(root, "push button", "Drop In", timeout=60)
    kiosk.stop()


def desk_folder(apps, office):
    kiosk = k.launch_kiosk(apps, office.desk, office.sync, wait_welcome=False)
    a11y.wait_for(kiosk.root, None, "This kiosk is not working just now", timeout=30)
    a11y.wait_for(kiosk.root, None, "Please see a member of staff.")
    a11y.wait_for(kiosk.root, None, name_contains="belongs to a desk")   # for staff
    kiosk.stop()


def test(apps):
    office = k.Office()
    headless(office)
    set_up_screen(apps, office)
    pin_only(apps, office)
    desk_folder(apps, office)


if __name__ == "__main__":
    a11y.run(test, "kiosk-setup")
