"""Every operation of the API, called with hostile values in every field it takes and every query parameter:
never a 500, and nothing written by a call that was refused (issue 12, section 2)."""

import json

import pytest
from django.core.management import call_command

from onward.accounts.constants import Role
from onward.cases.tests.test_api import api_as, leaving_in
from onward.tests.test_hostile_forms import rows_held

pytestmark = pytest.mark.django_db

HOSTILE = {
    "NUL": "Rh\x00ys",
    "100k characters": "x" * 100_000,
    "unicode": "Ŵŷ ✓ 🏦 \u202etxet\u202c 𝔘 ﷽",
    "31 12 9999": "9999-12-31",
    "a huge number": 10**30,
    "a negative number": -(10**30),
    "a list": [[["x"]]],
    "an object": {"a": {"b": None}},
    "null": None,
    "true": True,
}
# Who calls each operation: the role whose work it is (others are refused before any field is read).
CALLERS = {
    "handovers": (Role.JOBCENTRE_WORK_COACH, "JCNORW"),
    "referrals": (Role.PROBATION_PRACTITIONER, "N56NOSU"),
}


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(path))
    return json.loads(path.read_text())


def body_fields(schema, operation):
    content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    reference = content.get("schema", {}).get("$ref", "")
    component = schema["components"]["schemas"].get(reference.rsplit("/", 1)[-1], {})
    return sorted(component.get("properties", {}))


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


def test_every_operation_takes_hostile_values_without_a_500_or_a_half_write(schema):
    coach = api_as()
    case_id = coach.post("/api/v1/cases/", leaving_in(100), format="json").json()["id"]
    callers = {noun: api_as(*caller) for noun, caller in CALLERS.items()}
    failures, calls = [], 0
    before = rows_held()
    for method, template, operation in operations(schema):
        noun = template.split("/")[3]
        client = callers.get(noun, coach)
        client.raise_request_exception = False
        path = (
            template.replace("{case_id}", str(case_id))
            .replace("{id}", str(case_id))
            .replace("{code}", "employer-liaison")
        )
        fields = body_fields(schema, operation) or ["non_field"]
        for label, value in HOSTILE.items():
            # Every field at once: a serializer judges each field and answers for all of them.
            if method == "get":
                response = client.get(
                    path, dict.fromkeys(fields, value if isinstance(value, str) else json.dumps(value))
                )
            else:
                response = getattr(client, method)(path, dict.fromkeys(fields, value), format="json")
            calls += 1
            where = f"{method.upper()} {path} with {label} in {', '.join(fields)}"
            if response.status_code >= 500:
                failures.append(f"{where} answered {response.status_code}")
            elif response.status_code >= 300:
                after = rows_held()
                if after != before:
                    failures.append(f"{where} answered {response.status_code} but wrote something")
            before = rows_held()
        if method != "get":
            response = getattr(client, method)(path, data="[" * 2000 + "]" * 2000, content_type="application/json")
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {path} with 2,000 nested brackets answered {response.status_code}")
    assert calls > 300, calls
    assert failures == []
