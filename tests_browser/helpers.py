"""What the browser tests do again and again: sign in, run axe, keep evidence, crawl."""

import functools
import random
import re
from collections import deque
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# The password every demo account shares.
DEMO_PASSWORD = settings.DEMO_PASSWORD

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@functools.cache
def axe_source():
    if not AXE_SOURCE.exists():
        raise RuntimeError(f"{AXE_SOURCE} is missing: run `npm ci` (make deps) first")
    return AXE_SOURCE.read_text(encoding="utf-8")


def artefact_name(name):
    """A file name made from a test's name, safe on any file system."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")[:180] or "page"


def screenshot(page: Page, name):
    """A full-page screenshot in test-artifacts/, named after the test; its path, or None."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{artefact_name(name)}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception:  # noqa: BLE001 - evidence is best effort; the failure itself is what matters
        return None
    return path


def sign_in(page: Page, base_url, username, password=DEMO_PASSWORD):
    """Sign in through the GOV.UK sign-in form, as a person would."""
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    if password == DEMO_PASSWORD:
        expect(page).not_to_have_url(re.compile(r"/sign-in/"))


def sign_out(page: Page):
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page).to_have_url(re.compile(r"/signed-out/$"))


_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    count: v.nodes.length,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    html: v.nodes.slice(0, 2).map((n) => n.html.slice(0, 200)),
  }));
}
"""


def axe_violations(page: Page):
    """axe-core's WCAG 2.2 AA violations on the page as it is now.

    The source is evaluated, not added as a script tag: the site's
    Content-Security-Policy allows only its own scripts with a nonce.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(_RUN_AXE, WCAG_22_AA)


def describe_violations(url, violations):
    lines = [f"{len(violations)} axe violation(s) at {url}:"]
    for v in violations:
        lines.append(f"  - {v['id']} ({v['impact']}): {v['help']} [{v['count']} element(s)] {v['helpUrl']}")
        for target in v["targets"][:3]:
            lines.append(f"      at {target}")
        for html in v["html"]:
            lines.append(f"      html {html}")
    return "\n".join(lines)


def assert_accessible(page: Page, name):
    """Fail, with every violation listed and a screenshot kept, unless axe finds nothing."""
    violations = axe_violations(page)
    if violations:
        path = screenshot(page, name)
        raise AssertionError(describe_violations(page.url, violations) + f"\n  screenshot: {path}")


# The crawl: every page a role can reach from its home page by following links.

# Links to pages, not to files: a download is not a page to audit.
_LINKS = """
() => Array.from(
  document.querySelectorAll(".govuk-service-navigation a[href]:not([download]), main a[href]:not([download])"),
  (a) => a.href,
)
"""

# Administrators also manage users and organisations in Django's admin; the
# rest of the admin is reference data, outside this audit.
ADMIN_PAGES = {"/admin/", "/admin/accounts/user/", "/admin/estate/organisation/"}
NEVER_FOLLOW = ("/api/", "/static/", "/sign-out/", "/sign-in/", "/health/")


def _followable(url, base_url, *, admin):
    parts, base = urlsplit(url), urlsplit(base_url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    path = parts.path or "/"
    if path.startswith(NEVER_FOLLOW) or re.search(r"\.[A-Za-z0-9]+$", path):
        return None
    if path.startswith("/admin/") and (not admin or path not in ADMIN_PAGES or parts.query):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def page_kind(target):
    """What kind of page a URL is: its path with ids as <id>, and the names of its query parameters."""
    parts = urlsplit(target)
    path = re.sub(r"/\d+(?=/)", "/<id>", parts.path)
    # Every touchpoint's record form is the same page with other words in it.
    path = re.sub(r"/touchpoints/[a-z0-9-]+/", "/touchpoints/<code>/", path)
    # Likewise each measure's "how it is computed" page, and each prison's agreement pages.
    path = re.sub(r"^/measures/how-computed/[a-z0-9-]+/", "/measures/how-computed/<key>/", path)
    path = re.sub(r"^/partnerships/prisons/[A-Z0-9]+/", "/partnerships/prisons/<code>/", path)
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return path + (f"?{'&'.join(keys)}" if keys else "")


def crawl(page: Page, base_url, *, admin=False, max_pages=25, max_depth=3, per_kind=2, also=()):
    """Breadth-first from the home page, following the links a person sees.

    Yields (target, status) once each page has loaded, for the caller to
    check it before the crawl moves on. At most `per_kind` pages of one
    kind (a case page, a sorted list) are visited, so that the budget
    reaches the forms behind the first few cases.
    """
    # `also`: pages a person reaches by a tab the budget would not get to (the crawl starts there too).
    queue = deque([("/", 0), *((path, 1) for path in also)])
    seen = {"/", *also}
    kinds = {}
    visited = 0
    while queue and visited < max_pages:
        target, depth = queue.popleft()
        response = page.goto(base_url + target)
        visited += 1
        status = response.status if response is not None else None
        yield target, status
        if depth >= max_depth or status != 200:
            continue
        for href in page.evaluate(_LINKS):
            link = _followable(href, base_url, admin=admin)
            if link is None or link in seen:
                continue
            seen.add(link)
            kind = page_kind(link)
            if kinds.get(kind, 0) >= per_kind:
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            queue.append((link, depth + 1))


def _fill_day(page: Page, legend, day):
    group = page.get_by_role("group", name=legend, exact=True)
    for label, value in zip(("Day", "Month", "Year"), (day.day, day.month, day.year), strict=True):
        group.get_by_label(label, exact=True).fill(str(value))


def add_a_case(page: Page, *, given, family, received_days_ago=120, release_in_days=90, release_area=""):
    """A fresh case through the "Add a case" form, so a journey starts from nothing whatever the demo holds."""
    today = date.today()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Add a case").click()
    page.get_by_label("Prison number", exact=True).fill(f"{family[0].upper()}{random.randint(0, 9999):04d}QQ")
    page.get_by_label("Given name", exact=True).fill(given)
    page.get_by_label("Family name", exact=True).fill(family)
    _fill_day(page, "Date of birth", date(1988, 2, 3))
    _fill_day(page, "Reception date", today - timedelta(days=received_days_ago))
    page.get_by_role("group", name="Legal status").get_by_label("Sentenced", exact=True).check()
    _fill_day(page, "Sentence date", today - timedelta(days=received_days_ago))
    page.get_by_label("Custodial term in days", exact=True).fill(str(received_days_ago + release_in_days))
    _fill_day(page, "Release date", today + timedelta(days=release_in_days))
    if release_area:
        page.get_by_label("Release area (optional)", exact=True).fill(release_area)
    page.get_by_role("button", name="Add case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{given} {family}")
