"""The feed's fixtures: a fake HMPPS Auth and Prisoner Search on localhost, and a client for it."""

import json
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from onward.feed.fake_hmpps import FakeHmpps
from onward.feed.mapping import ENGLAND
from onward.feed.prisoner_search import PrisonerSearch

TODAY = date.today()


def at(day, hour=9, minute=30):
    """An occurredAt in England on that day.

    The feed sets aside events from the future, and before half past nine "today at half past nine" would be
    one: a time today that is still to come is squeezed into the part of today gone by, keeping the day and
    the order of the times asked for."""
    asked = datetime.combine(day, time(hour, minute), tzinfo=ENGLAND)
    now = timezone.localtime(timezone=ENGLAND)
    if asked <= now or day != now.date():
        return asked
    midnight = datetime.combine(day, time(0), tzinfo=ENGLAND)
    return midnight + (asked - midnight) * ((now - midnight) / timedelta(days=1))


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
def ingest(tmp_path, fake, committed):
    """Run `manage.py ingest_events` on these messages (dicts, or raw bytes/str lines); answers its output.

    As a run commits as it goes, what it announces is delivered (plans, handover flags) before it answers."""

    def run(*messages, retry=False):
        path = tmp_path / f"events-{len(list(tmp_path.iterdir()))}.jsonl"
        with open(path, "wb") as handle:
            for message in messages:
                if isinstance(message, dict):
                    message = json.dumps(message)
                handle.write((message.encode() if isinstance(message, str) else message) + b"\n")
        out = _Output()
        arguments = [str(path)] if messages else []
        with committed():
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
