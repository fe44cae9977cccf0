"""One guard on every input (onward/inputs.py): what no field may hold is refused with 400 before any view,
under the name of the parameter or field at fault, and never ends in a 500 (issue 12, section 2)."""

import pytest
from django.test import Client

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases.models import Person
from onward.cases.tests.test_api import api_as, leaving_in
from onward.cases.tests.test_views import NEW_CASE
from onward.inputs import MAX_JSON_DEPTH, MAX_VALUE_LENGTH

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "This must not contain control characters such as NUL"


def signed_in(role, org):
    # A server error must answer as it would in production, not raise into the test.
    client = Client(raise_request_exception=False)
    client.force_login(user_for(role, org))
    return client


@pytest.mark.parametrize(
    ("role", "org", "url", "field"),
    [
        (Role.PRISON_WORK_COACH, "NWI", "/cases/?q=%00", "q"),
        (Role.EMPLOYER_ENGAGEMENT, "NWI", "/work/employers/?q=%00", "q"),
        (Role.PARTNERSHIP_MANAGER, "NWI", "/partnerships/prisons/%00/", "path"),
        (Role.PRISON_WORK_COACH, "NWI", "/cases/?sort=%00name", "sort"),
    ],
)
def test_a_nul_byte_in_a_query_or_path_is_a_400_naming_it(role, org, url, field):
    before = AuditEvent.objects.count()
    response = signed_in(role, org).get(url)
    assert response.status_code == 400
    assert (field, NUL_MESSAGE) in response.context["problems"]
    assert AuditEvent.objects.count() == before


def test_a_nul_byte_in_an_api_query_is_a_400_naming_the_parameter():
    client = api_as()
    client.raise_request_exception = False
    response = client.get("/api/v1/cases/?x=%00")
    assert response.status_code == 400
    assert response.json() == {"x": [NUL_MESSAGE]}


def test_a_nul_byte_in_a_parameter_name_is_refused_too():
    client = api_as()
    response = client.get("/api/v1/cases/?a%00b=1")
    assert response.status_code == 400
    assert response.json() == {"ab": [NUL_MESSAGE]}


def test_a_value_longer_than_any_field_holds_is_a_400():
    response = signed_in(Role.PRISON_WORK_COACH, "NWI").get("/cases/", {"q": "a" * (MAX_VALUE_LENGTH + 1)})
    assert response.status_code == 400
    assert response.context["problems"][0][0] == "q"


def test_a_form_field_holding_a_nul_byte_is_refused_and_nothing_is_written():
    response = signed_in(Role.PRISON_WORK_COACH, "NWI").post("/cases/new/", NEW_CASE | {"given_name": "Rh\x00ys"})
    assert response.status_code == 400
    assert ("given_name", NUL_MESSAGE) in response.context["problems"]
    assert not Person.objects.filter(prison_number=NEW_CASE["prison_number"]).exists()


def test_a_cookie_that_could_not_be_looked_up_is_dropped_not_a_500():
    client = signed_in(Role.PRISON_WORK_COACH, "NWI")
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    assert client.get("/cases/").status_code == 302  # signed out: to the sign-in page


@pytest.mark.parametrize("brackets", ["[" * 2000 + "]" * 2000, '{"a":' * 2000 + "1" + "}" * 2000])
def test_json_nested_two_thousand_deep_is_a_400(brackets):
    client = api_as()
    client.raise_request_exception = False
    response = client.post("/api/v1/cases/", data=brackets, content_type="application/json")
    assert response.status_code == 400
    assert str(MAX_JSON_DEPTH) in response.json()["detail"]


def test_json_nested_within_the_limit_still_parses_to_field_errors():
    client = api_as()
    body = leaving_in(100) | {"given_name": [[[["deep"]]]]}
    response = client.post("/api/v1/cases/", body, format="json")
    assert response.status_code == 400
    assert "given_name" in response.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"given_name": "Rh\\u0000ys"}', "given_name"),
        ('{"given_name": "Rh\\ud800ys"}', "given_name"),
        ('{"\\u0000": 1}', "non_field_errors"),
        ('{"checklist": ["ok", "n\\u0000"]}', "checklist[1]"),
    ],
)
def test_json_strings_no_field_may_hold_are_refused_under_their_field(body, field):
    client = api_as()
    client.raise_request_exception = False
    response = client.post("/api/v1/cases/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()[field] == [NUL_MESSAGE]


def test_json_that_is_not_json_is_a_400():
    response = api_as().post("/api/v1/cases/", data="{nope", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=BoUnDaRy"]
)
def test_a_form_encoded_patch_the_middleware_never_sees_is_guarded_too(content_type):
    client = api_as()
    case_id = client.post("/api/v1/cases/", leaving_in(100), format="json").json()["id"]
    if content_type.startswith("multipart"):
        body = '--BoUnDaRy\r\nContent-Disposition: form-data; name="given_name"\r\n\r\nRh\x00ys\r\n--BoUnDaRy--\r\n'
    else:
        body = "given_name=Rh%00ys"
    response = client.patch(f"/api/v1/cases/{case_id}/", data=body, content_type=content_type)
    assert response.status_code == 400
    assert response.json() == {"given_name": [NUL_MESSAGE]}
