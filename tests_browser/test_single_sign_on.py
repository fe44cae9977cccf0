"""Signing in through an OpenID Connect provider: the whole redirect dance in Chromium, against a real local provider."""

import re

import pytest
from playwright.sync_api import expect

from onward.accounts.tests.conftest import prison_work_coach_claims
from tests_browser.helpers import assert_accessible

pytestmark = pytest.mark.browser


def test_a_prison_work_coach_signs_in_through_hmpps_auth_and_lands_on_her_worklist(
    page, base_url, identity_provider, test_name
):
    identity_provider.sign_in_as(
        **prison_work_coach_claims(
            sub="browser-coach",
            user_name="NOKONJO_GEN",
            given_name="Ngozi",
            family_name="Okonjo",
            caseloads=["WLI", "NWI"],
            active_caseload="NWI",
        )
    )
    page.goto(f"{base_url}/sign-in/")
    assert_accessible(page, f"{test_name}--sign-in")

    page.get_by_role("button", name="Sign in with HMPPS Auth").click()

    expect(page).to_have_url(f"{base_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ngozi")
    expect(page.locator(".moj-header")).to_contain_text("Ngozi Okonjo, Prison work coach, HMP & YOI Norwich")
    expect(page.get_by_role("heading", name="Your worklist")).to_be_visible()
    assert_accessible(page, f"{test_name}--worklist")

    # Her token gave her two caseloads: she switches to the other one.
    page.get_by_role("link", name="Change prison").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the prison you are working in")
    expect(page.get_by_label("HMP & YOI Norwich")).to_be_checked()
    assert_accessible(page, f"{test_name}--caseload")
    page.get_by_label("Wayland").check()
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{base_url}/")
    expect(page.locator(".moj-header")).to_contain_text("Prison work coach, HMP Wayland")
    expect(page.get_by_role("heading", name="Your worklist")).to_be_visible()

    # Signing out leaves HMPPS Auth too, and comes back to Onward's page.
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page).to_have_url(re.compile(r"/signed-out/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert identity_provider.requests["/logout"] >= 1


def test_someone_with_no_onward_role_at_hmpps_is_told_so_and_not_signed_in(
    page, base_url, identity_provider, test_name
):
    identity_provider.sign_in_as(**prison_work_coach_claims(sub="browser-nobody", authorities=["ROLE_PRISON"]))
    page.goto(f"{base_url}/sign-in/")

    page.get_by_role("button", name="Sign in with HMPPS Auth").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to Onward yet")
    assert_accessible(page, test_name)
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
