"""Recording the same touchpoint twice at once (issue 12): one record stands, the other request answers 409 with
a message and writes nothing. Before, the loser met the one-current-record constraint in the database: 500."""

import threading
from unittest import mock

import pytest
from django.test import Client

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases.tests.test_api import WORKED_EXAMPLE
from onward.journey import services
from onward.journey.models import TimelineEntry, TouchpointRecord
from onward.journey.tests.test_api import api_as
from onward.tests.races import at_once, committed_rows, meeting_at, needs_postgresql

RECORD = "/api/v1/cases/{}/touchpoints/employer-liaison/record/"
BODY = {"outcome": "done", "completed_on": "2026-03-10", "notes": "Spoke to the employer."}
LOSER = {
    "code": [
        "Someone else recorded Liaise with the employer at the same moment: theirs stands. Undo it to record yours"
    ]
}


@needs_postgresql
def test_two_requests_recording_the_same_touchpoint_at_once_one_stands_the_other_is_409(
    django_db_setup, django_db_blocker
):
    with django_db_blocker.unblock(), committed_rows():
        first, second = api_as(), api_as()
        case_id = first.post("/api/v1/cases/", WORKED_EXAMPLE, format="json").json()["id"]
        # Both requests have found the touchpoint unrecorded before either writes.
        with mock.patch.object(services, "_check_record", meeting_at(threading.Barrier(2), services._check_record)):
            responses = at_once(
                lambda: first.post(RECORD.format(case_id), BODY, format="json"),
                lambda: second.post(RECORD.format(case_id), BODY, format="json"),
            )
        assert sorted(response.status_code for response in responses) == [201, 409]
        assert next(response for response in responses if response.status_code == 409).json() == LOSER
        assert TouchpointRecord.objects.filter(case_id=case_id, code="employer-liaison").count() == 1
        assert TimelineEntry.objects.filter(case_id=case_id, kind="touchpoint").count() == 1
        assert AuditEvent.objects.filter(action="touchpoint.record", object_id=str(case_id)).count() == 1


CHECK_RECORD = services._check_record


def recorded_by_someone_else_meanwhile(**check):
    """The check passes, then the other request's record is there: as if it committed in between."""
    CHECK_RECORD(**check)
    TouchpointRecord.objects.create(
        case=check["case"], code=check["touchpoint"].code, outcome="done", completed_on=check["completed_on"]
    )


@pytest.mark.django_db
def test_a_touchpoint_recorded_by_someone_else_after_the_check_is_a_409_and_nothing_is_written():
    client = api_as()
    case_id = client.post("/api/v1/cases/", WORKED_EXAMPLE, format="json").json()["id"]
    with mock.patch.object(services, "_check_record", recorded_by_someone_else_meanwhile):
        response = client.post(RECORD.format(case_id), BODY, format="json")
    assert response.status_code == 409
    assert response.json() == LOSER
    assert not TouchpointRecord.objects.filter(case_id=case_id).exists()
    assert not AuditEvent.objects.filter(action="touchpoint.record").exists()


@pytest.mark.django_db
def test_on_the_record_page_the_loser_is_told_so_with_a_409():
    client = api_as()
    case_id = client.post("/api/v1/cases/", WORKED_EXAMPLE, format="json").json()["id"]
    page = Client()
    page.force_login(user_for(Role.PRISON_WORK_COACH, "NWI"))
    form = {"outcome": "done", "completed_on_0": "10", "completed_on_1": "3", "completed_on_2": "2026", "notes": "x"}
    with mock.patch.object(services, "_check_record", recorded_by_someone_else_meanwhile):
        response = page.post(f"/cases/{case_id}/touchpoints/employer-liaison/", form)
    assert response.status_code == 409
    assert LOSER["code"][0] in response.content.decode()
    assert not TouchpointRecord.objects.filter(case_id=case_id).exists()
