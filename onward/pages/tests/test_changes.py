from datetime import date, time, timedelta

import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.cases import services as case_services
from onward.cases.constants import LegalStatus
from onward.cases.models import Case
from onward.estate.models import Organisation
from onward.handover import services as handover_services
from onward.journey.calendar import add_working_days
from onward.readiness import services as readiness_services

pytestmark = pytest.mark.django_db


def org(code):
    return Organisation.objects.get(code=code)


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def a_working_day_after(day):
    return add_working_days(day - timedelta(days=1), 1)


@pytest.fixture
def coach():
    return user_for(Role.PRISON_WORK_COACH, "NWI")


@pytest.fixture
def case(coach, committed):
    today = date.today()
    with committed():
        return case_services.case_create(
            actor=coach,
            prison=org("NWI"),
            prison_number="A1234BC",
            given_name="Jordan",
            family_name="Example",
            date_of_birth=date(1990, 1, 1),
            reception_date=today - timedelta(days=60),
            legal_status=LegalStatus.SENTENCED,
            sentence_date=today - timedelta(days=60),
            custodial_term_days=365,
            release_date=a_working_day_after(today + timedelta(days=14)),
            release_area="NR3",
        )


def edit_form(case, release_date):
    return {
        "given_name": case.person.given_name,
        "family_name": case.person.family_name,
        **date_parts("date_of_birth", case.person.date_of_birth),
        **date_parts("reception_date", case.reception_date),
        "legal_status": case.legal_status,
        **date_parts("sentence_date", case.sentence_date),
        "custodial_term_days": str(case.custodial_term_days),
        **date_parts("release_date", release_date),
        "release_type": "standard",
        "released_to_community": "on",
        "release_area": "NR3",
        "version": str(case.version),
    }


def test_a_moved_release_says_what_moved_what_was_replanned_and_what_needs_action(client, coach, case, committed):
    with committed():
        handover = handover_services.handover_send(actor=coach, case=case, jobcentre=org("JCNORW"), needs="A phone")
        readiness_services.appointment_book(
            actor=coach,
            case=case,
            jobcentre=org("JCNORW"),
            appointment_on=add_working_days(case.discharge_date, 1),
            appointment_time=time(10, 0),
        )
    case.refresh_from_db()
    old_day = case.discharge_date
    new_day = a_working_day_after(old_day + timedelta(days=21))
    client.force_login(coach)
    with committed():
        response = client.post(f"/cases/{case.pk}/edit/", edit_form(case, new_day))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Case.objects.get(pk=case.pk).discharge_date == new_day
    page = client.get(f"/cases/{case.pk}/").content.decode()
    banner = page.split('id="what-changed"')[1].split('<span class="govuk-caption-l">')[0]
    assert f"{old_day.day} {old_day:%B %Y}, now" in banner and f"{new_day.day} {new_day:%B %Y}" in banner
    assert "Replanned" in banner and "Warm handover to" in banner
    assert f"/handovers/{handover.pk}/" in banner
    assert "before the new release day: rebook it" in banner
    assert f"/cases/{case.pk}/readiness/appointment/" in banner
    # Said once: the next visit shows the case, not the old confirmation.
    assert 'id="what-changed"' not in client.get(f"/cases/{case.pk}/").content.decode()


def test_an_edit_that_moves_nothing_says_only_that_the_case_was_updated(client, coach, case):
    client.force_login(coach)
    data = edit_form(case, case.release_date) | {"given_name": "Jordyn"}
    assert client.post(f"/cases/{case.pk}/edit/", data).status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    banner = page.split('id="what-changed"')[1].split('<span class="govuk-caption-l">')[0]
    assert "Case updated" in banner and "Replanned" not in banner and "What changed" not in banner


def test_a_transfer_takes_the_sender_to_their_cases_with_where_the_person_went(client, coach, case):
    client.force_login(coach)
    response = client.post(
        f"/cases/{case.pk}/transfer/", {"to_prison": org("WLI").pk, **date_parts("transfer_date", date.today())}
    )
    assert response.status_code == 302 and response.url == "/cases/"
    # Said where the person lands, once.
    assert "is now in HMP Wayland" in client.get("/cases/").content.decode()


def test_a_discharge_says_what_was_missed(client, coach, case, committed):
    client.force_login(coach)
    # Left yesterday: the custody work not done by then can no longer be done.
    yesterday = date.today() - timedelta(days=1)
    with committed():
        response = client.post(f"/cases/{case.pk}/discharge/", date_parts("actual_discharge_date", yesterday))
    assert response.status_code == 302
    banner = client.get(response.url).content.decode().split('id="what-changed"')[1]
    assert "Discharge recorded" in banner and "Status: In custody, now Released" in banner
    assert "missed, not done before release" in banner
