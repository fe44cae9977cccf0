"""The warm handover's closed loop, and referrals to probation and CRS: send, accept or reject,
complete or revoke; escalate a handover when late."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from onward import events
from onward.audit import services as audit
from onward.cases import services as case_services
from onward.cases.constants import CaseStatus
from onward.clock import moment
from onward.concurrency import check_version
from onward.estate import selectors as estate_selectors
from onward.estate.constants import OrganisationKind
from onward.handover import selectors
from onward.handover.constants import (
    OPEN_STATUSES,
    CrsService,
    FlagReason,
    HandoverStatus,
    ReferralKind,
    ReferralRejectReason,
    RejectReason,
)
from onward.handover.deadlines import referral_respond_by
from onward.handover.models import Escalation, Handover, Referral
from onward.handover.sharing import sharing_problem
from onward.handover.tasks import notify_handover, notify_referral
from onward.journey import selectors as journey_selectors
from onward.journey import services as journey
from onward.readiness import selectors as readiness_selectors

MAX_TEXT = 2000


def _notify(handover, event):
    # After commit: a rolled-back step must never have told anyone it happened.
    transaction.on_commit(lambda: notify_handover.enqueue(handover.pk, event))


def handover_send(*, actor, case, jobcentre, needs="", shared_notes="", person_agreed_to_share=False, today=None):
    """Send the handover pack to the jobcentre serving the release area; the jobcentre then sees the case."""
    today = today or date.today()
    if not selectors.is_sender(actor, case):
        raise PermissionDenied(_("Only a prison work coach in the person's prison sends a warm handover"))
    errors = {}
    if case.status != CaseStatus.IN_CUSTODY or not case.discharge_date:
        errors["case"] = [_("A handover needs a person in custody with a discharge date")]
    elif not case.released_to_community:
        errors["case"] = [_("This person is not being released to the community")]
    if jobcentre is None or jobcentre.kind != OrganisationKind.JOBCENTRE or not jobcentre.active:
        errors["jobcentre"] = [_("Choose a jobcentre")]
    elif not case.release_area:
        errors["jobcentre"] = [_("Record the release area first, so the right jobcentre receives the handover")]
    elif not estate_selectors.jobcentres_for_area(case.release_area).allows(jobcentre):
        errors["jobcentre"] = [
            _("%(jobcentre)s does not serve %(area)s: choose the jobcentre for the release area")
            % {"jobcentre": jobcentre.name, "area": case.release_area}
        ]
    _check_text(errors, needs=needs, shared_notes=shared_notes)
    _check_agreed(errors, shared_notes, person_agreed_to_share)
    if errors:
        raise ValidationError(errors)
    touchpoint = journey_selectors.case_touchpoint(case, "warm-handover", as_of=today)
    if touchpoint is None:
        raise ValidationError({"case": [_("A warm handover does not apply to this person")]})
    pack = handover_pack(case, needs=needs, shared_notes=shared_notes, today=today)
    with transaction.atomic():
        try:
            with transaction.atomic():
                handover = Handover.objects.create(
                    case=case,
                    jobcentre=jobcentre,
                    sent_at=moment(today),
                    pack=pack,
                    send_by=touchpoint.due_on,
                    accept_by=touchpoint.accept_by,
                    sent_by=actor,
                )
        except IntegrityError as error:
            raise ValidationError({"case": [_("This person already has an open handover: revoke it first")]}) from error
        case_services.case_hand_over(actor=actor, case=case, jobcentre=jobcentre)
        journey.timeline_note(
            case=case,
            happened_on=today,
            kind="handover",
            title=_("Warm handover sent to %(jobcentre)s") % {"jobcentre": jobcentre.name},
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="handover.send",
            subject=case,
            changes={"handover": handover.pk, "jobcentre": jobcentre.code},
        )
        _notify(handover, "received")
        _record_changed(actor, case, "warm-handover", today)
    return handover


def _record_changed(actor, case, code, today):
    events.announce(
        events.RecordChanged(case_id=case.pk, record="handover", touchpoints=(code,), actor=actor, today=today)
    )


def handover_pack(case, *, needs="", shared_notes="", today=None):
    """What the receiving jobcentre needs on day one: where the person stands, from the readiness summary."""
    summary = readiness_selectors.readiness_summary(case, today=today or date.today())
    appointment = readiness_selectors.jobcentre_appointment_get(case)
    return {
        "discharge_date": case.discharge_date.isoformat(),
        "release_area": case.release_area,
        "readiness": {item.key: {"status": item.state, "detail": item.detail} for item in summary.items},
        "appointment_date": appointment.appointment_on.isoformat() if appointment else None,
        "needs": needs.strip(),
        "shared_notes": shared_notes.strip(),
    }


def _step(record, *, allowed, actor, who, expected_version):
    """Lock a handover or referral for one step of its loop, after checking who may take it, that it is the
    version the caller saw, and that the step can be taken now. The caller saves the step."""
    model = type(record)
    related = ("case", "jobcentre") if model is Handover else ("case", "receiver")
    locked = model.objects.select_for_update().select_related(*related).get(pk=record.pk)
    if not who(actor, locked):
        raise PermissionDenied(_("You cannot do this to this %(what)s") % {"what": model._meta.verbose_name})
    check_version(locked.version, expected_version)
    if locked.status not in allowed:
        raise ValidationError(
            {
                "status": [
                    _("This %(what)s is %(status)s")
                    % {"what": model._meta.verbose_name, "status": locked.get_status_display().lower()}
                ]
            }
        )
    locked.version += 1
    return locked


def handover_accept(*, actor, handover, expected_version=None, today=None):
    today = today or date.today()
    with transaction.atomic():
        locked = _step(
            handover,
            allowed=(HandoverStatus.SENT,),
            actor=actor,
            who=selectors.is_receiver,
            expected_version=expected_version,
        )
        locked.status, locked.accepted_at, locked.accepted_by = HandoverStatus.ACCEPTED, moment(today), actor
        locked.save()
        late = today > locked.accept_by
        # A late acceptance answers the escalation it raised: it leaves the managers' open list.
        Escalation.objects.filter(handover=locked, resolved_at__isnull=True).update(
            resolved_at=locked.accepted_at, resolved_by=actor
        )
        journey.timeline_note(
            case=locked.case,
            happened_on=today,
            kind="handover",
            title=_("Handover accepted by %(jobcentre)s") % {"jobcentre": locked.jobcentre.name}
            + (_(" (late)") if late else ""),
            actor=actor,
        )
        audit.record(
            actor=actor, action="handover.accept", subject=locked.case, changes={"handover": locked.pk, "late": late}
        )
        _notify(locked, "accepted")
    return locked


def handover_reject(*, actor, handover, reason, details="", expected_version=None, today=None):
    today = today or date.today()
    errors = {}
    if reason not in RejectReason.values:
        errors["reason"] = [_("Choose why you cannot accept it")]
    if reason == RejectReason.OTHER and not details.strip():
        errors["details"] = [_("Say why you cannot accept it")]
    if len(details) > MAX_TEXT:
        errors["details"] = [_("Use %(max)s characters or fewer") % {"max": MAX_TEXT}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _step(
            handover,
            allowed=(HandoverStatus.SENT,),
            actor=actor,
            who=selectors.is_receiver,
            expected_version=expected_version,
        )
        locked.status, locked.rejected_at, locked.rejected_by = HandoverStatus.REJECTED, moment(today), actor
        locked.reject_reason, locked.reject_details = reason, details.strip()
        locked.save()
        case_services.case_hand_over(actor=actor, case=locked.case, jobcentre=None)
        _record_changed(actor, locked.case, "warm-handover", today)
        journey.timeline_note(
            case=locked.case,
            happened_on=today,
            kind="handover",
            title=_("Handover rejected: %(reason)s") % {"reason": RejectReason(reason).label},
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="handover.reject",
            subject=locked.case,
            changes={"handover": locked.pk, "reason": reason},
        )
        _notify(locked, "rejected")
    return locked


def handover_complete(*, actor, handover, attended, expected_version=None, today=None):
    """Close the loop: the first appointment was attended, or not."""
    today = today or date.today()
    with transaction.atomic():
        locked = _step(
            handover,
            allowed=(HandoverStatus.ACCEPTED,),
            actor=actor,
            who=selectors.is_receiver,
            expected_version=expected_version,
        )
        if locked.case.discharge_date and today < locked.case.discharge_date:
            raise ValidationError(
                {"attended": [_("The first appointment is after release: complete the handover then")]}
            )
        locked.status, locked.completed_at, locked.completed_by = HandoverStatus.COMPLETED, moment(today), actor
        locked.first_appointment_attended = bool(attended)
        locked.save()
        journey.timeline_note(
            case=locked.case,
            happened_on=today,
            kind="handover",
            title=_("First jobcentre appointment attended") if attended else _("First jobcentre appointment missed"),
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="handover.complete",
            subject=locked.case,
            changes={"handover": locked.pk, "attended": bool(attended)},
        )
        _record_changed(actor, locked.case, "first-jobcentre-attendance", today)
    return locked


def handover_revoke(*, actor, handover, reason, expected_version=None, today=None):
    today = today or date.today()
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the handover is revoked")]})
    with transaction.atomic():
        locked = _step(
            handover,
            allowed=OPEN_STATUSES,
            actor=actor,
            who=lambda user, h: selectors.is_sender(user, h.case),
            expected_version=expected_version,
        )
        locked.status, locked.revoked_at, locked.revoked_by = HandoverStatus.REVOKED, moment(today), actor
        locked.revoke_reason = reason.strip()[:MAX_TEXT]
        locked.save()
        case_services.case_hand_over(actor=actor, case=locked.case, jobcentre=None)
        _record_changed(actor, locked.case, "warm-handover", today)
        journey.timeline_note(
            case=locked.case,
            happened_on=today,
            kind="handover",
            title=_("Handover revoked"),
            description=locked.revoke_reason,
            actor=actor,
        )
        audit.record(actor=actor, action="handover.revoke", subject=locked.case, changes={"handover": locked.pk})
    return locked


def handovers_flag(*, case, reason):
    """The case changed under an open handover: flag it for action, never leave it silently wrong."""
    if reason not in FlagReason.values:
        raise ValueError(reason)
    now = timezone.now()
    flag = {"flagged_reason": reason, "flagged_at": now, "version": F("version") + 1}
    flagged = Handover.objects.filter(case=case, status__in=OPEN_STATUSES).update(**flag)
    return flagged + Referral.objects.filter(case=case, status__in=OPEN_STATUSES).update(**flag)


def handover_flag_check(*, actor, record, today=None):
    """One side checked a flagged handover or referral and found it still right: the flag goes, for both sides."""
    today = today or date.today()
    if not selectors.may_check_flag(actor, record):
        raise PermissionDenied(_("Only the prison that sent it, or whoever receives it, checks it"))
    with transaction.atomic():
        locked = type(record).objects.select_for_update().select_related("case").get(pk=record.pk)
        if not locked.flagged_reason:
            raise ValidationError({"flag": [_("Someone has already checked this")]})
        reason = locked.get_flagged_reason_display()
        locked.flagged_reason, locked.flagged_at = "", None
        locked.version += 1
        locked.save(update_fields=["flagged_reason", "flagged_at", "version"])
        journey.timeline_note(
            case=locked.case,
            happened_on=today,
            kind="handover",
            title=_("%(what)s checked after a change: %(reason)s") % {"what": locked.title, "reason": reason},
            actor=actor,
        )
        audit.record(
            actor=actor,
            action=f"{locked._meta.model_name}.flag_check",
            subject=locked.case,
            changes={locked._meta.model_name: locked.pk, "reason": reason},
        )
    return locked


def handovers_follow_discharge_day(*, case, today=None):
    """The discharge day moved: open handovers' accept-by and referrals' respond-by move with it, and both are
    flagged. A handover no longer late answers the escalation its old deadline raised."""
    today = today or date.today()
    handovers = list(Handover.objects.select_for_update().filter(case=case, status__in=OPEN_STATUSES))
    referrals = list(Referral.objects.select_for_update().filter(case=case, status__in=OPEN_STATUSES))
    if not (handovers or referrals):
        # Nothing open to move or flag (most cases): no need to evaluate the touchpoints.
        return 0
    # The deadline the handover follows is the warm-handover touchpoint's, evaluated only when one is open.
    touchpoint = journey_selectors.case_touchpoint(case, "warm-handover", as_of=today) if handovers else None
    moved = []
    for handover in handovers:
        if touchpoint is not None and touchpoint.accept_by and handover.accept_by != touchpoint.accept_by:
            moved.append(
                {
                    "handover": handover.pk,
                    "accept_by": [handover.accept_by.isoformat(), touchpoint.accept_by.isoformat()],
                }
            )
            handover.accept_by, handover.send_by = touchpoint.accept_by, touchpoint.due_on
            handover.version += 1
            handover.save(update_fields=["accept_by", "send_by", "version"])
            if handover.status == HandoverStatus.SENT and handover.accept_by >= today:
                Escalation.objects.filter(handover=handover, resolved_at__isnull=True).update(
                    resolved_at=timezone.now()
                )
    for referral in referrals:
        respond_by = referral_respond_by(
            sent_on=timezone.localdate(referral.sent_at), discharge_date=case.discharge_date
        )
        if respond_by != referral.respond_by:
            moved.append(
                {"referral": referral.pk, "respond_by": [referral.respond_by.isoformat(), respond_by.isoformat()]}
            )
            referral.respond_by = respond_by
            referral.version += 1
            referral.save(update_fields=["respond_by", "version"])
    flagged = handovers_flag(case=case, reason=FlagReason.RELEASE_MOVED)
    if moved:
        audit.record(actor=None, action="handover.follow_discharge_day", subject=case, changes={"moved": moved})
    return flagged


def handovers_escalate(*, today=None):
    """Raise one escalation for each handover not accepted by its deadline (idempotent: run it daily)."""
    today = today or date.today()
    late = Handover.objects.filter(
        status=HandoverStatus.SENT, accept_by__lt=today, escalation__isnull=True
    ).select_related("case__prison", "jobcentre")
    return [escalation for escalation in (handover_escalate(handover=h, today=today) for h in late) if escalation]


def handover_escalate(*, handover, today=None):
    """Escalate one handover whose accept-by date has passed unaccepted; None when it is not (or already) late.

    The nightly run's step for one handover: the escalation goes to the prison's named contacts after commit.
    """
    today = today or date.today()
    with transaction.atomic():
        locked = Handover.objects.select_for_update().select_related("case__prison", "jobcentre").get(pk=handover.pk)
        if locked.status != HandoverStatus.SENT or locked.accept_by >= today:
            return None
        escalation, created = Escalation.objects.get_or_create(
            handover=locked,
            defaults={
                "raised_on": today,
                "reason": _("%(jobcentre)s has not accepted a handover from %(prison)s due by %(due)s")
                % {
                    "jobcentre": locked.jobcentre.name,
                    "prison": locked.case.prison.name,
                    "due": locked.accept_by.isoformat(),
                },
            },
        )
        if not created:
            return None
        audit.record(actor=None, action="handover.escalate", subject=locked.case, changes={"handover": locked.pk})
        _notify(locked, "breached")
        events.announce(events.HandoverBreached(handover_id=locked.pk, escalation_id=escalation.pk, today=today))
    return escalation


def _access_reason(referral):
    return f"referral {referral.pk}"


def _end_access(actor, referral):
    """A rejected or revoked CRS referral takes away the provider's sight of the person."""
    if referral.kind == ReferralKind.CRS:
        case_services.case_access_end(
            actor=actor, case=referral.case, organisation=referral.receiver, reason=_access_reason(referral)
        )


def _notify_referral(referral, event):
    transaction.on_commit(lambda: notify_referral.enqueue(referral.pk, event))


def _check_text(errors, **texts):
    for field, value in texts.items():
        if len(value) > MAX_TEXT:
            errors[field] = [_("Use %(max)s characters or fewer") % {"max": MAX_TEXT}]


def _check_agreed(errors, shared_notes, person_agreed_to_share):
    if problem := sharing_problem(shared_notes, person_agreed_to_share):
        errors["person_agreed_to_share"] = [problem]


def referral_send(
    *, actor, case, kind, receiver, service="", reason="", shared_notes="", person_agreed_to_share=False, today=None
):
    """Refer the person to their probation delivery unit, or to a CRS provider for one service."""
    today = today or date.today()
    if not selectors.is_sender(actor, case):
        raise PermissionDenied(_("Only a prison work coach in the person's prison sends a referral"))
    errors = {}
    if case.status != CaseStatus.IN_CUSTODY or not case.discharge_date:
        errors["case"] = [_("A referral needs a person in custody with a discharge date")]
    if kind == ReferralKind.PROBATION:
        service = ""
        if case.pdu_id is None:
            errors["receiver"] = [_("Record the person's probation delivery unit on the case first")]
        elif receiver is None or receiver.pk != case.pdu_id:
            errors["receiver"] = [_("Refer to the probation delivery unit the person is allocated to")]
    elif kind == ReferralKind.CRS:
        if receiver is None or receiver.kind != OrganisationKind.CRS_PROVIDER or not receiver.active:
            errors["receiver"] = [_("Choose a CRS provider")]
        if service not in CrsService.values:
            errors["service"] = [_("Choose the service the person needs")]
    else:
        errors["kind"] = [_("Choose who to refer the person to")]
    if not reason.strip():
        errors["reason"] = [_("Say what the person needs and why you are referring them")]
    _check_text(errors, reason=reason, shared_notes=shared_notes)
    _check_agreed(errors, shared_notes, person_agreed_to_share)
    if errors:
        raise ValidationError(errors)
    pack = handover_pack(case, today=today)
    del pack["needs"]
    pack |= {"reason": reason.strip(), "shared_notes": shared_notes.strip()}
    with transaction.atomic():
        try:
            with transaction.atomic():
                referral = Referral.objects.create(
                    case=case,
                    sent_at=moment(today),
                    kind=kind,
                    receiver=receiver,
                    service=service,
                    pack=pack,
                    respond_by=referral_respond_by(sent_on=today, discharge_date=case.discharge_date),
                    sent_by=actor,
                )
        except IntegrityError as error:
            raise ValidationError(
                {"receiver": [_("This person already has an open referral for this: revoke it first")]}
            ) from error
        journey.timeline_note(case=case, happened_on=today, kind="handover", title=referral.title, actor=actor)
        audit.record(
            actor=actor,
            action="referral.send",
            subject=case,
            changes={"referral": referral.pk, "kind": kind, "receiver": receiver.code, "service": service},
        )
        _notify_referral(referral, "received")
        if kind == ReferralKind.CRS:
            case_services.case_access_grant(
                actor=actor, case=case, organisation=receiver, reason=_access_reason(referral)
            )
    return referral


def referral_accept(*, actor, referral, expected_version=None, today=None):
    today = today or date.today()
    with transaction.atomic():
        locked = _step(
            referral,
            allowed=(HandoverStatus.SENT,),
            actor=actor,
            who=selectors.is_referral_receiver,
            expected_version=expected_version,
        )
        locked.status, locked.accepted_at, locked.accepted_by = HandoverStatus.ACCEPTED, moment(today), actor
        locked.save()
        late = today > locked.respond_by
        journey.timeline_note(
            case=locked.case,
            happened_on=today,
            kind="handover",
            title=_("Referral accepted by %(receiver)s") % {"receiver": locked.receiver.name}
            + (_(" (late)") if late else ""),
            actor=actor,
        )
        audit.record(
            actor=actor, action="referral.accept", subject=locked.case, changes={"referral": locked.pk, "late": late}
        )
        _notify_referral(locked, "accepted")
    return locked


def referral_reject(*, actor, referral, reason, details="", expected_version=None, today=None):
    today = today or date.today()
    errors = {}
    if reason not in ReferralRejectReason.values:
        errors["reason"] = [_("Choose why you cannot accept it")]
    if reason == ReferralRejectReason.OTHER and not details.strip():
        errors["details"] = [_("Say why you cannot accept it")]
    _check_text(errors, details=details)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _step(
            referral,
            allowed=(HandoverStatus.SENT,),
            actor=actor,
            who=selectors.is_referral_receiver,
            expected_version=expected_version,
        )
        locked.status, locked.rejected_at, locked.rejected_by = HandoverStatus.REJECTED, moment(today), actor
        locked.reject_reason, locked.reject_details = reason, details.strip()
        locked.save()
        journey.timeline_note(
            case=locked.case,
            happened_on=today,
            kind="handover",
            title=_("Referral rejected by %(receiver)s: %(reason)s")
            % {"receiver": locked.receiver.name, "reason": ReferralRejectReason(reason).label},
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="referral.reject",
            subject=locked.case,
            changes={"referral": locked.pk, "reason": reason},
        )
        _notify_referral(locked, "rejected")
        _end_access(actor, locked)
    return locked


def referral_complete(*, actor, referral, engaged, expected_version=None, today=None):
    """Close the loop: after release, did the person engage with the service?"""
    today = today or date.today()
    with transaction.atomic():
        locked = _step(
            referral,
            allowed=(HandoverStatus.ACCEPTED,),
            actor=actor,
            who=selectors.is_referral_receiver,
            expected_version=expected_version,
        )
        if locked.case.discharge_date and today < locked.case.discharge_date:
            raise ValidationError({"engaged": [_("Close the referral after the person is released")]})
        locked.status, locked.completed_at, locked.completed_by = HandoverStatus.COMPLETED, moment(today), actor
        locked.engaged = bool(engaged)
        locked.save()
        journey.timeline_note(
            case=locked.case,
            happened_on=today,
            kind="handover",
            title=(_("Engaged with %(receiver)s") if engaged else _("Did not engage with %(receiver)s"))
            % {"receiver": locked.receiver.name},
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="referral.complete",
            subject=locked.case,
            changes={"referral": locked.pk, "engaged": bool(engaged)},
        )
    return locked


def referral_revoke(*, actor, referral, reason, expected_version=None, today=None):
    today = today or date.today()
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the referral is revoked")]})
    with transaction.atomic():
        locked = _step(
            referral,
            allowed=OPEN_STATUSES,
            actor=actor,
            who=lambda user, r: selectors.is_sender(user, r.case),
            expected_version=expected_version,
        )
        locked.status, locked.revoked_at, locked.revoked_by = HandoverStatus.REVOKED, moment(today), actor
        locked.revoke_reason = reason.strip()[:MAX_TEXT]
        locked.save()
        journey.timeline_note(
            case=locked.case,
            happened_on=today,
            kind="handover",
            title=_("Referral to %(receiver)s revoked") % {"receiver": locked.receiver.name},
            description=locked.revoke_reason,
            actor=actor,
        )
        audit.record(actor=actor, action="referral.revoke", subject=locked.case, changes={"referral": locked.pk})
        _end_access(actor, locked)
    return locked
