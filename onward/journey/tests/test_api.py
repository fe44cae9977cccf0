import pytest
from rest_framework.test import APIClient

from onward.accounts.constants import Role
from onward.accounts.services import api_token_issue
from onward.accounts.tests.factories import user_for
from onward.cases.tests.test_api import WORKED_EXAMPLE

pytestmark = pytest.mark.django_db


def api_as(role=Role.PRISON_WORK_COACH, org="NWI"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(actor=None, user=user_for(role, org))}")
    return client


@pytest.fixture
def case_id():
    return api_as().post("/api/v1/cases/", WORKED_EXAMPLE, format="json").json()["id"]


def test_touchpoints_as_of_a_date_follow_the_worked_example(case_id):
    response = api_as().get(f"/api/v1/cases/{case_id}/touchpoints/", {"as_of": "2026-05-01"})
    assert response.status_code == 200
    touchpoints = {t["code"]: t for t in response.json()}
    assert touchpoints["pre-release-support"] | {"why": None} == touchpoints["pre-release-support"] | {
        "code": "pre-release-support",
        "stage": "pre-release",
        "owner_role": "prison_work_coach",
        "opens_on": "2026-05-27",
        "due_on": "2026-06-10",
        "status": "upcoming",
        "why": None,
    }
    assert "12 weeks before release" in touchpoints["pre-release-support"]["why"]
    assert touchpoints["uc-housing-costs"]["due_on"] == "2026-03-09"
    assert touchpoints["uc-housing-costs"]["status"] == "overdue"
    assert "advance-payment" not in touchpoints


@pytest.mark.parametrize("as_of", ["2026-02-30", "tomorrow", "2026/05/01"])
def test_a_bad_as_of_is_a_400_for_that_field(case_id, as_of):
    response = api_as().get(f"/api/v1/cases/{case_id}/touchpoints/", {"as_of": as_of})
    assert response.status_code == 400
    assert "as_of" in response.json()


def test_touchpoints_outside_scope_answer_404(case_id):
    assert api_as(org="WLI").get(f"/api/v1/cases/{case_id}/touchpoints/").status_code == 404


def test_record_and_undo_through_the_api(case_id):
    client = api_as()
    response = client.post(
        f"/api/v1/cases/{case_id}/touchpoints/employer-liaison/record/",
        {"outcome": "done", "completed_on": "2026-03-10", "notes": "Spoke to the employer."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "done"
    undone = client.post(f"/api/v1/cases/{case_id}/touchpoints/employer-liaison/undo/")
    assert undone.status_code == 200
    assert undone.json()["status"] != "done"


def test_record_errors_are_field_level(case_id):
    client = api_as()
    response = client.post(
        f"/api/v1/cases/{case_id}/touchpoints/employer-liaison/record/", {"outcome": "declined"}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()
    response = client.post(
        f"/api/v1/cases/{case_id}/touchpoints/pre-release-support/record/",
        {"outcome": "done", "checklist": ["nope"]},
        format="json",
    )
    assert response.status_code == 400
    assert "checklist" in response.json()


def test_recording_someone_elses_touchpoint_is_403_and_unknown_codes_404(case_id):
    probation = api_as(Role.PRISON_EMPLOYMENT_LEAD, "NWI")
    response = probation.post(
        f"/api/v1/cases/{case_id}/touchpoints/employer-liaison/record/", {"outcome": "done"}, format="json"
    )
    assert response.status_code == 403
    assert (
        api_as()
        .post(f"/api/v1/cases/{case_id}/touchpoints/made-up/record/", {"outcome": "done"}, format="json")
        .status_code
        == 404
    )
    assert (
        api_as()
        .post(f"/api/v1/cases/{case_id}/touchpoints/advance-payment/record/", {"outcome": "done"}, format="json")
        .status_code
        == 404
    )


def test_touchpoints_are_never_cached(case_id):
    assert "no-store" in api_as().get(f"/api/v1/cases/{case_id}/touchpoints/")["Cache-Control"]


@pytest.mark.parametrize("field", ["completed_on", "appointment_date"])
def test_a_day_at_the_end_of_the_calendar_is_a_400_for_that_field(case_id, field):
    response = api_as().post(
        f"/api/v1/cases/{case_id}/touchpoints/employer-liaison/record/",
        {"outcome": "done", field: "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()[field] == ["Enter a date between 1900 and 2199"]


def test_touchpoints_as_of_the_end_of_the_calendar_is_a_400(case_id):
    response = api_as().get(f"/api/v1/cases/{case_id}/touchpoints/", {"as_of": "9999-12-31"})
    assert response.status_code == 400
    assert response.json() == {"as_of": ["Enter a date between 1900 and 2199"]}
