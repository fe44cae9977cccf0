from datetime import date, timedelta

import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.cases.tests.factories import CaseFactory, PersonFactory
from onward.estate.models import Organisation
from onward.journey import selectors
from onward.journey.models import PlannedTouchpoint
from onward.journey.selectors import Bucket, bucket_q, work_to_do
from onward.journey.touchpoints import status_on

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 28)


def plan(case, code, opens_on, due_on, owner=Role.PRISON_WORK_COACH, outcome=""):
    community = code.startswith("employment-check")
    return PlannedTouchpoint.objects.create(
        case=case,
        code=code,
        stage="community" if community else "pre-release",
        owner_role=owner,
        opens_on=opens_on,
        due_on=due_on,
        outcome=outcome,
        closes_on=None if community else case.discharge_date,
        agreement="npa-2023",
    )


@pytest.fixture
def worklist_cases():
    here = CaseFactory(person=PersonFactory(female=True))
    elsewhere = CaseFactory(prison=Organisation.objects.get(code="WLI"))
    items = {
        "overdue": plan(here, "pre-release-support", TODAY - timedelta(days=20), TODAY - timedelta(days=1)),
        "due_soon": plan(here, "uc-claim", TODAY - timedelta(days=3), TODAY + timedelta(days=6)),
        "open_later": plan(here, "jobcentre-appointment", TODAY - timedelta(days=3), TODAY + timedelta(days=30)),
        "opening_soon": plan(here, "warm-handover", TODAY + timedelta(days=10), TODAY + timedelta(days=24)),
        "far_off": plan(here, "employment-check-6-weeks", TODAY + timedelta(days=90), TODAY + timedelta(days=104)),
        "done": plan(
            here, "benefit-claim-closure", TODAY - timedelta(days=30), TODAY - timedelta(days=20), outcome="done"
        ),
        "someone_else": plan(
            here,
            "employment-assessment",
            TODAY - timedelta(days=30),
            TODAY - timedelta(days=20),
            owner=Role.PRISON_EMPLOYMENT_LEAD,
        ),
        "other_prison": plan(elsewhere, "pre-release-support", TODAY - timedelta(days=20), TODAY - timedelta(days=1)),
    }
    return items


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_worklist_shows_only_the_users_own_unrecorded_work_in_scope(worklist_cases):
    coach = user_for(Role.PRISON_WORK_COACH, "NWI")
    expected = {worklist_cases[name].pk for name in ("overdue", "due_soon", "open_later", "opening_soon")}
    assert ids(selectors.worklist(user=coach, today=TODAY)) == expected


@pytest.mark.parametrize(
    ("bucket", "names"),
    [
        (Bucket.OVERDUE, {"overdue"}),
        (Bucket.DUE_SOON, {"due_soon"}),
        (Bucket.OPEN, {"open_later"}),
        (Bucket.OPENING_SOON, {"opening_soon"}),
    ],
)
def test_each_bucket(worklist_cases, bucket, names):
    coach = user_for(Role.PRISON_WORK_COACH, "NWI")
    assert ids(selectors.worklist(user=coach, today=TODAY, bucket=bucket)) == {worklist_cases[n].pk for n in names}


def test_counts_for_the_navigation(worklist_cases):
    coach = user_for(Role.PRISON_WORK_COACH, "NWI")
    assert selectors.worklist_counts(user=coach, today=TODAY) == {
        "": 4,
        "overdue": 1,
        "due-soon": 1,
        "open": 1,
        "opening-soon": 1,
    }


def test_row_status_is_the_twin_of_the_buckets(worklist_cases):
    assert selectors.worklist_status(worklist_cases["overdue"], TODAY) == "overdue"
    assert selectors.worklist_status(worklist_cases["due_soon"], TODAY) == "due-soon"
    assert selectors.worklist_status(worklist_cases["open_later"], TODAY) == "open"
    assert selectors.worklist_status(worklist_cases["opening_soon"], TODAY) == "upcoming"


def test_filters_by_touchpoint_stage_dates_and_cohort(worklist_cases):
    coach = user_for(Role.PRISON_WORK_COACH, "NWI")
    assert ids(selectors.worklist(user=coach, today=TODAY, codes=["uc-claim"])) == {worklist_cases["due_soon"].pk}
    assert ids(selectors.worklist(user=coach, today=TODAY, due_to=TODAY)) == {worklist_cases["overdue"].pk}
    assert len(ids(selectors.worklist(user=coach, today=TODAY, flags=["female"]))) == 4
    assert not ids(selectors.worklist(user=coach, today=TODAY, flags=["veteran"]))
    assert not ids(selectors.worklist(user=coach, today=TODAY, stages=["community"]))


@pytest.mark.parametrize("role", [Role.PARTNERSHIP_BOARD, Role.ADMINISTRATOR, Role.CRS_PROVIDER])
def test_roles_without_touchpoints_have_an_empty_worklist(worklist_cases, role):
    org = {"crs_provider": "CRSEAST"}.get(role, "national")
    assert not selectors.worklist(user=user_for(role, org), today=TODAY).exists()


def test_the_sql_buckets_agree_with_the_pure_status_rule(worklist_cases):
    """Every unrecorded plan falls in the bucket its pure status says, on any day, and a missed one in none."""
    for offset in range(-40, 200, 3):
        day = TODAY + timedelta(days=offset)
        for item in PlannedTouchpoint.objects.filter(
            outcome="", case__prison__code="NWI", owner_role=Role.PRISON_WORK_COACH
        ):
            status = status_on(
                day, stage=item.stage, opens_on=item.opens_on, due_on=item.due_on, discharge_date=item.closes_on
            )
            work = PlannedTouchpoint.objects.filter(work_to_do(day), pk=item.pk)
            in_overdue = work.filter(bucket_q(Bucket.OVERDUE, day)).exists()
            in_open = work.filter(bucket_q(Bucket.DUE_SOON, day) | bucket_q(Bucket.OPEN, day)).exists()
            assert in_overdue == (status == "overdue"), (day, item.code)
            assert in_open == (status == "open"), (day, item.code)
            assert work.exists() == (status != "missed"), (day, item.code)


def test_custody_work_left_undone_after_the_person_left_is_missed_not_on_the_worklist(worklist_cases):
    """touchpoints.md: missed work leaves the worklists (the case shows it, the measures count it as not done)."""
    coach = user_for(Role.PRISON_WORK_COACH, "NWI")
    discharge = worklist_cases["overdue"].case.discharge_date
    before = ids(selectors.worklist(user=coach, today=discharge, bucket=Bucket.OVERDUE))
    after = ids(selectors.worklist(user=coach, today=discharge + timedelta(days=1), bucket=Bucket.OVERDUE))
    assert worklist_cases["overdue"].pk in before
    assert worklist_cases["overdue"].pk not in after
