"""Matching is pure: plain facts in, matches with reasons out; no database."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from onward.employment.constants import JobSector, OffenceExclusion, OpportunityKind, ProfileStatus
from onward.employment.matching import (
    Criteria,
    Distances,
    OpportunityFacts,
    PersonFacts,
    explain,
    fits,
    match_all,
    miles_between,
    opportunities_for,
    opportunities_for_page,
    people_for,
)

TODAY = date(2026, 6, 1)
# Approximate district centres (from the estate's postcode list): Norwich, a few miles out, Ipswich, London.
COORDINATES = {
    "NR1": (52.6236, 1.3050),
    "NR3": (52.6435, 1.2921),
    "NR7": (52.6428, 1.3439),
    "IP1": (52.0663, 1.1396),
    "E1": (51.5175, -0.0621),
}
DISTANCES = Distances(COORDINATES)
NEAR = Criteria(today=TODAY, radius_miles=15)


def person(**kwargs):
    values = {
        "case_id": 1,
        "release_area": "NR3",
        "prison_id": 10,
        "prison_outcode": "NR1",
        "status": ProfileStatus.SUPPORT_NEEDED,
        "sector_interests": frozenset({JobSector.HOSPITALITY}),
    }
    return PersonFacts(**(values | kwargs))


def vacancy(**kwargs):
    values = {"opportunity_id": 1, "title": "Kitchen assistant", "sector": JobSector.HOSPITALITY, "outcode": "NR7"}
    return OpportunityFacts(**(values | kwargs))


def rules(match, *, fitting):
    return {reason.rule for reason in match.reasons if reason.fits is fitting}


def test_a_nearby_vacancy_in_a_sector_of_interest_fits_and_says_why():
    match = explain(person(), vacancy(), NEAR, DISTANCES)
    assert match.fits
    texts = " ".join(reason.text for reason in match.reasons_for)
    assert "Interested in hospitality and catering" in texts
    assert "miles from the release area (NR3), within 15" in texts
    assert 0 < match.distance_miles < 5


def test_too_far_away_does_not_fit_and_says_how_far():
    match = explain(person(), vacancy(outcode="IP1"), NEAR, DISTANCES)
    assert not match.fits
    assert rules(match, fitting=False) == {"distance"}
    assert "further than 15" in match.reasons_against[0].text
    # A wider radius, chosen by the user, brings it in.
    assert explain(person(), vacancy(outcode="IP1"), Criteria(today=TODAY, radius_miles=50), DISTANCES).fits


def test_other_sectors_do_not_fit_but_no_interests_means_any_sector():
    assert rules(explain(person(), vacancy(sector=JobSector.RETAIL), NEAR, DISTANCES), fitting=False) == {"sector"}
    assert explain(person(sector_interests=frozenset()), vacancy(sector=JobSector.RETAIL), NEAR, DISTANCES).fits


def test_offence_exclusions_leave_out_only_the_offences_named():
    arson = person(offence_categories=frozenset({OffenceExclusion.ARSON}))
    excluded = explain(arson, vacancy(offence_exclusions=frozenset({OffenceExclusion.ARSON})), NEAR, DISTANCES)
    assert not excluded.fits
    assert "cannot take arson" in excluded.reasons_against[0].text
    assert explain(arson, vacancy(offence_exclusions=frozenset({OffenceExclusion.SEXUAL})), NEAR, DISTANCES).fits
    case_by_case = explain(
        arson, vacancy(offence_exclusions=frozenset({OffenceExclusion.CASE_BY_CASE})), NEAR, DISTANCES
    )
    assert case_by_case.fits
    assert "case by case" in " ".join(r.text for r in case_by_case.reasons)


def test_a_vacancy_in_an_exclusion_zone_does_not_fit():
    match = explain(person(exclusion_zones=frozenset({"NR7"})), vacancy(), NEAR, DISTANCES)
    assert not match.fits
    assert "NR7 is an exclusion zone" in match.reasons_against[0].text


def test_closed_vacancies_do_not_fit():
    match = explain(person(), vacancy(closing_date=TODAY - timedelta(days=1)), NEAR, DISTANCES)
    assert rules(match, fitting=False) == {"closing"}
    assert explain(person(), vacancy(closing_date=TODAY), NEAR, DISTANCES).fits


def test_rotl_placements_need_eligibility_custody_and_the_right_prison_and_measure_from_the_prison():
    placement = vacancy(kind=OpportunityKind.ROTL_PLACEMENT, prison_id=10, outcode="NR1")
    far_release = person(release_area="E1")
    assert not explain(far_release, placement, NEAR, DISTANCES).fits
    eligible = person(release_area="E1", rotl_eligible=True)
    match = explain(eligible, placement, NEAR, DISTANCES)
    assert match.fits, match.reasons
    assert "from the prison (NR1)" in " ".join(r.text for r in match.reasons)
    assert not explain(person(rotl_eligible=True, prison_id=11), placement, NEAR, DISTANCES).fits
    assert not explain(person(rotl_eligible=True, in_custody=False), placement, NEAR, DISTANCES).fits


def test_national_opportunities_fit_wherever_the_person_goes():
    assert explain(person(release_area="E1"), vacancy(national=True, outcode=""), NEAR, DISTANCES).fits
    assert explain(person(release_area=""), vacancy(national=True, outcode=""), NEAR, DISTANCES).fits


def test_an_unknown_release_area_cannot_be_measured():
    match = explain(person(release_area=""), vacancy(), NEAR, DISTANCES)
    assert not match.fits
    assert "Record the release area" in match.reasons_against[0].text
    unknown = explain(person(release_area="ZZ9"), vacancy(), NEAR, DISTANCES)
    assert "is not known" in unknown.reasons_against[0].text


def test_people_who_decline_support_or_have_no_right_to_work_match_nothing():
    for status in (ProfileStatus.SUPPORT_DECLINED, ProfileStatus.NO_RIGHT_TO_WORK):
        match = explain(person(status=status), vacancy(), NEAR, DISTANCES)
        assert not match.fits
        assert "status" in rules(match, fitting=False)


def test_both_directions_sort_sensibly():
    near, far = vacancy(opportunity_id=1, outcode="NR7"), vacancy(opportunity_id=2, outcode="NR1")
    fitting, not_fitting = opportunities_for(
        person(), [far, near, vacancy(opportunity_id=3, outcode="E1")], NEAR, DISTANCES
    )
    assert [m.opportunity.opportunity_id for m in fitting] == sorted(
        [1, 2], key=lambda i: DISTANCES.between("NR3", {1: "NR7", 2: "NR1"}[i])
    )
    assert [m.opportunity.opportunity_id for m in not_fitting] == [3]
    later = person(case_id=2, discharge_date=TODAY + timedelta(days=30))
    sooner = person(case_id=3, discharge_date=TODAY + timedelta(days=3))
    fitting, _ = people_for(near, [later, sooner], NEAR, DISTANCES)
    assert [m.person.case_id for m in fitting] == [3, 2]


def test_miles_between_norwich_and_london_is_about_a_hundred():
    assert 95 < miles_between(COORDINATES["NR1"], COORDINATES["E1"]) < 105


outcodes = st.sampled_from([*COORDINATES, "ZZ9", ""])
sectors = st.sampled_from(JobSector.values)
offences = st.frozensets(st.sampled_from(OffenceExclusion.values), max_size=3)
people = st.builds(
    PersonFacts,
    case_id=st.integers(1, 10_000),
    release_area=outcodes,
    prison_id=st.sampled_from([None, 10, 11]),
    prison_outcode=outcodes,
    in_custody=st.booleans(),
    status=st.sampled_from(ProfileStatus.values),
    sector_interests=st.frozensets(sectors, max_size=3),
    offence_categories=offences,
    exclusion_zones=st.frozensets(outcodes, max_size=2),
    rotl_eligible=st.booleans(),
)
opportunities = st.builds(
    OpportunityFacts,
    opportunity_id=st.integers(1, 10_000),
    kind=st.sampled_from(OpportunityKind.values),
    sector=sectors,
    outcode=outcodes,
    national=st.booleans(),
    closing_date=st.one_of(st.none(), st.dates(TODAY - timedelta(days=30), TODAY + timedelta(days=30))),
    offence_exclusions=offences,
    prison_id=st.sampled_from([None, 10, 11]),
)
radii = st.floats(min_value=1, max_value=300)


@settings(max_examples=500)
@given(people, opportunities, radii)
def test_the_quick_answer_agrees_with_the_explained_one(p, o, radius):
    criteria = Criteria(today=TODAY, radius_miles=radius)
    match = explain(p, o, criteria, DISTANCES)
    assert fits(p, o, criteria, DISTANCES) == match.fits
    # Every match explains itself: a reason for each verdict, never an empty story.
    assert match.reasons
    assert match.fits == (not match.reasons_against)


@settings(max_examples=300)
@given(people, opportunities, radii, radii)
def test_a_wider_radius_never_loses_a_match(p, o, small, extra):
    narrow = Criteria(today=TODAY, radius_miles=small)
    wide = Criteria(today=TODAY, radius_miles=small + extra)
    if fits(p, o, narrow, DISTANCES):
        assert fits(p, o, wide, DISTANCES)


@settings(max_examples=300)
@given(people, opportunities, radii)
def test_adding_an_offence_exclusion_never_adds_a_match(p, o, radius):
    criteria = Criteria(today=TODAY, radius_miles=radius)
    stricter = OpportunityFacts(**{**o.__dict__, "offence_exclusions": o.offence_exclusions | p.offence_categories})
    if fits(p, stricter, criteria, DISTANCES):
        assert fits(p, o, criteria, DISTANCES)
    if p.offence_categories - {OffenceExclusion.NONE, OffenceExclusion.CASE_BY_CASE}:
        assert not fits(p, stricter, criteria, DISTANCES)


@settings(max_examples=300)
@given(
    st.lists(people, max_size=8, unique_by=lambda p: p.case_id),
    st.lists(opportunities, max_size=12, unique_by=lambda o: o.opportunity_id),
    radii,
)
def test_matching_a_whole_prison_gives_the_same_answers_as_one_at_a_time(ps, os_, radius):
    criteria = Criteria(today=TODAY, radius_miles=radius)
    everyone = match_all(ps, os_, criteria, DISTANCES)
    nearest_two = match_all(ps, os_, criteria, DISTANCES, limit=2)
    for p in ps:
        one_by_one, _ = opportunities_for(p, os_, criteria, DISTANCES)
        assert [m.opportunity for m in everyone[p.case_id].matches] == [m.opportunity for m in one_by_one]
        assert everyone[p.case_id].total == nearest_two[p.case_id].total == len(one_by_one)
        assert [m.opportunity for m in nearest_two[p.case_id].matches] == [m.opportunity for m in one_by_one[:2]]


uk_points = st.tuples(st.floats(49.8, 60.9), st.floats(-8.2, 1.8))


@settings(max_examples=200)
@given(st.lists(uk_points, min_size=1, max_size=30), st.floats(min_value=0.5, max_value=300))
def test_districts_within_a_radius_are_exactly_those_no_further_than_it(points, radius):
    coordinates = {f"D{n}": point for n, point in enumerate(points)}
    distances = Distances(coordinates)
    expected = {code for code in coordinates if distances.between("D0", code) <= radius}
    assert distances.within("D0", set(coordinates) | {"UNKNOWN"}, radius) == expected
    assert distances.within("UNKNOWN", set(coordinates), radius) == set()


@settings(max_examples=200)
@given(people, st.lists(opportunities, max_size=12, unique_by=lambda o: o.opportunity_id), radii, st.integers(0, 5))
def test_a_persons_page_explains_the_same_fits_and_the_nearest_of_the_rest(p, os_, radius, limit):
    criteria = Criteria(today=TODAY, radius_miles=radius)
    fitting, not_fitting = opportunities_for(p, os_, criteria, DISTANCES)
    page_fitting, page_not_fitting, count = opportunities_for_page(p, os_, criteria, DISTANCES, not_fitting_limit=limit)
    assert [m.opportunity for m in page_fitting] == [m.opportunity for m in fitting]
    assert [m.opportunity for m in page_not_fitting] == [m.opportunity for m in not_fitting[:limit]]
    assert count == len(not_fitting)
