from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases.constants import LegalStatus
from onward.cases.tests.factories import CaseFactory
from onward.concurrency import StaleVersion
from onward.journey.models import PlannedTouchpoint
from onward.journey.selectors import case_touchpoints
from onward.journey.services import touchpoints_replan
from onward.readiness import services
from onward.readiness.constants import AccommodationStatus, BankStatus, DocumentType, IdStatus, NiStatus
from onward.readiness.models import (
    AccommodationRecord,
    BankApplication,
    BankStatusChange,
    IdApplication,
    NiNumberRecord,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 1)


@pytest.fixture
def admin_user():
    return user_for(Role.ID_BANKING_ADMIN, "NWI")


@pytest.fixture
def case(admin_user):
    case = CaseFactory()
    touchpoints_replan(actor=admin_user, case=case, reason="test", today=TODAY)
    return case


def errors_of(excinfo):
    return excinfo.value.message_dict


def add_id(actor, case, **overrides):
    values = {
        "document_type": DocumentType.BIRTH_CERTIFICATE,
        "submitted_on": date(2026, 3, 10),
        "cost": Decimal("11.00"),
        "priority": False,
    }
    return services.id_application_add(actor=actor, case=case, today=TODAY, **(values | overrides))


def accept(actor, application, received_on=date(2026, 4, 1)):
    return services.id_application_update(
        actor=actor,
        application=application,
        status=IdStatus.ACCEPTED,
        received_on=received_on,
        stored_in_property=True,
        today=TODAY,
    )


def open_account(actor, case):
    application = services.bank_application_add(
        actor=actor, case=case, bank_name="Barclays", submitted_on=date(2026, 4, 2), today=TODAY
    )
    return services.bank_application_respond(
        actor=actor,
        application=application,
        status=BankStatus.ACCOUNT_OPENED,
        response_on=date(2026, 4, 20),
        today=TODAY,
    )


def test_adding_an_id_application_is_audited(admin_user, case):
    application = add_id(admin_user, case)
    event = AuditEvent.objects.get(action="readiness.id_application.add")
    assert event.object_id == str(case.pk)
    assert event.changes["id_application"] == application.pk
    assert event.changes["cost"] == "11.00"
    assert event.actor_role == Role.ID_BANKING_ADMIN


def test_a_failed_audit_row_leaves_nothing_written(admin_user, case, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        add_id(admin_user, case)
    assert not IdApplication.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"submitted_on": date(2026, 5, 2)}, "submitted_on"),
        ({"submitted_on": date(2026, 1, 1)}, "submitted_on"),
        ({"cost": Decimal("-1")}, "cost"),
        ({"cost": Decimal("1000.01")}, "cost"),
        ({"cost": Decimal("1.001")}, "cost"),
        ({"document_type": "passport"}, "document_type"),
    ],
)
def test_bad_id_applications_are_refused_field_by_field(admin_user, case, overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        add_id(admin_user, case, **overrides)
    assert field in errors_of(excinfo)
    assert not IdApplication.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="readiness.").exists()


def test_costs_of_nothing_and_of_the_most_are_allowed(admin_user, case):
    add_id(admin_user, case, cost=Decimal("0"))
    add_id(admin_user, case, cost=Decimal("1000.00"))
    assert IdApplication.objects.count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"status": IdStatus.ACCEPTED, "received_on": date(2026, 3, 9)}, "received_on"),
        ({"status": IdStatus.ACCEPTED, "received_on": date(2026, 5, 2)}, "received_on"),
        ({"status": IdStatus.PENDING, "received_on": date(2026, 4, 1)}, "received_on"),
        ({"status": IdStatus.REJECTED, "refund": Decimal("11.01")}, "refund"),
        ({"status": IdStatus.ACCEPTED, "refund": Decimal("5.00")}, "refund"),
        ({"status": IdStatus.ACCEPTED, "stored_in_property": True}, "stored_in_property"),
        ({"status": "lost"}, "status"),
    ],
)
def test_bad_id_updates_are_refused_with_nothing_written(admin_user, case, values, field):
    application = add_id(admin_user, case)
    with pytest.raises(ValidationError) as excinfo:
        services.id_application_update(actor=admin_user, application=application, today=TODAY, **values)
    assert field in errors_of(excinfo)
    application.refresh_from_db()
    assert application.status == IdStatus.PENDING
    assert not AuditEvent.objects.filter(action="readiness.id_application.update").exists()


def test_a_rejection_can_carry_a_refund_up_to_the_cost(admin_user, case):
    application = add_id(admin_user, case)
    services.id_application_update(
        actor=admin_user, application=application, status=IdStatus.REJECTED, refund=Decimal("11.00"), today=TODAY
    )
    application.refresh_from_db()
    assert (application.status, application.refund) == (IdStatus.REJECTED, Decimal("11.00"))
    event = AuditEvent.objects.get(action="readiness.id_application.update")
    assert event.changes["status"] == ["pending", "rejected"]


def status(case, code):
    return {t.code: t.status for t in case_touchpoints(case, as_of=TODAY)}.get(code)


def test_a_passport_received_makes_id_documents_done_and_leaves_the_reception_flag_alone(admin_user, case):
    """The flag says what the person arrived with; the ID application says what they have now."""
    accept(admin_user, add_id(admin_user, case, document_type=DocumentType.UK_PASSPORT))
    case.refresh_from_db()
    assert not case.has_right_to_work_id
    assert status(case, "id-documents") == "done"
    assert not AuditEvent.objects.filter(action="case.update").exists()


def test_a_driving_licence_alone_does_not_show_right_to_work(admin_user, case):
    accept(admin_user, add_id(admin_user, case, document_type=DocumentType.DRIVING_LICENCE))
    assert status(case, "id-documents") != "done"


def test_a_birth_certificate_needs_ni_evidence_alongside(admin_user, case):
    accept(admin_user, add_id(admin_user, case))
    assert status(case, "id-documents") != "done"
    accept(admin_user, add_id(admin_user, case, document_type=DocumentType.NI_NUMBER_LETTER))
    assert status(case, "id-documents") == "done"


def test_an_id_application_announces_the_change_so_the_plan_follows(admin_user, case, committed):
    with committed():
        accept(admin_user, add_id(admin_user, case, document_type=DocumentType.EVISA_SHARE_CODE))
    assert PlannedTouchpoint.objects.get(case=case, code="id-documents").outcome == "done"


def test_bank_history_and_the_flag_follow_the_responses(admin_user, case):
    application = open_account(admin_user, case)
    assert [c.status for c in BankStatusChange.objects.filter(application=application)] == [
        BankStatus.PENDING,
        BankStatus.ACCOUNT_OPENED,
    ]
    assert BankStatusChange.objects.filter(changed_by=admin_user).count() == 2
    assert status(case, "bank-account") == "done"
    assert AuditEvent.objects.filter(action="readiness.bank_application.respond").count() == 1


def test_bad_bank_responses_are_refused(admin_user, case):
    application = services.bank_application_add(
        actor=admin_user, case=case, bank_name="Barclays", submitted_on=date(2026, 4, 2), today=TODAY
    )
    for values, field in (
        ({"status": "closed", "response_on": date(2026, 4, 3)}, "status"),
        ({"status": BankStatus.PENDING, "response_on": date(2026, 4, 3)}, "status"),
        ({"status": BankStatus.ACCOUNT_OPENED, "response_on": date(2026, 4, 1)}, "response_on"),
        ({"status": BankStatus.ACCOUNT_OPENED, "response_on": date(2026, 5, 2)}, "response_on"),
    ):
        with pytest.raises(ValidationError) as excinfo:
            services.bank_application_respond(actor=admin_user, application=application, today=TODAY, **values)
        assert field in errors_of(excinfo)
    application.refresh_from_db()
    assert application.status == BankStatus.PENDING
    assert BankStatusChange.objects.count() == 1


def test_bad_bank_applications_are_refused(admin_user, case):
    with pytest.raises(ValidationError) as excinfo:
        services.bank_application_add(
            actor=admin_user, case=case, bank_name="  ", submitted_on=date(2026, 5, 2), today=TODAY
        )
    assert set(errors_of(excinfo)) == {"bank_name", "submitted_on"}
    assert not BankApplication.objects.exists()


def test_resubmission_only_follows_a_returned_application(admin_user, case):
    application = services.bank_application_add(
        actor=admin_user, case=case, bank_name="Barclays", submitted_on=date(2026, 4, 2), today=TODAY
    )
    with pytest.raises(ValidationError) as excinfo:
        services.bank_application_resubmit(
            actor=admin_user, application=application, submitted_on=date(2026, 4, 10), today=TODAY
        )
    assert "submitted_on" in errors_of(excinfo)
    services.bank_application_respond(
        actor=admin_user,
        application=application,
        status=BankStatus.RETURNED_INCOMPLETE,
        response_on=date(2026, 4, 9),
        today=TODAY,
    )
    application.refresh_from_db()
    resubmission = services.bank_application_resubmit(
        actor=admin_user, application=application, submitted_on=date(2026, 4, 10), today=TODAY
    )
    assert resubmission.follows == application
    assert resubmission.bank_name == "Barclays"
    with pytest.raises(ValidationError):
        services.bank_application_resubmit(
            actor=admin_user, application=application, submitted_on=date(2026, 4, 11), today=TODAY
        )
    assert BankApplication.objects.count() == 2
    assert AuditEvent.objects.filter(action="readiness.bank_application.resubmit").count() == 1


def test_ni_number_received_is_stored_on_the_person_and_completes_its_touchpoint(admin_user, case):
    services.ni_number_record(
        actor=admin_user,
        case=case,
        status=NiStatus.RECEIVED,
        ni_number="ab 12 34 56 c",
        applied_on=date(2026, 3, 5),
        received_on=date(2026, 4, 1),
        today=TODAY,
    )
    case.refresh_from_db()
    assert case.person.ni_number == "AB123456C"
    assert not case.has_ni_number  # what they arrived with, still
    assert status(case, "ni-number") == "done"
    assert AuditEvent.objects.filter(action="readiness.ni_number.record").exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"status": NiStatus.KNOWN, "ni_number": "QQ123456C"}, "ni_number"),
        ({"status": NiStatus.KNOWN, "ni_number": ""}, "ni_number"),
        ({"status": NiStatus.APPLIED}, "applied_on"),
        ({"status": NiStatus.APPLIED, "applied_on": date(2026, 5, 2)}, "applied_on"),
        (
            {
                "status": NiStatus.RECEIVED,
                "ni_number": "AB123456C",
                "applied_on": date(2026, 4, 1),
                "received_on": date(2026, 3, 20),
            },
            "received_on",
        ),
        ({"status": "lost"}, "status"),
    ],
)
def test_bad_ni_numbers_are_refused_with_nothing_written(admin_user, case, values, field):
    with pytest.raises(ValidationError) as excinfo:
        services.ni_number_record(actor=admin_user, case=case, today=TODAY, **values)
    assert field in errors_of(excinfo)
    case.refresh_from_db()
    assert not NiNumberRecord.objects.exists()
    assert case.person.ni_number == "" and not case.has_ni_number
    assert not AuditEvent.objects.filter(action__startswith="readiness.").exists()


def test_accommodation_sets_the_release_area_on_the_case(admin_user, case):
    services.accommodation_record(
        actor=admin_user, case=case, status=AccommodationStatus.SETTLED, release_area="nr3", today=TODAY
    )
    case.refresh_from_db()
    assert case.release_area == "NR3"
    assert AuditEvent.objects.filter(action="readiness.accommodation.record").exists()
    assert AuditEvent.objects.get(action="case.update").changes["release_area"] == ["", "NR3"]


def test_a_bad_postcode_district_is_refused_with_nothing_written(admin_user, case):
    with pytest.raises(ValidationError) as excinfo:
        services.accommodation_record(
            actor=admin_user, case=case, status=AccommodationStatus.SETTLED, release_area="ZZ99", today=TODAY
        )
    assert "release_area" in errors_of(excinfo)
    assert not AccommodationRecord.objects.exists()
    case.refresh_from_db()
    assert case.release_area == ""


def test_id_bank_and_ni_touchpoints_are_done_by_their_records_not_removed(admin_user, case, committed):
    """An ID obtained later completes id-documents, it does not make it vanish (touchpoints.md)."""
    with committed():
        accept(admin_user, add_id(admin_user, case, document_type=DocumentType.UK_PASSPORT))
        open_account(admin_user, case)
        services.ni_number_record(
            actor=admin_user, case=case, status=NiStatus.KNOWN, ni_number="AB123456C", today=TODAY
        )
    plans = dict(
        PlannedTouchpoint.objects.filter(case=case, code__in=["id-documents", "bank-account", "ni-number"]).values_list(
            "code", "outcome"
        )
    )
    assert plans == {"id-documents": "done", "bank-account": "done", "ni-number": "done"}


def test_only_prison_staff_in_the_prison_may_change(case):
    for user in (user_for(Role.ID_BANKING_ADMIN, "WLI"), user_for(Role.PROBATION_PRACTITIONER, "N56NOSU")):
        with pytest.raises(PermissionDenied):
            add_id(user, case)
    assert not IdApplication.objects.exists()


def test_nothing_changes_after_release(admin_user):
    released = CaseFactory(
        status="released", actual_discharge_date=date(2026, 4, 1), legal_status=LegalStatus.SENTENCED
    )
    with pytest.raises(PermissionDenied):
        add_id(admin_user, released)


# --- versions: a change made on a stale read is refused ----------------------------------------------


def test_each_change_bumps_an_id_applications_version_and_a_stale_one_is_refused(admin_user, case):
    application = add_id(admin_user, case)
    assert application.version == 1
    # A second request read the same row before the first changed it.
    read_by_another = IdApplication.objects.get(pk=application.pk)
    accepted = accept(admin_user, application)
    assert accepted.version == 2
    with pytest.raises(StaleVersion):
        services.id_application_update(
            actor=admin_user,
            application=read_by_another,
            status=IdStatus.REJECTED,
            expected_version=read_by_another.version,
            today=TODAY,
        )
    assert IdApplication.objects.get().status == IdStatus.ACCEPTED
    assert AuditEvent.objects.filter(action="readiness.id_application.update").count() == 1


def test_a_bank_response_and_a_resubmission_each_check_the_version_they_change(admin_user, case):
    application = services.bank_application_add(
        actor=admin_user, case=case, bank_name="Barclays", submitted_on=date(2026, 4, 2), today=TODAY
    )
    returned = services.bank_application_respond(
        actor=admin_user,
        application=application,
        status=BankStatus.RETURNED_INACCURATE,
        response_on=date(2026, 4, 10),
        expected_version=1,
        today=TODAY,
    )
    assert returned.version == 2
    with pytest.raises(StaleVersion):
        services.bank_application_resubmit(
            actor=admin_user, application=returned, submitted_on=date(2026, 4, 12), expected_version=1, today=TODAY
        )
    resubmission = services.bank_application_resubmit(
        actor=admin_user, application=returned, submitted_on=date(2026, 4, 12), expected_version=2, today=TODAY
    )
    # Resubmitted is a change to the returned application too.
    assert BankApplication.objects.get(pk=returned.pk).version == 3
    assert resubmission.version == 1


def test_one_per_case_records_are_version_0_until_written(admin_user, case):
    with pytest.raises(StaleVersion):
        services.accommodation_record(
            actor=admin_user, case=case, status=AccommodationStatus.SETTLED, expected_version=1, today=TODAY
        )
    record = services.accommodation_record(
        actor=admin_user, case=case, status=AccommodationStatus.SETTLED, expected_version=0, today=TODAY
    )
    assert record.version == 1
    with pytest.raises(StaleVersion):
        services.accommodation_record(
            actor=admin_user, case=case, status=AccommodationStatus.TEMPORARY, expected_version=0, today=TODAY
        )
    ni = services.ni_number_record(
        actor=admin_user,
        case=case,
        status=NiStatus.APPLIED,
        applied_on=date(2026, 4, 1),
        expected_version=0,
        today=TODAY,
    )
    assert ni.version == 1
    ni = services.ni_number_record(
        actor=admin_user,
        case=case,
        status=NiStatus.RECEIVED,
        ni_number="AB123456C",
        applied_on=date(2026, 4, 1),
        received_on=date(2026, 4, 20),
        expected_version=1,
        today=TODAY,
    )
    assert ni.version == 2
    assert AccommodationRecord.objects.get().status == AccommodationStatus.SETTLED
    assert NiNumberRecord.objects.get().status == NiStatus.RECEIVED


def test_without_an_expected_version_changes_are_made_as_before(admin_user, case):
    application = add_id(admin_user, case)
    stale = IdApplication.objects.get(pk=application.pk)
    accept(admin_user, application)
    services.id_application_update(actor=admin_user, application=stale, status=IdStatus.REJECTED, today=TODAY)
    assert IdApplication.objects.get().version == 3
