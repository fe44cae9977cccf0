"""The published OpenAPI schema: built cleanly, and saying what each endpoint of api.md really answers."""

import json

import pytest
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS

# Each operation that reads or changes a named person's record, and the answers it documents beyond success.
RECORD_OPERATIONS = {
    ("get", "/api/v1/cases/{id}/"): {"403", "404"},
    ("patch", "/api/v1/cases/{id}/"): {"400", "403", "404", "412"},
    ("post", "/api/v1/cases/{id}/discharge/"): {"400", "403", "404", "412"},
    ("post", "/api/v1/cases/{id}/transfer/"): {"400", "403", "404", "412"},
    ("post", "/api/v1/cases/{id}/recall/"): {"400", "403", "404", "412"},
    ("get", "/api/v1/cases/{case_id}/readiness/"): {"403", "404"},
    ("post", "/api/v1/cases/{case_id}/id-applications/"): {"400", "403", "404"},
    ("patch", "/api/v1/cases/{case_id}/id-applications/{id}/"): {"400", "403", "404", "412"},
    ("post", "/api/v1/cases/{case_id}/bank-applications/"): {"400", "403", "404", "412"},
    ("patch", "/api/v1/cases/{case_id}/bank-applications/{id}/"): {"400", "403", "404", "412"},
    ("post", "/api/v1/cases/{case_id}/appointments/"): {"400", "403", "404", "412"},
    ("get", "/api/v1/cases/{case_id}/appointments/{id}/"): {"403", "404"},
    ("patch", "/api/v1/cases/{case_id}/universal-credit/"): {"400", "403", "404", "412"},
    ("patch", "/api/v1/cases/{case_id}/ni-number/"): {"400", "403", "404", "412"},
    ("patch", "/api/v1/cases/{case_id}/accommodation/"): {"400", "403", "404", "412"},
    ("post", "/api/v1/cases/{case_id}/handovers/"): {"400", "403", "404"},
    ("get", "/api/v1/handovers/{id}/"): {"403", "404"},
    ("post", "/api/v1/handovers/{id}/accept/"): {"400", "403", "404", "412"},
    ("post", "/api/v1/handovers/{id}/reject/"): {"400", "403", "404", "412"},
    ("post", "/api/v1/handovers/{id}/complete/"): {"400", "403", "404", "412"},
    ("post", "/api/v1/handovers/{id}/revoke/"): {"400", "403", "404", "412"},
    ("post", "/api/v1/cases/{case_id}/referrals/"): {"400", "403", "404"},
    ("post", "/api/v1/cases/"): {"400", "403", "404", "409"},
    ("post", "/api/v1/cases/{case_id}/touchpoints/{code}/record/"): {"400", "403", "404", "409"},
    ("get", "/api/v1/referrals/{id}/"): {"403", "404"},
    ("post", "/api/v1/referrals/{id}/accept/"): {"400", "403", "404", "412"},
    ("post", "/api/v1/referrals/{id}/revoke/"): {"400", "403", "404", "412"},
}


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.json"
    GENERATOR_STATS.reset()
    # Raises on any warning, and on a schema OpenAPI would not accept.
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(path))
    return json.loads(path.read_text())


def test_every_operation_has_a_summary_and_the_bearer_scheme(schema):
    bearer = schema["components"]["securitySchemes"]["bearerAuth"]
    assert {"type": bearer["type"], "scheme": bearer["scheme"]} == {"type": "http", "scheme": "bearer"}
    # Opaque tokens and partner systems' client-credentials JWTs (docs/adr/0018).
    assert "createuser --token" in bearer["description"]
    assert "client-credentials" in bearer["description"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            assert {"bearerAuth": []} in operation["security"], (method, path)


def test_every_operation_documents_the_answers_every_operation_gives(schema):
    # 400 from the input guard (any query or field), 401 without a token, 403 for other roles, 404 out of scope.
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"400", "401", "403", "404"} <= set(operation["responses"]), (method, path)
            unauthenticated = operation["responses"]["401"]["content"]["application/json"]["schema"]
            assert unauthenticated == {"$ref": "#/components/schemas/Problem"}


def test_the_two_requests_that_can_race_document_the_409(schema):
    for method, path in [("post", "/api/v1/cases/"), ("post", "/api/v1/cases/{case_id}/touchpoints/{code}/record/")]:
        conflict = schema["paths"][path][method]["responses"]["409"]
        assert "same moment" in conflict["description"]


@pytest.mark.parametrize("operation", RECORD_OPERATIONS, ids=" ".join)
def test_each_record_operation_documents_its_real_errors(schema, operation):
    method, path = operation
    errors = RECORD_OPERATIONS[operation]
    responses = schema["paths"][path][method]["responses"]
    assert errors <= set(responses)
    if "400" in errors:
        field_errors = responses["400"]["content"]["application/json"]["schema"]
        assert field_errors["additionalProperties"] == {"type": "array", "items": {"type": "string"}}


def test_reads_say_their_etag_and_changes_take_if_match(schema):
    for (method, path), errors in RECORD_OPERATIONS.items():
        operation = schema["paths"][path][method]
        ok = next(code for code in ("200", "201") if code in operation["responses"])
        if method == "get" and "{" in path.rstrip("/").rsplit("/", 1)[-1]:
            assert "ETag" in operation["responses"][ok]["headers"], path
        if "412" in errors:
            assert any(p["name"] == "If-Match" and p["in"] == "header" for p in operation["parameters"]), path


def test_each_vocabulary_is_one_named_enum(schema):
    components = schema["components"]["schemas"]
    assert components["HandoverStatus"]["enum"] == ["sent", "accepted", "rejected", "completed", "revoked"]
    assert components["ReadinessState"]["enum"] == ["in-place", "in-progress", "missing", "late", "not-needed"]
    assert "account-opened" in components["BankStatus"]["enum"]
