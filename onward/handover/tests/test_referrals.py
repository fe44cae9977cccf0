"""Referrals to probation and to CRS providers: the same closed loop as the warm handover."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases import selectors as case_selectors
from onward.cases import services as case_services
from onward.concurrency import StaleVersion
from onward.handover import selectors, services
from onward.handover.deadlines import referral_respond_by
from onward.handover.models import Referral
from onward.handover.tests.test_services import TODAY, case, coach, org  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def crs_worker():
    return user_for(Role.CRS_PROVIDER, "CRSEAST", email="crs@example.org")


@pytest.fixture
def practitioner():
    return user_for(Role.PROBATION_PRACTITIONER, "N56NOSU", email="pp@example.gov.uk")


@pytest.fixture
def allocated(coach, case):
    return case_services.case_update(
        actor=coach, case=case, changes={"pdu": org("N56NOSU")}, expected_version=case.version, today=TODAY
    )


def refer_to_crs(coach, case, **overrides):
    values = {
        "actor": coach,
        "case": case,
        "kind": "crs",
        "receiver": org("CRSEAST"),
        "service": "accommodation",
        "reason": "No address yet; wants a room in Norwich",
        "today": TODAY,
    }
    return services.referral_send(**(values | overrides))


def test_respond_by_is_a_working_week_or_release_day_if_sooner():
    # Monday 24 August 2026; the following Monday is the bank holiday (31 August).
    assert referral_respond_by(sent_on=date(2026, 8, 24), discharge_date=date(2026, 10, 1)) == date(2026, 9, 1)
    assert referral_respond_by(sent_on=date(2026, 8, 24), discharge_date=date(2026, 8, 26)) == date(2026, 8, 26)
    # A discharge date already past (a late referral after release) does not pull the date back.
    assert referral_respond_by(sent_on=date(2026, 8, 24), discharge_date=date(2026, 8, 20)) == date(2026, 9, 1)


def test_a_crs_provider_sees_the_person_only_once_referred(coach, case, crs_worker):
    assert not case_selectors.cases_visible_to(crs_worker, today=TODAY).exists()
    referral = refer_to_crs(coach, case)
    assert list(case_selectors.cases_visible_to(crs_worker, today=TODAY)) == [case]
    assert referral.respond_by == date(2026, 8, 31) or referral.respond_by <= case.discharge_date
    assert AuditEvent.objects.filter(action="referral.send", object_id=str(case.pk)).exists()
    # Another provider sees nothing.
    other = user_for(Role.CRS_PROVIDER, "CRSKENT")
    assert not case_selectors.cases_visible_to(other, today=TODAY).exists()
    with pytest.raises(Http404):
        selectors.referral_get(user=other, referral_id=referral.pk)


def test_rejected_or_revoked_referrals_drop_out_of_the_providers_sight(coach, case, crs_worker):
    referral = refer_to_crs(coach, case)
    services.referral_reject(actor=crs_worker, referral=referral, reason="not-our-area", today=TODAY)
    assert not case_selectors.cases_visible_to(crs_worker, today=TODAY).exists()
    again = refer_to_crs(coach, case)
    services.referral_revoke(actor=coach, referral=again, reason="Found a room through the council", today=TODAY)
    assert not case_selectors.cases_visible_to(crs_worker, today=TODAY).exists()


def test_crs_loop_accept_then_complete_after_release(coach, case, crs_worker):
    referral = refer_to_crs(coach, case)
    assert [r.pk for r in selectors.referral_inbox(crs_worker)] == [referral.pk]
    accepted = services.referral_accept(actor=crs_worker, referral=referral, today=TODAY)
    assert accepted.status == "accepted" and accepted.accepted_by == crs_worker
    with pytest.raises(ValidationError) as before_release:
        services.referral_complete(actor=crs_worker, referral=referral, engaged=True, today=TODAY)
    assert "engaged" in before_release.value.message_dict
    done = services.referral_complete(
        actor=crs_worker, referral=referral, engaged=True, today=case.discharge_date + timedelta(days=3)
    )
    assert done.status == "completed" and done.engaged is True
    # Completed referrals stay readable to the provider.
    assert case_selectors.cases_visible_to(crs_worker, today=TODAY).exists()
    assert not selectors.referral_inbox(crs_worker).exists()


def test_only_the_receiver_takes_the_receivers_steps(coach, case, crs_worker, practitioner):
    referral = refer_to_crs(coach, case)
    for someone in (coach, practitioner, user_for(Role.CRS_PROVIDER, "CRSKENT")):
        with pytest.raises(PermissionDenied):
            services.referral_accept(actor=someone, referral=referral, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.referral_revoke(actor=crs_worker, referral=referral, reason="Not mine")


def test_one_open_referral_per_service(coach, case):
    refer_to_crs(coach, case)
    with pytest.raises(ValidationError) as duplicate:
        refer_to_crs(coach, case)
    assert "receiver" in duplicate.value.message_dict
    # A different service is a different referral.
    refer_to_crs(coach, case, service="finance-benefit-debt")
    assert Referral.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"service": ""}, "service"),
        ({"service": "massage"}, "service"),
        ({"receiver": None}, "receiver"),
        ({"reason": "   "}, "reason"),
        ({"reason": "x" * 2001}, "reason"),
        ({"shared_notes": "ü" * 2001}, "shared_notes"),
        ({"kind": "police"}, "kind"),
    ],
)
def test_bad_referrals_are_refused_field_by_field(coach, case, overrides, field):
    if field == "receiver":
        overrides = overrides | {"receiver": org("JCNORW")}
    with pytest.raises(ValidationError) as refused:
        refer_to_crs(coach, case, **overrides)
    assert field in refused.value.message_dict
    assert not Referral.objects.exists()


def test_probation_referral_goes_to_the_allocated_pdu(coach, case, allocated, practitioner):
    with pytest.raises(ValidationError) as wrong_pdu:
        services.referral_send(
            actor=coach, case=allocated, kind="probation", receiver=org("CRSEAST"), reason="Plan", today=TODAY
        )
    assert "receiver" in wrong_pdu.value.message_dict
    referral = services.referral_send(
        actor=coach,
        case=allocated,
        kind="probation",
        receiver=org("N56NOSU"),
        service="accommodation",
        reason="Release plan for DWP",
        today=TODAY,
    )
    assert referral.service == ""  # a probation referral is not for one CRS service
    assert [r.pk for r in selectors.referral_inbox(practitioner)] == [referral.pk]
    services.referral_reject(
        actor=practitioner, referral=referral, reason="other", details="Already allocated elsewhere", today=TODAY
    )
    referral.refresh_from_db()
    assert referral.status == "rejected" and referral.reject_details == "Already allocated elsewhere"


def test_probation_referral_needs_an_allocated_pdu(coach, case):
    assert case.pdu_id is None
    with pytest.raises(ValidationError) as refused:
        services.referral_send(
            actor=coach, case=case, kind="probation", receiver=org("N56NOSU"), reason="Plan", today=TODAY
        )
    assert "Record the person's probation delivery unit" in str(refused.value)


def test_other_prisons_cannot_refer(case):
    with pytest.raises(PermissionDenied):
        refer_to_crs(user_for(Role.PRISON_WORK_COACH, "WLI"), case)


def test_a_moved_release_flags_open_referrals(coach, case, crs_worker, committed):
    referral = refer_to_crs(coach, case)
    with committed():
        case_services.case_update(
            actor=coach,
            case=case,
            changes={"release_date": case.release_date + timedelta(days=14)},
            expected_version=case.version,
            today=TODAY,
        )
    referral.refresh_from_db()
    assert referral.flagged_reason == "release-moved"


def test_the_receiver_and_the_sender_hear_of_each_step(coach, case, crs_worker, django_capture_on_commit_callbacks):
    coach.email = "pwc@example.gov.uk"
    coach.save()
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer_to_crs(coach, case)
    assert mail.outbox[-1].to == ["crs@example.org"]
    assert case.person.prison_number in mail.outbox[-1].subject
    assert case.person.family_name not in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_accept(actor=crs_worker, referral=referral, today=TODAY)
    assert mail.outbox[-1].to == ["pwc@example.gov.uk"]
    assert "accepted" in mail.outbox[-1].subject


def test_a_referral_step_on_a_stale_version_is_refused(coach, case, crs_worker):
    referral = refer_to_crs(coach, case)
    accepted = services.referral_accept(actor=crs_worker, referral=referral, expected_version=1, today=TODAY)
    assert accepted.version == 2
    with pytest.raises(StaleVersion):
        services.referral_revoke(actor=coach, referral=referral, reason="Not needed", expected_version=1, today=TODAY)
    assert Referral.objects.get().status == "accepted"
