"""Measures dashboards at national scale: national, a jobcentre district and a prison, for a quarter and
for 12 months (run by hand; see docs/benchmarks.md).

    .venv/bin/python bench/dashboards.py [--repeat 20]

Reads the `onward_bench` database that bench/run.py builds (five years of releases, 360,000 custody
episodes); run that first. This script only migrates and reads: the pages are called as a national board
member and a district partnership manager who are never saved.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/onward_bench"


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
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("The benchmarks measure PostgreSQL: set BENCH_DATABASE_URL to a postgres:// URL.")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

    import django

    django.setup()
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from onward.accounts.constants import Role
    from onward.accounts.models import User
    from onward.cases.models import Case
    from onward.estate.models import Organisation
    from onward.insights import selectors, views
    from onward.insights.models import MonthCount
    from onward.insights.periods import Month, Quarter

    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        sys.exit("No cases: run bench/run.py first to build onward_bench.")

    today = date.today()
    quarter = Quarter.containing(today).previous()
    months = [Month.containing(today).previous()]
    while len(months) < 12:
        months.append(months[-1].previous())
    year_start, year_end = months[-1].start, months[0].end

    national = Organisation.objects.get(code="national")
    district = Organisation.objects.get(code="DWPEAN")
    busiest = (
        Case.objects.filter(status__in=selectors.RELEASED, discharge_date__gte=year_start, discharge_date__lte=year_end)
        .values("prison_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    prison = Organisation.objects.get(pk=busiest["prison_id"])
    # Never saved: the pages only need who is asking.
    board = User(username="bench.board", role=Role.PARTNERSHIP_BOARD, organisation=national, is_active=True)
    manager = User(username="bench.pm", role=Role.PARTNERSHIP_MANAGER, organisation=district, is_active=True)
    factory = RequestFactory()

    def page(view, user, params, *, cold):
        def run():
            if cold:
                cache.clear()
            request = factory.get("/measures/", params)
            request.user = user
            request.session = SessionStore()
            request._messages = FallbackStorage(request)
            request.csp_nonce = "bench"
            response = view(request)
            assert response.status_code == 200, (params, response.status_code)

        return run

    def selector(organisation, start, end):
        return lambda: selectors.measures_for(organisation=organisation, start=start, end=end, today=today)

    releases = Case.objects.filter(status__in=selectors.RELEASED).count()
    in_year = Case.objects.filter(
        status__in=selectors.RELEASED, discharge_date__gte=year_start, discharge_date__lte=year_end
    ).count()
    print(
        f"Data: {Case.objects.count():,} custody episodes, {releases:,} releases ({in_year:,} in the 12 months "
        f"{year_start} to {year_end}); busiest prison {prison.code} ({busiest['n']:,} releases in those months)."
    )
    with CaptureQueriesContext(connection) as queries:
        selectors.measures_for(organisation=None, start=quarter.start, end=quarter.end, today=today)
    print(f"One dashboard's measures: {len(queries.captured_queries)} queries.")
    print(f"Each figure: {args.repeat} runs, in-process server time (ms).")
    print(f"{'what':<84} {'median':>8} {'p95':>8}")
    quarter_params = {"period": str(quarter)}
    year_params = {"by": "month", "period": str(months[0])}
    pages = [
        (f"national (board), {quarter}", views.dashboard, board, quarter_params),
        (f"district DWPEAN (partnership manager), {quarter}", views.dashboard, manager, quarter_params),
        (
            f"prison {prison.code} beside national, {quarter}",
            views.dashboard,
            board,
            {**quarter_params, "org": prison.code},
        ),
        (f"national by month, {months[0]}", views.dashboard, board, year_params),
        (
            f"compare: national and the four signed prisons, {quarter}",
            views.compare,
            board,
            {**quarter_params, "org": list(selectors.SIGNED_PRISON_CODES)},
        ),
        (
            f"CSV download, prison {prison.code}, {quarter}",
            lambda request: views.dashboard_download(request, "csv"),
            board,
            {**quarter_params, "org": prison.code},
        ),
    ]

    def national_year_from_the_database():
        cache.clear()
        return selectors.measures_for(organisation=None, start=year_start, end=year_end, today=today, cached=True)

    # First with nothing kept anywhere (the first reader after a deploy with no nightly run yet),
    # then with today's counts kept in the database by warm_measures (the cache emptied each time),
    # then with the months in the cache too.
    MonthCount.objects.all().delete()
    counted_from_nothing = [
        (f"Measures, national, {quarter}", selector(None, quarter.start, quarter.end)),
        (f"Measures, district DWPEAN, {quarter}", selector(district, quarter.start, quarter.end)),
        (f"Measures, prison {prison.code}, {quarter}", selector(prison, quarter.start, quarter.end)),
        ("Measures, national, 12 months", selector(None, year_start, year_end)),
        ("Measures, district DWPEAN, 12 months", selector(district, year_start, year_end)),
        (f"Measures, prison {prison.code}, 12 months", selector(prison, year_start, year_end)),
        *((f"Page, nothing kept: {label}", page(view, user, params, cold=True)) for label, view, user, params in pages),
    ]
    kept = [
        *(
            (f"Page, counts kept in the database: {label}", page(view, user, params, cold=True))
            for label, view, user, params in pages
        ),
        ("Measures, national, 12 months, kept in the database", national_year_from_the_database),
        *((f"Page, months kept: {label}", page(view, user, params, cold=False)) for label, view, user, params in pages),
        (
            "Measures, national, 12 months, months kept",
            lambda: selectors.measures_for(organisation=None, start=year_start, end=year_end, today=today, cached=True),
        ),
    ]
    for label, function in counted_from_nothing:
        median, p95 = timed(function, args.repeat)
        print(f"{label:<84} {median:>8.1f} {p95:>8.1f}")
    started = time.perf_counter()
    call_command("warm_measures", "--months", "15", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"warm_measures --months 15 (the nightly run): {time.perf_counter() - started:.1f} s")
    for label, function in kept:
        median, p95 = timed(function, args.repeat)
        print(f"{label:<84} {median:>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
