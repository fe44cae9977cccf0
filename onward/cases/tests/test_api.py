"""The fixed contract in api.md: names, status codes and field-level errors."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from onward.accounts.constants import Role
from onward.accounts.services import api_token_issue
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases.models import Case

pytestmark = pytest.mark.django_db

WORKED_EXAMPLE = {
    "prison_number": "A1234BC",
    "given_name": "Jordan",
    "family_name": "Example",
    "date_of_birth": "1990-01-01",
    "prison_code": "NWI",
    "reception_date": "2026-03-02",
    "legal_status": "sentenced",
    "sentence_date": "2026-03-02",
    "custodial_term_days": 365,
    "release_date": "2026-09-02",
    "claiming_benefits": True,
    "uc_housing_costs": True,
    "employed_at_reception": True,
    "has_bank_account": False,
}


def leaving_in(days, *, prison_number="A1234BC", **changes):
    """A case's body for a person received ten weeks ago who leaves about `days` from today (the release-day
    rules pick the day): the API works on today, so its tests do too."""
    today = date.today()
    received = today - timedelta(weeks=10)
    release = today + timedelta(days=days)
    return WORKED_EXAMPLE | {
        "prison_number": prison_number,
        "reception_date": received.isoformat(),
        "sentence_date": received.isoformat(),
        "release_date": release.isoformat(),
        "custodial_term_days": 2 * (release - received).days,
        "release_area": "NR3",
        "pdu_code": "N56NOSU",
        **changes,
    }


def api_as(role=Role.PRISON_WORK_COACH, org="NWI"):
    user = user_for(role, org)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(actor=None, user=user)}")
    return client


def test_create_answers_201_with_derived_discharge_date():
    response = api_as().post("/api/v1/cases/", WORKED_EXAMPLE, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["id"] == Case.objects.get().pk
    assert body["discharge_date"] == "2026-09-02"
    assert body["discharge_explanation"].startswith("Released Wednesday 2 September 2026")
    assert body["release_type"] == "standard"
    assert body["released_to_community"] is True


def test_saturday_release_explanation_names_both_rules():
    body = (
        api_as()
        .post(
            "/api/v1/cases/",
            WORKED_EXAMPLE
            | {
                "release_date": "2026-11-14",
                "custodial_term_days": 730,
                "sentence_date": "2025-11-14",
                "reception_date": "2025-11-14",
            },
            format="json",
        )
        .json()
    )
    assert body["discharge_date"] == "2026-11-12"
    assert "CJA 1961 s.23" in body["discharge_explanation"]
    assert "Day of Release Act 2023" in body["discharge_explanation"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"prison_number": "not-a-number"}, "prison_number"),
        ({"date_of_birth": "2026-02-30"}, "date_of_birth"),
        ({"date_of_birth": "yesterday"}, "date_of_birth"),
        ({"date_of_birth": "2015-01-01"}, "date_of_birth"),
        ({"prison_code": "XXX"}, "prison_code"),
        ({"prison_code": "N56NOSU"}, "prison_code"),
        ({"legal_status": "free"}, "legal_status"),
        ({"custodial_term_days": -3}, "custodial_term_days"),
        ({"custodial_term_days": "twelve"}, "custodial_term_days"),
        ({"release_type": "teleport"}, "release_type"),
        ({"given_name": "x" * 10_000}, "given_name"),
        ({"release_date": None}, "release_date"),
        ({"ni_number": "123"}, "ni_number"),
        ({"pdu_code": "NOPE"}, "pdu_code"),
        ({"release_area": "QQ1"}, "release_area"),
    ],
)
def test_bad_input_answers_400_with_a_message_for_the_field(change, field):
    response = api_as().post("/api/v1/cases/", WORKED_EXAMPLE | change, format="json")
    assert response.status_code == 400
    body = response.json()
    assert field in body, body
    assert all(isinstance(message, str) and message for message in body[field])
    assert not Case.objects.exists()


def test_missing_required_fields_are_each_named():
    response = api_as().post("/api/v1/cases/", {}, format="json")
    assert response.status_code == 400
    assert {
        "prison_number",
        "given_name",
        "family_name",
        "date_of_birth",
        "prison_code",
        "reception_date",
        "legal_status",
    } <= set(response.json())


def test_malformed_json_is_a_400_not_a_500():
    response = api_as().post("/api/v1/cases/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_creating_in_another_prison_is_refused():
    response = api_as(org="WLI").post("/api/v1/cases/", WORKED_EXAMPLE, format="json")
    assert response.status_code == 400
    assert "prison_code" in response.json()
    assert not Case.objects.exists()


def test_get_and_patch_follow_the_contract():
    client = api_as()
    case_id = client.post("/api/v1/cases/", WORKED_EXAMPLE, format="json").json()["id"]
    assert client.get(f"/api/v1/cases/{case_id}/").json()["prison_number"] == "A1234BC"
    response = client.patch(
        f"/api/v1/cases/{case_id}/", {"release_date": "2026-11-20", "sentence_date": "2026-05-22"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["discharge_date"] == "2026-11-19"
    # Fields the caller did not send keep their values.
    assert response.json()["employed_at_reception"] is True


def test_patch_with_stale_version_answers_412():
    client = api_as()
    case_id = client.post("/api/v1/cases/", WORKED_EXAMPLE, format="json").json()["id"]
    client.patch(f"/api/v1/cases/{case_id}/", {"has_bank_account": True}, format="json", HTTP_IF_MATCH='"1"')
    response = client.patch(
        f"/api/v1/cases/{case_id}/", {"has_bank_account": False}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 412


def test_patch_cannot_move_prison():
    client = api_as()
    case_id = client.post("/api/v1/cases/", WORKED_EXAMPLE, format="json").json()["id"]
    response = client.patch(f"/api/v1/cases/{case_id}/", {"prison_code": "WLI"}, format="json")
    assert response.status_code == 400
    assert "prison_code" in response.json()


def test_case_outside_scope_answers_404_for_get_and_patch():
    case_id = api_as().post("/api/v1/cases/", WORKED_EXAMPLE, format="json").json()["id"]
    other = api_as(org="WLI")
    assert other.get(f"/api/v1/cases/{case_id}/").status_code == 404
    assert other.patch(f"/api/v1/cases/{case_id}/", {"has_bank_account": True}, format="json").status_code == 404


def test_list_is_paginated_scoped_and_audited():
    api_as().post("/api/v1/cases/", WORKED_EXAMPLE, format="json")
    response = api_as(org="NWI").get("/api/v1/cases/")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert api_as(org="WLI").get("/api/v1/cases/").json()["count"] == 0
    assert AuditEvent.objects.filter(action="case.list").count() == 2


def test_board_is_refused_the_case_api():
    assert api_as(Role.PARTNERSHIP_BOARD, "national").get("/api/v1/cases/").status_code == 403


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer nope", "Bearer a b", "Token abc"])
def test_missing_or_bad_tokens_are_refused(header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/v1/cases/").status_code in {401, 403}


def test_createuser_token_works_end_to_end(capsys):
    call_command("createuser", "api.partner", "--role", "prison_work_coach", "--org", "NWI", "--token")
    token = capsys.readouterr().out.strip().splitlines()[-1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.post("/api/v1/cases/", WORKED_EXAMPLE, format="json").status_code == 201


def test_openapi_schema_is_published_to_api_callers_and_signed_in_people_only(client):
    response = api_as().get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/cases/" in response.content
    for url in ("/api/schema/", "/api/docs/", "/api/redoc/"):
        assert APIClient().get(url).status_code == 401, url
    client.force_login(user_for(Role.PRISON_WORK_COACH, "NWI"))
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/schema/").status_code == 200


# --- ?prison_number=, ETag and If-Match, never cached ------------------------------------------------


def test_prison_number_lists_only_that_persons_cases_the_caller_may_see():
    coach = api_as()
    wanted = coach.post("/api/v1/cases/", leaving_in(70), format="json").json()["id"]
    coach.post("/api/v1/cases/", leaving_in(70, prison_number="B2345CD"), format="json")
    response = coach.get("/api/v1/cases/", {"prison_number": " a1234bc "})
    assert response.status_code == 200
    assert [case["id"] for case in response.json()["results"]] == [wanted]
    assert api_as(org="WLI").get("/api/v1/cases/", {"prison_number": "A1234BC"}).json()["count"] == 0


@pytest.mark.parametrize("number", ["1234", "A1234BC\x00", "x" * 5000, "Ä1234BC"])
def test_a_malformed_prison_number_is_a_400_for_that_field(number):
    response = api_as().get("/api/v1/cases/", {"prison_number": number})
    assert response.status_code == 400
    assert "prison_number" in response.json()


def test_a_case_answers_its_version_as_etag_and_is_never_cached():
    client = api_as()
    created = client.post("/api/v1/cases/", leaving_in(70), format="json")
    assert created["ETag"] == '"1"'
    response = client.get(f"/api/v1/cases/{created.json()['id']}/")
    assert response["ETag"] == '"1"'
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in client.get("/api/v1/cases/").headers["Cache-Control"]
    assert "no-store" in client.get("/api/v1/cases/0/")["Cache-Control"]


@pytest.mark.parametrize("stale", ['"1"', 'W/"1"', "1", '"one"', '"²"', '"' + "9" * 50 + '"'])
def test_a_patch_on_a_version_the_case_moved_on_from_is_412_and_changes_nothing(stale):
    client = api_as()
    case_id = client.post("/api/v1/cases/", leaving_in(70), format="json").json()["id"]
    moved = client.patch(f"/api/v1/cases/{case_id}/", {"has_bank_account": True}, format="json", HTTP_IF_MATCH='"1"')
    assert moved.status_code == 200
    assert moved["ETag"] == '"2"'
    response = client.patch(
        f"/api/v1/cases/{case_id}/", {"has_bank_account": False}, format="json", HTTP_IF_MATCH=stale
    )
    assert response.status_code == 412
    assert "no-store" in response["Cache-Control"]
    assert Case.objects.get(pk=case_id).has_bank_account is True


# --- discharge, transfer and recall ---------------------------------------------------------------------


def test_discharge_answers_the_case_as_it_now_stands():
    client = api_as()
    case_id = client.post("/api/v1/cases/", leaving_in(3), format="json").json()["id"]
    today = date.today().isoformat()
    response = client.post(
        f"/api/v1/cases/{case_id}/discharge/", {"actual_discharge_date": today}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200, response.json()
    assert response.json() | {"status": "released", "actual_discharge_date": today, "discharge_date": today} == (
        response.json()
    )
    assert response["ETag"] == '"2"'
    assert AuditEvent.objects.filter(action="case.discharge", object_id=str(case_id)).exists()


def test_a_movement_on_a_stale_version_is_412_and_changes_nothing():
    client = api_as()
    case_id = client.post("/api/v1/cases/", leaving_in(3), format="json").json()["id"]
    client.patch(f"/api/v1/cases/{case_id}/", {"has_bank_account": True}, format="json")
    today = date.today().isoformat()
    for movement, body in (
        ("discharge", {"actual_discharge_date": today}),
        ("transfer", {"prison_code": "WLI", "transfer_date": today}),
    ):
        response = client.post(f"/api/v1/cases/{case_id}/{movement}/", body, format="json", HTTP_IF_MATCH='"1"')
        assert response.status_code == 412, movement
    case = Case.objects.get(pk=case_id)
    assert (case.status, case.prison.code, case.version) == ("in_custody", "NWI", 2)


def test_a_transfer_hands_the_case_to_the_receiving_prison():
    client = api_as()
    case_id = client.post("/api/v1/cases/", leaving_in(70), format="json").json()["id"]
    response = client.post(
        f"/api/v1/cases/{case_id}/transfer/",
        {"prison_code": "wli", "transfer_date": date.today().isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["prison_code"] == "WLI"
    assert client.get(f"/api/v1/cases/{case_id}/").status_code == 404
    assert api_as(org="WLI").get(f"/api/v1/cases/{case_id}/").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"prison_code": "NWI", "transfer_date": date.today().isoformat()}, "prison_code"),
        ({"prison_code": "XXX", "transfer_date": "2026-01-01"}, "prison_code"),
        ({"prison_code": "N56NOSU", "transfer_date": "2026-01-01"}, "prison_code"),
        ({"prison_code": "WLI", "transfer_date": "9999-12-31"}, "transfer_date"),
        ({"prison_code": "WLI", "transfer_date": "2026-02-30"}, "transfer_date"),
        ({"prison_code": "WLI"}, "transfer_date"),
        ({"prison_code": ["WLI"], "transfer_date": "2026-01-01"}, "prison_code"),
        ({"prison_code": "WLI\x00", "transfer_date": "2026-01-01"}, "prison_code"),
        ({"prison_code": "W" * 100_000, "transfer_date": "2026-01-01"}, "prison_code"),
    ],
)
def test_transfer_refusals_name_the_field(body, field):
    client = api_as()
    case_id = client.post("/api/v1/cases/", leaving_in(70), format="json").json()["id"]
    response = client.post(f"/api/v1/cases/{case_id}/transfer/", body, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Case.objects.get(pk=case_id).prison.code == "NWI"


@pytest.mark.parametrize(
    "when", ["9999-12-31", "0001-01-01", "2026-13-01", "", None, 20260101, ["2026-01-01"], "\x00", "二〇二六"]
)
def test_an_ugly_discharge_date_is_a_400_for_the_field(when):
    client = api_as()
    case_id = client.post("/api/v1/cases/", leaving_in(3), format="json").json()["id"]
    response = client.post(f"/api/v1/cases/{case_id}/discharge/", {"actual_discharge_date": when}, format="json")
    assert response.status_code == 400
    assert "actual_discharge_date" in response.json()


def test_a_body_that_is_not_an_object_is_a_400():
    client = api_as()
    case_id = client.post("/api/v1/cases/", leaving_in(3), format="json").json()["id"]
    assert client.post(f"/api/v1/cases/{case_id}/discharge/", ["x"], format="json").status_code == 400
    response = client.post(f"/api/v1/cases/{case_id}/discharge/", "{oops", content_type="application/json")
    assert response.status_code == 400


def test_recall_answers_the_recall_episode_now_open():
    client = api_as()
    case_id = client.post("/api/v1/cases/", leaving_in(3), format="json").json()["id"]
    today = date.today().isoformat()
    client.post(f"/api/v1/cases/{case_id}/discharge/", {"actual_discharge_date": today}, format="json")
    stale = client.post(
        f"/api/v1/cases/{case_id}/recall/", {"recall_date": today, "prison_code": "NWI"}, HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 412
    response = client.post(
        f"/api/v1/cases/{case_id}/recall/", {"recall_date": today, "prison_code": "NWI"}, HTTP_IF_MATCH='"2"'
    )
    assert response.status_code == 201, response.json()
    recall = response.json()
    assert recall["id"] != case_id
    assert (recall["legal_status"], recall["status"], recall["reception_date"]) == ("recall", "in_custody", today)
    assert response["Location"] == f"/api/v1/cases/{recall['id']}/"
    assert client.get(f"/api/v1/cases/{case_id}/").json()["status"] == "recalled"


def test_recalling_someone_still_in_custody_is_a_400():
    client = api_as()
    case_id = client.post("/api/v1/cases/", leaving_in(3), format="json").json()["id"]
    response = client.post(
        f"/api/v1/cases/{case_id}/recall/", {"recall_date": date.today().isoformat(), "prison_code": "NWI"}
    )
    assert response.status_code == 400
    assert "recall_date" in response.json()


def test_movements_are_for_the_prison_403_for_probation_and_404_out_of_scope():
    case_id = api_as().post("/api/v1/cases/", leaving_in(3), format="json").json()["id"]
    body = {"actual_discharge_date": date.today().isoformat()}
    probation = api_as(Role.PROBATION_PRACTITIONER, "N56NOSU")
    assert probation.get(f"/api/v1/cases/{case_id}/").status_code == 200
    assert probation.post(f"/api/v1/cases/{case_id}/discharge/", body, format="json").status_code == 403
    assert api_as(org="WLI").post(f"/api/v1/cases/{case_id}/discharge/", body, format="json").status_code == 404
    assert api_as().post("/api/v1/cases/99999999999999999999/discharge/", body, format="json").status_code == 404
    assert Case.objects.get(pk=case_id).status == "in_custody"


@pytest.mark.parametrize(
    "change",
    [{"release_date": "9999-12-31"}, {"sentence_date": "0001-01-01"}, {"date_of_birth": "9999-12-31"}],
)
def test_days_at_the_ends_of_the_calendar_are_400s_not_overflows(change):
    client = api_as()
    response = client.post("/api/v1/cases/", leaving_in(70) | change, format="json")
    assert response.status_code == 400
    assert set(change) <= set(response.json())
    case_id = client.post("/api/v1/cases/", leaving_in(70), format="json").json()["id"]
    response = client.patch(f"/api/v1/cases/{case_id}/", change, format="json")
    assert response.status_code == 400
    assert set(change) <= set(response.json())


# --- opening a case reveals and changes nothing about a person the caller may not see (issue 12, section 3) ----

CANNOT_OPEN_HERE = {
    "prison_number": [
        "This prison number cannot be opened here: ask the holding prison, or wait for the case to arrive from NOMIS"
    ]
}


def held_at_wayland(**changes):
    """A person in custody at HMP Wayland (WLI), whom the Norwich work coach may not see."""
    response = api_as(org="WLI").post(
        "/api/v1/cases/", leaving_in(60, prison_number="T0424LS", prison_code="WLI", **changes), format="json"
    )
    assert response.status_code == 201, response.json()
    return Case.objects.get(pk=response.json()["id"])


@pytest.mark.parametrize(
    "sent",
    [
        {"date_of_birth": "1985-06-06"},  # the wrong date of birth
        {},  # the right one
        {"given_name": "Someone", "family_name": "Else"},  # the right date of birth, another name
    ],
)
def test_opening_someone_held_at_another_prison_answers_409_whatever_is_sent_and_changes_nothing(sent):
    held = held_at_wayland()
    events = AuditEvent.objects.filter(prison_number="T0424LS").count()
    response = api_as().post("/api/v1/cases/", leaving_in(30, prison_number="T0424LS", **sent), format="json")
    assert response.status_code == 409
    assert response.json() == CANNOT_OPEN_HERE
    assert b"1990-01-01" not in response.content and b"Jordan" not in response.content
    held.person.refresh_from_db()
    assert (held.person.given_name, held.person.family_name, held.person.date_of_birth) == (
        "Jordan",
        "Example",
        date(1990, 1, 1),
    )
    assert list(Case.objects.values_list("prison__code", flat=True)) == ["WLI"]
    assert AuditEvent.objects.filter(prison_number="T0424LS").count() == events


def test_someone_released_from_another_prison_is_refused_alike_whatever_the_date_of_birth():
    client = api_as(org="WLI")
    held = held_at_wayland()
    client.post(
        f"/api/v1/cases/{held.pk}/discharge/",
        {"actual_discharge_date": date.today().isoformat()},
        format="json",
        HTTP_IF_MATCH=f'"{held.version}"',
    )
    for born in ("1985-06-06", "1990-01-01"):
        response = api_as().post(
            "/api/v1/cases/",
            leaving_in(30, prison_number="T0424LS", date_of_birth=born, given_name="Renamed"),
            format="json",
        )
        assert (response.status_code, response.json()) == (409, CANNOT_OPEN_HERE)
    held.person.refresh_from_db()
    assert held.person.given_name == "Jordan"


def test_the_caller_still_hears_about_its_own_prisoner():
    assert api_as().post("/api/v1/cases/", leaving_in(30), format="json").status_code == 201
    again = api_as().post("/api/v1/cases/", leaving_in(30), format="json")
    assert again.status_code == 400
    assert "already in custody" in again.json()["prison_number"][0]


def test_the_schema_documents_the_409_on_opening_a_case():
    schema = api_as().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "409" in schema["paths"]["/api/v1/cases/"]["post"]["responses"]


def test_the_api_case_list_names_everyone_on_the_page_in_its_audit_row():
    client = api_as()
    for number in ("T0424LS", "A1111AA"):
        assert client.post("/api/v1/cases/", leaving_in(30, prison_number=number), format="json").status_code == 201
    assert client.get("/api/v1/cases/").status_code == 200
    event = AuditEvent.objects.filter(action="case.list").latest("id")
    assert sorted(event.people.values_list("prison_number", flat=True)) == ["A1111AA", "T0424LS"]
    client.get("/api/v1/cases/", {"prison_number": "A1111AA"})
    event = AuditEvent.objects.filter(action="case.list").latest("id")
    assert list(event.people.values_list("prison_number", flat=True)) == ["A1111AA"]
