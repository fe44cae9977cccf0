"""A bounded schemathesis run against the live OpenAPI schema, as each of the four roles that use the API most.

Every operation the schema publishes is called with values generated from the schema itself (well-formed and
not), through the real WSGI application, with a real bearer token. Each answer must be no server error, carry a
status code and content type the schema declares for that operation, and match the declared body and headers:
a partner system that builds its client from the schema is never surprised.

The run is derandomised (the same examples every time), so it cannot pass on one machine and fail on the next.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
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

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

# Enough to reach every operation's refusals and, for most, its successes, in well under a minute a role.
EXAMPLES_PER_OPERATION = 12

ROLES = [
    (Role.PRISON_WORK_COACH, "NWI"),
    (Role.ID_BANKING_ADMIN, "NWI"),
    (Role.JOBCENTRE_WORK_COACH, "JCNORW"),
    (Role.PROBATION_PRACTITIONER, "N56NOSU"),
]


@pytest.fixture(scope="module")
def api_schema():
    return schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


def _first_line(failure):
    return " ".join(str(failure).split())[:300]


def _call_each_example(operation, *, app, headers, found):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        response = case.call(headers=headers, app=app)
        try:
            case.validate_response(response, checks=CHECKS)
        except (FailureGroup, Failure) as group:
            for failure in getattr(group, "exceptions", [group]):
                found.setdefault((operation.label, type(failure).__name__), _first_line(failure))

    call()


@pytest.mark.parametrize(("role", "organisation"), ROLES, ids=[str(role) for role, _ in ROLES])
def test_every_answer_is_one_the_schema_declares(api_schema, role, organisation):
    app = get_wsgi_application()
    headers = {"Authorization": f"Bearer {api_token_issue(actor=None, user=user_for(role, organisation))}"}
    found = {}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 30

    for operation in operations:
        _call_each_example(operation, app=app, headers=headers, found=found)

    assert not found, "\n".join(f"{label} {kind}: {line}" for (label, kind), line in sorted(found.items()))
