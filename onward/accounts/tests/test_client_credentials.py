"""A partner system calls the API with a client-credentials JWT from a real local provider, beside opaque tokens."""

import time
from io import StringIO

import httpx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from onward.cases.tests.test_api import api_as, leaving_in

pytestmark = pytest.mark.django_db

DWP_SYSTEM = {"authorities": ["ROLE_ONWARD_JOBCENTRE_WORK_COACH"]}


def client_token(provider, client_id="dwp-handovers", secret="system-secret"):  # noqa: S107 - the fake's own
    answer = httpx.post(f"{provider.url}/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret))
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def as_jwt(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def dwp_system(hmpps_auth):
    """DWP's handover system: a client at HMPPS Auth, and the jobcentre user it acts as in Onward."""
    hmpps_auth.allow_client("dwp-handovers", "system-secret", **DWP_SYSTEM)
    call_command(
        "createuser",
        "dwp-handovers",
        "--role=jobcentre_work_coach",
        "--org=JCNORW",
        "--client=hmpps:dwp-handovers",
        stdout=StringIO(),
    )
    return hmpps_auth


@pytest.fixture
def handover_id():
    coach = api_as()
    case_id = coach.post("/api/v1/cases/", leaving_in(21), format="json").json()["id"]
    body = {"jobcentre_code": "JCNORW", "person_agreed_to_share": True, "needs": "A phone"}
    return coach.post(f"/api/v1/cases/{case_id}/handovers/", body, format="json").json()["id"]


def test_a_partner_systems_jwt_reads_a_handover_for_its_jobcentre(dwp_system, handover_id):
    response = as_jwt(client_token(dwp_system)).get(f"/api/v1/handovers/{handover_id}/")
    assert response.status_code == 200, response.content
    assert response.json()["id"] == handover_id


def test_a_partner_system_sees_only_what_its_account_may(dwp_system, handover_id):
    # Its account moved to another jobcentre: the same kind of token no longer finds the handover.
    call_command("createuser", "dwp-handovers", "--role=jobcentre_work_coach", "--org=JCGYAR", stdout=StringIO())
    response = as_jwt(client_token(dwp_system)).get(f"/api/v1/handovers/{handover_id}/")
    assert response.status_code == 404


def test_opaque_tokens_still_work_beside_jwts(dwp_system):
    assert api_as().get("/api/v1/cases/").status_code == 200


def test_a_jwt_for_a_client_onward_does_not_know_is_refused(dwp_system, handover_id):
    dwp_system.allow_client("stranger", "s", **DWP_SYSTEM)
    response = as_jwt(client_token(dwp_system, "stranger", "s")).get(f"/api/v1/handovers/{handover_id}/")
    assert response.status_code == 401


def test_a_jwt_whose_role_was_removed_at_the_provider_is_refused(dwp_system, handover_id):
    dwp_system.allow_client("dwp-handovers", "system-secret", authorities=["ROLE_SOMETHING_ELSE"])
    response = as_jwt(client_token(dwp_system)).get(f"/api/v1/handovers/{handover_id}/")
    assert response.status_code == 401


def test_an_expired_jwt_is_refused(dwp_system, handover_id):
    now = int(time.time())
    token = dwp_system.signed(
        {"iss": dwp_system.url, "client_id": "dwp-handovers", "iat": now - 7200, "exp": now - 3600} | DWP_SYSTEM
    )
    assert as_jwt(token).get(f"/api/v1/handovers/{handover_id}/").status_code == 401


def test_an_unsigned_or_forged_jwt_is_refused(dwp_system, handover_id):
    now = int(time.time())
    claims = {"iss": dwp_system.url, "client_id": "dwp-handovers", "iat": now, "exp": now + 600} | DWP_SYSTEM
    assert as_jwt(dwp_system.signed(claims, alg="none")).get(f"/api/v1/handovers/{handover_id}/").status_code == 401
    dwp_system.spoil = ""
    forger = dwp_system._new_key()
    assert as_jwt(dwp_system.signed(claims, key=forger)).get(f"/api/v1/handovers/{handover_id}/").status_code == 401


def test_a_jwt_from_an_issuer_that_is_not_configured_is_refused(dwp_system, handover_id):
    now = int(time.time())
    claims = {"iss": "https://elsewhere.example", "client_id": "dwp-handovers", "iat": now, "exp": now + 600}
    assert as_jwt(dwp_system.signed(claims)).get(f"/api/v1/handovers/{handover_id}/").status_code == 401


def test_a_jwt_signed_with_a_rotated_key_fetches_the_jwks_once_more(dwp_system, handover_id):
    as_jwt(client_token(dwp_system)).get(f"/api/v1/handovers/{handover_id}/")
    fetched = dwp_system.requests["/jwks"]
    dwp_system.rotate_key()
    response = as_jwt(client_token(dwp_system)).get(f"/api/v1/handovers/{handover_id}/")
    assert response.status_code == 200
    assert dwp_system.requests["/jwks"] == fetched + 1


def test_the_openapi_schema_documents_both_kinds_of_bearer_token():
    # The schema is for API callers and signed-in people only (README: Security).
    schema = api_as().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    description = schema["components"]["securitySchemes"]["bearerAuth"]["description"]
    assert "createuser --token" in description
    assert "client-credentials" in description


def test_createuser_wants_the_client_as_provider_and_client_id():
    with pytest.raises(CommandError, match="provider:client_id"):
        call_command(
            "createuser", "x", "--role=jobcentre_work_coach", "--org=JCNORW", "--client=nocolon", stdout=StringIO()
        )
