from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases.tests.factories import CaseFactory
from onward.concurrency import StaleVersion
from onward.journey.models import PlannedTouchpoint, TouchpointRecord
from onward.journey.selectors import case_touchpoints
from onward.journey.services import touchpoints_replan
from onward.readiness import selectors, services
from onward.readiness.models import JobcentreAppointment
from onward.readiness.tests.factories import jobcentre_serving

pytestmark = pytest.mark.django_db
TODAY = date(2026, 8, 20)
D = date(2026, 9, 2)


@pytest.fixture
def coach():
    return user_for(Role.PRISON_WORK_COACH, "NWI")


@pytest.fixture
def jobcentre():
    return jobcentre_serving("NR3", code="JCTEST1", name="Test Jobcentre")


@pytest.fixture
def elsewhere():
    return jobcentre_serving("IP1", code="JCTEST2", name="Elsewhere Jobcentre", town="Ipswich")


@pytest.fixture
def case(coach):
    case = CaseFactory(release_area="NR3")
    touchpoints_replan(actor=coach, case=case, reason="test", today=TODAY)
    return case


def book(actor, case, **overrides):
    values = {"jobcentre": None, "appointment_on": date(2026, 9, 3), "appointment_time": time(9, 30)}
    return services.appointment_book(actor=actor, case=case, today=TODAY, **(values | overrides))


def errors_of(excinfo):
    return excinfo.value.message_dict


def test_booking_records_the_appointment_audits_it_and_the_touchpoint_is_done_by_it(coach, case, jobcentre):
    appointment = book(coach, case, jobcentre=jobcentre)
    assert selectors.jobcentre_appointment_get(case) == appointment
    event = AuditEvent.objects.get(action="readiness.appointment.book")
    assert event.changes["appointment_on"] == "2026-09-03"
    assert event.changes["appointment_time"] == "09:30"
    touchpoints = {t.code: t for t in case_touchpoints(case, as_of=TODAY)}
    assert touchpoints["jobcentre-appointment"].status == "done"
    assert "Test Jobcentre" in touchpoints["jobcentre-appointment"].evidence.what
    assert touchpoints["first-jobcentre-attendance"].due_on == date(2026, 9, 3)
    # One fact, one home: nothing is ticked on the touchpoint itself.
    assert not TouchpointRecord.objects.filter(case=case).exists()


def test_booking_replans_once_the_change_is_committed(coach, case, jobcentre, committed):
    with committed():
        book(coach, case, jobcentre=jobcentre)
    plans = {plan.code: plan for plan in PlannedTouchpoint.objects.filter(case=case)}
    assert plans["jobcentre-appointment"].outcome == "done"
    assert plans["first-jobcentre-attendance"].due_on == date(2026, 9, 3)


def test_a_case_without_a_release_area_is_refused_by_the_jobcentre_field(coach, jobcentre):
    case = CaseFactory(release_area="")
    with pytest.raises(ValidationError) as excinfo:
        book(coach, case, jobcentre=jobcentre)
    assert "release area" in errors_of(excinfo)["jobcentre"][0]
    assert not JobcentreAppointment.objects.exists()


def test_the_jobcentre_must_serve_the_release_area(coach, case, elsewhere):
    with pytest.raises(ValidationError) as excinfo:
        book(coach, case, jobcentre=elsewhere)
    assert errors_of(excinfo)["jobcentre"] == ["Choose a jobcentre that serves the release area, NR3"]


def test_a_jobcentre_is_needed(coach, case):
    with pytest.raises(ValidationError) as excinfo:
        book(coach, case)
    assert errors_of(excinfo)["jobcentre"] == ["Choose the jobcentre"]


def test_the_appointment_is_not_before_the_discharge_date(coach, case, jobcentre):
    with pytest.raises(ValidationError) as excinfo:
        book(coach, case, jobcentre=jobcentre, appointment_on=date(2026, 9, 1))
    assert errors_of(excinfo)["appointment_on"] == [
        "The date of the appointment must be on or after the discharge date"
    ]


def test_the_appointment_is_days_after_release_not_months_or_millennia(coach, case, jobcentre):
    for far in (date(2026, 12, 4), date(9999, 12, 31)):
        with pytest.raises(ValidationError) as excinfo:
            book(coach, case, jobcentre=jobcentre, appointment_on=far)
        assert errors_of(excinfo)["appointment_on"] == ["The appointment must be within 3 months of the discharge date"]


def test_the_date_and_time_are_needed(coach, case, jobcentre):
    with pytest.raises(ValidationError) as excinfo:
        book(coach, case, jobcentre=jobcentre, appointment_on=None, appointment_time=None)
    errors = errors_of(excinfo)
    assert errors["appointment_on"] == ["Enter the date of the appointment"]
    assert errors["appointment_time"] == ["Enter the time of the appointment"]


def test_an_appointment_after_the_target_is_allowed_with_a_warning(coach, case, jobcentre):
    target = selectors.appointment_target_date(D)
    assert target == date(2026, 9, 9)
    on_target = book(coach, case, jobcentre=jobcentre, appointment_on=target)
    assert not selectors.appointment_is_late(case, on_target)
    late = book(coach, case, jobcentre=jobcentre, appointment_on=date(2026, 9, 10), reason="No earlier slot")
    assert selectors.appointment_is_late(case, late)


def test_rebooking_keeps_history_and_the_touchpoint_follows_the_new_appointment(coach, case, jobcentre):
    first = book(coach, case, jobcentre=jobcentre)
    with pytest.raises(ValidationError) as excinfo:
        book(coach, case, jobcentre=jobcentre, appointment_on=date(2026, 9, 7))
    assert errors_of(excinfo)["reason"] == ["Enter why the appointment is being rebooked"]
    second = book(coach, case, jobcentre=jobcentre, appointment_on=date(2026, 9, 7), reason="Clashes with probation")
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert first.superseded_reason == "Clashes with probation"
    assert list(selectors.jobcentre_appointment_list(case)) == [second, first]
    attendance = next(t for t in case_touchpoints(case, as_of=TODAY) if t.code == "first-jobcentre-attendance")
    assert attendance.due_on == date(2026, 9, 7)


@pytest.mark.parametrize("role", [Role.ID_BANKING_ADMIN, Role.PRISON_EMPLOYMENT_LEAD])
def test_only_the_prison_work_coach_books(role, case, jobcentre):
    with pytest.raises(PermissionDenied):
        book(user_for(role, "NWI"), case, jobcentre=jobcentre)


def test_a_coach_in_another_prison_cannot_book(case, jobcentre):
    other = user_for(Role.PRISON_WORK_COACH, "NWI")
    other.organisation = type(other.organisation).objects.filter(kind="prison").exclude(code="NWI").first()
    with pytest.raises(PermissionDenied):
        book(other, case, jobcentre=jobcentre)


def test_a_release_moved_past_the_appointment_reopens_the_touchpoint_until_rebooked(coach, case, jobcentre):
    appointment = book(coach, case, jobcentre=jobcentre)
    assert not selectors.appointment_before_release(case, appointment)
    case.discharge_date = date(2026, 9, 16)
    case.save()
    assert selectors.appointment_before_release(case, appointment)
    # No longer booked as far as the journey and the summary are concerned: it must be rebooked.
    status = {t.code: t.status for t in case_touchpoints(case, as_of=TODAY)}
    assert status["jobcentre-appointment"] == "open"
    assert "first-jobcentre-attendance" not in status
    item = selectors.readiness_summary(case, today=TODAY).item("jobcentre-appointment")
    assert item.state == "in-progress" and "rebook" in item.detail


def test_versions_run_on_along_the_bookings_so_an_earlier_ones_never_matches(coach, case, jobcentre):
    with pytest.raises(StaleVersion):
        book(coach, case, jobcentre=jobcentre, expected_version=1)
    first = book(coach, case, jobcentre=jobcentre, expected_version=0)
    assert first.version == 1
    second = book(coach, case, jobcentre=jobcentre, reason="Moved", expected_version=1)
    first.refresh_from_db()
    assert (first.version, second.version) == (2, 3)
    for seen in (0, 1, 2):
        with pytest.raises(StaleVersion):
            book(coach, case, jobcentre=jobcentre, reason="Again", expected_version=seen)
    assert book(coach, case, jobcentre=jobcentre, reason="Again", expected_version=3).version == 5
    assert JobcentreAppointment.objects.filter(case=case).count() == 3
