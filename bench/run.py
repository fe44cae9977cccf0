"""National-scale benchmarks for Onward (run by hand; see bench/README.md)."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/onward_bench"


def ensure_database(url, *, fresh=False):
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if fresh:
            # The audit trail refuses DELETE and TRUNCATE, so a rebuild starts from an empty database.
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def timed(function, repeat):
    function()  # warm caches and connections once
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--people", type=int, default=90_000)
    parser.add_argument("--rebuild", action="store_true", help="Drop the benchmark database and generate again.")
    parser.add_argument(
        "--biggest",
        type=int,
        default=0,
        help="Generate only the N biggest prisons of a --people estate, each at its national size "
        "(the per-prison pages at national density, in a fraction of the time); 0 for every prison.",
    )
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("The benchmarks measure PostgreSQL: set BENCH_DATABASE_URL to a postgres:// URL.")
    ensure_database(url, fresh=args.rebuild)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

    import django
    import django.utils.timezone

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from onward.accounts.constants import Role
    from onward.accounts.services import organisation_for_code, user_save
    from onward.cases.models import Case, Person
    from onward.journey.models import PlannedTouchpoint
    from onward.journey.selectors import case_facts, work_to_do
    from onward.journey.touchpoints import evaluate
    from onward.synthetic.lives import Lives
    from onward.synthetic.people import national_prison_sizes

    call_command("migrate", verbosity=0)
    call_command("load_estate", verbosity=0)
    if not Case.objects.exists():
        sizes = national_prison_sizes(args.people)
        if args.biggest:
            sizes = dict(sorted(sizes.items(), key=lambda item: -item[1])[: args.biggest])
        print(
            f"Generating {sum(sizes.values()):,} open cases in {len(sizes)} prisons (of a {args.people:,} estate) "
            "and five years of releases, through the services..."
        )
        started = time.monotonic()
        lives = Lives(history_years=5)
        total = lives.run(lives.plan(sizes))
        print(f"  {total:,} custody episodes ({lives.steps:,} steps) in {time.monotonic() - started:.0f}s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    prison = (
        Case.objects.filter(status="in_custody")
        .values("prison__code")
        .order_by()
        .annotate(n=django.db.models.Count("id"))
        .order_by("-n")
        .first()
    )
    prison_code = prison["prison__code"]
    users = {}
    for username, role, org in [
        ("bench.pwc", Role.PRISON_WORK_COACH, prison_code),
        ("bench.probation", Role.PROBATION_PRACTITIONER, "N56NOSU"),
        ("bench.board", Role.PARTNERSHIP_BOARD, "national"),
    ]:
        users[username] = user_save(actor=None, username=username, role=role, organisation=organisation_for_code(org))[
            0
        ]

    def client_for(username):
        client = Client()
        client.force_login(users[username])
        return client

    pwc, probation, board = client_for("bench.pwc"), client_for("bench.probation"), client_for("bench.board")
    a_case = Case.objects.filter(prison__code=prison_code, status="in_custody").order_by("discharge_date").first()

    def get(client, path):
        def run():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return run

    def sql(query, params):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                cursor.fetchall()

        return run

    def overdue_count():
        today = django.utils.timezone.localdate()
        PlannedTouchpoint.objects.filter(work_to_do(today), due_on__lt=today).count()

    def evaluate_every_open_case():
        """Every open case's touchpoints from its facts: the pure rules at national scale."""
        started = time.perf_counter()
        evaluated = touchpoints = 0
        today = django.utils.timezone.localdate()
        for case in Case.objects.filter(status="in_custody").iterator(chunk_size=5000):
            touchpoints += len(evaluate(case_facts(case, starts_uc_claims_in_custody=False), as_of=today))
            evaluated += 1
        seconds = time.perf_counter() - started
        print(
            f"Evaluated every open case's touchpoints: {evaluated:,} cases, {touchpoints:,} touchpoints in "
            f"{seconds:.1f}s ({seconds / max(evaluated, 1) * 1e6:.0f} µs a case, including reading the cases)"
        )

    open_cases = Case.objects.filter(status="in_custody").count()
    print(
        f"Data: {Person.objects.count():,} people, {Case.objects.count():,} custody episodes "
        f"({open_cases:,} open) in {Case.objects.values('prison').distinct().count()} prisons; "
        f"biggest prison {prison_code} with {prison['n']:,} open cases."
    )
    print(f"Each figure: {args.repeat} requests, in-process server time (ms).")
    print(f"{'what':<58} {'median':>8} {'p95':>8}")
    rows = [
        (f"Case list, first page ({prison_code}, prison work coach)", get(pwc, "/cases/")),
        ("Case list, search by family name", get(pwc, "/cases/?q=smith")),
        ("Case list, sorted by name, page 20", get(pwc, "/cases/?sort=name&order=desc&page=20")),
        ("Case page", get(pwc, f"/cases/{a_case.pk}/")),
        ("API case list, page 2", get(pwc, "/api/v1/cases/?page=2")),
        ("Home page (prison work coach)", get(pwc, "/")),
        ("Case list, first page (Norfolk PDU, probation)", get(probation, "/cases/")),
        ("Home page (partnership board, national totals)", get(board, "/")),
        (
            "Floor: hand-written SQL for the case list first page",
            sql(
                """SELECT c.id, p.prison_number, p.given_name, p.family_name, c.reception_date, c.discharge_date, c.status
                   FROM cases_case c JOIN cases_person p ON p.id = c.person_id
                   JOIN estate_organisation o ON o.id = c.prison_id
                   WHERE o.code = %s AND (c.status = 'in_custody' OR c.discharge_date >= CURRENT_DATE - 200)
                   ORDER BY c.discharge_date, c.id LIMIT 25""",
                [prison_code],
            ),
        ),
        (
            "Floor: hand-written SQL for the national totals",
            sql(
                """SELECT count(*) FILTER (WHERE status = 'in_custody'),
                          count(*) FILTER (WHERE status = 'in_custody' AND discharge_date BETWEEN CURRENT_DATE AND CURRENT_DATE + 84)
                   FROM cases_case""",
                [],
            ),
        ),
    ]
    worklist_sql = """
        SELECT p.id, p.code, p.due_on, pe.prison_number, pe.given_name, pe.family_name, c.discharge_date
        FROM journey_plannedtouchpoint p
        JOIN cases_case c ON c.id = p.case_id
        JOIN cases_person pe ON pe.id = c.person_id
        WHERE p.owner_role = 'prison_work_coach' AND p.live AND p.outcome = ''
          AND (p.closes_on IS NULL OR p.closes_on >= CURRENT_DATE) AND c.prison_id = %s
          AND (c.status = 'in_custody' OR c.discharge_date >= CURRENT_DATE - 200)
          AND p.opens_on <= CURRENT_DATE + 14
        ORDER BY p.due_on, p.id LIMIT 25"""
    worklist_counts_sql = """
        SELECT count(*),
               count(*) FILTER (WHERE p.due_on < CURRENT_DATE),
               count(*) FILTER (WHERE p.opens_on <= CURRENT_DATE AND p.due_on BETWEEN CURRENT_DATE AND CURRENT_DATE + 6),
               count(*) FILTER (WHERE p.opens_on <= CURRENT_DATE AND p.due_on > CURRENT_DATE + 6),
               count(*) FILTER (WHERE p.opens_on > CURRENT_DATE)
        FROM journey_plannedtouchpoint p JOIN cases_case c ON c.id = p.case_id
        WHERE p.owner_role = 'prison_work_coach' AND p.live AND p.outcome = ''
          AND (p.closes_on IS NULL OR p.closes_on >= CURRENT_DATE) AND c.prison_id = %s
          AND (c.status = 'in_custody' OR c.discharge_date >= CURRENT_DATE - 200)
          AND p.opens_on <= CURRENT_DATE + 14"""

    def both(*runs):
        def run():
            for each in runs:
                each()

        return run

    prison_id = a_case.prison_id
    case_floor = both(
        *(
            sql(query, [a_case.pk])
            for query in (
                "SELECT * FROM cases_case c JOIN cases_person p ON p.id = c.person_id WHERE c.id = %s",
                "SELECT * FROM journey_plannedtouchpoint WHERE case_id = %s ORDER BY due_on",
                "SELECT * FROM journey_touchpointrecord WHERE case_id = %s",
                "SELECT * FROM journey_timelineentry WHERE case_id = %s ORDER BY id DESC",
                "SELECT * FROM readiness_idapplication WHERE case_id = %s",
                "SELECT * FROM readiness_bankapplication WHERE case_id = %s",
                "SELECT * FROM readiness_jobcentreappointment WHERE case_id = %s",
                "SELECT * FROM readiness_universalcreditrecord WHERE case_id = %s",
                "SELECT * FROM handover_handover WHERE case_id = %s",
                "SELECT * FROM handover_referral WHERE case_id = %s",
            )
        )
    )
    rows += [
        ("Floor: hand-written SQL reading the case page's records", case_floor),
        (f"Worklist page ({prison_code}, prison work coach)", get(pwc, "/worklist/")),
        ("Worklist, overdue only", get(pwc, "/worklist/?bucket=overdue")),
        ("Floor: hand-written SQL for the worklist first page", sql(worklist_sql, [prison_id])),
        (
            "Floor: the worklist page's answers (rows and tab counts)",
            both(sql(worklist_sql, [prison_id]), sql(worklist_counts_sql, [prison_id])),
        ),
        ("Worklist page (Norfolk PDU, probation)", get(probation, "/worklist/")),
        ("Estate-wide overdue count (ORM)", overdue_count),
        (
            "Floor: hand-written SQL for the estate-wide overdue count",
            sql(
                "SELECT count(*) FROM journey_plannedtouchpoint WHERE live AND outcome = '' AND due_on < CURRENT_DATE"
                " AND (closes_on IS NULL OR closes_on >= CURRENT_DATE)",
                [],
            ),
        ),
    ]
    for label, run in rows:
        try:
            median, p95 = timed(run, args.repeat)
        except AssertionError as error:
            print(f"{label:<58} not available ({error})")
            continue
        print(f"{label:<58} {median:8.1f} {p95:8.1f}")
    evaluate_every_open_case()


if __name__ == "__main__":
    main()
