"""Each role's "today": only work that can be acted on, most urgent first, each count the list it opens."""

from datetime import date, time, timedelta

import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.cases import services as case_services
from onward.handover import services as handover_services
from onward.handover.tests.test_services import case, coach, org  # noqa: F401 - shared fixtures
from onward.pages.today import today_for
from onward.readiness import services as readiness_services

pytestmark = pytest.mark.django_db
TODAY = date(2026, 8, 24)


def lines(user):
    return {line.label: line for line in today_for(user, today=TODAY)}


def test_the_jobcentre_sees_handovers_to_accept_past_deadline_ones_marked_and_the_count_is_the_list(
    client,
    coach,
    case,
):
    handover_services.handover_send(actor=coach, case=case, jobcentre=org("JCNORW"), today=TODAY)
    jobcentre = user_for(Role.JOBCENTRE_WORK_COACH, "JCNORW")
    waiting = lines(jobcentre)["Handovers waiting for you to accept"]
    assert (waiting.count, waiting.urgent) == (1, False)
    late = {line.label: line for line in today_for(jobcentre, today=date(2026, 9, 7))}
    assert late["Handovers waiting for you to accept"].urgent
    assert "1 is past its deadline" in late["Handovers waiting for you to accept"].hint
    client.force_login(jobcentre)
    page = client.get(waiting.href)
    assert len(page.context["handovers"]) == waiting.count


def test_a_moved_release_gives_the_coach_appointments_to_rebook_and_handovers_to_check(
    client,
    coach,
    case,
    committed,
):
    handover_services.handover_send(actor=coach, case=case, jobcentre=org("JCNORW"), today=TODAY)
    readiness_services.appointment_book(
        actor=coach,
        case=case,
        jobcentre=org("JCNORW"),
        appointment_on=case.discharge_date + timedelta(days=1),
        appointment_time=time(10),
        today=TODAY,
    )
    assert "Jobcentre appointments to rebook" not in lines(coach)
    case.refresh_from_db()
    with committed():
        case_services.case_update(
            actor=coach, case=case, changes={"release_date": case.release_date + timedelta(days=14)}, today=TODAY
        )
    found = lines(coach)
    rebook = found["Jobcentre appointments to rebook"]
    check = found["Handovers and referrals the case changed under"]
    assert rebook.count == 1 and check.count == 1 and rebook.urgent
    client.force_login(coach)
    assert len(client.get(rebook.href).context["appointments"]) == rebook.count
    assert len(client.get(check.href).context["flagged"]) == check.count
    # Checking one says so and it leaves the list, for both sides.
    handover = client.get(check.href).context["flagged"][0]
    client.post(handover.get_absolute_url(), {"action": "check"})
    assert "Handovers and referrals the case changed under" not in lines(coach)


def test_the_id_and_banking_administrator_sees_bank_applications_with_no_reply_and_which_to_chase(
    client,
    case,
):
    admin = user_for(Role.ID_BANKING_ADMIN, "NWI")
    readiness_services.bank_application_add(
        actor=admin, case=case, bank_name="Barclays", submitted_on=TODAY - timedelta(days=20), today=TODAY
    )
    readiness_services.bank_application_add(
        actor=admin, case=case, bank_name="Lloyds Bank", submitted_on=TODAY - timedelta(days=2), today=TODAY
    )
    waiting = lines(admin)["Bank applications with no reply"]
    assert (waiting.count, waiting.urgent, waiting.hint) == (2, True, "1 to chase")
    client.force_login(admin)
    shown = client.get(waiting.href).context["applications"]
    assert [a.bank_name for a in shown] == ["Barclays", "Lloyds Bank"] and shown[0].chase


def test_nothing_waiting_says_so_and_lines_with_nothing_are_not_shown(client):
    probation = user_for(Role.PROBATION_PRACTITIONER, "N56NOSU")
    assert today_for(probation, today=TODAY) == []
    client.force_login(probation)
    assert "Nothing is waiting for you today." in client.get("/").content.decode()
