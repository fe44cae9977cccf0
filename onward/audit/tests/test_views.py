import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit import services
from onward.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_only_administrators_see_the_audit_trail(client):
    client.force_login(user_for(Role.PRISON_WORK_COACH, "NWI"))
    assert client.get("/audit/").status_code == 403


def test_administrator_filters_by_person_user_and_date_and_the_search_is_audited(client):
    admin = user_for(Role.ADMINISTRATOR, "national")
    coach = user_for(Role.PRISON_WORK_COACH, "NWI")
    services.record(actor=coach, action="case.read", prison_number="A1234BC")
    services.record(actor=coach, action="case.read", prison_number="B2345CD")
    client.force_login(admin)
    response = client.get("/audit/", {"prison_number": "a1234bc", "username": coach.username})
    assert response.status_code == 200
    assert [e.prison_number for e in response.context["page"].object_list] == ["A1234BC"]
    assert AuditEvent.objects.filter(action="audit.search", actor=admin, prison_number="A1234BC").exists()


def test_bad_filters_show_field_errors_not_a_crash(client):
    client.force_login(user_for(Role.ADMINISTRATOR, "national"))
    response = client.get(
        "/audit/",
        {"prison_number": "nonsense", "date_from_0": "31", "date_from_1": "2", "date_from_2": "2026"},
    )
    assert response.status_code == 200
    assert "prison_number" in response.context["form"].errors
    assert "date_from" in response.context["form"].errors
    assert b"govuk-error-summary" in response.content
