from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases.tests.factories import CaseFactory
from onward.concurrency import StaleVersion
from onward.journey.models import PrisonJourneySettings, TouchpointRecord
from onward.journey.selectors import case_touchpoint
from onward.journey.services import touchpoints_replan
from onward.readiness import selectors, services
from onward.readiness.constants import ClaimPreparation
from onward.readiness.models import UniversalCreditRecord
from onward.readiness.tests.factories import jobcentre_serving

pytestmark = pytest.mark.django_db
TODAY = date(2026, 9, 3)
D = date(2026, 9, 2)


@pytest.fixture
def coach():
    return user_for(Role.PRISON_WORK_COACH, "NWI")


@pytest.fixture
def admin_user():
    return user_for(Role.ID_BANKING_ADMIN, "NWI")


@pytest.fixture
def case(coach):
    case = CaseFactory(release_area="NR3", claiming_benefits=True, uc_housing_costs=True, custodial_term_days=120)
    touchpoints_replan(actor=coach, case=case, reason="test", today=TODAY)
    return case


def errors_of(excinfo):
    return excinfo.value.message_dict


def recorded(case, code):
    """What the touchpoint says is recorded: from the Universal Credit record behind it."""
    touchpoint = case_touchpoint(case, code, as_of=TODAY)
    return touchpoint.recorded if touchpoint else None


def claim(actor, case, **overrides):
    values = {"advance_requested": True, "claim_made_on": date(2026, 9, 2)}
    return services.uc_claim_record(actor=actor, case=case, today=TODAY, **(values | overrides))


# --- on entry ---


def test_entry_dates_complete_their_touchpoints(coach, case):
    services.uc_entry_record(
        actor=coach,
        case=case,
        benefit_claim_closed_on=date(2026, 3, 4),
        housing_costs_continued_on=date(2026, 3, 5),
        today=TODAY,
    )
    record = UniversalCreditRecord.objects.get(case=case)
    assert record.benefit_claim_closed_on == date(2026, 3, 4)
    assert recorded(case, "benefit-claim-closure").on == date(2026, 3, 4)
    assert recorded(case, "uc-housing-costs").on == date(2026, 3, 5)
    event = AuditEvent.objects.get(action="readiness.uc.entry")
    assert event.changes["benefit_claim_closed_on"] == [None, "2026-03-04"]


def test_entry_recorded_by_someone_else_is_still_the_fact(admin_user, case):
    """One fact, one home: the claim was closed whoever recorded it, and nothing is ticked anywhere else."""
    services.uc_entry_record(actor=admin_user, case=case, benefit_claim_closed_on=date(2026, 3, 4), today=TODAY)
    assert UniversalCreditRecord.objects.get(case=case).benefit_claim_closed_on == date(2026, 3, 4)
    assert recorded(case, "benefit-claim-closure").on == date(2026, 3, 4)
    assert not TouchpointRecord.objects.exists()


def test_entry_dates_are_not_in_the_future_or_before_reception(coach, case):
    with pytest.raises(ValidationError) as excinfo:
        services.uc_entry_record(
            actor=coach,
            case=case,
            benefit_claim_closed_on=date(2026, 9, 4),
            housing_costs_continued_on=date(2026, 3, 1),
            today=TODAY,
        )
    errors = errors_of(excinfo)
    assert errors["benefit_claim_closed_on"] == ["The date the benefit claim was closed must be today or in the past"]
    assert errors["housing_costs_continued_on"] == [
        "The date housing costs continuation was arranged must be on or after the reception date"
    ]
    assert not UniversalCreditRecord.objects.exists()


def test_entry_needs_one_date(coach, case):
    with pytest.raises(ValidationError) as excinfo:
        services.uc_entry_record(actor=coach, case=case, today=TODAY)
    assert "benefit_claim_closed_on" in errors_of(excinfo)


# --- preparation ---


def test_the_claim_is_prepared_when_every_item_is_ticked(coach, case):
    early = date(2026, 8, 3)
    services.uc_preparation_record(actor=coach, case=case, checklist=[ClaimPreparation.ID], today=early)
    assert not selectors.uc_record_get(case).claim_prepared
    item = selectors.readiness_summary(case, today=early).item("uc-claim")
    assert (item.state, item.detail.split(";")[0]) == ("in-progress", "Claim preparation: 1 of 8 ready")
    services.uc_preparation_record(actor=coach, case=case, checklist=list(ClaimPreparation.values), today=early)
    assert selectors.uc_record_get(case).claim_prepared
    item = selectors.readiness_summary(case, today=early).item("uc-claim")
    assert item.detail.startswith("Claim prepared: ready to claim")
    # The claim itself is what puts it in place.
    claim(coach, case)
    assert selectors.readiness_summary(case, today=TODAY).item("uc-claim").state == "in-place"


def test_unknown_checklist_items_are_refused(coach, case):
    with pytest.raises(ValidationError) as excinfo:
        services.uc_preparation_record(actor=coach, case=case, checklist=["passport-photo"], today=TODAY)
    assert errors_of(excinfo)["checklist"] == ["Unknown items: passport-photo"]


# --- the claim ---


def test_a_claim_completes_uc_claim_and_an_advance_asked_for_brings_in_the_advance(coach, case):
    claim(coach, case, claim_made_on=date(2026, 9, 1))
    assert recorded(case, "uc-claim").on == date(2026, 9, 1)
    advance = case_touchpoint(case, "advance-payment", as_of=date(2026, 9, 2))
    assert (advance.due_on, advance.status) == (D, "open")
    summary = selectors.readiness_summary(case, today=date(2026, 9, 2))
    assert summary.item("advance").detail.startswith("Advance requested")


def test_a_claim_recorded_by_another_member_of_prison_staff_is_still_the_claim(admin_user, case):
    claim(admin_user, case)
    assert selectors.uc_record_get(case).claim_made_on == date(2026, 9, 2)
    assert recorded(case, "uc-claim").on == date(2026, 9, 2)


def test_a_claim_on_release_is_not_more_than_5_working_days_early(coach, case):
    # Monday 31 August 2026 is the summer bank holiday, so 5 working days back is Tuesday 25 August.
    assert selectors.uc_claim_earliest_date(D) == date(2026, 8, 25)
    with pytest.raises(ValidationError) as excinfo:
        claim(coach, case, claim_made_on=date(2026, 8, 24))
    assert errors_of(excinfo)["claim_made_on"] == [
        "The date the claim was made must be on or after 5 working days before the discharge date"
    ]
    claim(coach, case, claim_made_on=date(2026, 8, 25))


def test_a_claim_is_not_in_the_future(coach, case):
    with pytest.raises(ValidationError) as excinfo:
        claim(coach, case, claim_made_on=date(2026, 9, 4))
    assert errors_of(excinfo)["claim_made_on"] == ["The date the claim was made must be today or in the past"]


def test_an_answer_about_the_advance_is_needed(coach, case):
    with pytest.raises(ValidationError) as excinfo:
        claim(coach, case, advance_requested=None)
    assert "advance_requested" in errors_of(excinfo)


def test_a_claim_started_in_custody_only_where_the_prison_does_that(coach, case):
    with pytest.raises(ValidationError) as excinfo:
        claim(coach, case, claim_started_in_custody_on=date(2026, 8, 20), claim_made_on=None)
    assert errors_of(excinfo)["claim_started_in_custody_on"] == [
        "This prison does not start Universal Credit claims in custody"
    ]
    PrisonJourneySettings.objects.create(prison=case.prison, starts_uc_claims_in_custody=True)
    claim(coach, case, claim_started_in_custody_on=date(2026, 8, 20), claim_made_on=None)
    assert recorded(case, "uc-claim").on == date(2026, 8, 20)


# --- the advance ---


def advance(actor, case, **overrides):
    values = {"advance_paid_amount": Decimal("350.00"), "advance_paid_on": date(2026, 9, 3)}
    return services.uc_advance_record(actor=actor, case=case, today=TODAY, **(values | overrides))


def test_the_jobcentre_work_coach_records_the_advance_and_completes_advance_payment(coach, case):
    jobcentre = jobcentre_serving("NR3", code="JCTEST1", name="Test Jobcentre")
    case.handed_over_to = jobcentre
    case.save()
    claim(coach, case)
    jobcentre_coach = user_for(Role.JOBCENTRE_WORK_COACH, "JCTEST1")
    advance(jobcentre_coach, case)
    assert selectors.uc_record_get(case).advance_paid_amount == Decimal("350.00")
    assert recorded(case, "advance-payment").on == date(2026, 9, 3)


def test_a_jobcentre_the_case_was_not_handed_to_cannot_record_the_advance(coach, case):
    jobcentre_serving("NR3", code="JCTEST1", name="Test Jobcentre")
    claim(coach, case)
    with pytest.raises(PermissionDenied):
        advance(user_for(Role.JOBCENTRE_WORK_COACH, "JCTEST1"), case)


def test_an_advance_recorded_by_the_prison_work_coach_is_still_the_advance(coach, case):
    claim(coach, case)
    advance(coach, case)
    assert recorded(case, "advance-payment").on == date(2026, 9, 3)


def test_an_advance_is_paid_only_if_requested(coach, case):
    claim(coach, case, advance_requested=False)
    with pytest.raises(ValidationError) as excinfo:
        advance(coach, case)
    assert errors_of(excinfo)["advance_paid_amount"] == [
        "Record that an advance was requested before recording it paid"
    ]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("2000.01"), "Amount paid must be £2000.00 or less"),
        (Decimal("-1"), "Amount paid must be 0 or more"),
        (None, "Enter the amount paid, in pounds and pence"),
    ],
)
def test_advance_amounts_are_0_to_2000(coach, case, amount, message):
    claim(coach, case)
    with pytest.raises(ValidationError) as excinfo:
        advance(coach, case, advance_paid_amount=amount)
    assert errors_of(excinfo)["advance_paid_amount"] == [message]


def test_an_advance_is_not_paid_in_the_future_or_before_the_claim(coach, case):
    claim(coach, case)
    with pytest.raises(ValidationError) as excinfo:
        advance(coach, case, advance_paid_on=date(2026, 9, 4))
    assert errors_of(excinfo)["advance_paid_on"] == ["The date the advance was paid must be today or in the past"]
    with pytest.raises(ValidationError) as excinfo:
        advance(coach, case, advance_paid_on=date(2026, 9, 1))
    assert errors_of(excinfo)["advance_paid_on"] == [
        "The date the advance was paid must be on or after the date of the claim"
    ]


def test_a_paid_advance_keeps_the_request(coach, case):
    claim(coach, case)
    advance(coach, case)
    with pytest.raises(ValidationError) as excinfo:
        claim(coach, case, advance_requested=False)
    assert "advance_requested" in errors_of(excinfo)


# --- the API's PATCH: every part at once ------------------------------------------------------------------


def test_a_change_of_several_parts_goes_through_each_parts_service(coach, case):
    record = services.uc_record_change(
        actor=coach,
        case=case,
        changes={
            "benefit_claim_closed_on": date(2026, 3, 3),
            "checklist": list(ClaimPreparation.values),
            "advance_requested": True,
            "claim_made_on": D,
        },
        expected_version=0,
        today=TODAY,
    )
    assert (record.benefit_claim_closed_on, record.claim_prepared, record.advance_requested) == (
        date(2026, 3, 3),
        True,
        True,
    )
    actions = set(AuditEvent.objects.filter(action__startswith="readiness.uc.").values_list("action", flat=True))
    assert actions == {"readiness.uc.entry", "readiness.uc.preparation", "readiness.uc.claim"}
    assert case_touchpoint(case, "uc-claim", as_of=TODAY).status == "done"


def test_a_refused_part_leaves_the_parts_before_it_unwritten(coach, case):
    with pytest.raises(ValidationError) as excinfo:
        services.uc_record_change(
            actor=coach,
            case=case,
            changes={"housing_costs_continued_on": date(2026, 3, 3), "advance_paid_amount": Decimal("99999")},
            today=TODAY,
        )
    assert "advance_paid_amount" in excinfo.value.message_dict
    assert not UniversalCreditRecord.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="readiness.uc.").exists()


def test_fields_not_changed_keep_their_values_and_the_version_is_checked_once(coach, case):
    services.uc_entry_record(actor=coach, case=case, benefit_claim_closed_on=date(2026, 3, 3), today=TODAY)
    with pytest.raises(StaleVersion):
        services.uc_record_change(
            actor=coach, case=case, changes={"housing_costs_continued_on": date(2026, 3, 4)}, expected_version=0
        )
    record = services.uc_record_change(
        actor=coach,
        case=case,
        changes={"housing_costs_continued_on": date(2026, 3, 4), "checklist": ["id"]},
        expected_version=1,
        today=TODAY,
    )
    assert (record.benefit_claim_closed_on, record.housing_costs_continued_on) == (date(2026, 3, 3), date(2026, 3, 4))
    assert record.version == 3


def test_a_part_the_actor_may_not_record_is_refused(case):
    with pytest.raises(PermissionDenied):
        services.uc_record_change(
            actor=user_for(Role.PROBATION_PRACTITIONER, "N56NOSU"), case=case, changes={"checklist": ["id"]}
        )
    assert not UniversalCreditRecord.objects.exists()
