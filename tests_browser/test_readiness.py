"""Ready on day one, end to end: an ID and banking administrator gets a person ready for release."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests_browser.helpers import add_a_case, assert_accessible, sign_in

pytestmark = pytest.mark.browser


def fill_date(page: Page, legend, day):
    group = page.get_by_role("group", name=legend, exact=True)
    for label, value in zip(("Day", "Month", "Year"), (day.day, day.month, day.year), strict=True):
        group.get_by_label(label, exact=True).fill(str(value))


def choose(page: Page, legend, option):
    page.get_by_role("group", name=legend, exact=True).get_by_label(option, exact=True).check()


def save(page: Page):
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ready on day one")


def test_an_id_and_banking_administrator_gets_a_person_ready_for_day_one(page, base_url, test_name):
    today = date.today()
    sign_in(page, base_url, "demo.idb")
    # Someone leaving in four months with nothing in place yet: the whole of day one to get ready.
    add_a_case(page, given="Rhian", family="Readytest", release_in_days=120, release_area="IP25")
    expect(page.get_by_role("heading", level=2, name="Ready on day one")).to_be_visible()
    page.get_by_role("link", name="ID, bank account, National Insurance number and accommodation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ready on day one")
    overview = page.url
    assert_accessible(page, f"{test_name}--overview")

    # An ID application: first with nothing filled in, to see the errors.
    page.get_by_role("link", name="Add an ID application").click()
    assert_accessible(page, f"{test_name}--id-add")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the document applied for")
    expect(summary).to_contain_text("Enter the date submitted")
    assert_accessible(page, f"{test_name}--id-add-errors")
    choose(page, "Document", "Birth certificate")
    fill_date(page, "Date submitted", today)
    page.get_by_label("Cost, in pounds", exact=True).fill("11.00")
    choose(page, "Priority service?", "No")
    save(page)
    expect(page.locator("tbody tr", has_text="Birth certificate")).to_contain_text("Pending")

    page.get_by_role("link", name=re.compile(r"^Update Birth certificate")).click()
    assert_accessible(page, f"{test_name}--id-update")
    choose(page, "Status", "Accepted")
    fill_date(page, "Date received", today)
    choose(page, "Stored in personal property?", "Yes")
    save(page)
    expect(page.locator("tbody tr", has_text="Birth certificate")).to_contain_text("Accepted")

    # A bank application, returned, resubmitted and opened.
    page.get_by_role("link", name="Add a bank application").click()
    assert_accessible(page, f"{test_name}--bank-add")
    page.get_by_label("Bank", exact=True).fill("Barclays")
    fill_date(page, "Date submitted", today)
    save(page)
    page.get_by_role("link", name=re.compile(r"^Record response")).first.click()
    assert_accessible(page, f"{test_name}--bank-respond")
    choose(page, "Response", "Returned incomplete")
    fill_date(page, "Date of the response", today)
    save(page)
    page.get_by_role("link", name=re.compile(r"^Resubmit")).click()
    assert_accessible(page, f"{test_name}--bank-resubmit")
    fill_date(page, "Date resubmitted", today)
    save(page)
    resubmission = page.locator("tbody tr", has_text="Resubmission")
    resubmission.get_by_role("link", name=re.compile(r"^Record response")).click()
    choose(page, "Response", "Account opened")
    fill_date(page, "Date of the response", today)
    save(page)
    expect(page.locator("tbody tr", has_text="Resubmission")).to_contain_text("Account opened")

    # The National Insurance number, received.
    page.get_by_role("link", name="Change National Insurance number").click()
    assert_accessible(page, f"{test_name}--ni-number")
    choose(page, "National Insurance number", "Received")
    page.get_by_label("National Insurance number (when known or received)", exact=True).fill("AB 12 34 56 C")
    fill_date(page, "Date received", today)
    save(page)

    # Accommodation: a made-up district is refused by the field.
    page.get_by_role("link", name="Change accommodation on release").click()
    choose(page, "Where will the person live on release?", "With family or friends")
    page.get_by_label("Release area (optional)", exact=True).fill("ZZ99")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real postcode district")
    assert_accessible(page, f"{test_name}--accommodation-errors")
    page.goto(overview)

    for key in ("id", "bank-account", "ni-number"):
        expect(page.locator(f"#readiness-{key}-status")).to_have_text("In place")
    expect(page.get_by_text("AB123456C")).to_be_visible()
    assert_accessible(page, f"{test_name}--ready")
