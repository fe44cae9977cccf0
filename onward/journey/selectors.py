"""Reading the journey: a case's facts and touchpoints, worklists and calendars.

Scoping comes from `cases.selectors.case_scope`, never written here again.
"""

from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from onward.accounts.constants import Role
from onward.cases.constants import CaseStatus, LegalStatus
from onward.cases.models import Case
from onward.cases.selectors import FOLLOW_RELEASES_FOR, case_scope
from onward.estate.models import Organisation
from onward.journey import evidence as evidence_of
from onward.journey.models import LocalTiming, PlannedTouchpoint, PrisonJourneySettings, TimelineEntry, TouchpointRecord
from onward.journey.touchpoints import CaseFacts, Recorded, When, evaluate

DUE_SOON_DAYS = 7
OPENING_SOON_DAYS = 14
WORKLIST_ROLES = {
    Role.PRISON_WORK_COACH,
    Role.PRISON_EMPLOYMENT_LEAD,
    Role.ID_BANKING_ADMIN,
    Role.PROBATION_PRACTITIONER,
    Role.JOBCENTRE_WORK_COACH,
}


# What a person needs in place on day one, as the release calendar names it (each a touchpoint).
DAY_ONE_TOUCHPOINTS = {
    "id-documents": gettext_lazy("ID"),
    "bank-account": gettext_lazy("bank account"),
    "ni-number": gettext_lazy("National Insurance number"),
    "jobcentre-appointment": gettext_lazy("jobcentre appointment"),
}


class Bucket:
    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    OPEN = "open"
    OPENING_SOON = "opening-soon"


def current_records(case):
    """The record in force for each touchpoint of a case (undone ones are history)."""
    return {record.code: record for record in TouchpointRecord.objects.filter(case=case, undone_at__isnull=True)}


def local_timings(prison_id):
    return {
        (timing.code, timing.which): When(
            timing.anchor, months=timing.months, weeks=timing.weeks, working_days=timing.working_days
        )
        for timing in LocalTiming.objects.filter(prison_id=prison_id)
    }


def starts_uc_claims_in_custody(prison_id):
    return PrisonJourneySettings.objects.filter(prison_id=prison_id, starts_uc_claims_in_custody=True).exists()


def prison_journey(prison_id):
    """A prison's journey settings for one evaluation, read once and together: whether it starts Universal
    Credit claims in custody, and its own timings by (code, which). One query (the settings and the timings
    joined to the prison) where `starts_uc_claims_in_custody` and `local_timings` are two."""
    rows = Organisation.objects.filter(pk=prison_id).values_list(
        "journey_settings__starts_uc_claims_in_custody",
        "local_timings__code",
        "local_timings__which",
        "local_timings__anchor",
        "local_timings__months",
        "local_timings__weeks",
        "local_timings__working_days",
    )
    starts_in_custody, timings = False, {}
    for in_custody, code, which, anchor, months, weeks, working_days in rows:
        starts_in_custody = bool(in_custody)
        if code is not None:
            timings[(code, which)] = When(anchor, months=months, weeks=weeks, working_days=working_days)
    return starts_in_custody, timings


def case_facts(case, evidence=evidence_of.NOTHING, *, starts_uc_claims_in_custody=False):
    """The plain facts the rules read: the case as it arrived, and what the records behind touchpoints say."""
    return CaseFacts(
        reception_date=case.reception_date,
        discharge_date=case.discharge_date if case.legal_status != LegalStatus.REMAND else None,
        sentenced=case.legal_status != LegalStatus.REMAND,
        released_to_community=case.released_to_community,
        claiming_benefits=case.claiming_benefits,
        uc_housing_costs=case.uc_housing_costs,
        employed_at_reception=case.employed_at_reception,
        has_right_to_work_id=case.has_right_to_work_id,
        has_bank_account=case.has_bank_account,
        has_ni_number=case.has_ni_number,
        advance_requested=evidence.advance_requested,
        appointment_date=evidence.appointment_on,
        starts_uc_claims_in_custody=starts_uc_claims_in_custody,
    )


def recorded_by_workers(records):
    return {
        code: Recorded(outcome=record.outcome, on=record.completed_on, by=record.recorded_by_name)
        for code, record in records.items()
    }


def case_touchpoints(case, *, as_of=None):
    """Every touchpoint that applies to a case (already scoped by `case_get`), evaluated as on `as_of`.

    What workers recorded and what the records behind touchpoints say are read
    here, so the case page, the readiness summary, the API and the plans all
    come from this one evaluation.
    """
    evidence = evidence_of.for_case(case)
    starts_in_custody, local = prison_journey(case.prison_id)
    return evaluate(
        case_facts(case, evidence, starts_uc_claims_in_custody=starts_in_custody),
        as_of=as_of or date.today(),
        recorded=recorded_by_workers(current_records(case)),
        evidence=evidence.done,
        local=local,
    )


def case_touchpoint(case, code, *, as_of=None):
    """One touchpoint of a case, or None when it does not apply."""
    return next((t for t in case_touchpoints(case, as_of=as_of) if t.code == code), None)


def case_timeline(case):
    return TimelineEntry.objects.filter(case=case)


def _worklist_base(user, today):
    scope = case_scope(user, today=today)
    if scope is None or user.role not in WORKLIST_ROLES:
        return PlannedTouchpoint.objects.none()
    # A semi-join on the user's cases lets PostgreSQL start from their prison's
    # (or PDU's, or jobcentre's) cases instead of every plan in the country.
    # Live plans belong to live cases, so the subquery can skip years of history.
    live = Q(status=CaseStatus.IN_CUSTODY) | Q(discharge_date__gte=today - FOLLOW_RELEASES_FOR)
    visible = Case.objects.filter(scope).filter(live).values("id")
    return PlannedTouchpoint.objects.filter(work_to_do(today), case_id__in=visible, owner_role=user.role)


def work_to_do(today):
    """Plans that are work someone can still do: live, unrecorded, and not missed (the person has not left)."""
    return Q(live=True, outcome="") & (Q(closes_on__isnull=True) | Q(closes_on__gte=today))


def bucket_q(bucket, today):
    """The SQL twin of touchpoints._status for unrecorded touchpoints."""
    soon = today + timedelta(days=DUE_SOON_DAYS - 1)
    return {
        Bucket.OVERDUE: Q(due_on__lt=today),
        Bucket.DUE_SOON: Q(opens_on__lte=today, due_on__gte=today, due_on__lte=soon),
        Bucket.OPEN: Q(opens_on__lte=today, due_on__gt=soon),
        Bucket.OPENING_SOON: Q(opens_on__gt=today, opens_on__lte=today + timedelta(days=OPENING_SOON_DAYS)),
    }[bucket]


def worklist(*, user, today=None, bucket=None, codes=(), stages=(), due_from=None, due_to=None, flags=()):
    """The user's own work, within their scope: not yet recorded, and open now or soon."""
    today = today or date.today()
    items = _worklist_base(user, today)
    if bucket:
        items = items.filter(bucket_q(bucket, today))
    else:
        items = items.filter(opens_on__lte=today + timedelta(days=OPENING_SOON_DAYS))
    if codes:
        items = items.filter(code__in=codes)
    if stages:
        items = items.filter(stage__in=stages)
    if due_from:
        items = items.filter(due_on__gte=due_from)
    if due_to:
        items = items.filter(due_on__lte=due_to)
    for flag in flags:
        items = items.filter(**{f"case__person__{flag}": True})
    return items.select_related("case__person", "case__prison")


ALL = ""


def worklist_counts(*, user, today=None, **filters):
    """How many items each worklist tab holds ("" is all of them), in one query."""
    today = today or date.today()
    items = worklist(user=user, today=today, **filters)
    buckets = (Bucket.OVERDUE, Bucket.DUE_SOON, Bucket.OPEN, Bucket.OPENING_SOON)
    counts = items.aggregate(
        everything=Count("id"), **{name: Count("id", filter=bucket_q(name, today)) for name in buckets}
    )
    counts[ALL] = counts.pop("everything")
    return counts


def worklist_status(item, today):
    """The bucket an unrecorded plan is in today, or "upcoming" (the twin of bucket_q)."""
    for bucket in (Bucket.OVERDUE, Bucket.DUE_SOON, Bucket.OPEN):
        if _in_bucket(item, bucket, today):
            return bucket
    return "upcoming"


def _in_bucket(item, bucket, today):
    soon = today + timedelta(days=DUE_SOON_DAYS - 1)
    return {
        Bucket.OVERDUE: item.due_on < today,
        Bucket.DUE_SOON: item.opens_on <= today <= item.due_on <= soon,
        Bucket.OPEN: item.opens_on <= today and item.due_on > soon,
    }[bucket]


def release_calendar(*, user, today=None, weeks=12):
    """Who leaves the user's prison in the next `weeks` weeks, week by week (Monday first)."""
    today = today or date.today()
    scope = case_scope(user, today=today)
    if scope is None or not user.is_prison_staff:
        return []
    start = today - timedelta(days=today.weekday())
    end = start + timedelta(weeks=weeks) - timedelta(days=1)
    cases = (
        Case.objects.filter(scope, status=CaseStatus.IN_CUSTODY, discharge_date__gte=today, discharge_date__lte=end)
        .select_related("person")
        .order_by("discharge_date", "person__family_name")
    )
    overdue = dict(
        PlannedTouchpoint.objects.filter(work_to_do(today), case__in=cases, due_on__lt=today)
        .values_list("case_id")
        .annotate(n=Count("id"))
        .values_list("case_id", "n")
    )
    # Not yet in place for day one: the same plans the worklists and the readiness summary read.
    missing = {}
    for case_id, code in PlannedTouchpoint.objects.filter(
        case__in=cases, code__in=DAY_ONE_TOUCHPOINTS, outcome=""
    ).values_list("case_id", "code"):
        missing.setdefault(case_id, []).append(code)
    weeks_list = [{"starts": start + timedelta(weeks=i), "cases": []} for i in range(weeks)]
    for case in cases:
        index = (case.discharge_date - start).days // 7
        codes = missing.get(case.pk, [])
        weeks_list[index]["cases"].append(
            {
                "case": case,
                "brought_forward": bool(case.release_date and case.discharge_date < case.release_date),
                "overdue": overdue.get(case.pk, 0),
                "missing": [str(DAY_ONE_TOUCHPOINTS[code]) for code in DAY_ONE_TOUCHPOINTS if code in codes],
                "ready": not codes,
            }
        )
    return weeks_list
