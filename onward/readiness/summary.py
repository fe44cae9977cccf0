"""Ready on day one at a glance: pure functions over plain values (no database, no clock).

What counts as ID that shows right to work, and the readiness summary. The
summary keeps no dates of its own: each item stands for a touchpoint of the
journey (touchpoints.md), is due when that touchpoint is due (catch-up rule
and local timings included), and takes its status from that touchpoint's.
The records add only the detail ("1 application pending") and whether work
is under way.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onward.journey.constants import TouchpointStatus
from onward.journey.release_days import long_date
from onward.readiness.constants import ACCOMMODATED, DocumentType, ReadinessState

# --- right to work -------------------------------------------------------------------

# Shows right to work on its own.
RIGHT_TO_WORK_ON_ITS_OWN = frozenset({DocumentType.UK_PASSPORT, DocumentType.EVISA_SHARE_CODE})
# Shows right to work with an official document giving the National Insurance number alongside.
RIGHT_TO_WORK_WITH_NI_EVIDENCE = frozenset({DocumentType.BIRTH_CERTIFICATE, DocumentType.ADOPTION_CERTIFICATE})

RIGHT_TO_WORK_RULE = gettext_lazy(
    "ID shows right to work when the person holds a UK passport (current or expired), an eVisa share code from "
    "the Home Office, or a UK birth or adoption certificate together with an official document giving their "
    "National Insurance number (a National Insurance number letter, or the number received from DWP). A "
    "driving licence proves identity but not right to work, and a biometric residence permit no longer does: "
    "since the end of 2024 the Home Office shows a migrant's right to work online, through an eVisa. Source: "
    "Home Office, Right to work checks: an employer's guide (GOV.UK), list A."
)


def right_to_work_held_on(held, *, ni_evidence_on=None):
    """The first day the documents held show right to work, or None.

    `held` is (document type, date received) for each document accepted and
    received; `ni_evidence_on` is the day DWP's letter or number arrived, when
    it did. A UK passport or an eVisa share code shows right to work on its
    own; a UK birth or adoption certificate does once an official document
    gives the National Insurance number too.
    """
    alone = [on for kind, on in held if kind in RIGHT_TO_WORK_ON_ITS_OWN]
    certificates = [on for kind, on in held if kind in RIGHT_TO_WORK_WITH_NI_EVIDENCE]
    letters = [on for kind, on in held if kind == DocumentType.NI_NUMBER_LETTER]
    if ni_evidence_on is not None:
        letters.append(ni_evidence_on)
    days = list(alone)
    if certificates and letters:
        days.append(max(min(certificates), min(letters)))
    return min(days) if days else None


def shows_right_to_work(held_documents, *, ni_number_evidence=False):
    """Whether the document types held show right to work (see right_to_work_held_on)."""
    someday = date(2000, 1, 1)
    return (
        right_to_work_held_on(
            [(kind, someday) for kind in held_documents], ni_evidence_on=someday if ni_number_evidence else None
        )
        is not None
    )


# --- the summary -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessFacts:
    """What the readiness records say beyond the touchpoints, as plain values: details and work under way."""

    sentenced: bool = True
    released_to_community: bool = True
    # What the person arrived with (the case's flags at reception).
    had_right_to_work_id: bool = False
    had_bank_account: bool = False
    had_ni_number: bool = False
    # What the records show in place now, for items whose touchpoint does not apply (on remand, say).
    in_place_now: frozenset = frozenset()
    id_applications_pending: int = 0
    bank_applications_pending: int = 0
    bank_name: str = ""
    ni_number_applied: bool = False
    accommodation: str = ""
    release_area: str = ""
    claim_preparation_ticked: int = 0
    claim_preparation_total: int = 0
    # None until the person has been asked; then whether they want an advance.
    advance_requested: bool | None = None
    appointment_on: date | None = None
    appointment_jobcentre: str = ""
    # A booked appointment the discharge day has moved past: it must be rebooked.
    appointment_overtaken: bool = False


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    state: str
    detail: str
    due_on: date | None = None
    # The touchpoint the item stands for; its due date and status are the item's.
    touchpoint: str | None = None


@dataclass(frozen=True)
class Summary:
    items: tuple
    critical_path: tuple = field(default_factory=tuple)

    @property
    def all_items(self):
        return self.items

    def item(self, key):
        return next(item for item in self.items if item.key == key)

    @property
    def in_place(self):
        return [item for item in self.items if item.state == ReadinessState.IN_PLACE]

    @property
    def missing(self):
        return [item for item in self.items if item.state == ReadinessState.MISSING]

    @property
    def late(self):
        return [item for item in self.items if item.state == ReadinessState.LATE]

    @property
    def to_do(self):
        """Items still to sort out, soonest due first."""
        waiting = (ReadinessState.MISSING, ReadinessState.IN_PROGRESS, ReadinessState.LATE)
        return sorted(
            (item for item in self.items if item.state in waiting),
            key=lambda item: (item.due_on is None, item.due_on or date.max),
        )


# Each item, the touchpoint it stands for, and its label.
ITEMS = (
    ("id", "id-documents", gettext_lazy("ID that shows right to work")),
    ("bank-account", "bank-account", gettext_lazy("Bank account")),
    ("ni-number", "ni-number", gettext_lazy("National Insurance number")),
    ("accommodation", None, gettext_lazy("Accommodation on release")),
    ("uc-claim", "uc-claim", gettext_lazy("Universal Credit claim")),
    ("advance", "advance-payment", gettext_lazy("Advance payment on the day")),
    ("jobcentre-appointment", "jobcentre-appointment", gettext_lazy("Jobcentre appointment")),
)
ITEM_TOUCHPOINTS = {key: code for key, code, _label in ITEMS if code}

# A touchpoint's status, as the readiness vocabulary says it.
STATE_FOR_STATUS = {
    TouchpointStatus.DONE: ReadinessState.IN_PLACE,
    TouchpointStatus.NOT_APPLICABLE: ReadinessState.NOT_NEEDED,
    TouchpointStatus.DECLINED: ReadinessState.NOT_NEEDED,
    TouchpointStatus.OVERDUE: ReadinessState.LATE,
    TouchpointStatus.MISSED: ReadinessState.LATE,
}


def state_for(status, *, under_way):
    """The item's state for its touchpoint's status; open or upcoming work is missing, or in progress once started."""
    if status in STATE_FOR_STATUS:
        return STATE_FOR_STATUS[status]
    return ReadinessState.IN_PROGRESS if under_way else ReadinessState.MISSING


def _pending(count, one, many):
    if not count:
        return ""
    return one if count == 1 else many % {"count": count}


def _under_way(key, facts):
    """Work started on an item that is not yet in place, in plain words ("" when none)."""
    if key == "id":
        return _pending(facts.id_applications_pending, _("1 application pending"), _("%(count)s applications pending"))
    if key == "bank-account":
        return _pending(
            facts.bank_applications_pending, _("1 application pending"), _("%(count)s applications pending")
        )
    if key == "ni-number":
        return _("Applied for") if facts.ni_number_applied else ""
    if key == "accommodation":
        return _("Release area %(area)s") % {"area": facts.release_area} if facts.release_area else ""
    if key == "uc-claim" and facts.claim_preparation_ticked:
        if facts.claim_preparation_ticked >= facts.claim_preparation_total:
            return _("Claim prepared: ready to claim")
        return _("Claim preparation: %(done)s of %(total)s ready") % {
            "done": facts.claim_preparation_ticked,
            "total": facts.claim_preparation_total,
        }
    if key == "advance" and facts.advance_requested:
        return _("Advance requested")
    if key == "jobcentre-appointment" and facts.appointment_overtaken:
        return _("The appointment on %(day)s is before the new release day: rebook it") % {
            "day": long_date(facts.appointment_on)
        }
    return ""


def _done_words(key, facts, touchpoint):
    said = touchpoint.evidence.what if touchpoint is not None and touchpoint.evidence else ""
    if said:
        return said
    return {
        "id": _("Held"),
        "bank-account": _("Account opened"),
        "ni-number": _("Known"),
        "accommodation": _("Release area %(area)s") % {"area": facts.release_area},
        "uc-claim": _("Claim made"),
        "advance": _("Advance paid"),
        "jobcentre-appointment": _("Booked"),
    }[key]


def _without_touchpoint(key, facts):
    """(state, detail) for an item whose touchpoint does not apply to this case."""
    if key == "accommodation":
        if facts.accommodation in ACCOMMODATED and facts.release_area:
            return ReadinessState.IN_PLACE, _done_words(key, facts, None)
        under_way = _under_way(key, facts)
        return (ReadinessState.IN_PROGRESS if under_way else ReadinessState.MISSING), under_way or _("Not recorded")
    arrived_with = {
        "id": (facts.had_right_to_work_id, _("Had ID that shows right to work at reception")),
        "bank-account": (facts.had_bank_account, _("Had a bank account at reception")),
        "ni-number": (facts.had_ni_number, _("Had a National Insurance number at reception")),
    }
    if key in arrived_with and arrived_with[key][0]:
        return ReadinessState.IN_PLACE, arrived_with[key][1]
    if ITEM_TOUCHPOINTS.get(key) in facts.in_place_now:
        return ReadinessState.IN_PLACE, _done_words(key, facts, None)
    if not facts.released_to_community:
        return ReadinessState.NOT_NEEDED, _("Not being released to the community")
    if key == "advance" and facts.advance_requested is False:
        return ReadinessState.NOT_NEEDED, _("No advance wanted")
    under_way = _under_way(key, facts)
    if not facts.sentenced:
        detail = under_way or _("No discharge date yet: it can be started now")
    elif key == "advance":
        detail = _("Ask whether they want an advance when the claim is made")
    else:
        detail = under_way or _("No date yet")
    return (ReadinessState.IN_PROGRESS if under_way else ReadinessState.MISSING), detail


def _with_touchpoint(key, facts, touchpoint):
    """(state, detail) from the touchpoint the item stands for."""
    under_way = _under_way(key, facts)
    state = state_for(touchpoint.status, under_way=bool(under_way))
    if state == ReadinessState.IN_PLACE:
        return state, _done_words(key, facts, touchpoint)
    if state == ReadinessState.NOT_NEEDED:
        if touchpoint.status == TouchpointStatus.DECLINED:
            return state, _("The person declined")
        return state, _("Not needed: recorded as not applicable")
    parts = [under_way] if under_way else []
    if touchpoint.status == TouchpointStatus.MISSED:
        parts.append(_("missed: not done before release on %(day)s") % {"day": long_date(touchpoint.closes_on)})
    elif touchpoint.status == TouchpointStatus.UPCOMING:
        parts.append(
            _("from %(opens)s, due by %(due)s")
            % {"opens": long_date(touchpoint.opens_on), "due": long_date(touchpoint.due_on)}
        )
    else:
        parts.append(_("due by %(day)s") % {"day": long_date(touchpoint.due_on)})
    return state, "; ".join(parts)


def summarise(facts, touchpoints, *, today):
    """What is in place, under way, missing and late for a case on `today`, and the critical path.

    `touchpoints` are the case's touchpoints evaluated on `today` (any iterable
    of journey Touchpoints): each item's status and due date are its
    touchpoint's, so the summary and the journey can never disagree.
    """
    by_code = {touchpoint.code: touchpoint for touchpoint in touchpoints}
    items = []
    for key, code, label in ITEMS:
        touchpoint = by_code.get(code) if code else None
        state, detail = _with_touchpoint(key, facts, touchpoint) if touchpoint else _without_touchpoint(key, facts)
        items.append(
            Item(
                key=key,
                label=str(label),
                state=state,
                detail=detail,
                due_on=touchpoint.due_on if touchpoint else None,
                touchpoint=code if touchpoint else None,
            )
        )
    summary = Summary(items=tuple(items))
    return Summary(items=summary.items, critical_path=tuple(critical_path(summary, facts, today=today)))


def critical_path(summary, facts, *, today):
    """The next things that hold up day one, in plain words, most urgent first."""
    lines = []
    if not facts.sentenced:
        lines.append(
            _(
                "No discharge date yet (on remand): nothing is late, and ID, a bank account and a National "
                "Insurance number can be started now."
            )
        )
    id_item, bank_item = summary.item("id"), summary.item("bank-account")
    waiting = (ReadinessState.MISSING, ReadinessState.IN_PROGRESS, ReadinessState.LATE)
    needs_id_first = bank_item.state in waiting and id_item.state in waiting
    for item in summary.to_do:
        if item.key == "bank-account" and needs_id_first:
            continue  # said with the ID, which has to come first
        lines.append(_line(item, today=today, then_bank=item.key == "id" and needs_id_first))
    if not lines:
        lines.append(_("Everything for day one is in place or not needed."))
    return lines


def _line(item, *, today, then_bank):
    label = _("Bank account needs ID first: ID") if then_bank else item.label
    if item.due_on is None:
        return _("%(item)s: %(detail)s") % {"item": label, "detail": item.detail}
    if item.state == ReadinessState.LATE:
        return _("%(item)s was due by %(day)s and is late") % {"item": label, "day": long_date(item.due_on)}
    return _("%(item)s due by %(day)s") % {"item": label, "day": long_date(item.due_on)}
