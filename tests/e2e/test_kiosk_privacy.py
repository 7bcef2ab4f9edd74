# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-kiosk end to end: the kiosk as a write-only drop box.

- many check-ins through the window, with the sync folder taken away in the
  middle and brought back: the kiosk goes on taking check-ins, says nothing
  to students about it, and the desk ends up with every one of them, intact;
- afterwards no file under the kiosk's data folder or the sync folder (nor
  their names, nor the kiosk's output) holds anything that was typed;
- idle time wipes a half-filled screen (after its warning), and resets the language and the
  display choices for the next student, but never while someone is typing.

Run with tests/e2e/run-e2e.sh (meson test e2e-kiosk-privacy).
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import kiosk_helpers as k  # noqa: E402

CHECK_INS = 12
IDLE_SECONDS = 5
# Long enough that a busy machine walking the next student's screens does
# not see them wiped under it: any action there answers the warning.
WARNING_SECONDS = 10


def visitor(i):
    """Text that appears nowhere but in what visitor i typed."""
    return {
        "name": f"Privmark{i} Ōkawa-سارا",
        "student_id": f"PSID{i:03d}QX",
        "contact": f"privmark{i}@example.ac.uk",
        "college": f"Collegemark{i}",
        "signature": f"Sigmark{i}",
        "ethnicity": "Arab" if i % 2 == 0 else None,     # chosen, not typed
    }


def check_in(root, i):
    v = visitor(i)
    ticket = k.drop_in(root, v["name"], v["student_id"], v["signature"],
                       extra={"College": v["college"], "Email or phone number": v["contact"]},
                       ethnicity=v["ethnicity"])
    k.finish(root)
    return ticket


def secrets_of(i):
    return [value for key, value in visitor(i).items() if value and key != "ethnicity"]


def assert_students_told_nothing(root):
    """While the folder is away students see no sentence about it (the
    named corner icon is for staff)."""
    for node in a11y.walk(root, showing_only=True):
        if a11y.role_name(node) in ("label", "heading", "push button"):
            name = a11y.name_of(node).lower()
            if "sync" in name or "folder" in name:
                raise a11y.E2EFailure(f"students are shown “{a11y.name_of(node)}”")


def many_check_ins(apps, office, data):
    kiosk = k.launch_kiosk(apps, data, office.sync)
    root = kiosk.root
    tickets = {}
    for i in range(4):
        tickets[check_in(root, i)] = i
    k.wait_tickets(office, list(tickets))
    away = office.sync + ".away"
    os.rename(office.sync, away)                        # the share goes away mid-way
    for i in range(4, 8):
        tickets[check_in(root, i)] = i
        assert_students_told_nothing(root)
    # Staff (the corner mark's name, the staff dialog) learn since when.
    a11y.wait_for(root, "image", name_contains="Not reaching the desks since", timeout=30)
    os.rename(away, office.sync)                        # and comes back
    for i in range(8, CHECK_INS):
        tickets[check_in(root, i)] = i
    imported = k.wait_tickets(office, list(tickets), timeout=120)
    for code, i in tickets.items():
        submission = imported[code]["submission"]
        for secret in secrets_of(i):
            if secret not in submission:
                raise a11y.E2EFailure(f"ticket {code} reached the desk without “{secret}”")
    if len(tickets) != CHECK_INS:
        raise a11y.E2EFailure(f"{CHECK_INS} check-ins gave {len(tickets)} distinct tickets")
    kiosk.stop()
    return kiosk


def nothing_typed_left(office, data, kiosk):
    everything = [secret for i in range(CHECK_INS) for secret in secrets_of(i)]
    k.assert_nowhere([data, office.sync], everything)
    output = kiosk.output()
    for secret in everything:
        if secret in output:
            raise a11y.E2EFailure(f"the kiosk wrote “{secret}” to its output")


def idle_reset(apps, office, data):
    kiosk = k.launch_kiosk(apps, data, office.sync, "--idle-seconds", str(IDLE_SECONDS),
                           "--reading-idle-seconds", str(IDLE_SECONDS),
                           "--idle-warning-seconds", str(WARNING_SECONDS))
    root = kiosk.root
    k.start_drop_in(root)
    # Someone still typing keeps the screen, well past the idle time.
    for i in range(2 * IDLE_SECONDS + 1):
        k.type_into(root, "Full name", f"Idlemark Typist{'e' * i}")
        time.sleep(1)
    k.type_into(root, "Student ID", "IDLE5566")
    k.heading(root, "About you")
    if not k.tree_holds(root, "IDLE5566"):                 # the check below can see entries
        raise a11y.E2EFailure("the student ID typed is not readable in its entry")
    # Then nobody: the screen is wiped.
    a11y.wait_for(root, "push button", "Drop In", timeout=IDLE_SECONDS + WARNING_SECONDS + 10)
    k.assert_gone_from_tree(root, ["Idlemark", "IDLE5566"], "after the idle reset")
    k.next_student_sees_nothing(root, ["Idlemark", "IDLE5566"], "after the idle reset")
    # The next student gets the kiosk as set up, whatever the last chose.
    k.click(root, "Français")
    a11y.wait_for(root, "push button", "Sans rendez-vous")
    k.toggle(root, "Texte plus grand")
    k.toggle(root, "Contraste élevé")
    a11y.wait_for(root, "push button", "Drop In", timeout=IDLE_SECONDS + 10)
    for name in ("Larger Text", "High Contrast"):
        if k.is_on(k.toggle_node(root, name)):
            raise a11y.E2EFailure(f"“{name}” stayed on for the next student")
    # A half-typed staff PIN goes too.
    k.press("Control_L", "Alt_L", "s")
    k.type_secret(kiosk.root, "Staff PIN", "2468")
    a11y.wait_gone(kiosk.root, "frame", "Staff", timeout=IDLE_SECONDS + 10)
    kiosk.stop()


def test(apps):
    office = k.Office()
    data = office.enroll_kiosk(os.path.join(k.TMP, "kiosk"))
    kiosk = many_check_ins(apps, office, data)
    nothing_typed_left(office, data, kiosk)
    idle_reset(apps, office, data)


if __name__ == "__main__":
    a11y.run(test, "kiosk-privacy")
