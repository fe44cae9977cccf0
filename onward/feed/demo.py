"""The demo's day of the feed: made-up people admitted, moved, replanned, merged and released by NOMIS.

`load_demo` starts the built-in fake HMPPS Auth and Prisoner Search on
localhost, turns the shipped day (demo_day/events.jsonl, dated from today)
into the SNS notifications SQS would deliver, and plays them through
`manage.py ingest_events`: first the earlier days that put some people in
custody, then yesterday's events. Each message has a fixed id, so running it
again changes nothing; the administrators' feed page then shows the messages
that needed a person (an unknown prison, an unknown prisoner, a line that is
not an event).
"""

import json
import re
import tempfile
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path

from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import timezone

from onward.feed import fake_hmpps
from onward.feed.mapping import ENGLAND

DAY = Path(__file__).resolve().parent / "demo_day"
NAMESPACE = uuid.UUID("5f0c3c36-8a5e-4c47-9a1f-0d9c1b0e4a77")
RELATIVE = re.compile(r"@(-?\d+)(?: (\d\d):(\d\d))?")


def _render(value, today):
    """'@-3' is three days ago; '@-1 09:05' is yesterday at 09:05 in England."""
    if isinstance(value, dict):
        return {key: _render(item, today) for key, item in value.items()}
    if isinstance(value, list):
        return [_render(item, today) for item in value]
    match = RELATIVE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return value
    day = today + timedelta(days=int(match.group(1)))
    if match.group(2) is None:
        return day.isoformat()
    return datetime.combine(day, time(int(match.group(2)), int(match.group(3))), tzinfo=ENGLAND).isoformat()


def _document(spec, today):
    spec = _render({key: value for key, value in spec.items() if key != "_day"}, today)
    document = fake_hmpps.prisoner_document(
        spec["prisonerNumber"], prison=spec["prisonId"], legal_status=spec["legalStatus"]
    )
    document.update(spec)
    _settle(document)
    return document


def _settle(document):
    # Prisoner Search's releaseDate is the confirmed date or the most likely one.
    likely = document.get("confirmedReleaseDate") or document.get("conditionalReleaseDate")
    document.update(releaseDate=likely, nonDtoReleaseDate=document.get("conditionalReleaseDate"))


def _event(row, today):
    kind, number, where, reason, when = row
    occurred = _render(when, today)
    if kind == "received":
        return fake_hmpps.received(number, prison=where, reason=reason, occurred_at=occurred)
    if kind == "released":
        return fake_hmpps.released(number, prison=where, reason=reason, occurred_at=occurred)
    if kind == "sentence-dates-changed":
        return fake_hmpps.sentence_dates_changed(number, occurred_at=occurred)
    if kind == "calculate-release-dates":
        return fake_hmpps.release_dates_calculated(number, occurred_at=occurred)
    if kind == "merged":
        return fake_hmpps.merged(number, removed=where, occurred_at=occurred)
    raise ValueError(kind)


def _messages(today):
    """(days ago, the line SQS would deliver), in the file's order."""
    lines = (DAY / "events.jsonl").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        row = json.loads(line)
        if isinstance(row, str):
            yield 1, row
            continue
        message_id = str(uuid.uuid5(NAMESPACE, f"{index}:{line}"))
        days_ago = -int(RELATIVE.fullmatch(row[-1]).group(1))
        yield days_ago, json.dumps(fake_hmpps.sns_notification(_event(row, today), message_id=message_id))


def _play(lines, *, stdout, title, name):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        if stdout is not None:
            stdout.write(f"{title}\n")
        call_command("ingest_events", str(path), stdout=stdout, stderr=stdout)


def load_demo(*, stdout=None):
    """Play the demo's day of events through ingest_events against the built-in fake; safe to run again."""
    today = timezone.localdate()
    specs = json.loads((DAY / "prisoners.json").read_text(encoding="utf-8"))
    messages = list(_messages(today))
    with fake_hmpps.FakeHmpps() as fake, override_settings(**fake.settings()):
        for spec in specs:
            fake.put(_document(spec, today))
        _play(
            [line for days_ago, line in messages if days_ago > 1],
            stdout=stdout,
            title="The feed from NOMIS (demo): the earlier days",
            name="demo-earlier-days.jsonl",
        )
        for spec in specs:
            changes = _render(spec.get("_day", {}), today)
            if changes.pop("_removed", False):
                fake.remove(spec["prisonerNumber"])
            elif changes:
                document = fake.prisoners[spec["prisonerNumber"]]
                document.update(changes)
                _settle(document)
        _play(
            [line for days_ago, line in messages if days_ago <= 1],
            stdout=stdout,
            title="The feed from NOMIS (demo): yesterday",
            name="demo-yesterday.jsonl",
        )
