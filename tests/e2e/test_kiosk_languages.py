# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-kiosk in Welsh and in Arabic, end to end.

- the welcome screen offers every language by its own name; its button
  switches the kiosk live;
- a drop-in with details in Welsh, with an Arabic name, and one in Arabic,
  with a Latin-script name: every text the student reads is translated, a
  screenshot of each is kept (its path is printed);
- in Arabic the kiosk is laid out right to left, and back left to right in
  English;
- the names arrive at the desk exactly as typed.

What the screens say is read from the built catalogues (python's gettext
over the build's po/ folder), so a translator's better word does not break
the test; a message the catalogue leaves in English does.

Run with tests/e2e/run-e2e.sh (meson test e2e-kiosk-languages).
"""

import gettext
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import kiosk_helpers as k  # noqa: E402

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


def check_desk(office, tickets):
    arrived = k.wait_tickets(office, list(tickets))
    for ticket, language in tickets.items():
        details = arrived[ticket]["details"]
        if details.get("name") != NAMES[language] or details.get("student_id") != STUDENT_ID[language]:
            raise a11y.E2EFailure(f"the {language} visit arrived as {details.get('name')!r}, "
                                  f"{details.get('student_id')!r}")
        if details["consent"]["language"] != language:
            raise a11y.E2EFailure(f"the {language} consent arrived as {details['consent']}")


def test(apps):
    office = k.Office()
    data = office.enroll_kiosk(os.path.join(k.TMP, "kiosk"))
    root = k.launch_kiosk(apps, data, office.sync).root
    check_welcome_offers_every_language(root)
    tickets = {}

    t = switch_to(root, "cy")
    check_direction(root, False, "in Welsh")
    tickets[drop_in(root, t, "cy")] = "cy"
    k.click(root, "English")
    a11y.wait_for(root, "push button", "Drop In")

    t = switch_to(root, "ar")
    check_direction(root, True, "in Arabic")
    tickets[drop_in(root, t, "ar")] = "ar"
    k.click(root, "English")
    a11y.wait_for(root, "push button", "Drop In")
    check_direction(root, False, "back in English")

    check_desk(office, tickets)


if __name__ == "__main__":
    a11y.run(test, "kiosk-languages")
