"""What the journey does when other facts change (see onward/events.py): it replans.

The plans are the one derivation every worklist, calendar, digest and measure
reads; each subscriber rebuilds the plans of the cases the fact touched.
"""

from datetime import date

from django.utils.translation import gettext as _

from onward.cases.models import Case
from onward.estate.models import Organisation
from onward.events import CaseChanged, CaseDischarged, CaseOpened, CaseTransferred, RecordChanged
from onward.journey.services import timeline_note, touchpoints_replan, touchpoints_replan_all


def _why(event):
    if isinstance(event, CaseOpened):
        return _("case opened")
    if isinstance(event, CaseChanged):
        return event.why or _("the case changed")
    if isinstance(event, CaseTransferred):
        prison = Organisation.objects.filter(pk=event.to_prison_id).first()
        return _("transfer to %(to)s") % {"to": prison.name if prison else event.to_prison_id}
    if isinstance(event, CaseDischarged):
        return _("released")
    if isinstance(event, RecordChanged):
        return _("a record changed: %(record)s") % {"record": event.record.replace("_", " ")}
    return type(event).__name__


def replan_case(event):
    case = Case.objects.filter(pk=event.case_id).first()
    if case is not None:
        touchpoints_replan(actor=event.actor, case=case, reason=_why(event), today=event.today)


def replan_recall(event):
    for case in Case.objects.filter(pk__in=(event.case_id, event.recall_case_id)):
        touchpoints_replan(actor=event.actor, case=case, reason=_("recall"), today=event.today)


def replan_prison(event):
    touchpoints_replan_all(prison_id=event.prison_id, today=event.today)


# The case's timeline says what happened to it, in words, whoever made it happen.


def note_transfer(event):
    prisons = Organisation.objects.in_bulk([event.from_prison_id, event.to_prison_id])
    timeline_note(
        case=Case.objects.get(pk=event.case_id),
        happened_on=event.on,
        kind="transfer",
        title=_("Transferred from %(from)s to %(to)s")
        % {"from": prisons[event.from_prison_id].code, "to": prisons[event.to_prison_id].name},
        actor=event.actor,
    )


def note_discharge(event):
    timeline_note(
        case=Case.objects.get(pk=event.case_id),
        happened_on=event.on,
        kind="discharge",
        title=_("Released"),
        actor=event.actor,
    )


def note_recall(event):
    timeline_note(
        case=Case.objects.get(pk=event.case_id),
        happened_on=event.on,
        kind="recall",
        title=_("Recalled to custody"),
        actor=event.actor,
    )


def note_merge(event):
    for case in Case.objects.filter(pk__in=event.case_ids):
        timeline_note(
            case=case,
            happened_on=event.today or date.today(),
            kind="merge",
            title=_("Prison number %(removed)s merged into %(kept)s")
            % {"removed": event.removed_prison_number, "kept": event.kept_prison_number},
            actor=event.actor,
        )
