from datetime import date, timedelta

import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases.constants import CaseStatus
from onward.cases.tests.factories import CaseFactory
from onward.estate.models import Organisation
from onward.journey.selectors import case_touchpoint
from onward.readiness.constants import AccommodationStatus, BankStatus, ClaimPreparation, DocumentType, IdStatus
from onward.readiness.models import (
    AccommodationRecord,
    BankApplication,
    IdApplication,
    JobcentreAppointment,
    UniversalCreditRecord,
)
from onward.readiness.tests.factories import jobcentre_serving

pytestmark = pytest.mark.django_db
TODAY = date.today()
D = TODAY + timedelta(days=10)


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def jobcentre():
    return jobcentre_serving("NR3", code="JCTEST1", name="Test Jobcentre")


@pytest.fixture
def case():
    return CaseFactory(
        release_area="NR3",
        reception_date=TODAY - timedelta(days=100),
        sentence_date=TODAY - timedelta(days=100),
        release_date=D,
        expected_discharge_date=D,
        discharge_date=D,
        pdu=Organisation.objects.get(code="N56NOSU"),
    )


@pytest.fixture
def coach_client(client):
    client.force_login(user_for(Role.PRISON_WORK_COACH, "NWI"))
    return client


def url(case, suffix=""):
    return f"/cases/{case.pk}/readiness/{suffix}"


def booking(jobcentre, day, time="9:30am", **extra):
    return {"jobcentre": str(jobcentre.pk), **date_parts("appointment_on", day), "appointment_time": time, **extra}


def test_the_overview_offers_booking_and_universal_credit(coach_client, case):
    text = coach_client.get(url(case)).content.decode()
    assert "Jobcentre appointment" in text
    assert "Universal Credit" in text
    assert url(case, "appointment/") in text
    assert url(case, "universal-credit/claim/") in text


def test_booking_an_appointment(coach_client, case, jobcentre):
    page = coach_client.get(url(case, "appointment/")).content.decode()
    assert "Test Jobcentre, Norwich" in page
    response = coach_client.post(url(case, "appointment/"), booking(jobcentre, D, "2:15pm"))
    assert response.status_code == 302
    appointment = JobcentreAppointment.objects.get(case=case)
    assert appointment.appointment_time.strftime("%H:%M") == "14:15"
    assert case_touchpoint(case, "jobcentre-appointment").status == "done"
    text = coach_client.get(url(case)).content.decode()
    assert "Test Jobcentre" in text
    assert "2:15pm" in text
    assert "govuk-warning-text" not in text


def test_a_late_appointment_shows_a_warning_not_an_error(coach_client, case, jobcentre):
    response = coach_client.post(url(case, "appointment/"), booking(jobcentre, D + timedelta(days=21), "14:00"))
    assert response.status_code == 302
    text = coach_client.get(url(case)).content.decode()
    assert "govuk-warning-text" in text
    assert "later than the target of 5 working days" in text


def test_booking_errors_come_with_the_summary_and_write_nothing(coach_client, case, jobcentre):
    response = coach_client.post(
        url(case, "appointment/"), booking(jobcentre, D - timedelta(days=1), "25:99") | {"jobcentre": ""}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert "Time of the appointment must be a real time, like 9:30am or 14:00" in text
    assert not JobcentreAppointment.objects.exists()
    response = coach_client.post(url(case, "appointment/"), booking(jobcentre, D - timedelta(days=1)))
    text = response.content.decode()
    assert "The date of the appointment must be on or after the discharge date" in text
    assert 'href="#id_appointment_on_0"' in text
    assert not JobcentreAppointment.objects.exists()


def test_without_a_release_area_the_form_asks_for_it_first(coach_client, jobcentre):
    case = CaseFactory(release_area="")
    response = coach_client.post(url(case, "appointment/"), booking(jobcentre, date(2026, 9, 3)))
    assert response.status_code == 200
    assert "Record the release area (on accommodation on release) before booking" in response.content.decode()


def test_rebooking_asks_why_and_keeps_the_earlier_one(coach_client, case, jobcentre):
    coach_client.post(url(case, "appointment/"), booking(jobcentre, D))
    response = coach_client.post(url(case, "appointment/"), booking(jobcentre, D + timedelta(days=1)))
    assert "Enter why the appointment is being rebooked" in response.content.decode()
    response = coach_client.post(
        url(case, "appointment/"), booking(jobcentre, D + timedelta(days=1), reason="Clashes with probation")
    )
    assert response.status_code == 302
    assert JobcentreAppointment.objects.filter(case=case).count() == 2
    assert "rebooked because Clashes with probation" in coach_client.get(url(case)).content.decode()


@pytest.mark.parametrize("role", [Role.ID_BANKING_ADMIN, Role.PRISON_EMPLOYMENT_LEAD])
def test_other_prison_roles_cannot_book(client, case, role):
    client.force_login(user_for(role, "NWI"))
    assert client.get(url(case, "appointment/")).status_code == 403


def test_probation_sees_but_cannot_book(client, case):
    client.force_login(user_for(Role.PROBATION_PRACTITIONER, "N56NOSU"))
    assert client.get(url(case)).status_code == 200
    assert client.get(url(case, "appointment/")).status_code == 403


def test_a_released_case_cannot_be_booked(coach_client, case):
    case.status = CaseStatus.RELEASED
    case.save()
    assert coach_client.get(url(case, "appointment/")).status_code == 403


def test_a_jobcentre_not_handed_the_case_cannot_see_it(client, case, jobcentre):
    client.force_login(user_for(Role.JOBCENTRE_WORK_COACH, "JCTEST1"))
    assert client.get(url(case)).status_code == 404
    assert client.get(url(case, "appointment/letter/")).status_code == 404


def test_the_letter_says_where_when_and_what_to_bring(coach_client, case, jobcentre):
    assert coach_client.get(url(case, "appointment/letter/")).status_code == 404
    IdApplication.objects.create(
        case=case,
        document_type=DocumentType.BIRTH_CERTIFICATE,
        submitted_on=TODAY - timedelta(days=50),
        cost=11,
        status=IdStatus.ACCEPTED,
        received_on=TODAY - timedelta(days=30),
    )
    IdApplication.objects.create(
        case=case, document_type=DocumentType.DRIVING_LICENCE, submitted_on=TODAY - timedelta(days=50), cost=14
    )
    BankApplication.objects.create(
        case=case, bank_name="Barclays", submitted_on=TODAY - timedelta(days=20), status=BankStatus.ACCOUNT_OPENED
    )
    AccommodationRecord.objects.create(case=case, status=AccommodationStatus.SETTLED)
    case.person.ni_number = "AB123456C"
    case.person.save()
    coach_client.post(url(case, "appointment/"), booking(jobcentre, D, "9:30am"))
    response = coach_client.get(url(case, "appointment/letter/"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Your jobcentre appointment" in text
    assert "Test Jobcentre" in text
    assert "Norwich" in text
    assert f"{D:%A} {D.day} {D:%B %Y} at 9:30am" in text
    assert "Birth certificate" in text
    assert "Driving licence" not in text
    assert "Barclays" in text
    assert "AB123456C" in text
    assert "Proof of your address" in text
    assert "discharge papers" in text
    assert "If you cannot go" in text
    assert AuditEvent.objects.filter(action="case.read", object_id=str(case.pk)).count() >= 2


def test_universal_credit_forms(coach_client, case):
    response = coach_client.post(url(case, "universal-credit/preparation/"), {"checklist": list(ClaimPreparation)})
    assert response.status_code == 302
    assert UniversalCreditRecord.objects.get(case=case).claim_prepared
    response = coach_client.post(url(case, "universal-credit/claim/"), {"advance_requested": ""})
    assert "Select yes if the person asked for an advance payment" in response.content.decode()
    response = coach_client.post(url(case, "universal-credit/claim/"), {"advance_requested": "yes"})
    assert response.status_code == 302
    response = coach_client.post(
        url(case, "universal-credit/advance/"),
        {"advance_paid_amount": "£2,500", **date_parts("advance_paid_on", TODAY)},
    )
    assert "Amount paid must be £2000.00 or less" in response.content.decode()
    response = coach_client.post(
        url(case, "universal-credit/advance/"),
        {"advance_paid_amount": "350", **date_parts("advance_paid_on", TODAY)},
    )
    assert response.status_code == 302
    text = coach_client.get(url(case)).content.decode()
    assert "Ready to claim" in text
    assert "£350" in text
    response = coach_client.post(
        url(case, "universal-credit/entry/"), date_parts("benefit_claim_closed_on", TODAY + timedelta(days=1))
    )
    assert "must be today or in the past" in response.content.decode()


def test_the_jobcentre_handed_the_case_records_the_advance(client, case, jobcentre):
    case.handed_over_to = jobcentre
    case.save()
    UniversalCreditRecord.objects.create(case=case, advance_requested=True)
    client.force_login(user_for(Role.JOBCENTRE_WORK_COACH, "JCTEST1"))
    assert url(case, "universal-credit/advance/") in client.get(url(case)).content.decode()
    assert client.get(url(case, "universal-credit/claim/")).status_code == 403
    response = client.post(
        url(case, "universal-credit/advance/"),
        {"advance_paid_amount": "100.00", **date_parts("advance_paid_on", TODAY)},
    )
    assert response.status_code == 302
