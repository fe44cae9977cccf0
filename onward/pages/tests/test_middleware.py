"""What every answer carries (onward/pages/middleware.py): no-store wherever personal data may be shown, a
Permissions-Policy everywhere (issue 12, section 6)."""

import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.cases.tests.factories import CaseFactory
from onward.cases.tests.test_api import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach_client(client):
    client.force_login(user_for(Role.PRISON_WORK_COACH, "NWI"))
    return client


def never_kept(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"no-store", "private"} <= directives


def test_every_page_a_signed_in_person_sees_is_never_kept(coach_client):
    case = CaseFactory()
    for url in ("/", "/cases/", f"/cases/{case.pk}/", "/worklist/", "/cases/export.csv", "/no-such-page/"):
        response = coach_client.get(url)
        assert response.status_code in (200, 404), url
        assert never_kept(response), url


def test_exports_are_never_kept(client):
    client.force_login(user_for(Role.PARTNERSHIP_BOARD, "national"))
    for url in ("/measures/download.csv", "/measures/download.xlsx"):
        assert never_kept(client.get(url)), url


def test_every_api_answer_is_never_kept_even_a_refusal():
    assert never_kept(api_as().get("/api/v1/cases/"))
    assert never_kept(api_as().get("/api/v1/cases/999999/"))
    assert never_kept(api_as().get("/api/v1/cases/?q=%00"))


def test_an_input_refusal_to_a_signed_in_person_is_never_kept(coach_client):
    assert never_kept(coach_client.get("/cases/?q=%00"))


def test_every_answer_forbids_powerful_features(client, coach_client):
    for response in (client.get("/sign-in/"), coach_client.get("/cases/"), client.get("/health/")):
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert feature in policy
