from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onward.audit.models import AuditEvent
from onward.employment import services
from onward.employment.constants import (
    ApplicationStatus,
    CheckPoint,
    EmployerSector,
    EmploymentOutcome,
    EngagementKind,
    EngagementOutcome,
    JobSector,
    OffenceExclusion,
    OpportunityKind,
    ProfileStatus,
    Reach,
    SupportDeclinedReason,
)
from onward.employment.models import (
    Application,
    Employer,
    EmploymentCheck,
    LabourMarketInformation,
    Opportunity,
    WorkProfile,
)
from onward.employment.tests.conftest import org
from onward.employment.tests.factories import EmployerFactory, OpportunityFactory
from onward.journey import services as journey_services
from onward.journey.models import TimelineEntry, TouchpointRecord
from onward.journey.selectors import case_touchpoint

pytestmark = pytest.mark.django_db
TODAY = date.today()


def profile_values(**kwargs):
    return {"status": ProfileStatus.SUPPORT_NEEDED, "sector_interests": [JobSector.HOSPITALITY]} | kwargs


def employer_values(**kwargs):
    return {
        "name": "Yare Valley Kitchens",
        "sector": EmployerSector.HOSPITALITY_CATERING,
        "tier": "",
        "reach": Reach.LOCAL,
        "postcode": "nr3 1ab",
        "notes": "",
    } | kwargs


def vacancy_values(employer, **kwargs):
    return {
        "kind": OpportunityKind.VACANCY,
        "employer": employer,
        "title": "Kitchen porter",
        "sector": JobSector.HOSPITALITY,
        "postcode": "NR3 1AB",
        "closing_date": TODAY + timedelta(days=30),
    } | kwargs


def errors_of(excinfo):
    return excinfo.value.message_dict


# The work readiness profile.


def test_the_prison_records_a_profile_and_the_change_is_audited(lead, case):
    profile = services.work_profile_save(
        actor=lead, case=case, **profile_values(exclusion_zones="nr2, NR4", rotl_eligible=True)
    )
    assert profile.exclusion_zones == ["NR2", "NR4"]
    event = AuditEvent.objects.filter(action="employment.profile.create").get()
    assert event.prison_number == case.person.prison_number
    services.work_profile_save(actor=lead, case=case, **profile_values(sector_interests=[JobSector.RETAIL]))
    change = AuditEvent.objects.filter(action="employment.profile.change").get()
    assert change.changes["sector_interests"] == [JobSector.RETAIL]
    assert "status" not in change.changes
    assert WorkProfile.objects.count() == 1


def test_declined_support_needs_reasons(lead, case):
    with pytest.raises(ValidationError) as excinfo:
        services.work_profile_save(actor=lead, case=case, status=ProfileStatus.SUPPORT_DECLINED)
    assert "declined_reasons" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.work_profile_save(
            actor=lead, case=case, status=ProfileStatus.SUPPORT_DECLINED, declined_reasons=[SupportDeclinedReason.OTHER]
        )
    assert "declined_other" in errors_of(excinfo)
    assert not WorkProfile.objects.exists()


def test_a_profile_refuses_unknown_codes_and_places_and_huge_text(lead, case):
    with pytest.raises(ValidationError) as excinfo:
        services.work_profile_save(
            actor=lead,
            case=case,
            **profile_values(
                sector_interests=["ASTRONAUT"],
                offence_categories=[OffenceExclusion.NONE],
                exclusion_zones="ZZ99 NR1",
                experience="x" * 5000,
            ),
        )
    assert set(errors_of(excinfo)) == {"sector_interests", "offence_categories", "exclusion_zones", "experience"}
    with pytest.raises(ValidationError) as excinfo:
        services.work_profile_save(actor=lead, case=case, **profile_values(exclusion_zones="QQ1"))
    assert "not a postcode district we know" in errors_of(excinfo)["exclusion_zones"][0]
    assert not AuditEvent.objects.filter(action__startswith="employment.profile").exists()


def test_only_the_persons_own_prison_staff_change_the_profile(other_lead, id_admin, probation, case):
    for actor in (other_lead, id_admin, probation):
        with pytest.raises(PermissionDenied):
            services.work_profile_save(actor=actor, case=case, **profile_values())


# Employers and engagement.


def test_employers_are_added_once_by_name_and_postcode_with_clear_messages(lead, nfn):
    employer = services.employer_save(actor=nfn, **employer_values(name="  Café Ŵensum  "))
    assert employer.name == "Café Ŵensum"
    assert employer.postcode == "NR3 1AB"
    with pytest.raises(ValidationError) as excinfo:
        services.employer_save(actor=lead, **employer_values(name="Café Ŵensum"))
    assert "already recorded" in errors_of(excinfo)["name"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.employer_save(
            actor=lead, **employer_values(name="", postcode="NOT A POSTCODE", sector="X", notes="n" * 3000)
        )
    assert set(errors_of(excinfo)) == {"name", "postcode", "sector", "notes"}
    assert Employer.objects.count() == 1


def test_people_outside_employer_engagement_cannot_add_employers(probation, board, jobcentre_coach):
    for actor in (probation, board, jobcentre_coach):
        with pytest.raises(PermissionDenied):
            services.employer_save(actor=actor, **employer_values())


def test_engagement_is_recorded_with_its_outcome(nfn):
    employer = EmployerFactory()
    engagement = services.engagement_record(
        actor=nfn,
        employer=employer,
        happened_on=TODAY,
        kind=EngagementKind.INFORMATION,
        outcome=EngagementOutcome.VACANCY_OFFERED,
        summary="Explained the disclosure letter and ROTL",
    )
    assert engagement.recorded_by_name == nfn.display_name
    assert AuditEvent.objects.filter(action="employment.engagement.record").exists()
    with pytest.raises(ValidationError) as excinfo:
        services.engagement_record(
            actor=nfn, employer=employer, happened_on=TODAY + timedelta(days=1), kind="party", outcome=""
        )
    assert set(errors_of(excinfo)) == {"happened_on", "kind", "outcome"}


# Opportunities.


def test_a_vacancy_keeps_its_postcode_district_for_matching(lead):
    employer = EmployerFactory()
    opportunity = services.opportunity_save(
        actor=lead, **vacancy_values(employer, pay_amount=Decimal("11.44"), pay_period="PER_HOUR")
    )
    assert (opportunity.postcode, opportunity.outcode) == ("NR3 1AB", "NR3")
    national = services.opportunity_save(actor=lead, **vacancy_values(employer, national=True, postcode="NR3 1AB"))
    assert (national.postcode, national.outcode) == ("", "")


def test_an_opportunity_explains_what_is_wrong(lead):
    employer = EmployerFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.opportunity_save(
            actor=lead,
            **vacancy_values(
                None,
                postcode="QQ1 1AA",
                pay_amount=Decimal("-1"),
                closing_date=TODAY - timedelta(days=1),
                offence_exclusions=[OffenceExclusion.NONE, OffenceExclusion.ARSON],
            ),
        )
    assert set(errors_of(excinfo)) == {"employer", "postcode", "pay_amount", "closing_date", "offence_exclusions"}
    with pytest.raises(ValidationError) as excinfo:
        services.opportunity_save(actor=lead, **vacancy_values(employer, kind=OpportunityKind.ROTL_PLACEMENT))
    assert "prison" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.opportunity_save(actor=lead, **vacancy_values(employer, pay_amount=Decimal("9.50")))
    assert "pay_period" in errors_of(excinfo)
    assert not Opportunity.objects.exists()


def test_a_rotl_placement_is_offered_to_one_prison(lead):
    placement = services.opportunity_save(
        actor=lead,
        **vacancy_values(EmployerFactory(), kind=OpportunityKind.ROTL_PLACEMENT, prison=org("NWI"), postcode="NR1"),
    )
    assert placement.prison.code == "NWI"
    assert placement.outcode == "NR1"


# Applications.


def test_an_application_goes_to_a_job_offer_with_history_timeline_and_audit(lead, case):
    opportunity = OpportunityFactory()
    application = services.application_create(
        actor=lead, case=case, opportunity=opportunity, applied_on=TODAY - timedelta(days=10)
    )
    for status, days_ago in (
        (ApplicationStatus.SELECTED_FOR_INTERVIEW, 8),
        (ApplicationStatus.INTERVIEW_BOOKED, 6),
    ):
        services.application_update(
            actor=lead, application=application, status=status, changed_on=TODAY - timedelta(days=days_ago)
        )
    services.application_update(
        actor=lead,
        application=application,
        status=ApplicationStatus.JOB_OFFER,
        changed_on=TODAY,
        job_start_date=TODAY + timedelta(days=40),
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.JOB_OFFER
    assert application.job_start_date == TODAY + timedelta(days=40)
    assert [c.status for c in application.history.all()] == [
        ApplicationStatus.APPLICATION_MADE,
        ApplicationStatus.SELECTED_FOR_INTERVIEW,
        ApplicationStatus.INTERVIEW_BOOKED,
        ApplicationStatus.JOB_OFFER,
    ]
    assert TimelineEntry.objects.filter(case=case, kind="employment").count() == 4
    assert AuditEvent.objects.filter(action="employment.application.update").count() == 3


def test_an_application_cannot_go_backwards_or_be_recorded_twice(lead, case):
    opportunity = OpportunityFactory()
    application = services.application_create(actor=lead, case=case, opportunity=opportunity, applied_on=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.application_create(actor=lead, case=case, opportunity=opportunity, applied_on=TODAY)
    assert "already recorded" in errors_of(excinfo)["opportunity"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.application_update(
            actor=lead, application=application, status=ApplicationStatus.APPLICATION_MADE, changed_on=TODAY
        )
    assert "status" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.application_update(
            actor=lead,
            application=application,
            status=ApplicationStatus.SELECTED_FOR_INTERVIEW,
            changed_on=TODAY - timedelta(days=1),
            job_start_date=TODAY,
        )
    assert set(errors_of(excinfo)) == {"changed_on", "job_start_date"}
    assert Application.objects.get().history.count() == 1


def test_another_prisons_staff_cannot_record_applications(other_lead, case):
    with pytest.raises(PermissionDenied):
        services.application_create(actor=other_lead, case=case, opportunity=OpportunityFactory(), applied_on=TODAY)


# Labour market information.


def test_the_district_keeps_its_labour_market_information_up_to_date(manager, jobcentre_coach, lead):
    district = org("DWPEAN")
    services.labour_market_save(
        actor=manager,
        district=district,
        summary="Care and logistics are hiring",
        growing_sectors=["WAREHOUSING"],
        as_of=TODAY,
    )
    services.labour_market_save(actor=jobcentre_coach, district=district, summary="Updated", as_of=TODAY)
    assert LabourMarketInformation.objects.get().summary == "Updated"
    with pytest.raises(PermissionDenied):
        services.labour_market_save(actor=lead, district=district, summary="No", as_of=TODAY)
    with pytest.raises(PermissionDenied):
        services.labour_market_save(actor=manager, district=org("DWPKEN"), summary="Not mine", as_of=TODAY)


# Employment checks.


def test_probation_records_the_six_week_check_and_completes_the_touchpoint(probation, released_case):
    application = Application.objects.create(
        case=released_case, opportunity=OpportunityFactory(), status=ApplicationStatus.JOB_OFFER
    )
    check = services.employment_check_record(
        actor=probation,
        case=released_case,
        check=CheckPoint.SIX_WEEKS,
        outcome=EmploymentOutcome.EMPLOYED,
        recorded_on=TODAY,
        application=application,
    )
    assert check.employer_name == application.opportunity.employer.name
    assert EmploymentCheck.objects.filter(checkpoint="6-weeks").count() == 1
    touchpoint = case_touchpoint(released_case, "employment-check-6-weeks", as_of=TODAY)
    assert (touchpoint.status, touchpoint.evidence.what) == ("done", "Employed")
    with pytest.raises(ValidationError) as excinfo:
        services.employment_check_record(
            actor=probation,
            case=released_case,
            check=CheckPoint.SIX_WEEKS,
            outcome=EmploymentOutcome.EMPLOYED,
            recorded_on=TODAY,
        )
    assert "already recorded" in errors_of(excinfo)["check"][0]


def test_the_prison_employment_lead_records_a_check_and_leaves_probations_touchpoint_to_probation(lead, released_case):
    services.employment_check_record(
        actor=lead,
        case=released_case,
        check=CheckPoint.SIX_WEEKS,
        outcome=EmploymentOutcome.SELF_EMPLOYED,
        recorded_on=TODAY,
    )
    assert not TouchpointRecord.objects.filter(case=released_case).exists()


def test_checks_are_refused_too_early_for_someone_elses_case_or_with_anothers_job(
    probation, lead, other_lead, released_case, case
):
    with pytest.raises(ValidationError) as excinfo:
        services.employment_check_record(
            actor=probation,
            case=released_case,
            check=CheckPoint.SIX_MONTHS,
            outcome=EmploymentOutcome.EMPLOYED,
            recorded_on=TODAY,
        )
    assert "can be done from" in errors_of(excinfo)["recorded_on"][0]
    elsewhere = Application.objects.create(case=case, opportunity=OpportunityFactory())
    with pytest.raises(ValidationError) as excinfo:
        services.employment_check_record(
            actor=lead,
            case=released_case,
            check=CheckPoint.SIX_WEEKS,
            outcome="bored",
            recorded_on=TODAY,
            application=elsewhere,
        )
    assert set(errors_of(excinfo)) == {"outcome", "application"}
    with pytest.raises(PermissionDenied):
        services.employment_check_record(
            actor=other_lead,
            case=released_case,
            check=CheckPoint.SIX_WEEKS,
            outcome=EmploymentOutcome.EMPLOYED,
            recorded_on=TODAY,
        )
    with pytest.raises(PermissionDenied):
        services.employment_check_record(
            actor=lead, case=case, check=CheckPoint.SIX_WEEKS, outcome=EmploymentOutcome.EMPLOYED, recorded_on=TODAY
        )
    assert not EmploymentCheck.objects.exists()


def test_the_first_assessment_completes_the_employment_assessment_touchpoint(lead, coach, case):
    """The first profile with a status is the assessment: the touchpoint is done on its day, and stays so."""
    first_day = case.reception_date + timedelta(days=3)
    services.work_profile_save(actor=lead, case=case, **profile_values(), today=first_day)
    touchpoint = case_touchpoint(case, "employment-assessment", as_of=first_day)
    assert (touchpoint.status, touchpoint.recorded.on) == ("done", first_day)
    services.work_profile_save(actor=lead, case=case, **profile_values(status=ProfileStatus.READY_TO_WORK))
    assert case_touchpoint(case, "employment-assessment", as_of=first_day).recorded.on == first_day
    assert not TouchpointRecord.objects.filter(case=case).exists()


def test_employers_have_contacts(nfn, probation):
    employer = EmployerFactory()
    contact = services.employer_contact_add(
        actor=nfn, employer=employer, name="Dafydd ap Siôn", job_title="Site manager", email="dafydd@example.com"
    )
    assert list(employer.contacts.all()) == [contact]
    assert AuditEvent.objects.filter(action="employment.employer.contact_add").exists()
    with pytest.raises(ValidationError) as excinfo:
        services.employer_contact_add(actor=nfn, employer=employer, name=" ", email="nope", phone="1" * 40)
    assert set(errors_of(excinfo)) == {"name", "email", "phone"}
    with pytest.raises(PermissionDenied):
        services.employer_contact_add(actor=probation, employer=employer, name="No")


def test_a_check_recorded_on_the_journeys_touchpoint_is_the_same_one_record(probation, released_case):
    journey_services.touchpoint_record(
        actor=probation,
        case=released_case,
        code="employment-check-6-weeks",
        outcome="done",
        completed_on=TODAY,
        details={"employment_outcome": "self-employed", "job": "Window cleaning round"},
        today=TODAY,
    )
    check = EmploymentCheck.objects.get(case=released_case)
    assert (check.checkpoint, check.outcome, check.employer_name) == (
        "6-weeks",
        "self_employed",
        "Window cleaning round",
    )
    assert not TouchpointRecord.objects.filter(case=released_case).exists()
