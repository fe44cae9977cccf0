"""Where an agreement version stands on a day, and when to warn about its end.

Pure functions over plain values: a version's recorded status and dates, the
dates later versions take effect, and the day asked about. No database, no
clock. Each answer carries the sentence that explains it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from onward.partnerships.constants import EXPIRY_WARNING_DAYS, AgreementStatus


def _day(value):
    return date_format(value, "j F Y")


@dataclass(frozen=True)
class VersionDates:
    """What the status of one version depends on."""

    recorded_status: str
    effective_from: date | None
    ends_on: date | None = None
    # The day the next non-draft version took (or takes) effect, if any.
    superseded_from: date | None = None


@dataclass(frozen=True)
class StatusAnswer:
    status: str
    why: str

    @property
    def label(self):
        return AgreementStatus(self.status).label


def version_status(version, *, on):
    """The status of a version on a day, with the reason ("why am I seeing this?")."""
    if version.recorded_status == AgreementStatus.DRAFT or version.effective_from is None:
        return StatusAnswer(AgreementStatus.DRAFT, _("Not signed yet, so it is not in force."))
    if version.superseded_from is not None and version.superseded_from <= on:
        return StatusAnswer(
            AgreementStatus.SUPERSEDED,
            _("A later version took effect on %(day)s.") % {"day": _day(version.superseded_from)},
        )
    if version.ends_on is not None and version.ends_on < on:
        return StatusAnswer(AgreementStatus.EXPIRED, _("It ended on %(day)s.") % {"day": _day(version.ends_on)})
    if version.effective_from > on:
        return StatusAnswer(
            AgreementStatus.SIGNED,
            _("Signed; it takes effect on %(day)s.") % {"day": _day(version.effective_from)},
        )
    if version.recorded_status == AgreementStatus.UNDER_REVIEW:
        return StatusAnswer(
            AgreementStatus.UNDER_REVIEW,
            _("In force since %(day)s, and being reviewed.") % {"day": _day(version.effective_from)},
        )
    return StatusAnswer(AgreementStatus.IN_FORCE, _("In force since %(day)s.") % {"day": _day(version.effective_from)})


def in_force(version, *, on):
    return version_status(version, on=on).status in (AgreementStatus.IN_FORCE, AgreementStatus.UNDER_REVIEW)


@dataclass(frozen=True)
class Warning:
    kind: str  # "ends" or "review"
    on: date
    days: int
    text: str


def expiry_warning(*, ends_on, today, has_successor=False, warn_days=EXPIRY_WARNING_DAYS, what=None):
    """A warning when an agreement ends within `warn_days` (or has ended) with nothing decided after it.

    `what` names the agreement in the sentence ("The National Partnership Agreement").
    """
    if ends_on is None or has_successor or ends_on - today > timedelta(days=warn_days):
        return None
    days = (ends_on - today).days
    if days < 0:
        text = _(
            "%(what)s ended on %(day)s and nothing has been recorded after it. Record whether it was rolled "
            "over or replaced."
        ) % {"what": what or _("This agreement"), "day": _day(ends_on)}
    else:
        text = _(
            "%(what)s ends on %(day)s, in %(days)s days. Record whether it will be rolled over or replaced by "
            "a successor."
        ) % {"what": what or _("This agreement"), "day": _day(ends_on), "days": days}
    return Warning("ends", ends_on, days, text)


def review_warning(*, review_on, today, warn_days=EXPIRY_WARNING_DAYS):
    """A reminder when a local agreement's review date is near or past."""
    if review_on is None or review_on - today > timedelta(days=warn_days):
        return None
    days = (review_on - today).days
    if days < 0:
        text = _("The review due on %(day)s is overdue.") % {"day": _day(review_on)}
    else:
        text = _("The agreement is due for review on %(day)s, in %(days)s days.") % {
            "day": _day(review_on),
            "days": days,
        }
    return Warning("review", review_on, days, text)
