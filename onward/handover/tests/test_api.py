"""Handovers and referrals through the API (api.md): sent under the case, moved on at their own address."""

from datetime import date, timedelta

import pytest

from onward.accounts.constants import Role
from onward.cases.models import Case
from onward.cases.tests.test_api import api_as, leaving_in
from onward.handover.models import Handover, Referral
from onward.journey.calendar import add_working_days

pytestmark = pytest.mark.django_db

TODAY = date.today()


@pytest.fixture
def coach():
    return api_as()


@pytest.fixture
def jobcentre():
    return api_as(Role.JOBCENTRE_WORK_COACH, "JCNORW")


@pytest.fixture
def probation():
    return api_as(Role.PROBATION_PRACTITIONER, "N56NOSU")


@pytest.fixture
def crs():
    return api_as(Role.CRS_PROVIDER, "CRSEAST")


@pytest.fixture
def case_id(coach):
    """Someone at HMP Norwich leaving in three weeks to NR3, allocated to Norfolk and Suffolk probation."""
    return coach.post("/api/v1/cases/", leaving_in(21), format="json").json()["id"]


def send(client, case_id, **changes):
    body = {"jobcentre_code": "JCNORW", "person_agreed_to_share": True, "needs": "A phone"} | changes
    return client.post(f"/api/v1/cases/{case_id}/handovers/", body, format="json")


def step(client, handover_id, name, body=None, if_match=None):
    headers = {"HTTP_IF_MATCH": if_match} if if_match else {}
    return client.post(f"/api/v1/handovers/{handover_id}/{name}/", body or {}, format="json", **headers)


# --- handovers -------------------------------------------------------------------------------------------


def test_sending_answers_id_status_and_accept_by_and_the_jobcentre_sees_the_case(coach, jobcentre, case_id):
    assert jobcentre.get(f"/api/v1/cases/{case_id}/").status_code == 404
    response = send(coach, case_id, shared_notes="Prefers mornings")
    assert response.status_code == 201, response.json()
    handover = response.json()
    discharge = Case.objects.get(pk=case_id).discharge_date
    assert handover | {"status": "sent", "accept_by": add_working_days(discharge, 2).isoformat()} == handover
    assert handover["pack"]["shared_notes"] == "Prefers mornings"
    assert response["ETag"] == '"1"'
    assert response["Location"] == f"/api/v1/handovers/{handover['id']}/"
    assert jobcentre.get(f"/api/v1/cases/{case_id}/").status_code == 200
    read = jobcentre.get(f"/api/v1/handovers/{handover['id']}/")
    assert read.status_code == 200
    assert read["ETag"] == '"1"'
    assert "no-store" in read["Cache-Control"]
    assert [h["id"] for h in coach.get(f"/api/v1/cases/{case_id}/handovers/").json()] == [handover["id"]]


@pytest.mark.parametrize("agreement", [{}, {"person_agreed_to_share": False}])
def test_shared_notes_need_the_persons_agreement(coach, case_id, agreement):
    body = {"jobcentre_code": "JCNORW", "shared_notes": "Prefers mornings"} | agreement
    response = coach.post(f"/api/v1/cases/{case_id}/handovers/", body, format="json")
    assert response.status_code == 400
    assert "person_agreed_to_share" in response.json()
    assert not Handover.objects.exists()
    assert send(coach, case_id, person_agreed_to_share=False).status_code == 201


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"jobcentre_code": "JCIPSW"}, "jobcentre_code"),
        ({"jobcentre_code": "NOPE"}, "jobcentre_code"),
        ({"jobcentre_code": "NWI"}, "jobcentre_code"),
        ({"jobcentre_code": ""}, "jobcentre_code"),
        ({"needs": "x" * 100_000}, "needs"),
        ({"needs": "\x00"}, "needs"),
        ({"person_agreed_to_share": "perhaps"}, "person_agreed_to_share"),
    ],
)
def test_send_refusals_name_the_field(coach, case_id, changes, field):
    response = send(coach, case_id, **changes)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Handover.objects.exists()


def test_a_second_open_handover_is_refused_as_a_whole(coach, case_id):
    send(coach, case_id)
    response = send(coach, case_id)
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_only_the_prison_work_coach_sends_and_out_of_scope_is_404(case_id, probation):
    assert send(api_as(Role.PRISON_EMPLOYMENT_LEAD, "NWI"), case_id).status_code == 403
    assert send(probation, case_id).status_code == 403
    assert send(api_as(org="WLI"), case_id).status_code == 404
    assert not Handover.objects.exists()


def test_the_jobcentre_accepts_and_a_stale_step_is_412(coach, jobcentre, case_id):
    handover_id = send(coach, case_id).json()["id"]
    assert step(coach, handover_id, "accept").status_code == 403
    assert step(jobcentre, handover_id, "accept", if_match='"2"').status_code == 412
    accepted = step(jobcentre, handover_id, "accept", if_match='"1"')
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"
    assert accepted["ETag"] == '"2"'
    again = step(jobcentre, handover_id, "accept")
    assert again.status_code == 400
    assert "status" in again.json()
    revoked = step(coach, handover_id, "revoke", {"reason": "Wrong person"}, if_match='"1"')
    assert revoked.status_code == 412
    assert Handover.objects.get().status == "accepted"


def test_rejecting_needs_a_reason_and_takes_the_case_back(coach, jobcentre, case_id):
    handover_id = send(coach, case_id).json()["id"]
    for body, field in (({}, "reason"), ({"reason": "bored"}, "reason"), ({"reason": "other"}, "details")):
        response = step(jobcentre, handover_id, "reject", body)
        assert response.status_code == 400
        assert field in response.json(), response.json()
    response = step(jobcentre, handover_id, "reject", {"reason": "wrong-jobcentre"})
    assert response.status_code == 200
    assert response.json() | {"status": "rejected", "reject_reason": "wrong-jobcentre"} == response.json()
    assert jobcentre.get(f"/api/v1/handovers/{handover_id}/").status_code == 404


def test_completing_before_release_is_refused_and_revoking_needs_a_reason(coach, jobcentre, case_id):
    handover_id = send(coach, case_id).json()["id"]
    step(jobcentre, handover_id, "accept")
    for body in ({}, {"attended": "maybe"}, {"attended": True}):
        response = step(jobcentre, handover_id, "complete", body)
        assert response.status_code == 400
        assert "attended" in response.json()
    assert step(jobcentre, handover_id, "revoke", {"reason": "Not ours"}).status_code == 403
    response = step(coach, handover_id, "revoke", {"reason": "  "})
    assert response.status_code == 400
    assert "reason" in response.json()
    response = step(coach, handover_id, "revoke", {"reason": "Release cancelled"})
    assert response.status_code == 200
    assert response.json() | {"status": "revoked", "revoke_reason": "Release cancelled"} == response.json()


def test_handovers_outside_scope_are_404(coach, case_id):
    handover_id = send(coach, case_id).json()["id"]
    assert api_as(Role.JOBCENTRE_WORK_COACH, "JCIPSW").get(f"/api/v1/handovers/{handover_id}/").status_code == 404
    assert step(api_as(Role.JOBCENTRE_WORK_COACH, "JCIPSW"), handover_id, "accept").status_code == 404
    assert coach.get("/api/v1/handovers/99999999999999999999/").status_code == 404
    assert api_as(Role.PARTNERSHIP_BOARD, "national").get(f"/api/v1/handovers/{handover_id}/").status_code == 403


def test_when_the_discharge_day_moves_accept_by_moves_and_the_etag_with_it(coach, jobcentre, case_id, committed):
    handover_id = send(coach, case_id).json()["id"]
    etag = jobcentre.get(f"/api/v1/handovers/{handover_id}/")["ETag"]
    case = coach.get(f"/api/v1/cases/{case_id}/")
    later = date.fromisoformat(case.json()["release_date"]) + timedelta(weeks=2)
    with committed():
        moved = coach.patch(
            f"/api/v1/cases/{case_id}/", {"release_date": later.isoformat()}, format="json", HTTP_IF_MATCH=case["ETag"]
        )
    assert moved.status_code == 200, moved.json()
    handover = jobcentre.get(f"/api/v1/handovers/{handover_id}/")
    new_day = date.fromisoformat(moved.json()["discharge_date"])
    assert handover.json()["accept_by"] == add_working_days(new_day, 2).isoformat()
    assert handover.json()["flagged_reason"] == "release-moved"
    assert handover["ETag"] != etag
    assert step(jobcentre, handover_id, "accept", if_match=etag).status_code == 412


# --- referrals ---------------------------------------------------------------------------------------------


def refer(client, case_id, **changes):
    body = {"kind": "probation", "reason": "Needs help with housing"} | changes
    return client.post(f"/api/v1/cases/{case_id}/referrals/", body, format="json")


def referral_step(client, referral_id, name, body=None, if_match=None):
    headers = {"HTTP_IF_MATCH": if_match} if if_match else {}
    return client.post(f"/api/v1/referrals/{referral_id}/{name}/", body or {}, format="json", **headers)


def test_a_probation_referral_goes_to_the_persons_pdu_and_is_accepted_there(coach, probation, case_id):
    response = refer(coach, case_id)
    assert response.status_code == 201, response.json()
    referral = response.json()
    assert referral | {"kind": "probation", "receiver_code": "N56NOSU", "service": None, "status": "sent"} == referral
    assert response["Location"] == f"/api/v1/referrals/{referral['id']}/"
    assert referral_step(coach, referral["id"], "accept").status_code == 403
    assert referral_step(probation, referral["id"], "accept", if_match='"7"').status_code == 412
    accepted = referral_step(probation, referral["id"], "accept", if_match='"1"')
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert probation.get(f"/api/v1/referrals/{referral['id']}/")["ETag"] == '"2"'
    assert [r["id"] for r in coach.get(f"/api/v1/cases/{case_id}/referrals/").json()] == [referral["id"]]


def test_a_crs_referral_lets_the_provider_see_the_person_until_it_rejects(coach, crs, case_id):
    assert crs.get(f"/api/v1/cases/{case_id}/").status_code == 404
    response = refer(
        coach, case_id, kind="crs", receiver_code="crseast", service="accommodation", shared_notes="Has a dog"
    )
    assert response.status_code == 400
    assert "person_agreed_to_share" in response.json()
    response = refer(coach, case_id, kind="crs", receiver_code="CRSEAST", service="accommodation")
    assert response.status_code == 201, response.json()
    referral_id = response.json()["id"]
    assert crs.get(f"/api/v1/cases/{case_id}/").status_code == 200
    assert referral_step(crs, referral_id, "reject", {"reason": "other"}).status_code == 400
    rejected = referral_step(crs, referral_id, "reject", {"reason": "not-our-area", "details": "Norfolk only"})
    assert rejected.status_code == 200
    assert rejected.json() | {"status": "rejected", "reject_reason": "not-our-area"} == rejected.json()
    assert crs.get(f"/api/v1/referrals/{referral_id}/").status_code == 404


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "police"}, "kind"),
        ({"kind": "crs", "receiver_code": "CRSEAST"}, "service"),
        ({"kind": "crs", "receiver_code": "JCNORW", "service": "accommodation"}, "receiver_code"),
        ({"kind": "crs", "service": "accommodation"}, "receiver_code"),
        ({"kind": "crs", "receiver_code": "CRSEAST", "service": "flying"}, "service"),
        ({"receiver_code": "N03CTM"}, "receiver_code"),
        ({"reason": ""}, "reason"),
        ({"reason": "x" * 100_000}, "reason"),
        ({"shared_notes": "\x00", "person_agreed_to_share": True}, "shared_notes"),
    ],
)
def test_referral_refusals_name_the_field(coach, case_id, changes, field):
    response = refer(coach, case_id, **changes)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Referral.objects.exists()


def test_completing_a_referral_waits_for_release_and_revoking_is_the_senders(coach, probation, case_id):
    referral_id = refer(coach, case_id).json()["id"]
    referral_step(probation, referral_id, "accept")
    response = referral_step(probation, referral_id, "complete", {"engaged": True})
    assert response.status_code == 400
    assert "engaged" in response.json()
    assert referral_step(probation, referral_id, "revoke", {"reason": "No"}).status_code == 403
    response = referral_step(coach, referral_id, "revoke", {"reason": "Moved area"}, if_match='"2"')
    assert response.status_code == 200
    assert response.json()["status"] == "revoked"


def test_referrals_outside_scope_are_404(coach, case_id):
    referral_id = refer(coach, case_id).json()["id"]
    assert api_as(org="WLI").get(f"/api/v1/referrals/{referral_id}/").status_code == 404
    assert api_as(Role.CRS_PROVIDER, "CRSEAST").get(f"/api/v1/referrals/{referral_id}/").status_code == 404
    assert referral_step(api_as(org="WLI"), referral_id, "revoke", {"reason": "x"}).status_code == 404
