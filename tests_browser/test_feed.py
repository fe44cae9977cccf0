"""An administrator works through the feed's messages from NOMIS that needed a person, in a browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests_browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def fed(manage):
    """The demo's day of HMPPS events, played through ingest_events against the built-in fake."""
    return manage("feed_demo")


def test_an_administrator_sees_what_the_feed_set_aside_and_replays_it(page: Page, base_url, test_name, fed):
    assert "yesterday" in fed
    sign_in(page, base_url, "demo.admin")
    page.goto(f"{base_url}/feed/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Feed from NOMIS")
    tabs = page.get_by_role("navigation", name="Feed messages by state")
    expect(tabs.get_by_role("link", name=re.compile(r"^Needs a person \(\d+\)$"))).to_have_attribute(
        "aria-current", "page"
    )
    table = page.get_by_role("table")
    expect(table).to_contain_text("Onward does not know prison ZZI")
    expect(table).to_contain_text("Prisoner Search does not know K4110IF")
    expect(table).to_contain_text("Not JSON")
    assert_accessible(page, f"{test_name}--list")

    tabs.get_by_role("link", name=re.compile(r"^Set aside")).click()
    expect(page.get_by_role("status")).to_have_text("1 message")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Message \d+$"))
    expect(page.get_by_text("this line is not an event")).to_be_visible()
    # Nothing to replay in a line that is not an event.
    expect(page.get_by_role("button", name="Replay this message")).to_have_count(0)
    assert_accessible(page, f"{test_name}--set-aside")

    page.goto(f"{base_url}/feed/?status=skipped")
    page.get_by_role("row", name=re.compile("ZZI")).get_by_role("link").click()
    expect(page.get_by_role("definition").filter(has_text="Onward does not know prison ZZI")).to_be_visible()
    assert_accessible(page, f"{test_name}--skipped")
    page.get_by_role("button", name="Replay this message").click()
    # Still a prison Onward does not know: skipped again, with the reason, and said so.
    expect(page.get_by_role("alert")).to_contain_text("Replayed: Skipped")
    assert_accessible(page, f"{test_name}--replayed")


def test_the_feeds_page_is_for_administrators_only(page: Page, base_url, fed):
    sign_in(page, base_url, "demo.pwc")
    response = page.goto(f"{base_url}/feed/")
    assert response.status == 403
