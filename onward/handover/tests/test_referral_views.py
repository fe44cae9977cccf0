import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.handover import views
from onward.handover.models import Referral
from onward.handover.tests.test_referrals import crs_worker, refer_to_crs  # noqa: F401 - shared fixtures
from onward.handover.tests.test_services import TODAY, case, coach, org  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.django_db


def test_work_coach_refers_to_crs_from_the_case_page(client, coach, case):
    client.force_login(coach)
    page = client.get(f"/cases/{case.pk}/")
    assert f"/cases/{case.pk}/referrals/new/crs/".encode() in page.content
    form = client.get(f"/cases/{case.pk}/referrals/new/crs/")
    assert b"Eastern Resettlement Partnership" in form.content
    response = client.post(
        f"/cases/{case.pk}/referrals/new/crs/",
        {"receiver": org("CRSEAST").pk, "service": "accommodation", "reason": "Needs a room"},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/"
    assert referral.service == "accommodation"


def test_send_form_errors_are_field_level_and_nothing_is_written(client, coach, case):
    client.force_login(coach)
    response = client.post(f"/cases/{case.pk}/referrals/new/crs/", {"receiver": "999999", "shared_notes": "Private"})
    assert response.status_code == 200
    for message in (
        b"Choose from the list",
        b"Choose the service",
        b"Say what the person needs",
        b"Confirm the person",
    ):
        assert message in response.content
    assert not Referral.objects.exists()


def test_unknown_kinds_and_other_peoples_cases_are_not_found(client, coach, case):
    client.force_login(coach)
    assert client.get(f"/cases/{case.pk}/referrals/new/police/").status_code == 404
    client.force_login(user_for(Role.PRISON_WORK_COACH, "WLI"))
    assert client.get(f"/cases/{case.pk}/referrals/new/crs/").status_code == 404


def test_provider_inbox_accept_reject_and_close(client, coach, case, crs_worker):
    referral = refer_to_crs(coach, case)
    client.force_login(crs_worker)
    inbox = client.get("/referrals/")
    assert case.person.full_name.encode() in inbox.content
    page = client.get(f"/referrals/{referral.pk}/")
    assert b"Accept referral" in page.content and b"Revoke referral" not in page.content
    rejected = client.post(f"/referrals/{referral.pk}/", {"action": "reject", "reject-reason": "other"})
    assert b"Say why you cannot accept it" in rejected.content
    client.post(f"/referrals/{referral.pk}/", {"action": "accept"})
    referral.refresh_from_db()
    assert referral.status == "accepted"
    missing = client.post(f"/referrals/{referral.pk}/", {"action": "complete"})
    assert missing.status_code == 200 and b"Say whether the person engaged" in missing.content
    client.post(f"/referrals/{referral.pk}/", {"action": "complete", "complete-engaged": "no"})
    referral.refresh_from_db()
    assert referral.status == "completed" and referral.engaged is False


def test_steps_not_open_to_the_user_are_refused(client, coach, case, crs_worker):
    referral = refer_to_crs(coach, case)
    client.force_login(coach)
    assert client.post(f"/referrals/{referral.pk}/", {"action": "accept"}).status_code == 403
    assert client.get("/referrals/").status_code == 403
    client.force_login(crs_worker)
    assert client.post(f"/referrals/{referral.pk}/", {"action": "revoke", "revoke-reason": "x"}).status_code == 403
    client.force_login(user_for(Role.PARTNERSHIP_BOARD, "national"))
    assert client.get(f"/referrals/{referral.pk}/").status_code == 404


def test_the_inbox_is_paged(client, coach, case, crs_worker, monkeypatch):

    refer_to_crs(coach, case)
    refer_to_crs(coach, case, service="finance-benefit-debt")
    client.force_login(crs_worker)
    monkeypatch.setattr(views, "INBOX_PAGE_SIZE", 1)
    first = client.get("/referrals/").content.decode()
    second = client.get("/referrals/?page=2").content.decode()
    # Same respond-by date, so oldest first.
    assert "govuk-pagination" in first
    assert "Accommodation" in first and "Finance, benefit and debt" not in first
    assert "Finance, benefit and debt" in second and "Accommodation" not in second
