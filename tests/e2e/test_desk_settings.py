# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-desk end to end: the office's settings.

- A manager opens Office Settings from the main menu, saves opening hours,
  the kiosk's topics (one holding markup, shown and kept as typed) and a
  new consent wording, which becomes version 2, and the restricted
  service an adviser works in (kept as typed);
  confidectl then reads what was saved, and the old wording still as
  version 1.
- An adviser is not offered Office Settings.  The main menu's Help, and
  F1, on a machine with no help viewer (the desk runs with XDG_DATA_DIRS
  holding every folder of /usr/share but "applications", so no program
  handles help: URIs), each say so in a toast.

Run with tests/e2e/run-e2e.sh (meson test e2e-desk-settings).
"""

import json
import os
import subprocess
import sys

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402

BUILD_ROOT = os.environ["BUILD_ROOT"]
CONFIDECTL = os.environ.get("CONFIDECTL", os.path.join(BUILD_ROOT, "desk", "confidectl"))
DESK = os.environ.get("CONFIDE_DESK", os.path.join(BUILD_ROOT, "desk", "confide-desk"))
TMP = os.environ["E2E_TMP"]

DATA = os.path.join(TMP, "office", "desk")
SYNC = os.path.join(TMP, "office", "sync")
MANAGER, MANAGER_PW = "Mari Manager", "manager passphrase"
ADVISER, ADVISER_PW = "Ada Adviser", "adviser passphrase"
HOURS = "Monday to Friday, 10:00 to 16:00"
TOPICS = ["Housing <b>&amp;</b> rent", "Money"]
SERVICE = "Women's <b>service</b>"
WORDING = "We keep what you tell us private, unless someone is at risk."
NO_VIEWER = "The user guide could not be opened"
F1 = 0xffbe                     # the keysym


def write_secret(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text + "\n")
    os.chmod(path, 0o600)
    return path


def ctl(*args, passphrase_file, user=MANAGER):
    argv = [CONFIDECTL, "--data-dir", DATA, "--passphrase-file", passphrase_file]
    if user:
        argv += ["--user", user]
    result = subprocess.run(argv + list(args), capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise a11y.E2EFailure(f"confidectl {args[0]} failed ({result.returncode}): {result.stderr}")
    return result.stdout.strip()


def sign_in(root, user, passphrase):
    a11y.set_text(a11y.wait_for(root, "text", "User name"), user)
    a11y.set_text(a11y.wait_for(root, "password text", "Passphrase"), passphrase)
    a11y.click(a11y.wait_for(root, "push button", "Sign In"))
    a11y.wait_for(root, "push button", "Lock", timeout=30)


def find_toast(root, needle):
    for node in a11y.walk(root, max_depth=12):
        if a11y.role_name(node) == "label" and needle in a11y.name_of(node):
            return a11y.name_of(node)
    return None


def menu_item(root):
    a11y.wait_for(root, "push button", "Main Menu")
    a11y.click(a11y.find_all(root, "push button", "Main Menu")[-1])
    a11y.wait_for(root, name="Keyboard Shortcuts")
    return a11y.find(root, name="Office Settings")


def save_settings(root):
    item = menu_item(root)
    if item is None:
        raise a11y.E2EFailure("a manager is not offered Office Settings")
    a11y.click(item)
    a11y.set_text(a11y.wait_for(root, "text", "Opening hours"), HOURS)
    a11y.click(a11y.wait_for(root, "push button", "Save Hours and Idle Times"))
    a11y.wait_until(lambda: find_toast(root, "settings are saved"), "the hours to be saved", timeout=30)
    a11y.click(a11y.wait_for(root, "page tab", "Kiosk"))
    a11y.set_text(a11y.wait_for(root, "text", "Topics, one a line"), "\n".join(TOPICS) + "\n\n")
    a11y.click(a11y.wait_for(root, "push button", "Save Topics"))
    a11y.wait_until(lambda: find_toast(root, "settings are saved"), "the topics to be saved", timeout=30)
    a11y.wait_for(root, name="Version 1")
    a11y.set_text(a11y.wait_for(root, "text", "Consent wording"), WORDING)
    a11y.click(a11y.wait_for(root, "push button", "Publish New Version"))
    a11y.wait_until(lambda: a11y.find(root, name_contains="Version 2-"), "version 2", timeout=30)
    a11y.click(a11y.wait_for(root, "page tab", "Services"))
    row = a11y.wait_for(root, "text", ADVISER)
    a11y.set_text(row, SERVICE)
    a11y.click(a11y.wait_for(row, "push button", f"Save {ADVISER}\u2019s service"))
    a11y.wait_until(lambda: find_toast(root, "The service is saved"), "the service to be saved", timeout=30)
    window = a11y.wait_for(root, "frame", "Office Settings")
    a11y.click(a11y.wait_for(window, "push button", "Close"))
    a11y.wait_gone(root, "frame", "Office Settings")
    # Opened again, with the rows of the people.
    a11y.click(menu_item(root))
    a11y.click(a11y.wait_for(root, "page tab", "Services"))
    a11y.wait_for(root, "text", ADVISER)
    window = a11y.wait_for(root, "frame", "Office Settings")
    a11y.click(a11y.wait_for(window, "push button", "Close"))
    a11y.wait_gone(root, "frame", "Office Settings")


def check_adviser_not_offered(root):
    a11y.click(a11y.wait_for(root, "push button", "Lock"))
    sign_in(root, ADVISER, ADVISER_PW)
    if menu_item(root) is not None:
        raise a11y.E2EFailure("an adviser is offered Office Settings")


def share_without_applications():
    """A folder for XDG_DATA_DIRS with every folder of /usr/share (icons,
    themes, MIME types) but its applications: a machine with no help
    viewer installed.  Checked with gio, which asks GLib as GTK does."""
    share = os.path.join(TMP, "share-without-applications")
    os.makedirs(share)
    for entry in os.listdir("/usr/share"):
        if entry != "applications":
            os.symlink(os.path.join("/usr/share", entry), os.path.join(share, entry))
    said = subprocess.run(["gio", "mime", "x-scheme-handler/help"], capture_output=True, text=True,
                          env=dict(os.environ, XDG_DATA_DIRS=share), timeout=30).stdout
    if "No default application" not in said:
        raise a11y.E2EFailure(f"a help viewer is still found without /usr/share/applications: {said}")
    return share


def launch_desk_without_help_viewer():
    os.environ["XDG_DATA_DIRS"] = share_without_applications()
    try:
        return a11y.App([DESK, "--data-dir", DATA, "--sync-dir", SYNC], os.path.join(TMP, "desk.log"))
    finally:
        del os.environ["XDG_DATA_DIRS"]


def main_menu_help(root):
    """The main menu's own Help item (the shortcuts window has a "Help"
    section too): the one beside Keyboard Shortcuts.  The menu may still
    be open from the last look at it."""
    if a11y.find(root, name="Keyboard Shortcuts") is None:
        menu_item(root)
    shortcuts = a11y.wait_for(root, name="Keyboard Shortcuts")
    items = a11y.find_all(root, a11y.role_name(shortcuts), "Help")
    if len(items) != 1:
        raise a11y.E2EFailure(f"the main menu offers {len(items)} Help items")
    return items[0]


def says_no_viewer(root, how):
    a11y.wait_until(lambda: find_toast(root, NO_VIEWER), f"the toast saying {how} found no help viewer",
                    timeout=30)
    # Toasts queue: the next check waits for this one to go first.
    a11y.wait_until(lambda: not find_toast(root, NO_VIEWER), "the toast to go", timeout=30)


def check_help(root):
    """The user guide is offered to everyone, from the main menu and F1."""
    a11y.click(main_menu_help(root))
    says_no_viewer(root, "the main menu's Help")
    pyatspi.Registry.generateKeyboardEvent(F1, None, pyatspi.KEY_SYM)
    says_no_viewer(root, "F1")


def check_cli_agrees(manager_pw):
    shown = json.loads(ctl("--json", "settings", "show", passphrase_file=manager_pw))
    if shown["hours"] != HOURS or shown["topics"] != TOPICS:
        raise a11y.E2EFailure(f"confidectl shows other settings: {shown}")
    if not shown["consent_version"].startswith("2-"):
        raise a11y.E2EFailure(f"the new wording is not version 2: {shown}")
    if ctl("settings", "consent-wording", passphrase_file=manager_pw) != WORDING:
        raise a11y.E2EFailure("the wording was not saved as typed")
    if WORDING in ctl("settings", "consent-wording", "1", passphrase_file=manager_pw):
        raise a11y.E2EFailure("version 1 changed")
    users = json.loads(ctl("--json", "user", "list", passphrase_file=manager_pw))
    if [u["service"] for u in users if u["name"] == ADVISER] != [SERVICE]:
        raise a11y.E2EFailure(f"the adviser's service was not saved as typed: {users}")


def test(apps):
    manager_pw = write_secret("manager.pw", MANAGER_PW)
    ctl("init", "--office", "Settings Test Office", "--user", MANAGER, "--sync-dir", SYNC,
        passphrase_file=manager_pw, user=None)
    ctl("user", "add", ADVISER, "--role", "adviser", "--new-passphrase-file",
        write_secret("adviser.pw", ADVISER_PW), passphrase_file=manager_pw)
    desk = launch_desk_without_help_viewer()
    apps.append(desk)
    root = desk.wait_ready()
    sign_in(root, MANAGER, MANAGER_PW)
    save_settings(root)
    check_adviser_not_offered(root)
    check_help(root)
    desk.stop()
    check_cli_agrees(manager_pw)


if __name__ == "__main__":
    a11y.run(test, "desk-settings")
