"""Every form, as every role that can reach it, filled with hostile values: never a 500, never half-written
(issue 12, section 2).

Each demo account starts at its home page and follows the links it is shown,
one page for each shape of address (`/cases/41/` stands for every case), and
fills in each form it finds, its search and filter forms as well as the forms
that change records:

- every text box, text area and date part with a NUL byte (the input guard's 400);
- every one with 100,000 characters (the input guard's 400);
- every one with text from the far corners of Unicode;
- each date with a huge day, month and year, and with 31 12 9999.

No answer may be a server error. An answer that did not go on (a redirect is
success) must have written nothing: every table holds the rows it held before
(the audit trail of reads aside).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client

from onward.accounts.demo import DEMO_ACCOUNTS
from onward.accounts.models import User

pytestmark = pytest.mark.django_db

NUL = "Rh\x00ys"
LONG = "x" * 100_000
UNICODE = "Ŵŷ ✓ 🏦 \u202etxet\u202c ᚠ 𝔘 ﷽ Ａ\u0301 \u200b"
HUGE = "9" * 30
# The pages that change a session or serve files, not forms: never followed.
NOT_FOLLOWED = re.compile(r"^/(sign-out|static|admin|api)/|\.(csv|xlsx|pdf)$|/download\.")
# Tables a read may add to: the audit trail of what was looked at, sessions, sign-in attempts.
READS_WRITE = {"audit_auditevent", "django_session", "axes_accesslog", "axes_accessattempt"}


class Page(HTMLParser):
    """The links and forms of a page: each form's method and action, and its fields as a browser would send them
    (the first choice of each radio group, checkbox and select standing for the rest)."""

    def __init__(self):
        super().__init__()
        self.links, self.forms = [], []
        self._form = self._select = self._textarea = None

    def _field(self, name, kind, value="", classes=""):
        if not any(field["name"] == name for field in self._form["fields"]):
            self._form["fields"].append({"name": name, "kind": kind, "value": value, "classes": classes})
        return self._form["fields"][-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "fields": []}
            self.forms.append(self._form)
        elif tag == "option" and self._select is not None:
            if not self._select["value"] and attrs.get("value"):
                self._select["value"] = attrs["value"]
        elif self._form is None or not attrs.get("name"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind not in ("submit", "button", "image", "file", "reset"):
                self._field(attrs["name"], kind, attrs.get("value") or "", attrs.get("class") or "")
        elif tag == "select":
            self._select = self._field(attrs["name"], "select")
        elif tag == "textarea":
            self._textarea = self._field(attrs["name"], "textarea")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parsed(html):
    page = Page()
    page.feed(html)
    return page


def shape(path):
    """`/cases/41/touchpoints/x/` and `/cases/42/touchpoints/x/` are one shape of address (the query aside)."""
    return re.sub(r"/\d+(?=/|$)", "/N", urlsplit(path).path)


TYPED = ("text", "textarea", "search", "email", "tel", "number", "url", "password")
DATE_PART = "govuk-date-input__input"


def filled(form, value=None, dates=None):
    """The form's fields as sent: each typed field given `value` (or left as shown), each date's parts `dates`."""
    data = {}
    for field in form["fields"]:
        if dates is not None and DATE_PART in field["classes"]:
            data[field["name"]] = dates[int(field["name"].rsplit("_", 1)[1])]
        elif value is not None and field["kind"] in TYPED:
            data[field["name"]] = value
        else:
            data[field["name"]] = field["value"] or ""
    return data


def variants(form):
    yield "NUL", filled(form, NUL)
    yield "100k characters", filled(form, LONG)
    yield "unicode", filled(form, UNICODE)
    if any(DATE_PART in field["classes"] for field in form["fields"]):
        yield "a huge day", filled(form, None, (HUGE, "1", "2026"))
        yield "a huge month", filled(form, None, ("1", HUGE, "2026"))
        yield "a huge year", filled(form, None, ("1", "1", HUGE))
        yield "31 12 9999", filled(form, None, ("31", "12", "9999"))


def rows_held():
    """How many rows each table holds (the audit trail of reads aside), counted in one round trip."""
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)} - READS_WRITE)
    # The table names come from the models, quoted: nothing in this query comes from a request.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def crawl(client, limit=120):
    """Every page of a distinct shape the account is shown a link to, from its home page: [(path, html)]."""
    seen, queue, pages = set(), ["/"], []
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if shape(path) in seen or NOT_FOLLOWED.search(urlsplit(path).path):
            continue
        seen.add(shape(path))
        response = client.get(path)
        if response.status_code >= 500:
            raise AssertionError(f"GET {path} answered {response.status_code}")
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        pages.append((path, html))
        for href in parsed(html).links:
            parts = urlsplit(urljoin(path, href))
            if not parts.netloc and parts.path.startswith("/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def test_every_form_every_role_can_reach_takes_hostile_values_without_a_500_or_a_half_write():
    call_command("load_demo", "--force", "--scale", "0.001")
    failures, forms_tried = [], set()
    for username, *_role in DEMO_ACCOUNTS:
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        for path, html in crawl(client):
            for form in parsed(html).forms:
                action = urljoin(path, form["action"] or path)
                if NOT_FOLLOWED.search(urlsplit(action).path) or not form["fields"]:
                    continue
                key = (username, form["method"], shape(action), tuple(sorted(f["name"] for f in form["fields"])))
                if key in forms_tried:
                    continue
                forms_tried.add(key)
                for label, data in variants(form):
                    before = rows_held()
                    send = client.post if form["method"] == "post" else client.get
                    response = send(urlsplit(action).path, data)
                    where = f"{username}: {form['method'].upper()} {action} with {label}"
                    if response.status_code >= 500:
                        failures.append(f"{where} answered {response.status_code}")
                    elif response.status_code not in (301, 302, 303) and rows_held() != before:
                        changed = {t: (n, rows_held()[t]) for t, n in before.items() if rows_held()[t] != n}
                        failures.append(f"{where} answered {response.status_code} but wrote {changed}")
    assert len(forms_tried) > 40, "the crawl found too few forms to be worth anything"
    assert failures == []
