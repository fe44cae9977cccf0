"""Measures: the board compares the four signed prisons; the East Anglia partnership manager sees the district."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests_browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser

SIGNED_PRISONS = ("Wayland", "Hollesley Bay", "Norwich", "Rochester")


def open_measures(page: Page):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Measures").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Measures")


def test_the_board_sees_national_measures_and_compares_the_signed_prisons(page, base_url, test_name):
    sign_in(page, base_url, "demo.board")
    open_measures(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Measures: England and Wales")
    expect(page.get_by_role("table", name="Releases")).to_be_visible()
    assert_accessible(page, f"{test_name}--national")

    # Month and quarter switch.
    page.get_by_role("navigation", name="Measure by").get_by_role("link", name="By month").click()
    expect(page.get_by_role("navigation", name="Measure by").get_by_role("link", name="By month")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator(".govuk-caption-l")).to_have_text(re.compile(r"^[A-Z][a-z]+ \d{4}$"))
    assert_accessible(page, f"{test_name}--by-month")
    page.get_by_role("navigation", name="Measure by").get_by_role("link", name="By quarter").click()
    expect(page.locator(".govuk-caption-l")).to_have_text(re.compile(r"^[A-Z][a-z]+ to [A-Z][a-z]+ \d{4}$"))

    # Downloads of what the page shows.
    csv_url = page.get_by_role("link", name="Download these measures (CSV)").get_attribute("href")
    response = page.context.request.get(base_url + csv_url)
    assert response.status == 200 and response.headers["content-type"].startswith("text/csv")
    assert "Organisation,Period,Measure" in response.text()
    xlsx_url = page.get_by_role("link", name="Download these measures (Excel, XLSX)").get_attribute("href")
    response = page.context.request.get(base_url + xlsx_url)
    assert response.status == 200
    assert load_workbook(io.BytesIO(response.body())).active["A2"].value == "Organisation"

    # Side by side: the four prisons of the signed local agreements, by default.
    page.get_by_role("link", name="Compare organisations side by side").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare measures")
    table = page.get_by_role("table", name="Measures side by side")
    for prison in SIGNED_PRISONS:
        expect(table.get_by_role("columnheader", name=re.compile(prison))).to_be_visible()
    assert_accessible(page, f"{test_name}--compare")
    response = page.context.request.get(
        base_url + page.get_by_role("link", name="Download this comparison (CSV)").get_attribute("href")
    )
    assert response.status == 200 and "Rochester" in response.text()

    # Choosing none is a clear error, not a crash.
    page.get_by_text("Choose organisations (up to 6)").click()
    ticked = page.get_by_role("group", name="Organisations to compare with the national figures").get_by_role(
        "checkbox", checked=True
    )
    expect(ticked).to_have_count(len(SIGNED_PRISONS))
    while ticked.count():
        ticked.first.uncheck()
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("alert")).to_contain_text("Select at least one organisation to compare")
    assert_accessible(page, f"{test_name}--compare-error")

    # Every figure links to how it is computed.
    page.goto(f"{base_url}/measures/")
    page.get_by_role("table", name="Ready on day one").get_by_role("link").first.click()
    expect(page.locator(".govuk-caption-l")).to_have_text("How it is computed")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pre-release support done by 12 weeks before release")
    assert_accessible(page, f"{test_name}--how-computed")
    page.get_by_role("link", name="Back to the measures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measures: England and Wales")


def test_a_bad_period_is_an_error_on_the_field(page, base_url, test_name):
    sign_in(page, base_url, "demo.board")
    page.goto(f"{base_url}/measures/?period=2026-Q9")
    expect(page.get_by_role("alert")).to_contain_text("Select a period from the list")
    assert_accessible(page, f"{test_name}--error")


def test_the_district_partnership_manager_opens_the_district_dashboard(page, base_url, test_name):
    sign_in(page, base_url, "demo.pm")
    open_measures(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Measures: East Anglia"))
    expect(page.get_by_role("columnheader", name="National rate").first).to_be_visible()
    expect(page.get_by_role("link", name="Compare organisations side by side")).to_have_count(0)
    assert_accessible(page, f"{test_name}--district")
    page.get_by_role("link", name="How every measure is computed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How the measures are computed")
    assert_accessible(page, f"{test_name}--how-index")
