"""Aggregates for roles that never see a named person: the board, partnership
managers, employer engagement and prisons' own totals. Every count of people
leaves this module rounded by onward.disclosure (docs/adr/0016): parts rounded
along a fixed order, totals the sums of the parts. Also the one place that
decides who sees which organisation's measures."""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Case as DjangoCase
from django.db.models import Count, F, FilteredRelation, IntegerField, Q, Value, When
from django.db.models.functions import TruncMonth
from django.http import Http404

from onward.accounts.constants import PRISON_ROLES, Role
from onward.accounts.models import User
from onward.cases.constants import CaseStatus, LegalStatus
from onward.cases.models import Case
from onward.disclosure import Figure, rate, rounded_vectors_along, sum_of
from onward.employment.models import EmploymentCheck
from onward.estate.constants import NATIONAL_CODE, OrganisationKind
from onward.estate.models import Organisation
from onward.handover.constants import HandoverStatus
from onward.handover.models import Handover
from onward.insights.constants import PRE_RELEASE_SUPPORT_LEAD, UC_CLAIMS_IN_CUSTODY_COMMITMENT, Cohort
from onward.insights.measures import CATALOGUE, EMPLOYMENT_MEASURES, IN_WORK, NOT_KNOWN, Measure, rate_text
from onward.insights.models import MonthCount
from onward.insights.periods import Month
from onward.journey.constants import Outcome
from onward.journey.models import PlannedTouchpoint, PrisonJourneySettings
from onward.journey.selectors import work_to_do

RELEASE_WINDOW = timedelta(weeks=12)


CUSTODY_GROUP = ("prison_id", "handed_over_to__parent_id", "pdu__parent_id")
CUSTODY_COUNTERS = ("in_custody", "releasing_soon", "released_last_12_weeks", "remand")


def _in_order(key):
    """A fixed order for the parts of a published total that does not depend on their counts."""
    return tuple((value is None, value if value is not None else 0) for value in key)


def _custody_atoms(*, today):
    """People in custody (and released in the last 12 weeks) per prison, jobcentre district handed over to and
    probation region, each part rounded along one national order (onward.disclosure.rounded_along).

    Every page that shows these counts adds up these parts, so the national figure, a district's, a
    partnership manager's prisons and each prison agree, and none can be subtracted from another to
    reveal a count from 1 to 4.
    """
    in_custody = Q(status=CaseStatus.IN_CUSTODY)
    released = Q(
        status__in=[CaseStatus.RELEASED, CaseStatus.RECALLED],
        discharge_date__gte=today - RELEASE_WINDOW,
        discharge_date__lte=today,
    )
    rows = (
        Case.objects.filter(in_custody | released)
        .values(*CUSTODY_GROUP)
        .annotate(
            in_custody=Count("id", filter=in_custody),
            releasing_soon=Count(
                "id", filter=in_custody & Q(discharge_date__gte=today, discharge_date__lte=today + RELEASE_WINDOW)
            ),
            released_last_12_weeks=Count("id", filter=released),
            remand=Count("id", filter=in_custody & Q(legal_status=LegalStatus.REMAND)),
        )
        .order_by()
    )
    raw = {tuple(row[name] for name in CUSTODY_GROUP): [row[name] for name in CUSTODY_COUNTERS] for row in rows}
    keys = sorted(raw, key=_in_order)
    return dict(zip(keys, rounded_vectors_along([raw[key] for key in keys]), strict=True))


def _custody_member(organisation):
    if organisation is None or organisation.kind == OrganisationKind.NATIONAL:
        return lambda key: True
    place = {OrganisationKind.PRISON: 0, OrganisationKind.JOBCENTRE_DISTRICT: 1, OrganisationKind.PROBATION_REGION: 2}
    if organisation.kind not in place:
        return lambda key: False
    return lambda key: key[place[organisation.kind]] == organisation.pk


def _custody_figures(atoms, member):
    totals = [0] * len(CUSTODY_COUNTERS)
    for key, values in atoms.items():
        if member(key):
            totals = [a + b for a, b in zip(totals, values, strict=True)]
    return {name: Figure(value) for name, value in zip(CUSTODY_COUNTERS, totals, strict=True)}


def organisation_figures(*, user, today=None):
    """The totals on an aggregate role's home page, for their own organisation (rounded, see _custody_atoms)."""
    today = today or date.today()
    if user.organisation is None:
        return {name: Figure(0) for name in CUSTODY_COUNTERS}
    return _custody_figures(_custody_atoms(today=today), _custody_member(user.organisation))


def prison_figures(prisons, *, today=None):
    """Per prison, people in custody and leaving in the next 12 weeks, with the totals: the prisons' own parts
    of the national figures, so the totals are their sums and nothing can be worked out by subtraction."""
    today = today or date.today()
    prisons = list(prisons)
    atoms = _custody_atoms(today=today)
    rows = []
    for prison in prisons:
        figures = _custody_figures(atoms, _custody_member(prison))
        rows.append(
            {"prison": prison, "in_custody": figures["in_custody"], "releasing_soon": figures["releasing_soon"]}
        )
    totals = {name: sum_of([row[name] for row in rows]) for name in ("in_custody", "releasing_soon")}
    return rows, totals


def prisons_by_releases(*, today=None, limit=None):
    """Per prison: people in custody and releases in the next 12 weeks (for the board), ordered by the
    rounded figures, so the order says no more than the figures do."""
    today = today or date.today()
    per_prison = {}
    for key, values in _custody_atoms(today=today).items():
        if key[0] is None:
            continue
        mine = per_prison.setdefault(key[0], [0] * len(CUSTODY_COUNTERS))
        per_prison[key[0]] = [a + b for a, b in zip(mine, values, strict=True)]
    prisons = Organisation.objects.in_bulk([pk for pk, values in per_prison.items() if values[0]])
    rows = [
        {
            "prison": prisons[pk],
            "in_custody": Figure(per_prison[pk][0]),
            "releasing_soon": Figure(per_prison[pk][1]),
        }
        for pk in prisons
    ]
    rows.sort(key=lambda row: (-row["releasing_soon"].value, -row["in_custody"].value, row["prison"].name))
    return rows[:limit] if limit else rows


def estate_summary():
    """For administrators: how much of each kind of record the service holds."""
    organisations = dict(
        Organisation.objects.filter(active=True).values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    users = dict(
        User.objects.filter(is_active=True).values_list("role").annotate(n=Count("id")).values_list("role", "n")
    )
    return {
        "organisations": [(label, organisations.get(kind, 0)) for kind, label in OrganisationKind.choices],
        "users": users,
        "user_total": sum(users.values()),
    }


# --- measures ------------------------------------------------------------------------------
#
# Every measure is counted with a few grouped queries over the releases of a
# period, grouped by prison, the jobcentre district of the jobcentre the case
# was handed over to, the probation region of its PDU, and the person's cohort
# flags; the groups are then added up in Python for each organisation (or all
# of them, nationally). So comparing several organisations costs no more
# queries than one. A group's counters are a list in COUNTERS order.

GROUP = (
    "prison_id",
    "handed_over_to__parent_id",
    "pdu__parent_id",
    *(f"person__{cohort}" for cohort in Cohort.values),
)
# Keys are (discharge month "YYYY-MM", *GROUP), so a range's counts split into its months.
FIRST_FLAG = 1 + len(GROUP) - len(Cohort.values)
COUNTERS = (
    "releases",
    "eligible",
    "with_id",
    "with_bank",
    "with_ni",
    "pre_release_on_time",
    "appointment_booked",
    "appointment_attended",
    "uc_claim_by_release",
    "advance_requested",
    "advance_on_the_day",
    "handed_over",
    "handover_on_time",
    "overdue",
    *(f"{kind}_{check}" for check in ("6w", "6m") for kind in ("checked", "known", "employed")),
)
AT = {name: index for index, name in enumerate(COUNTERS)}
RELEASED = (CaseStatus.RELEASED, CaseStatus.RECALLED)
# The pages keep a month's counts this long: counting a year of national releases takes about
# a second, and aggregates a few minutes old serve the board as well as live ones.
CACHE_SECONDS = 300
MEASURED_TOUCHPOINTS = (
    "id-documents",
    "bank-account",
    "ni-number",
    "pre-release-support",
    "jobcentre-appointment",
    "first-jobcentre-attendance",
    "uc-claim",
    "advance-payment",
)


@dataclass(frozen=True)
class CohortRow:
    cohort: str
    label: str
    numerator: Figure
    denominator: Figure | None
    rate_text: str
    others_numerator: Figure
    others_denominator: Figure | None
    others_rate_text: str


@dataclass(frozen=True)
class MeasureRow:
    measure: Measure
    numerator: Figure
    denominator: Figure | None
    rate_text: str
    cohorts: tuple = ()

    @property
    def rate(self):
        """The rate from the rounded counts, 0 to 1, for charts; None when there is too little to say one."""
        return rate(self.numerator, self.denominator)


def _released_in(start, end, prefix=""):
    return Q(
        **{f"{prefix}status__in": RELEASED, f"{prefix}discharge_date__gte": start, f"{prefix}discharge_date__lte": end}
    )


def _eligible(prefix=""):
    """Sentenced and released to the community: whom the pre-release touchpoints apply to."""
    return Q(**{f"{prefix}released_to_community": True}) & ~Q(**{f"{prefix}legal_status": LegalStatus.REMAND})


def _key(row, prefix=""):
    month = row.get("discharge_month")
    # PostgreSQL gives a date, SQLite through raw SQL a string: either way its first 7 characters.
    return (str(month)[:7] if month is not None else None, *(row[f"{prefix}{name}"] for name in GROUP))


def _add(tallies, rows, prefix, counters):
    places = [(AT[counter], counter) for counter in counters]
    for row in rows:
        key = _key(row, prefix)
        bucket = tallies.get(key)
        if bucket is None:
            bucket = tallies[key] = [0] * len(COUNTERS)
        for place, counter in places:
            bucket[place] += row[counter] or 0


def _group(prefix):
    return [f"{prefix}{name}" for name in GROUP]


@contextmanager
def _tuned_for_counting():
    """PostgreSQL compiles queries it costs as big (a year of releases) to machine code, which takes
    longer than running them (200 ms of 1.1 s on the benchmark), and sorts them on disk with the
    default working memory; these grouped counts run better interpreted and in memory. SET LOCAL
    lasts to the end of the transaction, so open one."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                # A year's releases grouped per case spills the default 4 MB to disk: 1.4 s became 0.6 s.
                cursor.execute("SET LOCAL work_mem = '64MB'")
        yield


def _period_tallies(*, start, end, today):
    """Counters per group for the releases discharged from `start` to `end` (inclusive)."""
    with _tuned_for_counting():
        return _counted_period(start=start, end=end, today=today)


def _counted_period(*, start, end, today):
    tallies = {}
    _add_releases(tallies, start=start, end=end)
    handover_counts = (
        Handover.objects.filter(_released_in(start, end, "case__"))
        .exclude(status=HandoverStatus.REVOKED)
        .annotate(discharge_month=TruncMonth("case__discharge_date"))
        .values("discharge_month", *_group("case__"))
        .annotate(
            # Not yet accepted and still inside its deadline: neither on time nor late yet.
            handed_over=Count("case", distinct=True, filter=Q(accepted_at__isnull=False) | Q(accept_by__lt=today)),
            handover_on_time=Count("case", distinct=True, filter=Q(accepted_at__date__lte=F("accept_by"))),
        )
        .order_by()
    )
    _add(tallies, handover_counts, "case__", ("handed_over", "handover_on_time"))
    _add_employment(tallies, start=start, end=end)
    return tallies


def _overdue_tallies(*, today):
    """Overdue touchpoints as of today, per prison, district and region (no cohort flags: it counts touchpoints)."""
    plan_counts = (
        # Every role listed so the worklists' (owner_role, outcome, due_on) index answers: only the
        # overdue plans are read, never the whole plan of every live case.
        PlannedTouchpoint.objects.filter(work_to_do(today), owner_role__in=Role.values, due_on__lt=today)
        .values(*_group("case__")[: -len(Cohort.values)])
        .annotate(overdue=Count("id"))
        .order_by()
    )
    tallies = {}
    no_flags = {f"case__{name}": False for name in GROUP[-len(Cohort.values) :]}
    with _tuned_for_counting():
        _add(tallies, ({**row, **no_flags} for row in plan_counts), "case__", ("overdue",))
    return tallies


def _merge(tallies, more):
    for key, counts in more.items():
        mine = tallies.get(key)
        tallies[key] = list(counts) if mine is None else [a + b for a, b in zip(mine, counts, strict=True)]


def _whole_months(start, end):
    """The calendar months from `start` to `end` when they are exactly whole months, else None."""
    if start.day != 1 or end < start or Month.containing(end).end != end:
        return None
    months, month = [], Month.containing(start)
    while month.start <= end:
        months.append(month)
        month = month.next()
    return months


def _cached(key, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def count_months(months, *, today):
    """Each month's grouped counts, in one query over the run of months: {month: tallies}."""
    counted = _period_tallies(start=months[0].start, end=months[-1].end, today=today)
    by_month = {month: {} for month in months}
    for key, counts in counted.items():
        by_month[Month.parse(key[0])][key] = counts
    return by_month


def _stored_months(months, *, today):
    """Months counted today and kept in the database (see warm_measures), laid out as COUNTERS is now."""
    rows = MonthCount.objects.filter(month__in=[month.start for month in months], counted_on=today)
    return {
        Month.containing(row.month): {tuple(key): counts for key, counts in row.tallies}
        for row in rows
        if row.counters == list(COUNTERS)
    }


def month_cache_keys(month, today):
    """Where the pages keep a month's counts as counted today: the raw groups, and the same published."""
    return [f"insights:tallies:{month}:{today}", f"insights:published:{month}:{today}"]


def _kept_months(months, *, today):
    """Each of a run of whole months' groups: from the cache, else today's stored counts, else counted."""
    keys = {month: month_cache_keys(month, today)[0] for month in months}
    found = cache.get_many(list(keys.values()))
    kept = {month: found.get(keys[month]) for month in months}
    missing = [month for month in months if kept[month] is None]
    if missing:
        fresh = _stored_months(missing, today=today)
        still = [month for month in missing if month not in fresh]
        if still:
            # The run from the first to the last month not found: cheaper than a query a month.
            run = [month for month in months if still[0] <= month <= still[-1]]
            fresh.update({month: counts for month, counts in count_months(run, today=today).items() if month in still})
        cache.set_many({keys[month]: counts for month, counts in fresh.items()}, CACHE_SECONDS)
        kept.update(fresh)
    return kept


def release_tallies(*, start, end, today=None, cached=False):
    """Counters per group of releases discharged from `start` to `end` (inclusive), and today's overdue plans.

    With `cached` (the pages), a range of whole months is read a month at a time: from the
    cache (kept CACHE_SECONDS), else from today's stored counts (warm_measures), else counted,
    so a quarter, the quarter before it and a 12-month range share their months; only months
    found nowhere are counted, in one query.
    """
    today = today or date.today()
    months = _whole_months(start, end) if cached else None
    if months is None:
        tallies = _period_tallies(start=start, end=end, today=today)
        _merge(tallies, _overdue_tallies(today=today))
        return tallies
    kept = _kept_months(months, today=today)
    tallies = {}
    for month in months:
        _merge(tallies, kept[month])
    _merge(tallies, _cached(f"insights:overdue:{today}", lambda: _overdue_tallies(today=today)))
    return tallies


# Per release, what its touchpoints' plans show done (a count of 0 or 1 each): the same derivation the
# case page and worklists read, so a touchpoint done by its record counts, and missed work does not.
_PER_RELEASE = {
    "id_done": lambda d: Q(done__code="id-documents", done__done_on__lte=d),
    "bank_done": lambda d: Q(done__code="bank-account", done__done_on__lte=d),
    "ni_done": lambda d: Q(done__code="ni-number", done__done_on__lte=d),
    "pre": lambda d: Q(done__code="pre-release-support", done__done_on__lte=d - PRE_RELEASE_SUPPORT_LEAD),
    "booked": lambda d: Q(done__code="jobcentre-appointment", done__done_on__lt=d),
    "attended": lambda d: Q(done__code="first-jobcentre-attendance"),
    "claimed": lambda d: Q(done__code="uc-claim", done__done_on__lte=d),
    "paid": lambda d: Q(done__code="advance-payment", done__done_on=d),
}
# The counters, summed over releases: plain SQL over the per-release columns above, the same on
# PostgreSQL and SQLite. Each mirrors a rule in measures.counters_for_release.
_RELEASE_COUNTERS = {
    "releases": "1",
    "eligible": "eligible",
    "with_id": "CASE WHEN has_right_to_work_id OR id_done > 0 THEN 1 ELSE 0 END",
    "with_bank": "CASE WHEN has_bank_account OR bank_done > 0 THEN 1 ELSE 0 END",
    "with_ni": "CASE WHEN has_ni_number OR ni_done > 0 THEN 1 ELSE 0 END",
    "pre_release_on_time": "CASE WHEN eligible = 1 AND pre > 0 THEN 1 ELSE 0 END",
    "appointment_booked": "CASE WHEN eligible = 1 AND booked > 0 THEN 1 ELSE 0 END",
    "appointment_attended": "CASE WHEN eligible = 1 AND booked > 0 AND attended > 0 THEN 1 ELSE 0 END",
    "uc_claim_by_release": "CASE WHEN eligible = 1 AND claimed > 0 THEN 1 ELSE 0 END",
    "advance_requested": "CASE WHEN asked > 0 THEN 1 ELSE 0 END",
    "advance_on_the_day": "CASE WHEN asked > 0 AND paid > 0 THEN 1 ELSE 0 END",
}


def _add_releases(tallies, *, start, end):
    """Releases and what their touchpoints' plans show, in one pass.

    The inner query is one row per release with its plans joined once
    (grouped by case); the outer one adds those rows up by GROUP. Counting
    per release first is what lets "attended" require "booked" without a
    correlated subquery per plan.
    """
    discharge = F("discharge_date")
    per_release = (
        Case.objects.filter(_released_in(start, end))
        .alias(
            done=FilteredRelation(
                "planned_touchpoints",
                condition=Q(
                    planned_touchpoints__outcome=Outcome.DONE,
                    planned_touchpoints__code__in=MEASURED_TOUCHPOINTS,
                ),
            ),
            # The advance touchpoint applies only when the claim asked for one.
            advance=FilteredRelation("planned_touchpoints", condition=Q(planned_touchpoints__code="advance-payment")),
        )
        .annotate(
            discharge_month=TruncMonth("discharge_date"),
            eligible=DjangoCase(When(_eligible(), then=Value(1)), default=Value(0), output_field=IntegerField()),
            asked=Count("advance", distinct=True),
            **{
                name: Count("done", filter=condition(discharge), distinct=True)
                for name, condition in _PER_RELEASE.items()
            },
        )
        .values(
            "discharge_month",
            *GROUP,
            "has_right_to_work_id",
            "has_bank_account",
            "has_ni_number",
            "eligible",
            "asked",
            *_PER_RELEASE,
        )
        .order_by()
    )
    inner, params = per_release.query.sql_with_params()
    names = ["discharge_month", *GROUP]
    columns = ", ".join(connection.ops.quote_name(name) for name in names)
    sums = ", ".join(f"SUM({expression}) AS {name}" for name, expression in _RELEASE_COUNTERS.items())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}, {sums} FROM ({inner}) per_release GROUP BY {columns}", params)  # noqa: S608 - our own names and Django's SQL; values are parameters
        names += list(_RELEASE_COUNTERS)
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    _add(tallies, rows, "", _RELEASE_COUNTERS)


def _add_employment(tallies, *, start, end):
    """Employment checks at 6 weeks and 6 months: one per case and check (a constraint), so rows are people."""
    counters = []
    annotations = {}
    for check, counter in (("6-weeks", "6w"), ("6-months", "6m")):
        annotations[f"checked_{counter}"] = Count("id", filter=Q(checkpoint=check))
        annotations[f"known_{counter}"] = Count("id", filter=Q(checkpoint=check) & ~Q(outcome=NOT_KNOWN))
        annotations[f"employed_{counter}"] = Count("id", filter=Q(checkpoint=check, outcome__in=sorted(IN_WORK)))
        counters += [f"checked_{counter}", f"known_{counter}", f"employed_{counter}"]
    rows = (
        EmploymentCheck.objects.filter(_released_in(start, end, "case__"))
        .annotate(discharge_month=TruncMonth("case__discharge_date"))
        .values("discharge_month", *_group("case__"))
        .annotate(**annotations)
        .order_by()
    )
    _add(tallies, rows, "case__", counters)


def _members(organisation):
    """A test for which groups (see GROUP) belong to an organisation."""
    if organisation is None or organisation.kind == OrganisationKind.NATIONAL:
        return lambda key: True
    if organisation.kind == OrganisationKind.PRISON:
        return lambda key: key[1] == organisation.pk
    if organisation.kind == OrganisationKind.JOBCENTRE_DISTRICT:
        return lambda key: key[2] == organisation.pk
    if organisation.kind == OrganisationKind.PROBATION_REGION:
        return lambda key: key[3] == organisation.pk
    raise ValueError(f"No measures for a {organisation.kind}")


def _rollup(tallies, organisation):
    """Totals for an organisation, and per cohort flag the totals of those with it."""
    member = _members(organisation)
    width = len(COUNTERS)
    total = [0] * width
    flagged = [[0] * width for _ in Cohort.values]
    for key, counts in tallies.items():
        if not member(key):
            continue
        total = [a + b for a, b in zip(total, counts, strict=True)]
        for offset in range(len(Cohort.values)):
            if key[FIRST_FLAG + offset]:
                flagged[offset] = [a + b for a, b in zip(flagged[offset], counts, strict=True)]
    return (
        Counter(dict(zip(COUNTERS, total, strict=True))),
        {
            cohort: Counter(dict(zip(COUNTERS, flagged[offset], strict=True)))
            for offset, cohort in enumerate(Cohort.values)
        },
    )


def _group_order(key):
    """The fixed order of a month's groups: prison, district, region, then the cohort flags (see GROUP)."""
    return (
        key[1] if key[1] is not None else -1,
        key[2] if key[2] is not None else -1,
        key[3] if key[3] is not None else -1,
        *key[4:],
    )


def _published(tallies):
    """Each month's groups (and today's overdue plans) published along one fixed order.

    Every group's counters are rounded with `rounded_along`, a month at a time, in the
    order of their keys (prison, district, region, cohort flags), so a prison's, a
    district's, a region's, a cohort's and the nation's figures, for a month or for a
    quarter, are all sums of the same published parts. Pure: no database.
    """
    by_month = {}
    for key in tallies:
        by_month.setdefault(key[0], []).append(key)
    published = {}
    for keys in by_month.values():
        keys.sort(key=_group_order)
        published.update(zip(keys, rounded_vectors_along([tallies[key] for key in keys]), strict=True))
    return published


def published_tallies(*, start, end, today=None, cached=False):
    """`release_tallies`, published: what every measures page, export and meeting pack adds up.

    A month's published groups depend on that month's counts alone, so with `cached` they are
    kept beside its counts for as long, and forgotten with them.
    """
    today = today or date.today()
    months = _whole_months(start, end) if cached else None
    if months is None:
        return _published(release_tallies(start=start, end=end, today=today))
    keys = {month: month_cache_keys(month, today)[1] for month in months}
    found = cache.get_many(list(keys.values()))
    missing = [month for month in months if found.get(keys[month]) is None]
    if missing:
        kept = _kept_months(months, today=today)
        fresh = {keys[month]: _published(kept[month]) for month in missing}
        cache.set_many(fresh, CACHE_SECONDS)
        found.update(fresh)
    published = {}
    for month in months:
        published.update(found[keys[month]])
    published.update(_cached(f"insights:overdue-published:{today}", lambda: _published(_overdue_tallies(today=today))))
    return published


def _figures(numerator, denominator, *, disclosive=True):
    """A published numerator and denominator as Figures."""
    return (
        Figure(numerator, disclosive=disclosive),
        None if denominator is None else Figure(denominator, disclosive=disclosive),
    )


def _rate_text(numerator, denominator):
    return str(numerator) if denominator is None else rate_text(numerator, denominator)


def _cohort_rows(measure, total, cohorts):
    """Per cohort flag, the published figures of those with it and of everyone else (the rest of the sum)."""
    rows = []
    for cohort in Cohort:
        counts = cohorts[cohort.value]
        cells = []
        for group in (counts, total - counts):
            numerator, denominator = _figures(
                group[measure.numerator_counter],
                group[measure.denominator_counter] if measure.is_rate else None,
            )
            cells += [numerator, denominator]
        rows.append(
            CohortRow(
                cohort=cohort.value,
                label=str(cohort.label),
                numerator=cells[0],
                denominator=cells[1],
                rate_text=_rate_text(cells[0], cells[1]),
                others_numerator=cells[2],
                others_denominator=cells[3],
                others_rate_text=_rate_text(cells[2], cells[3]),
            )
        )
    return tuple(rows)


def catalogue():
    """The measures in the order dashboards show them."""
    return CATALOGUE + EMPLOYMENT_MEASURES


def _rows(total, cohorts, *, with_cohorts):
    prisons_claiming = PrisonJourneySettings.objects.filter(starts_uc_claims_in_custody=True).count()
    total = Counter(total, prisons_claiming_in_custody=prisons_claiming, commitment=UC_CLAIMS_IN_CUSTODY_COMMITMENT)
    rows = []
    for measure in catalogue():
        denominator = total[measure.denominator_counter] if measure.is_rate else None
        numerator, denominator = _figures(
            total[measure.numerator_counter], denominator, disclosive=measure.about_people
        )
        rows.append(
            MeasureRow(
                measure=measure,
                numerator=numerator,
                denominator=denominator,
                rate_text=_rate_text(numerator, denominator),
                cohorts=_cohort_rows(measure, total, cohorts) if with_cohorts and measure.by_cohort else (),
            )
        )
    return rows


def measures_for(*, organisation, start, end, today=None, with_cohorts=True, cached=False):
    """Every measure for an organisation (None: national) over releases discharged from `start` to `end`.

    Aggregates only: every count has been through primary and secondary
    suppression. Access is for the caller to check with `measures_organisations_for`.
    """
    tallies = published_tallies(start=start, end=end, today=today, cached=cached)
    total, cohorts = _rollup(tallies, organisation)
    return _rows(total, cohorts, with_cohorts=with_cohorts)


def measures_compared(*, organisations, start, end, today=None, cached=False):
    """The measures for several organisations side by side (None: national), from one set of queries.

    Returns a list of (organisation, rows) in the order given; no cohort breakdowns.
    """
    tallies = published_tallies(start=start, end=end, today=today, cached=cached)
    return [
        (organisation, _rows(*_rollup(tallies, organisation), with_cohorts=False)) for organisation in organisations
    ]


# --- who sees which measures ---------------------------------------------------------------
#
# Measures are aggregates only: no named person ever leaves this module. Roles
# that work with aggregates see their own organisation's figures and the
# national picture; national users (the board, national partnership managers,
# administrators) may open any prison, jobcentre district or probation region.
# Casework roles outside a prison never needed dashboards: denied by default.

MEASURES_ROLES = PRISON_ROLES | {
    Role.PARTNERSHIP_MANAGER,
    Role.PARTNERSHIP_BOARD,
    Role.EMPLOYER_ENGAGEMENT,
    Role.ADMINISTRATOR,
}
DASHBOARD_KINDS = (OrganisationKind.PRISON, OrganisationKind.JOBCENTRE_DISTRICT, OrganisationKind.PROBATION_REGION)
# The prisons whose local agreements were signed first (the announcement): the board's default comparison.
SIGNED_PRISON_CODES = ("WLI", "HBI", "NWI", "RCI")
MAX_COMPARED = 6


def may_view_measures(user):
    return bool(
        user.is_authenticated and user.is_active and user.role in MEASURES_ROLES and user.organisation_id is not None
    )


def sees_every_organisation(user):
    return may_view_measures(user) and user.organisation.kind == OrganisationKind.NATIONAL


def measures_organisations_for(user):
    """The organisations whose dashboards a user may open (besides the national one)."""
    if not may_view_measures(user):
        return Organisation.objects.none()
    if sees_every_organisation(user):
        return Organisation.objects.filter(kind__in=DASHBOARD_KINDS, active=True).order_by("kind", "name")
    return Organisation.objects.filter(pk=user.organisation_id, kind__in=DASHBOARD_KINDS)


def measures_home_organisation(user):
    """Where a user's dashboard opens: their own organisation, or national (None)."""
    if sees_every_organisation(user):
        return None
    return measures_organisations_for(user).first()


def measures_organisation_get(*, user, code):
    """The organisation a user asked for by code (None: national). 403 for roles without measures, 404 outside scope."""
    if not may_view_measures(user):
        raise PermissionDenied
    code = str(code or "").strip()
    if not code:
        return measures_home_organisation(user)
    if code == NATIONAL_CODE:
        return None
    organisation = measures_organisations_for(user).filter(code=code[:20]).first()
    if organisation is None:
        raise Http404
    return organisation


def comparable_organisations(user):
    """What a national user may put side by side: prisons first, then districts and regions."""
    if not sees_every_organisation(user):
        raise PermissionDenied
    return measures_organisations_for(user)


def measures_beside_national(*, organisation, start, end, today=None, cached=False):
    """An organisation's measures with cohorts, and the national ones beside them (None when it is national)."""
    tallies = published_tallies(start=start, end=end, today=today, cached=cached)
    rows = _rows(*_rollup(tallies, organisation), with_cohorts=True)
    if organisation is None:
        return rows, None
    return rows, _rows(*_rollup(tallies, None), with_cohorts=False)
