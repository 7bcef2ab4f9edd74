# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-desk end to end, breach-of-confidentiality records: the form
speaks of a field only once it is touched, or on Save; several grounds; a
UK date; and an adviser alone in an emergency who records that there was
no time to consult, then adds the consultation by a correction.  Driven
through the accessibility tree, as an adviser would with a screen reader
or keyboard.  (Its own test, so each fits its time limit.)

Run with tests/e2e/run-e2e.sh (meson test e2e-desk-breach).
"""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
from test_desk_records import (ADVISER, ADVISER_PW, COLLEAGUE, COLLEAGUE_PW,  # noqa: E402
                               MANAGER, MANAGER_PW, SHOTS, SYNC, STUDENT, STUDENT_ID, ctl,
                               enabled, launch_desk, open_student, sign_in, toggle,
                               write_secret)

OUTLINE = "The student described a plan to hurt a housemate tonight."

# What the breach form says for each missing item (cf-breaches.c).
MISSING = {
    "outline": "Give a brief outline of the situation.",
    "reason": "Say why confidentiality is being breached.",
    "ground": "Choose the ground on which confidentiality is breached.",
    "consulted": "Name at least one other adviser who was asked for advice, or say why there was no time to consult.",
    "purpose": "Say what breaching confidentiality would achieve.",
    "disclosed": "Say to whom confidentiality was breached.",
    "informed": "Say whether the student was told, asked for consent, or not told.",
}
DATE_MISSING = "Give the date the student was told."
REFERENCE_MISSING = "Name the law that requires the disclosure, for example the Act and its section."


def prepare_office():
    """A manager, two advisers and a student."""
    manager_pw = write_secret("manager.pw", MANAGER_PW)
    ctl("init", "--office", "Test Advice Office", "--user", MANAGER, "--sync-dir", SYNC,
        user=None, passphrase_file=manager_pw)
    for name, passphrase in ((ADVISER, ADVISER_PW), (COLLEAGUE, COLLEAGUE_PW)):
        ctl("user", "add", name, "--role", "adviser", "--new-passphrase-file",
            write_secret(name.split()[0] + ".pw", passphrase), passphrase_file=manager_pw)
    ctl("student", "add", "--name", STUDENT, "--student-id", STUDENT_ID, passphrase_file=manager_pw)


def check_breach(root):
    a11y.click(a11y.wait_for(root, "push button", "Record a Breach…"))
    form = a11y.wait_for(root, "frame", "Record a Breach of Confidentiality")
    a11y.wait_for(form, "check box", MANAGER)           # colleagues are loaded
    # Nothing typed yet, so nothing is wrong yet.
    for sentence in MISSING.values():
        if a11y.find(form, "label", sentence) is not None:
            raise a11y.E2EFailure(f"the untouched breach form already says “{sentence}”")
    a11y.screenshot(os.path.join(SHOTS, "desk-breach-untouched.png"))
    # A field emptied again says what it lacks; the others stay quiet.
    outline = a11y.wait_for(form, "text", "Outline of the situation")
    a11y.set_text(outline, "x")
    a11y.set_text(outline, "")
    a11y.wait_for(form, "label", MISSING["outline"])
    if a11y.find(form, "label", MISSING["reason"]) is not None:
        raise a11y.E2EFailure("the breach form complains of a field nobody touched")
    # Saving an incomplete record says everything it lacks, and saves nothing.
    save = a11y.wait_for(form, "push button", "Save Record")
    a11y.wait_until(lambda: enabled(save), "Save Record to be enabled")
    a11y.click(save)
    for sentence in MISSING.values():
        a11y.wait_for(form, "label", sentence)
    a11y.screenshot(os.path.join(SHOTS, "desk-breach-incomplete.png"))

    a11y.set_text(outline, OUTLINE)
    a11y.wait_gone(form, "label", MISSING["outline"])
    a11y.set_text(a11y.wait_for(form, "text", "Why confidentiality is being breached"),
                  "A serious and imminent risk to another person's safety.")
    a11y.wait_gone(form, "label", MISSING["reason"])
    # Two grounds at once; a legal one needs its reference.
    toggle(form, a11y.wait_for(form, "check box", "The law on terrorism"))
    a11y.wait_gone(form, "label", MISSING["ground"])
    toggle(form, a11y.wait_for(form, "check box", "Serious and imminent risk to others"))
    a11y.wait_for(form, "label", REFERENCE_MISSING)
    a11y.set_text(a11y.wait_for(form, "text", "Legal reference"), "Terrorism Act 2000, section 38B")
    a11y.wait_gone(form, "label", REFERENCE_MISSING)
    toggle(form, a11y.wait_for(form, "check box", MANAGER))
    a11y.wait_gone(form, "label", MISSING["consulted"])
    a11y.set_text(a11y.wait_for(form, "text", "What the disclosure would achieve"),
                  "The housemate is kept safe tonight.")
    a11y.set_text(a11y.wait_for(form, "text", "Disclosed to"), "Campus security")
    toggle(form, a11y.wait_for(form, "radio button", "The student was told"))
    a11y.wait_for(form, "label", DATE_MISSING)          # told: when?
    a11y.click(save)
    a11y.wait_for(form, "label", DATE_MISSING)          # not saved without it
    # Typed as people in the UK type a date.
    a11y.set_text(a11y.wait_for(form, "text", "Date told or asked"),
                  datetime.date.today().strftime("%d/%m/%Y"))
    a11y.wait_gone(form, "label", DATE_MISSING)
    for sentence in MISSING.values():
        if a11y.find(form, "label", sentence) is not None:
            raise a11y.E2EFailure(f"the complete form still says “{sentence}”")
    a11y.wait_for(form, "label", "The record is complete and can be saved.")
    a11y.click(save)
    a11y.wait_gone(root, "frame", "Record a Breach of Confidentiality")
    a11y.wait_for(root, "label", OUTLINE)
    a11y.wait_for(root, "label", "Disclosed to: Campus security")
    a11y.wait_for(root, "label", f"Consulted: {MANAGER}")
    a11y.wait_for(root, "label", "Grounds: Serious and imminent risk to others; The law on terrorism")
    a11y.screenshot(os.path.join(SHOTS, "desk-breach-saved.png"))


NO_TIME = "Alone in the office at 19:00; the ambulance could not wait."


def check_breach_without_time_to_consult(root):
    """An adviser alone in an emergency records that there was no time to
    consult, and why; the next day a correction names who was consulted."""
    a11y.click(a11y.wait_for(root, "push button", "Record a Breach…"))
    form = a11y.wait_for(root, "frame", "Record a Breach of Confidentiality")
    a11y.wait_for(form, "check box", MANAGER)
    a11y.set_text(a11y.wait_for(form, "text", "Outline of the situation"),
                  "The student collapsed in the office.")
    a11y.set_text(a11y.wait_for(form, "text", "Why confidentiality is being breached"),
                  "A serious and imminent risk to the student's life.")
    toggle(form, a11y.wait_for(form, "check box", "Serious and imminent risk to the student"))
    toggle(form, a11y.wait_for(form, "check box", "There was no time to consult anyone"))
    a11y.wait_for(form, "label", "Say why there was no time to consult.")
    a11y.set_text(a11y.wait_for(form, "text", "Why there was no time"), NO_TIME)
    a11y.wait_gone(form, "label", "Say why there was no time to consult.")
    a11y.set_text(a11y.wait_for(form, "text", "What the disclosure would achieve"),
                  "The paramedics know of the student's condition.")
    a11y.set_text(a11y.wait_for(form, "text", "Disclosed to"), "The ambulance service")
    toggle(form, a11y.wait_for(form, "radio button", "The student was not told"))
    a11y.wait_for(form, "label", "The record is complete and can be saved.")
    a11y.screenshot(os.path.join(SHOTS, "desk-breach-no-time-form.png"))
    a11y.click(a11y.wait_for(form, "push button", "Save Record"))
    a11y.wait_gone(root, "frame", "Record a Breach of Confidentiality")
    a11y.wait_for(root, "label", f"No time to consult: {NO_TIME}")

    # The consultation, added later by correcting the record (the newest is first).
    a11y.click(a11y.wait_for(root, "push button", "Correct this breach record"))
    form = a11y.wait_for(root, "frame", "Correct a Breach Record")
    toggle(form, a11y.wait_for(form, "check box", MANAGER))
    a11y.wait_for(form, "label", "The record is complete and can be saved.")
    a11y.click(a11y.wait_for(form, "push button", "Save Record"))
    a11y.wait_gone(root, "frame", "Correct a Breach Record")
    a11y.wait_for(root, "label", "Corrected by a later record")
    a11y.wait_until(lambda: len(a11y.find_all(root, "label", f"Consulted: {MANAGER}")) == 2,
                    "the correction to name who was consulted")
    a11y.screenshot(os.path.join(SHOTS, "desk-breach-no-time.png"))


def test(apps):
    prepare_office()
    desk = launch_desk(apps)
    root = desk.root
    sign_in(root, ADVISER, ADVISER_PW)
    open_student(root, STUDENT)
    check_breach(root)
    check_breach_without_time_to_consult(root)
    desk.stop()
    for app in apps:
        for secret in (STUDENT, STUDENT_ID, OUTLINE):
            if secret in app.output():
                raise a11y.E2EFailure(f"{app.argv[0]} wrote “{secret}” to its output")


if __name__ == "__main__":
    a11y.run(test, "desk-breach")
