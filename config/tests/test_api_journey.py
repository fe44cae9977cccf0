"""api.md's journey end to end, as partner systems make it: bearer tokens from `createuser --token`, a prison
work coach and a jobcentre work coach, each through their own system."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from onward.journey.calendar import add_working_days

pytestmark = pytest.mark.django_db


def partner(capsys, username, role, org):
    call_command("createuser", username, "--role", role, "--org", org, "--token")
    token = capsys.readouterr().out.strip().splitlines()[-1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_record_id_and_bank_send_accept_move_the_release_and_discharge(capsys, committed):
    prison = partner(capsys, "nwi.system", "prison_work_coach", "NWI")
    jobcentre = partner(capsys, "jcnorw.system", "jobcentre_work_coach", "JCNORW")
    today = date.today()
    received = today - timedelta(weeks=10)
    release = today + timedelta(weeks=10)

    # The prison opens the case.
    response = prison.post(
        "/api/v1/cases/",
        {
            "prison_number": "A1234BC",
            "given_name": "Jordan",
            "family_name": "Example",
            "date_of_birth": "1990-01-01",
            "prison_code": "NWI",
            "reception_date": received.isoformat(),
            "legal_status": "sentenced",
            "sentence_date": received.isoformat(),
            "custodial_term_days": 2 * (release - received).days,
            "release_date": release.isoformat(),
            "release_area": "NR3",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    case = f"/api/v1/cases/{response.json()['id']}"

    def readiness():
        answer = prison.get(f"{case}/readiness/")
        assert answer.status_code == 200
        return {item["code"]: item["status"] for item in answer.json()["items"]}

    assert readiness()["id"] in {"missing", "late"}
    assert readiness()["bank-account"] in {"missing", "late"}

    # ID: applied for, accepted, received.
    application = prison.post(
        f"{case}/id-applications/",
        {"document_type": "uk-passport", "submitted_on": (today - timedelta(days=14)).isoformat(), "cost": "88.50"},
        format="json",
    )
    assert application.status_code == 201, application.json()
    assert readiness()["id"] == "in-progress"
    accepted = prison.patch(
        application["Location"],
        {"status": "accepted", "received_on": (today - timedelta(days=2)).isoformat()},
        format="json",
        HTTP_IF_MATCH=application["ETag"],
    )
    assert accepted.status_code == 200, accepted.json()
    assert readiness()["id"] == "in-place"

    # A bank account: applied for, opened.
    bank = prison.post(
        f"{case}/bank-applications/",
        {"bank_name": "Barclays", "submitted_on": (today - timedelta(days=7)).isoformat()},
        format="json",
    )
    assert bank.status_code == 201, bank.json()
    opened = prison.patch(
        bank["Location"],
        {"status": "account-opened", "response_on": (today - timedelta(days=1)).isoformat()},
        format="json",
        HTTP_IF_MATCH=bank["ETag"],
    )
    assert opened.status_code == 200, opened.json()
    assert readiness()["bank-account"] == "in-place"

    # The warm handover: sent by the prison, read and accepted by the jobcentre.
    assert jobcentre.get(f"{case}/").status_code == 404
    sent = prison.post(
        f"{case}/handovers/",
        {"jobcentre_code": "JCNORW", "person_agreed_to_share": True, "needs": "A phone", "shared_notes": "Mornings"},
        format="json",
    )
    assert sent.status_code == 201, sent.json()
    assert sent.json()["status"] == "sent"
    handover = sent["Location"]
    read = jobcentre.get(handover)
    assert read.status_code == 200
    assert read.json()["pack"]["readiness"]["id"]["status"] == "in-place"
    assert jobcentre.get(f"{case}/").status_code == 200
    accept = jobcentre.post(f"{handover}accept/", HTTP_IF_MATCH=read["ETag"])
    assert accept.status_code == 200, accept.json()
    assert accept.json()["status"] == "accepted"

    # The prison moves the release two weeks later, on the version it read; accept-by follows.
    before = prison.get(f"{case}/")
    with committed():
        moved = prison.patch(
            f"{case}/",
            {"release_date": (release + timedelta(weeks=2)).isoformat()},
            format="json",
            HTTP_IF_MATCH=before["ETag"],
        )
    assert moved.status_code == 200, moved.json()
    new_day = date.fromisoformat(moved.json()["discharge_date"])
    assert new_day > date.fromisoformat(before.json()["discharge_date"])
    assert jobcentre.get(handover).json()["accept_by"] == add_working_days(new_day, 2).isoformat()

    # A change made on the version read before the move is refused, and changes nothing.
    stale = prison.patch(f"{case}/", {"release_date": release.isoformat()}, format="json", HTTP_IF_MATCH=before["ETag"])
    assert stale.status_code == 412
    assert prison.get(f"{case}/").json()["discharge_date"] == new_day.isoformat()

    # The person leaves early, today: the discharge is recorded, and accept-by follows the actual day.
    with committed():
        discharged = prison.post(
            f"{case}/discharge/",
            {"actual_discharge_date": today.isoformat()},
            format="json",
            HTTP_IF_MATCH=moved["ETag"],
        )
    assert discharged.status_code == 200, discharged.json()
    assert discharged.json()["status"] == "released"
    assert discharged.json()["discharge_date"] == today.isoformat()
    assert jobcentre.get(handover).json()["accept_by"] == add_working_days(today, 2).isoformat()
