from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases import selectors as case_selectors
from onward.cases import services as case_services
from onward.cases.constants import LegalStatus
from onward.concurrency import StaleVersion
from onward.estate.models import Organisation
from onward.handover import selectors, services
from onward.handover.models import Escalation, Handover
from onward.journey import selectors as journey_selectors
from onward.journey.models import PlannedTouchpoint
from onward.journey.selectors import case_touchpoint
from onward.partnerships import services as partnership_services
from onward.partnerships.tests.factories import local_agreement
from onward.readiness import services as readiness_services

pytestmark = pytest.mark.django_db
TODAY = date(2026, 8, 24)


def org(code):
    return Organisation.objects.get(code=code)


@pytest.fixture
def coach():
    return user_for(Role.PRISON_WORK_COACH, "NWI")


@pytest.fixture
def jobcentre_coach():
    return user_for(Role.JOBCENTRE_WORK_COACH, "JCNORW")


@pytest.fixture
def case(coach, committed):
    with committed():
        return case_services.case_create(
            actor=coach,
            prison=org("NWI"),
            prison_number="A1234BC",
            given_name="Jordan",
            family_name="Example",
            date_of_birth=date(1990, 1, 1),
            reception_date=date(2026, 3, 2),
            legal_status=LegalStatus.SENTENCED,
            sentence_date=date(2026, 3, 2),
            custodial_term_days=365,
            release_date=date(2026, 9, 2),
            release_area="NR3",
            today=TODAY,
        )


def send(coach, case, jobcentre="JCNORW"):
    return services.handover_send(actor=coach, case=case, jobcentre=org(jobcentre), needs="Needs a phone", today=TODAY)


def test_sending_hands_the_case_to_the_jobcentre_with_deadlines_and_completes_the_touchpoint(
    coach, case, jobcentre_coach, committed
):
    with committed():
        handover = send(coach, case)
    assert (handover.send_by, handover.accept_by) == (date(2026, 9, 2), date(2026, 9, 4))
    assert handover.pack["needs"] == "Needs a phone"
    assert case_selectors.case_get(user=jobcentre_coach, case_id=case.pk) == case
    assert list(selectors.handover_inbox(jobcentre_coach)) == [handover]
    assert PlannedTouchpoint.objects.get(case=case, code="warm-handover").outcome == "done"
    assert AuditEvent.objects.filter(action="handover.send").exists()


def test_only_the_jobcentre_serving_the_release_area_can_receive(coach, case):
    with pytest.raises(ValidationError) as error:
        send(coach, case, jobcentre="JCIPSW")
    assert "jobcentre" in error.value.message_dict


def test_one_open_handover_at_a_time(coach, case):
    send(coach, case)
    with pytest.raises(ValidationError):
        send(coach, case)


def test_only_the_prison_work_coach_sends(case):
    with pytest.raises(PermissionDenied):
        send(user_for(Role.ID_BANKING_ADMIN, "NWI"), case)


def test_accept_then_complete_closes_the_loop(coach, case, jobcentre_coach):
    handover = send(coach, case)
    services.handover_accept(actor=jobcentre_coach, handover=handover, today=date(2026, 9, 3))
    with pytest.raises(ValidationError):
        services.handover_complete(actor=jobcentre_coach, handover=handover, attended=True, today=date(2026, 9, 1))
    done = services.handover_complete(actor=jobcentre_coach, handover=handover, attended=True, today=date(2026, 9, 7))
    assert done.status == "completed" and done.first_appointment_attended is True
    assert not selectors.handover_inbox(jobcentre_coach).exists()


def test_another_jobcentre_cannot_accept(coach, case):
    handover = send(coach, case)
    with pytest.raises(PermissionDenied):
        services.handover_accept(actor=user_for(Role.JOBCENTRE_WORK_COACH, "JCIPSW"), handover=handover)


def test_reject_needs_a_reason_and_takes_the_case_back(coach, case, jobcentre_coach):
    handover = send(coach, case)
    with pytest.raises(ValidationError) as error:
        services.handover_reject(actor=jobcentre_coach, handover=handover, reason="other")
    assert "details" in error.value.message_dict
    services.handover_reject(actor=jobcentre_coach, handover=handover, reason="incomplete-pack", today=TODAY)
    assert not case_selectors.cases_visible_to(jobcentre_coach).filter(pk=case.pk).exists()


def test_revoke_by_the_sender(coach, case, jobcentre_coach):
    handover = send(coach, case)
    with pytest.raises(ValidationError):
        services.handover_revoke(actor=coach, handover=handover, reason=" ")
    revoked = services.handover_revoke(actor=coach, handover=handover, reason="Release cancelled", today=TODAY)
    assert revoked.status == "revoked"
    assert not case_selectors.cases_visible_to(jobcentre_coach).filter(pk=case.pk).exists()


def test_a_moved_release_date_moves_the_accept_by_date_and_flags_the_open_handover(coach, case, committed):
    handover = send(coach, case)
    with committed():
        case_services.case_update(actor=coach, case=case, changes={"release_date": date(2026, 9, 16)}, today=TODAY)
    handover.refresh_from_db()
    assert handover.flagged_reason == "release-moved"
    # Discharge Wednesday 16 September: accepted by Friday 18 September, 2 working days on.
    assert (handover.send_by, handover.accept_by) == (date(2026, 9, 16), date(2026, 9, 18))
    assert AuditEvent.objects.filter(action="handover.follow_discharge_day").exists()


def test_a_moved_release_with_nothing_open_moves_and_flags_nothing_without_evaluating_touchpoints(
    coach, case, committed, django_assert_num_queries
):
    handover = send(coach, case)
    services.handover_revoke(actor=coach, handover=handover, reason="Release cancelled", today=TODAY)
    # Two lock reads (handovers, referrals) find nothing open: no touchpoints read, nothing flagged.
    with django_assert_num_queries(2):
        assert services.handovers_follow_discharge_day(case=case, today=TODAY) == 0
    with committed():
        case_services.case_update(actor=coach, case=case, changes={"release_date": date(2026, 9, 16)}, today=TODAY)
    handover.refresh_from_db()
    assert (handover.status, handover.flagged_reason, handover.accept_by) == ("revoked", "", date(2026, 9, 4))
    assert not AuditEvent.objects.filter(action="handover.follow_discharge_day").exists()


def test_a_release_brought_back_past_an_escalation_keeps_it_and_one_moved_later_answers_it(coach, case, committed):
    handover = send(coach, case)
    [escalation] = services.handovers_escalate(today=date(2026, 9, 7))
    with committed():
        case_services.case_update(
            actor=coach, case=case, changes={"release_date": date(2026, 9, 16)}, today=date(2026, 9, 7)
        )
    escalation.refresh_from_db()
    assert escalation.resolved_at is not None  # no longer late: the new deadline is ahead
    handover.refresh_from_db()
    assert handover.accept_by == date(2026, 9, 18)


def test_a_transfer_flags_the_open_handover(coach, case, committed):
    handover = send(coach, case)
    with committed():
        case_services.case_transfer(actor=coach, case=case, to_prison=org("WLI"), transfer_date=TODAY, today=TODAY)
    handover.refresh_from_db()
    assert handover.flagged_reason == "transferred"


def test_late_acceptance_escalates_once_and_managers_see_it(coach, case):
    handover = send(coach, case)
    assert services.handovers_escalate(today=date(2026, 9, 4)) == []
    raised = services.handovers_escalate(today=date(2026, 9, 7))
    assert len(raised) == 1
    assert services.handovers_escalate(today=date(2026, 9, 8)) == []
    assert Escalation.objects.get().handover == handover
    assert list(selectors.escalations_visible_to(user_for(Role.PARTNERSHIP_MANAGER, "DWPEAN"))) == raised
    assert list(selectors.escalations_visible_to(user_for(Role.PARTNERSHIP_MANAGER, "NWI"))) == raised
    assert not selectors.escalations_visible_to(user_for(Role.PARTNERSHIP_MANAGER, "DWPKEN")).exists()
    assert not selectors.escalations_visible_to(user_for(Role.PRISON_WORK_COACH, "NWI")).exists()


def test_escalate_command(coach, case, capsys):
    send(coach, case)
    call_command("escalate_handovers")
    assert "Raised" in capsys.readouterr().out


def test_each_step_tells_the_people_who_need_to_know_after_commit(
    coach, case, jobcentre_coach, django_capture_on_commit_callbacks, mailoutbox
):
    jobcentre_coach.email = "jcp@example.gov.uk"
    jobcentre_coach.save()
    coach.email = "pwc@example.gov.uk"
    coach.save()
    manager = user_for(Role.PARTNERSHIP_MANAGER, "DWPEAN", email="pm@example.gov.uk")
    with django_capture_on_commit_callbacks(execute=True):
        handover = send(coach, case)
    assert [m.to for m in mailoutbox] == [["jcp@example.gov.uk"]]
    assert "A1234BC" in mailoutbox[0].subject
    assert "Jordan" not in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.handovers_escalate(today=date(2026, 9, 7))
    breach = mailoutbox[-1]
    assert breach.to == [manager.email]
    assert "A1234BC" not in breach.subject + breach.body
    with django_capture_on_commit_callbacks(execute=True):
        services.handover_accept(actor=jobcentre_coach, handover=handover, today=date(2026, 9, 8))
    assert mailoutbox[-1].to == ["pwc@example.gov.uk"]
    assert "accepted" in mailoutbox[-1].subject


def test_a_refused_step_sends_nothing(coach, case, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        send(coach, case, jobcentre="JCIPSW")
    assert mailoutbox == []


def test_a_late_acceptance_resolves_its_escalation(coach, case, jobcentre_coach):
    handover = send(coach, case)
    [escalation] = services.handovers_escalate(today=date(2026, 9, 7))
    manager = user_for(Role.PARTNERSHIP_MANAGER, "DWPEAN")
    assert list(selectors.escalations_visible_to(manager)) == [escalation]
    services.handover_accept(actor=jobcentre_coach, handover=handover, today=date(2026, 9, 8))
    escalation.refresh_from_db()
    assert escalation.resolved_by == jobcentre_coach and escalation.resolved_at is not None
    assert not selectors.escalations_visible_to(manager).exists()


def test_escalate_command_runs_as_on_a_date_and_refuses_a_bad_one(coach, case):
    send(coach, case)
    call_command("escalate_handovers", today="2026-09-07")
    assert Escalation.objects.count() == 1
    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("escalate_handovers", today="7/9/2026")


def test_a_local_agreement_in_force_sets_its_own_acceptance_deadline(coach, case):
    # HMP Norwich's agreement gives the jobcentre 4 working days, not the national 2.
    version = local_agreement(handover_accept_working_days=4, today=TODAY)
    partnership_services.local_agreement_apply(actor=None, agreement=version.agreement, today=TODAY)
    handover = send(coach, case)
    # Discharge Wednesday 2 September 2026: 4 working days on is Tuesday 8 September.
    assert (handover.send_by, handover.accept_by) == (date(2026, 9, 2), date(2026, 9, 8))
    # The warm handover touchpoint says the same, and says why.
    touchpoint = case_touchpoint(case, "warm-handover", as_of=TODAY)
    assert touchpoint.accept_by == date(2026, 9, 8) and touchpoint.local_timing


def test_a_breach_reaches_the_escalation_route_the_local_agreement_names(
    coach, case, django_capture_on_commit_callbacks, mailoutbox
):
    local_agreement(today=TODAY)
    manager = user_for(Role.PARTNERSHIP_MANAGER, "DWPEAN", email="pm@example.gov.uk")
    send(coach, case)
    with django_capture_on_commit_callbacks(execute=True):
        services.handovers_escalate(today=date(2026, 9, 7))
    told = sorted(address for message in mailoutbox for address in message.to)
    assert told == sorted([manager.email, "maya.ellison@example.gov.uk", "owen.radcliffe@example.gov.uk"])
    assert all("A1234BC" not in message.subject + message.body for message in mailoutbox)


def test_late_releases_count_as_the_on_time_measure_does(coach, case, jobcentre_coach, committed):
    handover = send(coach, case)
    with committed():
        case_services.case_record_discharge(actor=coach, case=case, actual_discharge_date=date(2026, 9, 2))
    quarter = {"prison": org("NWI"), "start": date(2026, 7, 1), "end": date(2026, 9, 30)}
    # Inside its deadline it is neither late nor on time.
    assert selectors.late_releases_by_jobcentre(**quarter, today=date(2026, 9, 4)) == {}
    waiting = selectors.late_releases_by_jobcentre(**quarter, today=date(2026, 9, 5))
    assert list(waiting.values()) == [{"late": 1, "still_waiting": 1}]
    services.handover_accept(actor=jobcentre_coach, handover=handover, today=date(2026, 9, 7))
    accepted_late = selectors.late_releases_by_jobcentre(**quarter, today=date(2026, 9, 8))
    assert list(accepted_late.values()) == [{"late": 1, "still_waiting": 0}]
    handover.refresh_from_db()
    handover.accepted_at = handover.sent_at
    handover.save()
    assert selectors.late_releases_by_jobcentre(**quarter, today=date(2026, 9, 8)) == {}


# --- versions: a step taken on a stale read is refused -----------------------------------------------


def test_each_step_checks_the_version_on_the_locked_row_and_bumps_it(coach, case, jobcentre_coach):
    handover = send(coach, case)
    assert handover.version == 1
    read_by_the_sender = Handover.objects.get(pk=handover.pk)
    accepted = services.handover_accept(actor=jobcentre_coach, handover=handover, expected_version=1, today=TODAY)
    assert accepted.version == 2
    with pytest.raises(StaleVersion):
        services.handover_revoke(
            actor=coach,
            handover=read_by_the_sender,
            reason="Not needed",
            expected_version=read_by_the_sender.version,
            today=TODAY,
        )
    assert Handover.objects.get().status == "accepted"
    assert not AuditEvent.objects.filter(action="handover.revoke").exists()


def test_who_may_take_a_step_is_said_before_whether_it_is_stale(coach, case):
    handover = send(coach, case)
    with pytest.raises(PermissionDenied):
        services.handover_accept(actor=coach, handover=handover, expected_version=9)


def test_a_moved_discharge_day_moves_the_handover_on_a_version(coach, case, committed):
    handover = send(coach, case)
    with committed():
        case_services.case_update(actor=coach, case=case, changes={"release_date": date(2026, 9, 16)}, today=TODAY)
    handover.refresh_from_db()
    # Its deadline moved and it was flagged: a caller who read it before must read it again.
    assert handover.version == 3
    with pytest.raises(StaleVersion):
        services.handover_accept(
            actor=user_for(Role.JOBCENTRE_WORK_COACH, "JCNORW"), handover=handover, expected_version=1
        )


def test_notes_go_to_the_jobcentre_only_with_the_persons_agreement(coach, case):
    with pytest.raises(ValidationError) as error:
        services.handover_send(actor=coach, case=case, jobcentre=org("JCNORW"), shared_notes="Has a dog", today=TODAY)
    assert "person_agreed_to_share" in error.value.message_dict
    handover = services.handover_send(
        actor=coach,
        case=case,
        jobcentre=org("JCNORW"),
        shared_notes="Has a dog",
        person_agreed_to_share=True,
        today=TODAY,
    )
    assert handover.pack["shared_notes"] == "Has a dog"


def test_a_first_appointment_not_attended_is_recorded_so_and_leaves_the_worklist(
    coach, case, jobcentre_coach, committed
):
    with committed():
        readiness_services.appointment_book(
            actor=coach,
            case=case,
            jobcentre=org("JCNORW"),
            appointment_on=date(2026, 9, 3),
            appointment_time=time(10, 0),
            today=TODAY,
        )
        handover = send(coach, case)
        services.handover_accept(actor=jobcentre_coach, handover=handover, today=date(2026, 9, 1))
        case_services.case_record_discharge(actor=coach, case=case, actual_discharge_date=date(2026, 9, 2))
        services.handover_complete(actor=jobcentre_coach, handover=handover, attended=False, today=date(2026, 9, 8))
    attendance = case_touchpoint(case, "first-jobcentre-attendance", as_of=date(2026, 10, 1))
    assert (attendance.status, attendance.evidence.what) == ("declined", "Did not attend")
    assert PlannedTouchpoint.objects.get(case=case, code="first-jobcentre-attendance").outcome == "declined"
    assert not journey_selectors.worklist(user=jobcentre_coach, today=date(2026, 10, 1)).filter(case=case).exists()
