"""The feed from HMPPS at speed (run by hand; figures in docs/benchmarks.md).

    .venv/bin/python bench/feed.py                 # 10,000 events, then a 1,300-person prison reconciled
    .venv/bin/python bench/feed.py --events 2000 --people 300
    .venv/bin/python bench/feed.py --caseload-template onward_bench_feed_caseload  # generate once a day, reuse

On a fresh PostgreSQL database `onward_bench_feed` (dropped and made again
each run; BENCH_FEED_DATABASE_URL picks another), with the real estate, it
times:

1. `ingest_events` on a file of 10,000 HMPPS domain events against the fake
   HMPPS Auth and Prisoner Search answering each call in about 20 ms. The
   default (`--mix day`) is a day on top of a caseload already in Onward
   (7,000 people made by the synthetic generator at seven prisons): mostly
   temporary absences and court, sentence date changes each followed by the
   release date calculation's own event, then admissions, transfers,
   releases and duplicates; about a third of the events change a case.
   `--mix admissions` is the worst case: everyone new, seven events in ten a
   write;
2. `reconcile_nomis` for one prison of 1,300 people Onward has never seen
   (every case opened), then again when nothing has changed.

Beside each it measures a floor in the same run: the same Prisoner Search
calls alone, with the same overlap and no database.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/onward_bench_feed"
PRISONS = ["NWI", "WLI", "HBI", "RCI", "PFI", "HPI", "CDI"]
RECONCILED_PRISON = "MRI"


def fresh_database(url, template=None):
    """Drop and make the database again; from `template` (a saved caseload) when it exists. Answers whether
    it was made from the template."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = template and connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if exists else ""))
    return bool(exists)


def save_template(url, template):
    """Keep the database as it is now (the generated caseload) as `template`, for later runs the same day."""
    import psycopg
    from django.db import connections

    connections.close_all()
    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{template}" TEMPLATE "{parsed.path.lstrip("/")}"')


def wednesday_after(day):
    return day + timedelta(days=(2 - day.weekday()) % 7)


def person_number(n, suffix):
    return f"{'BCDFGH'[n // 10000 % 6]}{n % 10000:04d}{suffix}"


def build_events(total, today, rng):
    """A day's worth of the estate's events, in time order, and the Prisoner documents behind them."""
    from onward.feed import fake_hmpps

    people = max(1, total * 3 // 10)
    documents, timeline = {}, []
    start = datetime.combine(today - timedelta(days=1), datetime.min.time())
    for n in range(people):
        number = person_number(n, "BF")
        prison = PRISONS[n % len(PRISONS)]
        reception = today - timedelta(days=rng.randint(1, 60))
        release = wednesday_after(today + timedelta(days=rng.randint(30, 300)))
        documents[number] = {
            "number": number,
            "prison": prison,
            "reception": reception,
            "sentence_start": reception,
            "sentence_expiry": reception + timedelta(days=729),
            "conditional_release": release,
            "first_name": rng.choice(["ALEX", "SAM", "JORDAN", "CASEY", "RILEY"]),
            "last_name": f"BENCHPERSON{n}",
        }
        moment = start + timedelta(seconds=rng.randint(0, 20_000))
        timeline.append((moment, "admit", number, prison))
    kinds = ["dates"] * 20 + ["transfer"] * 10 + ["release"] * 10 + ["absence"] * 10 + ["recalc"] * 5 + ["dup"] * 5
    while len(timeline) < total:
        kind = rng.choice(kinds)
        number = person_number(rng.randrange(people), "BF")
        moment = start + timedelta(seconds=rng.randint(20_001, 80_000))
        timeline.append((moment, kind, number, documents[number]["prison"]))
    timeline.sort()
    lines, released, moved = [], set(), {}
    for index, (moment, kind, number, prison) in enumerate(timeline[:total]):
        where = moved.get(number, prison)
        if number in released and kind in ("transfer", "release", "absence"):
            kind = "dates"
        if kind == "admit":
            events = [fake_hmpps.received(number, prison=prison, occurred_at=moment)]
        elif kind == "dates":
            documents[number]["conditional_release"] = wednesday_after(
                documents[number]["conditional_release"] + timedelta(days=rng.randint(-14, 14))
            )
            events = [fake_hmpps.sentence_dates_changed(number, occurred_at=moment)]
        elif kind == "recalc":
            events = [fake_hmpps.release_dates_calculated(number, occurred_at=moment)]
        elif kind == "transfer":
            to = rng.choice([code for code in PRISONS if code != where])
            moved[number] = to
            documents[number]["prison"] = to
            events = [
                fake_hmpps.released(number, prison=where, reason="TRANSFERRED", occurred_at=moment),
                fake_hmpps.received(number, prison=to, reason="TRANSFERRED", occurred_at=moment + timedelta(hours=1)),
            ]
        elif kind == "release":
            released.add(number)
            documents[number]["status"] = "INACTIVE OUT"
            events = [fake_hmpps.released(number, prison=where, occurred_at=moment)]
        elif kind == "absence":
            events = [fake_hmpps.released(number, prison=where, reason="SENT_TO_COURT", occurred_at=moment)]
        else:
            events = None
            lines.append(lines[rng.randrange(len(lines))] if lines else "")
        for event in events or []:
            lines.append(json.dumps(fake_hmpps.sns_notification(event, message_id=f"bench-{index}-{len(lines)}")))
    return lines[:total], documents


DAY_MIX = [
    ("absence", 20),  # out and back: two events each
    ("dates", 12),  # sentence-dates-changed, then calculate-release-dates' own event
    ("admit", 8),
    ("transfer", 4),  # leaving and arriving: two events
    ("release", 8),
    ("same", 7),  # a recalculation that changed nothing
    ("dup", 5),
]


def caseload_documents(today):
    """A Prisoner document for every open case the synthetic generator made, as NOMIS would hold it."""
    from onward.cases.models import Case

    documents = {}
    for case in Case.objects.filter(status="in_custody").select_related("person", "prison"):
        person = case.person
        spec = {
            "number": person.prison_number,
            "prison": case.prison.code,
            "first_name": person.given_name,
            "last_name": person.family_name,
            "date_of_birth": person.date_of_birth,
            "reception": case.reception_date,
            "legal_status": {"remand": "REMAND", "recall": "RECALL"}.get(
                case.legal_status, "INDETERMINATE_SENTENCE" if case.indeterminate_sentence else "SENTENCED"
            ),
        }
        if case.legal_status != "remand":
            spec |= {
                "sentence_start": case.sentence_date,
                "sentence_expiry": case.sentence_date + timedelta(days=case.custodial_term_days - 1),
                "conditional_release": case.release_date,
                "hdc_actual": case.release_date if case.release_type == "hdc" else None,
                "actual_parole": case.release_date if case.release_type == "parole" else None,
                "post_recall_release": case.release_date if case.legal_status == "recall" else None,
            }
        documents[person.prison_number] = spec
    return documents


def build_day(total, today, rng, documents):
    """A day of the estate's events on an existing caseload, in time order; documents end as NOMIS would."""
    from onward.feed import fake_hmpps

    start = datetime.combine(today - timedelta(days=1), datetime.min.time())
    sentenced = [
        n for n, d in documents.items() if d["legal_status"] != "REMAND" and d["reception"] < today - timedelta(days=2)
    ]
    rng.shuffle(sentenced)
    kinds = [kind for kind, weight in DAY_MIX for _ in range(weight)]
    lines, new = [], 0

    def emit(event, index):
        lines.append(json.dumps(fake_hmpps.sns_notification(event, message_id=f"bench-day-{index}-{len(lines)}")))

    index = 0
    while len(lines) < total:
        index += 1
        kind = rng.choice(kinds)
        moment = start + timedelta(seconds=rng.randint(0, 80_000))
        if kind == "admit":
            new += 1
            number = person_number(new, "NF")
            prison = rng.choice(PRISONS)
            reception = today - timedelta(days=1)
            documents[number] = {
                "number": number,
                "prison": prison,
                "first_name": "NEW",
                "last_name": f"ARRIVAL{new}",
                "reception": reception,
                "sentence_start": reception,
                "sentence_expiry": reception + timedelta(days=364),
                "conditional_release": wednesday_after(today + timedelta(days=rng.randint(40, 180))),
            }
            emit(fake_hmpps.received(number, prison=prison, occurred_at=moment), index)
            continue
        if kind == "dup":
            if lines:
                lines.append(lines[rng.randrange(len(lines))])
            continue
        if not sentenced:
            continue
        number = sentenced.pop()
        spec = documents[number]
        if kind == "absence":
            reason = rng.choice(
                [("SENT_TO_COURT", "RETURN_FROM_COURT"), ("TEMPORARY_ABSENCE_RELEASE", "TEMPORARY_ABSENCE_RETURN")]
            )
            emit(fake_hmpps.released(number, prison=spec["prison"], reason=reason[0], occurred_at=moment), index)
            back = moment + timedelta(hours=6)
            emit(fake_hmpps.received(number, prison=spec["prison"], reason=reason[1], occurred_at=back), index)
        elif kind == "dates":
            spec["conditional_release"] = wednesday_after(
                spec["conditional_release"] + timedelta(days=rng.randint(7, 60))
            )
            spec["hdc_actual"] = spec["actual_parole"] = spec["post_recall_release"] = None
            if spec["legal_status"] == "RECALL":
                spec["post_recall_release"] = spec["conditional_release"]
            emit(fake_hmpps.sentence_dates_changed(number, occurred_at=moment), index)
            emit(fake_hmpps.release_dates_calculated(number, occurred_at=moment + timedelta(seconds=40)), index)
        elif kind == "same":
            emit(fake_hmpps.release_dates_calculated(number, occurred_at=moment), index)
        elif kind == "transfer":
            to = rng.choice([code for code in PRISONS if code != spec["prison"]])
            emit(fake_hmpps.released(number, prison=spec["prison"], reason="TRANSFERRED", occurred_at=moment), index)
            spec["prison"] = to
            arrived = moment + timedelta(hours=2)
            emit(fake_hmpps.received(number, prison=to, reason="TRANSFERRED", occurred_at=arrived), index)
        elif kind == "release":
            spec["status"] = "INACTIVE OUT"
            emit(fake_hmpps.released(number, prison=spec["prison"], occurred_at=moment), index)
    # Time order, as the topic delivers them (a duplicate stays where it was copied to).
    return lines[:total], documents


def prisoner_documents(documents):
    from onward.feed import fake_hmpps

    for spec in documents.values():
        spec = dict(spec)
        number = spec.pop("number")
        status = spec.pop("status", "ACTIVE IN")
        spec = {key: value for key, value in spec.items() if value is not None or key != "conditional_release"}
        yield fake_hmpps.prisoner_document(number, status=status, **spec)


def floor(search, numbers, workers):
    """The Prisoner Search calls alone, overlapped as the feed overlaps them."""
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(search.prisoner, numbers))
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=1_300, help="People at the reconciled prison.")
    parser.add_argument("--latency", type=float, default=0.020, help="Prisoner Search's answer time, seconds.")
    parser.add_argument("--mix", choices=["day", "admissions"], default="day")
    parser.add_argument("--caseload", type=int, default=7_000, help="Open cases before the day (--mix day).")
    parser.add_argument(
        "--caseload-template",
        metavar="DATABASE",
        help="Start from this saved database instead of generating the caseload (--mix day); when it does not "
        "exist, generate and save it there. The caseload is dated: use it on the day it was made. Nothing timed "
        "changes, only the minutes of generating it.",
    )
    args = parser.parse_args()

    url = os.environ.get("BENCH_FEED_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("The benchmarks measure PostgreSQL: set BENCH_FEED_DATABASE_URL to a postgres:// URL.")
    template = args.caseload_template if args.mix == "day" else None
    from_template = fresh_database(url, template)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings
    from django.utils import timezone

    from onward.cases.models import Case
    from onward.feed import fake_hmpps
    from onward.feed.models import FeedMessage
    from onward.feed.prisoner_search import PrisonerSearch

    today = timezone.localdate()
    rng = random.Random(2026)
    if from_template:
        print(f"caseload from {template}")
    else:
        call_command("migrate", verbosity=0)
        with open(os.devnull, "w") as quiet:
            call_command("load_estate", verbosity=0, stdout=quiet)
    if args.mix == "day":
        from onward.synthetic.lives import Lives

        if not from_template:
            lives = Lives(seed=2026, history_years=0)
            lives.run(lives.plan({code: args.caseload // len(PRISONS) for code in PRISONS}))
            if template:
                save_template(url, template)
        lines, documents = build_day(args.events, today, rng, caseload_documents(today))
    else:
        lines, documents = build_events(args.events, today, rng)
    print(
        f"{len(lines):,} events ({args.mix}) for {len(documents):,} people; "
        f"Prisoner Search answers in {args.latency * 1000:.0f} ms"
    )

    with fake_hmpps.FakeHmpps(latency=args.latency) as fake, override_settings(**fake.settings()):
        for document in prisoner_documents(documents):
            fake.put(document)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "events.jsonl"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            started = time.perf_counter()
            call_command("ingest_events", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115
            ingest_seconds = time.perf_counter() - started
        calls = fake.requests["prisoner"]
        most_at_once, most_for_one = fake.most_in_flight, fake.most_in_flight_for_one_prisoner
        with PrisonerSearch.from_settings() as search:
            search.prisoner(next(iter(documents)))
            numbers = (list(documents) * (calls // len(documents) + 1))[:calls]
            floor_seconds = floor(search, numbers, settings.FEED_CONCURRENCY)
        statuses = dict(
            FeedMessage.objects.values_list("status")
            .annotate(n=django.db.models.Count("pk"))
            .values_list("status", "n")
        )
        print(
            f"ingest_events: {ingest_seconds:.1f} s for {len(lines):,} events ({len(lines) / ingest_seconds:,.0f} a second); "
            f"{calls:,} Prisoner Search calls, at most {most_at_once} at once and "
            f"{most_for_one} for any one prisoner; {fake.token_requests} token(s); "
            f"{settings.FEED_WRITERS} writers"
        )
        print(f"  outcomes: {statuses}; open cases {Case.objects.filter(status='in_custody').count():,}")
        print(
            f"  floor: the same {calls:,} Prisoner Search calls alone, {settings.FEED_CONCURRENCY} at once: {floor_seconds:.1f} s"
        )

        for n in range(args.people):
            number = person_number(n, "RC")
            reception = today - timedelta(days=rng.randint(1, 700))
            fake.put(
                fake_hmpps.prisoner_document(
                    number,
                    prison=RECONCILED_PRISON,
                    first_name="ROBIN",
                    last_name=f"RECONCILED{n}",
                    reception=reception,
                    sentence_start=reception,
                    sentence_expiry=reception + timedelta(days=1460),
                    conditional_release=wednesday_after(today + timedelta(days=rng.randint(7, 700))),
                )
            )
        for label in ("first night (every case opened)", "next night (nothing changed)"):
            with tempfile.TemporaryFile(mode="w+") as out:
                started = time.perf_counter()
                call_command("reconcile_nomis", "--prison", RECONCILED_PRISON, stdout=out)
                seconds = time.perf_counter() - started
                out.seek(0)
                print(f"reconcile_nomis {RECONCILED_PRISON}, {label}: {seconds:.1f} s; {out.readline().strip()}")
        with PrisonerSearch.from_settings() as search:
            started = time.perf_counter()
            listed = sum(1 for _ in search.prisoners_in_prison(RECONCILED_PRISON))
            print(
                f"  floor: paging through the {listed:,} Prisoner documents alone: {time.perf_counter() - started:.2f} s"
            )
    print(f"(on {date.today():%Y-%m-%d}, {os.cpu_count()} cores, database {urlparse(url).path.lstrip('/')})")


if __name__ == "__main__":
    main()
