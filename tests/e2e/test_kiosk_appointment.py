# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-kiosk end to end: arriving for an appointment, and the waiting
screen.

- with the booking code from the kiosk feed (typed in lower case, as people
  do): "checked in for your 14:00 appointment"; a wrong code gets a sentence;
- without the code: name and date of birth (sealed), then "take a seat";
- the desk imports both, linked to the appointment when the code was used;
- the desk calls a ticket: the kiosk shows the code being called, never a
  name.

Run with tests/e2e/run-e2e.sh (meson test e2e-kiosk-appointment).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import kiosk_helpers as k  # noqa: E402

BOOKED = "Tomasz Nowak"
WALK_IN_NAME = "Aisha Bello-Nakamura"


def check_in_with_code(root, code):
    k.click(root, "I Have an Appointment")
    k.heading(root, "Check in for your appointment")
    k.check_controls(root, "the appointment screen")
    k.type_into(root, "Booking code", "ZZZ-ZZ9")
    k.click(root, "Check In")
    k.wait_sentence(root, "We could not find that booking code")
    k.type_into(root, "Booking code", code.lower())
    k.click(root, "Check In")
    a11y.wait_for(root, "heading", "You are checked in for your 14:00 appointment", timeout=30)
    ticket = k.wait_ticket(root)
    if not ticket.startswith("A-"):
        raise a11y.E2EFailure(f"an appointment got the ticket {ticket}")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-appointment.png"))
    k.assert_gone_from_tree(root, [code, code.lower()], "after checking in")
    k.finish(root)
    return ticket


def check_in_by_name(root):
    k.click(root, "I Have an Appointment")
    k.click(root, "I Don’t Have My Code")
    k.type_into(root, "Full name", WALK_IN_NAME)
    k.type_into(root, "Date of birth: day", "30")
    k.type_into(root, "Date of birth: month", "02")
    k.type_into(root, "Date of birth: year", "1999")
    k.wait_sentence(root, "That date does not exist")
    k.check_controls(root, "the check-in by name")
    k.type_into(root, "Date of birth: day", "14")
    k.click(root, "Check In")
    a11y.wait_for(root, "heading", "Thank you: please take a seat", timeout=30)
    ticket = k.wait_ticket(root)
    k.assert_gone_from_tree(root, [WALK_IN_NAME, "1999"], "after checking in")
    k.finish(root)
    return ticket


def check_desk(office, appointment_id, coded, named):
    tickets = k.wait_tickets(office, [coded, named])
    if tickets[coded]["appointment_id"] != appointment_id or tickets[coded]["kind"] != "appointment":
        raise a11y.E2EFailure(f"the coded check-in arrived as {tickets[coded]}")
    details = tickets[named]["details"]
    if details != {"name": WALK_IN_NAME, "date_of_birth": "1999-02-14"}:
        raise a11y.E2EFailure(f"the check-in by name arrived as {details}")
    if tickets[named]["appointment_id"] is not None:
        raise a11y.E2EFailure("a check-in by name was linked to an appointment on the kiosk")


def check_calling(root, office, ticket):
    office.helper("call", ticket)
    office.sync_desk()                                      # publishes the feed
    a11y.wait_for(root, "label", f"Now calling: {ticket}", timeout=60)
    k.click(root, "Now Calling")
    k.heading(root, "Now calling")
    a11y.wait_for(root, "label", f"Ticket {ticket}")
    k.check_controls(root, "the waiting screen")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-waiting.png"))
    k.assert_gone_from_tree(root, [BOOKED, WALK_IN_NAME], "on the waiting screen")
    k.click(root, "Back")
    a11y.wait_for(root, "push button", "Drop In")


def test(apps):
    office = k.Office()
    appointment_id = office.add_appointment_today(BOOKED, "14:00", "14:45")
    code = office.helper("booking-code", appointment_id).strip()
    office.sync_desk()                                      # the feed now holds the code's verifier
    data = office.enroll_kiosk(os.path.join(k.TMP, "kiosk"))
    kiosk = k.launch_kiosk(apps, data, office.sync)
    root = kiosk.root
    a11y.wait_for(root, "label", "Test Advice Office", timeout=30)
    coded = check_in_with_code(root, code)
    named = check_in_by_name(root)
    check_desk(office, appointment_id, coded, named)
    check_calling(root, office, coded)
    for secret in (BOOKED, WALK_IN_NAME, code):
        if secret in kiosk.output():
            raise a11y.E2EFailure(f"the kiosk wrote “{secret}” to its output")


if __name__ == "__main__":
    a11y.run(test, "kiosk-appointment")
