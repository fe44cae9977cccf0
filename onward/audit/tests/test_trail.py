import pytest
from django.db import DatabaseError, connection, transaction

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit import selectors, services
from onward.audit.models import AuditEvent, AuditEventPerson
from onward.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_record_copies_who_and_where_so_history_survives_role_changes():
    user = user_for(Role.PRISON_WORK_COACH, "NWI")
    case = CaseFactory()
    event = services.record(actor=user, action="case.read", subject=case)
    user.role = Role.PARTNERSHIP_MANAGER
    user.save()
    event.refresh_from_db()
    assert (event.actor_role, event.actor_organisation) == ("prison_work_coach", "NWI")
    assert event.prison_number == case.person.prison_number
    assert (event.object_type, event.object_id) == ("cases.case", str(case.pk))


def test_the_database_refuses_to_update_audit_rows():
    event = services.record(actor=None, action="test.event")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_the_database_refuses_to_delete_audit_rows():
    event = services.record(actor=None, action="test.event")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_cannot_rewrite_history_either():
    event = services.record(actor=None, action="test.event")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [event.pk])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is a PostgreSQL statement")
def test_postgresql_refuses_truncate():
    services.record(actor=None, action="test.event")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")


def test_every_request_carries_an_id_into_the_trail(client):
    user = user_for(Role.PRISON_WORK_COACH, "NWI")
    case = CaseFactory()
    client.force_login(user)
    response = client.get(f"/cases/{case.pk}/", HTTP_X_REQUEST_ID="trace-123")
    assert response["X-Request-ID"] == "trace-123"
    assert AuditEvent.objects.get(action="case.read").request_id == "trace-123"


def test_unsafe_request_ids_are_replaced(client):
    response = client.get("/health/", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>"
    assert len(response["X-Request-ID"]) == 32


def test_viewing_searching_and_changing_a_case_are_all_audited(client):
    user = user_for(Role.PRISON_WORK_COACH, "NWI")
    case = CaseFactory()
    client.force_login(user)
    client.get(f"/cases/{case.pk}/")
    client.get("/cases/", {"q": case.person.family_name})
    client.post(
        f"/cases/{case.pk}/discharge/",
        {"actual_discharge_date_0": "2", "actual_discharge_date_1": "9", "actual_discharge_date_2": "2026"},
    )
    actions = list(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))
    assert {"case.read", "case.search", "case.discharge"} <= set(actions)


def test_who_looked_at_a_person_finds_the_lists_that_showed_them():
    admin = user_for(Role.ADMINISTRATOR, "national", is_superuser=True)
    coach = user_for(Role.PRISON_WORK_COACH, "NWI")
    read = services.record(actor=coach, action="case.read", prison_number="T0424LS")
    listed = services.record(actor=coach, action="case.search", people=["A1111AA", "T0424LS", "T0424LS", ""])
    services.record(actor=coach, action="case.search", people=["A1111AA"])
    found = selectors.audit_event_list(user=admin, prison_number="t0424ls")
    assert sorted(event.pk for event in found) == sorted([read.pk, listed.pk])
    assert sorted(listed.people.values_list("prison_number", flat=True)) == ["A1111AA", "T0424LS"]


def test_the_people_a_read_showed_cannot_be_rewritten_either():
    event = services.record(actor=None, action="case.search", people=["T0424LS"])
    shown = AuditEventPerson.objects.get(event=event)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEventPerson.objects.filter(pk=shown.pk).update(prison_number="A1111AA")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEventPerson.objects.filter(pk=shown.pk).delete()
    assert AuditEventPerson.objects.get(pk=shown.pk).prison_number == "T0424LS"


def test_the_audit_page_says_whom_a_list_showed(client):
    admin = user_for(Role.ADMINISTRATOR, "national", is_superuser=True)
    services.record(actor=None, action="case.search", people=["T0424LS"])
    client.force_login(admin)
    content = client.get("/audit/", {"prison_number": "T0424LS"}).content
    assert b"Showed 1 person: T0424LS" in content
