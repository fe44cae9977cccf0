"""Aggregates for roles that never see a named person: the board, partnership
managers and employer engagement. Every count passes through `figure`, so
small numbers are suppressed before they leave this module."""

from datetime import date, timedelta

from django.db.models import Count, Q

from onward.accounts.models import User
from onward.cases.constants import CaseStatus
from onward.cases.models import Case
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation
from onward.insights.disclosure import figure

RELEASE_WINDOW = timedelta(weeks=12)


def _case_scope_for_aggregates(user):
    """Which cases a user's totals cover: their prison, their district's prisons' releases, or all."""
    organisation = user.organisation
    if organisation is None:
        return Case.objects.none()
    if organisation.kind == OrganisationKind.PRISON:
        return Case.objects.filter(prison=organisation)
    if organisation.kind == OrganisationKind.JOBCENTRE_DISTRICT:
        return Case.objects.filter(handed_over_to__parent=organisation)
    if organisation.kind == OrganisationKind.PROBATION_REGION:
        return Case.objects.filter(pdu__parent=organisation)
    if organisation.kind == OrganisationKind.NATIONAL:
        return Case.objects.all()
    return Case.objects.none()


def organisation_figures(*, user, today=None):
    today = today or date.today()
    counts = _case_scope_for_aggregates(user).aggregate(
        in_custody=Count("id", filter=Q(status=CaseStatus.IN_CUSTODY)),
        releasing_soon=Count(
            "id",
            filter=Q(
                status=CaseStatus.IN_CUSTODY, discharge_date__gte=today, discharge_date__lte=today + RELEASE_WINDOW
            ),
        ),
        released_last_12_weeks=Count(
            "id",
            filter=Q(
                status__in=[CaseStatus.RELEASED, CaseStatus.RECALLED],
                discharge_date__gte=today - RELEASE_WINDOW,
                discharge_date__lte=today,
            ),
        ),
        remand=Count("id", filter=Q(status=CaseStatus.IN_CUSTODY, legal_status="remand")),
    )
    return {name: figure(value) for name, value in counts.items()}


def prisons_by_releases(*, today=None, limit=None):
    """Per prison: people in custody and releases in the next 12 weeks (for the board).

    Grouped from the open cases alone, so it reads the in-custody index, not five years of history.
    """
    today = today or date.today()
    counts = (
        Case.objects.filter(status=CaseStatus.IN_CUSTODY)
        .values("prison_id")
        .annotate(
            in_custody=Count("id"),
            releasing_soon=Count("id", filter=Q(discharge_date__gte=today, discharge_date__lte=today + RELEASE_WINDOW)),
        )
        .order_by("-releasing_soon", "prison_id")
    )
    if limit:
        counts = counts[:limit]
    counts = list(counts)
    prisons = Organisation.objects.in_bulk([row["prison_id"] for row in counts])
    rows = [
        {
            "prison": prisons[row["prison_id"]],
            "in_custody": figure(row["in_custody"]),
            "releasing_soon": figure(row["releasing_soon"]),
        }
        for row in counts
    ]
    return sorted(rows, key=lambda row: (-row["releasing_soon"].count, row["prison"].name))


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
