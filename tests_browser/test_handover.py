"""The warm handover on both sides: the prison sends, the jobcentre accepts."""

import random
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests_browser.helpers import assert_accessible, sign_in, sign_out
from tests_browser.test_journey import fill_date

pytestmark = pytest.mark.browser


def add_a_case_released_to_norwich(page: Page):
    today = date.today()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Add a case").click()
    page.get_by_label("Prison number", exact=True).fill(f"H{random.randint(0, 9999):04d}QQ")
    page.get_by_label("Given name", exact=True).fill("Handa")
    page.get_by_label("Family name", exact=True).fill("Overtest")
    fill_date(page, "Date of birth", (3, 2, 1988))
    fill_date(page, "Reception date", today - timedelta(days=120))
    page.get_by_role("group", name="Legal status").get_by_label("Sentenced", exact=True).check()
    fill_date(page, "Sentence date", today - timedelta(days=120))
    page.get_by_label("Custodial term in days", exact=True).fill("300")
    fill_date(page, "Release date", today + timedelta(days=9))
    page.get_by_label("Release area (optional)", exact=True).fill("NR3")
    page.get_by_role("button", name="Add case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handa Overtest")


def test_the_prison_sends_and_the_jobcentre_accepts(page, base_url, test_name):
    sign_in(page, base_url, "demo.pwc")
    add_a_case_released_to_norwich(page)
    page.get_by_role("link", name="Send a warm handover").click()
    assert_accessible(page, f"{test_name}--send")
    # Notes without the person's agreement are refused, with the error summary.
    page.get_by_label("Notes the person agreed to share (optional)").fill("Prefers morning appointments")
    page.get_by_role("button", name="Send handover").click()
    expect(page.get_by_role("alert")).to_contain_text("Confirm the person agreed")
    assert_accessible(page, f"{test_name}--send-error")
    page.get_by_label("Jobcentre", exact=True).select_option(label="Norwich Jobcentre (demo)")
    page.get_by_label("What the person needs from the jobcentre").fill("Help getting a phone")
    page.get_by_label("The person agreed to share these notes with the jobcentre").check()
    page.get_by_role("button", name="Send handover").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Warm handover to Norwich Jobcentre (demo)")
    expect(page.get_by_text("Help getting a phone")).to_be_visible()
    handover_url = page.url
    assert_accessible(page, f"{test_name}--sent")
    sign_out(page)

    sign_in(page, base_url, "demo.jcp")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Incoming handovers").click()
    assert_accessible(page, f"{test_name}--inbox")
    page.get_by_role("link", name="Handa Overtest").first.click()
    page.get_by_role("button", name="Accept handover").click()
    expect(page.get_by_role("alert")).to_contain_text("Handover accepted")
    expect(page.locator("strong.govuk-tag", has_text="Accepted")).to_be_visible()
    assert page.url == handover_url
    assert_accessible(page, f"{test_name}--accepted")
    # The jobcentre now sees the person's case.
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Incoming handovers")


def test_the_partnership_manager_sees_escalations(page, base_url, test_name):
    sign_in(page, base_url, "demo.pm")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Late handovers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Late handovers")
    assert_accessible(page, test_name)
