"""Planning synthetic people and episodes: who, where, and when they come and go."""

from collections import Counter
from datetime import date, timedelta

import pytest

from onward.cases.constants import LegalStatus
from onward.cases.validators import PRISON_NUMBER
from onward.estate.selectors import jobcentres_for_area
from onward.synthetic.people import DEMO_PRISONS, RELEASES_A_YEAR_PER_PERSON, Planner, national_prison_sizes

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


@pytest.fixture
def planned():
    planner = Planner(seed=7, today=TODAY, history_years=1)
    return list(planner.episodes(planner.plan({"NWI": 300, "RCI": 100})))


def test_people_in_custody_have_a_discharge_ahead_or_are_on_remand(planned):
    open_cases = [e for e in planned if not e.released]
    assert len(open_cases) == 400
    for episode in open_cases:
        assert episode.case["reception_date"] <= TODAY
        if episode.case["legal_status"] == LegalStatus.REMAND:
            assert episode.discharge_date is None
        else:
            assert episode.discharge_date > TODAY


def test_releases_come_at_the_rate_the_population_gives_in_proportion_to_size(planned):
    released = [e for e in planned if e.released]
    assert len(released) == round(300 * RELEASES_A_YEAR_PER_PERSON) + round(100 * RELEASES_A_YEAR_PER_PERSON)
    # The release-day rules bring a day forward by a few days at most.
    assert all(TODAY - timedelta(days=372) <= e.discharge_date < TODAY for e in released)
    by_prison = Counter(e.prison.code for e in released)
    assert 2.4 < by_prison["NWI"] / by_prison["RCI"] < 3.6


def test_no_month_spikes_past_or_coming(planned):
    """Releases per month follow the prison's size: the coming months look like the past ones, no December
    spike from everyone the generator could not place."""
    months = Counter(
        (e.discharge_date.year, e.discharge_date.month)
        for e in planned
        if e.discharge_date and TODAY - timedelta(days=330) <= e.discharge_date <= TODAY + timedelta(days=330)
    )
    counts = sorted(months.values())
    assert counts[-1] < 2.2 * (sum(counts) / len(counts))


def test_people_are_adults_with_made_up_nomis_numbers(planned):
    numbers = [e.prison_number for e in planned]
    assert all(PRISON_NUMBER.match(number) for number in numbers)
    assert len(set(numbers)) == len(numbers)
    for episode in planned:
        age = (episode.case["reception_date"] - episode.person["date_of_birth"]).days / 365.25
        assert age >= 18


def test_release_areas_are_near_the_prison_and_reach_a_jobcentre(planned):
    norwich_areas = {e.case["release_area"][:2] for e in planned if e.prison.code == "NWI"}
    assert norwich_areas <= {"NR", "IP", "PE"}  # Norfolk, north Suffolk, west Norfolk
    assert any(e.case["pdu"] and e.case["pdu"].code == "N56NOSU" for e in planned)
    for area in {e.case["release_area"] for e in planned}:
        assert jobcentres_for_area(area).jobcentres, area


def test_the_same_seed_gives_the_same_people():
    def names(seed):
        planner = Planner(seed=seed, today=TODAY, history_years=0)
        return [(e.prison_number, e.person["given_name"]) for e in planner.episodes(planner.plan({"WLI": 20}))]

    assert names(11) == names(11)
    assert names(11) != names(12)


def test_national_sizes_cover_every_prison_and_add_up():
    sizes = national_prison_sizes(90_000)
    assert len(sizes) == 117
    assert sum(sizes.values()) == 90_000
    assert set(DEMO_PRISONS) <= set(sizes)
