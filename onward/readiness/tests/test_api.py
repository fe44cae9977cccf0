"""api.md's readiness and the records behind it: one fact, recorded once, through the same services as the pages."""

import json
from datetime import date, timedelta

import pytest

from onward.accounts.constants import Role
from onward.cases.models import Case
from onward.cases.tests.test_api import api_as, leaving_in
from onward.readiness.models import BankApplication, IdApplication, JobcentreAppointment, UniversalCreditRecord

pytestmark = pytest.mark.django_db

TODAY = date.today()
ITEM_CODES = ["id", "bank-account", "ni-number", "accommodation", "uc-claim", "advance", "jobcentre-appointment"]
STATES = {"in-place", "in-progress", "missing", "late", "not-needed"}


@pytest.fixture
def coach():
    return api_as()


@pytest.fixture
def case_id(coach):
    """Someone at HMP Norwich leaving in ten weeks, to NR3, with no ID, bank account or NI number."""
    return coach.post("/api/v1/cases/", leaving_in(70), format="json").json()["id"]


def readiness(client, case_id):
    response = client.get(f"/api/v1/cases/{case_id}/readiness/")
    assert response.status_code == 200
    return {item["code"]: item for item in response.json()["items"]}


def days_ago(days):
    return (TODAY - timedelta(days=days)).isoformat()


# --- the summary ------------------------------------------------------------------------------------


def test_readiness_answers_the_summary_in_api_md_shape(coach, case_id):
    response = coach.get(f"/api/v1/cases/{case_id}/readiness/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["case"] == case_id
    assert body["discharge_date"] == Case.objects.get(pk=case_id).discharge_date.isoformat()
    assert [item["code"] for item in body["items"]] == ITEM_CODES
    assert all(item["status"] in STATES and item["detail"] for item in body["items"])
    assert set(body["items"][0]) == {"code", "label", "status", "due_on", "touchpoint", "detail"}
    assert body["critical_path"]


def test_each_items_due_date_is_its_touchpoints(coach, case_id):
    touchpoints = {t["code"]: t for t in coach.get(f"/api/v1/cases/{case_id}/touchpoints/").json()}
    for item in readiness(coach, case_id).values():
        if item["touchpoint"] is not None:
            assert item["due_on"] == touchpoints[item["touchpoint"]]["due_on"], item["code"]


def test_readiness_outside_scope_is_404_and_refused_to_roles_without_cases(case_id):
    assert api_as(org="WLI").get(f"/api/v1/cases/{case_id}/readiness/").status_code == 404
    assert api_as(Role.PARTNERSHIP_BOARD, "national").get(f"/api/v1/cases/{case_id}/readiness/").status_code == 403
    assert api_as().get("/api/v1/cases/99999999999999999999/readiness/").status_code == 404


# --- ID applications ----------------------------------------------------------------------------------


def add_id(client, case_id, **changes):
    body = {"document_type": "uk-passport", "submitted_on": days_ago(7), "cost": "88.50"} | changes
    return client.post(f"/api/v1/cases/{case_id}/id-applications/", body, format="json")


def test_an_id_application_is_added_then_accepted_and_readiness_follows(coach, case_id):
    response = add_id(coach, case_id, priority=True)
    assert response.status_code == 201, response.json()
    application = response.json()
    assert application | {"status": "pending", "cost": "88.50", "priority": True, "version": 1} == application
    assert response["ETag"] == '"1"'
    assert response["Location"] == f"/api/v1/cases/{case_id}/id-applications/{application['id']}/"
    assert readiness(coach, case_id)["id"]["status"] == "in-progress"

    url = f"/api/v1/cases/{case_id}/id-applications/{application['id']}/"
    changed = coach.patch(url, {"status": "accepted", "received_on": days_ago(1)}, format="json", HTTP_IF_MATCH='"1"')
    assert changed.status_code == 200, changed.json()
    assert changed["ETag"] == '"2"'
    assert changed.json()["received_on"] == days_ago(1)
    assert readiness(coach, case_id)["id"]["status"] == "in-place"
    listed = coach.get(f"/api/v1/cases/{case_id}/id-applications/").json()
    assert [(a["id"], a["status"], a["version"]) for a in listed] == [(application["id"], "accepted", 2)]


def test_an_id_patch_keeps_what_it_did_not_send(coach, case_id):
    application = add_id(coach, case_id).json()
    url = f"/api/v1/cases/{case_id}/id-applications/{application['id']}/"
    coach.patch(url, {"status": "accepted", "received_on": days_ago(1)}, format="json")
    response = coach.patch(url, {"notes": "Kept in reception"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() | {"status": "accepted", "received_on": days_ago(1), "notes": "Kept in reception"} == (
        response.json()
    )


def test_an_id_patch_on_a_stale_version_is_412_and_changes_nothing(coach, case_id):
    application = add_id(coach, case_id).json()
    url = f"/api/v1/cases/{case_id}/id-applications/{application['id']}/"
    assert coach.patch(url, {"status": "rejected"}, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    response = coach.patch(url, {"status": "accepted"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert IdApplication.objects.get().status == "rejected"
    assert coach.get(url)["ETag"] == '"2"'


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"document_type": "library-card"}, "document_type"),
        ({"cost": "-1"}, "cost"),
        ({"cost": "1000000"}, "cost"),
        ({"cost": "12.505"}, "cost"),
        ({"cost": "NaN"}, "cost"),
        ({"cost": "5000.00"}, "cost"),
        ({"submitted_on": "9999-12-31"}, "submitted_on"),
        ({"submitted_on": "2001-01-01"}, "submitted_on"),
        ({"submitted_on": "31/12/2026"}, "submitted_on"),
        ({"notes": "x" * 100_000}, "notes"),
        ({"notes": "nul\x00byte"}, "notes"),
        ({"priority": "perhaps"}, "priority"),
        ({"document_type": ["uk-passport"]}, "document_type"),
    ],
)
def test_id_application_refusals_name_the_field(coach, case_id, body, field):
    response = add_id(coach, case_id, **body)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not IdApplication.objects.exists()


def test_what_an_id_application_was_cannot_be_patched(coach, case_id):
    application = add_id(coach, case_id).json()
    url = f"/api/v1/cases/{case_id}/id-applications/{application['id']}/"
    response = coach.patch(url, {"cost": "1.00", "document_type": "deed-poll"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"cost", "document_type"}
    response = coach.patch(url, {"status": "pending", "received_on": days_ago(1)}, format="json")
    assert response.status_code == 400
    assert "received_on" in response.json()


def test_id_applications_are_scoped_by_their_case_and_changed_only_by_the_prison(coach, case_id):
    application = add_id(coach, case_id).json()
    other = coach.post("/api/v1/cases/", leaving_in(70, prison_number="B2345CD"), format="json").json()["id"]
    assert coach.get(f"/api/v1/cases/{other}/id-applications/{application['id']}/").status_code == 404
    assert coach.get(f"/api/v1/cases/{case_id}/id-applications/99999999999999999999/").status_code == 404
    assert api_as(org="WLI").get(f"/api/v1/cases/{case_id}/id-applications/").status_code == 404
    probation = api_as(Role.PROBATION_PRACTITIONER, "N56NOSU")
    assert probation.get(f"/api/v1/cases/{case_id}/id-applications/").status_code == 200
    assert add_id(probation, case_id).status_code == 403
    url = f"/api/v1/cases/{case_id}/id-applications/{application['id']}/"
    assert probation.patch(url, {"status": "accepted"}, format="json").status_code == 403
    assert IdApplication.objects.get().status == "pending"


# --- bank applications ---------------------------------------------------------------------------------


def add_bank(client, case_id, **changes):
    body = {"bank_name": "Barclays", "submitted_on": days_ago(10)} | changes
    return client.post(f"/api/v1/cases/{case_id}/bank-applications/", body, format="json")


def test_a_bank_account_opened_puts_the_item_in_place(coach, case_id):
    application = add_bank(coach, case_id).json()
    assert application | {"status": "pending", "follows": None, "resubmitted_as": None} == application
    assert [change["status"] for change in application["history"]] == ["pending"]
    assert readiness(coach, case_id)["bank-account"]["status"] == "in-progress"
    url = f"/api/v1/cases/{case_id}/bank-applications/{application['id']}/"
    response = coach.patch(url, {"status": "account-opened", "response_on": days_ago(2)}, format="json")
    assert response.status_code == 200, response.json()
    assert [change["status"] for change in response.json()["history"]] == ["pending", "account-opened"]
    assert readiness(coach, case_id)["bank-account"]["status"] == "in-place"


def test_a_returned_application_is_resubmitted_by_adding_one_that_follows_it(coach, case_id):
    returned = add_bank(coach, case_id).json()
    url = f"/api/v1/cases/{case_id}/bank-applications/{returned['id']}/"
    coach.patch(url, {"status": "returned-incomplete", "response_on": days_ago(5)}, format="json")
    refused = coach.post(
        f"/api/v1/cases/{case_id}/bank-applications/",
        {"follows": returned["id"], "submitted_on": days_ago(1)},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert refused.status_code == 412
    response = coach.post(
        f"/api/v1/cases/{case_id}/bank-applications/",
        {"follows": returned["id"], "submitted_on": days_ago(1)},
        format="json",
        HTTP_IF_MATCH='"2"',
    )
    assert response.status_code == 201, response.json()
    resubmission = response.json()
    assert resubmission | {"bank_name": "Barclays", "follows": returned["id"], "status": "pending"} == resubmission
    earlier = coach.get(url)
    assert earlier.json()["resubmitted_as"] == resubmission["id"]
    assert earlier["ETag"] == '"3"'


def test_resubmitting_what_is_not_on_the_case_or_was_not_returned_is_a_400(coach, case_id):
    pending = add_bank(coach, case_id).json()
    response = add_bank(coach, case_id, follows=pending["id"])
    assert response.status_code == 400
    assert "submitted_on" in response.json()
    response = add_bank(coach, case_id, follows=999999)
    assert response.status_code == 400
    assert "follows" in response.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "pending", "response_on": days_ago(1)}, "status"),
        ({"status": "closed", "response_on": days_ago(1)}, "status"),
        ({"status": "account-opened"}, "response_on"),
        ({"status": "account-opened", "response_on": "9999-12-31"}, "response_on"),
        ({"bank_name": "Lloyds"}, "bank_name"),
    ],
)
def test_bank_response_refusals_name_the_field(coach, case_id, body, field):
    application = add_bank(coach, case_id).json()
    response = coach.patch(f"/api/v1/cases/{case_id}/bank-applications/{application['id']}/", body, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert BankApplication.objects.get().status == "pending"


# --- jobcentre appointments --------------------------------------------------------------------------


def book(client, case_id, days_after_release=1, if_match=None, **changes):
    discharge = Case.objects.get(pk=case_id).discharge_date
    body = {
        "jobcentre_code": "jcnorw",
        "appointment_on": (discharge + timedelta(days=days_after_release)).isoformat(),
        "appointment_time": "09:30",
    }
    headers = {"HTTP_IF_MATCH": if_match} if if_match else {}
    return client.post(f"/api/v1/cases/{case_id}/appointments/", body | changes, format="json", **headers)


def test_booking_then_rebooking_keeps_the_history(coach, case_id):
    first = book(coach, case_id)
    assert first.status_code == 201, first.json()
    assert first.json() | {"jobcentre_code": "JCNORW", "appointment_time": "09:30", "in_force": True} == first.json()
    assert readiness(coach, case_id)["jobcentre-appointment"]["status"] == "in-place"
    assert "reason" in book(coach, case_id, days_after_release=2).json()
    second = book(coach, case_id, days_after_release=2, reason="The person asked for the afternoon")
    assert second.status_code == 201, second.json()
    history = coach.get(f"/api/v1/cases/{case_id}/appointments/").json()
    assert [(a["id"], a["in_force"]) for a in history] == [(second.json()["id"], True), (first.json()["id"], False)]
    assert history[1]["superseded_reason"] == "The person asked for the afternoon"


def test_a_rebooking_over_a_booking_the_caller_did_not_see_is_412(coach, case_id):
    first = book(coach, case_id, if_match='"0"')
    assert first.status_code == 201
    assert book(coach, case_id, reason="Moved", if_match='"0"').status_code == 412
    second = book(coach, case_id, reason="Moved", if_match=first["ETag"])
    assert second.status_code == 201
    # The booking the caller read is superseded now: its ETag no longer matches the booking in force.
    assert book(coach, case_id, reason="Again", if_match=first["ETag"]).status_code == 412
    url = f"/api/v1/cases/{case_id}/appointments/{first.json()['id']}/"
    assert coach.get(url)["ETag"] != first["ETag"]
    assert book(coach, case_id, reason="Again", if_match=second["ETag"]).status_code == 201
    assert JobcentreAppointment.objects.filter(superseded_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"jobcentre_code": "JCIPSW"}, "jobcentre_code"),
        ({"jobcentre_code": "NOPE"}, "jobcentre_code"),
        ({"appointment_on": "2001-01-01"}, "appointment_on"),
        ({"appointment_on": "9999-12-31"}, "appointment_on"),
        ({"appointment_on": "tomorrow"}, "appointment_on"),
        ({"appointment_time": "25:00"}, "appointment_time"),
        ({"reason": "x" * 100_000}, "reason"),
        ({"jobcentre_code": None}, "jobcentre_code"),
    ],
)
def test_booking_refusals_name_the_field(coach, case_id, changes, field):
    response = book(coach, case_id, **changes)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not JobcentreAppointment.objects.exists()


def test_only_the_prison_work_coach_books(case_id):
    assert book(api_as(Role.PRISON_EMPLOYMENT_LEAD, "NWI"), case_id).status_code == 403
    assert book(api_as(org="WLI"), case_id).status_code == 404


# --- Universal Credit -----------------------------------------------------------------------------------


def uc(client, case_id):
    return client.get(f"/api/v1/cases/{case_id}/universal-credit/")


def test_universal_credit_before_anything_is_recorded_is_version_0(coach, case_id):
    response = uc(coach, case_id)
    assert response.status_code == 200
    assert response["ETag"] == '"0"'
    assert response.json() | {"checklist": [], "claim_prepared": False, "claim_made_on": None, "version": 0} == (
        response.json()
    )
    assert not UniversalCreditRecord.objects.exists()


def test_a_patch_sends_each_part_to_its_own_service_in_one_go(coach, case_id):
    response = coach.patch(
        f"/api/v1/cases/{case_id}/universal-credit/",
        {
            "benefit_claim_closed_on": days_ago(60),
            "checklist": ["ni-number", "id", "address"],
            "advance_requested": True,
        },
        format="json",
        HTTP_IF_MATCH='"0"',
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["benefit_claim_closed_on"] == days_ago(60)
    assert body["checklist"] == ["id", "ni-number", "address"]
    assert body["advance_requested"] is True
    assert response["ETag"] == f'"{body["version"]}"'
    assert "Advance requested" in readiness(coach, case_id)["advance"]["detail"]
    # Fields not sent keep their values.
    again = coach.patch(f"/api/v1/cases/{case_id}/universal-credit/", {"checklist": []}, format="json").json()
    assert (again["benefit_claim_closed_on"], again["advance_requested"]) == (days_ago(60), True)


def test_a_refused_part_leaves_every_part_unchanged(coach, case_id):
    response = coach.patch(
        f"/api/v1/cases/{case_id}/universal-credit/",
        {"benefit_claim_closed_on": days_ago(60), "claim_made_on": "9999-12-31", "advance_requested": False},
        format="json",
    )
    assert response.status_code == 400
    assert "claim_made_on" in response.json()
    assert not UniversalCreditRecord.objects.exists()


def test_universal_credit_on_a_stale_version_is_412(coach, case_id):
    url = f"/api/v1/cases/{case_id}/universal-credit/"
    coach.patch(url, {"housing_costs_continued_on": days_ago(60)}, format="json", HTTP_IF_MATCH='"0"')
    response = coach.patch(url, {"benefit_claim_closed_on": days_ago(60)}, format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 412
    assert UniversalCreditRecord.objects.get().benefit_claim_closed_on is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"checklist": ["teleport"]}, "checklist"),
        ({"checklist": "id"}, "checklist"),
        ({"checklist": ["id"] * 1000}, "checklist"),
        ({"advance_paid_amount": "350.00", "advance_paid_on": days_ago(1)}, "advance_paid_amount"),
        ({"advance_paid_amount": "1e400"}, "advance_paid_amount"),
        ({"benefit_claim_closed_on": "2026-02-30"}, "benefit_claim_closed_on"),
        ({"advance_requested": "sometimes"}, "advance_requested"),
        ({"claim_made_on": days_ago(1)}, "advance_requested"),
    ],
)
def test_universal_credit_refusals_name_the_field(coach, case_id, body, field):
    response = coach.patch(f"/api/v1/cases/{case_id}/universal-credit/", body, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_universal_credit_is_changed_only_by_those_the_services_allow(case_id):
    probation = api_as(Role.PROBATION_PRACTITIONER, "N56NOSU")
    assert uc(probation, case_id).status_code == 200
    url = f"/api/v1/cases/{case_id}/universal-credit/"
    assert probation.patch(url, {"checklist": ["id"]}, format="json").status_code == 403
    assert api_as(org="WLI").patch(url, {"checklist": ["id"]}, format="json").status_code == 404


# --- the National Insurance number and accommodation ------------------------------------------------------


def test_a_known_ni_number_is_kept_on_the_person(coach, case_id):
    url = f"/api/v1/cases/{case_id}/ni-number/"
    assert coach.get(url).json() == {
        "status": None,
        "ni_number": "",
        "applied_on": None,
        "received_on": None,
        "version": 0,
    }
    response = coach.patch(url, {"status": "known", "ni_number": "ab 12 34 56 c"}, format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 200, response.json()
    assert response.json() | {"status": "known", "ni_number": "AB123456C", "version": 1} == response.json()
    assert readiness(coach, case_id)["ni-number"]["status"] == "in-place"
    stale = coach.patch(url, {"status": "received", "received_on": days_ago(1)}, format="json", HTTP_IF_MATCH='"0"')
    assert stale.status_code == 412
    assert coach.get(url).json()["status"] == "known"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "known"}, "ni_number"),
        ({"status": "known", "ni_number": "123"}, "ni_number"),
        ({"status": "applied"}, "applied_on"),
        ({"status": "lost"}, "status"),
        ({"status": "applied", "applied_on": "9999-12-31"}, "applied_on"),
    ],
)
def test_ni_number_refusals_name_the_field(coach, case_id, body, field):
    response = coach.patch(f"/api/v1/cases/{case_id}/ni-number/", body, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_accommodation_puts_the_release_area_on_the_case(coach, case_id):
    url = f"/api/v1/cases/{case_id}/accommodation/"
    assert coach.get(url).json() == {"status": None, "release_area": "NR3", "version": 0}
    response = coach.patch(url, {"status": "settled", "release_area": "nr1"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"status": "settled", "release_area": "NR1", "version": 1}
    assert Case.objects.get(pk=case_id).release_area == "NR1"
    assert readiness(coach, case_id)["accommodation"]["status"] == "in-place"
    kept = coach.patch(url, {"status": "temporary"}, format="json", HTTP_IF_MATCH='"1"').json()
    assert kept == {"status": "temporary", "release_area": "NR1", "version": 2}
    assert coach.patch(url, {"status": "settled"}, format="json", HTTP_IF_MATCH='"1"').status_code == 412


@pytest.mark.parametrize(
    ("body", "field"),
    [({"status": "castle"}, "status"), ({"status": "settled", "release_area": "QQ1"}, "release_area"), ({}, "status")],
)
def test_accommodation_refusals_name_the_field(coach, case_id, body, field):
    response = coach.patch(f"/api/v1/cases/{case_id}/accommodation/", body, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()


@pytest.mark.parametrize(
    "path",
    ["id-applications/", "bank-applications/", "appointments/", "universal-credit/", "ni-number/", "accommodation/"],
)
@pytest.mark.parametrize(
    "body",
    [
        ["not", "an", "object"],
        {"submitted_on": {"year": 2026}, "status": 7, "checklist": {"id": True}},
        {"release_area": "\x00", "ni_number": "\ud800", "bank_name": "🏦" * 10_000, "claim_made_on": "\x00"},
    ],
)
def test_ugly_bodies_are_400s_never_500s(coach, case_id, path, body):
    url = f"/api/v1/cases/{case_id}/{path}"
    method = coach.patch if path.endswith(("credit/", "number/", "accommodation/")) else coach.post
    # Sent as a partner's JSON library would: escaped, so even a lone surrogate arrives.
    response = method(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content
