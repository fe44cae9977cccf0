"""Statistical disclosure control for every count of people that leaves the service as a total.

One method everywhere (docs/adr/0016-counts-rounded-along-a-fixed-order.md):
every published count is a multiple of 5, and every total is the sum of the
published counts of its parts, never a separately computed number.

- `rounded` gives the multiple of 5 nearest a count: 0 to 2 give 0, 3 to 7 give 5.
- A set of parts that totals are made of (the prisons of a month, say) is
  published with `rounded_along`: the parts are taken in a fixed order and
  each is published as the step between the rounded running totals before
  and after it. Every running total, and so the whole, is within 2 of the
  truth; any run of neighbouring parts within 4; no part is ever 1 to 4.
- Totals, quarters, "everyone else" and "not achieved" are sums or
  differences of published parts, so subtracting one published figure from
  another only ever gives back other published figures: a count of 1 to 4
  cannot be worked out, however the pages and exports are set side by side.

A published 0 means "fewer than 5" (0 to 4) and reads so; zero itself is not
told apart, since telling it apart would say that "fewer than 5" is at least 1.
Counts of organisations identify nobody and are shown exactly.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

BASE = 5


def rounded(count):
    """The multiple of BASE nearest a count of people (0, 1 and 2 give 0; 3 to 7 give 5)."""
    count = int(count or 0)
    if count < 0:
        raise ValueError("Counts cannot be negative")
    return BASE * ((count + BASE // 2) // BASE)


def rounded_along(counts):
    """Parts in a fixed order, each published as the step between the rounded running totals around it.

    The published parts add up to the rounded whole, and each is a multiple of BASE.
    Pure: no database. The order must not depend on the counts (sort by a key such as
    the prison's id), or the order itself would say something about them.
    """
    published, running, before = [], 0, 0
    for count in counts:
        count = int(count or 0)
        if count < 0:
            raise ValueError("Counts cannot be negative")
        running += count
        after = rounded(running)
        published.append(after - before)
        before = after
    return published


def rounded_vectors_along(vectors):
    """Like `rounded_along`, for parts that each carry several counts (one running total per position)."""
    published = []
    running = before = None
    half = BASE // 2
    for vector in vectors:
        if running is None:
            running = before = [0] * len(vector)
        running = [total + count for total, count in zip(running, vector, strict=True)]
        after = [BASE * ((total + half) // BASE) for total in running]
        published.append([a - b for a, b in zip(after, before, strict=True)])
        before = after
    if published and min(min(part) for part in published) < 0:
        raise ValueError("Counts cannot be negative")
    return published


@dataclass(frozen=True)
class Figure:
    """A published count: for people, a multiple of BASE that is never a raw number."""

    value: int
    # Counts of organisations, not people, identify nobody and are shown exactly.
    disclosive: bool = True

    def __post_init__(self):
        if self.disclosive and self.value % BASE:
            raise ValueError(f"A published count of people is a multiple of {BASE}")

    @property
    def suppressed(self):
        """Whether it reads "fewer than 5" (a published 0: from 0 to 4 people)."""
        return self.disclosive and self.value == 0

    @property
    def shown(self):
        """The number to display, or None when it reads "fewer than 5"."""
        return None if self.suppressed else self.value

    def __str__(self):
        if self.suppressed:
            return _("fewer than 5")
        return f"{self.value:,}"


def figure(count, *, disclosive=True):
    """One count on its own (not a part of a published total), rounded."""
    count = int(count or 0)
    return Figure(rounded(count) if disclosive else count, disclosive=disclosive)


def figures_along(counts):
    """Parts in a fixed order as Figures (see `rounded_along`); their total is `sum_of` them."""
    return [Figure(value) for value in rounded_along(counts)]


def sum_of(figures):
    """The published total of published parts."""
    return Figure(sum(item.value for item in figures))


def rate(numerator, denominator):
    """A rate from published counts (0 to 1), or None when there is too little to say one.

    Worked out from the rounded counts, never the raw ones, so it says nothing
    they do not; capped at 1 since both are rounded separately.
    """
    if denominator is None or denominator.value == 0 or numerator.suppressed:
        return None
    return min(numerator.value / denominator.value, 1.0)
