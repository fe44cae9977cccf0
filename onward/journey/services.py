"""Writing the journey: recording touchpoints, undoing them, and replanning.

Replanning is called by every service that changes a date a touchpoint hangs
off, inside that service's transaction, so the plan never disagrees with the
case. The plan is derived data; records are what people did.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from onward.audit import services as audit
from onward.cases.constants import CaseStatus
from onward.cases.selectors import FOLLOW_RELEASES_FOR
from onward.journey import selectors
from onward.journey.constants import EmploymentOutcome, NotDoneReason, Outcome, PreReleaseChecklist
from onward.journey.models import PlannedTouchpoint, TimelineEntry, TouchpointRecord

EMPLOYMENT_CHECKS = {"employment-check-6-weeks", "employment-check-6-months"}


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


def touchpoints_replan(*, actor, case, reason, today=None):
    """Rebuild a case's plan; say on the timeline what moved and why. Returns the touchpoints."""
    today = today or date.today()
    with transaction.atomic():
        before = {p.code: p for p in PlannedTouchpoint.objects.filter(case=case)}
        if not is_live(case, today):
            PlannedTouchpoint.objects.filter(case=case).delete()
            return []
        touchpoints = selectors.case_touchpoints(case, as_of=today)
        wanted = {t.code: t for t in touchpoints}
        PlannedTouchpoint.objects.filter(case=case).exclude(code__in=wanted).delete()
        moved = []
        for code, t in wanted.items():
            outcome = t.recorded.outcome if t.recorded else ""
            values = {
                "stage": t.stage,
                "owner_role": t.owner_role,
                "opens_on": t.opens_on,
                "due_on": t.due_on,
                "outcome": outcome,
                "agreement": t.agreement.code,
            }
            old = before.get(code)
            if old is None:
                PlannedTouchpoint.objects.create(case=case, code=code, **values)
                if before:
                    moved.append(_("%(title)s now applies, due %(due)s") % {"title": t.title, "due": _short(t.due_on)})
            elif any(getattr(old, name) != value for name, value in values.items()):
                if old.due_on != t.due_on and not outcome:
                    moved.append(
                        _("%(title)s moved from %(old)s to %(new)s")
                        % {"title": t.title, "old": _short(old.due_on), "new": _short(t.due_on)}
                    )
                for name, value in values.items():
                    setattr(old, name, value)
                old.save()
        for code in set(before) - set(wanted):
            if not before[code].outcome:
                moved.append(_("%(code)s no longer applies") % {"code": code})
        if moved:
            TimelineEntry.objects.create(
                case=case,
                happened_on=today,
                kind="replanned",
                title=_("Touchpoints replanned: %(reason)s") % {"reason": reason},
                description="; ".join(moved),
                actor_name=getattr(actor, "display_name", "") or "",
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
    if outcome == Outcome.DONE and touchpoint.code == "pre-release-support" and not checklist:
        errors["checklist"] = [_("Tick what was covered in the interview")]
    if outcome == Outcome.DONE and touchpoint.code == "jobcentre-appointment":
        booked = details.get("appointment_date")
        if not booked:
            errors["appointment_date"] = [_("Enter the date of the appointment")]
        elif case.discharge_date and booked < case.discharge_date:
            errors["appointment_date"] = [_("The appointment must be on or after the discharge date")]
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
    """Record a touchpoint as done (with its outcome), not applicable, or declined."""
    today = today or date.today()
    details = dict(details or {})
    checklist = list(checklist)
    with transaction.atomic():
        touchpoint = next((t for t in selectors.case_touchpoints(case, as_of=today) if t.code == code), None)
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
        stored_details = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in details.items()}
        record = TouchpointRecord.objects.create(
            case=case,
            code=code,
            outcome=outcome,
            completed_on=completed_on,
            recorded_by=actor,
            recorded_by_name=actor.display_name,
            reason=reason if outcome != Outcome.DONE else "",
            checklist=checklist,
            details=stored_details,
            notes=notes.strip(),
        )
        TimelineEntry.objects.create(
            case=case,
            happened_on=completed_on,
            kind="touchpoint",
            title=_("%(title)s: %(outcome)s") % {"title": touchpoint.title, "outcome": Outcome(outcome).label.lower()},
            description=notes.strip()[:500],
            actor_name=actor.display_name,
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
        if outcome == Outcome.DONE and code in EMPLOYMENT_CHECKS:
            # The employment check record is the one truth the Work pages and the measures count.
            from onward.employment.services import employment_check_from_touchpoint

            employment_check_from_touchpoint(
                actor=actor, case=case, code=code, details=details, completed_on=completed_on, today=today
            )
        touchpoints_replan(
            actor=actor, case=case, reason=_("%(title)s recorded") % {"title": touchpoint.title}, today=today
        )
    return record


def touchpoint_complete_if_open(*, actor, case, code, completed_on=None, details=None, today=None):
    """Record a touchpoint as done from another piece of work (a booking, a claim, a handover), but only
    when it applies, nobody has recorded it, and the actor is its owner; otherwise leave it be."""
    today = today or date.today()
    touchpoint = next((t for t in selectors.case_touchpoints(case, as_of=today) if t.code == code), None)
    if touchpoint is None or touchpoint.recorded is not None or actor.role != touchpoint.owner_role:
        return None
    return touchpoint_record(
        actor=actor,
        case=case,
        code=code,
        outcome=Outcome.DONE,
        completed_on=completed_on or today,
        details=details or {},
        today=today,
    )


def touchpoint_undo(*, actor, case, code, today=None):
    """Take back a record made in error; it stays in history, marked undone."""
    today = today or date.today()
    with transaction.atomic():
        record = (
            TouchpointRecord.objects.select_for_update().filter(case=case, code=code, undone_at__isnull=True).first()
        )
        if record is None:
            raise ValidationError({"code": [_("There is nothing recorded to undo")]})
        owner = next((t.owner_role for t in selectors.case_touchpoints(case, as_of=today) if t.code == code), None)
        if owner is not None and actor.role != owner:
            raise PermissionDenied(_("Only the %(owner)s can undo this") % {"owner": owner})
        record.undone_at = timezone.now()
        record.undone_by = actor
        record.save(update_fields=["undone_at", "undone_by"])
        TimelineEntry.objects.create(
            case=case,
            happened_on=today,
            kind="undo",
            title=_("Record undone: %(code)s") % {"code": code},
            actor_name=actor.display_name,
        )
        audit.record(actor=actor, action="touchpoint.undo", subject=case, changes={"code": code, "record": record.pk})
        touchpoints_replan(actor=actor, case=case, reason=_("a record was undone"), today=today)
    return record


def touchpoints_replan_all(*, today=None, prison_id=None, batch_size=500, progress=None):
    """Replan every live case, or one prison's (idempotent; run nightly so plans follow the calendar and agreements)."""
    from onward.cases.models import Case

    today = today or date.today()
    live = Case.objects.filter(status=CaseStatus.IN_CUSTODY) | Case.objects.filter(
        status=CaseStatus.RELEASED, discharge_date__gte=today - FOLLOW_RELEASES_FOR
    )
    removed = 0
    if prison_id is None:
        removed, _count = PlannedTouchpoint.objects.exclude(case__in=live.values("pk")).delete()
    else:
        live = live.filter(prison_id=prison_id)
    ids = list(live.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        for case in Case.objects.filter(pk__in=ids[start : start + batch_size]):
            touchpoints_replan(actor=None, case=case, reason=_("nightly replan"), today=today)
        if progress:
            progress(min(start + batch_size, len(ids)), len(ids))
    return len(ids), removed


def worklist_digests_send(*, today=None):
    """Queue today's digest for everyone with work overdue or due this week; once a day each (idempotent)."""
    from onward.accounts.models import User
    from onward.journey.models import DigestSent
    from onward.journey.tasks import send_worklist_digest

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

    `timings` is an iterable of mappings with code, which ("opens" or "due"),
    anchor ("R" or "D"), and months, weeks, working_days. Only timings the
    national agreement leaves open may be set (a Rule's When with fixed=False);
    an empty iterable returns the prison to the national defaults. Called by
    the partnerships services when a local agreement's service levels come
    into force.
    """
    from onward.journey.models import LocalTiming
    from onward.journey.touchpoints import AGREEMENTS

    rows, errors = [], []
    for timing in timings:
        code, which, anchor = timing.get("code"), timing.get("which"), timing.get("anchor")
        rules = [agreement.rule(code) for agreement in AGREEMENTS if agreement.rule(code) is not None]
        if not rules or which not in LocalTiming.Which.values or anchor not in LocalTiming.Anchor.values:
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
