# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-kiosk end to end: idle time asks before it wipes.

- a screen that holds what a student entered is not wiped silently: after
  the idle time "Are you still there?" counts down, and "I’m still here"
  keeps everything typed;
- the screens a student reads (here the details) wait longer than the
  others before asking;
- a countdown left to run out wipes the screen for the next student.

The idle times are shortened with the kiosk's options so this takes
seconds.  Run with tests/e2e/run-e2e.sh (meson test e2e-kiosk-idle).
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import kiosk_helpers as k  # noqa: E402

IDLE = 2          # the topic screen
READING = 9       # the details, the consent slip, the monitoring form
WARNING = 8
STILL_THERE = "Are you still there?"
STILL_HERE = "I’m still here"
NAME = "Idlemark Reader"


def seconds_left(root):
    label = a11y.wait_for(root, "label", name_contains="will be cleared in")
    match = re.search(r"in (\d+) second", a11y.name_of(label))
    if match is None:
        raise a11y.E2EFailure(f"no countdown in “{a11y.name_of(label)}”")
    return int(match.group(1))


def warning_counts_down(root):
    k.heading(root, STILL_THERE, timeout=READING + 10)
    first = seconds_left(root)
    if not 0 < first <= WARNING:
        raise a11y.E2EFailure(f"the countdown starts at {first}, not at most {WARNING}")
    a11y.wait_until(lambda: seconds_left(root) < first, "the countdown to go down", timeout=5)
    k.check_controls(root, "the idle warning")


def topic_screen_asks(root):
    k.click(root, "Drop In")
    k.heading(root, "What would you like to talk about?")
    k.heading(root, STILL_THERE, timeout=IDLE + 10)
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-idle-warning.png"))
    k.click(root, STILL_HERE)
    a11y.wait_gone(root, "heading", STILL_THERE)
    k.heading(root, "What would you like to talk about?")


def reading_screen_waits_longer(root):
    k.click(root, "Housing and landlords")
    k.heading(root, "About you")
    k.type_into(root, "Full name", NAME)
    time.sleep(IDLE + 3)                          # past the ordinary idle time
    if a11y.find(root, "heading", STILL_THERE) is not None:
        raise a11y.E2EFailure("the details screen asked after the ordinary idle time")
    warning_counts_down(root)
    k.click(root, STILL_HERE)
    a11y.wait_gone(root, "heading", STILL_THERE)
    if k.text_value(root, "Full name") != NAME:
        raise a11y.E2EFailure("“I’m still here” lost the name typed")


def countdown_runs_out(root):
    k.heading(root, STILL_THERE, timeout=READING + 10)
    a11y.wait_for(root, "push button", "Drop In", timeout=WARNING + 10)
    a11y.wait_gone(root, "heading", STILL_THERE)
    k.assert_gone_from_tree(root, [NAME], "after the countdown ran out")
    k.start_drop_in(root)
    if k.text_value(root, "Full name") != "":
        raise a11y.E2EFailure("the next student sees the last one's name")


def test(apps):
    office = k.Office()
    data = office.enroll_kiosk(os.path.join(k.TMP, "kiosk"))
    kiosk = k.launch_kiosk(apps, data, office.sync, "--idle-seconds", str(IDLE),
                           "--reading-idle-seconds", str(READING),
                           "--idle-warning-seconds", str(WARNING))
    root = kiosk.root
    topic_screen_asks(root)
    reading_screen_waits_longer(root)
    countdown_runs_out(root)


if __name__ == "__main__":
    a11y.run(test, "kiosk-idle")
