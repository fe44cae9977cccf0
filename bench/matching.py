"""Matching at national scale: a whole prison's leavers against every open opportunity, and one opportunity
against everyone leaving prison in England and Wales (run by hand; see docs/benchmarks.md).

    .venv/bin/python bench/matching.py [--repeat 20] [--opportunities 2000]

Uses the `onward_bench` database that bench/run.py builds (90,000 open cases in 117 prisons); run that first.
Adds, once, synthetic work profiles for everyone in custody leaving within 12 weeks and ~2,000 opportunities
spread over the postcode districts the generated release areas use, then times the selectors the pages call.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
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
    parser.add_argument("--opportunities", type=int, default=2000)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("The benchmarks measure PostgreSQL: set BENCH_DATABASE_URL to a postgres:// URL.")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from onward.accounts.constants import Role
    from onward.accounts.services import organisation_for_code, user_save
    from onward.cases.constants import CaseStatus
    from onward.cases.models import Case
    from onward.employment import matching, selectors
    from onward.employment.constants import (
        OFFENCE_CATEGORIES,
        EmployerSector,
        JobSector,
        OffenceExclusion,
        OpportunityKind,
        ProfileStatus,
    )
    from onward.employment.models import Employer, Opportunity, WorkProfile
    from onward.estate.models import Organisation

    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        sys.exit("onward_bench has no cases yet: run bench/run.py first (it builds the national data set).")

    today = timezone.localdate()
    rng = random.Random(2026)
    sectors = JobSector.values
    leaving = Case.objects.filter(
        status=CaseStatus.IN_CUSTODY, discharge_date__gte=today, discharge_date__lte=today + timedelta(weeks=12)
    )

    # Synthetic work profiles, written in bulk like the case generator's rows (bench data, not anyone's work).
    missing = list(leaving.filter(work_profile__isnull=True).values_list("pk", "release_area"))
    if missing:
        started = time.monotonic()
        profiles = []
        for pk, area in missing:
            status = rng.choices(
                [
                    ProfileStatus.SUPPORT_NEEDED,
                    ProfileStatus.READY_TO_WORK,
                    ProfileStatus.SUPPORT_DECLINED,
                    ProfileStatus.NOT_STARTED,
                ],
                [55, 25, 10, 10],
            )[0]
            profiles.append(
                WorkProfile(
                    case_id=pk,
                    status=status,
                    sector_interests=rng.sample(sectors, rng.randint(1, 3)),
                    offence_categories=rng.sample(list(OFFENCE_CATEGORIES), 1) if rng.random() < 0.15 else [],
                    exclusion_zones=[area] if area and rng.random() < 0.05 else [],
                    rotl_eligible=rng.random() < 0.3,
                )
            )
        WorkProfile.objects.bulk_create(profiles, batch_size=5000)
        print(f"  {len(profiles):,} synthetic work profiles in {time.monotonic() - started:.0f}s")

    have = Opportunity.objects.count()
    if have < args.opportunities:
        started = time.monotonic()
        employers = list(Employer.objects.filter(name__startswith="Bench employer"))
        if not employers:
            Employer.objects.bulk_create(
                Employer(name=f"Bench employer {n}", sector=rng.choice(EmployerSector.values)) for n in range(300)
            )
            employers = list(Employer.objects.filter(name__startswith="Bench employer"))
        # Where jobs are: the districts people are released to, so distances are realistic.
        areas = list(Case.objects.exclude(release_area="").values_list("release_area", flat=True).distinct().order_by())
        prisons = list(Organisation.objects.filter(kind="prison", active=True).values_list("pk", flat=True))
        opportunities = []
        for n in range(have, args.opportunities):
            kind = rng.choices(OpportunityKind.values, [70, 10, 5, 10, 5])[0]
            national = kind != OpportunityKind.ROTL_PLACEMENT and rng.random() < 0.08
            area = "" if national else rng.choice(areas)
            opportunities.append(
                Opportunity(
                    kind=kind,
                    employer=rng.choice(employers),
                    title=f"Bench opportunity {n}",
                    sector=rng.choice(sectors),
                    national=national,
                    postcode=area,
                    outcode=area,
                    closing_date=today + timedelta(days=rng.randint(1, 120)),
                    offence_exclusions=rng.sample(OffenceExclusion.values, rng.randint(0, 2)),
                    prison_id=rng.choice(prisons) if kind == OpportunityKind.ROTL_PLACEMENT else None,
                )
            )
        Opportunity.objects.bulk_create(opportunities, batch_size=2000)
        print(f"  {len(opportunities):,} synthetic opportunities in {time.monotonic() - started:.0f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE employment_workprofile")
        cursor.execute("ANALYZE employment_opportunity")

    biggest = leaving.values("prison__code").order_by().annotate(n=Count("id")).order_by("-n").first()["prison__code"]
    lead = user_save(
        actor=None, username="bench.pel", role=Role.PRISON_EMPLOYMENT_LEAD, organisation=organisation_for_code(biggest)
    )[0]
    nfn = user_save(
        actor=None, username="bench.nfn", role=Role.EMPLOYER_ENGAGEMENT, organisation=organisation_for_code("national")
    )[0]
    people_here = leaving.filter(prison__code=biggest).count()
    open_count = selectors.open_opportunities(today=today).count()
    national_leavers = leaving.count()
    an_opportunity = Opportunity.objects.filter(national=False, kind=OpportunityKind.VACANCY).order_by("id").first()
    a_case = leaving.filter(prison__code=biggest).order_by("discharge_date", "id").first()

    # The pieces, to see where the time goes.
    cases_here = selectors.releasing(selectors.cases_visible_to(lead, today=today), today=today, weeks=12)
    people = selectors.person_facts(cases_here)
    opportunities = selectors.opportunity_facts(selectors.open_opportunities(today=today))
    distances = selectors.distances_for(people, opportunities)
    criteria = matching.Criteria(today=today, radius_miles=15)
    pairs = len(people) * len(opportunities)
    fitting = sum(s.total for s in matching.match_all(people, opportunities, criteria, distances, limit=3).values())

    def load_facts():
        selectors.person_facts(cases_here)
        selectors.opportunity_facts(selectors.open_opportunities(today=today))

    def match_in_memory():
        matching.match_all(people, opportunities, criteria, matching.Distances(distances.coordinates), limit=3)

    client = Client()
    client.force_login(lead)

    def leaving_page():
        response = client.get("/work/leaving/")
        assert response.status_code == 200, response.status_code

    rows = [
        (
            f"Prison-wide matches, every fit explained: {biggest}, {people_here:,} leaving in 12 weeks x {open_count:,} open opportunities",
            lambda: selectors.prison_matches(user=lead, weeks=12, radius_miles=15),
        ),
        (
            "Prison-wide matches as the page asks (nearest 3 a person explained, the rest counted)",
            lambda: selectors.prison_matches(user=lead, weeks=12, radius_miles=15, limit=3),
        ),
        ("  of which loading the facts (2 queries)", load_facts),
        (f"  of which matching in memory ({pairs:,} pairs before narrowing, {fitting:,} fit)", match_in_memory),
        ("Leaving soon page, first 25 people, rendered (/work/leaving/)", leaving_page),
        (
            f"One opportunity, who fits nationally (counts per prison): {national_leavers:,} leaving in 12 weeks",
            lambda: selectors.matches_for_opportunity(user=nfn, opportunity=an_opportunity, weeks=12, radius_miles=15),
        ),
        (
            f"One opportunity, who fits in {biggest} (named, with reasons)",
            lambda: selectors.matches_for_opportunity(user=lead, opportunity=an_opportunity, weeks=12, radius_miles=15),
        ),
        (
            "One person: every fit and 20 that do not, with reasons (matches_for_case)",
            lambda: selectors.matches_for_case(case=a_case, radius_miles=15, not_fitting_limit=20),
        ),
    ]
    print("\n| what | median ms | p95 ms |\n|---|---:|---:|")
    for label, function in rows:
        median, p95 = timed(function, args.repeat)
        print(f"| {label} | {median:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
