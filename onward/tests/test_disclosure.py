"""The one method of disclosure control (docs/adr/0016), and a proof by attack that it holds.

The attacker here is as strong as it gets: it is told every published part of
a rounded run (so every rounded running total), knows the method, and works
out the least and the most that any count or sum of counts could be. A count
from 1 to 4 is "worked out" when the least and the most are the same.
"""

from itertools import accumulate

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onward.disclosure import BASE, Figure, figure, figures_along, rate, rounded, rounded_along, sum_of


@pytest.mark.parametrize(
    ("count", "published"), [(0, 0), (1, 0), (2, 0), (3, 5), (4, 5), (7, 5), (8, 10), (1234, 1235)]
)
def test_a_count_on_its_own_is_rounded_to_the_nearest_5(count, published):
    assert rounded(count) == published


@pytest.mark.parametrize(("count", "shown"), [(0, "fewer than 5"), (2, "fewer than 5"), (4, "5"), (1234, "1,235")])
def test_a_published_zero_reads_fewer_than_5(count, shown):
    assert str(figure(count)) == shown


def test_organisations_are_counted_exactly():
    assert str(figure(3, disclosive=False)) == "3"


def test_a_raw_count_cannot_be_published_by_mistake():
    with pytest.raises(ValueError):
        Figure(3)
    with pytest.raises(ValueError):
        rounded_along([2, -1])


def test_parts_rounded_along_add_up_to_the_rounded_whole():
    parts = rounded_along([3, 1, 1, 0, 6, 2])
    assert parts == [5, 0, 0, 0, 5, 5]
    assert sum(parts) == rounded(13)
    assert sum_of(figures_along([3, 1, 1, 0, 6, 2])) == Figure(15)


def test_a_rate_comes_from_the_rounded_counts_and_needs_some_of_each():
    assert rate(Figure(10), Figure(20)) == 0.5
    assert rate(Figure(0), Figure(20)) is None
    assert rate(Figure(10), Figure(0)) is None
    assert rate(Figure(15), Figure(10)) == 1.0


@given(st.lists(st.integers(min_value=0, max_value=40), max_size=30))
def test_every_running_total_is_within_2_and_no_part_is_1_to_4(counts):
    parts = rounded_along(counts)
    for published, true in zip(accumulate(parts), accumulate(counts), strict=True):
        assert abs(published - true) <= 2
    for part, count in zip(parts, counts, strict=True):
        assert part % BASE == 0 and part >= 0
        assert abs(part - count) <= 4
        if count == 0:
            assert part == 0


# --- the attacker ------------------------------------------------------------------------------


def feasible_range(published_parts, members):
    """The least and the most that the sum of the parts at `members` could be, given every published part.

    The published parts give every rounded running total R(C_i), so C_i lies in
    [R - 2, R + 2] (not below 0), and the running totals never go down. The sum
    of the members is the sum of their steps C_i - C_(i-1). Exact, by dynamic
    programming over the running total's possible values.
    """
    states = {0: (0, 0)}
    for index, published in enumerate(accumulate(published_parts)):
        low, high = max(0, published - BASE // 2), published + BASE // 2
        following = {}
        for total in range(low, high + 1):
            options = [
                (
                    least + (total - before if index in members else 0),
                    most + (total - before if index in members else 0),
                )
                for before, (least, most) in states.items()
                if before <= total
            ]
            if options:
                following[total] = (min(o[0] for o in options), max(o[1] for o in options))
        states = following
    return min(s[0] for s in states.values()), max(s[1] for s in states.values())


def test_the_attacker_reads_the_bands_of_the_running_totals():
    assert feasible_range([0], {0}) == (0, 2)
    assert feasible_range([5, 5], {0, 1}) == (8, 12)
    # A part whose running total stays in one band: from nothing up to the band's width.
    assert feasible_range([5, 0], {1}) == (0, 4)


def test_the_attacker_finds_what_independent_rounding_gives_away():
    """Why totals are sums of parts: two months of 4 each read "fewer than 5" (0 to 4) when their quarter
    of 8, rounded on its own, reads 10 (8 to 12); only 4 and 4 fit."""
    candidates = [(a, b) for a in range(5) for b in range(5) if 8 <= a + b <= 12]
    assert candidates == [(4, 4)]
    # Along a fixed order, the same three figures cannot say that.
    parts = rounded_along([4, 4])
    assert feasible_range(parts, {0}) != (4, 4)


@given(st.lists(st.one_of(st.integers(0, 5), st.integers(0, 30)), min_size=1, max_size=12), st.data())
def test_no_count_from_1_to_4_can_be_worked_out_from_parts_rounded_along(counts, data):
    parts = rounded_along(counts)
    members = data.draw(st.sets(st.integers(0, len(counts) - 1), min_size=1))
    true = sum(counts[i] for i in members)
    least, most = feasible_range(parts, members)
    assert least <= true <= most
    if 1 <= true <= 4:
        assert least < most
    assert most - least >= 2


def joint_range(numerators, denominators, members, of):
    """Like `feasible_range` for a rate's two counts rounded along the same order, where the attacker also
    knows each part's numerator is at most its denominator. `of` picks the sum asked about: the numerators,
    the denominators, or the difference ("not achieved")."""
    states = {(0, 0): (0, 0)}
    for index, (top, bottom) in enumerate(zip(accumulate(numerators), accumulate(denominators), strict=True)):
        following = {}
        for high in range(max(0, top - 2), top + 3):
            for low in range(max(0, bottom - 2), bottom + 3):
                options = []
                for (high_before, low_before), (least, most) in states.items():
                    achieved, out_of = high - high_before, low - low_before
                    if achieved < 0 or out_of < achieved:
                        continue
                    step = {"numerator": achieved, "denominator": out_of, "not achieved": out_of - achieved}[of]
                    step = step if index in members else 0
                    options.append((least + step, most + step))
                if options:
                    following[(high, low)] = (min(o[0] for o in options), max(o[1] for o in options))
        states = following
    return min(s[0] for s in states.values()), max(s[1] for s in states.values())


small = st.one_of(st.integers(0, 5), st.integers(0, 12))


@given(st.lists(st.tuples(small, small), min_size=1, max_size=5), st.data())
def test_a_rates_two_counts_together_give_away_neither_nor_their_difference(parts, data):
    achieved = [part[0] for part in parts]
    out_of = [part[0] + part[1] for part in parts]
    numerators, denominators = rounded_along(achieved), rounded_along(out_of)
    members = data.draw(st.sets(st.integers(0, len(parts) - 1), min_size=1))
    for of, counts in (("numerator", achieved), ("denominator", out_of), ("not achieved", [p[1] for p in parts])):
        true = sum(counts[i] for i in members)
        least, most = joint_range(numerators, denominators, members, of)
        assert least <= true <= most
        if 1 <= true <= 4:
            assert least < most, (of, true)
