"""Every partnership write: checked, audited in the same transaction, and nothing half-written.

Agreement versions are created, never changed (docs/adr/0008). When a local
version with service levels is in force, the journey's LocalTiming rows for
its prison are set to match and its cases replanned, in the same transaction.
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from onward.audit import services as audit
from onward.cases.selectors import cases_visible_to
from onward.concurrency import check_version
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation
from onward.insights.periods import Quarter
from onward.journey import services as journey_services
from onward.partnerships import national, selectors
from onward.partnerships.constants import (
    MAX_ACCEPT_WORKING_DAYS,
    MAX_NAME,
    MAX_TEXT,
    RECORDED_STATUSES,
    ActionStatus,
    AgreementStatus,
    ContactRole,
    EscalationStatus,
    Facility,
    MeetingStatus,
    NationalDecision,
)
from onward.partnerships.models import (
    FacilityEvidence,
    LocalAgreement,
    LocalAgreementVersion,
    LocalContact,
    Meeting,
    MeetingAction,
    NationalAgreementVersion,
    PartnershipEscalation,
    PartnershipEscalationEvent,
    ServiceLevel,
)
from onward.partnerships.service_levels import timing_is_open
from onward.partnerships.tasks import notify_escalation
from onward.validation import FieldErrors


def _notify(escalation, event):
    # After commit: a rolled-back change must never have told anyone it happened.
    transaction.on_commit(lambda: notify_escalation.enqueue(escalation.pk, event))


def _name(actor):
    return (getattr(actor, "display_name", "") or getattr(actor, "username", "") or "")[:MAX_NAME]


def _text(errors, field, value, *, required=False, limit=MAX_TEXT, label=""):
    value = (value or "").strip()
    if required and not value:
        errors.fail(field, _("Enter %(label)s") % {"label": label})
    if len(value) > limit:
        errors.fail(
            field, _("%(label)s must be %(limit)s characters or fewer") % {"label": label.capitalize(), "limit": limit}
        )
    return value


# --- the national agreement ------------------------------------------------------------


def national_agreement_seed(*, actor=None):
    """Version 1 as signed, from onward.partnerships.national (idempotent)."""
    with transaction.atomic():
        version, created = NationalAgreementVersion.objects.get_or_create(
            number=1,
            defaults={
                "title": str(national.TITLE),
                "starts_on": national.STARTS,
                "ends_on": national.ENDS,
                "decision": NationalDecision.ORIGINAL,
                "catalogue": national.CATALOGUE.code,
                "reason": "",
            },
        )
        if created:
            audit.record(actor=actor, action="partnership.national.seed", subject=version)
    return version


def national_agreement_decide(*, actor, decision, ends_on, reason, title="", today=None):
    """Record what happens at the end of the national agreement: rolled over, or a successor.

    Either way a new version: the old one stays as it was, so history reads true.
    """
    today = today or date.today()
    if not selectors.may_decide_national(actor):
        raise PermissionDenied
    errors = FieldErrors()
    reason = _text(errors, "reason", reason, required=True, label=_("why"))
    title = _text(errors, "title", title, limit=300, label=_("title"))
    latest = NationalAgreementVersion.objects.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("There is no national agreement to decide on"))
    if decision not in (NationalDecision.ROLLED_OVER, NationalDecision.SUCCESSOR):
        errors.fail("decision", _("Choose rolled over or a successor"))
    if ends_on is None:
        errors.fail("ends_on", _("Enter the date it ends"))
    elif ends_on <= latest.ends_on:
        errors.fail(
            "ends_on", _("The new end date must be after %(day)s") % {"day": latest.ends_on.strftime("%-d %B %Y")}
        )
    elif ends_on.year > latest.ends_on.year + 10:
        errors.fail("ends_on", _("The new end date must be within 10 years"))
    if decision == NationalDecision.SUCCESSOR and not title:
        errors.fail("title", _("Enter the successor agreement's title"))
    errors.raise_any()
    with transaction.atomic():
        version = NationalAgreementVersion.objects.create(
            number=latest.number + 1,
            title=title if decision == NationalDecision.SUCCESSOR else latest.title,
            starts_on=latest.starts_on if decision == NationalDecision.ROLLED_OVER else latest.ends_on + _one_day(),
            ends_on=ends_on,
            decision=decision,
            reason=reason,
            catalogue=latest.catalogue,
            recorded_by=actor,
            recorded_by_name=_name(actor),
        )
        audit.record(
            actor=actor,
            action=f"partnership.national.{decision}",
            subject=version,
            changes={"from_version": latest.number, "ends_on": ends_on.isoformat(), "reason": reason},
        )
    return version


def _one_day():
    return timedelta(days=1)


# --- local agreements -------------------------------------------------------------------


def _check_version(errors, values, *, prison):
    status = values.get("recorded_status")
    if status not in RECORDED_STATUSES:
        errors.fail("recorded_status", _("Choose draft, signed or under review"))
    district = values.get("jobcentre_district")
    if not isinstance(district, Organisation) or district.kind != OrganisationKind.JOBCENTRE_DISTRICT:
        errors.fail("jobcentre_district", _("Choose the jobcentre district"))
    for name, kind in (("pdus", OrganisationKind.PDU), ("crs_providers", OrganisationKind.CRS_PROVIDER)):
        if any(getattr(o, "kind", None) != kind for o in values.get(name, ())):
            errors.fail(name, _("Choose from the list"))
    values["signatories"] = _text(errors, "signatories", values.get("signatories"), label=_("signatories"))
    values["change_reason"] = _text(
        errors, "change_reason", values.get("change_reason"), required=True, label=_("what changed and why")
    )
    signed_on, effective_from = values.get("signed_on"), values.get("effective_from")
    ends_on, review_on = values.get("ends_on"), values.get("review_on")
    if status in (AgreementStatus.SIGNED, AgreementStatus.UNDER_REVIEW):
        if signed_on is None:
            errors.fail("signed_on", _("Enter the date it was signed"))
        if effective_from is None:
            errors.fail("effective_from", _("Enter the date it is in force from"))
        if not values["signatories"]:
            errors.fail("signatories", _("Enter who signed it"))
    if signed_on and effective_from and effective_from < signed_on:
        errors.fail("effective_from", _("It cannot be in force before it was signed"))
    if effective_from and ends_on and ends_on < effective_from:
        errors.fail("ends_on", _("The end date must be after the date it is in force from"))
    if effective_from and review_on and review_on < effective_from:
        errors.fail("review_on", _("The review date must be after the date it is in force from"))
    days = values.get("handover_accept_working_days")
    if days is not None and not (1 <= days <= MAX_ACCEPT_WORKING_DAYS):
        errors.fail(
            "handover_accept_working_days",
            _("The handover acceptance deadline must be between 1 and %(max)s working days")
            % {"max": MAX_ACCEPT_WORKING_DAYS},
        )
    routes = []
    for index, contact in enumerate(values.get("contacts", ())):
        if not (contact.get("name") or "").strip() or len(contact.get("name", "")) > MAX_NAME:
            errors.fail("contacts", _("Each contact needs a name of %(max)s characters or fewer") % {"max": MAX_NAME})
        if contact.get("role") not in ContactRole.values:
            errors.fail("contacts", _("Each contact needs a role from the list"))
        if not isinstance(contact.get("organisation"), Organisation):
            errors.fail("contacts", _("Each contact needs an organisation"))
        if not (contact.get("email") or "").strip():
            errors.fail("contacts", _("Each contact needs an email address"))
        if contact.get("escalation_order"):
            routes.append(contact["escalation_order"])
        contact.setdefault("position", index)
    if len(routes) != len(set(routes)):
        errors.fail("contacts", _("Two contacts cannot share a place on the escalation route"))
    for line in values.get("facilities", ()):
        if line.get("facility") not in Facility.values:
            errors.fail("facilities", _("Unknown facility"))
        if line.get("in_place") and line.get("evidenced_on") is None:
            errors.fail(f"facility_{line.get('facility')}", _("Enter the date the facility was evidenced"))
        if line.get("evidenced_on") and values.get("today") and line["evidenced_on"] > values["today"]:
            errors.fail(f"facility_{line.get('facility')}", _("The evidence date must be today or in the past"))
    seen = set()
    for level in values.get("service_levels", ()):
        key = (level.get("code"), level.get("which"))
        if not timing_is_open(*key):
            errors.fail(
                "service_levels",
                _("The national agreement fixes %(code)s %(which)s") % {"code": key[0], "which": key[1]},
            )
        if key in seen:
            errors.fail("service_levels", _("Each touchpoint timing may be set once"))
        seen.add(key)


VERSION_FIELDS = (
    "recorded_status",
    "jobcentre_district",
    "signatories",
    "signed_on",
    "effective_from",
    "ends_on",
    "review_on",
    "handover_accept_working_days",
)


def local_agreement_version_create(*, actor, prison, values, today=None):
    """A new version of a prison's local agreement (the first creates the agreement). Returns the version.

    `values` holds VERSION_FIELDS, change_reason, pdus, crs_providers, and lists of contacts,
    facilities and service_levels as plain mappings. The new version is complete on its own:
    nothing is inherited at read time.
    """
    today = today or date.today()
    if not selectors.may_manage_prison(actor, prison):
        raise PermissionDenied
    values = {**values, "today": today}
    values["contacts"] = [dict(c) for c in values.get("contacts", ())]
    errors = FieldErrors()
    _check_version(errors, values, prison=prison)
    errors.raise_any()
    with transaction.atomic():
        agreement, _created = LocalAgreement.objects.select_for_update().get_or_create(prison=prison)
        number = (agreement.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = LocalAgreementVersion.objects.create(
            agreement=agreement,
            number=number,
            change_reason=values["change_reason"],
            created_by=actor,
            created_by_name=_name(actor),
            **{name: values.get(name) for name in VERSION_FIELDS},
        )
        version.pdus.set(values.get("pdus", ()))
        version.crs_providers.set(values.get("crs_providers", ()))
        LocalContact.objects.bulk_create(
            LocalContact(
                version=version,
                name=c["name"].strip(),
                role=c["role"],
                organisation=c["organisation"],
                email=c["email"].strip(),
                phone=(c.get("phone") or "").strip()[:30],
                escalation_order=c.get("escalation_order") or None,
            )
            for c in values["contacts"]
        )
        FacilityEvidence.objects.bulk_create(
            FacilityEvidence(
                version=version,
                facility=line["facility"],
                in_place=bool(line.get("in_place")),
                evidenced_on=line.get("evidenced_on"),
                notes=(line.get("notes") or "")[:500],
            )
            for line in values.get("facilities", ())
        )
        ServiceLevel.objects.bulk_create(
            ServiceLevel(
                version=version,
                **{k: level.get(k, 0) for k in ("code", "which", "anchor", "months", "weeks", "working_days")},
            )
            for level in values.get("service_levels", ())
        )
        audit.record(
            actor=actor,
            action="partnership.local.version",
            subject=version,
            changes={
                "prison": prison.code,
                "number": number,
                "status": version.recorded_status,
                "reason": version.change_reason,
            },
        )
        local_agreement_apply(actor=actor, agreement=agreement, today=today)
    return version


def version_values(version):
    """A version's contents as the mappings local_agreement_version_create takes: the start of the next version."""
    return {
        **{name: getattr(version, name) for name in VERSION_FIELDS},
        "pdus": list(version.pdus.all()),
        "crs_providers": list(version.crs_providers.all()),
        "contacts": [
            {
                "name": c.name,
                "role": c.role,
                "organisation": c.organisation,
                "email": c.email,
                "phone": c.phone,
                "escalation_order": c.escalation_order,
            }
            for c in version.contacts.select_related("organisation")
        ],
        "facilities": [
            {"facility": f.facility, "in_place": f.in_place, "evidenced_on": f.evidenced_on, "notes": f.notes}
            for f in version.facilities.all()
        ],
        "service_levels": [
            {k: getattr(s, k) for k in ("code", "which", "anchor", "months", "weeks", "working_days")}
            for s in version.service_levels.all()
        ],
        "change_reason": "",
    }


def local_agreement_revise(*, actor, agreement, changes, change_reason, today=None):
    """A new version: the latest one with `changes` applied, and why."""
    latest = selectors.latest_version(agreement)
    values = version_values(latest) if latest else {}
    values.update(changes)
    values["change_reason"] = change_reason
    return local_agreement_version_create(actor=actor, prison=agreement.prison, values=values, today=today)


def local_agreement_apply(*, actor, agreement, today=None):
    """Make the journey follow the version in force today: its service levels become the prison's LocalTimings.

    Idempotent: nothing happens when the version in force is the one already applied.
    """
    today = today or date.today()
    with transaction.atomic():
        agreement = LocalAgreement.objects.select_for_update().get(pk=agreement.pk)
        version = selectors.version_in_force(agreement, on=today)
        if (version.pk if version else None) == agreement.applied_version_id:
            return False
        timings = (
            [
                {k: getattr(s, k) for k in ("code", "which", "anchor", "months", "weeks", "working_days")}
                for s in version.service_levels.all()
            ]
            if version
            else []
        )
        if version and version.handover_accept_working_days is not None:
            # The local agreement's own deadline for the jobcentre to accept a warm handover.
            timings.append(
                {
                    "code": "warm-handover",
                    "which": "accept_by",
                    "anchor": "D",
                    "working_days": version.handover_accept_working_days,
                }
            )
        reason = (
            _("Local agreement version %(n)s in force") % {"n": version.number}
            if version
            else _("No local agreement in force: national defaults")
        )
        journey_services.local_timings_set(actor=actor, prison=agreement.prison, timings=timings, reason=reason)
        agreement.applied_version = version
        agreement.save(update_fields=["applied_version"])
        audit.record(
            actor=actor,
            action="partnership.local.apply",
            subject=agreement,
            changes={"version": version.number if version else None},
        )
    return True


def local_agreements_apply_all(*, today=None):
    """Nightly: versions whose dates came round take effect (or end). Returns how many prisons changed."""
    return sum(
        local_agreement_apply(actor=None, agreement=agreement, today=today)
        for agreement in LocalAgreement.objects.select_related("prison")
    )


# --- meetings and actions --------------------------------------------------------------


def meeting_schedule(*, actor, agreement, quarter, scheduled_for, location="", attendees="", today=None):
    """Schedule a quarterly meeting (`agreement` None: the national board's)."""
    today = today or date.today()
    allowed = (
        selectors.may_manage_board_meetings(actor)
        if agreement is None
        else selectors.may_manage_prison(actor, agreement.prison)
    )
    if not allowed:
        raise PermissionDenied
    errors = FieldErrors()
    location = _text(errors, "location", location, limit=200, label=_("where"))
    attendees = _text(errors, "attendees", attendees, label=_("attendees"))
    if not isinstance(quarter, Quarter):
        errors.fail("quarter", _("Choose the quarter"))
    if scheduled_for is None:
        errors.fail("scheduled_for", _("Enter the date of the meeting"))
    elif isinstance(quarter, Quarter) and not (quarter.start <= scheduled_for <= quarter.end):
        errors.fail("scheduled_for", _("The date must be in %(quarter)s") % {"quarter": quarter.label})
    elif scheduled_for < today:
        errors.fail("scheduled_for", _("The date must be today or in the future"))
    if (
        isinstance(quarter, Quarter)
        and selectors.meetings_for(agreement)
        .filter(quarter=str(quarter), status__in=[MeetingStatus.SCHEDULED, MeetingStatus.HELD])
        .exists()
    ):
        errors.fail("quarter", _("%(quarter)s already has a meeting") % {"quarter": quarter.label})
    errors.raise_any()
    with transaction.atomic():
        meeting = Meeting.objects.create(
            agreement=agreement,
            quarter=str(quarter),
            scheduled_for=scheduled_for,
            location=location,
            attendees=attendees,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="partnership.meeting.schedule",
            subject=meeting,
            changes={"quarter": str(quarter), "on": scheduled_for.isoformat()},
        )
    return meeting


def meeting_record(*, actor, meeting, status, attendees, minutes, decisions, expected_version=None, today=None):
    """Record how a meeting went (held, with minutes and decisions) or that it was cancelled.

    `expected_version` is the meeting's version as the caller read it: StaleVersion if someone recorded it since.
    """
    today = today or date.today()
    if not selectors.may_manage_meeting(actor, meeting):
        raise PermissionDenied
    errors = FieldErrors()
    attendees = _text(errors, "attendees", attendees, label=_("attendees"))
    minutes = _text(errors, "minutes", minutes, limit=MAX_TEXT * 4, label=_("minutes"))
    decisions = _text(errors, "decisions", decisions, label=_("decisions"))
    if status not in MeetingStatus.values:
        errors.fail("status", _("Choose what happened"))
    if status == MeetingStatus.HELD:
        if meeting.scheduled_for > today:
            errors.fail("status", _("A meeting cannot be recorded as held before its date"))
        if not attendees:
            errors.fail("attendees", _("Enter who attended"))
        if not minutes:
            errors.fail("minutes", _("Enter the minutes"))
    errors.raise_any()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        check_version(meeting.version, expected_version)
        before = {"status": meeting.status}
        meeting.status, meeting.attendees, meeting.minutes, meeting.decisions = status, attendees, minutes, decisions
        meeting.version += 1
        meeting.save()
        audit.record(
            actor=actor,
            action="partnership.meeting.record",
            subject=meeting,
            changes={"before": before, "status": status},
        )
    return meeting


def action_add(*, actor, meeting, description, owner, due_on):
    if not selectors.may_manage_meeting(actor, meeting):
        raise PermissionDenied
    errors = FieldErrors()
    description = _text(errors, "description", description, required=True, limit=500, label=_("the action"))
    owner = _text(errors, "owner", owner, required=True, limit=MAX_NAME, label=_("who owns it"))
    if due_on is None:
        errors.fail("due_on", _("Enter the date it is due"))
    elif due_on < meeting.scheduled_for:
        errors.fail("due_on", _("An action cannot be due before the meeting that agreed it"))
    errors.raise_any()
    with transaction.atomic():
        action = MeetingAction.objects.create(meeting=meeting, description=description, owner=owner, due_on=due_on)
        audit.record(actor=actor, action="partnership.action.add", subject=action, changes={"meeting": meeting.pk})
    return action


def action_close(*, actor, action, status, today=None):
    today = today or date.today()
    if not selectors.may_manage_meeting(actor, action.meeting):
        raise PermissionDenied
    if status not in (ActionStatus.DONE, ActionStatus.DROPPED, ActionStatus.OPEN):
        raise ValidationError({"status": [_("Choose done, no longer needed, or open")]})
    with transaction.atomic():
        before = action.status
        action.status = status
        action.closed_on = None if status == ActionStatus.OPEN else today
        action.save(update_fields=["status", "closed_on"])
        audit.record(
            actor=actor, action="partnership.action.status", subject=action, changes={"from": before, "to": status}
        )
    return action


# --- escalations --------------------------------------------------------------------------


def escalation_raise(*, actor, subject, description, prison=None, prison_number="", today=None):
    """A prison work coach raises a concern about their prison, or a partnership manager about one of hers;
    it goes to the first contact on the prison's escalation route."""
    today = today or date.today()
    if not selectors.may_raise_escalation(actor):
        raise PermissionDenied
    errors = FieldErrors()
    allowed = selectors.prisons_to_raise_about(actor)
    if selectors.may_name_a_person_in_escalation(actor):
        prison = actor.organisation
    elif prison is None or not allowed.filter(pk=prison.pk).exists():
        errors.fail("prison", _("Choose one of your prisons"))
        errors.raise_any()
    if prison_number and not selectors.may_name_a_person_in_escalation(actor):
        errors.fail("prison_number", _("Partnership managers raise concerns without naming anyone"))
    subject = _text(errors, "subject", subject, required=True, limit=200, label=_("a subject"))
    description = _text(errors, "description", description, required=True, label=_("what the concern is"))
    case = None
    prison_number = (prison_number or "").strip().upper()
    if prison_number:
        case = (
            cases_visible_to(actor)
            .filter(person__prison_number=prison_number[:7])
            .order_by("-reception_date", "-id")
            .first()
        )
        if case is None or len(prison_number) > 7:
            errors.fail("prison_number", _("Nobody with that prison number is in your prison's cases"))
    agreement = LocalAgreement.objects.filter(prison=prison).first()
    version = selectors.version_in_force(agreement, on=today) if agreement else None
    route = [c for c in version.contacts.all() if c.escalation_order] if version else []
    if not route:
        errors.fail(
            "__all__",
            _("Your prison's local agreement names no escalation route yet: ask your partnership manager to add one"),
        )
    errors.raise_any()
    first = sorted(route, key=lambda c: c.escalation_order)[0]
    with transaction.atomic():
        escalation = PartnershipEscalation.objects.create(
            prison=prison,
            subject=subject,
            description=description,
            case=case,
            raised_by=actor,
            raised_by_name=_name(actor),
            routed_to_name=first.name,
            routed_to_role=first.role,
            routed_to_email=first.email,
        )
        PartnershipEscalationEvent.objects.create(
            escalation=escalation, status=EscalationStatus.OPEN, by=actor, by_name=_name(actor)
        )
        audit.record(
            actor=actor,
            action="partnership.escalation.raise",
            subject=escalation,
            prison_number=case.person.prison_number if case else "",
            changes={"routed_to": first.email, "case": case.pk if case else None},
        )
        _notify(escalation, EscalationStatus.OPEN)
    return escalation


def _escalation_move(*, actor, escalation, to, allowed_from, note, note_required):
    if not selectors.may_handle_escalation(actor, escalation):
        raise PermissionDenied
    errors = FieldErrors()
    note = _text(errors, "note", note, required=note_required, label=_("what was done"))
    errors.raise_any()
    with transaction.atomic():
        # The row as it is now: someone else may have moved it since the page was drawn.
        current = PartnershipEscalation.objects.select_for_update().get(pk=escalation.pk)
        if current.status not in allowed_from:
            raise ValidationError(
                _("This escalation is already %(status)s") % {"status": current.get_status_display().lower()}
            )
        before = current.status
        current.status = escalation.status = to
        current.save(update_fields=["status"])
        PartnershipEscalationEvent.objects.create(
            escalation=current, status=to, note=note, by=actor, by_name=_name(actor)
        )
        audit.record(
            actor=actor,
            action=f"partnership.escalation.{to}",
            subject=current,
            changes={"from": before, "at": timezone.now().isoformat()},
        )
        _notify(current, to)
    return current


def escalation_acknowledge(*, actor, escalation, note=""):
    return _escalation_move(
        actor=actor,
        escalation=escalation,
        to=EscalationStatus.ACKNOWLEDGED,
        allowed_from=(EscalationStatus.OPEN,),
        note=note,
        note_required=False,
    )


def escalation_resolve(*, actor, escalation, note):
    return _escalation_move(
        actor=actor,
        escalation=escalation,
        to=EscalationStatus.RESOLVED,
        allowed_from=(EscalationStatus.OPEN, EscalationStatus.ACKNOWLEDGED),
        note=note,
        note_required=True,
    )
