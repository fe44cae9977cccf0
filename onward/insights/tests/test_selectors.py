from datetime import UTC, date, datetime, time, timedelta

import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.cases.tests.factories import CaseFactory, PersonFactory
from onward.estate.models import Organisation
from onward.insights import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def releases():
    soon = date.today() + timedelta(days=20)
    for _ in range(3):
        CaseFactory(discharge_date=soon)
    wayland = Organisation.objects.get(code="WLI")
    for _ in range(6):
        CaseFactory(prison=wayland, discharge_date=soon, person=PersonFactory(family_name="Nameshouldnotshow"))


def test_national_figures_are_the_sums_of_the_prisons_rounded_figures(releases):
    board = user_for(Role.PARTNERSHIP_BOARD, "national")
    figures = selectors.organisation_figures(user=board)
    # 9 in custody: rounded to the nearest 5.
    assert figures["in_custody"].shown == 10
    rows = {row["prison"].code: row for row in selectors.prisons_by_releases()}
    # NWI's 3 come first in the national order (rounded 5), WLI's 6 take the running total to 10.
    assert [rows[code]["releasing_soon"].shown for code in ("NWI", "WLI")] == [5, 5]
    assert sum(row["in_custody"].value for row in rows.values()) == figures["in_custody"].value


def test_a_prison_partnership_manager_sees_only_their_prison_rounded(releases):
    manager = user_for(Role.PARTNERSHIP_MANAGER, "NWI")
    figures = selectors.organisation_figures(user=manager)
    assert figures["in_custody"].shown == 5
    rows, totals = selectors.prison_figures([Organisation.objects.get(code="NWI")])
    assert rows[0]["in_custody"] == totals["in_custody"] == figures["in_custody"]


def test_board_home_page_shows_totals_but_never_a_name(client, releases):
    client.force_login(user_for(Role.PARTNERSHIP_BOARD, "national"))
    content = client.get("/").content.decode()
    assert "fewer than 5" in content
    assert "HMP Wayland" in content
    assert "Nameshouldnotshow" not in content


# --- measures ------------------------------------------------------------------------------

from django.core.exceptions import PermissionDenied  # noqa: E402
from django.http import Http404  # noqa: E402

from onward.cases.constants import CaseStatus, LegalStatus  # noqa: E402
from onward.employment.models import EmploymentCheck  # noqa: E402
from onward.handover.models import Handover  # noqa: E402
from onward.insights.measures import Recorded, ReleaseFacts, counters_for_release  # noqa: E402
from onward.insights.periods import Quarter  # noqa: E402
from onward.journey.models import PlannedTouchpoint, PrisonJourneySettings  # noqa: E402
from onward.journey.touchpoints import NATIONAL_AGREEMENT_2023  # noqa: E402

CATALOGUE_RULES = {rule.code: rule for rule in NATIONAL_AGREEMENT_2023.rules}
from onward.journey.touchpoints import CODES  # noqa: E402

Q3 = Quarter(2026, 3)
D = date(2026, 9, 2)
TODAY = date(2026, 11, 20)


def _released(
    prison="NWI",
    *,
    discharge=D,
    jobcentre="JCNORW",
    pdu="N56NOSU",
    records=(),
    handover=None,
    legal_status=LegalStatus.SENTENCED,
    **person,
):
    case = CaseFactory(
        prison=Organisation.objects.get(code=prison),
        status=CaseStatus.RELEASED,
        discharge_date=discharge,
        actual_discharge_date=discharge,
        handed_over_to=Organisation.objects.get(code=jobcentre) if jobcentre else None,
        pdu=Organisation.objects.get(code=pdu) if pdu else None,
        person=PersonFactory(**person),
        legal_status=legal_status,
        has_bank_account=True,
    )
    codes = {code for code, *_rest in records}
    for code, outcome, on, details in records:
        _plan(case, code, outcome=outcome, done_on=on)
        if code == "uc-claim" and details.get("advance_requested") and "advance-payment" not in codes:
            _plan(case, "advance-payment")
    if handover is not None:
        accepted_on = handover
        Handover.objects.create(
            case=case,
            jobcentre=case.handed_over_to,
            status="accepted",
            send_by=discharge,
            accept_by=discharge + timedelta(days=2),
            accepted_at=datetime.combine(accepted_on, time(12), tzinfo=UTC),
        )
    return case


def _plan(case, code, *, outcome="", done_on=None):
    """A touchpoint's plan as the journey derives it: the measures read these, as every page does."""
    rule = CATALOGUE_RULES[code]
    return PlannedTouchpoint.objects.create(
        case=case,
        code=code,
        stage=rule.stage,
        owner_role=rule.owner,
        opens_on=case.discharge_date - timedelta(weeks=14),
        due_on=case.discharge_date,
        outcome=outcome,
        done_on=done_on if outcome else None,
        closes_on=None if rule.stage == "community" else case.discharge_date,
        live=False,
        agreement="npa-2023",
    )


INTERVIEW_ON_TIME = ("pre-release-support", "done", D - timedelta(weeks=13), {})
BOOKED = ("jobcentre-appointment", "done", D - timedelta(days=5), {"appointment_date": D.isoformat()})
ATTENDED = ("first-jobcentre-attendance", "done", D + timedelta(days=1), {})
CLAIM_WITH_ADVANCE = ("uc-claim", "done", D, {"advance_requested": True})
ADVANCE_ON_DAY = ("advance-payment", "done", D, {})


@pytest.fixture
def quarter_of_releases():
    everything = (INTERVIEW_ON_TIME, BOOKED, ATTENDED, CLAIM_WITH_ADVANCE, ADVANCE_ON_DAY)
    cases = [_released(records=everything, handover=D + timedelta(days=1)) for _ in range(12)]
    cases += [_released(records=(BOOKED,), handover=D + timedelta(days=5), female=True) for _ in range(3)]
    cases += [_released(records=(INTERVIEW_ON_TIME,), veteran=True) for _ in range(6)]
    # Remand: released, counted, but not among those the pre-release touchpoints apply to.
    cases += [_released(legal_status=LegalStatus.REMAND) for _ in range(5)]
    cases += [_released() for _ in range(4)]
    # Another prison, another district, another region; and outside the quarter.
    cases += [_released("WLI", jobcentre=None, pdu=None, records=(CLAIM_WITH_ADVANCE,)) for _ in range(7)]
    _released(discharge=date(2026, 10, 1), records=everything)
    for case, (check, outcome) in zip(
        cases,
        [("6-weeks", "employed"), ("6-weeks", "unknown"), ("6-months", "self_employed"), ("6-weeks", "not_employed")],
        strict=False,
    ):
        EmploymentCheck.objects.create(case=case, checkpoint=check, outcome=outcome, recorded_on=D + timedelta(weeks=7))
    return cases


def _by_key(rows):
    return {row.measure.key: row for row in rows}


def _raw(organisation, *, start=Q3.start, end=Q3.end, today=TODAY):
    """The exact counts behind the measures (never shown): {measure key: (numerator, denominator)}, cohorts."""
    total, cohorts = selectors._rollup(selectors.release_tallies(start=start, end=end, today=today), organisation)
    return {
        measure.key: (total[measure.numerator_counter], total[measure.denominator_counter] if measure.is_rate else None)
        for measure in selectors.catalogue()
        if measure.about_people
    }, cohorts


def _near(published, raw, within):
    """A published figure is a multiple of 5 within `within` of the exact count."""
    return published.value % 5 == 0 and abs(published.value - raw) <= within


def test_measures_for_a_prison_count_its_releases_and_show_them_rounded(quarter_of_releases):
    norwich = Organisation.objects.get(code="NWI")
    raw, _cohorts = _raw(norwich)
    assert raw["releases"] == (30, None)
    assert raw["pre-release-support"] == (18, 25)
    assert raw["jobcentre-appointment-booked"] == (15, 25)
    assert raw["jobcentre-appointment-attended"] == (12, 15)
    assert raw["advance-on-the-day"][0] == raw["advance-on-the-day"][1] > 0
    assert raw["handover-accepted-on-time"] == (12, 15)
    assert raw["bank-account-at-release"] == (30, 30)
    assert raw["id-at-release"] == (0, 30)

    rows = _by_key(selectors.measures_for(organisation=norwich, start=Q3.start, end=Q3.end, today=TODAY))
    # All in one month, and the prison's groups are neighbours in the order: within 4 of the truth.
    for key, (numerator, denominator) in raw.items():
        assert _near(rows[key].numerator, numerator, 4), key
        assert denominator is None or _near(rows[key].denominator, denominator, 4), key
    assert rows["releases"].denominator is None
    assert rows["releases"].rate_text == str(rows["releases"].numerator)
    # Rates come from the rounded counts.
    pre = rows["pre-release-support"]
    assert pre.rate_text == f"{round(100 * pre.numerator.value / pre.denominator.value)}%"
    assert rows["id-at-release"].rate_text == f"fewer than 5 of {rows['id-at-release'].denominator}"
    assert str(rows["releases"].measure.how_computed).startswith("A release is")


def test_a_cohort_and_everyone_else_add_up_to_the_rounded_total(quarter_of_releases):
    norwich = Organisation.objects.get(code="NWI")
    _raw_rows, raw_cohorts = _raw(norwich)
    assert raw_cohorts["veteran"]["releases"] == 6
    assert raw_cohorts["care_leaver"]["releases"] == 0
    rows = _by_key(selectors.measures_for(organisation=norwich, start=Q3.start, end=Q3.end, today=TODAY))
    total = rows["releases"].numerator
    for cohort in rows["releases"].cohorts:
        assert cohort.numerator.value + cohort.others_numerator.value == total.value
        assert cohort.numerator.value % 5 == 0 and cohort.others_numerator.value % 5 == 0
    cohorts = {row.cohort: row for row in rows["releases"].cohorts}
    assert str(cohorts["care_leaver"].numerator) == "fewer than 5"


def test_national_district_and_region_roll_up_from_the_same_groups(quarter_of_releases):
    raw, _cohorts = _raw(None)
    assert raw["releases"][0] == 37 and raw["uc-claim-by-release"][0] == 19
    district_org = Organisation.objects.get(code="DWPEAN")
    region = Organisation.objects.get(code="N56NOSU").parent
    assert _raw(district_org)[0]["releases"][0] == _raw(region)[0]["releases"][0] == 30

    national = _by_key(selectors.measures_for(organisation=None, start=Q3.start, end=Q3.end, today=TODAY))
    # The whole of a month is its rounded running total: within 2 of the truth.
    assert national["releases"].numerator.shown == 35
    assert _near(national["uc-claim-by-release"].numerator, 19, 2)
    district = _by_key(selectors.measures_for(organisation=district_org, start=Q3.start, end=Q3.end, today=TODAY))
    assert _near(district["releases"].numerator, 30, 4)
    compared = selectors.measures_compared(
        organisations=[None, Organisation.objects.get(code="NWI"), Organisation.objects.get(code="WLI")],
        start=Q3.start,
        end=Q3.end,
        today=TODAY,
    )
    nation, norwich, wayland = (_by_key(rows)["releases"].numerator for _, rows in compared)
    # The nation is the sum of its prisons' published figures, so it less one prison is the other.
    assert nation.value == norwich.value + wayland.value


def test_work_no_longer_done_and_other_quarters_do_not_count(quarter_of_releases):
    # An interview record undone: its plan, replanned, no longer says done.
    PlannedTouchpoint.objects.filter(code="pre-release-support").update(outcome="", done_on=None)
    assert _raw(None)[0]["pre-release-support"][0] == 0
    rows = _by_key(selectors.measures_for(organisation=None, start=Q3.start, end=Q3.end, today=TODAY))
    assert rows["pre-release-support"].numerator.suppressed
    october = _by_key(selectors.measures_for(organisation=None, start=date(2026, 10, 1), end=date(2026, 10, 31)))
    assert _raw(None, start=date(2026, 10, 1), end=date(2026, 10, 31))[0]["releases"][0] == 1
    assert str(october["releases"].numerator) == "fewer than 5"


def test_the_queries_agree_with_the_rules_for_each_release(quarter_of_releases):
    """The grouped queries count what counters_for_release says, person by person."""
    expected = {}
    for case in quarter_of_releases:
        plans = list(case.planned_touchpoints.all())
        records = {p.code: Recorded(p.outcome, p.done_on) for p in plans if p.outcome}
        handovers = tuple((h.accept_by, h.accepted_at.date()) for h in case.handovers.all())
        facts = ReleaseFacts(
            discharge_date=case.discharge_date,
            sentenced=case.legal_status != LegalStatus.REMAND,
            released_to_community=case.released_to_community,
            has_right_to_work_id=case.has_right_to_work_id,
            has_bank_account=case.has_bank_account,
            has_ni_number=case.has_ni_number,
            records=records,
            applies=frozenset(p.code for p in plans),
            handovers=handovers,
            employment={c.checkpoint: c.outcome for c in case.employment_checks.all()},
        )
        for name in counters_for_release(facts, today=TODAY):
            expected[name] = expected.get(name, 0) + 1
    tallies = selectors.release_tallies(start=Q3.start, end=Q3.end, today=TODAY)
    counted = {}
    for counts in tallies.values():
        for name, value in zip(selectors.COUNTERS, counts, strict=True):
            counted[name] = counted.get(name, 0) + value
    assert {name: value for name, value in counted.items() if value and name != "overdue"} == expected


def test_overdue_touchpoints_are_counted_as_of_today():
    case = CaseFactory()
    codes = list(CODES)[:11]
    for n, code in enumerate(codes):
        PlannedTouchpoint.objects.create(
            case=case,
            code=code,
            stage="pre-release",
            owner_role="prison_work_coach",
            opens_on=TODAY - timedelta(days=30),
            # Five overdue, five done in time, one not due yet.
            due_on=TODAY - timedelta(days=1) if n < 10 else TODAY,
            outcome="" if n < 5 or n == 10 else "done",
            agreement="npa-2023",
        )
    assert _raw(None)[0]["overdue-touchpoints"][0] == 5
    rows = _by_key(selectors.measures_for(organisation=None, start=Q3.start, end=Q3.end, today=TODAY))
    assert rows["overdue-touchpoints"].numerator.shown == 5
    assert rows["overdue-touchpoints"].denominator is None
    assert rows["overdue-touchpoints"].rate_text == "5"


def test_prisons_claiming_in_custody_are_never_suppressed():
    for code in ("NWI", "WLI"):
        PrisonJourneySettings.objects.create(
            prison=Organisation.objects.get(code=code), starts_uc_claims_in_custody=True
        )
    row = _by_key(selectors.measures_for(organisation=None, start=Q3.start, end=Q3.end))["prisons-claiming-in-custody"]
    assert (row.numerator.shown, row.denominator.shown, row.rate_text) == (2, 15, "13%")
    assert row.cohorts == ()


def test_measures_refuse_kinds_of_organisation_they_do_not_cover():
    with pytest.raises(ValueError):
        selectors.measures_for(organisation=Organisation.objects.get(code="JCNORW"), start=Q3.start, end=Q3.end)


def test_employment_is_counted_with_not_known_both_ways():

    outcomes = (
        ["employed"] * 6
        + ["self_employed"] * 4
        + ["not_employed"] * 10
        + ["unknown"] * 5
        + ["training_or_education"] * 5
    )
    for outcome in outcomes:
        case = _released()
        EmploymentCheck.objects.create(
            case=case, checkpoint="6-weeks", outcome=outcome, recorded_on=D + timedelta(weeks=6)
        )
    # A check for someone released in another quarter is not this quarter's.
    EmploymentCheck.objects.create(
        case=_released(discharge=date(2026, 4, 1)),
        checkpoint="6-weeks",
        outcome="employed",
        recorded_on=date(2026, 5, 13),
    )
    raw, _cohorts = _raw(None)
    assert raw["employment-6-weeks"] == (10, 30)
    assert raw["employment-6-weeks-known"] == (10, 25)
    assert raw["employment-6-months"] == (0, 0)
    rows = _by_key(selectors.measures_for(organisation=None, start=Q3.start, end=Q3.end, today=TODAY))
    with_unknowns = rows["employment-6-weeks"]
    without_unknowns = rows["employment-6-weeks-known"]
    # One prison, one month, one group: each count is simply rounded.
    assert (with_unknowns.numerator.shown, with_unknowns.denominator.shown) == (10, 30)
    assert with_unknowns.rate_text == "33%"
    assert (without_unknowns.numerator.shown, without_unknowns.denominator.shown) == (10, 25)
    assert without_unknowns.rate_text == "40%"
    assert rows["employment-6-months"].rate_text == "fewer than 5"


# --- who sees which measures ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "org", "home", "may_open"),
    [
        (Role.PARTNERSHIP_BOARD, "national", None, {"NWI", "DWPEAN", "N56"}),
        (Role.ADMINISTRATOR, "national", None, {"NWI", "DWPEAN"}),
        (Role.EMPLOYER_ENGAGEMENT, "national", None, {"NWI"}),
        (Role.PARTNERSHIP_MANAGER, "DWPEAN", "DWPEAN", {"DWPEAN"}),
        (Role.PARTNERSHIP_MANAGER, "N56", "N56", {"N56"}),
        (Role.PARTNERSHIP_MANAGER, "NWI", "NWI", {"NWI"}),
        (Role.PRISON_WORK_COACH, "NWI", "NWI", {"NWI"}),
        (Role.ID_BANKING_ADMIN, "WLI", "WLI", {"WLI"}),
    ],
)
def test_each_role_opens_its_own_organisation_and_the_national_picture(role, org, home, may_open):
    user = user_for(role, org)
    assert selectors.may_view_measures(user)
    opens = selectors.measures_home_organisation(user)
    assert (opens.code if opens else None) == home
    assert selectors.measures_organisation_get(user=user, code="national") is None
    for code in may_open:
        assert selectors.measures_organisation_get(user=user, code=code).code == code
    # National users open any prison, district or region; everyone else only their own.
    others = {"NWI", "WLI", "DWPEAN", "DWPKEN", "N56"} - may_open
    for code in others:
        if home is None:
            assert selectors.measures_organisation_get(user=user, code=code).code == code
        else:
            with pytest.raises(Http404):
                selectors.measures_organisation_get(user=user, code=code)


@pytest.mark.parametrize(
    ("role", "org"),
    [
        (Role.PROBATION_PRACTITIONER, "N56NOSU"),
        (Role.JOBCENTRE_WORK_COACH, "JCNORW"),
        (Role.CRS_PROVIDER, "CRSEAST"),
    ],
)
def test_casework_roles_outside_a_prison_have_no_measures(role, org):
    user = user_for(role, org)
    assert not selectors.may_view_measures(user)
    with pytest.raises(PermissionDenied):
        selectors.measures_organisation_get(user=user, code="national")
    assert not selectors.measures_organisations_for(user).exists()


def test_an_inactive_user_has_no_measures_and_codes_cannot_reach_other_kinds():
    assert not selectors.may_view_measures(user_for(Role.PARTNERSHIP_BOARD, "national", is_active=False))
    board = user_for(Role.PARTNERSHIP_BOARD, "national")
    for code in ("JCNORW", "N56NOSU", "x" * 500, "' OR 1=1 --"):
        with pytest.raises(Http404):
            selectors.measures_organisation_get(user=board, code=code)
    with pytest.raises(PermissionDenied):
        selectors.comparable_organisations(user_for(Role.PARTNERSHIP_MANAGER, "DWPEAN"))


def test_whole_months_are_recognised():
    assert [str(m) for m in selectors._whole_months(date(2026, 7, 1), date(2026, 9, 30))] == [
        "2026-07",
        "2026-08",
        "2026-09",
    ]
    assert selectors._whole_months(date(2026, 7, 2), date(2026, 9, 30)) is None
    assert selectors._whole_months(date(2026, 7, 1), date(2026, 9, 29)) is None
    assert selectors._whole_months(date(2026, 9, 1), date(2026, 7, 31)) is None


def test_cached_counts_are_the_same_counts_kept_a_few_minutes(quarter_of_releases):
    uncached = selectors.release_tallies(start=Q3.start, end=Q3.end, today=TODAY)
    cached = selectors.release_tallies(start=Q3.start, end=Q3.end, today=TODAY, cached=True)
    assert cached == uncached
    # A release added now shows in the live count at once, and on the pages within CACHE_SECONDS.
    _released()
    again = _by_key(selectors.measures_for(organisation=None, start=Q3.start, end=Q3.end, today=TODAY, cached=True))
    live = _by_key(selectors.measures_for(organisation=None, start=Q3.start, end=Q3.end, today=TODAY))
    assert (again["releases"].numerator.shown, live["releases"].numerator.shown) == (35, 40)


def test_a_month_already_counted_for_its_quarter_is_not_counted_again(quarter_of_releases, django_assert_num_queries):
    quarter = _by_key(selectors.measures_for(organisation=None, start=Q3.start, end=Q3.end, today=TODAY, cached=True))
    september = date(2026, 9, 1), date(2026, 9, 30)
    # Only the count of prisons claiming in custody is read again.
    with django_assert_num_queries(1):
        month = _by_key(
            selectors.measures_for(organisation=None, start=september[0], end=september[1], today=TODAY, cached=True)
        )
    assert month["releases"].numerator.shown == quarter["releases"].numerator.shown == 35
