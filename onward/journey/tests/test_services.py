from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases import services as case_services
from onward.cases.constants import LegalStatus
from onward.estate.models import Organisation
from onward.journey import selectors, services
from onward.journey.models import LocalTiming, PlannedTouchpoint, PrisonJourneySettings, TimelineEntry, TouchpointRecord
from onward.readiness.models import JobcentreAppointment

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 28)


@pytest.fixture
def coach():
    return user_for(Role.PRISON_WORK_COACH, "NWI", first_name="Priya", last_name="Sharma")


@pytest.fixture
def case(coach, committed):
    with committed():
        return case_services.case_create(
            actor=coach,
            prison=Organisation.objects.get(code="NWI"),
            prison_number="A1234BC",
            given_name="Jordan",
            family_name="Example",
            date_of_birth=date(1990, 1, 1),
            reception_date=date(2026, 3, 2),
            legal_status=LegalStatus.SENTENCED,
            sentence_date=date(2026, 3, 2),
            custodial_term_days=365,
            release_date=date(2026, 9, 2),
            employed_at_reception=True,
            today=TODAY,
        )


def planned(case):
    return {p.code: p for p in PlannedTouchpoint.objects.filter(case=case)}


def test_opening_a_case_plans_its_touchpoints(case):
    plan = planned(case)
    assert plan["pre-release-support"].due_on == date(2026, 6, 10)
    assert plan["pre-release-support"].owner_role == Role.PRISON_WORK_COACH
    assert "benefit-claim-closure" not in plan


def test_recording_the_pre_release_interview_with_its_checklist(coach, case, committed):
    with committed():
        record = services.touchpoint_record(
            actor=coach,
            case=case,
            code="pre-release-support",
            outcome="done",
            completed_on=TODAY,
            checklist=["documents-discussed", "gfie-offered"],
            notes="Talked through the claim.",
            today=TODAY,
        )
    assert record.recorded_by_name == "Priya Sharma"
    assert planned(case)["pre-release-support"].outcome == "done"
    status = {t.code: t.status for t in selectors.case_touchpoints(case, as_of=TODAY)}
    assert status["pre-release-support"] == "done"
    assert AuditEvent.objects.filter(action="touchpoint.record", object_id=str(case.pk)).exists()
    assert TimelineEntry.objects.filter(case=case, kind="touchpoint").exists()


def test_the_interview_needs_a_checklist(coach, case):
    with pytest.raises(ValidationError) as error:
        services.touchpoint_record(
            actor=coach, case=case, code="pre-release-support", outcome="done", completed_on=TODAY, today=TODAY
        )
    assert "checklist" in error.value.message_dict
    assert not TouchpointRecord.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"outcome": "declined"}, "reason"),
        ({"outcome": "maybe"}, "outcome"),
        ({"completed_on": date(2030, 1, 1)}, "completed_on"),
        ({"completed_on": date(2020, 1, 1)}, "completed_on"),
        ({"checklist": ["documents-discussed", "made-up"]}, "checklist"),
        ({"checklist": ["claim-prepared"]}, "checklist"),
        ({"checklist": ["appointment-booked"]}, "checklist"),
    ],
)
def test_bad_records_are_refused_field_by_field(coach, case, kwargs, field):
    values = {"outcome": "done", "completed_on": TODAY, "checklist": ["documents-discussed"]} | kwargs
    with pytest.raises(ValidationError) as error:
        services.touchpoint_record(actor=coach, case=case, code="pre-release-support", today=TODAY, **values)
    assert field in error.value.message_dict


def test_only_the_owner_role_records_a_touchpoint(case):
    lead = user_for(Role.PRISON_EMPLOYMENT_LEAD, "NWI")
    with pytest.raises(PermissionDenied):
        services.touchpoint_record(
            actor=lead,
            case=case,
            code="pre-release-support",
            outcome="done",
            completed_on=TODAY,
            checklist=["documents-discussed"],
            today=TODAY,
        )
    services.touchpoint_record(
        actor=lead,
        case=case,
        code="employment-assessment",
        outcome="declined",
        reason="person-declined",
        completed_on=TODAY,
        today=TODAY,
    )


def test_done_on_a_touchpoint_whose_duty_is_a_record_names_the_record_to_complete(case):
    """Recording the touchpoint writes the record, or says which record to complete (here: the work profile)."""
    lead = user_for(Role.PRISON_EMPLOYMENT_LEAD, "NWI")
    with pytest.raises(ValidationError) as error:
        services.touchpoint_record(
            actor=lead, case=case, code="employment-assessment", outcome="done", completed_on=TODAY, today=TODAY
        )
    assert "work readiness profile" in error.value.message_dict["outcome"][0]
    assert not TouchpointRecord.objects.exists()


def test_a_touchpoint_that_does_not_apply_cannot_be_recorded(coach, case):
    with pytest.raises(ValidationError):
        services.touchpoint_record(
            actor=coach, case=case, code="benefit-claim-closure", outcome="done", completed_on=TODAY, today=TODAY
        )


def test_recording_twice_needs_an_undo_first(coach, case):
    services.touchpoint_record(
        actor=coach,
        case=case,
        code="employer-liaison",
        outcome="not-applicable",
        reason="no-longer-relevant",
        completed_on=TODAY,
        today=TODAY,
    )
    with pytest.raises(ValidationError):
        services.touchpoint_record(
            actor=coach, case=case, code="employer-liaison", outcome="done", completed_on=TODAY, today=TODAY
        )
    services.touchpoint_undo(actor=coach, case=case, code="employer-liaison", today=TODAY)
    assert planned(case)["employer-liaison"].outcome == ""
    assert TouchpointRecord.objects.get(code="employer-liaison").undone_by == coach
    assert AuditEvent.objects.filter(action="touchpoint.undo").exists()
    services.touchpoint_record(
        actor=coach, case=case, code="employer-liaison", outcome="done", completed_on=TODAY, today=TODAY
    )


def test_recording_the_appointment_touchpoint_books_the_appointment_and_brings_in_the_first_attendance(
    coach, case, committed
):
    """The appointment is the record: recording the touchpoint books it (at a jobcentre serving the area)."""
    case = case_services.case_update(actor=coach, case=case, changes={"release_area": "NR1"}, today=TODAY)
    jobcentre = Organisation.objects.get(code="JCNORW")
    values = {
        "actor": coach,
        "case": case,
        "code": "jobcentre-appointment",
        "outcome": "done",
        "completed_on": TODAY,
        "today": TODAY,
    }
    with pytest.raises(ValidationError) as error:
        services.touchpoint_record(
            **values,
            details={"appointment_date": date(2026, 9, 1), "appointment_time": time(10), "jobcentre": jobcentre.code},
        )
    assert "appointment_date" in error.value.message_dict
    with committed():
        services.touchpoint_record(
            **values,
            details={"appointment_date": date(2026, 9, 3), "appointment_time": time(10), "jobcentre": jobcentre.code},
        )
    assert JobcentreAppointment.objects.get(case=case).appointment_on == date(2026, 9, 3)
    plan = planned(case)
    assert plan["jobcentre-appointment"].outcome == "done"
    assert plan["first-jobcentre-attendance"].due_on == date(2026, 9, 3)
    assert plan["first-jobcentre-attendance"].owner_role == Role.JOBCENTRE_WORK_COACH
    assert not TouchpointRecord.objects.filter(code="jobcentre-appointment").exists()


def test_moving_the_release_date_replans_and_says_what_moved(coach, case, committed):
    with committed():
        case_services.case_update(actor=coach, case=case, changes={"release_date": date(2026, 9, 16)}, today=TODAY)
    assert planned(case)["pre-release-support"].due_on == date(2026, 6, 24)
    entry = TimelineEntry.objects.filter(case=case, kind="replanned").latest("occurred_at")
    assert "release date" in entry.title
    assert "12-week pre-release interview moved from 10 June 2026 to 24 June 2026" in entry.description


def test_a_prison_that_starts_claims_in_custody_moves_the_uc_claim_earlier(coach, case):
    PrisonJourneySettings.objects.create(prison=case.prison, starts_uc_claims_in_custody=True)
    services.touchpoints_replan(actor=None, case=case, reason="settings", today=TODAY)
    assert planned(case)["uc-claim"].due_on == date(2026, 8, 25)


def test_local_timings_replan_the_case(coach, case):
    LocalTiming.objects.create(prison=case.prison, code="release-plan-shared", which="due", anchor="D", weeks=-13)
    services.touchpoints_replan(actor=None, case=case, reason="local agreement", today=TODAY)
    assert planned(case)["release-plan-shared"].due_on == date(2026, 6, 3)


def test_transfer_keeps_the_plan_with_the_case_and_notes_it(coach, case, committed):
    with committed():
        case_services.case_transfer(
            actor=coach,
            case=case,
            to_prison=Organisation.objects.get(code="WLI"),
            transfer_date=date(2026, 4, 1),
            today=TODAY,
        )
    assert PlannedTouchpoint.objects.filter(case=case).exists()
    assert TimelineEntry.objects.filter(case=case, kind="transfer").exists()


def test_recall_retires_the_old_plan_from_the_worklists_and_opens_a_new_one(coach, case, committed):
    with committed():
        released = case_services.case_record_discharge(
            actor=coach, case=case, actual_discharge_date=date(2026, 9, 2), today=date(2026, 9, 3)
        )
    with committed():
        recall = case_services.case_recall(
            actor=coach, case=released, recall_date=date(2026, 10, 1), prison=case.prison, today=date(2026, 10, 2)
        )
    # The old episode's plan stays for the measures, no longer live work.
    assert not PlannedTouchpoint.objects.filter(case=case, live=True).exists()
    assert PlannedTouchpoint.objects.filter(case=case, live=False).exists()
    assert set(planned(recall)) == {"employment-assessment"}


def test_nightly_replan_is_idempotent(coach, case):
    before = list(PlannedTouchpoint.objects.filter(case=case).values_list("code", "opens_on", "due_on", "outcome"))
    services.touchpoints_replan_all(today=TODAY)
    services.touchpoints_replan_all(today=TODAY)
    assert (
        list(PlannedTouchpoint.objects.filter(case=case).values_list("code", "opens_on", "due_on", "outcome")) == before
    )


def test_replanning_one_prison_leaves_others_alone(coach, case):
    LocalTiming.objects.create(prison=case.prison, code="release-plan-shared", which="due", anchor="D", weeks=-13)
    services.touchpoints_replan_all(today=TODAY, prison_id=Organisation.objects.get(code="WLI").pk)
    assert planned(case)["release-plan-shared"].due_on == date(2026, 6, 10)
    services.touchpoints_replan_all(today=TODAY, prison_id=case.prison_id)
    assert planned(case)["release-plan-shared"].due_on == date(2026, 6, 3)


def test_the_daily_digest_goes_once_a_day_to_people_with_work_due(
    coach, case, django_capture_on_commit_callbacks, mailoutbox
):
    coach.email = "pwc@example.gov.uk"
    coach.save()
    day = date(2026, 6, 11)  # the 12-week interview is overdue
    with django_capture_on_commit_callbacks(execute=True):
        assert services.worklist_digests_send(today=day) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.worklist_digests_send(today=day) == 0
    assert len(mailoutbox) == 1
    assert "overdue: " in mailoutbox[0].body
    assert "Jordan" not in mailoutbox[0].body and "A1234BC" not in mailoutbox[0].body


def test_a_replan_that_moves_nothing_writes_nothing(coach, case):
    services.touchpoints_replan(actor=None, case=case, reason="nightly replan", today=TODAY)
    with CaptureQueriesContext(connection) as queries:
        services.touchpoints_replan(actor=None, case=case, reason="nightly replan", today=TODAY)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def test_a_moved_release_writes_the_moved_plans_in_one_statement_and_says_the_same(coach, case, committed):
    before = planned(case)
    with CaptureQueriesContext(connection) as queries, committed():
        case_services.case_update(actor=coach, case=case, changes={"release_date": date(2026, 9, 16)}, today=TODAY)
    plan_writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0] in ("INSERT", "UPDATE") and '"journey_plannedtouchpoint"' in q["sql"].split("(")[0]
    ]
    assert len(plan_writes) == 1 and plan_writes[0].startswith("UPDATE")
    after = planned(case)
    moved = {code for code in after if after[code].due_on != before[code].due_on}
    assert moved and all(after[code].opens_on == before[code].opens_on or code in moved for code in after)
    # Only the fields that moved are set; the words on the timeline name each touchpoint that moved.
    assert '"outcome"' not in plan_writes[0].split(" WHERE ")[0]
    entry = TimelineEntry.objects.filter(case=case, kind="replanned").latest("occurred_at")
    for code in moved:
        if not after[code].outcome:
            assert str(selectors.case_touchpoint(case, code, as_of=TODAY).title) in entry.description


def test_replanned_plans_are_what_planning_afresh_gives(coach, case, committed):
    with committed():
        case_services.case_update(actor=coach, case=case, changes={"release_date": date(2026, 10, 21)}, today=TODAY)
    replanned = {
        code: (p.stage, p.owner_role, p.opens_on, p.due_on, p.outcome, p.done_on, p.closes_on, p.live, p.agreement)
        for code, p in planned(case).items()
    }
    PlannedTouchpoint.objects.filter(case=case).delete()
    case.refresh_from_db()
    services.touchpoints_replan(actor=None, case=case, reason="afresh", today=TODAY)
    afresh = {
        code: (p.stage, p.owner_role, p.opens_on, p.due_on, p.outcome, p.done_on, p.closes_on, p.live, p.agreement)
        for code, p in planned(case).items()
    }
    assert replanned == afresh
