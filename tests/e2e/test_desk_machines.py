# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-desk end to end: the Machines page.

- An administrator sees the office's machines (this desk and a kiosk),
  with when each was enrolled and last seen.
- Revoke… asks for the reason in a message dialog whose Revoke button
  stays off until a reason is typed; the kiosk is then shown revoked, with
  the reason read back as typed (never as markup), and confidectl agrees.
- An adviser is not offered the page.

Run with tests/e2e/run-e2e.sh (meson test e2e-desk-machines).
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import pyatspi  # noqa: E402

BUILD_ROOT = os.environ["BUILD_ROOT"]
CONFIDECTL = os.environ.get("CONFIDECTL", os.path.join(BUILD_ROOT, "desk", "confidectl"))
DESK = os.environ.get("CONFIDE_DESK", os.path.join(BUILD_ROOT, "desk", "confide-desk"))
KIOSK = os.path.join(BUILD_ROOT, "tests", "kiosk-submit")
TMP = os.environ["E2E_TMP"]
SHOTS = os.environ.get("E2E_SHOTS", os.path.join(BUILD_ROOT, "e2e-shots"))

DATA = os.path.join(TMP, "office", "desk")
SYNC = os.path.join(TMP, "office", "sync")
KIOSK_DATA = os.path.join(TMP, "office", "kiosk")
MANAGER, MANAGER_PW = "Mari Manager", "manager passphrase"
ADVISER, ADVISER_PW = "Ada Adviser", "adviser passphrase"
ADMIN, ADMIN_PW = "Alun Admin", "admin passphrase"
REASON = "Stolen from the <b>waiting</b> room & not found"


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
    manager_pw = write_secret("manager.pw", MANAGER_PW)
    ctl("init", "--office", "Machines Test Office", "--user", MANAGER, "--sync-dir", SYNC,
        passphrase_file=manager_pw, user=None)
    for name, passphrase, role in ((ADVISER, ADVISER_PW, "adviser"), (ADMIN, ADMIN_PW, "admin")):
        ctl("user", "add", name, "--role", role, "--new-passphrase-file",
            write_secret(name.split()[0] + ".pw", passphrase), passphrase_file=manager_pw)
    bundle = os.path.join(TMP, "kiosk.bundle")
    code = os.path.join(TMP, "kiosk.code")
    ctl("enroll", "kiosk", "--out", bundle, "--code-file", code, passphrase_file=manager_pw)
    run([KIOSK, "join", KIOSK_DATA, SYNC, bundle, code], "kiosk-submit join")
    return manager_pw


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


def revoke_kiosk(root):
    a11y.click(a11y.wait_for(root, "page tab", "Machines"))
    a11y.wait_for(root, "label", "Desk (this machine)")
    a11y.wait_for(root, "label", "Kiosk")
    a11y.screenshot(os.path.join(SHOTS, "desk-machines.png"))
    if a11y.find(root, "push button", name_contains="Revoke Desk") is not None:
        raise a11y.E2EFailure("this desk is offered to revoke itself")
    a11y.click(a11y.wait_for(root, "push button", name_contains="Revoke Kiosk, enrolled"))
    dialog = a11y.wait_for(root, "dialog", "Revoke This Machine?")
    revoke = a11y.wait_for(dialog, "push button", "Revoke")
    if revoke.getState().contains(pyatspi.STATE_SENSITIVE):
        raise a11y.E2EFailure("Revoke is offered before a reason is typed")
    a11y.set_text(a11y.wait_for(dialog, "text", "Reason"), REASON)
    a11y.wait_until(lambda: revoke.getState().contains(pyatspi.STATE_SENSITIVE),
                    "Revoke to be offered once a reason is typed")
    a11y.screenshot(os.path.join(SHOTS, "desk-machines-revoke.png"))
    a11y.click(revoke)
    a11y.wait_for(root, "label", name_contains="revoked 20")
    a11y.wait_for(root, "label", name_contains=REASON)
    a11y.screenshot(os.path.join(SHOTS, "desk-machines-revoked.png"))
    if a11y.find(root, "push button", name_contains="Revoke Kiosk") is not None:
        raise a11y.E2EFailure("a revoked kiosk is still offered to revoke")


def check_cli_agrees(manager_pw):
    machines = json.loads(ctl("--json", "machine", "list", passphrase_file=manager_pw))
    kiosks = [m for m in machines if m["kind"] == "kiosk"]
    if len(kiosks) != 1 or kiosks[0]["revoked"] is None or kiosks[0]["revoke_reason"] != REASON:
        raise a11y.E2EFailure(f"confidectl does not show the kiosk revoked: {machines}")


def test(apps):
    manager_pw = prepare_office()
    desk = launch_desk(apps)
    root = desk.root
    sign_in(root, ADMIN, ADMIN_PW)
    revoke_kiosk(root)
    lock(root)
    sign_in(root, ADVISER, ADVISER_PW)
    a11y.wait_for(root, "page tab", "Today")
    if a11y.find(root, "page tab", "Machines") is not None:
        raise a11y.E2EFailure("an adviser is offered the Machines page")
    desk.stop()
    check_cli_agrees(manager_pw)


if __name__ == "__main__":
    a11y.run(test, "desk-machines")
