from datetime import date

import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.handover.models import Handover
from onward.handover.services import handover_send, handovers_escalate
from onward.handover.tests.test_services import case, coach, jobcentre_coach, org  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover(coach, case):
    return handover_send(actor=coach, case=case, jobcentre=org("JCNORW"), needs="A phone")


def test_prison_work_coach_sends_from_the_case_page(client, coach, case):
    client.force_login(coach)
    page = client.get(f"/cases/{case.pk}/")
    assert f"/cases/{case.pk}/handover/new/".encode() in page.content
    form = client.get(f"/cases/{case.pk}/handover/new/")
    assert b"Norwich Jobcentre (demo)" in form.content
    assert b"Ipswich Jobcentre" not in form.content
    response = client.post(f"/cases/{case.pk}/handover/new/", {"jobcentre": org("JCNORW").pk, "needs": "A phone"})
    assert response.status_code == 302
    assert Handover.objects.get().pack["needs"] == "A phone"


def test_shared_notes_need_the_persons_agreement(client, coach, case):
    client.force_login(coach)
    response = client.post(
        f"/cases/{case.pk}/handover/new/", {"jobcentre": org("JCNORW").pk, "shared_notes": "Private"}
    )
    assert response.status_code == 200
    assert b"Confirm the person agreed" in response.content
    assert not Handover.objects.exists()


def test_jobcentre_inbox_accept_and_complete(client, handover, jobcentre_coach):
    client.force_login(jobcentre_coach)
    inbox = client.get("/handovers/")
    assert handover.case.person.full_name.encode() in inbox.content
    client.post(f"/handovers/{handover.pk}/", {"action": "accept"})
    handover.refresh_from_db()
    assert handover.status == "accepted"
    response = client.post(f"/handovers/{handover.pk}/", {"action": "complete"})
    assert b"Say whether the person attended" in response.content


def test_reject_with_errors_then_properly(client, handover, jobcentre_coach):
    client.force_login(jobcentre_coach)
    response = client.post(f"/handovers/{handover.pk}/", {"action": "reject", "reject-reason": "other"})
    assert b"There is a problem" in response.content
    client.post(f"/handovers/{handover.pk}/", {"action": "reject", "reject-reason": "incomplete-pack"})
    handover.refresh_from_db()
    assert handover.status == "rejected"


def test_other_jobcentres_and_roles_cannot_see_or_act(client, handover):
    client.force_login(user_for(Role.JOBCENTRE_WORK_COACH, "JCIPSW"))
    assert client.get(f"/handovers/{handover.pk}/").status_code == 404
    assert client.post(f"/handovers/{handover.pk}/", {"action": "accept"}).status_code == 404
    client.force_login(user_for(Role.PARTNERSHIP_BOARD, "national"))
    assert client.get("/handovers/").status_code == 403


def test_sender_cannot_accept_their_own_handover(client, handover, coach):
    client.force_login(coach)
    assert client.post(f"/handovers/{handover.pk}/", {"action": "accept"}).status_code == 403


def test_partnership_manager_sees_escalations_without_names(client, handover):
    handovers_escalate(today=date(2099, 1, 1))
    client.force_login(user_for(Role.PARTNERSHIP_MANAGER, "DWPEAN"))
    response = client.get("/escalations/")
    assert b"HMP &amp; YOI Norwich" in response.content
    assert handover.case.person.family_name.encode() not in response.content


def test_the_inbox_names_the_people_it_showed_in_its_audit_row(client, handover, jobcentre_coach):
    client.force_login(jobcentre_coach)
    client.get("/handovers/")
    event = AuditEvent.objects.filter(action="handover.inbox").latest("id")
    assert list(event.people.values_list("prison_number", flat=True)) == [handover.case.person.prison_number]
