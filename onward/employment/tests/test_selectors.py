from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from onward.audit.models import AuditEvent
from onward.cases.tests.factories import CaseFactory
from onward.employment import selectors, services
from onward.employment.constants import CheckPoint, JobSector, OffenceExclusion
from onward.employment.tests.conftest import org
from onward.employment.tests.factories import OpportunityFactory, WorkProfileFactory
from onward.journey import services as journey

pytestmark = pytest.mark.django_db
TODAY = date.today()


def test_the_work_page_case_is_scoped_404_outside_and_403_for_roles_without_work(lead, other_lead, id_admin, case):
    assert selectors.work_case_get(user=lead, case_id=case.pk) == case
    with pytest.raises(Http404):
        selectors.work_case_get(user=other_lead, case_id=case.pk)
    with pytest.raises(Http404):
        selectors.work_case_get(user=lead, case_id="not-a-number")
    with pytest.raises(PermissionDenied):
        selectors.work_case_get(user=id_admin, case_id=case.pk)


def test_person_facts_come_from_the_case_and_profile_in_one_query(case):
    WorkProfileFactory(case=case, offence_categories=[OffenceExclusion.ARSON], exclusion_zones=["NR2"])
    with CaptureQueriesContext(connection) as queries:
        [facts] = selectors.person_facts(type(case).objects.filter(pk=case.pk))
    assert len(queries) == 1
    assert facts.release_area == "NR3"
    assert facts.prison_outcode == org("NWI").outcode
    assert facts.sector_interests == {JobSector.HOSPITALITY}
    assert facts.offence_categories == {OffenceExclusion.ARSON}
    assert facts.in_custody


def test_a_person_without_a_profile_still_matches_on_place(case):
    OpportunityFactory(title="Near")
    OpportunityFactory(title="Far", postcode="E1 6AN", outcode="E1")
    fitting, not_fitting, _count = selectors.matches_for_case(case=case, radius_miles=15)
    assert [m.opportunity.title for m in fitting] == ["Near"]
    assert [m.opportunity.title for m in not_fitting] == ["Far"]


def test_withdrawn_and_long_closed_opportunities_are_left_out(case):
    OpportunityFactory(withdrawn=True)
    OpportunityFactory(closing_date=TODAY - timedelta(days=60))
    recently = OpportunityFactory(closing_date=TODAY - timedelta(days=2))
    fitting, not_fitting, _count = selectors.matches_for_case(case=case, radius_miles=15)
    assert fitting == []
    assert [m.opportunity.opportunity_id for m in not_fitting] == [recently.pk]
    assert "Closed on" in not_fitting[0].reasons_against[0].text


def test_prison_matches_cover_the_users_prison_leaving_soon_in_a_few_queries(lead, case):
    WorkProfileFactory(case=case)
    CaseFactory(prison=org("WLI"), release_area="NR3", discharge_date=case.discharge_date)
    CaseFactory(release_area="NR3", discharge_date=TODAY + timedelta(weeks=20))
    for _ in range(5):
        OpportunityFactory()
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.prison_matches(user=lead, weeks=12, radius_miles=15)
    assert len(queries) <= 6
    assert [person.case_id for person, _ in rows] == [case.pk]
    assert rows[0][1].total == 5
    assert len(selectors.prison_matches(user=lead, weeks=12, radius_miles=15, limit=2)[0][1].matches) == 2
    selectors.prison_matches_shown(user=lead, shown=rows)
    event = AuditEvent.objects.get(action="employment.matches")
    assert list(event.people.values_list("prison_number", flat=True)) == [case.person.prison_number]


def test_who_fits_is_named_for_caseworkers_and_counted_for_employer_engagement(lead, nfn, board, case):
    opportunity = OpportunityFactory()
    named = selectors.matches_for_opportunity(user=lead, opportunity=opportunity, weeks=12, radius_miles=15)
    assert [m.person.case_id for m in named["fitting"]] == [case.pk]
    counted = selectors.matches_for_opportunity(user=nfn, opportunity=opportunity, weeks=12, radius_miles=15)
    assert not counted["named"]
    # One person fits: the total reads "fewer than 5" and no prison is listed with a count from 0 to 4.
    assert counted["rows"] == []
    assert "fewer than 5" in str(counted["total"])
    assert case.person.family_name not in repr(counted)
    with pytest.raises(PermissionDenied):
        selectors.matches_for_opportunity(user=board, opportunity=opportunity, weeks=12, radius_miles=15)


def test_checks_due_list_released_people_until_recorded(lead, probation, released_case, case, committed):
    assert [c.pk for c, _due in selectors.checks_due_for(user=lead)] == [released_case.pk]
    assert [(c.pk, due) for c, due in selectors.checks_due_for(user=probation)] == [
        (released_case.pk, [CheckPoint.SIX_WEEKS])
    ]
    with committed():
        services.employment_check_record(
            actor=probation, case=released_case, check="6-weeks", outcome="employed", recorded_on=TODAY
        )
    assert selectors.checks_due_for(user=lead) == []


def test_labour_market_is_found_through_the_jobcentre_serving_the_release_area():
    district, record = selectors.labour_market_for_area("NR3")
    assert district.code == "DWPEAN"
    assert record is None
    assert selectors.labour_market_for_area("") == (None, None)


def test_who_keeps_labour_market_information(manager, jobcentre_coach, lead, nfn):
    assert list(selectors.labour_market_districts_for(manager).values_list("code", flat=True)) == ["DWPEAN"]
    assert list(selectors.labour_market_districts_for(jobcentre_coach).values_list("code", flat=True)) == ["DWPEAN"]
    assert not selectors.labour_market_districts_for(lead).exists()
    assert not selectors.labour_market_districts_for(nfn).exists()


def test_national_counts_narrow_by_place_and_agree_with_matching(nfn, case):
    for _ in range(4):
        CaseFactory(release_area="NR3", discharge_date=case.discharge_date)
    for _ in range(5):
        CaseFactory(prison=org("WLI"), release_area="E1", discharge_date=case.discharge_date)
    near_norwich = OpportunityFactory()
    counted = selectors.matches_for_opportunity(user=nfn, opportunity=near_norwich, weeks=12, radius_miles=15)
    assert [(row["prison"], row["figure"].shown) for row in counted["rows"]] == [(org("NWI").name, 5)]
    assert counted["total"].shown == 5
    anywhere = OpportunityFactory(national=True, postcode="", outcode="")
    counted = selectors.matches_for_opportunity(user=nfn, opportunity=anywhere, weeks=12, radius_miles=15)
    assert counted["total"].shown == 10
    wide = selectors.matches_for_opportunity(user=nfn, opportunity=near_norwich, weeks=12, radius_miles=200)
    assert wide["total"].shown == 10
    assert sum(row["figure"].value for row in wide["rows"]) == wide["total"].value


def test_a_check_recorded_on_the_journeys_touchpoint_counts_as_done(probation, lead, released_case, committed):
    assert [c.pk for c, _due in selectors.checks_due_for(user=lead)] == [released_case.pk]
    with committed():
        journey.touchpoint_record(
            actor=probation,
            case=released_case,
            code="employment-check-6-weeks",
            outcome="done",
            completed_on=TODAY,
            details={"employment_outcome": "self-employed"},
        )
    outcome = selectors.job_outcome(released_case)
    assert outcome["due"] == []
    # Recorded on the touchpoint, kept as the one employment check record.
    assert [check.outcome for check in outcome["checks"]] == ["self_employed"]
    assert selectors.checks_due_for(user=lead) == []
