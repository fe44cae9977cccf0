"""Writing the journey: recording touchpoints, undoing them, and keeping the plans.

What workers record against a touchpoint is kept here (TouchpointRecord).
Where a touchpoint's duty is a record another domain keeps (an ID
application, a claim, a handover...), recording the touchpoint writes that
record through its keeper (journey/evidence.py) and the status follows from
it. The plans are derived: rebuilt after each change is announced
(onward/events.py), and nightly as the calendar turns.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onward import events
from onward.accounts.models import User
from onward.audit import services as audit
from onward.cases.constants import CaseStatus
from onward.cases.models import Case
from onward.cases.selectors import FOLLOW_RELEASES_FOR
from onward.concurrency import Conflict
from onward.journey import evidence, selectors
from onward.journey.constants import EmploymentOutcome, NotDoneReason, Outcome, PreReleaseChecklist
from onward.journey.models import DigestSent, LocalTiming, PlannedTouchpoint, TimelineEntry, TouchpointRecord
from onward.journey.tasks import send_worklist_digest
from onward.journey.touchpoints import AGREEMENTS

EMPLOYMENT_CHECKS = {"employment-check-6-weeks", "employment-check-6-months"}
# Items of the 12-week interview that are facts kept elsewhere: shown from their records, never ticked twice.
INTERVIEW_ITEMS_KEPT_ELSEWHERE = {
    PreReleaseChecklist.CLAIM_PREPARED: gettext_lazy("the Universal Credit record's claim preparation"),
    PreReleaseChecklist.APPOINTMENT_BOOKED: gettext_lazy("the jobcentre appointment"),
}


def _short(day):
    return date_format(day, "j F Y")


def is_live(case, today):
    """Worklists cover people in custody and those released until their 6-month check is due."""
    if case.status == CaseStatus.IN_CUSTODY:
        return True
    return (
        case.status == CaseStatus.RELEASED
        and case.discharge_date
        and case.discharge_date >= today - FOLLOW_RELEASES_FOR
    )


def timeline_note(*, case, happened_on, kind, title, actor=None, description=""):
    """Put something that happened on the case's timeline (called inside the caller's transaction)."""
    return TimelineEntry.objects.create(
        case=case,
        happened_on=happened_on,
        kind=kind,
        title=title,
        description=description,
        actor_name=getattr(actor, "display_name", "") or "",
    )


PLAN_FIELDS = ("stage", "owner_role", "opens_on", "due_on", "outcome", "done_on", "closes_on", "live", "agreement")


def plan_values(touchpoint, *, live):
    """The stored plan of one evaluated touchpoint."""
    recorded = touchpoint.recorded
    return {
        "stage": touchpoint.stage,
        "owner_role": touchpoint.owner_role,
        "opens_on": touchpoint.opens_on,
        "due_on": touchpoint.due_on,
        "outcome": recorded.outcome if recorded else "",
        "done_on": recorded.on if recorded else None,
        "closes_on": touchpoint.closes_on,
        "live": live,
        "agreement": touchpoint.agreement.code,
    }


def touchpoints_replan(*, actor, case, reason, today=None):
    """Rebuild a case's plan from the case, its records and what workers recorded; say on the timeline what
    moved and why. Returns the touchpoints."""
    today = today or date.today()
    # No savepoint of its own: every caller lets a failure end its whole transaction (a subscriber's, the
    # nightly run's, a local agreement's), so one would only add two round trips to every replan.
    with transaction.atomic(savepoint=False):
        before = {plan.code: plan for plan in PlannedTouchpoint.objects.select_for_update().filter(case=case)}
        touchpoints = selectors.case_touchpoints(case, as_of=today)
        live = bool(is_live(case, today))
        wanted = {t.code: t for t in touchpoints}
        gone = [plan.pk for code, plan in before.items() if code not in wanted]
        if gone:
            PlannedTouchpoint.objects.filter(pk__in=gone).delete()
        moved, new, changed, changed_fields = [], [], [], set()
        for code, t in wanted.items():
            values = plan_values(t, live=live)
            old = before.get(code)
            if old is None:
                new.append(PlannedTouchpoint(case=case, code=code, **values))
                if before and live and not values["outcome"]:
                    moved.append(_("%(title)s now applies, due %(due)s") % {"title": t.title, "due": _short(t.due_on)})
                continue
            fields = [name for name, value in values.items() if getattr(old, name) != value]
            if fields:
                if old.due_on != t.due_on and not values["outcome"] and live:
                    moved.append(
                        _("%(title)s moved from %(old)s to %(new)s")
                        % {"title": t.title, "old": _short(old.due_on), "new": _short(t.due_on)}
                    )
                for name in fields:
                    setattr(old, name, values[name])
                changed.append(old)
                changed_fields.update(fields)
        # One INSERT for the new plans and one UPDATE for those that moved, of the fields that moved: a plan
        # that did not move is not written.
        if new:
            PlannedTouchpoint.objects.bulk_create(new)
        if changed:
            PlannedTouchpoint.objects.bulk_update(changed, [name for name in PLAN_FIELDS if name in changed_fields])
        for code in set(before) - set(wanted):
            if not before[code].outcome and live:
                moved.append(_("%(code)s no longer applies") % {"code": code})
        if moved:
            timeline_note(
                case=case,
                happened_on=today,
                kind="replanned",
                title=_("Touchpoints replanned: %(reason)s") % {"reason": reason},
                description="; ".join(moved),
                actor=actor,
            )
    return touchpoints


def _check_record(*, actor, case, touchpoint, outcome, completed_on, reason, checklist, details, today):
    errors = {}
    if touchpoint is None:
        raise ValidationError({"code": [_("This touchpoint does not apply to this case")]})
    if actor.role != touchpoint.owner_role:
        raise PermissionDenied(_("Only the %(owner)s records this touchpoint") % {"owner": touchpoint.owner_role})
    if touchpoint.recorded is not None:
        errors["outcome"] = [_("This touchpoint is already recorded: undo it first to change it")]
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose done, not applicable or declined")]
    if completed_on is None:
        errors["completed_on"] = [_("Enter the date")]
    elif completed_on > today:
        errors["completed_on"] = [_("The date must be today or in the past")]
    elif completed_on < case.reception_date:
        errors["completed_on"] = [_("The date must be on or after the reception date")]
    if outcome in (Outcome.NOT_APPLICABLE, Outcome.DECLINED) and reason not in NotDoneReason.values:
        errors["reason"] = [_("Choose a reason")]
    if unknown := set(checklist) - set(PreReleaseChecklist.values):
        errors["checklist"] = [_("Unknown checklist items: %(items)s") % {"items": ", ".join(sorted(unknown))}]
    elif kept := [item for item in checklist if item in INTERVIEW_ITEMS_KEPT_ELSEWHERE]:
        errors["checklist"] = [
            _("%(item)s is not ticked here: it comes from %(record)s")
            % {"item": PreReleaseChecklist(item).label, "record": INTERVIEW_ITEMS_KEPT_ELSEWHERE[item]}
            for item in kept
        ]
    if outcome == Outcome.DONE and touchpoint.code == "pre-release-support" and not checklist:
        errors.setdefault("checklist", [_("Tick what was covered in the interview")])
    if (
        outcome == Outcome.DONE
        and touchpoint.code in EMPLOYMENT_CHECKS
        and details.get("employment_outcome") not in EmploymentOutcome.values
    ):
        errors["employment_outcome"] = [_("Choose what the person is doing now")]
    if errors:
        raise ValidationError(errors)


def touchpoint_record(
    *,
    actor,
    case,
    code,
    outcome,
    completed_on,
    reason="",
    notes="",
    checklist=(),
    details=None,
    today=None,
):
    """Record a touchpoint as done (with its outcome), not applicable, or declined.

    Where the touchpoint's duty is a record, "done" writes that record through
    its keeper (or is refused with the record to complete instead): the
    touchpoint is done because the record says so, never because of a tick
    here. "Not applicable" and "declined" are the worker's own word, kept here.
    """
    today = today or date.today()
    details = dict(details or {})
    checklist = list(checklist)
    notes = (notes or "").strip()
    with transaction.atomic():
        touchpoint = selectors.case_touchpoint(case, code, as_of=today)
        _check_record(
            actor=actor,
            case=case,
            touchpoint=touchpoint,
            outcome=outcome,
            completed_on=completed_on,
            reason=reason,
            checklist=checklist,
            details=details,
            today=today,
        )
        if outcome == Outcome.DONE and touchpoint.rule.is_a_record:
            record = evidence.keeper_of(code).fulfil(
                actor=actor, case=case, code=code, completed_on=completed_on, details=details, today=today
            )
            timeline_note(
                case=case,
                happened_on=completed_on,
                kind="touchpoint",
                title=_("%(title)s: done") % {"title": touchpoint.title},
                description=notes[:500],
                actor=actor,
            )
            return record
        stored_details = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in details.items()}
        try:
            with transaction.atomic():
                record = TouchpointRecord.objects.create(
                    case=case,
                    code=code,
                    outcome=outcome,
                    completed_on=completed_on,
                    recorded_by=actor if isinstance(actor, User) else None,
                    recorded_by_name=actor.display_name,
                    reason=reason if outcome != Outcome.DONE else "",
                    checklist=checklist,
                    details=stored_details,
                    notes=notes,
                )
        except IntegrityError as error:
            # Two requests recorded this touchpoint at once; the other's record stands.
            raise Conflict(
                _("Someone else recorded %(title)s at the same moment: theirs stands. Undo it to record yours")
                % {"title": touchpoint.title},
                field="code",
            ) from error
        timeline_note(
            case=case,
            happened_on=completed_on,
            kind="touchpoint",
            title=_("%(title)s: %(outcome)s") % {"title": touchpoint.title, "outcome": Outcome(outcome).label.lower()},
            description=notes[:500],
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="touchpoint.record",
            subject=case,
            changes={
                "code": code,
                "outcome": outcome,
                "completed_on": completed_on.isoformat(),
                "reason": reason,
                "checklist": checklist,
                "details": stored_details,
            },
        )
        _announce_recorded(actor, case, code, today)
    return record


def _announce_recorded(actor, case, code, today):
    """The plan follows once this commits, as it does every other record."""
    events.announce(
        events.RecordChanged(case_id=case.pk, record="touchpoint_record", touchpoints=(code,), actor=actor, today=today)
    )


def touchpoint_undo(*, actor, case, code, today=None):
    """Take back a worker's record made in error; it stays in history, marked undone.

    A touchpoint done because its record says so is changed on that record, not here.
    """
    today = today or date.today()
    with transaction.atomic():
        record = (
            TouchpointRecord.objects.select_for_update().filter(case=case, code=code, undone_at__isnull=True).first()
        )
        touchpoint = selectors.case_touchpoint(case, code, as_of=today)
        if record is None:
            if touchpoint is not None and touchpoint.evidence is not None:
                raise ValidationError(
                    {"code": [_("This comes from its record: change %(record)s") % {"record": touchpoint.rule.record}]}
                )
            raise ValidationError({"code": [_("There is nothing recorded to undo")]})
        if touchpoint is not None and actor.role != touchpoint.owner_role:
            raise PermissionDenied(_("Only the %(owner)s can undo this") % {"owner": touchpoint.owner_role})
        record.undone_at = timezone.now()
        record.undone_by = actor if isinstance(actor, User) else None
        record.save(update_fields=["undone_at", "undone_by"])
        timeline_note(
            case=case,
            happened_on=today,
            kind="undo",
            title=_("Record undone: %(code)s") % {"code": code},
            actor=actor,
        )
        audit.record(actor=actor, action="touchpoint.undo", subject=case, changes={"code": code, "record": record.pk})
        _announce_recorded(actor, case, code, today)
    return record


def live_cases(today):
    return Case.objects.filter(status=CaseStatus.IN_CUSTODY) | Case.objects.filter(
        status=CaseStatus.RELEASED, discharge_date__gte=today - FOLLOW_RELEASES_FOR
    )


def touchpoints_replan_all(*, today=None, prison_id=None, batch_size=500, progress=None, history=False):
    """Replan every live case, or one prison's (idempotent; run nightly so plans follow the calendar and
    agreements). Plans of cases that have left the follow-up window stop being live work. With `history`,
    every case is replanned, so measures have a plan for each release however old."""
    today = today or date.today()
    cases = Case.objects.all() if history else live_cases(today)
    retired = 0
    if prison_id is None:
        retired = (
            PlannedTouchpoint.objects.filter(live=True)
            .exclude(case__in=live_cases(today).values("pk"))
            .update(live=False)
        )
    else:
        cases = cases.filter(prison_id=prison_id)
    ids = list(cases.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        for case in Case.objects.filter(pk__in=ids[start : start + batch_size]):
            touchpoints_replan(actor=None, case=case, reason=_("nightly replan"), today=today)
        if progress:
            progress(min(start + batch_size, len(ids)), len(ids))
    return len(ids), retired


def worklist_digests_send(*, today=None):
    """Queue today's digest for everyone with work overdue or due this week; once a day each (idempotent)."""
    today = today or date.today()
    queued = 0
    users = User.objects.filter(is_active=True, role__in=selectors.WORKLIST_ROLES).exclude(email="")
    for user in users.select_related("organisation"):
        counts = selectors.worklist_counts(user=user, today=today)
        if not (counts["overdue"] or counts["due-soon"]):
            continue
        with transaction.atomic():
            _row, created = DigestSent.objects.get_or_create(user=user, sent_on=today)
            if created:
                transaction.on_commit(lambda user_id=user.pk: send_worklist_digest.enqueue(user_id, today.isoformat()))
                queued += 1
    return queued


def local_timings_set(*, actor, prison, timings, reason):
    """Make a prison's own touchpoint timings exactly `timings`, then replan its cases.

    `timings` is an iterable of mappings with code, which ("opens", "due", or
    "accept_by" for a receiver's deadline), anchor ("R" or "D"), and months,
    weeks, working_days. Only timings the national agreement leaves open may be
    set (a Rule's When with fixed=False);
    an empty iterable returns the prison to the national defaults. Called by
    the partnerships services when a local agreement's service levels come
    into force.
    """
    rows, errors = [], []
    for timing in timings:
        code, which, anchor = timing.get("code"), timing.get("which"), timing.get("anchor")
        rules = [agreement.rule(code) for agreement in AGREEMENTS if agreement.rule(code) is not None]
        if (
            not rules
            or which not in LocalTiming.Which.values
            or anchor not in LocalTiming.Anchor.values
            or any(getattr(rule, which, None) is None for rule in rules)
        ):
            errors.append(_("%(code)s %(which)s is not a touchpoint timing") % {"code": code, "which": which})
            continue
        if any(getattr(rule, which).fixed for rule in rules):
            errors.append(
                _("The national agreement fixes when %(code)s %(which)s: a local agreement cannot change it")
                % {"code": code, "which": which}
            )
            continue
        rows.append(
            LocalTiming(
                prison=prison,
                code=code,
                which=which,
                anchor=anchor,
                months=int(timing.get("months") or 0),
                weeks=int(timing.get("weeks") or 0),
                working_days=int(timing.get("working_days") or 0),
            )
        )
    if errors:
        raise ValidationError({"timings": errors})
    if len({(row.code, row.which) for row in rows}) != len(rows):
        raise ValidationError({"timings": [_("Each touchpoint timing may be set once")]})
    with transaction.atomic():
        before = sorted(
            LocalTiming.objects.filter(prison=prison).values_list(
                "code", "which", "anchor", "months", "weeks", "working_days"
            )
        )
        LocalTiming.objects.filter(prison=prison).delete()
        LocalTiming.objects.bulk_create(rows)
        after = sorted((r.code, r.which, r.anchor, r.months, r.weeks, r.working_days) for r in rows)
        audit.record(
            actor=actor,
            action="journey.local_timings_set",
            subject=prison,
            changes={"reason": reason, "before": [list(t) for t in before], "after": [list(t) for t in after]},
        )
        replanned = touchpoints_replan_all(prison_id=prison.pk)[0] if before != after else 0
    return replanned
