"""Issue 12: no count from 1 to 4 can be worked out by setting published measures side by side.

Raw counts for a quarter's three months, several prisons in jobcentre districts
and probation regions, and a cohort flag go through the functions every measures
page, export and meeting pack uses (`_published`, then `_rollup` per
organisation). Then two attackers:

- the obvious one subtracts: a quarter less its months, the nation less its
  prisons, a district less its parts, a total less a cohort;
- the exact one is told every published part of every month (more than any
  page shows) and works out the least and the most each count could be.

A count from 1 to 4 is "worked out" when the least and the most agree.
"""

from itertools import product
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from onward.estate.constants import OrganisationKind
from onward.insights import selectors
from onward.tests.test_disclosure import feasible_range

MONTHS = ("2026-01", "2026-02", "2026-03")
PRISONS = (101, 102, 103, 104, 105)
DISTRICTS = (None, 201, 202)
REGIONS = (None, 301)
COUNTER = selectors.AT["employed_6w"]


def _key(month, prison, district, region, female):
    return (month, prison, district, region, female, False, False, False)


def _organisations(prisons):
    return (
        [("nation", None)]
        + [(f"prison {pk}", SimpleNamespace(kind=OrganisationKind.PRISON, pk=pk)) for pk in prisons]
        + [
            (f"district {pk}", SimpleNamespace(kind=OrganisationKind.JOBCENTRE_DISTRICT, pk=pk))
            for pk in DISTRICTS
            if pk
        ]
        + [(f"region {pk}", SimpleNamespace(kind=OrganisationKind.PROBATION_REGION, pk=pk)) for pk in REGIONS if pk]
    )


counts = st.one_of(st.integers(0, 5), st.integers(0, 25))
groups = st.dictionaries(
    st.tuples(
        st.sampled_from(MONTHS),
        st.sampled_from(PRISONS),
        st.sampled_from(DISTRICTS),
        st.sampled_from(REGIONS),
        st.booleans(),
    ),
    counts,
    min_size=1,
    max_size=40,
)


def _tallies(raw):
    tallies = {}
    for (month, prison, district, region, female), count in raw.items():
        counters = [0] * len(selectors.COUNTERS)
        counters[COUNTER] = count
        tallies[_key(month, prison, district, region, female)] = counters
    return tallies


def _shown(published, months, organisation):
    """What the pages show for one organisation over `months`: everyone, women, everyone else."""
    chosen = {key: counts for key, counts in published.items() if key[0] in months}
    total, cohorts = selectors._rollup(chosen, organisation)
    name = selectors.COUNTERS[COUNTER]
    return total[name], cohorts["female"][name], total[name] - cohorts["female"][name]


def _targets(tallies, organisations):
    """Every count a page shows, as the groups it adds up: per month and per quarter, for each organisation,
    everyone, women and everyone else; and each group on its own."""
    for (label, organisation), months in product(organisations, [(month,) for month in MONTHS] + [MONTHS]):
        member = selectors._members(organisation)
        inside = {key for key in tallies if key[0] in months and member(key)}
        women = {key for key in inside if key[4]}
        yield (label, months, "everyone"), inside
        yield (label, months, "women"), women
        yield (label, months, "everyone else"), inside - women
    for key in tallies:
        yield ("group", key, ""), {key}


def _exact_range(published, keys):
    """The least and most the groups `keys` could add up to, month by month (each month is its own run)."""
    least = most = 0
    for month in MONTHS:
        order = sorted((key for key in published if key[0] == month), key=selectors._group_order)
        if not order:
            continue
        members = {index for index, key in enumerate(order) if key in keys}
        if not members:
            continue
        low, high = feasible_range([published[key][COUNTER] for key in order], members)
        least, most = least + low, most + high
    return least, most


@settings(max_examples=150, deadline=None)
@given(groups)
def test_no_count_from_1_to_4_can_be_worked_out_across_months_prisons_districts_cohorts_and_the_nation(raw):
    tallies = _tallies(raw)
    published = selectors._published(tallies)
    prisons = sorted({key[1] for key in tallies})
    organisations = _organisations(prisons)

    # Every published count is a multiple of 5.
    assert all(counts[COUNTER] % 5 == 0 for counts in published.values())

    # The obvious attacks give back only other published figures.
    for _label, organisation in organisations:
        quarter = _shown(published, MONTHS, organisation)
        months = [_shown(published, (month,), organisation) for month in MONTHS]
        for part in range(3):
            assert quarter[part] == sum(month[part] for month in months)  # quarter less its months
        for figures in [quarter, *months]:
            assert figures[0] == figures[1] + figures[2]  # everyone less women is everyone else
    for months in [(month,) for month in MONTHS] + [MONTHS]:
        nation = _shown(published, months, None)[0]
        # The nation less its prisons is nothing at all.
        assert nation == sum(
            _shown(published, months, organisation)[0]
            for label, organisation in organisations[1:]
            if label.startswith("prison")
        )

    # The exact attacker: every count from 1 to 4 still has more than one possible value.
    for name, keys in _targets(tallies, organisations):
        true = sum(tallies[key][COUNTER] for key in keys)
        least, most = _exact_range(published, keys)
        assert least <= true <= most, name
        if 1 <= true <= 4:
            assert least < most, (name, true)
