"""The API journey api.md describes, end to end, as a partner system would walk it: record ID and a bank account,
send the warm handover, the jobcentre accepts, the release moves, the person is discharged.

Each step reads back what the others derive (readiness, touchpoints, accept-by), so the test fails if any of
them keeps a fact of its own.
"""

from datetime import date, timedelta

import pytest

from onward.accounts.constants import Role
from onward.cases.tests.test_api import api_as, leaving_in
from onward.journey.calendar import add_working_days

pytestmark = pytest.mark.django_db

TODAY = date.today()


def readiness(client, case_id):
    response = client.get(f"/api/v1/cases/{case_id}/readiness/")
    assert response.status_code == 200, response.json()
    return {item["code"]: item for item in response.json()["items"]}


def touchpoints(client, case_id):
    response = client.get(f"/api/v1/cases/{case_id}/touchpoints/", {"as_of": TODAY.isoformat()})
    assert response.status_code == 200, response.json()
    return {touchpoint["code"]: touchpoint for touchpoint in response.json()}


def test_record_id_and_bank_send_accept_move_the_release_and_discharge(committed):
    coach = api_as()
    jobcentre = api_as(Role.JOBCENTRE_WORK_COACH, "JCNORW")
    with committed():
        created = coach.post("/api/v1/cases/", leaving_in(21), format="json")
    assert created.status_code == 201, created.json()
    case_id = created.json()["id"]
    first_day = date.fromisoformat(created.json()["discharge_date"])

    # ID: applied for, then arrived. The readiness item and its touchpoint say the same.
    with committed():
        applied = coach.post(
            f"/api/v1/cases/{case_id}/id-applications/",
            {"document_type": "uk-passport", "submitted_on": (TODAY - timedelta(days=7)).isoformat(), "cost": "88.50"},
            format="json",
        )
    assert applied.status_code == 201, applied.json()
    # Received ten weeks ago, so the ID touchpoint is already overdue: under way, and still late.
    assert readiness(coach, case_id)["id"]["status"] == "late"
    assert "pending" in readiness(coach, case_id)["id"]["detail"]
    with committed():
        arrived = coach.patch(
            applied["Location"],
            {"status": "accepted", "received_on": (TODAY - timedelta(days=1)).isoformat()},
            format="json",
            HTTP_IF_MATCH=applied["ETag"],
        )
    assert arrived.status_code == 200, arrived.json()

    # A bank account: applied for, then opened.
    with committed():
        bank = coach.post(
            f"/api/v1/cases/{case_id}/bank-applications/",
            {"bank_name": "Barclays", "submitted_on": (TODAY - timedelta(days=10)).isoformat()},
            format="json",
        )
    assert bank.status_code == 201, bank.json()
    with committed():
        opened = coach.patch(
            bank["Location"],
            {"status": "account-opened", "response_on": (TODAY - timedelta(days=2)).isoformat()},
            format="json",
            HTTP_IF_MATCH=bank["ETag"],
        )
    assert opened.status_code == 200, opened.json()

    items = readiness(coach, case_id)
    assert (items["id"]["status"], items["bank-account"]["status"]) == ("in-place", "in-place")
    planned = touchpoints(coach, case_id)
    for code in ("id", "bank-account"):
        assert planned[items[code]["touchpoint"]]["status"] == "done"
        assert planned[items[code]["touchpoint"]]["due_on"] == items[code]["due_on"]

    # The warm handover: sent by the prison, seen and accepted by the jobcentre.
    assert jobcentre.get(f"/api/v1/cases/{case_id}/").status_code == 404
    with committed():
        sent = coach.post(
            f"/api/v1/cases/{case_id}/handovers/",
            {"jobcentre_code": "JCNORW", "person_agreed_to_share": True, "needs": "A phone"},
            format="json",
        )
    assert sent.status_code == 201, sent.json()
    handover_url = sent["Location"]
    assert sent.json()["accept_by"] == add_working_days(first_day, 2).isoformat()
    with committed():
        accepted = jobcentre.post(f"{handover_url}accept/", {}, format="json", HTTP_IF_MATCH=sent["ETag"])
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"

    # The release moves two weeks later: the discharge day, the plan and the handover move with it.
    case = coach.get(f"/api/v1/cases/{case_id}/")
    later = date.fromisoformat(case.json()["release_date"]) + timedelta(weeks=2)
    with committed():
        moved = coach.patch(
            f"/api/v1/cases/{case_id}/", {"release_date": later.isoformat()}, format="json", HTTP_IF_MATCH=case["ETag"]
        )
    assert moved.status_code == 200, moved.json()
    new_day = date.fromisoformat(moved.json()["discharge_date"])
    assert new_day > first_day
    handover = jobcentre.get(handover_url).json()
    assert handover["accept_by"] == add_working_days(new_day, 2).isoformat()
    assert handover["flagged_reason"] == "release-moved"
    replanned = touchpoints(coach, case_id)
    assert replanned["uc-claim"]["due_on"] != planned["uc-claim"]["due_on"]
    assert readiness(coach, case_id)["uc-claim"]["due_on"] == replanned["uc-claim"]["due_on"]

    # Discharged: the case is released on the day it says, and still answers with its version.
    case = coach.get(f"/api/v1/cases/{case_id}/")
    with committed():
        discharged = coach.post(
            f"/api/v1/cases/{case_id}/discharge/",
            {"actual_discharge_date": TODAY.isoformat()},
            format="json",
            HTTP_IF_MATCH=case["ETag"],
        )
    assert discharged.status_code == 200, discharged.json()
    assert discharged.json()["status"] == "released"
    assert discharged.json()["discharge_date"] == TODAY.isoformat()
    assert discharged["ETag"] != case["ETag"]
    # The jobcentre still sees the person it accepted, now released.
    assert jobcentre.get(f"/api/v1/cases/{case_id}/").json()["status"] == "released"
