"""A prison work coach's worklist, recording the 12-week pre-release interview, and the release calendar."""

import random
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests_browser.helpers import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser

INTERVIEW = "12-week pre-release interview"


def fill_date(page: Page, legend, day):
    """Fill a GOV.UK date input: the Day, Month and Year boxes inside the fieldset with this legend."""
    group = page.get_by_role("group", name=legend, exact=True)
    parts = (day.day, day.month, day.year) if isinstance(day, date) else day
    for label, value in zip(("Day", "Month", "Year"), parts, strict=True):
        group.get_by_label(label, exact=True).fill(str(value))


def add_a_case_leaving_in_13_weeks(page: Page, base_url):
    """Through the 'Add a case' form: someone whose 12-week interview is open now."""
    today = date.today()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Add a case").click()
    page.get_by_label("Prison number", exact=True).fill(f"Y{random.randint(0, 9999):04d}QQ")
    page.get_by_label("Given name", exact=True).fill("Iris")
    page.get_by_label("Family name", exact=True).fill("Journeytest")
    fill_date(page, "Date of birth", (14, 6, 1990))
    fill_date(page, "Reception date", today - timedelta(days=100))
    page.get_by_role("group", name="Legal status").get_by_label("Sentenced", exact=True).check()
    fill_date(page, "Sentence date", today - timedelta(days=100))
    page.get_by_label("Custodial term in days", exact=True).fill("400")
    fill_date(page, "Release date", today + timedelta(weeks=13))
    page.get_by_role("button", name="Add case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iris Journeytest")
    page.goto(f"{base_url}/")


def worklist_rows(page: Page):
    return page.get_by_role("table", name=re.compile("^Touchpoints for you to record")).locator("tbody tr")


def test_a_prison_work_coach_records_the_12_week_interview_from_the_worklist(page, base_url, test_name):
    sign_in(page, base_url, "demo.pwc")

    # Home is the worklist; the navigation counts what the worklist lists.
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Priya")
    expect(page.get_by_role("heading", name="Your worklist")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Menu").get_by_role("link", name=re.compile(r"^Worklist \(\d+"))
    ).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Worklist sections").get_by_role("link", name=re.compile(r"^All"))
    ).to_have_attribute("aria-current", "page")
    assert_accessible(page, f"{test_name}--home")

    # Only the 12-week interviews.
    page.get_by_role("group", name="Touchpoint").get_by_label(INTERVIEW, exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_contain_text("touchpoint")
    if worklist_rows(page).count() == 0:
        add_a_case_leaving_in_13_weeks(page, base_url)
        page.get_by_role("group", name="Touchpoint").get_by_label(INTERVIEW, exact=True).check()
        page.get_by_role("button", name="Apply filters").click()
    rows = worklist_rows(page)
    expect(rows.first).to_be_visible()
    for text in rows.locator("td:nth-child(3)").all_inner_texts():
        assert text.startswith(INTERVIEW)
    assert_accessible(page, f"{test_name}--filtered")

    first = rows.first
    name = first.locator("td").first.inner_text().strip()  # "Family, Given"
    family, given = (part.strip() for part in name.split(",", 1))
    first.get_by_role("link", name=re.compile(rf"^{INTERVIEW}")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(INTERVIEW)
    expect(page.locator(".govuk-caption-l")).to_contain_text(f"{given} {family}")
    why = page.locator("details", has_text="Why am I seeing this?")
    why.get_by_text("Why am I seeing this?").click()
    expect(why.locator(".govuk-details__text")).to_contain_text("12 weeks before release")

    # Sent empty: the error summary, linked to the outcome radios.
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Choose done, not applicable or declined")
    expect(link).to_have_attribute("href", "#id_outcome_0")
    link.click()
    expect(page.get_by_label("Done", exact=True)).to_be_focused()
    assert_accessible(page, f"{test_name}--errors")

    # Declining reveals the reason; sent without one, the reason says so.
    outcome = page.get_by_role("group", name="What happened?")
    outcome.get_by_label("The person declined", exact=True).check()
    reason = page.locator("#conditional-reason-declined")
    expect(reason).to_be_visible()
    expect(page.locator("#conditional-reason-not-applicable")).to_be_hidden()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary").get_by_role("link", name="Choose a reason")).to_have_attribute(
        "href", "#id_reason_declined"
    )
    expect(page.locator("#conditional-reason-declined")).to_be_visible()
    assert_accessible(page, f"{test_name}--reason")

    # Done, with what the interview covered; the date is today unless changed.
    page.get_by_role("group", name="What happened?").get_by_label("Done", exact=True).check()
    expect(page.locator("#conditional-reason-declined")).to_be_hidden()
    covered = page.get_by_role("group", name="What did the interview cover?")
    covered.get_by_label("Documents and information needed for the claim discussed").check()
    covered.get_by_label("Going Forward into Employment offered").check()
    fill_date(page, "Date", date.today())
    page.get_by_label("Notes (optional)").fill("Claim preparation started; appointment to book.")
    page.get_by_role("button", name="Save").click()

    # Back on the case page: the interview done, and what comes next with its dates.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{given} {family}")
    expect(page.get_by_role("alert")).to_contain_text(f"{INTERVIEW} recorded")
    touchpoints = page.locator(".govuk-task-list__item")
    interview = touchpoints.filter(has=page.get_by_role("link", name=INTERVIEW, exact=True))
    expect(interview.locator(".govuk-task-list__status")).to_have_text("Done")
    expect(interview).to_contain_text("Recorded on")
    for title in ("Book the jobcentre appointment", "Universal Credit claim", "Warm handover to the jobcentre"):
        item = touchpoints.filter(has=page.get_by_role("link", name=title, exact=True))
        expect(item).to_have_count(1)
        expect(item.locator(".govuk-task-list__hint")).to_contain_text(re.compile(r"\d{1,2} \w+ \d{4}"))
    timeline = page.locator(".moj-timeline")
    expect(timeline.locator(".moj-timeline__title", has_text=f"{INTERVIEW}: done")).to_have_count(1)
    expect(timeline).to_contain_text("by Priya Sharma")
    expect(timeline.locator(".moj-timeline__title", has_text="Received into custody")).to_have_count(1)
    assert_accessible(page, f"{test_name}--case")

    # What was recorded, and the way back if it was a mistake.
    interview.get_by_role("link", name=INTERVIEW, exact=True).click()
    expect(page.get_by_role("heading", name="What was recorded")).to_be_visible()
    expect(page.locator(".govuk-summary-list").last).to_contain_text("Going Forward into Employment offered")
    expect(page.get_by_role("button", name="Undo this record")).to_be_visible()
    assert_accessible(page, f"{test_name}--recorded")
    record_url = page.url
    sign_out(page)

    # Someone else at the prison sees it, but records nothing.
    sign_in(page, base_url, "demo.pel")
    page.goto(record_url)
    expect(page.get_by_role("heading", name="What was recorded")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Priya Sharma")
    expect(page.get_by_role("button", name="Undo this record")).to_have_count(0)
    expect(page.get_by_role("button", name="Save")).to_have_count(0)


def test_the_worklist_tabs_sorting_and_filter_errors_are_accessible(page, base_url, test_name):
    sign_in(page, base_url, "demo.pwc")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=re.compile(r"^Worklist")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Worklist")
    assert_accessible(page, f"{test_name}--worklist")

    tabs = page.get_by_role("navigation", name="Worklist sections")
    tabs.get_by_role("link", name=re.compile(r"^Overdue")).click()
    expect(tabs.get_by_role("link", name=re.compile(r"^Overdue"))).to_have_attribute("aria-current", "page")
    expect(page).to_have_url(re.compile(r"bucket=overdue"))
    for status in page.locator("main tbody tr td:nth-child(4) .govuk-tag").all_inner_texts():
        assert status == "Overdue"

    # The demo's staff catch up on slipped work, so the overdue tab may well be empty: sort the open work.
    tabs.get_by_role("link", name=re.compile(r"^Open \(")).click()
    expect(page).to_have_url(re.compile(r"bucket=open"))
    header = page.get_by_role("columnheader", name="Name")
    header.get_by_role("link", name="Name").click()
    expect(page.get_by_role("columnheader", name="Name")).to_have_attribute("aria-sort", "ascending")
    expect(page).to_have_url(re.compile(r"bucket=open"))
    names = page.locator("main tbody tr td:first-child").all_inner_texts()
    assert names
    assert names == sorted(names, key=lambda n: n.split(",")[0].lower())
    assert_accessible(page, f"{test_name}--open-by-name")

    fill_date(page, "Due on or after", (31, 2, 2026))
    page.get_by_role("button", name="Apply filters").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Due on or after must be a real date")).to_have_attribute(
        "href", "#id_due_from_0"
    )
    assert_accessible(page, f"{test_name}--filter-error")


def test_the_release_calendar_shows_twelve_weeks(page, base_url, test_name):
    sign_in(page, base_url, "demo.pwc")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Release calendar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Release calendar")
    expect(page.get_by_role("heading", level=2, name=re.compile(r"^Week starting"))).to_have_count(12)
    rows = page.locator("main tbody tr")
    expect(rows.first).to_be_visible()
    expect(rows.first.locator("td").nth(2)).to_contain_text(
        re.compile(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ \d{4}")
    )
    assert_accessible(page, test_name)
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Touchpoints")).to_be_visible()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()


def test_only_prison_staff_have_the_calendar_and_only_caseworkers_a_worklist(page, base_url):
    sign_in(page, base_url, "demo.probation")
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name=re.compile(r"^Worklist \(\d+"))).to_be_visible()
    expect(menu.get_by_role("link", name="Release calendar")).to_have_count(0)
    assert page.goto(f"{base_url}/calendar/").status == 403
    sign_out(page)

    sign_in(page, base_url, "demo.board")
    expect(
        page.get_by_role("navigation", name="Menu").get_by_role("link", name=re.compile(r"^Worklist"))
    ).to_have_count(0)
    assert page.goto(f"{base_url}/worklist/").status == 403


def test_on_a_phone_the_worklist_filter_folds_away(browser, base_url, test_name):
    """At 320 CSS pixels wide (WCAG 1.4.10 Reflow) the filter starts hidden behind MoJ's toggle button."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, base_url, "demo.pwc")
        show = page.get_by_role("button", name="Show filter")
        expect(show).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_role("heading", name="Filter")).to_be_hidden()
        assert_accessible(page, f"{test_name}--home")
        show.click()
        expect(page.get_by_role("heading", name="Filter")).to_be_visible()
        assert_accessible(page, f"{test_name}--filter")
        page.get_by_role("button", name="Close").click()
        expect(page.get_by_role("button", name="Show filter")).to_be_focused()
    finally:
        context.close()
