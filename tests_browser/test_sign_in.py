"""Signing in and out through the GOV.UK sign-in form."""

import re

import pytest
from playwright.sync_api import expect

from tests_browser.helpers import DEMO_PASSWORD, assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_a_wrong_password_shows_the_error_summary(page, base_url, test_name):
    sign_in(page, base_url, "demo.board", password="not-the-password")

    expect(page).to_have_url(re.compile(r"/sign-in/"))
    expect(page).to_have_title(re.compile(r"^Error: |- Error -"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link")).to_have_text(re.compile(r"Enter a correct username and password"))
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    # The username is kept; the password never is.
    expect(page.get_by_label("Username", exact=True)).to_have_value("demo.board")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    assert_accessible(page, test_name)


def test_an_empty_form_says_what_is_missing(page, base_url, test_name):
    page.goto(f"{base_url}/sign-in/")
    page.get_by_role("button", name="Sign in", exact=True).click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Enter your username")).to_have_attribute("href", "#id_username")
    expect(summary.get_by_role("link", name="Enter your password")).to_have_attribute("href", "#id_password")
    summary.get_by_role("link", name="Enter your username").click()
    expect(page.get_by_label("Username", exact=True)).to_be_focused()
    assert_accessible(page, test_name)


def test_signing_in_lands_on_the_home_page_with_the_users_name(page, base_url):
    sign_in(page, base_url, "demo.pwc")

    expect(page).to_have_url(f"{base_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Priya")
    expect(page.locator(".moj-header")).to_contain_text("Priya Sharma")
    expect(page.get_by_role("link", name="Home", exact=True)).to_have_attribute("aria-current", "page")


def test_a_page_asked_for_before_signing_in_is_shown_after_it(page, base_url):
    page.goto(f"{base_url}/cases/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/cases/"))
    page.get_by_label("Username", exact=True).fill("demo.pel")
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page).to_have_url(f"{base_url}/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")


def test_signing_out_ends_the_session(page, base_url, test_name):
    sign_in(page, base_url, "demo.probation")
    expect(page.locator(".moj-header")).to_contain_text("Sam Fletcher")

    sign_out(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_accessible(page, test_name)
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
