# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives real Confide windows through the accessibility tree (AT-SPI).

What a screen reader user can reach, a test can reach: every lookup here
goes by role and accessible name, never by widget class or position.
Every wait has a deadline, so a broken build fails instead of hanging.
Run under tests/e2e/run-e2e.sh, which provides the private buses and X.
"""

import os
import subprocess
import sys
import time
import traceback

import pyatspi

DEFAULT_TIMEOUT = 20.0
POLL_SECONDS = 0.1


class E2EFailure(AssertionError):
    """A check that did not hold; the message says what was expected."""


def wait_until(predicate, what, timeout=DEFAULT_TIMEOUT):
    """Polls predicate until it returns a true value, which is returned.

    Raises E2EFailure saying `what` was awaited once `timeout` seconds pass.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except E2EFailure:
            raise
        except Exception:  # a node went away between two calls: try again
            value = None
        if value:
            return value
        if time.monotonic() >= deadline:
            raise E2EFailure(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(POLL_SECONDS)


def _safe(call, default=None):
    try:
        return call()
    except Exception:
        return default


def role_name(node):
    return _safe(node.getRoleName, "")


def name_of(node):
    return _safe(lambda: node.name, "") or ""


def is_showing(node):
    """Whether the node is presented.  GTK 4.8 sets no "showing" state on
    widgets, only "visible"; the desk itself hides the pages of its stacks
    that are not shown (desk-a11y.c), so "visible" along the whole path
    from the window means on screen."""
    states = _safe(node.getState)
    return states is not None and (states.contains(pyatspi.STATE_SHOWING) or
                                   states.contains(pyatspi.STATE_VISIBLE))


def text_of(node):
    """The node's own text (entries, text views), or '' when it has none."""
    text = _safe(node.queryText)
    if text is None:
        return ""
    return _safe(lambda: text.getText(0, -1), "") or ""


def walk(node, showing_only=False, max_depth=80):
    """Every descendant of node, depth first (node itself included)."""
    stack = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        if current is None:
            continue
        if showing_only and depth > 0 and not is_showing(current):
            continue
        yield current
        if depth >= max_depth:
            continue
        count = _safe(lambda: current.childCount, 0) or 0
        children = [_safe(lambda i=i: current.getChildAtIndex(i)) for i in range(count)]
        stack.extend((child, depth + 1) for child in reversed(children))


def find_all(root, role=None, name=None, name_contains=None, showing=True):
    """Nodes under root with that role name ('push button', 'label', …)
    and accessible name (exact, or containing name_contains)."""
    found = []
    for node in walk(root, showing_only=showing):
        if role is not None and role_name(node) != role:
            continue
        node_name = name_of(node)
        if name is not None and node_name != name:
            continue
        if name_contains is not None and name_contains not in node_name:
            continue
        found.append(node)
    return found


def find(root, role=None, name=None, name_contains=None, showing=True):
    nodes = find_all(root, role, name, name_contains, showing)
    return nodes[0] if nodes else None


def wait_for(root, role=None, name=None, name_contains=None, timeout=DEFAULT_TIMEOUT):
    """Waits for a showing node and returns it."""
    label = role or "node"
    wanted = name if name is not None else f"…{name_contains}…"
    return wait_until(lambda: find(root, role, name, name_contains),
                      f"{label} “{wanted}” to be shown", timeout)


def wait_gone(root, role=None, name=None, name_contains=None, timeout=DEFAULT_TIMEOUT):
    label = role or "node"
    wanted = name if name is not None else f"…{name_contains}…"
    wait_until(lambda: find(root, role, name, name_contains) is None,
               f"{label} “{wanted}” to go away", timeout)


def click(node, timeout=DEFAULT_TIMEOUT):
    """Runs the node's first action (a button's "click"), as a person would:
    a control greyed out for a moment, while work it started finishes, is
    waited for; one that stays so fails the test."""
    action = node.queryAction()
    if action.nActions < 1:
        raise E2EFailure(f"{role_name(node)} “{name_of(node)}” has no action")
    wait_until(lambda: action.doAction(0),
               f"{role_name(node)} “{name_of(node)}” to take its action", timeout)


def do_action(node, action_name):
    """Runs the named action ("activate" on an entry, …)."""
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) == action_name:
            if not action.doAction(i):
                raise E2EFailure(f"“{name_of(node)}” refused {action_name}")
            return
    names = [action.getName(i) for i in range(action.nActions)]
    raise E2EFailure(f"“{name_of(node)}” has no {action_name} action (it has {names})")


def set_text(node, text):
    if not node.queryEditableText().setTextContents(text):
        raise E2EFailure(f"{role_name(node)} “{name_of(node)}” refused the text")


def tree_contains(root, needle):
    """TRUE when needle occurs in any node's name, description or text,
    shown or not: what a screen reader could still read out."""
    for node in walk(root, showing_only=False):
        for value in (name_of(node), _safe(lambda: node.description, ""), text_of(node)):
            if value and needle in value:
                return True
    return False


def dump(root, limit=400):
    """The shown part of the tree as indented "[role] name" lines, for
    reading a failure."""
    lines = []

    def visit(node, depth):
        if len(lines) >= limit or (depth > 0 and not is_showing(node)):
            return
        name = name_of(node)
        text = text_of(node)
        if name or text or depth < 2 or role_name(node) not in ("panel", "filler"):
            actions = ""
            if role_name(node) != "label":
                action = _safe(node.queryAction)
                count = _safe(lambda: action.nActions, 0) if action else 0
                names = [_safe(lambda i=i: action.getName(i), "?") for i in range(count)]
                actions = f" actions={names}" if names else ""
            lines.append("  " * min(depth, 30) + f"[{role_name(node)}] {name!r}"
                         + (f" text={text[:60]!r}" if text else "") + actions)
        count = _safe(lambda: node.childCount, 0) or 0
        for i in range(count):
            child = _safe(lambda i=i: node.getChildAtIndex(i))
            if child is not None:
                visit(child, depth + 1)

    visit(root, 0)
    return "\n".join(lines)


def screenshot(path, window=None):
    """Saves the whole X screen as PNG (xwd + ImageMagick's convert), or
    only the window titled @window: with no window manager, a dialog may
    be mapped under its parent."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    which = ["-name", window] if window else ["-root"]
    xwd = subprocess.run(["xwd", *which, "-silent"], capture_output=True, timeout=30)
    if xwd.returncode != 0:
        print(f"# screenshot failed: {xwd.stderr.decode(errors='replace')}", file=sys.stderr)
        return None
    convert = subprocess.run(["convert", "xwd:-", f"png:{path}"], input=xwd.stdout,
                             capture_output=True, timeout=30)
    if convert.returncode != 0:
        print(f"# screenshot failed: {convert.stderr.decode(errors='replace')}", file=sys.stderr)
        return None
    print(f"# screenshot: {path}")
    return path


class App:
    """One program under test, found on the accessibility bus by its pid."""

    def __init__(self, argv, log_path):
        self.argv = argv
        self.log_path = log_path
        self.root = None
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                        stdout=self._log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout=DEFAULT_TIMEOUT):
        """Waits until the program's window is on the accessibility bus."""
        self.root = wait_until(self._find_root,
                               f"{os.path.basename(self.argv[0])} on the accessibility bus", timeout)
        return self.root

    def _find_root(self):
        if self.process.poll() is not None:
            raise E2EFailure(f"{self.argv[0]} exited with status {self.process.returncode}; "
                             f"output: {self.output()}")
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = _safe(lambda i=i: desktop.getChildAtIndex(i))
            if app is not None and _safe(app.get_process_id) == self.process.pid:
                if _safe(lambda: app.childCount, 0) > 0:   # its window is up
                    return app
        return None

    def window(self):
        return self.root.getChildAtIndex(0)

    def output(self):
        if not self._log.closed:
            self._log.flush()
        with open(self.log_path, "rb") as log:
            return log.read().decode(errors="replace")

    def stop(self, timeout=10):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        if not self._log.closed:
            self._log.close()


def run(test, name):
    """Runs test(); on any failure saves a screenshot, prints what went
    wrong and exits 1.  Apps the test registers with `apps.append` are
    stopped either way."""
    apps = []
    shots = os.environ.get("E2E_SHOTS", os.path.join(os.getcwd(), "e2e-shots"))
    status = 0
    try:
        test(apps)
        print(f"# {name}: passed")
    except BaseException:
        traceback.print_exc()
        screenshot(os.path.join(shots, f"{name}-failure.png"))
        for app in apps:
            if app.root is not None and app.process.poll() is None:
                try:
                    print(f"# shown accessibility tree:\n{dump(app.root)}", file=sys.stderr)
                except Exception as error:
                    print(f"# the accessibility tree could not be read: {error}", file=sys.stderr)
            print(f"# output of {app.argv[0]}:\n{app.output()}", file=sys.stderr)
        status = 1
    finally:
        for app in apps:
            _safe(app.stop)
    sys.exit(status)
