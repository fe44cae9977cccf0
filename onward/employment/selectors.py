"""Reading work records. Who may see a person's case is decided by onward.cases.selectors;
this module adds only which roles do employment work, and loads the facts matching needs
in a few queries so that matching itself runs in memory.
"""

from collections import Counter
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404

from onward.accounts.constants import PRISON_ROLES, Role
from onward.audit import services as audit
from onward.cases.constants import CaseStatus
from onward.cases.models import Case
from onward.cases.selectors import case_get, cases_visible_to
from onward.disclosure import figures_along, sum_of
from onward.employment import matching, pipeline
from onward.employment.constants import (
    AGGREGATE_MATCH_ROLES,
    CHECK_ROLES,
    CHECK_TOUCHPOINTS,
    EMPLOYER_CHANGE_ROLES,
    EMPLOYER_READ_ROLES,
    LABOUR_MARKET_CHANGE_ROLES,
    WORK_CHANGE_ROLES,
    WORK_READ_ROLES,
    ApplicationStatus,
    OpportunityKind,
    ProfileStatus,
)
from onward.employment.models import (
    Application,
    ApplicationStatusChange,
    Employer,
    EmploymentCheck,
    LabourMarketInformation,
    Opportunity,
    WorkProfile,
)
from onward.estate import selectors as estate_selectors
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation, PostcodeDistrict
from onward.journey.models import PlannedTouchpoint
from onward.journey.selectors import work_to_do

# A person's page also lists what closed lately, so "closed on ..." can be seen as a reason.
RECENTLY_CLOSED = timedelta(days=14)


def _active(user):
    return bool(user.is_authenticated and user.is_active and user.organisation_id)


# Who may do what (deny by default).


def may_read_work(user):
    return _active(user) and user.role in WORK_READ_ROLES


def may_change_work(user, case):
    """Prison employment staff change the work records of their own prison's cases; a jobcentre's work coaches
    those handed over to them. The case has already come through `case_get`."""
    if not (_active(user) and user.role in WORK_CHANGE_ROLES):
        return False
    if user.role == Role.JOBCENTRE_WORK_COACH:
        return case.handed_over_to_id == user.organisation_id
    return case.prison_id == user.organisation_id


def may_record_check(user, case):
    if not (_active(user) and user.role in CHECK_ROLES) or case.status == CaseStatus.IN_CUSTODY:
        return False
    if user.role == Role.PROBATION_PRACTITIONER:
        return case.pdu_id == user.organisation_id
    return case.prison_id == user.organisation_id


def may_read_employers(user):
    return _active(user) and user.role in EMPLOYER_READ_ROLES


def may_change_employers(user):
    return _active(user) and user.role in EMPLOYER_CHANGE_ROLES


def sees_names(user):
    """Whether matches show named people (caseworkers) or only counts (employer engagement, managers)."""
    return may_read_work(user)


def may_see_matches(user):
    return _active(user) and (user.role in WORK_READ_ROLES or user.role in AGGREGATE_MATCH_ROLES)


def labour_market_districts_for(user):
    """The jobcentre districts whose labour market information this user keeps up to date."""
    if not (_active(user) and user.role in LABOUR_MARKET_CHANGE_ROLES):
        return Organisation.objects.none()
    districts = Organisation.objects.filter(kind=OrganisationKind.JOBCENTRE_DISTRICT, active=True)
    organisation = user.organisation
    if organisation.kind == OrganisationKind.NATIONAL:
        return districts
    if organisation.kind == OrganisationKind.JOBCENTRE_DISTRICT:
        return districts.filter(pk=organisation.pk)
    if organisation.kind == OrganisationKind.JOBCENTRE and organisation.parent_id:
        return districts.filter(pk=organisation.parent_id)
    return Organisation.objects.none()


# A person's work.


def work_case_get(*, user, case_id):
    """The case for its Work page: 404 outside the user's scope, 403 for roles that do no employment work."""
    case = case_get(user=user, case_id=case_id)
    if not may_read_work(user):
        raise PermissionDenied
    return case


def work_profile_get(case):
    return WorkProfile.objects.filter(case=case).first()


def applications_for_case(case):
    return (
        Application.objects.filter(case=case)
        .select_related("opportunity__employer")
        .prefetch_related(Prefetch("history", queryset=ApplicationStatusChange.objects.order_by("changed_on", "id")))
    )


def application_get(*, case, application_id):
    try:
        return applications_for_case(case).get(pk=int(application_id))
    except (Application.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error


def employment_checks_for_case(case):
    return EmploymentCheck.objects.filter(case=case).select_related("application__opportunity")


def job_outcome(case, checks=None):
    """The checks recorded, those due, and whether the job lasted (6 weeks, then 6 months). A check recorded on
    the journey's touchpoint is recorded here too: the employment check is its one record."""
    checks = list(checks if checks is not None else employment_checks_for_case(case))
    outcomes = {check.checkpoint: check.outcome for check in checks}
    return {
        "checks": checks,
        "due": pipeline.checks_due(discharge_date=case.discharge_date, recorded=outcomes, today=date.today())
        if case.status != CaseStatus.IN_CUSTODY
        else [],
        "lasted": pipeline.job_lasted(outcomes),
    }


def labour_market_get(district):
    """The district's labour market information as it stands (None until someone records it)."""
    return LabourMarketInformation.objects.filter(district=district).first()


def labour_market_for_area(release_area):
    """The labour market information for the district whose jobcentres serve this release area, or None."""
    jobcentre = estate_selectors.jobcentres_serving(release_area).select_related("parent").first()
    if jobcentre is None or jobcentre.parent is None:
        return None, None
    return jobcentre.parent, LabourMarketInformation.objects.filter(district=jobcentre.parent).first()


def work_read_audit(*, user, case, page):
    audit.record(actor=user, action="employment.read", subject=case, changes={"page": page})


# Employers and opportunities (no personal data).


# The columns each list may be sorted by (anything else falls back to the first).
EMPLOYER_SORTS = {"name": ("name",), "tier": ("tier", "name")}
OPPORTUNITY_SORTS = {"closing_date": ("closing_date",), "title": ("title",)}


def _ordering(sorts, sort, order):
    fields = sorts.get(sort) or next(iter(sorts.values()))
    prefix = "-" if order == "desc" else ""
    return [f"{prefix}{name}" for name in fields]


def employer_list(*, search="", sector="", sort="name", order="asc"):
    employers = Employer.objects.annotate(
        open_opportunities=Count("opportunities", filter=Q(opportunities__withdrawn=False))
    )
    search = (search or "").strip()[:100]
    if search:
        employers = employers.filter(name__icontains=search)
    if sector:
        employers = employers.filter(sector=sector)
    return employers.order_by(*_ordering(EMPLOYER_SORTS, sort, order), "id")


def employer_get(*, user, employer_id):
    if not may_read_employers(user):
        raise PermissionDenied
    try:
        return Employer.objects.get(pk=int(employer_id))
    except (Employer.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error


def open_opportunities(*, today, since=None):
    """Opportunities not withdrawn and not closed (or closed no earlier than `since`)."""
    cutoff = since or today
    return (
        Opportunity.objects.filter(withdrawn=False)
        .filter(Q(closing_date__isnull=True) | Q(closing_date__gte=cutoff))
        .select_related("employer", "prison")
    )


def opportunity_list(*, today, kind="", sector="", area="", include_closed=False, sort="closing_date", order="asc"):
    opportunities = (
        Opportunity.objects.select_related("employer", "prison") if include_closed else open_opportunities(today=today)
    )
    if kind:
        opportunities = opportunities.filter(kind=kind)
    if sector:
        opportunities = opportunities.filter(sector=sector)
    area = (area or "").strip().upper()[:4]
    if area:
        opportunities = opportunities.filter(Q(outcode__startswith=area) | Q(national=True))
    return opportunities.order_by(*_ordering(OPPORTUNITY_SORTS, sort, order), "id")


def opportunity_get(*, user, opportunity_id):
    if not may_read_employers(user):
        raise PermissionDenied
    try:
        return Opportunity.objects.select_related("employer", "prison").get(pk=int(opportunity_id))
    except (Opportunity.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error


# The facts matching needs, in a few queries.


def coordinates_for(outcodes=None):
    """{outcode: (latitude, longitude)} for these postcode districts (all of them when None)."""
    districts = PostcodeDistrict.objects.all()
    if outcodes is not None:
        districts = districts.filter(outcode__in={code for code in outcodes if code})
    return {outcode: (lat, lon) for outcode, lat, lon in districts.values_list("outcode", "latitude", "longitude")}


def _codes(values):
    return frozenset(values or ())


def person_facts(cases):
    """PersonFacts for each case in the queryset, in one query (the profile and prison joined)."""
    rows = cases.values_list(
        "pk",
        "person__given_name",
        "person__family_name",
        "person__prison_number",
        "release_area",
        "discharge_date",
        "status",
        "prison_id",
        "prison__postcode",
        "work_profile__status",
        "work_profile__sector_interests",
        "work_profile__offence_categories",
        "work_profile__exclusion_zones",
        "work_profile__rotl_eligible",
    )
    facts = []
    for (
        pk,
        given,
        family,
        number,
        area,
        discharge,
        status,
        prison_id,
        prison_postcode,
        profile_status,
        interests,
        offences,
        zones,
        rotl,
    ) in rows:
        facts.append(
            matching.PersonFacts(
                case_id=pk,
                name=f"{given} {family} ({number})",
                prison_number=number,
                release_area=(area or "").upper(),
                discharge_date=discharge,
                in_custody=status == CaseStatus.IN_CUSTODY,
                prison_id=prison_id,
                prison_outcode=(prison_postcode or "").split(" ")[0].upper(),
                status=profile_status or ProfileStatus.NOT_STARTED,
                sector_interests=_codes(interests),
                offence_categories=_codes(offences),
                exclusion_zones=_codes(zones),
                rotl_eligible=bool(rotl),
            )
        )
    return facts


def opportunity_facts(opportunities):
    rows = opportunities.values_list(
        "pk", "title", "kind", "sector", "outcode", "national", "closing_date", "offence_exclusions", "prison_id"
    )
    return [
        matching.OpportunityFacts(
            opportunity_id=pk,
            title=title,
            kind=kind,
            sector=sector,
            outcode=outcode,
            national=national,
            closing_date=closing,
            offence_exclusions=_codes(exclusions),
            prison_id=prison_id,
        )
        for pk, title, kind, sector, outcode, national, closing, exclusions, prison_id in rows
    ]


def distances_for(people, opportunities):
    outcodes = {p.release_area for p in people} | {p.prison_outcode for p in people}
    outcodes |= {o.outcode for o in opportunities}
    return matching.Distances(coordinates_for(outcodes))


def releasing(cases, *, today, weeks):
    return cases.filter(
        status=CaseStatus.IN_CUSTODY, discharge_date__gte=today, discharge_date__lte=today + timedelta(weeks=weeks)
    )


# Matching, both ways.


def matches_for_case(*, case, radius_miles, today=None, not_fitting_limit=None):
    """For a case the caller already has: (opportunities that fit, the nearest `not_fitting_limit` that do not,
    how many do not fit in all), each explained."""
    today = today or date.today()
    people = person_facts(Case.objects.filter(pk=case.pk))
    opportunities = opportunity_facts(open_opportunities(today=today, since=today - RECENTLY_CLOSED))
    criteria = matching.Criteria(today=today, radius_miles=radius_miles)
    return matching.opportunities_for_page(
        people[0],
        opportunities,
        criteria,
        distances_for(people, opportunities),
        not_fitting_limit=len(opportunities) if not_fitting_limit is None else not_fitting_limit,
    )


# How many people who do not fit an opportunity its page names, with why (opportunity_matches.html slices so).
NOT_FITTING_NAMED = 50


def matches_for_opportunity(*, user, opportunity, weeks, radius_miles, today=None):
    """Who is due for release within `weeks` and fits. Caseworkers get named people in their scope (the read is
    audited); employer engagement and partnership managers get counts per prison, small counts suppressed."""
    today = today or date.today()
    if not may_see_matches(user):
        raise PermissionDenied
    criteria = matching.Criteria(today=today, radius_miles=radius_miles)
    facts = opportunity_facts(Opportunity.objects.filter(pk=opportunity.pk))[0]
    if sees_names(user):
        people = person_facts(releasing(cases_visible_to(user, today=today), today=today, weeks=weeks))
        fitting, not_fitting = matching.people_for(facts, people, criteria, distances_for(people, [facts]))
        audit.record(
            actor=user,
            action="employment.matches",
            changes={"opportunity": opportunity.pk, "cases": [m.person.case_id for m in fitting][:500]},
            # The page names everyone who fits and the first NOT_FITTING_NAMED who do not.
            people=[m.person.prison_number for m in fitting[:500]]
            + [m.person.prison_number for m in not_fitting[:NOT_FITTING_NAMED]],
        )
        return {"named": True, "fitting": fitting, "not_fitting": not_fitting}
    # Only counts leave here, so the database narrows by place first: the release areas within the radius
    # (or the prison a ROTL placement is offered to). Matching then applies every rule as for a person.
    everyone = releasing(Case.objects.all(), today=today, weeks=weeks)
    if facts.kind == OpportunityKind.ROTL_PLACEMENT and facts.prison_id:
        everyone = everyone.filter(prison_id=facts.prison_id)
    elif not facts.national and facts.kind != OpportunityKind.ROTL_PLACEMENT:
        coordinates = coordinates_for()
        near = matching.Distances(coordinates).within(facts.outcode, set(coordinates), radius_miles)
        everyone = everyone.filter(release_area__in=near)
    people = person_facts(everyone)
    distances = distances_for(people, [facts])
    per_prison = Counter(p.prison_id for p in people if matching.fits(p, facts, criteria, distances))
    # Rounded along the prisons' order (onward.disclosure) and the total is their sum, so the total less
    # the other rows is only ever another row. Rows reading "fewer than 5" are left out: which prisons
    # are listed then says nothing the figures do not.
    order = sorted(per_prison)
    figures = dict(zip(order, figures_along([per_prison[pk] for pk in order]), strict=True))
    prisons = dict(Organisation.objects.filter(pk__in=per_prison).values_list("pk", "name"))
    rows = sorted(
        ({"prison": prisons.get(pk, ""), "figure": figures[pk]} for pk in order if not figures[pk].suppressed),
        key=lambda row: (-row["figure"].value, row["prison"]),
    )
    return {"named": False, "rows": rows, "total": sum_of(figures.values())}


def prison_matches(*, user, weeks, radius_miles, today=None, limit=None):
    """For prison staff: everyone in their prison leaving within `weeks`, each with a Shortlist of the
    opportunities that fit (the nearest `limit` explained)."""
    today = today or date.today()
    if not (_active(user) and user.role in PRISON_ROLES and user.role in WORK_READ_ROLES):
        raise PermissionDenied
    people = person_facts(
        releasing(cases_visible_to(user, today=today), today=today, weeks=weeks).order_by("discharge_date", "id")
    )
    opportunities = opportunity_facts(open_opportunities(today=today))
    criteria = matching.Criteria(today=today, radius_miles=radius_miles)
    results = matching.match_all(people, opportunities, criteria, distances_for(people, opportunities), limit=limit)
    return [(person, results[person.case_id]) for person in people]


def prison_matches_shown(*, user, shown):
    """Audit the page of prison-wide matches shown: everyone named on it."""
    if shown:
        audit.record(
            actor=user,
            action="employment.matches",
            changes={"page": "prison", "cases": [person.case_id for person, _shortlist in shown]},
            people=[person.prison_number for person, _shortlist in shown],
        )


def checks_due_shown(*, user, shown):
    """Audit the list of employment checks due shown on the work hub: everyone named on it."""
    if shown:
        audit.record(
            actor=user,
            action="employment.checks_due.list",
            changes={"cases": [case.pk for case, _due in shown]},
            people=[case.person.prison_number for case, _due in shown],
        )


def checks_due_for(*, user, today=None):
    """Released people in the user's scope whose 6-week or 6-month check is open and not recorded.

    Read from the employment-check touchpoints' own plans (open, not done, the case still followed), so this
    list, the worklist and the measures say the same.
    """
    today = today or date.today()
    if not (_active(user) and user.role in CHECK_ROLES):
        return []
    checks = {code: check for check, code in CHECK_TOUCHPOINTS.items()}
    open_checks = PlannedTouchpoint.objects.filter(work_to_do(today), code__in=checks, opens_on__lte=today)
    cases = (
        cases_visible_to(user, today=today)
        .filter(pk__in=open_checks.values("case_id"))
        .prefetch_related(
            Prefetch("planned_touchpoints", queryset=open_checks.order_by("opens_on"), to_attr="open_checks"),
            Prefetch(
                "job_applications",
                queryset=Application.objects.filter(status=ApplicationStatus.JOB_OFFER).select_related(
                    "opportunity__employer"
                ),
                to_attr="job_offers",
            ),
        )
        .order_by("discharge_date", "id")
    )
    return [(case, [checks[plan.code] for plan in case.open_checks]) for case in cases]
