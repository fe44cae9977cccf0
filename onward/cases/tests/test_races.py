"""Opening the same new prison number twice at once (issue 12): one request opens the case, the other answers
409 with a message and writes nothing. Before, the loser met the unique prison number deep in the database: 500.
"""

import threading
from unittest import mock

import pytest

from onward.audit.models import AuditEvent
from onward.cases import services
from onward.cases.models import Case, Person
from onward.cases.tests.factories import PersonFactory
from onward.cases.tests.test_api import api_as, leaving_in
from onward.tests.races import at_once, committed_rows, meeting_at, needs_postgresql

LOSER = {"prison_number": ["R1234AC was opened by someone else at the same moment: find the person's case instead"]}


@needs_postgresql
def test_two_requests_opening_the_same_new_prison_number_at_once_one_opens_it_the_other_is_409(
    django_db_setup, django_db_blocker
):
    with django_db_blocker.unblock(), committed_rows():
        first, second = api_as(), api_as()
        body = leaving_in(100, prison_number="R1234AC")
        # Both requests have checked the input and found no person by that number before either writes.
        with mock.patch.object(services, "_check", meeting_at(threading.Barrier(2), services._check)):
            responses = at_once(
                lambda: first.post("/api/v1/cases/", body, format="json"),
                lambda: second.post("/api/v1/cases/", body, format="json"),
            )
        assert sorted(response.status_code for response in responses) == [201, 409]
        assert next(response for response in responses if response.status_code == 409).json() == LOSER
        assert Person.objects.filter(prison_number="R1234AC").count() == 1
        assert Case.objects.filter(person__prison_number="R1234AC").count() == 1
        opened = Case.objects.get(person__prison_number="R1234AC")
        assert AuditEvent.objects.filter(action="case.create", object_id=str(opened.pk)).count() == 1


@pytest.mark.django_db
def test_a_prison_number_opened_by_someone_else_after_the_lookup_is_a_409_and_nothing_is_written():
    # The other request committed the person between this one's lookup and its write.
    PersonFactory(prison_number="R1234AC")
    client = api_as()
    with mock.patch.object(Person.objects, "select_for_update", lambda: Person.objects.none()):
        response = client.post("/api/v1/cases/", leaving_in(100, prison_number="R1234AC"), format="json")
    assert response.status_code == 409
    assert response.json() == LOSER
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(action="case.create").exists()
