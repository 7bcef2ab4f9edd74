# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-kiosk end to end: the consent slip's two other roads.

- after "Stay anonymous" the slip asks for no name and offers no third
  parties: the student ticks "I agree", and the slip says plainly that an
  adviser can act for them with someone else only once they give their
  name;
- "I do not agree — I would like to talk to someone first" still gives a
  ticket, and the desk that opens it records no consent.

Run with tests/e2e/run-e2e.sh (meson test e2e-kiosk-consent).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import kiosk_helpers as k  # noqa: E402

DECLINE = "I do not agree — I would like to talk to someone first"
ONLY_ONCE = "only once you choose to give your name"
DECLINER = "Declinemark Nakamura"


def anonymous_slip(root):
    k.start_drop_in(root)
    k.go_anonymous(root)
    k.click(root, "Continue")
    k.heading(root, "Your consent")
    if a11y.find(root, "text", "Your signature") is not None:
        raise a11y.E2EFailure("the anonymous slip asks for a signature")
    if k.tree_holds(root, "Type your name or initials"):
        raise a11y.E2EFailure("the anonymous slip asks for a name or initials")
    for party in ("Your college tutor", "Outside organisations (for example a council or a solicitor)"):
        if a11y.find(root, "check box", party) is not None:
            raise a11y.E2EFailure(f"the anonymous slip offers “{party}”")
    a11y.wait_for(root, "label", name_contains=ONLY_ONCE)
    a11y.wait_for(root, "check box", "I agree")
    k.check_controls(root, "the anonymous consent slip")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-anonymous-consent.png"))
    k.click(root, "Continue")                       # not ticked yet
    k.wait_sentence(root, "Please tick")
    k.heading(root, "Your consent")
    k.agree_anonymously(root)
    k.click(root, "Continue")
    k.heading(root, "Optional: help us be fair")
    k.click(root, "Skip and Confirm")
    ticket = k.wait_ticket(root)
    a11y.wait_for(root, "label", "Your access code")
    k.finish(root)
    return ticket


def declined_slip(root):
    k.start_drop_in(root)
    k.fill_details(root, {"Full name": DECLINER, "Student ID": "DECL0042"})
    k.click(root, "Continue")
    k.heading(root, "Your consent")
    a11y.wait_for(root, "check box", "Your college tutor")
    a11y.click(a11y.wait_for(root, "check box", "Your college tutor"))
    k.type_into(root, "Your signature", "DN")
    k.click(root, DECLINE)
    ticket = k.wait_ticket(root)
    a11y.wait_for(root, "label", name_contains="nothing about it is recorded until an adviser")
    k.assert_gone_from_tree(root, [DECLINER, "DECL0042"], "on the confirmation screen")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-declined-ticket.png"))
    k.finish(root)
    return ticket


def check_desk(office, anonymous_ticket, declined_ticket):
    tickets = k.wait_tickets(office, [anonymous_ticket, declined_ticket])
    anonymous = tickets[anonymous_ticket]["details"]["consent"]
    if anonymous.get("agreed") is not True or "signature" in anonymous:
        raise a11y.E2EFailure(f"the anonymous slip arrived as {anonymous}")
    if any(anonymous.get("parties", {}).values()):
        raise a11y.E2EFailure(f"the anonymous slip grants a party: {anonymous}")
    declined = tickets[declined_ticket]["details"]
    if declined.get("name") != DECLINER:
        raise a11y.E2EFailure("the declined visit lost the student's details")
    slip = declined.get("consent", {})
    if slip.get("declined") is not True or "parties" in slip or "signature" in slip:
        raise a11y.E2EFailure(f"the declined slip arrived as {slip}")
    opened = k.json.loads(office.helper("open-counting-consents", declined_ticket))
    if opened["consents"] != 0:
        raise a11y.E2EFailure(f"the desk recorded {opened['consents']} consents from a declined slip")


def test(apps):
    office = k.Office()
    office.sync_desk()
    data = office.enroll_kiosk(os.path.join(k.TMP, "kiosk"))
    kiosk = k.launch_kiosk(apps, data, office.sync)
    root = kiosk.root
    anonymous_ticket = anonymous_slip(root)
    declined_ticket = declined_slip(root)
    check_desk(office, anonymous_ticket, declined_ticket)


if __name__ == "__main__":
    a11y.run(test, "kiosk-consent")
