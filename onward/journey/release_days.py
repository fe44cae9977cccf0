"""When a person actually walks out of the gate (release-day.md).

Rule 1 is the statutory discharge day (Criminal Justice Act 1961, s.23(3)).
Rule 2 is the day-of-release presumption (Offenders (Day of Release from
Detention) Act 2023). Plain values in, plain values out: no database, no
clock, so every worked example and property runs in microseconds.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from onward.journey.calendar import (
    SATURDAY,
    SUNDAY,
    is_bank_holiday,
    is_christmas_day,
    is_eligible_working_day,
    is_good_friday,
)

SHORT_TERM_DAYS = 5
MINIMUM_DAYS_SERVED = 28


class ReleaseType:
    STANDARD = "standard"
    HDC = "hdc"
    PAROLE = "parole"


@dataclass(frozen=True)
class ReleaseDay:
    release_date: date
    discharge_date: date
    statutory_date: date
    steps: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def moved(self):
        return self.discharge_date != self.release_date

    @property
    def explanation(self):
        """One sentence a work coach can read aloud."""
        released = _("Released %(day)s") % {"day": long_date(self.discharge_date)}
        if not self.moved:
            text = _("%(released)s: the release date is the discharge day") % {"released": released}
        else:
            due = _("due %(day)s") % {"day": long_date(self.release_date, year=False)}
            text = "; ".join([f"{released}: {due}", *self.steps])
        if self.notes:
            text = f"{text} ({'; '.join(self.notes)})"
        return text


def long_date(day, year=True):
    return date_format(day, "l j F Y" if year else "l j F")


def _not_a_discharge_day(day, saturday_too):
    """Rule 1's days: Sunday, Christmas Day, Good Friday, a bank holiday, or a
    Saturday when the term is more than five days (`saturday_too`)."""
    if day.weekday() == SUNDAY or is_christmas_day(day) or is_good_friday(day) or is_bank_holiday(day):
        return True
    return day.weekday() == SATURDAY and saturday_too


def statutory_discharge_day(release_date: date, custodial_term_days: int) -> date:
    """Rule 1 alone: the nearest day on or before the release date that is a discharge day."""
    # The term only decides whether a Saturday counts, so the answer is remembered by that alone.
    return _statutory_discharge_day(release_date, custodial_term_days > SHORT_TERM_DAYS)


@lru_cache(maxsize=1 << 16)
def _statutory_discharge_day(release_date, saturday_too):
    day = release_date
    while _not_a_discharge_day(day, saturday_too):
        day -= timedelta(days=1)
    return day


@lru_cache(maxsize=1 << 16)
def previous_eligible_working_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_eligible_working_day(day):
        day -= timedelta(days=1)
    return day


def rule_2_exclusion(*, statutory_date, sentence_date, release_type, indeterminate_sentence):
    """Why the day-of-release presumption does not apply, or None when it does."""
    if release_type == ReleaseType.HDC:
        return _("home detention curfew releases are excluded from the Day of Release Act 2023")
    if release_type == ReleaseType.PAROLE:
        return _("Parole Board discretionary releases are excluded from the Day of Release Act 2023")
    if indeterminate_sentence:
        return _("indeterminate sentences are excluded from the Day of Release Act 2023")
    if sentence_date is None or (statutory_date - sentence_date).days < MINIMUM_DAYS_SERVED:
        return _("fewer than 28 days from sentence to release, so the Day of Release Act 2023 does not apply")
    return None


def _why_not_a_discharge_day(day):
    if is_christmas_day(day):
        return _("Christmas Day")
    if is_good_friday(day):
        return _("Good Friday")
    if is_bank_holiday(day):
        return _("bank holiday")
    return _("weekend")


def _why_not_eligible(day):
    if day.weekday() == SATURDAY:
        return _("Saturday release")
    if day.weekday() == SATURDAY - 1:
        return _("Friday release")
    return _("release before a bank holiday")


def discharge_day(
    *,
    release_date: date,
    custodial_term_days: int,
    sentence_date: date | None,
    release_type: str = ReleaseType.STANDARD,
    indeterminate_sentence: bool = False,
    extra_day_requested: bool = False,
) -> ReleaseDay:
    """The expected day of release after both rules, and why."""
    steps, notes = [], []
    statutory = statutory_discharge_day(release_date, custodial_term_days)
    # Steps follow "due <day>;" mid-sentence, so reasons keep their own case:
    # str.capitalize() would also lower-case "Good Friday" and "Christmas Day".
    if statutory != release_date:
        steps.append(
            _("%(reason)s discharge brought forward (CJA 1961 s.23)")
            % {"reason": _why_not_a_discharge_day(release_date)}
        )
    discharge = statutory
    if not is_eligible_working_day(statutory):
        exclusion = rule_2_exclusion(
            statutory_date=statutory,
            sentence_date=sentence_date,
            release_type=release_type,
            indeterminate_sentence=indeterminate_sentence,
        )
        if exclusion:
            notes.append(exclusion)
            # The request is recorded on the case, so say why it was not applied.
            if extra_day_requested:
                notes.append(
                    _(
                        "probation's request for a further day changes nothing: the Day of Release Act 2023 does not apply"
                    )
                )
        else:
            discharge = previous_eligible_working_day(statutory)
            steps.append(
                _("%(reason)s brought forward (Day of Release Act 2023)") % {"reason": _why_not_eligible(statutory)}
            )
            if extra_day_requested:
                discharge = previous_eligible_working_day(discharge)
                steps.append(_("one further day at probation's request (Day of Release Act 2023)"))
    elif extra_day_requested:
        notes.append(_("probation's request for a further day changes nothing: the release day was not moved"))
    if statutory.weekday() == SATURDAY and custodial_term_days <= SHORT_TERM_DAYS:
        notes.insert(0, _("a term of 5 days or less may end on a Saturday"))
    return ReleaseDay(
        release_date=release_date,
        discharge_date=discharge,
        statutory_date=statutory,
        steps=steps,
        notes=notes,
    )


def discharge_explanation(case):
    """Why a case has the discharge date it has, in words a work coach can read (any object with a case's
    date fields will do: no database)."""
    if case.actual_discharge_date:
        return _("Released %(day)s (the actual discharge date recorded by the prison)") % {
            "day": long_date(case.actual_discharge_date)
        }
    if getattr(case, "confirmed_discharge_date", None):
        return _("Leaves %(day)s: the prison's confirmed release date, which the release-day rules do not move") % {
            "day": long_date(case.confirmed_discharge_date)
        }
    if not (case.release_date and case.custodial_term_days):
        return _("No release date yet: the person is on remand or the sentence is not recorded")
    return discharge_day(
        release_date=case.release_date,
        custodial_term_days=case.custodial_term_days,
        sentence_date=case.sentence_date,
        release_type=case.release_type,
        indeterminate_sentence=case.indeterminate_sentence,
        extra_day_requested=case.extra_day_requested,
    ).explanation
