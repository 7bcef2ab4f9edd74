# SPDX-License-Identifier: GPL-3.0-or-later
"""confide-kiosk end to end: the welcome screen and the drop-in, driven
through the accessibility tree as a student would, then opened at the desk.

- welcome: the office's name and opening hours from the feed, every control
  named, focusable and at least 48 px, reached with the Tab key;
- the language button switches every text live to French and back;
- larger text and high contrast, with the way on always in view;
- a drop-in with details: sentences beside the fields as they are typed
  in words a student can act on (a hidden character, symbols, an empty
  field, impossible dates), fields that stop at their limit, the
  consent slip (wording, version, parties, signature), the monitoring form,
  a confirmation that shows only the ticket, the place in the queue and an
  estimated wait;
- an anonymous drop-in with its access code;
- the desk imports both and opens exactly what was typed.

Run with tests/e2e/run-e2e.sh (meson test e2e-kiosk-dropin).
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confide_a11y as a11y  # noqa: E402
import kiosk_helpers as k  # noqa: E402

HOURS = "Monday to Friday, 10:00 to 16:00"
NAME = "Zanele Okonkwo-سارا"
PREFERRED = "Zee"
STUDENT_ID = "S7731902"
COLLEGE = "Newnham"
FACULTY = "History"
CONTACT = "zanele.marker@example.ac.uk"
SIGNATURE = "Z. Okonkwo"
ETHNICITY = "Black or Black British – African"     # HESA's category, stored as its code


def check_welcome(root):
    a11y.wait_for(root, "label", "Test Advice Office", timeout=30)
    a11y.wait_for(root, "label", HOURS, timeout=60)   # from the feed, after a desk pass
    a11y.wait_for(root, "label", "Opening hours")
    k.check_controls(root, "the welcome screen")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-welcome.png"))


def check_keyboard(root):
    """Tab reaches "Drop In"; Return opens it."""
    k.tab_to(root, "push button", "Drop In")
    k.press("Return")
    k.heading(root, "What would you like to talk about?")
    k.check_controls(root, "the topic screen")
    k.click(root, "Back")
    a11y.wait_for(root, "push button", "Drop In")


def french_catalog_is_complete():
    """Every message of the kiosk has a French translation in po/fr.po."""
    path = os.path.join(k.SOURCE_ROOT, "po", "fr.po")
    entries = open(path, encoding="utf-8").read().split("\n\n")
    missing = []
    for entry in entries:
        refs = " ".join(line for line in entry.splitlines() if line.startswith("#:"))
        if "kiosk/" not in refs and "Kiosk" not in refs:
            continue
        msgstr = entry.split("msgstr", 1)[1] if "msgstr" in entry else ""
        if "#, fuzzy" in entry or re.fullmatch(r'\s*""\s*', msgstr):
            missing.append(entry.splitlines()[-2] if len(entry.splitlines()) > 1 else entry)
    if missing:
        raise a11y.E2EFailure(f"po/fr.po lacks {len(missing)} kiosk translations, first: {missing[0]}")


def check_language(root):
    french_catalog_is_complete()
    k.click(root, "Français")
    a11y.wait_for(root, "push button", "Sans rendez-vous")
    a11y.wait_for(root, "push button", "J’ai un rendez-vous")
    a11y.wait_for(root, "label", "Horaires d’ouverture")
    a11y.wait_for(root, "push button", "English")       # the way back, in its own language
    if a11y.find(root, "push button", "Drop In") is not None:
        raise a11y.E2EFailure("English buttons remain after switching to French")
    k.check_controls(root, "the French welcome screen")
    k.click(root, "Sans rendez-vous")
    a11y.wait_for(root, "push button", "Logement et propriétaires")   # the office's topics too
    k.click(root, "Logement et propriétaires")
    k.heading(root, "À propos de vous")
    k.type_into(root, "Nom complet", "")
    k.click(root, "Continuer")
    k.wait_sentence(root, "Veuillez remplir « Nom complet »")
    k.type_into(root, "Nom complet", "Temporaire")
    k.click(root, "Continuer")
    k.heading(root, "Votre consentement")
    a11y.wait_for(root, "label", name_contains="Ce que vous nous confiez reste au sein du service")
    a11y.wait_for(root, "label", "Version 1 de ce texte")
    a11y.wait_for(root, "check box", "Votre tuteur ou tutrice de collège")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-consent-fr.png"))
    k.click(root, "Recommencer")
    a11y.wait_for(root, "push button", "Sans rendez-vous")
    k.assert_gone_from_tree(root, ["Temporaire"], "after Recommencer")
    k.click(root, "English")
    a11y.wait_for(root, "push button", "Drop In")


def in_view(root, role, name):
    """The control lies wholly inside the window, without scrolling."""
    window = k.extents(root.getChildAtIndex(0))
    box = k.extents(a11y.wait_for(root, role, name))
    if box is None or window is None or box[1] < 0 or box[1] + box[3] > window[3]:
        raise a11y.E2EFailure(f"{role} “{name}” is at {box}, outside the window {window}")


def office_label_width(root):
    """Once the label is laid out: its width follows its text's size (its
    height is the top bar's).  The welcome screen's heading names the office
    too: the top bar's is the one left once the form alone is showing."""
    a11y.wait_for(root, "label", "Step 1 of 4")

    def width():
        labels = a11y.find_all(root, "label", "Test Advice Office")
        box = k.extents(labels[0]) if len(labels) == 1 else None
        return box[2] if box is not None and box[2] > 0 else None
    return a11y.wait_until(width, "the office's name to be laid out")


def check_larger_text_pages(root, normal_office_width):
    """With Larger Text the way on stays in view, and the office's name in
    the top bar grows with everything else."""
    k.click(root, "Drop In")
    k.heading(root, "What would you like to talk about?")
    in_view(root, "push button", "Back")
    if office_label_width(root) <= normal_office_width * 1.2:
        raise a11y.E2EFailure("the office's name in the top bar did not grow with Larger Text")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-larger-text-topic.png"))
    k.click(root, "Housing and landlords")
    k.heading(root, "About you")
    in_view(root, "push button", "Back")
    in_view(root, "push button", "Continue")
    k.type_into(root, "Full name", "Larger Text Reader")
    k.click(root, "Continue")
    k.heading(root, "Your consent")
    in_view(root, "push button", "Continue")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-larger-text-consent.png"))
    k.click(root, "Start Over")
    a11y.wait_for(root, "push button", "Drop In")


def check_display_choices(root):
    k.click(root, "Drop In")
    normal_office_width = office_label_width(root)
    k.click(root, "Back")
    # The form's header names the office too: measure the welcome screen's
    # heading once the form has gone, however slowly the kiosk runs.
    a11y.wait_gone(root, "label", "Step 1 of 4")
    a11y.wait_until(lambda: len(a11y.find_all(root, "label", "Test Advice Office")) == 1,
                    "the welcome screen alone")
    title = a11y.find(root, "label", "Test Advice Office")
    normal_height = k.extents(title)[3]
    for name in ("Larger Text", "High Contrast"):
        node = k.toggle_node(root, name)
        if k.is_on(node):
            raise a11y.E2EFailure(f"“{name}” is on before anyone chose it")
        a11y.click(node)
        a11y.wait_until(lambda n=name: k.is_on(k.toggle_node(root, n)), f"“{name}” to be on")
    a11y.wait_until(lambda: k.extents(a11y.find(root, "label", "Test Advice Office"))[3]
                    > normal_height * 1.2, "the heading to grow with larger text")
    k.check_controls(root, "the welcome screen with larger text")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-welcome-high-contrast.png"))
    check_larger_text_pages(root, normal_office_width)
    for name in ("Larger Text", "High Contrast"):
        k.toggle(root, name)
        a11y.wait_until(lambda n=name: not k.is_on(k.toggle_node(root, n)), f"“{name}” to be off")


def check_details_sentences(root):
    k.type_into(root, "Student ID", "S77\u202e3190")
    k.wait_sentence(root, "has a hidden character in it")
    k.type_into(root, "Student ID", "S77\x1b[2J")
    k.wait_sentence(root, "not symbols")
    k.type_into(root, "Student ID", "9" * 301)               # typing stops at the limit
    a11y.wait_until(lambda: len(k.text_value(root, "Student ID")) == 300,
                    "the Student ID to stop at 300 characters")
    a11y.wait_gone(root, "label", name_contains="not symbols")
    if a11y.find(root, "label", name_contains="is full") is not None:
        raise a11y.E2EFailure("a field that stops at its limit still scolds")
    k.type_into(root, "Student ID", STUDENT_ID)
    k.click(root, "Continue")                              # the name is still missing
    k.wait_sentence(root, "Please fill in “Full name”")
    k.heading(root, "About you")


def check_date_sentences(root):
    k.fill_monitoring(root, "31", "04", "2001")
    k.wait_sentence(root, "That date does not exist")
    k.type_into(root, "Date of birth: month", "13")
    k.wait_sentence(root, "type a month from 1 to 12")
    k.type_into(root, "Date of birth: month", "02")
    k.type_into(root, "Date of birth: year", "2999")
    k.wait_sentence(root, "cannot be in the future")
    k.type_into(root, "Date of birth: day", "3x")
    k.wait_sentence(root, "digits only")
    k.type_into(root, "Date of birth: day", "28")
    k.type_into(root, "Date of birth: year", "2001")
    a11y.wait_gone(root, "label", name_contains="date of birth cannot")
    a11y.wait_gone(root, "label", name_contains="digits only")


def drop_in_with_details(root):
    k.start_drop_in(root, "Housing and landlords")
    a11y.wait_for(root, "label", "Step 2 of 4")
    k.check_controls(root, "the details screen")
    k.fill_details(root, {"Full name": "", "Preferred name": PREFERRED, "College": COLLEGE,
                          "Faculty or department": FACULTY, "Email or phone number": CONTACT})
    check_details_sentences(root)
    k.type_into(root, "Full name", NAME)
    if not k.tree_holds(root, NAME):                       # the check below can see entries
        raise a11y.E2EFailure("the name typed is not readable in its entry")
    k.click(root, "Continue")
    k.heading(root, "Your consent")
    a11y.wait_for(root, "label", name_contains="What you tell us stays with the advice service")
    a11y.wait_for(root, "label", name_contains="There are a few rare exceptions")
    a11y.wait_for(root, "label", "Version 1 of this wording")
    k.check_controls(root, "the consent slip")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-consent.png"))
    k.click(root, "Continue")                              # no signature yet
    k.wait_sentence(root, "Please fill in “Your signature”")
    k.sign_consent(root, SIGNATURE, ["Your college tutor", "Health or counselling services"])
    k.click(root, "Continue")
    k.heading(root, "Optional: help us be fair")
    k.check_controls(root, "the monitoring form")
    check_date_sentences(root)
    k.toggle(root, "Female")
    k.toggle(root, ETHNICITY)
    k.toggle(root, "Prefer not to say my ethnicity")      # one choice at most
    a11y.wait_until(lambda: not k.is_on(k.toggle_node(root, ETHNICITY)),
                    "choosing another answer to take back the first")
    k.toggle(root, ETHNICITY)
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-monitoring.png"))
    k.click(root, "Confirm")
    ticket = k.wait_ticket(root)
    # Nobody waited when the desk last published; the estimate is the
    # desk's usual interval.
    a11y.wait_for(root, "label", "Nobody is waiting ahead of you. Estimated wait: about 15 minutes.")
    typed = [NAME, PREFERRED, STUDENT_ID, COLLEGE, FACULTY, CONTACT, SIGNATURE]
    k.assert_gone_from_tree(root, typed, "on the confirmation screen")
    if a11y.find(root, "label", "Your access code") is not None:
        raise a11y.E2EFailure("a student who gave details got an access code")
    k.check_controls(root, "the confirmation screen")
    a11y.screenshot(os.path.join(k.SHOTS, "kiosk-ticket.png"))
    k.finish(root)
    k.assert_gone_from_tree(root, typed, "after Done")
    k.next_student_sees_nothing(root, typed, "after Done")
    return ticket


def drop_in_anonymous(root):
    k.start_drop_in(root, "Money, funding and hardship")
    k.type_into(root, "Full name", "Typed Before Anonymous")
    k.go_anonymous(root)
    a11y.wait_for(root, "label", name_contains="You will see your access code")
    k.click(root, "Continue")
    k.agree_anonymously(root)
    k.click(root, "Continue")
    k.heading(root, "Optional: help us be fair")
    k.click(root, "Skip and Confirm")
    ticket = k.wait_ticket(root)
    # The last student's ticket counts, though no desk has published since.
    a11y.wait_for(root, "label", "1 person is waiting ahead of you. Estimated wait: about 30 minutes.")
    a11y.wait_for(root, "label", "Your access code")
    codes = [a11y.name_of(n) for n in a11y.find_all(root, "label")
             if re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}", a11y.name_of(n))]
    if len(codes) != 1:
        raise a11y.E2EFailure(f"expected one access code on screen, found {codes}")
    k.finish(root)
    k.assert_gone_from_tree(root, codes + [ticket, "Typed Before Anonymous"], "after Done")
    return ticket, codes[0]


def check_desk(office, ticket, anonymous_ticket, access_code):
    tickets = k.wait_tickets(office, [ticket, anonymous_ticket])
    visit = tickets[ticket]
    details = visit["details"]
    expected = {"name": NAME, "preferred_name": PREFERRED, "student_id": STUDENT_ID,
                "college": COLLEGE, "faculty": FACULTY, "contact": CONTACT, "anonymous": False}
    for member, value in expected.items():
        if details.get(member) != value:
            raise a11y.E2EFailure(f"the desk opened {member}={details.get(member)!r}, not {value!r}")
    consent = details["consent"]
    if consent["version"] != "1" or consent["signature"] != SIGNATURE or consent["language"] != "en":
        raise a11y.E2EFailure(f"the consent arrived as {consent}")
    parties = consent["parties"]
    wanted = {"college-tutor": True, "health": True, "department": False,
              "university-offices": False, "outside-agencies": False}
    if parties != wanted:
        raise a11y.E2EFailure(f"the consent's parties arrived as {parties}, not {wanted}")
    monitoring = details["monitoring"]
    if monitoring != {"date_of_birth": "2001-02-28", "gender": "female", "ethnicity": "black-african"}:
        raise a11y.E2EFailure(f"the monitoring form arrived as {monitoring}")
    if visit["topic"] != "Housing and landlords" or visit["kind"] != "drop-in":
        raise a11y.E2EFailure(f"the ticket arrived as {visit['kind']} about {visit['topic']}")
    anonymous = tickets[anonymous_ticket]["details"]
    if not anonymous.get("anonymous") or anonymous.get("access_code") != access_code:
        raise a11y.E2EFailure(f"the anonymous visit arrived as {anonymous}")
    if "name" in anonymous or "monitoring" in anonymous or "Typed Before" in tickets[anonymous_ticket]["submission"]:
        raise a11y.E2EFailure(f"the anonymous visit carries details: {anonymous}")


def test(apps):
    office = k.Office()
    office.helper("set-hours", HOURS)
    office.sync_desk()
    data = office.enroll_kiosk(os.path.join(k.TMP, "kiosk"))
    kiosk = k.launch_kiosk(apps, data, office.sync)
    root = kiosk.root
    check_welcome(root)
    check_keyboard(root)
    check_language(root)
    check_display_choices(root)
    ticket = drop_in_with_details(root)
    anonymous_ticket, access_code = drop_in_anonymous(root)
    check_desk(office, ticket, anonymous_ticket, access_code)
    for secret in (NAME, STUDENT_ID, CONTACT, SIGNATURE):
        if secret in kiosk.output():
            raise a11y.E2EFailure(f"the kiosk wrote “{secret}” to its output")


if __name__ == "__main__":
    a11y.run(test, "kiosk-dropin")
