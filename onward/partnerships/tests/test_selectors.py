from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.cases.tests.factories import CaseFactory
from onward.estate.models import Organisation
from onward.insights.periods import Quarter
from onward.journey.models import PlannedTouchpoint, PrisonJourneySettings
from onward.partnerships import selectors, services
from onward.partnerships.models import Meeting
from onward.partnerships.tests.factories import local_agreement, manager, org

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)


def codes(user):
    return set(selectors.prisons_visible_to(user).values_list("code", flat=True))


def test_a_district_manager_sees_its_signed_prisons_and_those_its_jobcentres_serve():
    east_anglia = manager("DWPEAN")
    assert {"NWI", "WLI", "HBI"} <= codes(east_anglia)
    assert "RCI" not in codes(east_anglia)
    # Rochester's agreement is signed with East Anglia (as announced), so it comes into scope.
    local_agreement("RCI", actor=user_for(Role.ADMINISTRATOR, "national"))
    assert "RCI" in codes(east_anglia)
    assert "NWI" not in codes(manager("DWPKEN"))


def test_prison_staff_see_their_own_prison_only():
    assert codes(user_for(Role.PRISON_WORK_COACH, "NWI")) == {"NWI"}
    assert codes(manager("NWI")) == {"NWI"}


def test_roles_that_never_read_agreements_are_denied():
    for user in (user_for(Role.JOBCENTRE_WORK_COACH, "JCNORW"), user_for(Role.PROBATION_PRACTITIONER, "N56NOSU")):
        assert codes(user) == set()
        with pytest.raises(PermissionDenied):
            selectors.prison_get(user=user, prison_code="NWI")


def test_outside_scope_is_not_found():
    with pytest.raises(Http404):
        selectors.prison_get(user=user_for(Role.PRISON_WORK_COACH, "NWI"), prison_code="WLI")
    with pytest.raises(Http404):
        selectors.prison_get(user=manager("DWPEAN"), prison_code="x" * 500)


def test_a_probation_region_manager_sees_agreements_naming_its_pdus():
    local_agreement(actor=user_for(Role.ADMINISTRATOR, "national"))
    assert codes(manager("N56")) == {"NWI"}


def test_the_board_reads_everything_but_never_escalations():
    board = user_for(Role.PARTNERSHIP_BOARD, "national")
    assert "NWI" in codes(board)
    assert not selectors.escalations_visible_to(board).exists()
    with pytest.raises(PermissionDenied):
        selectors.escalation_get(user=board, escalation_id=1)


def test_the_list_warns_ahead_of_a_local_end_and_review_and_the_national_end_once():
    local_agreement(actor=manager(), review_on=date(2026, 12, 15))
    rows = selectors.local_agreement_list(user=manager(), today=TODAY)
    assert [row.prison.code for row in rows] == ["NWI"]
    assert {w.kind for w in rows[0].warnings} == {"review", "meetings"}
    local_agreement("WLI", actor=manager(), ends_on=date(2027, 1, 31), review_on=None)
    wayland = next(
        row for row in selectors.local_agreement_list(user=manager(), today=TODAY) if row.prison.code == "WLI"
    )
    assert [w.kind for w in wayland.warnings] == ["ends", "meetings"]
    assert selectors.national_warning(today=TODAY).text.startswith("The National Partnership Agreement ends on")


def test_commitment_progress_counts_prisons_starting_claims_in_custody():

    PrisonJourneySettings.objects.create(prison=org("NWI"), starts_uc_claims_in_custody=True)
    progress = selectors.uc_claims_in_custody_progress()
    assert (progress.done, progress.target, progress.met) == (1, 15, False)


def test_a_meeting_outside_scope_is_not_found():
    pm = manager()
    agreement = local_agreement(actor=pm).agreement
    meeting = services.meeting_schedule(
        actor=pm, agreement=agreement, quarter=Quarter(2026, 4), scheduled_for=date(2026, 12, 14), today=TODAY
    )
    assert selectors.meeting_get(user=pm, meeting_id=meeting.pk) == meeting
    with pytest.raises(Http404):
        selectors.meeting_get(user=user_for(Role.PRISON_WORK_COACH, "WLI"), meeting_id=meeting.pk)
    with pytest.raises(Http404):
        selectors.meeting_get(user=pm, meeting_id="99999999999999999999999")


def test_the_meeting_pack_has_no_named_person():
    pm = manager()
    agreement = local_agreement(actor=pm).agreement
    pack = selectors.meeting_pack(user=pm, agreement=agreement, quarter=Quarter(2026, 3), today=TODAY)
    assert pack["prison"].code == "NWI"
    assert pack["measures"], "the measures from onward.insights"
    first = pack["measures"][0]
    assert first.title and first.how_computed
    assert pack["escalations"] == [] and pack["actions"] == []


def test_the_board_sees_how_many_escalations_are_open_not_what_they_say():
    pm = manager()
    agreement = local_agreement(actor=pm).agreement
    services.escalation_raise(
        actor=user_for(Role.PRISON_WORK_COACH, "NWI"), subject="Phone broken", description="d", today=TODAY
    )
    board = user_for(Role.PARTNERSHIP_BOARD, "national")
    pack = selectors.meeting_pack(user=board, agreement=agreement, quarter=Quarter(2026, 3), today=TODAY)
    assert pack["escalations"] is None
    assert pack["open_escalation_count"] == 1
    assert [
        e.subject
        for e in selectors.meeting_pack(user=pm, agreement=agreement, quarter=Quarter(2026, 3), today=TODAY)[
            "escalations"
        ]
    ] == ["Phone broken"]


def test_the_list_flags_missed_quarters_and_overdue_actions():

    pm = manager()
    agreement = local_agreement(actor=pm, effective_from=date(2026, 4, 1)).agreement
    meeting = Meeting.objects.create(
        agreement=agreement, quarter="2026-Q3", scheduled_for=date(2026, 7, 15), status="held"
    )
    services.action_add(actor=pm, meeting=meeting, description="Fix it", owner="Governor", due_on=date(2026, 9, 30))
    row = selectors.local_agreement_list(user=pm, today=TODAY)[0]
    texts = [w.text for w in row.warnings]
    assert "No meeting was held in: April to June 2026." in texts
    assert "1 action is overdue." in texts


def test_agreement_coverage_counts_prisons_in_force_and_meetings_held():

    quarter = Quarter.parse("2026-Q4")
    today = date(2026, 11, 22)
    district = Organisation.objects.get(code="DWPEAN")
    before = selectors.agreement_coverage(organisation=district, quarter=quarter, today=today)
    assert (before.in_force, before.met) == (0, 0) and before.prisons > 0
    norwich = local_agreement("NWI")
    local_agreement("WLI")
    # A meeting held this quarter at Norwich; a cancelled one at Wayland does not count.
    Meeting.objects.create(agreement=norwich.agreement, quarter="2026-Q4", scheduled_for=today, status="held")
    wayland = norwich.agreement.__class__.objects.get(prison__code="WLI")
    Meeting.objects.create(agreement=wayland, quarter="2026-Q4", scheduled_for=today, status="cancelled")
    after = selectors.agreement_coverage(organisation=district, quarter=quarter, today=today)
    assert (after.in_force, after.met) == (2, 1)
    national = selectors.agreement_coverage(organisation=None, quarter=quarter, today=today)
    assert national.prisons == Organisation.objects.filter(kind="prison", active=True).count()
    assert (national.in_force, national.met) == (2, 1)
    prison = selectors.agreement_coverage(organisation=org("NWI"), quarter=quarter, today=today)
    assert (prison.prisons, prison.in_force, prison.met) == (1, 1, 1)
    # The quarter before: in force (signed in 2025) but no meeting held then.
    earlier = selectors.agreement_coverage(organisation=district, quarter=quarter.previous(), today=today)
    assert (earlier.in_force, earlier.met) == (2, 0)


def test_agreement_coverage_reads_agreements_in_a_fixed_number_of_queries(django_assert_max_num_queries):

    national_manager = manager("national")
    for code in ("NWI", "WLI", "HBI", "RCI"):
        local_agreement(code, actor=national_manager)
    with django_assert_max_num_queries(4):
        coverage = selectors.agreement_coverage(organisation=None, quarter=Quarter.parse("2026-Q4"), today=TODAY)
    assert coverage.in_force == 4


def test_the_packs_overdue_touchpoints_are_rounded_and_small_ones_left_out():
    """Issue 12: the pack lists overdue touchpoints by code, rounded along the codes' order; a code is listed
    only when it reads 5 or more, so being listed never says "at least 1"."""
    pm = manager()
    agreement = local_agreement(actor=pm).agreement
    for code, people in (("bank-account", 2), ("id-documents", 6)):
        for _ in range(people):
            PlannedTouchpoint.objects.create(
                case=CaseFactory(prison=org("NWI")),
                code=code,
                stage="pre-release",
                owner_role="prison_work_coach",
                opens_on=TODAY - timedelta(days=30),
                due_on=TODAY - timedelta(days=1),
                agreement="npa-2023",
            )
    pack = selectors.meeting_pack(user=pm, agreement=agreement, quarter=Quarter(2026, 3), today=TODAY)
    # In code order: 2 rounds to nothing, then the running total 8 rounds to 10.
    assert [(row["code"], str(row["count"])) for row in pack["overdue_touchpoints"]] == [("id-documents", "10")]
