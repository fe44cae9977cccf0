"""Statistical disclosure control for anything shown as a total.

Counts from 1 to 4 could identify a person, so aggregate views show them as
suppressed (primary suppression). Zero is safe to show: it identifies nobody.

A suppressed count can still be worked out by subtraction when its total and
every other part beside it are shown, so tables also get secondary
suppression (`suppress_table`): wherever a line (a row or a column, with its
total) would leave one hidden cell, or hidden cells adding up to 1 to 4, the
next-smallest part is hidden too, until nothing hidden can be recovered from
what is shown. See docs/adr/0009-measures-suppression-and-roll-up.md.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

SMALLEST_SHOWN = 5


@dataclass(frozen=True)
class Figure:
    count: int
    # Hidden only so that another, small, count cannot be worked out by subtraction.
    hidden: bool = False
    # Counts of organisations, not people, identify nobody and are shown whatever their size.
    disclosive: bool = True

    @property
    def primary(self):
        return self.disclosive and 0 < self.count < SMALLEST_SHOWN

    @property
    def suppressed(self):
        return self.primary or self.hidden

    @property
    def shown(self):
        """The number to display, or None when suppressed."""
        return None if self.suppressed else self.count

    def __str__(self):
        if self.primary:
            return _("fewer than 5")
        if self.hidden:
            return _("not shown")
        return f"{self.count:,}"


def figure(count, *, disclosive=True):
    return Figure(int(count or 0), disclosive=disclosive)


def _small(total):
    return 0 < total < SMALLEST_SHOWN


def _line_needs_more(counts, hidden, total_index):
    """Whether the hidden cells of one line (parts plus its total) could be recovered by subtraction."""
    hidden_cells = [i for i in range(len(counts)) if hidden[i]]
    if not hidden_cells:
        return False
    if len(hidden_cells) == 1:
        return True
    if hidden[total_index]:
        return False
    return _small(sum(counts[i] for i in hidden_cells))


def _protect_line(counts, hidden, total_index):
    """Hide the smallest shown parts of one line until its hidden cells are safe; True if anything changed."""
    changed = False
    while _line_needs_more(counts, hidden, total_index):
        candidates = [i for i in range(len(counts)) if not hidden[i] and i != total_index]
        if not candidates:
            candidates = [total_index]
        # Prefer a part with people in it: hiding a zero protects nothing, since the rest still adds up.
        with_people = [i for i in candidates if counts[i] > 0]
        chosen = min(with_people or candidates, key=lambda i: (counts[i], i))
        hidden[chosen] = True
        changed = True
    return changed


def suppress_table(parts):
    """Primary and secondary suppression for a table of counts.

    `parts` is a list of rows of counts (at least one row and one column).
    Returns the table with margins as Figures: each row followed by its total,
    then a last row of column totals ending in the grand total. A single line
    (e.g. [achieved, not achieved]) is a one-row table. Pure: no database.
    """
    rows = [[int(count or 0) for count in row] for row in parts]
    if not rows or not rows[0] or any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("A table needs rows of equal, non-zero length")
    if any(count < 0 for row in rows for count in row):
        raise ValueError("Counts cannot be negative")
    grid = [[*row, sum(row)] for row in rows]
    grid.append([sum(column) for column in zip(*grid, strict=True)])
    height, width = len(grid), len(grid[0])
    hidden = [[_small(count) for count in row] for row in grid]

    changed = True
    while changed:
        changed = False
        for r in range(height):
            counts, flags = grid[r], hidden[r]
            if _protect_line(counts, flags, width - 1):
                changed = True
        for c in range(width):
            counts = [grid[r][c] for r in range(height)]
            flags = [hidden[r][c] for r in range(height)]
            if _protect_line(counts, flags, height - 1):
                changed = True
                for r in range(height):
                    hidden[r][c] = flags[r]
    return [
        [Figure(count, hidden=hidden[r][c] and not _small(count)) for c, count in enumerate(grid[r])]
        for r in range(height)
    ]


def suppress_line(parts):
    """One line of parts and its total: the parts as Figures, then the total."""
    return suppress_table([parts])[0]
