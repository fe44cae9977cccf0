"""A bounded schemathesis run against the live OpenAPI schema, as each of the four roles that use the API most.

Every operation the schema publishes is called with values generated from the schema itself (well-formed and
not), through the real WSGI application, with a real bearer token. Each answer must be no server error, carry a
status code and content type the schema declares for that operation, and match the declared body and headers:
a partner system that builds its client from the schema is never surprised.

Each operation is called twice over: once with the identifiers the schema generates (mostly records that do
not exist, or not for this caller), and once on a real person's records (a case at HMP Norwich with an ID
application, a bank application, a jobcentre appointment, a warm handover and a probation referral), so the
bodies of successful answers are checked against the schema too, nullable fields and all.

The run is derandomised (the same examples every time), so it cannot pass on one machine and fail on the next.
"""

from contextlib import contextmanager
from datetime import date, timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from onward.accounts.constants import Role
from onward.accounts.services import api_token_issue
from onward.accounts.tests.factories import user_for
from onward.cases.tests.test_api import api_as, leaving_in

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

# Enough to reach every operation's refusals and, for most, its successes, in well under a minute a role.
EXAMPLES_PER_OPERATION = 8

ROLES = [
    (Role.PRISON_WORK_COACH, "NWI"),
    (Role.ID_BANKING_ADMIN, "NWI"),
    (Role.JOBCENTRE_WORK_COACH, "JCNORW"),
    (Role.PROBATION_PRACTITIONER, "N56NOSU"),
]


@contextmanager
def connection_kept():
    """Keep the real WSGI application from closing the test's database connection around a request, as Django's
    own test client does: on PostgreSQL the test's transaction lives on that connection. (Django's client
    connects the closer again after each of its own requests, so this wraps every call.)"""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_schema():
    return schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


def _first_line(failure):
    return " ".join(str(failure).split())[:300]


def _real_records():
    """A person at HMP Norwich with one of every record the API serves; answers {path parameter: value} by the
    collection each `{id}` sits under."""
    coach = api_as()
    case_id = coach.post("/api/v1/cases/", leaving_in(21), format="json").json()["id"]
    under_the_case = f"/api/v1/cases/{case_id}"
    today = date.today()
    id_application = coach.post(
        f"{under_the_case}/id-applications/",
        {"document_type": "uk-passport", "submitted_on": (today - timedelta(days=7)).isoformat(), "cost": "88.50"},
        format="json",
    ).json()["id"]
    bank_application = coach.post(
        f"{under_the_case}/bank-applications/",
        {"bank_name": "Barclays", "submitted_on": (today - timedelta(days=7)).isoformat()},
        format="json",
    ).json()["id"]
    discharge = date.fromisoformat(coach.get(f"{under_the_case}/").json()["discharge_date"])
    appointment = coach.post(
        f"{under_the_case}/appointments/",
        {
            "jobcentre_code": "JCNORW",
            "appointment_on": (discharge + timedelta(days=1)).isoformat(),
            "appointment_time": "09:30",
        },
        format="json",
    ).json()["id"]
    handover = coach.post(
        f"{under_the_case}/handovers/",
        {"jobcentre_code": "JCNORW", "person_agreed_to_share": True, "needs": "A phone"},
        format="json",
    ).json()["id"]
    referral = coach.post(
        f"{under_the_case}/referrals/", {"kind": "probation", "reason": "Needs help with housing"}, format="json"
    ).json()["id"]
    return {
        "case_id": case_id,
        "code": "id-documents",
        "/id-applications/": id_application,
        "/bank-applications/": bank_application,
        "/appointments/": appointment,
        "/handovers/": handover,
        "/referrals/": referral,
    }


def _on_real_records(case, records):
    """The generated call, aimed at the real person's records instead of the identifiers generated."""
    parameters = dict(case.path_parameters or {})
    for name in parameters:
        if name in records:
            parameters[name] = records[name]
        elif name == "id":
            # `{id}` is the record of the collection it sits under; the case API's own `{id}` is the case.
            collections = [value for under, value in records.items() if under.startswith("/") and under in case.path]
            parameters[name] = collections[0] if collections else records["case_id"]
    case.path_parameters = parameters
    return case


def _call_each_example(operation, *, app, headers, found, records=None):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        if records:
            case = _on_real_records(case, records)
        with connection_kept():
            response = case.call(headers=headers, app=app)
        try:
            case.validate_response(response, checks=CHECKS)
        except (FailureGroup, Failure) as group:
            for failure in getattr(group, "exceptions", [group]):
                line = _first_line(failure)
                found.setdefault((operation.label, type(failure).__name__, line[:160]), line)

    call()


@pytest.mark.parametrize(("role", "organisation"), ROLES, ids=[str(role) for role, _ in ROLES])
def test_every_answer_is_one_the_schema_declares(api_schema, role, organisation):
    app = get_wsgi_application()
    headers = {"Authorization": f"Bearer {api_token_issue(actor=None, user=user_for(role, organisation))}"}
    found = {}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 30

    records = _real_records()
    for operation in operations:
        _call_each_example(operation, app=app, headers=headers, found=found)
        _call_each_example(operation, app=app, headers=headers, found=found, records=records)

    assert not found, "\n".join(f"{label} {kind}: {line}" for (label, kind, _), line in sorted(found.items()))
