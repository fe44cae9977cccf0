"""The feed's fixtures: a fake HMPPS Auth and Prisoner Search on localhost, and a client for it."""

import json
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from onward.accounts.system import NOMIS_FEED
from onward.cases import selectors as case_selectors
from onward.cases.constants import CaseStatus
from onward.feed.constants import FED_FIELDS
from onward.feed.fake_hmpps import FakeHmpps
from onward.feed.mapping import ENGLAND
from onward.feed.prisoner_search import PrisonerSearch

TODAY = date.today()


def at(day, hour=9, minute=30):
    """An occurredAt in England on that day."""
    return datetime.combine(day, time(hour, minute), tzinfo=ENGLAND)


@pytest.fixture(autouse=True)
def feed_may_change_fed_fields(monkeypatch):
    """Stands in for one line the lead is adding to cases.selectors.case_editable_fields.

    Today the NOMIS feed's actor has no role, so case_update refuses it every
    field. The agreed change (docs/adr/0012-fed-by-nomis.md, "What cases must
    grant") lets an actor that acts for every prison change the fed fields of
    an open case. Once it lands this fixture does nothing, and can go.
    """
    probe = SimpleNamespace(status=CaseStatus.IN_CUSTODY)
    if set(FED_FIELDS) <= case_selectors.case_editable_fields(user=NOMIS_FEED, case=probe):
        return
    original = case_selectors.case_editable_fields

    def with_the_feed(*, user, case):
        if getattr(user, "acts_for_every_prison", False):
            return frozenset(FED_FIELDS) if case.status == CaseStatus.IN_CUSTODY else frozenset()
        return original(user=user, case=case)

    monkeypatch.setattr(case_selectors, "case_editable_fields", with_the_feed)


@pytest.fixture
def fake(settings):
    with FakeHmpps() as server:
        for name, value in server.settings().items():
            setattr(settings, name, value)
        settings.FEED_CONCURRENCY = 4
        yield server


@pytest.fixture
def search(fake):
    with PrisonerSearch.from_settings() as client:
        yield client


@pytest.fixture
def ingest(tmp_path, fake):
    """Run `manage.py ingest_events` on these messages (dicts, or raw bytes/str lines); answers its output."""

    def run(*messages, retry=False):
        path = tmp_path / f"events-{len(list(tmp_path.iterdir()))}.jsonl"
        with open(path, "wb") as handle:
            for message in messages:
                if isinstance(message, dict):
                    message = json.dumps(message)
                handle.write((message.encode() if isinstance(message, str) else message) + b"\n")
        out = _Output()
        arguments = [str(path)] if messages else []
        call_command("ingest_events", *arguments, *(["--retry"] if retry else []), stdout=out, stderr=out)
        return out.getvalue()

    return run


class _Output:
    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    def getvalue(self):
        return "".join(self.parts)


def days(n):
    return timedelta(days=n)
