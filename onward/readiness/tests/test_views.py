from datetime import date

import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases.tests.factories import CaseFactory
from onward.estate.models import Organisation
from onward.readiness import selectors
from onward.readiness.constants import BankStatus, DocumentType, IdStatus
from onward.readiness.models import BankApplication, IdApplication

pytestmark = pytest.mark.django_db


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def case():
    return CaseFactory(pdu=Organisation.objects.get(code="N56NOSU"))


@pytest.fixture
def admin_client(client):
    client.force_login(user_for(Role.ID_BANKING_ADMIN, "NWI"))
    return client


@pytest.fixture
def probation_client(client):
    client.force_login(user_for(Role.PROBATION_PRACTITIONER, "N56NOSU"))
    return client


def url(case, suffix=""):
    return f"/cases/{case.pk}/readiness/{suffix}"


def test_overview_shows_the_summary_and_is_an_audited_read(admin_client, case):
    response = admin_client.get(url(case))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ready on day one" in text
    assert "Bank account needs ID first" in text
    assert "Add an ID application" in text
    assert AuditEvent.objects.filter(action="case.read", object_id=str(case.pk)).exists()


def test_case_page_shows_the_readiness_summary_and_links_to_it(admin_client, case):
    response = admin_client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    assert url(case).encode() in response.content
    assert b"Ready on day one" in response.content


def test_adding_and_accepting_an_id_application(admin_client, case):
    response = admin_client.post(
        url(case, "id/new/"),
        {
            "document_type": DocumentType.UK_PASSPORT,
            **date_parts("submitted_on", date(2026, 3, 10)),
            "cost": "£11.50",
            "priority": "no",
        },
    )
    assert response.status_code == 302
    application = IdApplication.objects.get(case=case)
    response = admin_client.post(
        url(case, f"id/{application.pk}/"),
        {"status": IdStatus.ACCEPTED, **date_parts("received_on", date(2026, 4, 1)), "stored_in_property": "yes"},
    )
    assert response.status_code == 302
    summary = admin_client.get(url(case)).context["summary"]
    assert summary.item("id").state == "in-place"
    assert "In place" in admin_client.get(url(case)).content.decode()


def test_form_errors_come_with_the_error_summary_and_write_nothing(admin_client, case):
    response = admin_client.post(
        url(case, "id/new/"),
        {
            "document_type": DocumentType.BIRTH_CERTIFICATE,
            **date_parts("submitted_on", date(2026, 3, 10)),
            "cost": "2000",
            "priority": "no",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Cost must be £1000.00 or less" in text
    assert 'href="#id_cost"' in text
    assert not IdApplication.objects.exists()


def test_a_refund_larger_than_the_cost_is_shown_by_the_field(admin_client, case):
    admin_client.post(
        url(case, "id/new/"),
        {
            "document_type": DocumentType.BIRTH_CERTIFICATE,
            **date_parts("submitted_on", date(2026, 3, 10)),
            "cost": "11",
            "priority": "no",
        },
    )
    application = IdApplication.objects.get()
    response = admin_client.post(
        url(case, f"id/{application.pk}/"), {"status": IdStatus.REJECTED, "refund": "12", "stored_in_property": "no"}
    )
    assert response.status_code == 200
    assert 'href="#id_refund"' in response.content.decode()


def test_bank_application_response_and_resubmission(admin_client, case):
    admin_client.post(url(case, "bank/new/"), {"bank_name": "Lloyds", **date_parts("submitted_on", date(2026, 4, 2))})
    application = BankApplication.objects.get()
    response = admin_client.post(
        url(case, f"bank/{application.pk}/response/"),
        {"status": BankStatus.RETURNED_INACCURATE, **date_parts("response_on", date(2026, 4, 9))},
    )
    assert response.status_code == 302
    page = admin_client.get(url(case)).content.decode()
    assert "Returned inaccurate" in page and "Resubmit" in page
    response = admin_client.post(
        url(case, f"bank/{application.pk}/resubmit/"),
        {"bank_name": "Lloyds", **date_parts("submitted_on", date(2026, 4, 10))},
    )
    assert response.status_code == 302
    assert BankApplication.objects.filter(follows=application).exists()


def test_bad_ni_number_is_shown_by_its_field(admin_client, case):
    response = admin_client.post(url(case, "ni-number/"), {"status": "known", "ni_number": "QQ123456C"})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'href="#id_ni_number"' in text
    assert "right format" in text


def test_bad_release_area_is_shown_by_its_field(admin_client, case):
    response = admin_client.post(url(case, "accommodation/"), {"status": "settled", "release_area": "zz99"})
    assert response.status_code == 200
    assert 'href="#id_release_area"' in response.content.decode()
    response = admin_client.post(url(case, "accommodation/"), {"status": "settled", "release_area": "nr3"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.release_area == "NR3"


def test_another_prisons_case_is_not_found(client, case):
    client.force_login(user_for(Role.ID_BANKING_ADMIN, "WLI"))
    assert client.get(url(case)).status_code == 404
    assert client.post(url(case, "id/new/"), {}).status_code == 404


def test_read_only_roles_see_no_forms_and_get_403_on_post(probation_client, case):
    response = probation_client.get(url(case))
    assert response.status_code == 200
    assert "Add an ID application" not in response.content.decode()
    for suffix in ("id/new/", "bank/new/", "ni-number/", "accommodation/"):
        assert probation_client.post(url(case, suffix), {"bank_name": "X"}).status_code == 403
        assert probation_client.get(url(case, suffix)).status_code == 403
    assert not IdApplication.objects.exists() and not BankApplication.objects.exists()


def test_another_cases_application_is_not_found(admin_client, case):
    other = CaseFactory()
    admin_client.post(url(other, "bank/new/"), {"bank_name": "Lloyds", **date_parts("submitted_on", date(2026, 4, 2))})
    application = BankApplication.objects.get()
    assert admin_client.get(url(case, f"bank/{application.pk}/response/")).status_code == 404


# --- edits that cross -------------------------------------------------------------------------------


def version_shown(client, path):
    return client.get(path).context["form"]["version"].value()


def test_accommodation_saved_over_someone_elses_shows_both_and_changes_nothing(admin_client, case):
    read_at = version_shown(admin_client, url(case, "accommodation/"))
    assert read_at == 0
    first = admin_client.post(url(case, "accommodation/"), {"status": "settled", "release_area": "NR3", "version": 0})
    assert first.status_code == 302
    crossed = admin_client.post(
        url(case, "accommodation/"), {"status": "temporary", "release_area": "NR3", "version": read_at}
    )
    assert crossed.status_code == 200
    text = crossed.content.decode()
    assert "Someone else changed this while you were editing it" in text
    assert "Someone else changed this to ‘Settled accommodation’. You entered ‘Temporary accommodation’." in text
    assert 'href="#id_status_0"' in text
    assert selectors.accommodation_record_get(case).status == "settled"
    again = admin_client.post(
        url(case, "accommodation/"),
        {"status": "temporary", "release_area": "NR3", "version": crossed.context["form"]["version"].value()},
    )
    assert again.status_code == 302
    assert selectors.accommodation_record_get(case).status == "temporary"


def test_a_bank_response_recorded_twice_from_the_same_page_is_refused_the_second_time(admin_client, case):
    admin_client.post(url(case, "bank/new/"), {"bank_name": "Lloyds", **date_parts("submitted_on", date(2026, 4, 2))})
    application = BankApplication.objects.get()
    page = url(case, f"bank/{application.pk}/response/")
    read_at = version_shown(admin_client, page)
    opened = {"status": BankStatus.ACCOUNT_OPENED, **date_parts("response_on", date(2026, 4, 9)), "version": read_at}
    assert admin_client.post(page, opened).status_code == 302
    returned = opened | {"status": BankStatus.RETURNED_INCOMPLETE}
    crossed = admin_client.post(page, returned)
    assert crossed.status_code == 200
    assert "Someone else changed this to ‘Account opened’" in crossed.content.decode()
    application.refresh_from_db()
    assert application.status == BankStatus.ACCOUNT_OPENED


def test_claim_preparation_crossed_shows_the_ticks_each_side(admin_client, case):
    page = url(case, "universal-credit/preparation/")
    read_at = version_shown(admin_client, page)
    assert admin_client.post(page, {"checklist": ["id", "address"], "version": read_at}).status_code == 302
    crossed = admin_client.post(page, {"checklist": ["bank-details"], "version": read_at})
    assert crossed.status_code == 200
    assert (
        "Someone else changed this to ‘ID documents, Address on release’. You entered ‘Bank account details’."
        in crossed.content.decode()
    )
    assert sorted(selectors.uc_record_get(case).checklist) == ["address", "id"]
