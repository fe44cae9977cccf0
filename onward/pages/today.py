"""Each role's "today": the work waiting on them, most urgent first, each count the length of the list it opens.

Composed here, on top of the domains: the worklist's touchpoints (journey), handovers and referrals to
accept or check (handover), appointments to rebook and bank applications with no reply (readiness). A
line shows only when there is something to act on, so every line on a home page can be acted on today.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from onward.accounts.constants import Role
from onward.handover import selectors as handover_selectors
from onward.journey import selectors as journey_selectors
from onward.readiness import selectors as readiness_selectors


@dataclass(frozen=True)
class Waiting:
    label: str
    count: int
    href: str
    # Past a deadline, or work the agreement says is late: do it first.
    urgent: bool = False
    hint: str = ""


def _worklist(user, today, counts):
    if user.role not in journey_selectors.WORKLIST_ROLES:
        return []
    counts = counts or journey_selectors.worklist_counts(user=user, today=today)
    href = reverse("journey:worklist")
    return [
        Waiting(_("Touchpoints overdue"), counts["overdue"], f"{href}?bucket=overdue", urgent=True),
        Waiting(_("Touchpoints due this week"), counts["due-soon"], f"{href}?bucket=due-soon"),
    ]


def _to_accept(user, today):
    if user.role == Role.JOBCENTRE_WORK_COACH:
        waiting = handover_selectors.handover_inbox(user, shows=handover_selectors.InboxShows.WAITING, today=today)
        label, href = _("Handovers waiting for you to accept"), reverse("handover:inbox")
    elif user.role in handover_selectors.REFERRAL_RECEIVER_ROLES.values():
        waiting = handover_selectors.referral_inbox(user, shows=handover_selectors.InboxShows.WAITING, today=today)
        label, href = _("Referrals waiting for you to accept"), reverse("handover:referral_inbox")
    else:
        return []
    count = waiting.count()
    late = waiting.filter(late=True).count()
    hint = ngettext("%(late)s is past its deadline", "%(late)s are past their deadline", late) % {"late": late}
    return [Waiting(label, count, f"{href}?shows=waiting", urgent=late > 0, hint=hint if late else "")]


def _to_check(user, today):
    return [
        Waiting(
            _("Handovers and referrals the case changed under"),
            handover_selectors.flagged_count(user, today=today),
            reverse("handover:needs_action"),
            urgent=True,
            hint=_("Check each is still right"),
        )
    ]


def _readiness(user, today):
    lines = []
    if user.role == Role.PRISON_WORK_COACH:
        lines.append(
            Waiting(
                _("Jobcentre appointments to rebook"),
                readiness_selectors.appointments_to_rebook(user, today=today).count(),
                reverse("readiness:to-rebook"),
                urgent=True,
                hint=_("The release moved past them"),
            )
        )
    if user.role == Role.ID_BANKING_ADMIN:
        waiting = readiness_selectors.bank_applications_waiting(user, today=today)
        chase = waiting.filter(chase=True).count()
        lines.append(
            Waiting(
                _("Bank applications with no reply"),
                waiting.count(),
                reverse("readiness:bank-waiting"),
                urgent=chase > 0,
                hint=ngettext("%(chase)s to chase", "%(chase)s to chase", chase) % {"chase": chase} if chase else "",
            )
        )
    return lines


def today_for(user, *, today, worklist_counts=None):
    """What is waiting on this user today, most urgent first; only lines with something in them."""
    lines = [
        *_to_accept(user, today),
        *_to_check(user, today),
        *_readiness(user, today),
        *_worklist(user, today, worklist_counts),
    ]
    lines = [line for line in lines if line.count]
    return sorted(lines, key=lambda line: not line.urgent)
