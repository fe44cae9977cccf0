import pytest
from hypothesis import given
from hypothesis import strategies as st

from onward.disclosure import figure


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (1234, "1,234")]
)
def test_small_counts_are_suppressed_and_zero_is_not(count, shown):
    assert str(figure(count)) == shown


@given(st.integers(min_value=0, max_value=10**7))
def test_a_shown_figure_is_never_between_one_and_four(count):
    value = figure(count).shown
    assert value is None or value == 0 or value >= 5


from onward.disclosure import suppress_line, suppress_table  # noqa: E402


def _lines(table):
    """Every row and every column of a suppressed table, each ending with its total."""
    yield from table
    yield from (list(column) for column in zip(*table, strict=True))


def _recoverable(line):
    """Whether a hidden cell of a line can be worked out from the shown cells beside it."""
    hidden = [cell for cell in line if cell.suppressed]
    if len(hidden) == 1:
        return True
    total = line[-1]
    if hidden and not total.suppressed:
        hidden_sum = total.count - sum(cell.count for cell in line[:-1] if not cell.suppressed)
        return 0 < hidden_sum < 5
    return False


def test_a_single_small_part_takes_the_next_smallest_with_it():
    achieved, missed, total = suppress_line([3, 40])
    assert achieved.suppressed and str(achieved) == "fewer than 5"
    assert missed.suppressed and str(missed) == "not shown"
    assert total.shown == 43
    small, next_smallest, largest, _ = suppress_line([3, 40, 50])
    assert small.suppressed and next_smallest.suppressed and largest.shown == 50


def test_nothing_small_means_nothing_hidden():
    assert [cell.shown for cell in suppress_line([10, 0, 7])] == [10, 0, 7, 17]


def test_two_small_parts_adding_to_under_five_take_a_third():
    cells = suppress_line([1, 2, 30, 40])
    assert [cell.suppressed for cell in cells] == [True, True, True, False, False]


def test_a_small_total_hides_its_parts():
    cells = suppress_line([3, 0])
    assert cells[0].suppressed and cells[2].suppressed
    assert cells[1].shown == 0


def test_a_cohort_table_hides_the_complement():
    table = suppress_table([[3, 20], [40, 60]])
    assert table[0][0].suppressed and table[0][1].suppressed
    assert table[1][0].suppressed and table[1][1].suppressed
    assert table[2][2].shown == 123


@pytest.mark.parametrize("bad", [[], [[]], [[1, 2], [3]], [[-1, 5]]])
def test_nonsense_tables_are_refused(bad):
    with pytest.raises(ValueError):
        suppress_table(bad)


counts = st.one_of(st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=500))


@given(
    st.integers(min_value=1, max_value=4).flatmap(
        lambda width: st.lists(st.lists(counts, min_size=width, max_size=width), min_size=1, max_size=4)
    )
)
def test_no_hidden_cell_can_be_worked_out_from_its_row_or_column(parts):
    table = suppress_table(parts)
    for row, counts_row in zip(table, parts, strict=False):
        assert [cell.count for cell in row[:-1]] == counts_row
    for line in _lines(table):
        assert not _recoverable(line)
    for row in table:
        for cell in row:
            assert cell.shown is None or cell.shown == 0 or cell.shown >= 5
