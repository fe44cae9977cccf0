"""local_timings_set: a prison's own timings, only where the national agreement leaves them open, then a replan."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases import services as case_services
from onward.cases.constants import LegalStatus
from onward.estate.models import Organisation
from onward.journey import selectors
from onward.journey.models import LocalTiming, PlannedTouchpoint, PrisonJourneySettings
from onward.journey.services import local_timings_set

pytestmark = pytest.mark.django_db

RELEASE = date(2027, 6, 2)
EARLIER = {"code": "release-plan-shared", "which": "due", "anchor": "D", "weeks": -14}


@pytest.fixture
def norwich():
    return Organisation.objects.get(code="NWI")


@pytest.fixture
def case(norwich, committed):
    coach = user_for(Role.PRISON_WORK_COACH, "NWI")
    with committed():
        return case_services.case_create(
            actor=coach,
            prison=norwich,
            prison_number="A7777BC",
            given_name="Ceri",
            family_name="Prydderch-Ñúñez",
            date_of_birth=date(1991, 2, 3),
            reception_date=date(2026, 9, 1),
            legal_status=LegalStatus.SENTENCED,
            sentence_date=date(2026, 9, 1),
            custodial_term_days=540,
            release_date=RELEASE,
            release_area="NR3",
        )


def due(case, code):
    return PlannedTouchpoint.objects.get(case=case, code=code).due_on


def test_an_open_timing_is_set_and_the_prisons_cases_are_replanned(norwich, case):
    national_due = due(case, "release-plan-shared")
    replanned = local_timings_set(actor=None, prison=norwich, timings=[EARLIER], reason="Local agreement version 2")
    assert replanned >= 1
    assert LocalTiming.objects.get(prison=norwich, code="release-plan-shared").weeks == -14
    assert (national_due - due(case, "release-plan-shared")).days == 14
    event = AuditEvent.objects.filter(action="journey.local_timings_set").latest("id")
    assert event.changes["reason"] == "Local agreement version 2"


def test_an_empty_set_returns_the_prison_to_national_defaults(norwich, case):
    national_due = due(case, "release-plan-shared")
    local_timings_set(actor=None, prison=norwich, timings=[EARLIER], reason="in force")
    local_timings_set(actor=None, prison=norwich, timings=[], reason="expired")
    assert not LocalTiming.objects.filter(prison=norwich).exists()
    assert due(case, "release-plan-shared") == national_due


def test_a_fixed_timing_is_refused_and_nothing_is_written(norwich, case):
    fixed = {"code": "pre-release-support", "which": "due", "anchor": "D", "weeks": -10}
    with pytest.raises(ValidationError) as error:
        local_timings_set(actor=None, prison=norwich, timings=[EARLIER, fixed], reason="x")
    assert "fixes when pre-release-support due" in str(error.value)
    assert not LocalTiming.objects.filter(prison=norwich).exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"code": "no-such-thing", "which": "due", "anchor": "D"},
        {"code": "release-plan-shared", "which": "whenever", "anchor": "D"},
        {"code": "release-plan-shared", "which": "due", "anchor": "X"},
    ],
)
def test_unknown_timings_are_refused(norwich, bad):
    with pytest.raises(ValidationError):
        local_timings_set(actor=None, prison=norwich, timings=[bad], reason="x")


def test_the_same_timing_twice_is_refused(norwich):
    with pytest.raises(ValidationError, match="once"):
        local_timings_set(actor=None, prison=norwich, timings=[EARLIER, EARLIER], reason="x")


def test_setting_the_same_timings_again_does_not_replan(norwich, case):
    local_timings_set(actor=None, prison=norwich, timings=[EARLIER], reason="x")
    assert local_timings_set(actor=None, prison=norwich, timings=[EARLIER], reason="again") == 0


@pytest.mark.parametrize("starts_in_custody", [None, False, True])
@pytest.mark.parametrize("timings", [[], [EARLIER], [EARLIER, {**EARLIER, "which": "opens", "weeks": -18}]])
def test_a_prisons_settings_and_timings_read_together_are_what_each_read_alone_says(
    norwich, starts_in_custody, timings, django_assert_num_queries
):
    if starts_in_custody is not None:
        PrisonJourneySettings.objects.create(prison=norwich, starts_uc_claims_in_custody=starts_in_custody)
    local_timings_set(actor=None, prison=norwich, timings=timings, reason="test")
    LocalTiming.objects.create(prison=Organisation.objects.get(code="WLI"), code="ni-number", which="due", anchor="D")
    with django_assert_num_queries(1):
        together = selectors.prison_journey(norwich.pk)
    assert together == (selectors.starts_uc_claims_in_custody(norwich.pk), selectors.local_timings(norwich.pk))
    assert len(together[1]) == len(timings)
