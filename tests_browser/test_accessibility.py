"""Every page each role can reach has no WCAG 2.2 AA failures that axe-core can find."""

import pytest
from playwright.sync_api import expect

from onward.accounts.demo import DEMO_ACCOUNTS
from tests_browser.helpers import (
    ADMIN_PAGES,
    assert_accessible,
    axe_violations,
    crawl,
    describe_violations,
    page_kind,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser

SIGNED_OUT_PAGES = [
    ("/sign-in/", 200, "Sign in to Onward"),
    ("/accessibility/", 200, None),
    ("/privacy/", 200, None),
    ("/cookies/", 200, None),
    ("/signed-out/", 200, "You have signed out"),
    ("/no-such-page/", 404, "Page not found"),
]

CASE_PAGES = {"/cases/", "/cases/<id>/"}
CASE_FORMS = {"/cases/new/", "/cases/<id>/edit/", "/cases/<id>/transfer/", "/cases/<id>/discharge/"}
# The kinds of page the crawl must have reached for each role, at least.
JOURNEY_PAGES = {"/worklist/", "/calendar/", "/cases/<id>/touchpoints/<code>/"}
MUST_REACH = {
    # The prison work coach's home is the worklist: the crawl spends its budget
    # on record forms; test_cases.py opens the case forms directly.
    "demo.pwc": CASE_PAGES | JOURNEY_PAGES | {"/cases/new/", "/work/", "/partnerships/"},
    "demo.pel": CASE_PAGES | CASE_FORMS | JOURNEY_PAGES | {"/work/"},
    "demo.idb": CASE_PAGES | CASE_FORMS | {"/worklist/", "/calendar/"},
    "demo.probation": {"/cases/", "/worklist/", "/referrals/", "/referrals/<id>/"},
    "demo.crs": {"/cases/", "/cases/<id>/", "/referrals/", "/referrals/<id>/"},
    "demo.jcp": {"/cases/", "/worklist/", "/handovers/"},
    "demo.nfn": {"/work/", "/work/employers/", "/work/opportunities/", "/measures/"},
    "demo.pm": {"/partnerships/", "/escalations/", "/measures/", "/work/"},
    "demo.board": {"/measures/", "/partnerships/", "/partnerships/national/"},
    "demo.admin": ADMIN_PAGES | {"/audit/"},
}
# Roles with more to see than the default budget of pages reaches.
CRAWL_PAGES = {"demo.pel": 45, "demo.pwc": 35, "demo.idb": 45}
# A small demo may hold only closed referrals for a PDU: the inbox's closed tab is one click the budget misses.
CRAWL_ALSO = {"demo.probation": ["/referrals/?shows=closed"]}


@pytest.mark.parametrize(("path", "status", "heading"), SIGNED_OUT_PAGES, ids=[p[0] for p in SIGNED_OUT_PAGES])
def test_signed_out_page_is_accessible(page, base_url, test_name, path, status, heading):
    response = page.goto(base_url + path)
    assert response.status == status
    if heading:
        assert page.get_by_role("heading", level=1).inner_text() == heading
    if path == "/sign-in/":
        # Demo mode lists the demo accounts: the table is part of what is checked.
        assert page.get_by_role("table").get_by_text("demo.pwc").is_visible()
    assert_accessible(page, test_name)


@pytest.mark.parametrize("username", [account[0] for account in DEMO_ACCOUNTS])
def test_every_page_a_role_reaches_is_accessible(page, base_url, test_name, username):
    sign_in(page, base_url, username)
    problems = []
    reached = set()
    for target, status in crawl(
        page,
        base_url,
        admin=username == "demo.admin",
        max_pages=CRAWL_PAGES.get(username, 25),
        also=CRAWL_ALSO.get(username, ()),
    ):
        reached.add(page_kind(target))
        if status != 200:
            shot = screenshot(page, f"{test_name}--{target}")
            problems.append(f"{target} answered {status}, not 200 (screenshot: {shot})")
            continue
        if any(login in page.url for login in ("/sign-in/", "/admin/login/")):
            problems.append(f"{target} sent {username} to a sign-in page ({page.url})")
            continue
        violations = axe_violations(page)
        if violations:
            shot = screenshot(page, f"{test_name}--{target}")
            problems.append(describe_violations(page.url, violations) + f"\n  screenshot: {shot}")
    missing = MUST_REACH.get(username, {"/"}) - reached
    if missing:
        problems.append(f"the crawl never reached {sorted(missing)}; it reached {sorted(reached)}")
    assert not problems, f"{username}: {len(reached)} kinds of page checked\n" + "\n".join(problems)


def test_a_phone_sized_screen_is_accessible_and_nothing_covers_the_case_list(browser, base_url, test_name):
    """At 320 CSS pixels wide (WCAG 1.4.10 Reflow), menus and the case list filter fold away."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, base_url, "demo.pwc")
        for target in ("/", "/cases/new/"):
            page.goto(base_url + target)
            menu = page.get_by_role("button", name="Menu")
            menu.click()
            expect(menu).to_have_attribute("aria-expanded", "true")
            expect(page.get_by_role("link", name="Cases", exact=True)).to_be_visible()
            assert_accessible(page, f"{test_name}--{target}")

        page.goto(f"{base_url}/cases/")
        show = page.get_by_role("button", name="Show filter")
        expect(show).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_role("heading", name="Filter")).to_be_hidden()
        # Nothing lies over the search: Playwright refuses to click what is covered.
        page.get_by_label("Search by name or prison number").fill("a")
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("case")
        page.locator("tbody tr").first.get_by_role("link").click()
        expect(page.get_by_role("heading", name="Person", exact=True)).to_be_visible()
        assert_accessible(page, f"{test_name}--case")

        page.go_back()
        page.get_by_role("button", name="Show filter").click()
        expect(page.get_by_role("heading", name="Filter")).to_be_visible()
        expect(page.get_by_role("button", name="Hide filter")).to_have_attribute("aria-expanded", "true")
        assert_accessible(page, f"{test_name}--filter")
        page.get_by_role("button", name="Close").click()
        expect(page.get_by_role("heading", name="Filter")).to_be_hidden()
        expect(page.get_by_role("button", name="Show filter")).to_be_focused()
        assert_accessible(page, f"{test_name}--cases")
    except Exception:
        screenshot(page, test_name)
        raise
    finally:
        context.close()
