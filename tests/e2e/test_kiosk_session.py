# SPDX-License-Identifier: GPL-3.0-or-later
"""The kiosk session (data/kiosk-session/) under a real Wayland compositor.

The command is the unit's own ExecStart= (cage -- confide-kiosk
--data-dir …), with only the kiosk's path and data folder replaced; cage
runs with a headless output instead of a screen.

- On Wayland, as deployed: the kiosk fills the output (its window's size
  through AT-SPI equals the size of grim's screenshot of the output, and
  the screenshot is not blank).
- cage 0.1.4 never asks a Wayland window to close (it has no key binding
  for it, no foreign-toplevel or virtual-keyboard protocol) and a headless
  output has no keyboard; so the kiosk runs a second time under cage's
  Xwayland, where a close request and a keyboard can be sent: the close is
  refused, Ctrl+Alt+S shows the staff PIN prompt, a wrong PIN keeps the
  kiosk open, the right one lets staff quit it, and cage ends with it.

Run with tests/e2e/run-session.sh (meson test e2e-kiosk-session).
"""

import ctypes
import ctypes.util
import os
import shlex
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import kiosk_helpers as k  # noqa: E402

RUNTIME = os.environ["XDG_RUNTIME_DIR"]
INSTALLED_KIOSK = "/confide-kiosk"


# --- the unit's command ---

def unit_command(data):
    """ExecStart= of the session unit, with the installed kiosk replaced by
    the build's and its data folder by @data."""
    with open(os.environ["SESSION_UNIT"]) as unit:
        lines = [line for line in unit if line.startswith("ExecStart=")]
    if len(lines) != 1:
        raise a11y.E2EFailure(f"the unit has {len(lines)} ExecStart= lines")
    argv = shlex.split(lines[0][len("ExecStart="):])
    if os.path.basename(argv[0]) != "cage" or "--" not in argv:
        raise a11y.E2EFailure(f"the unit does not start the kiosk under cage: {argv}")
    app = argv.index("--") + 1
    if not argv[app].endswith(INSTALLED_KIOSK) or "--data-dir" not in argv[app:]:
        raise a11y.E2EFailure(f"the unit does not start confide-kiosk with --data-dir: {argv}")
    argv[app] = k.KIOSK
    argv[argv.index("--data-dir") + 1] = data
    return argv, app


class Caged(a11y.App):
    """cage, and the kiosk it runs, found on the accessibility bus by the
    kiosk's pid (cage's child)."""

    def __init__(self, argv, log_path):       # a11y.App's, with the compositor's environment
        env = dict(os.environ, WLR_BACKENDS="headless", WLR_LIBINPUT_NO_DEVICES="1",
                   WLR_RENDERER="pixman", XDG_SESSION_TYPE="wayland")
        for name in ("WAYLAND_DISPLAY", "DISPLAY"):
            env.pop(name, None)
        self.argv = argv
        self.log_path = log_path
        self.root = None
        self.kiosk_pid = None
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self._log,
                                        stderr=subprocess.STDOUT, env=env)

    def _find_root(self):
        if self.kiosk_pid is None:
            self.kiosk_pid = self._child()
        if self.kiosk_pid is None:
            if self.process.poll() is not None:
                raise a11y.E2EFailure(f"cage exited ({self.process.returncode}): {self.output()}")
            return None
        desktop = k.pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = a11y._safe(lambda i=i: desktop.getChildAtIndex(i))
            if app is not None and a11y._safe(app.get_process_id) == self.kiosk_pid:
                if a11y._safe(lambda: app.childCount, 0) > 0:
                    return app
        return None

    def _child(self):
        try:
            with open(f"/proc/{self.process.pid}/task/{self.process.pid}/children") as f:
                pids = [int(p) for p in f.read().split()]
        except OSError:
            return None
        for pid in pids:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() == "confide-kiosk":
                    return pid
        return None

    def kiosk_alive(self):
        return os.path.exists(f"/proc/{self.kiosk_pid}") and self.process.poll() is None

    def kiosk_env(self, name):
        with open(f"/proc/{self.kiosk_pid}/environ", "rb") as f:
            for entry in f.read().split(b"\0"):
                key, _, value = entry.decode().partition("=")
                if key == name:
                    return value
        return None


def start_session(apps, data, under_xwayland=False):
    argv, app = unit_command(data)
    if under_xwayland:
        argv[app:app] = ["env", "GDK_BACKEND=x11"]
    caged = Caged(argv, os.path.join(k.TMP, f"cage-{len(apps)}.log"))
    apps.append(caged)
    caged.wait_ready(timeout=60)
    a11y.wait_for(caged.root, "push button", "Drop In", timeout=30)
    return caged


# --- the screen ---

def wayland_socket():
    names = [n for n in os.listdir(RUNTIME) if n.startswith("wayland-") and not n.endswith(".lock")]
    if len(names) != 1:
        raise a11y.E2EFailure(f"expected one Wayland socket in the runtime folder, found {names}")
    return names[0]


def grim(name):
    """A screenshot of the whole output through wlroots' screencopy; returns
    its path and its (width, height)."""
    path = os.path.join(k.SHOTS, name)
    os.makedirs(k.SHOTS, exist_ok=True)
    env = dict(os.environ, WAYLAND_DISPLAY=wayland_socket())
    subprocess.run(["grim", path], env=env, check=True, timeout=30)
    size = k.run(["identify", "-format", "%w %h", path]).stdout.split()
    return path, (int(size[0]), int(size[1]))


def not_blank(path):
    """The screenshot's standard deviation over all pixels: 0 for a uniform
    image (an empty output, a window that never drew)."""
    deviation = float(k.run(["identify", "-format", "%[fx:standard_deviation]", path]).stdout)
    if deviation < 0.02:
        raise a11y.E2EFailure(f"the screenshot {path} is (nearly) uniform: deviation {deviation}")


def fills_output(caged):
    path, output = grim("kiosk-session.png")
    print(f"# screenshot of the output: {os.path.basename(path)}, {output[0]}×{output[1]}")
    not_blank(path)
    frame = caged.window()
    box = a11y.wait_until(lambda: k.extents(frame), "the kiosk window's size")
    print(f"# the kiosk window through AT-SPI: {box[2]}×{box[3]}")
    if (box[2], box[3]) != output:
        raise a11y.E2EFailure(f"the kiosk is {box[2]}×{box[3]}, the output {output[0]}×{output[1]}")


# --- closing, under Xwayland ---

def xtest_keys(keysyms):
    """Presses the keys in order and releases them in reverse through XTest
    on $DISPLAY (the accessibility registry started before Xwayland did,
    so it cannot send them)."""
    x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11"))
    xtst = ctypes.cdll.LoadLibrary(ctypes.util.find_library("Xtst"))
    x11.XOpenDisplay.restype = ctypes.c_void_p
    display = ctypes.c_void_p(x11.XOpenDisplay(None))
    if not display:
        raise a11y.E2EFailure("cannot open Xwayland's display")
    try:
        codes = [x11.XKeysymToKeycode(display, ctypes.c_ulong(sym)) for sym in keysyms]
        for press in (True, False):
            for code in (codes if press else reversed(codes)):
                xtst.XTestFakeKeyEvent(display, code, press, ctypes.c_ulong(0))
                x11.XFlush(display)
                time.sleep(0.05)
    finally:
        x11.XCloseDisplay(display)


def refuses_to_close(caged):
    os.environ["DISPLAY"] = caged.kiosk_env("DISPLAY") or ""
    if not os.environ["DISPLAY"]:
        raise a11y.E2EFailure("cage gave the kiosk no Xwayland display")
    if k.ask_window_manager_to_close(caged.kiosk_pid) < 1:
        raise a11y.E2EFailure("the kiosk has no window to close")
    time.sleep(1.5)
    if not caged.kiosk_alive():
        raise a11y.E2EFailure("the kiosk closed on request")
    a11y.wait_for(caged.root, "push button", "Drop In")


def shows_pin_prompt(caged):
    xtest_keys([k.KEY["Control_L"], k.KEY["Alt_L"], k.KEY["s"]])
    dialog = a11y.wait_for(caged.root, "frame", "Staff")
    a11y.wait_for(dialog, "password text", "Staff PIN")
    path, _ = grim("kiosk-session-pin.png")
    not_blank(path)
    return dialog


def wrong_pin_keeps_it(caged, dialog):
    k.type_secret(dialog, "Staff PIN", "999990")
    k.click(dialog, "Unlock")
    k.wait_sentence(dialog, "That PIN is not right", timeout=30)
    if a11y.find(dialog, "push button", "Quit Kiosk") is not None or not caged.kiosk_alive():
        raise a11y.E2EFailure("a wrong PIN let the kiosk go")


def right_pin_quits(caged, dialog):
    unlock = a11y.wait_for(dialog, "push button", "Unlock")
    a11y.wait_until(lambda: k.states(unlock).contains(k.pyatspi.STATE_SENSITIVE),
                    "the wrong PIN's check to finish", 30)
    k.type_secret(dialog, "Staff PIN", k.PIN)
    k.click(dialog, "Unlock")
    k.click(dialog, "Quit Kiosk", timeout=30)
    status = caged.process.wait(timeout=20)      # cage ends with the kiosk
    if status != 0:
        raise a11y.E2EFailure(f"cage ended with status {status} when staff quit the kiosk")


def test(apps):
    started = time.monotonic()
    office = k.Office()
    data = os.path.join(k.TMP, "kiosk-data")
    os.makedirs(data, mode=0o700)                # as the tmpfiles.d entry makes it
    office.enroll_kiosk(data)
    print(f"# office and kiosk set up in {time.monotonic() - started:.1f} s")
    wayland = start_session(apps, data)
    fills_output(wayland)
    wayland.stop()
    print(f"# on Wayland under cage, checked in {time.monotonic() - started:.1f} s")
    xwayland = start_session(apps, data, under_xwayland=True)
    refuses_to_close(xwayland)
    dialog = shows_pin_prompt(xwayland)
    wrong_pin_keeps_it(xwayland, dialog)
    right_pin_quits(xwayland, dialog)
    print(f"# under cage's Xwayland, checked in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    a11y.run(test, "kiosk-session")
