from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases import services as case_services
from onward.cases.constants import LegalStatus
from onward.insights.periods import Quarter
from onward.journey import services as journey_services
from onward.journey.models import LocalTiming, PlannedTouchpoint
from onward.partnerships import selectors, services
from onward.partnerships.constants import (
    ActionStatus,
    AgreementStatus,
    EscalationStatus,
    MeetingStatus,
    NationalDecision,
)
from onward.partnerships.demo import load_demo
from onward.partnerships.models import (
    LocalAgreementVersion,
    Meeting,
    NationalAgreementVersion,
    PartnershipEscalation,
)
from onward.partnerships.tests.factories import local_agreement, manager, org, version_values

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)
EARLIER_PLANS = {
    "code": "release-plan-shared",
    "which": "due",
    "anchor": "D",
    "months": 0,
    "weeks": -14,
    "working_days": 0,
}


@pytest.fixture
def pm():
    return manager()


@pytest.fixture
def coach():
    return user_for(Role.PRISON_WORK_COACH, "NWI")


def make_case(coach, prison_number="A1234BC"):
    case = case_services.case_create(
        actor=coach,
        prison=org("NWI"),
        prison_number=prison_number,
        given_name="Jordan",
        family_name="Example",
        date_of_birth=date(1990, 1, 1),
        reception_date=date(2026, 9, 1),
        legal_status=LegalStatus.SENTENCED,
        sentence_date=date(2026, 9, 1),
        custodial_term_days=540,
        release_date=date(2027, 6, 2),
        release_area="NR3",
    )
    # Plan it as its commit would (tests never commit).
    journey_services.touchpoints_replan(actor=coach, case=case, reason="case opened")
    return case


# --- local agreements ------------------------------------------------------------------------


def test_the_first_version_creates_the_agreement_and_is_audited(pm):
    version = local_agreement(actor=pm)
    assert version.number == 1
    assert version.agreement.prison.code == "NWI"
    assert [c.name for c in version.contacts.all()] == ["Maya Ellison", "Owen Radcliffe"]
    assert version.facilities.count() == 6
    assert AuditEvent.objects.filter(action="partnership.local.version", object_id=str(version.pk)).exists()


def test_a_version_can_never_be_changed_in_place(pm):
    version = local_agreement(actor=pm)
    version.signatories = "Someone else"
    with pytest.raises(ValidationError, match="cannot be changed"):
        version.save()
    contact = version.contacts.first()
    contact.name = "Changed"
    with pytest.raises(ValidationError):
        contact.save()


def test_a_revision_is_a_new_complete_version_and_the_old_one_is_superseded(pm):
    first = local_agreement(actor=pm)
    second = services.local_agreement_revise(
        actor=pm,
        agreement=first.agreement,
        changes={"effective_from": date(2026, 4, 1), "signed_on": date(2026, 3, 20)},
        change_reason="Annual review",
        today=TODAY,
    )
    assert second.number == 2
    assert second.contacts.count() == 2 and second.facilities.count() == 6
    statuses = {v.version.number: v.status.status for v in selectors.versions_with_status(first.agreement, on=TODAY)}
    assert statuses == {1: AgreementStatus.SUPERSEDED, 2: AgreementStatus.IN_FORCE}
    # What was in force on a date in the past is still the first version.
    assert selectors.version_in_force(first.agreement, on=date(2025, 6, 1)) == first
    assert selectors.version_in_force(first.agreement, on=date(2025, 1, 1)) is None


def test_only_managers_in_scope_and_administrators_write(coach):
    with pytest.raises(PermissionDenied):
        local_agreement(actor=coach)
    with pytest.raises(PermissionDenied):
        local_agreement(actor=user_for(Role.PARTNERSHIP_BOARD, "national"))
    with pytest.raises(PermissionDenied):
        local_agreement(actor=manager("DWPKEN"))
    assert not LocalAgreementVersion.objects.exists()
    assert local_agreement(actor=user_for(Role.ADMINISTRATOR, "national")).number == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"signed_on": None}, "signed_on"),
        ({"effective_from": None}, "effective_from"),
        ({"signatories": ""}, "signatories"),
        ({"effective_from": date(2025, 1, 1)}, "effective_from"),
        ({"ends_on": date(2025, 1, 1)}, "ends_on"),
        ({"review_on": date(2025, 1, 1)}, "review_on"),
        ({"handover_accept_working_days": 0}, "handover_accept_working_days"),
        ({"handover_accept_working_days": 11}, "handover_accept_working_days"),
        ({"change_reason": ""}, "change_reason"),
        ({"change_reason": "x" * 5000}, "change_reason"),
        ({"recorded_status": "in-force"}, "recorded_status"),
        ({"jobcentre_district": None}, "jobcentre_district"),
        ({"pdus": [None]}, "pdus"),
        (
            {"service_levels": [{"code": "pre-release-support", "which": "due", "anchor": "D", "weeks": -10}]},
            "service_levels",
        ),
        ({"service_levels": [EARLIER_PLANS, EARLIER_PLANS]}, "service_levels"),
    ],
)
def test_bad_versions_are_refused_field_by_field_and_nothing_is_written(pm, changes, field):
    with pytest.raises(ValidationError) as error:
        local_agreement(actor=pm, **changes)
    assert field in error.value.message_dict
    assert not LocalAgreementVersion.objects.exists()


def test_facilities_in_place_need_an_evidence_date_not_in_the_future(pm):
    lines = version_values()["facilities"]
    lines[0] = {**lines[0], "evidenced_on": None}
    lines[1] = {**lines[1], "evidenced_on": date(2030, 1, 1)}
    with pytest.raises(ValidationError) as error:
        local_agreement(actor=pm, facilities=lines)
    assert set(error.value.message_dict) == {"facility_telephone-and-space", "facility_escalation-process"}


def test_two_contacts_cannot_share_a_place_on_the_route(pm):
    contacts = version_values()["contacts"]
    contacts[1] = {**contacts[1], "escalation_order": 1}
    with pytest.raises(ValidationError, match="share a place"):
        local_agreement(actor=pm, contacts=contacts)


def test_service_levels_in_force_set_the_journey_and_replan_the_prisons_cases(pm, coach):
    case = make_case(coach)
    national_due = PlannedTouchpoint.objects.get(case=case, code="release-plan-shared").due_on
    version = local_agreement(actor=pm, service_levels=[EARLIER_PLANS], today=date.today())
    assert LocalTiming.objects.get(prison=org("NWI"), code="release-plan-shared").weeks == -14
    assert (national_due - PlannedTouchpoint.objects.get(case=case, code="release-plan-shared").due_on).days == 14
    version.agreement.refresh_from_db()
    assert version.agreement.applied_version == version
    # Applying again changes nothing.
    assert services.local_agreement_apply(actor=None, agreement=version.agreement, today=date.today()) is False


def test_a_version_signed_for_the_future_changes_nothing_until_its_day(pm):
    version = local_agreement(
        actor=pm,
        service_levels=[EARLIER_PLANS],
        signed_on=date(2026, 11, 1),
        effective_from=date(2027, 1, 1),
        today=TODAY,
    )
    assert not LocalTiming.objects.filter(prison=org("NWI")).exists()
    assert services.local_agreements_apply_all(today=date(2027, 1, 1)) == 1
    assert LocalTiming.objects.filter(prison=org("NWI")).count() == 1
    version.agreement.refresh_from_db()
    assert version.agreement.applied_version == version


def accept_by_timing(prison="NWI"):
    return LocalTiming.objects.filter(prison=org(prison), code="warm-handover", which="accept_by").first()


def test_the_handover_acceptance_deadline_comes_from_the_version_in_force(pm):
    """The version's own deadline becomes the warm handover touchpoint's accept-by, which the handover reads."""
    first = local_agreement(actor=pm)
    assert accept_by_timing() is None
    services.local_agreement_revise(
        actor=pm,
        agreement=first.agreement,
        changes={"handover_accept_working_days": 1, "effective_from": date(2026, 6, 1), "signed_on": date(2026, 5, 1)},
        change_reason="Faster acceptance",
        today=TODAY,
    )
    services.local_agreement_apply(actor=None, agreement=first.agreement, today=TODAY)
    timing = accept_by_timing()
    assert (timing.anchor, timing.working_days) == ("D", 1)
    assert accept_by_timing("WLI") is None


# --- the national agreement --------------------------------------------------------------


def test_version_one_of_the_national_agreement_is_in_every_database():
    version = NationalAgreementVersion.objects.get(number=1)
    assert (version.starts_on, version.ends_on) == (date(2023, 1, 1), date(2026, 12, 31))
    assert selectors.national_warning(today=TODAY).days == 39


def test_rolling_over_records_who_when_and_why_as_a_new_version():
    admin = user_for(Role.ADMINISTRATOR, "national")
    version = services.national_agreement_decide(
        actor=admin,
        decision=NationalDecision.ROLLED_OVER,
        ends_on=date(2027, 12, 31),
        reason="Board decision of 10 November 2026",
        today=TODAY,
    )
    assert version.number == 2 and version.starts_on == date(2023, 1, 1)
    assert version.recorded_by == admin
    assert selectors.national_warning(today=TODAY) is None
    assert NationalAgreementVersion.objects.get(number=1).ends_on == date(2026, 12, 31)
    assert AuditEvent.objects.filter(action="partnership.national.rolled-over").exists()


def test_a_successor_starts_the_day_after_and_needs_a_title():
    admin = user_for(Role.ADMINISTRATOR, "national")
    with pytest.raises(ValidationError) as error:
        services.national_agreement_decide(
            actor=admin, decision=NationalDecision.SUCCESSOR, ends_on=date(2029, 12, 31), reason="New agreement"
        )
    assert "title" in error.value.message_dict
    version = services.national_agreement_decide(
        actor=admin,
        decision=NationalDecision.SUCCESSOR,
        ends_on=date(2029, 12, 31),
        reason="New agreement",
        title="National Partnership Agreement 2027 to 2029",
    )
    assert version.starts_on == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("decision", "ends_on", "field"),
    [
        ("rolled-over", date(2026, 6, 30), "ends_on"),
        ("rolled-over", None, "ends_on"),
        ("abolished", date(2027, 1, 1), "decision"),
        ("rolled-over", date(2099, 1, 1), "ends_on"),
    ],
)
def test_bad_decisions_are_refused(decision, ends_on, field):
    with pytest.raises(ValidationError) as error:
        services.national_agreement_decide(
            actor=user_for(Role.ADMINISTRATOR, "national"), decision=decision, ends_on=ends_on, reason="why"
        )
    assert field in error.value.message_dict
    assert NationalAgreementVersion.objects.count() == 1


def test_only_administrators_and_national_managers_decide(pm):
    for actor in (pm, user_for(Role.PARTNERSHIP_BOARD, "national")):
        with pytest.raises(PermissionDenied):
            services.national_agreement_decide(
                actor=actor, decision=NationalDecision.ROLLED_OVER, ends_on=date(2027, 12, 31), reason="x"
            )
    assert services.national_agreement_decide(
        actor=manager("national"), decision=NationalDecision.ROLLED_OVER, ends_on=date(2027, 12, 31), reason="x"
    )


# --- meetings and actions ----------------------------------------------------------------


def test_scheduling_a_meeting_in_the_suggested_quarter(pm):
    agreement = local_agreement(actor=pm).agreement
    suggestion = selectors.meeting_overview(agreement, today=TODAY)["suggestion"]
    meeting = services.meeting_schedule(
        actor=pm, agreement=agreement, quarter=suggestion.quarter, scheduled_for=suggestion.on, today=TODAY
    )
    assert meeting.quarter == "2026-Q4"
    assert selectors.meeting_overview(agreement, today=TODAY)["suggestion"].quarter == Quarter(2027, 1)
    with pytest.raises(ValidationError, match="already has a meeting"):
        services.meeting_schedule(
            actor=pm, agreement=agreement, quarter=Quarter(2026, 4), scheduled_for=date(2026, 12, 14), today=TODAY
        )


@pytest.mark.parametrize(
    ("quarter", "day", "field"),
    [
        (Quarter(2027, 1), date(2026, 12, 14), "scheduled_for"),
        (Quarter(2026, 4), date(2026, 11, 1), "scheduled_for"),
        (Quarter(2026, 4), None, "scheduled_for"),
        ("2026-Q4", date(2026, 12, 14), "quarter"),
    ],
)
def test_bad_meeting_dates_are_refused(pm, quarter, day, field):
    agreement = local_agreement(actor=pm).agreement
    with pytest.raises(ValidationError) as error:
        services.meeting_schedule(actor=pm, agreement=agreement, quarter=quarter, scheduled_for=day, today=TODAY)
    assert field in error.value.message_dict
    assert not Meeting.objects.exists()


def test_a_prison_user_cannot_schedule_and_the_board_meeting_is_national(pm, coach):
    agreement = local_agreement(actor=pm).agreement
    with pytest.raises(PermissionDenied):
        services.meeting_schedule(
            actor=coach, agreement=agreement, quarter=Quarter(2026, 4), scheduled_for=date(2026, 12, 14), today=TODAY
        )
    with pytest.raises(PermissionDenied):
        services.meeting_schedule(
            actor=pm, agreement=None, quarter=Quarter(2026, 4), scheduled_for=date(2026, 12, 14), today=TODAY
        )
    meeting = services.meeting_schedule(
        actor=user_for(Role.ADMINISTRATOR, "national"),
        agreement=None,
        quarter=Quarter(2026, 4),
        scheduled_for=date(2026, 12, 14),
        today=TODAY,
    )
    assert meeting.agreement is None


def test_recording_minutes_and_actions_flags_overdue_ones(pm):
    agreement = local_agreement(actor=pm).agreement
    meeting = Meeting.objects.create(agreement=agreement, quarter="2026-Q3", scheduled_for=date(2026, 8, 14))
    with pytest.raises(ValidationError) as error:
        services.meeting_record(
            actor=pm, meeting=meeting, status=MeetingStatus.HELD, attendees="", minutes="", decisions="", today=TODAY
        )
    assert set(error.value.message_dict) == {"attendees", "minutes"}
    services.meeting_record(
        actor=pm,
        meeting=meeting,
        status=MeetingStatus.HELD,
        attendees="PWC lead; PM",
        minutes="Went well",
        decisions="",
        today=TODAY,
    )
    action = services.action_add(
        actor=pm, meeting=meeting, description="Fix the phone", owner="Governor", due_on=date(2026, 9, 30)
    )
    overview = selectors.meeting_overview(agreement, today=TODAY)
    assert overview["overdue_actions"] == [action]
    assert Quarter(2026, 3) not in overview["missed"]
    assert Quarter(2026, 2) in overview["missed"]
    services.action_close(actor=pm, action=action, status=ActionStatus.DONE, today=TODAY)
    assert selectors.meeting_overview(agreement, today=TODAY)["overdue_actions"] == []
    with pytest.raises(ValidationError):
        services.action_add(actor=pm, meeting=meeting, description="", owner="", due_on=date(2026, 1, 1))


def test_a_meeting_cannot_be_held_before_its_date(pm):
    agreement = local_agreement(actor=pm).agreement
    meeting = Meeting.objects.create(agreement=agreement, quarter="2026-Q4", scheduled_for=date(2026, 12, 14))
    with pytest.raises(ValidationError, match="before its date"):
        services.meeting_record(
            actor=pm, meeting=meeting, status=MeetingStatus.HELD, attendees="a", minutes="b", decisions="", today=TODAY
        )


# --- escalations -------------------------------------------------------------------------------


def test_an_escalation_goes_to_the_first_contact_on_the_route(pm, coach):
    local_agreement(actor=pm)
    escalation = services.escalation_raise(
        actor=coach, subject="Phone out of order", description="Since Monday. Ça ne marche pas 📞", today=TODAY
    )
    assert escalation.routed_to_name == "Maya Ellison"
    assert escalation.routed_to_email == "maya.ellison@example.gov.uk"
    assert [e.status for e in escalation.events.all()] == [EscalationStatus.OPEN]
    services.escalation_acknowledge(actor=pm, escalation=escalation, note="Looking into it")
    services.escalation_resolve(actor=pm, escalation=escalation, note="Fixed")
    assert [e.status for e in escalation.events.all()] == ["open", "acknowledged", "resolved"]
    with pytest.raises(ValidationError, match="already resolved"):
        services.escalation_resolve(actor=pm, escalation=escalation, note="Again")


def test_resolving_needs_a_note_and_a_manager(pm, coach):
    local_agreement(actor=pm)
    escalation = services.escalation_raise(actor=coach, subject="s", description="d", today=TODAY)
    with pytest.raises(ValidationError) as error:
        services.escalation_resolve(actor=pm, escalation=escalation, note="  ")
    assert "note" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.escalation_acknowledge(actor=coach, escalation=escalation)
    with pytest.raises(PermissionDenied):
        services.escalation_acknowledge(actor=manager("DWPKEN"), escalation=escalation)


def test_no_route_no_escalation_and_nothing_written(coach):
    with pytest.raises(ValidationError, match="no escalation route"):
        services.escalation_raise(actor=coach, subject="s", description="d", today=TODAY)
    assert not PartnershipEscalation.objects.exists()


def test_an_escalation_can_name_a_case_only_in_the_coachs_own_prison(pm, coach):
    local_agreement(actor=pm)
    case = make_case(coach)
    escalation = services.escalation_raise(
        actor=coach, subject="s", description="d", prison_number=" a1234bc ", today=TODAY
    )
    assert escalation.case == case
    elsewhere = user_for(Role.PRISON_WORK_COACH, "WLI")
    local_agreement("WLI", actor=pm)
    with pytest.raises(ValidationError) as error:
        services.escalation_raise(actor=elsewhere, subject="s", description="d", prison_number="A1234BC", today=TODAY)
    assert "prison_number" in error.value.message_dict
    # The case is shown to people who may see it, never to the manager.
    assert selectors.escalation_case_for(coach, escalation) == case
    assert selectors.escalation_case_for(pm, escalation) is None


def test_prison_work_coaches_and_partnership_managers_raise_about_their_own_prisons(pm, coach):
    local_agreement(actor=pm)
    with pytest.raises(ValidationError) as error:
        services.escalation_raise(actor=pm, subject="s", description="d", today=TODAY)
    assert "prison" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.escalation_raise(
            actor=pm, subject="s", description="d", prison=org("NWI"), prison_number="A1234BC", today=TODAY
        )
    assert "prison_number" in error.value.message_dict
    escalation = services.escalation_raise(actor=pm, subject="s", description="d", prison=org("NWI"), today=TODAY)
    assert escalation.prison == org("NWI") and escalation.case is None
    elsewhere = manager("HBI")
    with pytest.raises(ValidationError):
        services.escalation_raise(actor=elsewhere, subject="s", description="d", prison=org("NWI"), today=TODAY)
    jobcentre_coach = user_for(Role.JOBCENTRE_WORK_COACH, "DWPEAN")
    with pytest.raises(PermissionDenied):
        services.escalation_raise(actor=jobcentre_coach, subject="s", description="d", today=TODAY)


def test_the_demo_loads_the_four_signed_agreements_once():

    user_for(Role.ADMINISTRATOR, "national", username="demo.admin")
    user_for(Role.PRISON_WORK_COACH, "NWI", username="demo.pwc")
    load_demo(stdout=StringIO())
    load_demo(stdout=StringIO())
    versions = LocalAgreementVersion.objects.filter(agreement__prison__code__in=["NWI", "WLI", "HBI", "RCI"])
    assert versions.count() == 5
    assert set(versions.values_list("jobcentre_district__code", flat=True)) == {"DWPEAN"}
    assert all(c.email.endswith("@example.gov.uk") for v in versions for c in v.contacts.all())
    assert accept_by_timing().working_days == 1
    assert PartnershipEscalation.objects.count() == 2


def test_the_nightly_command_applies_versions_whose_day_has_come(pm, capsys):

    local_agreement(
        actor=pm,
        service_levels=[EARLIER_PLANS],
        signed_on=date(2026, 1, 1),
        effective_from=date(2026, 2, 1),
        today=date(2026, 1, 5),
    )
    assert not LocalTiming.objects.filter(prison=org("NWI")).exists()
    call_command("apply_local_agreements")
    assert "1 prisons" in capsys.readouterr().out
    assert LocalTiming.objects.filter(prison=org("NWI")).exists()
    call_command("apply_local_agreements")
    assert "0 prisons" in capsys.readouterr().out


def test_the_route_hears_of_an_escalation_and_the_coach_of_its_end(
    pm, coach, django_capture_on_commit_callbacks, mailoutbox
):
    local_agreement(actor=pm)
    coach.email = "coach@example.gov.uk"
    coach.save(update_fields=["email"])
    make_case(coach)
    with django_capture_on_commit_callbacks(execute=True):
        escalation = services.escalation_raise(
            actor=coach, subject="Phone broken", description="d", prison_number="A1234BC", today=TODAY
        )
    assert mailoutbox[-1].to == ["maya.ellison@example.gov.uk"]
    assert "Phone broken" in mailoutbox[-1].subject
    assert "A1234BC" not in mailoutbox[-1].body and "Example" not in mailoutbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        services.escalation_resolve(actor=pm, escalation=escalation, note="Fixed")
    assert mailoutbox[-1].to == ["coach@example.gov.uk"]
    assert "resolved" in mailoutbox[-1].subject
