"""Issue 4 end to end: from nothing in place to ready, handed over, accepted late and escalated on the way.

A prison work coach gets a new person ready (ID, bank account, NI number,
appointment, claim prepared, advance requested) and sends the warm handover
to the East Anglia jobcentre. Nobody accepts it by its deadline, so the daily
escalation run raises it with the partnership manager; the jobcentre work
coach then accepts it, which closes the escalation.
"""

import random
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests_browser.helpers import assert_accessible, sign_in, sign_out
from tests_browser.test_readiness import choose, fill_date, save

pytestmark = pytest.mark.browser

READY_ITEMS = ("id", "bank-account", "ni-number", "accommodation", "uc-claim", "advance", "jobcentre-appointment")
# In place before release; the claim is made, and the advance paid, on the day.
IN_PLACE_BEFORE_RELEASE = ("id", "bank-account", "ni-number", "accommodation", "jobcentre-appointment")


def menu(page: Page, name):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name).click()


def add_a_person_with_nothing_in_place(page: Page, discharge: date):
    today = date.today()
    menu(page, "Add a case")
    page.get_by_label("Prison number", exact=True).fill(f"E{random.randint(0, 9999):04d}ZZ")
    page.get_by_label("Given name", exact=True).fill("Nell")
    page.get_by_label("Family name", exact=True).fill("Fromscratch")
    fill_date(page, "Date of birth", date(1991, 6, 14))
    fill_date(page, "Reception date", today - timedelta(days=200))
    page.get_by_role("group", name="Legal status").get_by_label("Sentenced", exact=True).check()
    fill_date(page, "Sentence date", today - timedelta(days=200))
    page.get_by_label("Custodial term in days", exact=True).fill("420")
    fill_date(page, "Release date", discharge)
    page.get_by_label("Release area (optional)", exact=True).fill("NR2")
    page.get_by_role("button", name="Add case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nell Fromscratch")


def escalation_rows(page: Page, raised_on: date, accept_by: str):
    """Rows raised on a day for handovers due on a day ("Friday 4 December 2026" shows as "4 December 2026")."""
    return (
        page.locator("tbody tr")
        .filter(has_text=f"{raised_on.day} {raised_on:%B %Y}")
        .filter(has_text=accept_by.split(" ", 1)[1])
        .filter(has_text="Norwich Jobcentre (demo)")
    )


def test_from_nothing_in_place_to_ready_handed_over_and_a_late_acceptance_escalated(page, base_url, test_name, manage):
    today = date.today()
    discharge = today + timedelta(days=10)
    sign_in(page, base_url, "demo.pwc")
    add_a_person_with_nothing_in_place(page, discharge)
    case_url = page.url
    for key in READY_ITEMS:
        # Ten days out, what takes weeks (ID, a bank account) is already late; the release area alone is a start.
        expect(page.locator(f"#readiness-{key}-status")).to_have_text(re.compile(r"^\s*(Missing|Late|In progress)\s*$"))
    assert_accessible(page, f"{test_name}--nothing-in-place")

    page.get_by_role("link", name="ID, bank account, National Insurance number and accommodation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ready on day one")
    overview = page.url

    # ID: a birth certificate applied for, then received into personal property.
    page.get_by_role("link", name="Add an ID application").click()
    choose(page, "Document", "Birth certificate")
    fill_date(page, "Date submitted", today)
    page.get_by_label("Cost, in pounds", exact=True).fill("11.00")
    choose(page, "Priority service?", "No")
    save(page)
    page.get_by_role("link", name=re.compile(r"^Update Birth certificate")).click()
    choose(page, "Status", "Accepted")
    fill_date(page, "Date received", today)
    choose(page, "Stored in personal property?", "Yes")
    save(page)

    # A bank account, opened.
    page.get_by_role("link", name="Add a bank application").click()
    page.get_by_label("Bank", exact=True).fill("Nationwide")
    fill_date(page, "Date submitted", today)
    save(page)
    page.get_by_role("link", name=re.compile(r"^Record response")).first.click()
    choose(page, "Response", "Account opened")
    fill_date(page, "Date of the response", today)
    save(page)

    # The National Insurance number, received on an official letter: with the birth certificate, right to work.
    page.get_by_role("link", name="Change National Insurance number").click()
    choose(page, "National Insurance number", "Received")
    page.get_by_label("National Insurance number (when known or received)", exact=True).fill("JT 40 12 77 B")
    fill_date(page, "Date received", today)
    save(page)

    page.get_by_role("link", name="Change accommodation on release").click()
    choose(page, "Where will the person live on release?", "With family or friends")
    page.get_by_label("Release area (optional)", exact=True).fill("NR2")
    save(page)

    # The jobcentre appointment, the day after release, at the jobcentre serving NR2.
    page.locator("#appointment ~ dl").get_by_role("link", name=re.compile(r"jobcentre appointment$")).click()
    choose(page, "Jobcentre", "Norwich Jobcentre (demo), Norwich")
    fill_date(page, "Date of the appointment", discharge + timedelta(days=1))
    page.get_by_label("Time of the appointment", exact=True).fill("10:00")
    save(page)

    # Universal Credit: everything ready for the claim, and an advance asked for.
    page.get_by_role("link", name=re.compile(r"claim preparation$")).click()
    checklist = page.get_by_role("group", name="What does the person have ready for their claim?")
    for box in checklist.get_by_role("checkbox").all():
        box.check()
    assert_accessible(page, f"{test_name}--claim-preparation")
    save(page)
    page.get_by_role("link", name=re.compile(r"Universal Credit claim$")).click()
    choose(page, "Did the person ask for an advance payment?", "Yes")
    assert_accessible(page, f"{test_name}--claim")
    save(page)

    page.goto(overview)
    for key in IN_PLACE_BEFORE_RELEASE:
        expect(page.locator(f"#readiness-{key}-status")).to_have_text("In place")
    # Prepared and asked for: under way until the day itself.
    expect(page.locator("#readiness-uc-claim-status")).to_have_text("In progress")
    expect(page.locator("#readiness-uc-claim-hint")).to_contain_text("Claim prepared: ready to claim")
    expect(page.locator("#readiness-advance-status")).to_have_text("In progress")
    assert_accessible(page, f"{test_name}--ready")

    # The warm handover to the jobcentre serving the release area.
    page.goto(case_url)
    page.get_by_role("link", name="Send a warm handover").click()
    page.get_by_label("Jobcentre", exact=True).select_option(label="Norwich Jobcentre (demo)")
    page.get_by_label("What the person needs from the jobcentre").fill("Looking for warehouse work")
    page.get_by_role("button", name="Send handover").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Warm handover to Norwich Jobcentre (demo)")
    accept_by = page.locator(".govuk-summary-list__row", has_text="Accept by").locator("dd").inner_text()
    handover_url = page.url
    sign_out(page)

    # Nobody accepts it in time: the daily run, a week after release, escalates it.
    run_on = discharge + timedelta(days=7)
    assert re.search(r"Raised [1-9]\d* escalations", manage("escalate_handovers", "--today", run_on.isoformat()))
    sign_in(page, base_url, "demo.pm")
    menu(page, "Late handovers")
    # Other demo handovers may have been escalated by the same run: ours is one of them.
    rows = escalation_rows(page, run_on, accept_by)
    expect(rows.first).to_be_visible()
    escalated = rows.count()
    expect(page.get_by_text("Fromscratch")).to_have_count(0)  # managers never see the name
    assert_accessible(page, f"{test_name}--escalated")
    sign_out(page)

    # The jobcentre work coach accepts it, late: that closes the escalation.
    sign_in(page, base_url, "demo.jcp")
    menu(page, "Incoming handovers")
    page.get_by_role("link", name="Nell Fromscratch").click()
    assert page.url == handover_url
    expect(page.get_by_text("Looking for warehouse work")).to_be_visible()
    expect(page.get_by_text(accept_by)).to_be_visible()
    page.get_by_role("button", name="Accept handover").click()
    expect(page.get_by_role("alert")).to_contain_text("Handover accepted")
    assert_accessible(page, f"{test_name}--accepted")
    sign_out(page)

    sign_in(page, base_url, "demo.pm")
    menu(page, "Late handovers")
    expect(escalation_rows(page, run_on, accept_by)).to_have_count(escalated - 1)


def test_a_crs_provider_receives_a_referral_and_accepts_it(page, base_url, test_name):
    sign_in(page, base_url, "demo.pwc")
    add_a_person_with_nothing_in_place(page, date.today() + timedelta(days=30))
    page.get_by_role("link", name="Refer to a CRS provider").click()
    assert_accessible(page, f"{test_name}--refer")
    page.get_by_role("button", name="Send referral").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the service the person needs")
    assert_accessible(page, f"{test_name}--refer-errors")
    choose(page, "Send to", "Eastern Resettlement Partnership (demo CRS provider)")
    choose(page, "Which service does the person need?", "Accommodation")
    page.get_by_label("What the person needs and why you are referring them").fill("No fixed address on release")
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Referral to Eastern Resettlement Partnership (demo CRS provider) for accommodation"
    )
    referral_url = page.url
    assert_accessible(page, f"{test_name}--sent")

    # The release moves: the referral is flagged, and the worklist puts it in front of the coach.
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Change details").click()
    fill_date(page, "Release date", date.today() + timedelta(days=44))
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nell Fromscratch")
    # The case page says what the move did: the day, what was replanned, the referral to check.
    changed = page.locator("#what-changed")
    expect(changed).to_contain_text("Release day:")
    expect(changed.get_by_role("link", name=re.compile(r"^Check the referral to Eastern"))).to_be_visible()
    assert_accessible(page, f"{test_name}--what-changed")
    menu(page, "Worklist")
    banner = page.locator("#needs-action")
    expect(banner).to_contain_text("The release date moved")
    assert_accessible(page, f"{test_name}--needs-action")
    banner.get_by_role("link", name=re.compile(r"^Nell Fromscratch")).first.click()
    assert page.url == referral_url
    sign_out(page)

    sign_in(page, base_url, "demo.crs")
    menu(page, "Incoming referrals")
    assert_accessible(page, f"{test_name}--inbox")
    page.get_by_role("link", name="Nell Fromscratch").first.click()
    page.get_by_role("button", name="Accept referral").click()
    expect(page.get_by_role("alert")).to_contain_text("Referral accepted")
    assert page.url == referral_url
    assert_accessible(page, f"{test_name}--accepted")
    # Once referred, the provider sees the person's case.
    page.goto(f"{base_url}/cases/?q=Fromscratch")
    expect(page.locator("tbody")).to_contain_text("Fromscratch")
    assert_accessible(page, f"{test_name}--cases")
