"""Two real OpenID Connect providers on localhost, as HMPPS Auth and DWP's, and the redirect dance through them."""

from urllib.parse import urlsplit

import httpx
import pytest
from django.urls import reverse

from onward.accounts.tests.fake_identity_provider import FakeIdentityProvider


@pytest.fixture(scope="session")
def _hmpps_server():
    # Generating RSA keys and starting a server is the slow part: once a session.
    with FakeIdentityProvider(name="hmpps", client_id="onward-hmpps") as server:
        yield server


@pytest.fixture(scope="session")
def _dwp_server():
    with FakeIdentityProvider(name="dwp", client_id="onward-dwp") as server:
        yield server


def _reset(server):
    server.outage = False
    server.spoil = ""
    server.next_claims = None
    server.requests.clear()
    server.client_credentials.clear()


@pytest.fixture
def hmpps_auth(_hmpps_server, _dwp_server, settings):
    """HMPPS Auth and DWP's provider, both configured, as settings would be from the environment."""
    for server in (_hmpps_server, _dwp_server):
        _reset(server)
    settings.OIDC_PROVIDERS = {
        "dwp": _dwp_server.provider_settings(label="DWP"),
        "hmpps": _hmpps_server.provider_settings(label="HMPPS Auth"),
    }
    return _hmpps_server


@pytest.fixture
def dwp_idp(hmpps_auth, _dwp_server):
    return _dwp_server


def sign_in_through(client, provider, *, next_url=None):
    """Start at Onward, go to the provider, come back with its answer: the response to the callback."""
    start = reverse("accounts:sign-in-provider", args=[provider])
    response = client.get(start, {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content
    answer = httpx.get(response["Location"], follow_redirects=False)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["location"])
    assert callback.path == reverse("accounts:sign-in-callback", args=[provider])
    return client.get(f"{callback.path}?{callback.query}")


def prison_work_coach_claims(**extra):
    return {
        "sub": "G123456",
        "user_name": "PSHARMA_GEN",
        "given_name": "Priya",
        "family_name": "Sharma",
        "email": "priya.sharma@justice.example",
        "authorities": ["ROLE_PRISON", "ROLE_ONWARD_PRISON_WORK_COACH"],
        "caseloads": ["NWI", "WLI"],
        "active_caseload": "NWI",
    } | extra
