"""Which cases a user may see or change: the one place access scoping lives.

Views and the API never filter cases by organisation themselves; they ask
here. Anything not granted below is denied.
"""

from datetime import date, timedelta

from django.db.models import Q
from django.http import Http404
from django.utils.module_loading import import_string

from onward.accounts.constants import CASEWORK_ROLES, PRISON_ROLES, Role
from onward.audit import services as audit
from onward.cases.constants import NOMIS_FIELDS, CaseStatus
from onward.cases.models import Case, CaseAccess
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation

# Prison staff follow their releases until the 6-month employment check is due
# (D + 6 months + 2 weeks, touchpoints.md); 200 days covers it.
FOLLOW_RELEASES_FOR = timedelta(days=200)

# What each role may change on a case it can see. Probation asks for the extra
# day (release-day.md) and knows the release area; the prison owns the rest.
PRISON_EDITABLE = frozenset(
    {
        "given_name",
        "family_name",
        "date_of_birth",
        "ni_number",
        "female",
        "learning_difficulty_or_disability",
        "care_leaver",
        "veteran",
        "reception_date",
        "legal_status",
        "sentence_date",
        "custodial_term_days",
        "release_date",
        "release_type",
        "indeterminate_sentence",
        "released_to_community",
        "claiming_benefits",
        "uc_housing_costs",
        "employed_at_reception",
        "has_right_to_work_id",
        "has_bank_account",
        "has_ni_number",
        "extra_day_requested",
        "release_area",
        "pdu",
    }
)
EDITABLE_BY_ROLE = {
    Role.PRISON_WORK_COACH: PRISON_EDITABLE,
    Role.PRISON_EMPLOYMENT_LEAD: PRISON_EDITABLE,
    Role.ID_BANKING_ADMIN: PRISON_EDITABLE,
    Role.PROBATION_PRACTITIONER: frozenset({"extra_day_requested", "release_area"}),
}


def case_scope(user, *, today=None, prefix=""):
    """A Q for the cases this user's role and organisation allow, or None for nothing.

    `prefix` lets other apps scope rows that hang off a case (``"case__"``)
    without writing their own rules.
    """
    today = today or date.today()
    if not (user.is_authenticated and user.is_active and user.organisation_id):
        return None

    def q(**lookups):
        return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

    if user.role in PRISON_ROLES:
        return q(prison_id=user.organisation_id) & (
            q(status=CaseStatus.IN_CUSTODY) | q(discharge_date__gte=today - FOLLOW_RELEASES_FOR)
        )
    if user.role == Role.PROBATION_PRACTITIONER:
        return q(pdu_id=user.organisation_id)
    if user.role == Role.JOBCENTRE_WORK_COACH:
        return q(handed_over_to_id=user.organisation_id)
    if user.role == Role.CRS_PROVIDER:
        # A provider sees a person only while the work shared with it grants access:
        # the handover app grants it with a referral and ends it when the referral
        # is rejected or revoked (a completed one stays readable).
        shared = CaseAccess.objects.filter(organisation_id=user.organisation_id, ended_at__isnull=True).values(
            "case_id"
        )
        return q(id__in=shared)
    # The board, partnership managers, employer engagement and administrators
    # never see a named person.
    return None


def may_work_with_cases(user):
    """Whether the user's role ever opens a named person's case (deny by default)."""
    return bool(user.is_authenticated and user.is_active and user.role in CASEWORK_ROLES and user.organisation_id)


def cases_visible_to(user, *, today=None):
    scope = case_scope(user, today=today)
    if scope is None:
        return Case.objects.none()
    return Case.objects.filter(scope).select_related("person", "prison", "pdu", "handed_over_to")


def may_see_case(user, case, *, today=None):
    """Whether the user may still open a case (after a transfer, the sending prison may not)."""
    return cases_visible_to(user, today=today).filter(pk=case.pk).exists()


def case_get(*, user, case_id, today=None):
    """The case if the user may see it (Http404 otherwise); the read is audited."""
    try:
        case = cases_visible_to(user, today=today).get(pk=int(case_id))
    except (Case.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error
    audit.record(actor=user, action="case.read", subject=case)
    return case


# Fields another domain owns for a case, named by dotted path (those domains build on cases): each is
# `names(case) -> frozenset`. A field NOMIS gave a case is corrected in NOMIS, never typed over here.
FIELD_OWNERS = ("onward.feed.selectors.fed_field_names",)


def fields_owned_elsewhere(case):
    return frozenset().union(*(import_string(path)(case) for path in FIELD_OWNERS))


def case_editable_fields(*, user, case):
    """The fields this user may change on a case they can already see."""
    if getattr(user, "acts_for_every_prison", False):
        # The NOMIS feed keeps what NOMIS owns in step while the person is in custody.
        return NOMIS_FIELDS if case.status == CaseStatus.IN_CUSTODY else frozenset()
    if case.status != CaseStatus.IN_CUSTODY and user.role in PRISON_ROLES:
        # After release the prison's record is history: only the actual
        # discharge and recall services change it.
        return frozenset()
    editable = EDITABLE_BY_ROLE.get(user.role, frozenset())
    return editable - fields_owned_elsewhere(case) if editable else editable


def may_open_case_for(user, person, *, today=None):
    """Whether the user may open a custody episode for a person Onward already holds: the NOMIS feed always;
    anyone else only when they may see the person (a case of theirs in scope) and the episode they are held on
    now, if any. Otherwise opening a case must reveal and change nothing about them."""
    if getattr(user, "acts_for_every_prison", False):
        return True
    visible = cases_visible_to(user, today=today).filter(person=person)
    if not visible.exists():
        return False
    return not person.cases.filter(status=CaseStatus.IN_CUSTODY).exclude(pk__in=visible.values("pk")).exists()


def prisons_where_user_may_create_cases(user):
    """A prison-side user creates cases in their own prison only; the NOMIS feed, in any prison."""
    if getattr(user, "acts_for_every_prison", False):
        return set(Organisation.objects.filter(kind=OrganisationKind.PRISON).values_list("pk", flat=True))
    if user.is_authenticated and user.role in PRISON_ROLES and user.organisation_id:
        return {user.organisation_id}
    return set()


def case_list(*, user, search="", statuses=(), release_from=None, release_to=None, flags=(), order="discharge_date"):
    """The searchable, sortable list of cases a user may see."""
    cases = cases_visible_to(user)
    search = (search or "").strip()
    if search:
        words = search.split()
        for word in words[:4]:
            cases = cases.filter(
                Q(person__prison_number__iexact=word)
                | Q(person__family_name__icontains=word)
                | Q(person__given_name__icontains=word)
            )
    if statuses:
        cases = cases.filter(status__in=statuses)
    if release_from:
        cases = cases.filter(discharge_date__gte=release_from)
    if release_to:
        cases = cases.filter(discharge_date__lte=release_to)
    for flag in flags:
        cases = cases.filter(**{f"person__{flag}": True})
    return cases.order_by(order, "id")


def caseload_summary(*, user, today=None):
    """The home page of a caseworker: counts over their scope, and who leaves next."""
    today = today or date.today()
    cases = cases_visible_to(user, today=today)
    in_custody = cases.filter(status=CaseStatus.IN_CUSTODY)
    next_releases = list(
        in_custody.filter(discharge_date__gte=today, discharge_date__lte=today + timedelta(weeks=12)).order_by(
            "discharge_date", "id"
        )[:10]
    )
    summary = {
        "in_custody": in_custody.count(),
        "releasing_12_weeks": in_custody.filter(
            discharge_date__gte=today, discharge_date__lte=today + timedelta(weeks=12)
        ).count(),
        "released": cases.exclude(status=CaseStatus.IN_CUSTODY).count(),
        "next_releases": next_releases,
    }
    if next_releases:
        audit.record(
            actor=user,
            action="case.list",
            changes={"page": "home", "cases": [case.pk for case in next_releases]},
            people=[case.person.prison_number for case in next_releases],
        )
    return summary
