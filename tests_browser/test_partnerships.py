"""The East Anglia partnership manager and HMP Norwich's Local Partnership Agreement, end to end."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests_browser.helpers import assert_accessible, sign_in, sign_out
from tests_browser.test_journey import fill_date

pytestmark = pytest.mark.browser


def open_norwich(page: Page, test_name):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership agreements")
    assert_accessible(page, f"{test_name}--agreements")
    page.get_by_role("link", name="HMP & YOI Norwich").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("HMP & YOI Norwich")


def test_the_partnership_manager_runs_norwichs_agreement(page: Page, base_url, test_name):
    sign_in(page, base_url, "demo.pm")
    open_norwich(page, test_name)
    # The facilities checklist and the named contacts of the version in force.
    expect(page.get_by_role("heading", name="Prison Work Coach facilities")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Secure document storage")).to_be_visible()
    expect(page.get_by_role("heading", name="Contacts", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Maya Ellison")).to_be_visible()
    expect(page.get_by_text("due for review on 15 December 2026")).to_be_visible()
    assert_accessible(page, f"{test_name}--agreement")

    # What was in force on a day: a bad date first, then the first version.
    fill_date(page, "Date", (31, 2, 2024))
    page.get_by_role("button", name="Show the version in force on this date").click()
    expect(page.get_by_role("alert")).to_contain_text("Date must be a real date")
    assert_accessible(page, f"{test_name}--in-force-error")
    fill_date(page, "Date", (1, 6, 2024))
    page.get_by_role("button", name="Show the version in force on this date").click()
    expect(page.get_by_role("heading", name="In force on 1 June 2024")).to_be_visible()
    expect(page.get_by_text("Version 1, recorded by")).to_be_visible()
    assert_accessible(page, f"{test_name}--in-force-2024")

    # Schedule the next quarterly meeting, as suggested.
    page.get_by_role("link", name="Quarterly meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly meetings")
    expect(page.get_by_text("No meeting was held in:")).to_be_visible()
    assert_accessible(page, f"{test_name}--meetings")
    page.get_by_role("link", name="Schedule the next meeting").click()
    assert_accessible(page, f"{test_name}--schedule")
    group = page.get_by_role("group", name="Date of the meeting", exact=True)
    suggested = [group.get_by_label(part, exact=True).input_value() for part in ("Day", "Month", "Year")]
    fill_date(page, "Date of the meeting", ("", "", ""))
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the date of the meeting")
    assert_accessible(page, f"{test_name}--schedule-error")
    fill_date(page, "Date of the meeting", suggested)
    page.get_by_label("Where (optional)").fill("Prison work coach office")
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.get_by_role("alert")).to_contain_text("Meeting scheduled for")
    expect(page.get_by_text("Prison work coach office")).to_be_visible()
    assert_accessible(page, f"{test_name}--meeting")

    # Generate the meeting pack for the last full quarter, on the page and as a download.
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Meeting pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting pack")
    page.get_by_label("Quarter").select_option(label="July to September 2026")
    page.get_by_role("button", name="Show the pack for this quarter").click()
    expect(page.get_by_role("heading", name="July to September 2026")).to_be_visible()
    expect(page.get_by_role("table", name="Measures")).to_be_visible()
    expect(page.get_by_role("table", name="Open escalations")).to_contain_text("No telephone in the interview room")
    assert_accessible(page, f"{test_name}--pack")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the pack (XLSX)").click()
    assert re.fullmatch(r"meeting-pack-NWI-2026-Q3\.xlsx", download.value.suggested_filename)

    # The national agreement, its obligations and its coming end.
    page.goto(f"{base_url}/partnerships/national/")
    expect(page.get_by_text("The National Partnership Agreement ends on 31 December 2026")).to_be_visible()
    assert_accessible(page, f"{test_name}--national")


def test_a_prison_work_coach_escalates_and_the_manager_resolves(page: Page, base_url, test_name):
    sign_in(page, base_url, "demo.pwc")
    page.goto(f"{base_url}/partnerships/escalations/new/")
    page.get_by_role("button", name="Send escalation").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a subject")
    assert_accessible(page, f"{test_name}--raise-error")
    page.get_by_label("Subject").fill("No secure cupboard for ID documents")
    page.get_by_label("What is the concern?").fill("The cupboard lock broke on Friday.")
    page.get_by_role("button", name="Send escalation").click()
    expect(page.get_by_role("alert")).to_contain_text("Escalation sent to Maya Ellison")
    assert_accessible(page, f"{test_name}--raised")
    escalation_url = page.url
    sign_out(page)

    sign_in(page, base_url, "demo.pm")
    page.goto(f"{base_url}/partnerships/escalations/")
    assert_accessible(page, f"{test_name}--list")
    page.goto(escalation_url)
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter what was done")
    assert_accessible(page, f"{test_name}--resolve-error")
    page.get_by_label("What was done").fill("New lock fitted")
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_role("alert")).to_contain_text("Escalation updated")
    expect(page.get_by_text("New lock fitted")).to_be_visible()
    assert_accessible(page, f"{test_name}--resolved")


def test_changing_the_agreement_makes_a_new_version(page: Page, base_url, test_name):
    sign_in(page, base_url, "demo.pm")
    open_norwich(page, test_name)
    page.get_by_role("link", name="Version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 1")
    expect(page.locator("strong.govuk-tag", has_text="Superseded")).to_be_visible()
    assert_accessible(page, f"{test_name}--version-1")
    page.get_by_role("link", name="Back").click()

    page.get_by_role("link", name="Change the agreement").click()
    assert_accessible(page, f"{test_name}--edit")
    page.get_by_label("Share release plans with DWP: due").fill("whenever suits")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_role("alert")).to_contain_text("Write the timing like")
    expect(page.get_by_role("alert")).to_contain_text("Enter what changed and why")
    assert_accessible(page, f"{test_name}--edit-error")
    page.get_by_label("Share release plans with DWP: due").fill("D - 15 weeks")
    page.get_by_label("What changed and why").fill("Quarterly review: plans shared a week earlier")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_role("alert")).to_contain_text("Version 3 recorded")
    expect(page.get_by_text("D - 15 weeks")).to_be_visible()

    page.get_by_role("link", name="Change contacts").click()
    assert_accessible(page, f"{test_name}--contacts")
    page.get_by_role("button", name="Add contact").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the contact's name")
    assert_accessible(page, f"{test_name}--contacts-error")
    page.get_by_label("Name", exact=True).fill("Siân Ó Briain")
    page.get_by_label("Role", exact=True).select_option(label="Probation delivery unit lead")
    page.get_by_label("Organisation", exact=True).select_option(label="Norfolk")
    page.get_by_label("Email address").fill("sian.obriain@example.gov.uk")
    page.get_by_label("Why is this contact being added?").fill("New probation lead")
    page.get_by_role("button", name="Add contact").click()
    expect(page.get_by_role("alert")).to_contain_text("Contact added in a new version")
    expect(page.get_by_role("cell", name=re.compile(r"^Siân Ó Briain sian"))).to_be_visible()
    # Removing someone needs a reason too; the error sits on that person's row.
    page.get_by_role("button", name="Remove Siân Ó Briain").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why the contact is removed")
    assert_accessible(page, f"{test_name}--remove-error")
    page.get_by_label("Why remove Siân Ó Briain?").fill("Moved to another PDU")
    page.get_by_role("button", name="Remove Siân Ó Briain").click()
    expect(page.get_by_role("alert")).to_contain_text("Contact removed in a new version")


def test_the_administrator_records_what_happens_at_the_national_end(page: Page, base_url, test_name):
    sign_in(page, base_url, "demo.admin")
    page.goto(f"{base_url}/partnerships/board/meetings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership board meetings")
    assert_accessible(page, f"{test_name}--board-meetings")
    page.goto(f"{base_url}/partnerships/national/")
    page.get_by_role("link", name="Record what happens at the end of the agreement").click()
    assert_accessible(page, f"{test_name}--decide")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose rolled over or a successor")
    assert_accessible(page, f"{test_name}--decide-error")
    page.get_by_label("Rolled over: the same agreement, for longer").check()
    fill_date(page, "New end date", (31, 12, 2027))
    page.get_by_label("Why, and who decided").fill("Partnership board, 10 November 2026: roll over for a year")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Decision recorded")
    expect(page.get_by_text("The National Partnership Agreement ends on 31 December 2026")).to_have_count(0)
    assert_accessible(page, f"{test_name}--rolled-over")
