"""Ready on day one at a glance: pure functions over plain values (no database, no clock).

What counts as ID that shows right to work, and when ID, a bank account, a
National Insurance number and accommodation are due for a discharge date.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onward.journey.calendar import add_working_days
from onward.journey.release_days import long_date
from onward.readiness.constants import (
    ACCOMMODATED,
    ID_AND_BANKING_WEEKS_BEFORE_DISCHARGE,
    ID_LEAD_WEEKS_BEFORE_BANK,
    DocumentType,
    ReadinessState,
)

# Shows right to work on its own.
RIGHT_TO_WORK_ON_ITS_OWN = frozenset({DocumentType.BIOMETRIC_RESIDENCE_PERMIT})
# Shows right to work with an official document giving the NI number alongside.
RIGHT_TO_WORK_WITH_NI_EVIDENCE = frozenset({DocumentType.BIRTH_CERTIFICATE, DocumentType.ADOPTION_CERTIFICATE})

RIGHT_TO_WORK_RULE = gettext_lazy(
    "ID shows right to work when the person holds a biometric residence permit, or a birth or adoption "
    "certificate together with an official document giving their National Insurance number (a National "
    "Insurance number letter, or the number received from DWP). A driving licence does not show right to "
    "work on its own."
)


def shows_right_to_work(held_documents, *, ni_number_evidence=False):
    """Whether the documents held (accepted and received) show right to work.

    A simplification of GOV.UK's right-to-work checks for UK nationals: a
    biometric residence permit on its own; a UK birth or adoption certificate
    together with an official document that gives the National Insurance
    number (a National Insurance number letter held, or `ni_number_evidence`:
    the number received from DWP). Other documents, such as a driving
    licence, prove identity but not right to work.
    """
    held = set(held_documents)
    if held & RIGHT_TO_WORK_ON_ITS_OWN:
        return True
    has_ni_evidence = ni_number_evidence or DocumentType.NI_NUMBER_LETTER in held
    return bool(held & RIGHT_TO_WORK_WITH_NI_EVIDENCE) and has_ni_evidence


@dataclass(frozen=True)
class ReadinessFacts:
    """What the summary needs to know about one case, as plain values."""

    discharge_date: date | None
    has_right_to_work_id: bool = False
    has_bank_account: bool = False
    has_ni_number: bool = False
    id_applications_pending: int = 0
    bank_applications_pending: int = 0
    ni_number_applied: bool = False
    accommodation: str = ""
    release_area: str = ""
    appointment_booked: bool = False
    claim_prepared: bool = False
    # None until the person has been asked; then whether they want an advance.
    advance_requested: bool | None = None


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    state: str
    detail: str
    due_on: date | None = None


@dataclass(frozen=True)
class Summary:
    items: tuple
    # Universal Credit and the jobcentre: counted at a glance beside the day-one items.
    claim_items: tuple = field(default_factory=tuple)
    critical_path: tuple = field(default_factory=tuple)
    id_due_on: date | None = None
    bank_due_on: date | None = None

    @property
    def all_items(self):
        return self.items + self.claim_items

    @property
    def in_place(self):
        return [item for item in self.all_items if item.state == ReadinessState.IN_PLACE]

    @property
    def missing(self):
        return [item for item in self.all_items if item.state == ReadinessState.MISSING]

    @property
    def late(self):
        return [item for item in self.all_items if item.state == ReadinessState.LATE]


def bank_due_on(discharge_date):
    """When a bank account (and the NI number) should be in place: id-and-banking's due date, D - 12 weeks."""
    if discharge_date is None:
        return None
    return discharge_date - timedelta(weeks=ID_AND_BANKING_WEEKS_BEFORE_DISCHARGE)


def id_due_on(discharge_date):
    """When ID should be held: 4 weeks before the bank account is due, so the bank application can follow."""
    due = bank_due_on(discharge_date)
    return due - timedelta(weeks=ID_LEAD_WEEKS_BEFORE_BANK) if due else None


def _state(in_place, due, today):
    if in_place:
        return ReadinessState.IN_PLACE
    if due is not None and today > due:
        return ReadinessState.LATE
    return ReadinessState.MISSING


def _pending(count, one, many):
    if not count:
        return ""
    return one if count == 1 else many % {"count": count}


def summarise(facts, *, today):
    """What is in place, missing and late for this case on `today`, and the critical path in plain words."""
    id_due = id_due_on(facts.discharge_date)
    bank_due = bank_due_on(facts.discharge_date)
    accommodated = facts.accommodation in ACCOMMODATED
    # jobcentre-appointment is due the working day before discharge (touchpoints.md).
    appointment_due = add_working_days(facts.discharge_date, -1) if facts.discharge_date else None

    def detail(in_place, due, *, done, pending=""):
        if in_place:
            return done
        parts = [pending] if pending else []
        if due is not None:
            parts.append(_("due by %(day)s") % {"day": long_date(due)})
        return "; ".join(parts) or _("Not started")

    items = (
        Item(
            "id",
            _("ID that shows right to work"),
            _state(facts.has_right_to_work_id, id_due, today),
            detail(
                facts.has_right_to_work_id,
                id_due,
                done=_("Held"),
                pending=_pending(
                    facts.id_applications_pending,
                    _("1 application pending"),
                    _("%(count)s applications pending"),
                ),
            ),
            id_due,
        ),
        Item(
            "bank",
            _("Bank account"),
            _state(facts.has_bank_account, bank_due, today),
            detail(
                facts.has_bank_account,
                bank_due,
                done=_("Account opened"),
                pending=_pending(
                    facts.bank_applications_pending,
                    _("1 application pending"),
                    _("%(count)s applications pending"),
                ),
            ),
            bank_due,
        ),
        Item(
            "ni",
            _("National Insurance number"),
            _state(facts.has_ni_number, bank_due, today),
            detail(
                facts.has_ni_number,
                bank_due,
                done=_("Known"),
                pending=_("Applied for") if facts.ni_number_applied else "",
            ),
            bank_due,
        ),
        Item(
            "accommodation",
            _("Accommodation on release"),
            _state(accommodated and bool(facts.release_area), bank_due, today),
            detail(
                accommodated and bool(facts.release_area),
                bank_due,
                done=_("Release area %(area)s") % {"area": facts.release_area},
                pending=_("Release area %(area)s") % {"area": facts.release_area} if facts.release_area else "",
            ),
            bank_due,
        ),
    )
    claim_items = (
        Item(
            "claim-prepared",
            _("Universal Credit claim prepared"),
            _state(facts.claim_prepared, bank_due, today),
            detail(facts.claim_prepared, bank_due, done=_("Ready to claim")),
            bank_due,
        ),
        Item(
            "advance",
            _("Advance payment asked about"),
            _state(facts.advance_requested is not None, facts.discharge_date, today),
            detail(
                facts.advance_requested is not None,
                facts.discharge_date,
                done=_("Advance requested") if facts.advance_requested else _("No advance wanted"),
            ),
            facts.discharge_date,
        ),
        Item(
            "appointment",
            _("Jobcentre appointment"),
            _state(facts.appointment_booked, appointment_due, today),
            detail(facts.appointment_booked, appointment_due, done=_("Booked")),
            appointment_due,
        ),
    )
    return Summary(
        items=items,
        claim_items=claim_items,
        critical_path=tuple(critical_path(facts, today=today)),
        id_due_on=id_due,
        bank_due_on=bank_due,
    )


def critical_path(facts, *, today):
    """The next things that hold up day one, in plain words, most urgent first."""
    if facts.discharge_date is None:
        lines = [
            _(
                "No discharge date yet (on remand): nothing is late, and ID, a bank account and a National Insurance number can be started now."
            )
        ]
        if not facts.has_right_to_work_id and not facts.has_bank_account:
            lines.append(_("Bank account needs ID first: apply for ID before the bank account."))
        return lines
    id_due = id_due_on(facts.discharge_date)
    bank_due = bank_due_on(facts.discharge_date)

    def by(due):
        if today > due:
            return _("was due by %(day)s and is late") % {"day": long_date(due)}
        return _("due by %(day)s") % {"day": long_date(due)}

    lines = []
    if not facts.has_bank_account:
        if facts.has_right_to_work_id:
            lines.append(_("Bank account %(by)s") % {"by": by(bank_due)})
        else:
            lines.append(_("Bank account needs ID first: ID %(by)s") % {"by": by(id_due)})
    elif not facts.has_right_to_work_id:
        lines.append(_("ID that shows right to work %(by)s") % {"by": by(id_due)})
    if not facts.has_ni_number:
        lines.append(_("National Insurance number %(by)s") % {"by": by(bank_due)})
    if not (facts.accommodation in ACCOMMODATED and facts.release_area):
        lines.append(_("Accommodation and release area %(by)s") % {"by": by(bank_due)})
    if not lines:
        lines.append(_("ID, bank account, National Insurance number and accommodation are in place."))
    return lines
