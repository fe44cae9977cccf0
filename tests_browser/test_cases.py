"""A prison work coach's cases, end to end in a browser, and who may not see them."""

import random
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests_browser.helpers import add_a_case, assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser


def fill_date(page: Page, legend, day):
    """Fill a GOV.UK date input: the Day, Month and Year boxes inside the fieldset with this legend."""
    group = page.get_by_role("group", name=legend, exact=True)
    parts = (day.day, day.month, day.year) if isinstance(day, date) else day
    for label, value in zip(("Day", "Month", "Year"), parts, strict=True):
        group.get_by_label(label, exact=True).fill(str(value))


def made_up_prison_number():
    # The demo generator's numbers never end in QQ, so this person is new.
    return f"Z{random.randint(0, 9999):04d}QQ"


def test_a_prison_work_coach_adds_a_case_and_finds_it_again(page, base_url, test_name):
    today = date.today()
    prison_number = made_up_prison_number()
    sign_in(page, base_url, "demo.pwc")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Add a case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a case")
    page.get_by_label("Prison number", exact=True).fill(prison_number)
    page.get_by_label("Given name", exact=True).fill("Ada")
    page.get_by_label("Family name", exact=True).fill("Zedbrowser")
    fill_date(page, "Date of birth", (31, 2, 2000))  # there is no 31 February
    fill_date(page, "Reception date", today - timedelta(days=40))
    page.get_by_role("group", name="Legal status").get_by_label("Sentenced", exact=True).check()
    fill_date(page, "Sentence date", today - timedelta(days=30))
    page.get_by_label("Custodial term in days", exact=True).fill("240")
    fill_date(page, "Release date", today + timedelta(days=90))
    page.get_by_role("button", name="Add case").click()

    # The error: summarised at the top, linked to the day box, and shown by the field.
    expect(page).to_have_title(re.compile(r"Error"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Date of birth must be a real date")
    expect(link).to_have_attribute("href", "#id_date_of_birth_0")
    date_of_birth = page.get_by_role("group", name="Date of birth", exact=True)
    expect(date_of_birth).to_contain_text("Error: Date of birth must be a real date")
    link.click()
    expect(date_of_birth.get_by_label("Day", exact=True)).to_be_focused()
    # What was typed stays, so only the mistake needs fixing.
    expect(page.get_by_label("Prison number", exact=True)).to_have_value(prison_number)
    assert_accessible(page, f"{test_name}--errors")

    fill_date(page, "Date of birth", (14, 6, 1990))
    page.get_by_role("button", name="Add case").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Zedbrowser")
    expect(page.get_by_role("alert")).to_contain_text("Case added for Ada Zedbrowser")
    expect(page.locator(".govuk-caption-l")).to_contain_text(prison_number)
    expect(page.get_by_role("heading", level=2, name=re.compile(r"^Leaves on \w+ \d{1,2} \w+ \d{4}$"))).to_be_visible()
    why = page.locator("details", has_text="Why this day?")
    why.get_by_text("Why this day?").click()
    expect(why.locator(".govuk-details__text")).to_be_visible()
    expect(why.locator(".govuk-details__text")).not_to_be_empty()
    assert_accessible(page, f"{test_name}--case")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
    page.get_by_label("Search by name or prison number").fill(prison_number)
    page.get_by_role("button", name="Search", exact=True).click()

    expect(page.get_by_role("status")).to_have_text("1 case")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(prison_number)
    rows.first.get_by_role("link", name="Zedbrowser, Ada").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Zedbrowser")


def _first_letters(page: Page):
    names = page.locator("tbody tr td:first-child").all_inner_texts()
    assert names, "the case list is empty"
    return [name.strip()[:1].upper() for name in names]


def test_the_case_list_sorts_by_name(page, base_url, test_name):
    sign_in(page, base_url, "demo.pwc")
    page.goto(f"{base_url}/cases/")
    name_header = page.get_by_role("columnheader", name="Name")
    expect(name_header).to_have_attribute("aria-sort", "none")

    name_header.get_by_role("link", name="Name").click()

    name_header = page.get_by_role("columnheader", name="Name")
    expect(name_header).to_have_attribute("aria-sort", "ascending")
    expect(page.get_by_role("columnheader", name="Discharge date")).to_have_attribute("aria-sort", "none")
    letters = _first_letters(page)
    assert letters == sorted(letters)
    assert_accessible(page, test_name)

    name_header.get_by_role("link", name="Name").click()

    expect(page.get_by_role("columnheader", name="Name")).to_have_attribute("aria-sort", "descending")
    letters = _first_letters(page)
    assert letters == sorted(letters, reverse=True)


def test_a_jobcentre_work_coach_cannot_open_a_prison_case_not_handed_to_them(page, base_url, test_name):
    sign_in(page, base_url, "demo.pwc")
    add_a_case(page, given="Jo", family="Unhanded", release_area="NR3")
    jobcentre = page.locator(".govuk-summary-list__row", has_text="Jobcentre")
    expect(jobcentre.locator("dd")).to_have_text("Not handed over yet")
    case_url = page.url
    sign_out(page)

    sign_in(page, base_url, "demo.jcp")
    response = page.goto(case_url)

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("main")).not_to_contain_text("Not handed over yet")
    assert_accessible(page, test_name)


def test_the_case_forms_error_states_are_accessible(page, base_url, test_name):
    """Each form sent empty: the error summary, the field errors, and axe finding nothing."""
    sign_in(page, base_url, "demo.pwc")
    forms = [
        ("in_custody", "Record a transfer"),
        ("in_custody", "Record the discharge"),
        ("released", "Record a recall"),
    ]
    for status, button in forms:
        page.goto(f"{base_url}/cases/?status={status}")
        page.locator("tbody tr").first.get_by_role("link").click()
        page.get_by_role("link", name=button).click()
        page.get_by_role("button", name="Save").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_be_focused()
        first = summary.get_by_role("link").first
        target = first.get_attribute("href")
        first.click()
        expect(page.locator(target)).to_be_focused()
        assert_accessible(page, f"{test_name}--{button}")

    page.goto(f"{base_url}/cases/?release_from_0=31&release_from_1=2&release_from_2=2026")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Leaving on or after must be a real date")).to_have_attribute(
        "href", "#id_release_from_0"
    )
    assert_accessible(page, f"{test_name}--filter")
