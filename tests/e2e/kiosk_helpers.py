# SPDX-License-Identifier: GPL-3.0-or-later
"""What the kiosk's end-to-end tests share: an office made with confidectl,
a kiosk enrolled in it, the kiosk window driven through the accessibility
tree the way a student with a screen reader, a keyboard or a finger would,
and the checks that nothing typed is left anywhere.

Builds on confide_a11y (lookups by role and name, bounded waits).
"""

import ctypes
import ctypes.util
import datetime
import json
import os
import subprocess
import time

import pyatspi

import confide_a11y as a11y

BUILD_ROOT = os.environ["BUILD_ROOT"]
SOURCE_ROOT = os.environ.get("SOURCE_ROOT", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
CONFIDECTL = os.environ.get("CONFIDECTL", os.path.join(BUILD_ROOT, "desk", "confidectl"))
KIOSK = os.environ.get("CONFIDE_KIOSK", os.path.join(BUILD_ROOT, "kiosk", "confide-kiosk"))
DESK_HELPER = os.path.join(BUILD_ROOT, "tests", "kiosk-desk-helper")
TMP = os.environ["E2E_TMP"]
SHOTS = os.environ.get("E2E_SHOTS", os.path.join(BUILD_ROOT, "e2e-shots"))

# Under LeakSanitizer (./run tests' second build), a kiosk that quits
# normally reports what system libraries keep for the whole process: only
# those are suppressed, so a leak in Confide's own code still fails.
_LSAN_SUPPRESSIONS = os.path.join(TMP, "kiosk-lsan.supp")
with open(_LSAN_SUPPRESSIONS, "w") as _supp:
    _supp.write("leak:libfontconfig.so\n")
os.environ["LSAN_OPTIONS"] = ":".join(filter(None, [os.environ.get("LSAN_OPTIONS"),
                                                    f"suppressions={_LSAN_SUPPRESSIONS}"]))
# Mesa's software GL driver is unloaded at exit, after which LeakSanitizer
# can neither name nor suppress what it kept: under the sanitizers the
# windows draw without GL (an empty libadwaita window shows the same).
if "ASAN_OPTIONS" in os.environ:
    os.environ.setdefault("GDK_DEBUG", "gl-disable")

MANAGER, MANAGER_PW = "Mari Manager", "manager passphrase"
OFFICE_NAME = "Test Advice Office"
PIN = "246810"

# Roles of what a student can operate; every one must be named and reachable
# by keyboard.
CONTROL_ROLES = {"push button", "toggle button", "check box", "radio button", "switch",
                 "text", "entry", "password text", "combo box", "spin button", "link"}
MIN_TARGET = 48


def write_secret(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text + "\n")
    os.chmod(path, 0o600)
    return path


def run(argv, ok_codes=(0,), timeout=120):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if result.returncode not in ok_codes:
        raise a11y.E2EFailure(f"{os.path.basename(argv[0])} {' '.join(argv[1:3])}… failed "
                              f"({result.returncode}): {result.stderr.strip()}")
    return result


class Office:
    """A desk made with confidectl, and enrollment bundles for kiosks."""

    def __init__(self, name="office"):
        self.root = os.path.join(TMP, name)
        self.desk = os.path.join(self.root, "desk")
        self.sync = os.path.join(self.root, "sync")
        self.pw = write_secret(f"{name}-manager.pw", MANAGER_PW)
        self.pin_file = write_secret(f"{name}-pin", PIN)
        os.makedirs(self.root, exist_ok=True)
        self.ctl("init", "--office", OFFICE_NAME, "--user", MANAGER, "--sync-dir", self.sync,
                 user=None)
        self._bundles = 0

    def ctl(self, *args, user=MANAGER, as_json=False, ok_codes=(0,)):
        argv = [CONFIDECTL, "--data-dir", self.desk]
        if user:
            argv += ["--user", user]
        argv += ["--passphrase-file", self.pw]
        if as_json:
            argv.append("--json")
        out = run(argv + list(args), ok_codes).stdout
        return json.loads(out) if as_json else out

    def helper(self, *args):
        return run([DESK_HELPER, self.desk, MANAGER, self.pw, *args]).stdout

    def bundle(self):
        """A new kiosk bundle and its code file."""
        self._bundles += 1
        bundle = os.path.join(self.root, f"kiosk-{self._bundles}.bundle")
        code = os.path.join(self.root, f"kiosk-{self._bundles}.code")
        self.ctl("enroll", "kiosk", "--out", bundle, "--code-file", code)
        return bundle, code

    def enroll_kiosk(self, data, pin=True):
        """A kiosk enrolled headless, as a script would (the set-up screen
        has its own test)."""
        bundle, code = self.bundle()
        argv = [KIOSK, "--data-dir", data, "--sync-dir", self.sync, "--enroll", bundle,
                "--code-file", code]
        if pin:
            argv += ["--set-pin-file", self.pin_file]
        run(argv)
        return data

    def sync_desk(self):
        """One desk pass; returns confidectl's report."""
        return self.ctl("sync", as_json=True)

    def tickets(self):
        """The tickets the desk imported, each with its opened submission."""
        tickets = json.loads(self.helper("tickets"))
        for ticket in tickets:
            if ticket.get("submission"):
                ticket["details"] = json.loads(ticket["submission"])
        return tickets

    def add_appointment_today(self, name, hour="14:00", end="14:45"):
        student = self.ctl("student", "add", "--name", name, as_json=True)["id"]
        today = datetime.date.today().isoformat()
        return self.ctl("appointment", "add", "--student", student, "--start", f"{today}T{hour}",
                        "--end", f"{today}T{end}", as_json=True)["id"]


def launch_kiosk(apps, data, sync, *extra, wait_welcome=True):
    log = os.path.join(TMP, f"kiosk-{len(apps)}.log")
    argv = [KIOSK, "--data-dir", data]
    if sync:
        argv += ["--sync-dir", sync]
    app = a11y.App(argv + list(extra), log)
    apps.append(app)
    app.wait_ready()
    if wait_welcome:
        a11y.wait_for(app.root, "push button", "Drop In", timeout=30)
    return app


# --- reading the screen ---

def text_content(node):
    """The node's text.  GTK 4.8 answers getText(0, -1) with an empty
    string, so this asks for the exact number of characters."""
    text = a11y._safe(node.queryText)
    if text is None:
        return ""
    count = a11y._safe(lambda: text.characterCount, 0) or 0
    return a11y._safe(lambda: text.getText(0, count), "") or ""


def tree_holds(root, needle):
    """Whether needle is in any node's name, description or text, shown or
    not: what a screen reader could still read out."""
    for node in a11y.walk(root, showing_only=False):
        for value in (a11y.name_of(node), a11y._safe(lambda n=node: n.description, ""),
                      text_content(node)):
            if value and needle in value:
                return True
    return False


def assert_gone_from_tree(root, secrets, when):
    for secret in secrets:
        if tree_holds(root, secret):
            raise a11y.E2EFailure(f"“{secret}” is still in the accessibility tree {when}")


def heading(root, text, timeout=a11y.DEFAULT_TIMEOUT):
    return a11y.wait_for(root, "heading", text, timeout=timeout)


def field(root, name, role="text"):
    return a11y.wait_for(root, role, name)


def text_value(root, name, role="text"):
    return text_content(field(root, name, role))


def type_into(root, name, text, role="text"):
    a11y.set_text(field(root, name, role), text)


def type_secret(root, name, text):
    """A staff PIN: typed in a password entry."""
    type_into(root, name, text, role="password text")


def click(root, name, role="push button", timeout=a11y.DEFAULT_TIMEOUT):
    a11y.click(a11y.wait_for(root, role, name, timeout=timeout))


def toggle_node(root, name, timeout=a11y.DEFAULT_TIMEOUT):
    """A toggle button (GTK 4.8 presents some as push buttons)."""
    return a11y.wait_until(lambda: a11y.find(root, "toggle button", name) or
                           a11y.find(root, "push button", name),
                           f"toggle button “{name}”", timeout)


def toggle(root, name):
    a11y.click(toggle_node(root, name))


def is_on(node):
    state = states(node)
    return state is not None and (state.contains(pyatspi.STATE_CHECKED) or
                                  state.contains(pyatspi.STATE_PRESSED))


def wait_sentence(root, contains, timeout=a11y.DEFAULT_TIMEOUT):
    """A problem sentence beside a field."""
    return a11y.wait_for(root, "label", name_contains=contains, timeout=timeout)


def states(node):
    return a11y._safe(node.getState)


def extents(node):
    """(x, y, width, height) in window coordinates, or None."""
    component = a11y._safe(node.queryComponent)
    if component is None:
        return None
    box = a11y._safe(lambda: component.getExtents(pyatspi.WINDOW_COORDS))
    return None if box is None else (box.x, box.y, box.width, box.height)


def check_controls(root, where):
    """Every control shown has an accessible name, can take the keyboard
    focus, and is at least 48 px in both directions (touch targets).
    Returns how many controls were checked."""
    problems, count = [], 0
    for node in a11y.walk(root, showing_only=True):
        role = a11y.role_name(node)
        if role not in CONTROL_ROLES:
            continue
        state = states(node)
        if state is None or not state.contains(pyatspi.STATE_SENSITIVE):
            continue
        count += 1
        name = a11y.name_of(node)
        if not name.strip():
            problems.append(f"a {role} has no accessible name")
        if not state.contains(pyatspi.STATE_FOCUSABLE):
            problems.append(f"{role} “{name}” cannot take the keyboard focus")
        box = extents(node)
        if box is not None and box[2] > 0 and (box[2] < MIN_TARGET or box[3] < MIN_TARGET):
            problems.append(f"{role} “{name}” is {box[2]}×{box[3]} px, under {MIN_TARGET} px")
    if problems:
        raise a11y.E2EFailure(f"on {where}: " + "; ".join(problems))
    if count == 0:
        raise a11y.E2EFailure(f"no controls found on {where}")
    return count


# --- the keyboard and pointer, through the X server ---

def _keycode(keysym):
    x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11"))
    x11.XOpenDisplay.restype = ctypes.c_void_p
    display = x11.XOpenDisplay(None)
    try:
        return x11.XKeysymToKeycode(ctypes.c_void_p(display), ctypes.c_ulong(keysym))
    finally:
        x11.XCloseDisplay(ctypes.c_void_p(display))


def key_combo(keysyms):
    """Presses the keys in order and releases them in reverse, through
    XTest as a real keyboard would."""
    codes = [_keycode(sym) for sym in keysyms]
    for code in codes:
        pyatspi.Registry.generateKeyboardEvent(code, None, pyatspi.KEY_PRESS)
        time.sleep(0.03)
    for code in reversed(codes):
        pyatspi.Registry.generateKeyboardEvent(code, None, pyatspi.KEY_RELEASE)
        time.sleep(0.03)


KEY = {"Tab": 0xff09, "Return": 0xff0d, "space": 0x20, "Control_L": 0xffe3, "Alt_L": 0xffe9,
       "s": 0x73, "Escape": 0xff1b, "F4": 0xffc1}


def press(*names):
    key_combo([KEY[n] for n in names])


def focused(root):
    for node in a11y.walk(root, showing_only=True):
        state = states(node)
        if state is not None and state.contains(pyatspi.STATE_FOCUSED):
            return node
    return None


def tab_to(root, role, name, limit=60):
    """Presses Tab until the named control has the focus: proof that the
    keyboard reaches it."""
    for _ in range(limit):
        node = focused(root)
        if node is not None and a11y.role_name(node) == role and a11y.name_of(node) == name:
            return node
        press("Tab")
        time.sleep(0.05)
    raise a11y.E2EFailure(f"Tab never reached the {role} “{name}”")


def hold_pointer(x, y, seconds):
    """Presses the first mouse button at screen position (x, y), holds it,
    and releases it: a long press."""
    pyatspi.Registry.generateMouseEvent(x, y, "abs")
    time.sleep(0.1)
    pyatspi.Registry.generateMouseEvent(x, y, "b1p")
    time.sleep(seconds)
    pyatspi.Registry.generateMouseEvent(x, y, "b1r")


def ask_window_manager_to_close(pid):
    """Sends WM_DELETE_WINDOW to every top-level window of @pid, as a window
    manager does for Alt+F4 or a close button (Xlib through ctypes: no
    window manager runs under Xvfb)."""
    x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11"))
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XInternAtom.restype = ctypes.c_ulong
    display = x11.XOpenDisplay(None)
    if not display:
        raise a11y.E2EFailure("cannot open the X display")
    try:
        windows = _windows_of(x11, display, pid)
        if not windows:
            raise a11y.E2EFailure(f"no X window belongs to process {pid}")
        for window in windows:
            _send_delete(x11, display, window)
        x11.XFlush(ctypes.c_void_p(display))
    finally:
        x11.XCloseDisplay(ctypes.c_void_p(display))
    return len(windows)


class _ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong),
                ("message_type", ctypes.c_ulong), ("format", ctypes.c_int),
                ("data", ctypes.c_long * 5)]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _ClientMessage), ("pad", ctypes.c_long * 24)]


def _windows_of(x11, display, pid):
    d = ctypes.c_void_p(display)
    root = x11.XDefaultRootWindow(d)
    net_wm_pid = x11.XInternAtom(d, b"_NET_WM_PID", False)
    root_ret, parent_ret = ctypes.c_ulong(), ctypes.c_ulong()
    children = ctypes.POINTER(ctypes.c_ulong)()
    count = ctypes.c_uint()
    x11.XQueryTree(d, ctypes.c_ulong(root), ctypes.byref(root_ret), ctypes.byref(parent_ret),
                   ctypes.byref(children), ctypes.byref(count))
    found = []
    for i in range(count.value):
        window = children[i]
        actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
        items, after = ctypes.c_ulong(), ctypes.c_ulong()
        prop = ctypes.POINTER(ctypes.c_ubyte)()
        status = x11.XGetWindowProperty(d, ctypes.c_ulong(window), ctypes.c_ulong(net_wm_pid),
                                        ctypes.c_long(0), ctypes.c_long(1), False,
                                        ctypes.c_ulong(6),  # XA_CARDINAL
                                        ctypes.byref(actual_type), ctypes.byref(actual_format),
                                        ctypes.byref(items), ctypes.byref(after),
                                        ctypes.byref(prop))
        if status == 0 and items.value == 1 and prop:
            if ctypes.cast(prop, ctypes.POINTER(ctypes.c_long))[0] == pid:
                found.append(window)
        if prop:
            x11.XFree(prop)
    if children:
        x11.XFree(children)
    return found


def _send_delete(x11, display, window):
    d = ctypes.c_void_p(display)
    event = _XEvent()
    event.xclient.type = 33  # ClientMessage
    event.xclient.window = window
    event.xclient.message_type = x11.XInternAtom(d, b"WM_PROTOCOLS", False)
    event.xclient.format = 32
    event.xclient.data[0] = x11.XInternAtom(d, b"WM_DELETE_WINDOW", False)
    event.xclient.data[1] = 0  # CurrentTime
    x11.XSendEvent(d, ctypes.c_ulong(window), False, ctypes.c_long(0), ctypes.byref(event))


# --- the flows ---

def start_drop_in(root, topic="Housing and landlords"):
    click(root, "Drop In")
    click(root, topic)
    heading(root, "About you")


def fill_details(root, details):
    """details: {"Full name": …, "Student ID": …} by field name."""
    for name, value in details.items():
        type_into(root, name, value)


def go_anonymous(root):
    a11y.click(a11y.wait_for(root, "check box", "Stay anonymous"))
    a11y.wait_gone(root, "text", "Full name")


def sign_consent(root, signature, parties=()):
    heading(root, "Your consent")
    for party in parties:
        a11y.click(a11y.wait_for(root, "check box", party))
    type_into(root, "Your signature", signature)


def agree_anonymously(root):
    """The anonymous slip: a tick instead of a signature."""
    heading(root, "Your consent")
    box = a11y.wait_for(root, "check box", "I agree")
    if not is_on(box):
        # GTK 4.8 gives a check button no action on the accessibility
        # bus: the keyboard ticks it, as it would for anyone.
        tab_to(root, "check box", "I agree")
        press("space")
    a11y.wait_until(lambda: is_on(a11y.find(root, "check box", "I agree")), "“I agree” to be ticked")


def fill_monitoring(root, day="", month="", year="", gender=None, ethnicity=""):
    heading(root, "Optional: help us be fair")
    if day or month or year:
        type_into(root, "Date of birth: day", day)
        type_into(root, "Date of birth: month", month)
        type_into(root, "Date of birth: year", year)
    if gender:
        toggle(root, gender)
    if ethnicity:
        toggle(root, ethnicity)


def wait_ticket(root, timeout=30, heading_text="Your ticket"):
    """The ticket code on the confirmation screen (@heading_text in the
    kiosk's language)."""
    a11y.wait_for(root, "label", heading_text, timeout=timeout)
    for node in a11y.find_all(root, "label"):
        name = a11y.name_of(node)
        if len(name) == 5 and name[1] == "-" and name[0] in "DA":
            return name
    raise a11y.E2EFailure("no ticket code on the confirmation screen")


def drop_in(root, name, student_id, signature=None, topic="Housing and landlords",
            extra=None, parties=(), ethnicity=None):
    """One whole drop-in with details; with @ethnicity (a category's
    label) the monitoring form is filled in and confirmed, otherwise skipped.  Returns the ticket."""
    start_drop_in(root, topic)
    fill_details(root, {"Full name": name, "Student ID": student_id, **(extra or {})})
    click(root, "Continue")
    sign_consent(root, signature or name, parties)
    click(root, "Continue")
    heading(root, "Optional: help us be fair")
    if ethnicity:
        toggle(root, ethnicity)
        click(root, "Confirm")
    else:
        click(root, "Skip and Confirm")
    return wait_ticket(root)


def next_student_sees_nothing(root, secrets, when):
    """Walks the next student's way through the drop-in screens and checks
    that none of them still holds what the last one typed."""
    start_drop_in(root)
    assert_gone_from_tree(root, secrets, f"on the details screen {when}")
    go_anonymous(root)
    click(root, "Continue")
    heading(root, "Your consent")
    assert_gone_from_tree(root, secrets, f"on the consent slip {when}")
    click(root, "Continue")
    sentence = wait_sentence(root, "Please tick")
    if sentence is None:
        raise a11y.E2EFailure("an anonymous slip went on without its tick")
    agree_anonymously(root)
    click(root, "Continue")
    heading(root, "Optional: help us be fair")
    assert_gone_from_tree(root, secrets, f"on the monitoring form {when}")
    click(root, "Start Over")
    a11y.wait_for(root, "push button", "Drop In")


def finish(root):
    click(root, "Done")
    a11y.wait_for(root, "push button", "Drop In")


# --- what is left on disk ---

def files_under(folder):
    for base, _dirs, files in os.walk(folder):
        for name in files:
            yield os.path.join(base, name)


def folder_holds(folder, needle):
    """Paths of files under folder whose bytes hold needle (UTF-8, and
    UTF-16 in case something wrote wide text)."""
    patterns = [needle.encode("utf-8"), needle.encode("utf-16-le")]
    hits = []
    for path in files_under(folder):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            continue
        if any(p in data for p in patterns):
            hits.append(path)
    return hits


def assert_nowhere(folders, secrets):
    for folder in folders:
        for secret in secrets:
            hits = folder_holds(folder, secret)
            if hits:
                raise a11y.E2EFailure(f"“{secret}” is readable in {hits}")
            if secret in " ".join(os.path.basename(p) for p in files_under(folder)):
                raise a11y.E2EFailure(f"“{secret}” is in a file name under {folder}")


def wait_tickets(office, codes, timeout=90):
    """Desk passes until the desk holds every ticket in codes; returns the
    tickets by code."""
    def imported():
        office.sync_desk()
        by_code = {t["code"]: t for t in office.tickets()}
        return by_code if all(code in by_code for code in codes) else None
    return a11y.wait_until(imported, f"the desk to import tickets {sorted(codes)}", timeout)
