"""Statistical disclosure control for anything shown as a total.

Counts from 1 to 4 could identify a person, so aggregate views show them as
suppressed. Zero is safe to show: it identifies nobody.
"""

from dataclasses import dataclass

SMALLEST_SHOWN = 5


@dataclass(frozen=True)
class Figure:
    count: int

    @property
    def suppressed(self):
        return 0 < self.count < SMALLEST_SHOWN

    @property
    def shown(self):
        """The number to display, or None when suppressed."""
        return None if self.suppressed else self.count

    def __str__(self):
        return "fewer than 5" if self.suppressed else f"{self.count:,}"


def figure(count):
    return Figure(int(count or 0))
