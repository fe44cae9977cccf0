"""The records behind touchpoints, and the domains that keep them.

Where a touchpoint's duty is a record (an ID application, a bank account, a
Universal Credit claim, an appointment, a handover, an employment check), its
status comes from that record: one fact, recorded once, shown the same
everywhere (touchpoints.md). The journey does not keep those records; the
domain whose work they are does, and says what they mean for touchpoints
through a module of its own with:

- `CODES`: the touchpoints its records stand behind;
- `for_cases(cases) -> {case_id: CaseEvidence}`: what its records say, for many cases at once;
- `fulfil(*, actor, case, code, completed_on, details, today)`: write the record when someone records the
  touchpoint itself, or raise ValidationError naming the record to complete instead.

They are named here by dotted path, not imported: those domains build on the
journey (they read its rules and dates), so the journey must not import them.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import import_module

from django.core.exceptions import ImproperlyConfigured, ValidationError

from onward.journey.touchpoints import RECORD_CODES

KEEPERS = (
    "onward.readiness.evidence",
    "onward.handover.evidence",
    "onward.employment.evidence",
)


@dataclass(frozen=True)
class CaseEvidence:
    """What the records say about one case: done touchpoints by code, and the facts rules read from records."""

    done: dict = field(default_factory=dict)
    # Whether the person asked for an advance with their claim: None until asked.
    advance_requested: bool | None = None
    # The jobcentre appointment in force, when it is on or after the discharge date.
    appointment_on: date | None = None

    def merged(self, other):
        return CaseEvidence(
            done={**self.done, **other.done},
            advance_requested=other.advance_requested
            if other.advance_requested is not None
            else self.advance_requested,
            appointment_on=other.appointment_on or self.appointment_on,
        )


NOTHING = CaseEvidence()


@cache
def keepers():
    modules = [import_module(path) for path in KEEPERS]
    claimed = [code for module in modules for code in module.CODES]
    if sorted(claimed) != sorted(RECORD_CODES):
        raise ImproperlyConfigured(
            f"Each touchpoint whose duty is a record needs exactly one keeper: {sorted(claimed)} "
            f"against {sorted(RECORD_CODES)}"
        )
    return modules


def keeper_of(code):
    """The module of the domain that keeps the record behind `code` (None for a touchpoint with no record)."""
    return next((module for module in keepers() if code in module.CODES), None)


def for_cases(cases):
    """{case_id: CaseEvidence} for `cases` (already fetched), a few queries per keeper whatever their number."""
    cases = list(cases)
    found = {case.pk: NOTHING for case in cases}
    if not cases:
        return found
    for module in keepers():
        for case_id, evidence in module.for_cases(cases).items():
            found[case_id] = found[case_id].merged(evidence)
    return found


def for_case(case):
    return for_cases([case])[case.pk]


def in_touchpoint_words(error, names):
    """A record's ValidationError with its fields named as the touchpoint's form and API name them."""
    if not hasattr(error, "message_dict"):
        return error
    renamed = {}
    for name, messages in error.message_dict.items():
        renamed.setdefault(names.get(name, name), []).extend(messages)
    return ValidationError(renamed)
