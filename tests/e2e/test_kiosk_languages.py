# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-kiosk in Welsh and in Arabic, end to end.

- the welcome screen offers every language by its own name; its button
  switches the kiosk live;
- a drop-in with details in Welsh, with an Arabic name, and one in Arabic,
  with a Latin-script name: every text the student reads is translated, a
  screenshot of each is kept (its path is printed);
- in Arabic the kiosk is laid out right to left, and back left to right in
  English; the staff corner stays top left (a long press there opens the
  staff dialog);
- what is built once with the window follows a switch too (a kiosk with
  short idle times and its sync folder missing, switched to Welsh, then to
  Arabic): the idle warning's heading and button, and the sync indicator's
  label for staff, what went wrong included;
- the names arrive at the desk exactly as typed;
- the desk and confidectl follow the locale: confidectl speaks Welsh and
  Arabic, and the desk under Arabic lays its sign-in page out right to
  left.

What the screens say is read from the built catalogues (python's gettext
over the build's po/ folder), so a translator's better word does not break
the test; a message the catalogue leaves in English does.

Run with tests/e2e/run-e2e.sh (meson test e2e-kiosk-languages).
"""

import gettext
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import kiosk_helpers as k  # noqa: E402

DESK = os.path.join(k.BUILD_ROOT, "desk", "confide-desk")
LANGUAGES = ["English", "Français", "Cymraeg", "简体中文", "العربية"]
LOCALE_DIR = os.path.join(k.BUILD_ROOT, "po")
STUDENT_ID = {"cy": "S4410027", "ar": "S4410028"}
NAMES = {"cy": "سارا عبد الله", "ar": "Siân Lloyd-Jones"}
NATIVE = {"cy": "Cymraeg", "ar": "العربية"}


class Catalogue:
    """The build's translations into one language."""

    def __init__(self, language):
        self.language = language
        try:
            self._translation = gettext.translation("confide", LOCALE_DIR, [language])
        except OSError:
            raise a11y.E2EFailure(f"no catalogue for {language} under {LOCALE_DIR}")

    def __call__(self, message):
        translated = self._translation.gettext(message)
        if translated == message:
            raise a11y.E2EFailure(f"“{message}” is not translated into {self.language}")
        return translated


def x_of(root, name):
    box = k.extents(a11y.wait_for(root, "push button", name))
    if box is None:
        raise a11y.E2EFailure(f"“{name}” has no place on the screen")
    return box[0]


def check_direction(root, right_to_left, where):
    """The language buttons come in the table's order, English first: from
    the left in a left-to-right layout, from the right in a right-to-left
    one."""
    shown = [name for name in LANGUAGES if a11y.find(root, "push button", name) is not None]
    first, second = shown[0], shown[1]
    if (x_of(root, first) > x_of(root, second)) != right_to_left:
        raise a11y.E2EFailure(f"{where}: “{first}” is at {x_of(root, first)} and “{second}” at "
                              f"{x_of(root, second)}: not laid out "
                              f"{'right to left' if right_to_left else 'left to right'}")


def check_welcome_offers_every_language(root):
    for name in LANGUAGES[1:]:
        a11y.wait_for(root, "push button", name)
    check_direction(root, False, "in English")


def switch_to(root, language):
    t = Catalogue(language)
    k.click(root, NATIVE[language])
    a11y.wait_for(root, "push button", t("Drop In"))
    if a11y.find(root, "push button", "Drop In") is not None:
        raise a11y.E2EFailure(f"English buttons remain after switching to {language}")
    a11y.wait_for(root, "push button", "English")      # the way back, in its own language
    return t


def drop_in(root, t, language):
    """A drop-in with details in @language; returns the ticket."""
    name = NAMES[language]
    k.click(root, t("Drop In"))
    k.click(root, t("Housing and landlords"))
    k.heading(root, t("About you"))
    k.type_into(root, t("Full name"), name)
    k.type_into(root, t("Student ID"), STUDENT_ID[language])
    if k.text_value(root, t("Full name")) != name:
        raise a11y.E2EFailure(f"the name field shows {k.text_value(root, t('Full name'))!r}, "
                              f"not {name!r}")
    a11y.screenshot(os.path.join(k.SHOTS, f"kiosk-{language}.png"))
    k.click(root, t("Continue"))
    k.heading(root, t("Your consent"))
    k.type_into(root, t("Your signature"), name)
    k.click(root, t("Continue"))
    k.heading(root, t("Optional: help us be fair"))
    k.click(root, t("Skip and Confirm"))
    ticket = k.wait_ticket(root, heading_text=t("Your ticket"))
    k.click(root, t("Done"))
    a11y.wait_for(root, "push button", t("Drop In"))
    return ticket


def check_staff_corner(root, t):
    """The staff corner is at the top left in every direction, where the
    README and the staff's instructions say: a long press there opens the
    staff dialog.  (The corner has no accessible node of its own: it is
    presentation only, so that nothing points students to it.)"""
    k.hold_pointer(30, 30, 2.0)
    dialog = a11y.wait_for(root, "frame", t("Staff"))
    k.click(dialog, t("Cancel"))
    a11y.wait_gone(root, "frame", t("Staff"))


IDLE = 3            # seconds on the topic screen before the warning
WARNING = 15        # the warning's countdown
UNREACHABLE = ("Not reaching the desks since %s: %s Check-ins are kept on this kiosk and sent "
               "when the folder is back.")
MISSING = ("The sync folder %s is not there (a missing share or USB stick?). Work goes on here "
           "and is sent when it is back.")


def sync_label(root):
    node = a11y.find(root, "image", name_contains=os.path.basename(k.TMP))
    return a11y.name_of(node) if node is not None else ""


def says_unreachable(root, t, folder):
    """Whether the sync indicator's label is the whole sentence in @t's
    language (or English with @t None): the window's frame and the
    library's sentence inside it."""
    label = sync_label(root)
    t = t or (lambda message: message)
    return all(part in label for part in t(UNREACHABLE).split("%s") + [t(MISSING) % folder])


def idle_warning_speaks(root, language, folder):
    """After a switch to @language: the sync indicator's label, and the
    warning over the topic screen, its heading and button, in that
    language.  Left to run out, the warning takes the kiosk back to
    English.  (The topic screen, unlike the welcome screen, is not reset
    at once when idle, so there is time to read the label.)"""
    t = switch_to(root, language)
    k.click(root, t("Drop In"))
    k.heading(root, t("What would you like to talk about?"))
    a11y.wait_until(lambda: says_unreachable(root, t, folder),
                    f"the sync indicator's label in {language} (it said “{sync_label(root)}” at the switch)",
                    timeout=IDLE + WARNING - 5)
    k.heading(root, t("Are you still there?"), timeout=IDLE + 10)
    a11y.wait_for(root, "push button", t("I’m still here"))
    if a11y.find(root, "heading", "Are you still there?") is not None:
        raise a11y.E2EFailure(f"the idle warning is in English after switching to {language}")
    a11y.wait_for(root, "push button", "Drop In", timeout=WARNING + 10)


def check_late_texts(apps, data):
    folder = os.path.join(k.TMP, "unplugged-usb-stick")
    root = k.launch_kiosk(apps, data, folder, "--idle-seconds", str(IDLE),
                          "--idle-warning-seconds", str(WARNING)).root
    a11y.wait_until(lambda: says_unreachable(root, None, folder), "the sync indicator's label",
                    timeout=30)
    for language in ("cy", "ar"):
        idle_warning_speaks(root, language, folder)


def check_desk(office, tickets):
    arrived = k.wait_tickets(office, list(tickets))
    for ticket, language in tickets.items():
        details = arrived[ticket]["details"]
        if details.get("name") != NAMES[language] or details.get("student_id") != STUDENT_ID[language]:
            raise a11y.E2EFailure(f"the {language} visit arrived as {details.get('name')!r}, "
                                  f"{details.get('student_id')!r}")
        if details["consent"]["language"] != language:
            raise a11y.E2EFailure(f"the {language} consent arrived as {details['consent']}")


def in_language(language, argv):
    """@argv's result under @language, as a person whose locale it is."""
    env = dict(os.environ, LANGUAGE=language, LC_ALL="C.UTF-8")
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=30)


def check_confidectl(language):
    t = Catalogue(language)
    said = in_language(language, [k.CONFIDECTL]).stderr
    if t("no command given") not in said or t("see “confidectl --help”") not in said:
        raise a11y.E2EFailure(f"confidectl under {language} said {said!r}")


def launch_desk(apps, office, language):
    """The desk started by a person whose language is @language."""
    os.environ["LANGUAGE"] = language
    try:
        app = a11y.App([DESK, "--data-dir", office.desk, "--sync-dir", office.sync],
                       os.path.join(k.TMP, f"desk-{language}.log"))
    finally:
        del os.environ["LANGUAGE"]
    apps.append(app)
    app.wait_ready()
    return app


def ink_margins(shot, box):
    """The blank space left and right of what is drawn inside @box (a
    label's, as wide as its column) of the screenshot @shot: where its text
    stands.  GTK 4.8 gives no text extents over AT-SPI, so ImageMagick
    trims the box to its ink."""
    x, y, width, height = box
    info = subprocess.run(["convert", shot, "-crop", f"{width}x{height}+{x}+{y}", "+repage",
                           "-fuzz", "10%", "-trim", "info:"],
                          capture_output=True, text=True, check=True).stdout
    ink_width, offset = (int(n) for n in re.search(r" (\d+)x\d+ \d+x\d+\+(\d+)\+", info).groups())
    return offset, width - offset - ink_width


def check_desk_direction(apps, office):
    """Under Arabic the desk's sign-in labels stand at the right of their
    column (at the left in English)."""
    t = Catalogue("ar")
    desk = launch_desk(apps, office, "ar")
    name = t("_User name").replace("_", "")
    label = a11y.wait_for(desk.root, "label", name, timeout=30)
    a11y.wait_for(desk.root, "text", name)
    shot = a11y.screenshot(os.path.join(k.SHOTS, "desk-ar.png"))
    left, right = ink_margins(shot, k.extents(label))
    if not right < left:
        raise a11y.E2EFailure(f"the desk's “{name}” has {left} px before it and {right} px after: "
                              "not laid out right to left")
    desk.stop()


def test(apps):
    office = k.Office()
    data = office.enroll_kiosk(os.path.join(k.TMP, "kiosk"))
    kiosk = k.launch_kiosk(apps, data, office.sync)
    root = kiosk.root
    check_welcome_offers_every_language(root)
    tickets = {}

    t = switch_to(root, "cy")
    check_direction(root, False, "in Welsh")
    tickets[drop_in(root, t, "cy")] = "cy"
    k.click(root, "English")
    a11y.wait_for(root, "push button", "Drop In")

    t = switch_to(root, "ar")
    check_direction(root, True, "in Arabic")
    check_staff_corner(root, t)
    tickets[drop_in(root, t, "ar")] = "ar"
    k.click(root, "English")
    a11y.wait_for(root, "push button", "Drop In")
    check_direction(root, False, "back in English")

    check_desk(office, tickets)
    kiosk.stop()
    check_late_texts(apps, data)
    for language in ("cy", "ar"):
        check_confidectl(language)
    check_desk_direction(apps, office)


if __name__ == "__main__":
    a11y.run(test, "kiosk-languages")
