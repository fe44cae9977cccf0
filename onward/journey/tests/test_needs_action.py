"""The worklist's "Needs action" banner: work already sent or booked that the case changed under."""

from datetime import date, time, timedelta

import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.cases import services as case_services
from onward.handover import selectors as handover_selectors
from onward.handover import services as handover_services
from onward.handover.tests.test_services import case, coach, org  # noqa: F401 - shared fixtures
from onward.readiness import selectors as readiness_selectors
from onward.readiness import services as readiness_services

pytestmark = pytest.mark.django_db
TODAY = date(2026, 8, 24)


def move_release(coach, case, days):
    case.refresh_from_db()  # sending and booking moved its version on
    return case_services.case_update(
        actor=coach,
        case=case,
        changes={"release_date": case.release_date + timedelta(days=days)},
        expected_version=case.version,
        today=TODAY,
    )


def test_a_moved_release_puts_the_handover_and_the_appointment_in_front_of_the_coach(coach, case, committed):
    handover = handover_services.handover_send(actor=coach, case=case, jobcentre=org("JCNORW"), today=TODAY)
    readiness_services.appointment_book(
        actor=coach,
        case=case,
        jobcentre=org("JCNORW"),
        appointment_on=case.discharge_date + timedelta(days=1),
        appointment_time=time(9, 30),
        today=TODAY,
    )
    assert handover_selectors.flagged_for(coach, today=TODAY) == []
    assert not readiness_selectors.appointments_to_rebook(coach, today=TODAY).exists()

    accept_by = handover.accept_by
    with committed():
        moved = move_release(coach, case, 14)
    assert [h.pk for h in handover_selectors.flagged_for(coach, today=TODAY)] == [handover.pk]
    handover.refresh_from_db()
    # The accept-by date moves with the discharge day.
    assert handover.accept_by > accept_by
    assert handover.accept_by > moved.discharge_date
    [appointment] = readiness_selectors.appointments_to_rebook(coach, today=TODAY)
    assert appointment.case_id == case.pk
    # The receiving jobcentre sees the flag too; another prison's coach does not.
    assert handover_selectors.flagged_for(user_for(Role.JOBCENTRE_WORK_COACH, "JCNORW"), today=TODAY)
    other = user_for(Role.PRISON_WORK_COACH, "WLI")
    assert handover_selectors.flagged_for(other, today=TODAY) == []
    assert not readiness_selectors.appointments_to_rebook(other, today=TODAY).exists()


def test_the_banner_links_to_each_one(client, coach, case, committed):
    handover = handover_services.handover_send(actor=coach, case=case, jobcentre=org("JCNORW"))
    client.force_login(coach)
    assert b"Needs action" not in client.get("/worklist/").content
    with committed():
        move_release(coach, case, 14)
    page = client.get("/worklist/").content.decode()
    assert "Needs action" in page
    assert f"/handovers/{handover.pk}/" in page
    assert "The release date moved" in page
