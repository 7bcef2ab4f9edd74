# SPDX-License-Identifier: GPL-3.0-or-later
"""The kiosk session (data/kiosk-session/) under real Wayland compositors
with headless outputs, as an unprivileged user.

- cage, running the unit's own ExecStart= (cage -- confide-kiosk
  --data-dir …, only the kiosk's path and data folder replaced): the kiosk
  comes up on Wayland and its window (through AT-SPI) is the size of the
  output (grim's capture of it).  wlroots 0.15's headless output draws
  nothing here (no GPU; its pixman path fails its output test), so grim's
  picture is black and the screenshot is weston's:
- weston (headless, pixman, desktop-shell, which leaves the size to the
  app): the kiosk asks for full screen by itself, and weston-screenshooter's
  picture of the output is the kiosk, edge to edge, the size of the output:
  mostly the kiosk's background, with no trace of desktop-shell's panel
  along the top, where a picture of desktop-shell alone, taken first,
  fails the same check.
- cage 0.1.4 never asks a Wayland window to close (no key binding, no
  foreign-toplevel or virtual-keyboard protocol) and its headless output
  has no keyboard, so the kiosk runs once more under cage's Xwayland, where
  a close request and keys can be sent: the close is refused, Ctrl+Alt+S
  shows the staff PIN prompt, a wrong PIN keeps the kiosk open, the right
  one lets staff quit it, and cage ends with it.

Run with tests/e2e/run-session.sh (meson test e2e-kiosk-session).
"""

import ctypes
import ctypes.util
import os
import shlex
import signal
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


class Client(a11y.App):
    """a11y.App, in an environment of its own (a compositor's)."""

    def __init__(self, argv, log_path, env):
        self.argv = argv
        self.log_path = log_path
        self.root = None
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self._log,
                                        stderr=subprocess.STDOUT, env=env)


def without_display(**extra):
    env = dict(os.environ)
    for name in ("WAYLAND_DISPLAY", "DISPLAY"):
        env.pop(name, None)
    env.update(extra)
    return env


class Caged(Client):
    """cage, and the kiosk it runs, found on the accessibility bus by the
    kiosk's pid (cage's child)."""

    def __init__(self, argv, log_path):
        self.kiosk_pid = None
        super().__init__(argv, log_path, without_display(
            WLR_BACKENDS="headless", WLR_LIBINPUT_NO_DEVICES="1", WLR_RENDERER="pixman",
            XDG_SESSION_TYPE="wayland"))

    def _find_root(self):
        if self.process.poll() is not None:
            raise a11y.E2EFailure(f"cage exited ({self.process.returncode}): {self.output()}")
        children = self._children()
        desktop = k.pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = a11y._safe(lambda i=i: desktop.getChildAtIndex(i))
            pid = a11y._safe(app.get_process_id) if app is not None else None
            if pid in children and a11y._safe(lambda: app.childCount, 0) > 0:
                self.kiosk_pid = pid
                return app
        return None

    def _children(self):
        """cage's children: the kiosk (a process of the same user, but one
        that keeps its /proc files to root: cf-process makes it
        undumpable)."""
        try:
            with open(f"/proc/{self.process.pid}/task/{self.process.pid}/children") as f:
                return {int(p) for p in f.read().split()}
        except OSError:
            return set()

    def stop(self, timeout=10):
        """Ends the kiosk, and cage with it, as staff quitting it would:
        cage 0.1.4 aborts on SIGTERM (an assertion in wl_display_terminate)."""
        if self.kiosk_pid is not None and self.process.poll() is None:
            try:
                os.kill(self.kiosk_pid, signal.SIGTERM)
                self.process.wait(timeout)
            except (OSError, subprocess.TimeoutExpired):
                pass
        super().stop(timeout)

    def kiosk_alive(self):
        return os.path.exists(f"/proc/{self.kiosk_pid}") and self.process.poll() is None


def start_session(apps, data, display_file=None):
    """The unit's command under cage; with @display_file, the kiosk runs as
    an X client of cage's Xwayland, whose display name it writes there."""
    argv, app = unit_command(data)
    if display_file:
        argv[app:app] = ["sh", "-c", 'printf %s "$DISPLAY" >"$1"; shift; GDK_BACKEND=x11 exec "$@"',
                         "sh", display_file]
    caged = Caged(argv, os.path.join(k.TMP, f"cage-{len(apps)}.log"))
    apps.append(caged)
    caged.wait_ready(timeout=60)
    a11y.wait_for(caged.root, "push button", "Drop In", timeout=30)
    return caged


# --- the screen ---

def wayland_socket():
    names = [n for n in os.listdir(RUNTIME)
             if n.startswith("wayland-") and not n.endswith(".lock") and n != WESTON_SOCKET]
    if len(names) != 1:
        raise a11y.E2EFailure(f"expected cage's one Wayland socket, found {names}")
    return names[0]


def image_size(path):
    size = k.run(["identify", "-format", "%w %h", path]).stdout.split()
    return int(size[0]), int(size[1])


def grim(name):
    """A capture of cage's whole output through wlroots' screencopy;
    returns its path."""
    path = os.path.join(k.TMP, name)
    env = dict(os.environ, WAYLAND_DISPLAY=wayland_socket())
    subprocess.run(["grim", path], env=env, check=True, timeout=30)
    return path


def is_not_blank(path):
    """Whether the picture is more than one colour (its standard deviation
    over all pixels is 0 for an empty output)."""
    deviation = float(k.run(["identify", "-format", "%[fx:standard_deviation]", path]).stdout)
    return deviation > 0.02


def window_size(app):
    frame = app.window()
    box = a11y.wait_until(lambda: k.extents(frame), "the kiosk window's size")
    return box[2], box[3]


def fills_output(app, output, compositor):
    size = window_size(app)
    print(f"# under {compositor}: the output is {output[0]}×{output[1]}, "
          f"the kiosk window (AT-SPI) {size[0]}×{size[1]}")
    if size != output:
        raise a11y.E2EFailure(f"under {compositor} the kiosk is {size[0]}×{size[1]}, "
                              f"the output {output[0]}×{output[1]}")


# --- weston, for the screenshot ---

WESTON_SOCKET = "wayland-weston"
WESTON_OUTPUT = (1366, 768)   # not the kiosk's own default size, 1280×800
KIOSK_BACKGROUND = "#fafafa"  # libadwaita's window background, the kiosk's
PANEL_HEIGHT = 32             # desktop-shell's panel, along the top


class Weston:
    """weston with a headless output drawn by pixman, and desktop-shell,
    which leaves a window's size to the app; --debug lets
    weston-screenshooter take the output."""

    def __init__(self):
        self.log = open(os.path.join(k.TMP, "weston.log"), "wb")
        self.shots = os.path.join(k.TMP, "weston-shots")
        os.makedirs(self.shots)
        self.process = subprocess.Popen(
            ["weston", "--backend=headless-backend.so", "--use-pixman", "--shell=desktop-shell.so",
             f"--socket={WESTON_SOCKET}", "--debug", "--idle-time=0",
             f"--width={WESTON_OUTPUT[0]}", f"--height={WESTON_OUTPUT[1]}"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
            env=without_display(), cwd=self.shots)
        a11y.wait_until(lambda: os.path.exists(os.path.join(RUNTIME, WESTON_SOCKET)),
                        "weston's Wayland socket")

    def client(self, argv, log_name):
        return Client(argv, os.path.join(k.TMP, log_name),
                      without_display(WAYLAND_DISPLAY=WESTON_SOCKET))

    def screenshot(self, path):
        """weston-screenshooter's picture of the output (it writes into
        its working folder), kept as @path."""
        subprocess.run(["weston-screenshooter"], cwd=self.shots, check=True, timeout=30,
                       env=without_display(WAYLAND_DISPLAY=WESTON_SOCKET))
        taken = os.listdir(self.shots)
        if len(taken) != 1:
            raise a11y.E2EFailure(f"weston-screenshooter left {taken}")
        os.rename(os.path.join(self.shots, taken[0]), path)
        return path

    def screenshot_when(self, path, shows, what, timeout=15):
        """The first picture of the output for which shows(path) is true,
        taken again until then: the compositor draws when it is ready."""
        return a11y.wait_until(lambda: shows(self.screenshot(path)) and path, what, timeout)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


def background_share(path, crop=None):
    """The share of the picture's pixels (of @crop of it) in the kiosk's
    background colour."""
    argv = ["convert", path] + (["-crop", crop, "+repage"] if crop else [])
    argv += ["-fuzz", "3%", "-transparent", KIOSK_BACKGROUND, "-alpha", "extract",
             "-format", "%[fx:1-mean]", "info:"]
    return float(k.run(argv).stdout)


def kiosk_drawn(path):
    """Whether the picture is the kiosk's: its background over most of it
    (the welcome screen is three quarters background), and over the whole
    band where desktop-shell draws its panel."""
    whole = background_share(path)
    top = background_share(path, f"{WESTON_OUTPUT[0]}x{PANEL_HEIGHT}+0+0")
    print(f"# {os.path.basename(path)}: {whole:.0%} of it in {KIOSK_BACKGROUND}, "
          f"{top:.0%} of its top {PANEL_HEIGHT} rows")
    return whole > 0.6 and top > 0.95


def desktop_shell_alone(weston):
    """A picture of weston before the kiosk starts, once desktop-shell drew
    its background and panel: the check must tell it from the kiosk."""
    path = weston.screenshot_when(os.path.join(k.TMP, "weston-alone.png"), is_not_blank,
                                  "desktop-shell to draw its background and panel")
    if kiosk_drawn(path):
        raise a11y.E2EFailure(f"desktop-shell alone ({path}) passes for the kiosk")


def window_showing(kiosk):
    window = kiosk.window()
    a11y.wait_until(lambda: k.states(window).contains(k.pyatspi.STATE_SHOWING),
                    "the kiosk's window to show", timeout=30)


def full_screen_under_weston(apps, data):
    weston = Weston()
    try:
        desktop_shell_alone(weston)
        argv, app = unit_command(data)
        kiosk = weston.client(argv[app:], "kiosk-weston.log")
        apps.append(kiosk)
        kiosk.wait_ready(timeout=60)
        a11y.wait_for(kiosk.root, "push button", "Drop In", timeout=30)
        window_showing(kiosk)
        time.sleep(0.3)                              # its first frame on the output
        os.makedirs(k.SHOTS, exist_ok=True)
        path = weston.screenshot_when(os.path.join(k.SHOTS, "kiosk-session.png"), kiosk_drawn,
                                      "weston's output to show the kiosk")
        print(f"# screenshot: kiosk-session.png, {image_size(path)[0]}×{image_size(path)[1]}")
        if image_size(path) != WESTON_OUTPUT:
            raise a11y.E2EFailure(f"weston's screenshot is {image_size(path)}, not the output")
        fills_output(kiosk, WESTON_OUTPUT, "weston")
        kiosk.stop()
    finally:
        weston.stop()


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


def refuses_to_close(caged, display_file):
    with open(display_file) as f:
        os.environ["DISPLAY"] = f.read()
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
    # The registry starts when first asked for; a kiosk that starts before
    # it is never listed on the desktop.
    a11y.wait_until(lambda: k.pyatspi.Registry.getDesktop(0) is not None, "the AT-SPI registry")
    office = k.Office()
    data = os.path.join(k.TMP, "kiosk-data")
    os.makedirs(data, mode=0o700)                # as the tmpfiles.d entry makes it
    office.enroll_kiosk(data)
    print(f"# office and kiosk set up in {time.monotonic() - started:.1f} s")
    caged = start_session(apps, data)
    fills_output(caged, image_size(grim("cage-output.png")), "cage")
    caged.stop()
    print(f"# the unit's command under cage, checked at {time.monotonic() - started:.1f} s")
    full_screen_under_weston(apps, data)
    print(f"# under weston, checked at {time.monotonic() - started:.1f} s")
    display_file = os.path.join(k.TMP, "xwayland-display")
    xwayland = start_session(apps, data, display_file)
    refuses_to_close(xwayland, display_file)
    dialog = shows_pin_prompt(xwayland)
    wrong_pin_keeps_it(xwayland, dialog)
    right_pin_quits(xwayland, dialog)
    print(f"# under cage's Xwayland, checked at {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    a11y.run(test, "kiosk-session")
