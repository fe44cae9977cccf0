"""A prison work coach books the first jobcentre appointment and prints the letter for the person."""

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests_browser.helpers import assert_accessible, sign_in

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


def test_a_prison_work_coach_books_a_jobcentre_appointment_and_opens_the_letter(page, base_url, test_name):
    sign_in(page, base_url, "demo.pwc")
    page.goto(f"{base_url}/cases/?status=in_custody")
    # A sentenced person (with a discharge date), away from the top of the list other journeys use.
    page.locator("tbody tr").filter(has_not_text="Not known").last.get_by_role("link").first.click()
    case_url = page.url.rstrip("/")
    page.goto(f"{case_url}/readiness/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ready on day one")
    leaves = page.get_by_text(re.compile(r"^Leaves on ")).inner_text()
    discharge = datetime.strptime(leaves.removeprefix("Leaves on ").rstrip("."), "%A %d %B %Y").date()

    # The release area, in a district the demo Norwich jobcentre serves.
    page.get_by_role("link", name="Change accommodation on release").click()
    choose(page, "Where will the person live on release?", "With family or friends")
    page.get_by_label("Release area (optional)", exact=True).fill("NR3")
    save(page)
    assert_accessible(page, f"{test_name}--overview")

    change = page.locator("#appointment ~ dl").get_by_role("link", name=re.compile(r"jobcentre appointment$"))
    change.click()
    assert_accessible(page, f"{test_name}--book")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date of the appointment")
    expect(summary).to_contain_text("Enter the time of the appointment")
    assert_accessible(page, f"{test_name}--book-errors")

    if page.get_by_label("Why is the appointment being rebooked?", exact=True).count():
        page.get_by_label("Why is the appointment being rebooked?", exact=True).fill("Browser test rebooking")
    choose(page, "Jobcentre", "Norwich Jobcentre (demo), Norwich")
    day = discharge + timedelta(days=1)
    fill_date(page, "Date of the appointment", day)
    page.get_by_label("Time of the appointment", exact=True).fill("9:30am")
    save(page)
    expect(page.locator("#appointment-current")).to_contain_text("Norwich Jobcentre (demo)")
    expect(page.locator("#appointment-current")).to_contain_text("9:30am")
    expect(page.locator("#readiness-jobcentre-appointment-status")).to_have_text("In place")
    assert_accessible(page, f"{test_name}--booked")

    page.get_by_role("link", name="Appointment letter for the person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your jobcentre appointment")
    expect(page.locator("#letter-where")).to_contain_text("Norwich Jobcentre (demo)")
    expect(page.locator("#letter-when")).to_contain_text(f"{day.day} {day:%B %Y} at 9:30am")
    expect(page.locator("#letter-bring")).to_contain_text("discharge papers")
    assert_accessible(page, f"{test_name}--letter")
    page.emulate_media(media="print")
    expect(page.locator(".govuk-header, .moj-header").first).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
