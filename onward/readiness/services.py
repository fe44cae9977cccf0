"""Every readiness write: checked field by field, audited, and the case's flags kept true, in one transaction."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onward import events
from onward.audit import services as audit
from onward.cases import services as case_services
from onward.cases.models import Case
from onward.clock import moment
from onward.concurrency import NOT_YET_RECORDED, check_version
from onward.estate import selectors as estate_selectors
from onward.events import RecordChanged
from onward.readiness import selectors
from onward.readiness.constants import (
    FIRST_APPOINTMENT_AT_THE_LATEST,
    MAX_ADVANCE_AMOUNT,
    MAX_BANK_NAME_LENGTH,
    MAX_ID_COST,
    MAX_NOTES_LENGTH,
    MAX_SUPERSEDED_REASON_LENGTH,
    RETURNED_STATUSES,
    AccommodationStatus,
    BankStatus,
    ClaimPreparation,
    DocumentType,
    IdStatus,
    NiStatus,
)
from onward.readiness.models import (
    AccommodationRecord,
    BankApplication,
    BankStatusChange,
    IdApplication,
    JobcentreAppointment,
    NiNumberRecord,
    UniversalCreditRecord,
)
from onward.validation import FieldErrors


def _require_may_change(actor, case):
    if not selectors.readiness_may_change(actor, case):
        raise PermissionDenied(_("Only staff in the person's prison can change this, while the person is in custody"))


def _check_past_date(errors, field, value, label, *, today, required=True, not_before=None, not_before_words=""):
    if value is None:
        if required:
            errors.fail(field, _("Enter the %(label)s") % {"label": label})
        return
    if value > today:
        errors.fail(field, _("The %(label)s must be today or in the past") % {"label": label})
    elif not_before is not None and value < not_before:
        errors.fail(
            field, _("The %(label)s must be on or after %(words)s") % {"label": label, "words": not_before_words}
        )


def _money(value):
    return None if value is None else str(value)


def _announce(*, actor, case, record, touchpoints, today):
    """After commit, the journey rereads these touchpoints from the record: their status is the record's."""
    events.announce(RecordChanged(case_id=case.pk, record=record, touchpoints=touchpoints, actor=actor, today=today))


def _locked(case):
    return Case.objects.select_for_update().select_related("person").get(pk=case.pk)


# --- ID ------------------------------------------------------------------------


def id_application_add(*, actor, case, document_type, submitted_on, cost, priority=False, notes="", today=None):
    """Record an application for an ID document."""
    today = today or date.today()
    _require_may_change(actor, case)
    errors = FieldErrors()
    if document_type not in DocumentType.values:
        errors.fail("document_type", _("Choose the document applied for"))
    _check_past_date(
        errors,
        "submitted_on",
        submitted_on,
        _("date submitted"),
        today=today,
        not_before=case.reception_date,
        not_before_words=_("the reception date"),
    )
    _check_cost(errors, cost)
    _check_notes(errors, notes)
    errors.raise_any()
    with transaction.atomic():
        locked = _locked(case)
        application = IdApplication.objects.create(
            case=locked,
            document_type=document_type,
            submitted_on=submitted_on,
            cost=cost,
            priority=bool(priority),
            notes=notes,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="readiness.id_application.add",
            subject=locked,
            changes={
                "id_application": application.pk,
                "document_type": document_type,
                "submitted_on": submitted_on.isoformat(),
                "cost": _money(cost),
                "priority": bool(priority),
            },
        )
    return application


def _check_cost(errors, cost):
    if cost is None:
        errors.fail("cost", _("Enter the cost, in pounds and pence"))
    elif not isinstance(cost, Decimal) or cost.as_tuple().exponent < -2:
        errors.fail("cost", _("Cost must be in pounds and pence, like 12.50"))
    elif cost < 0:
        errors.fail("cost", _("Cost must be 0 or more"))
    elif cost > MAX_ID_COST:
        errors.fail("cost", _("Cost must be £%(max)s or less") % {"max": MAX_ID_COST})


def _check_notes(errors, notes):
    if len(notes or "") > MAX_NOTES_LENGTH:
        errors.fail("notes", _("Notes must be %(max)s characters or fewer") % {"max": MAX_NOTES_LENGTH})


def id_application_update(
    *,
    actor,
    application,
    status,
    refund=None,
    received_on=None,
    stored_in_property=False,
    notes=None,
    expected_version=None,
    today=None,
):
    """Record what came of an ID application: accepted (and received) or rejected (with any refund)."""
    today = today or date.today()
    case = application.case
    _require_may_change(actor, case)
    errors = FieldErrors()
    if status not in IdStatus.values:
        errors.fail("status", _("Choose pending, accepted or rejected"))
    if refund is not None:
        if status != IdStatus.REJECTED:
            errors.fail("refund", _("A refund can only be recorded for a rejected application"))
        elif not isinstance(refund, Decimal) or refund.as_tuple().exponent < -2:
            errors.fail("refund", _("Refund must be in pounds and pence, like 12.50"))
        elif refund < 0:
            errors.fail("refund", _("Refund must be 0 or more"))
        elif refund > application.cost:
            errors.fail("refund", _("Refund must be no more than the cost, £%(cost)s") % {"cost": application.cost})
    if received_on is not None:
        if status != IdStatus.ACCEPTED:
            errors.fail("received_on", _("A document can only be received once the application is accepted"))
        else:
            _check_past_date(
                errors,
                "received_on",
                received_on,
                _("date received"),
                today=today,
                not_before=application.submitted_on,
                not_before_words=_("the date submitted"),
            )
    if stored_in_property and received_on is None:
        errors.fail("stored_in_property", _("A document can only be stored in property once it is received"))
    if notes is not None:
        _check_notes(errors, notes)
    errors.raise_any()
    with transaction.atomic():
        _locked(case)
        locked = IdApplication.objects.select_for_update().get(pk=application.pk)
        check_version(locked.version, expected_version)
        before = {
            "status": locked.status,
            "refund": _money(locked.refund),
            "received_on": locked.received_on.isoformat() if locked.received_on else None,
            "stored_in_property": locked.stored_in_property,
        }
        locked.status = status
        locked.refund = refund
        locked.received_on = received_on
        locked.stored_in_property = bool(stored_in_property)
        if notes is not None:
            locked.notes = notes
        locked.version += 1
        locked.save()
        after = {
            "status": locked.status,
            "refund": _money(locked.refund),
            "received_on": received_on.isoformat() if received_on else None,
            "stored_in_property": locked.stored_in_property,
        }
        audit.record(
            actor=actor,
            action="readiness.id_application.update",
            subject=case,
            changes={
                "id_application": locked.pk,
                **{name: [before[name], after[name]] for name in after if before[name] != after[name]},
            },
        )
        _announce(actor=actor, case=case, record="id_application", touchpoints=("id-documents",), today=today)
    return locked


# --- bank account ------------------------------------------------------------------


def _check_bank_name(errors, bank_name):
    bank_name = (bank_name or "").strip()
    if not bank_name:
        errors.fail("bank_name", _("Enter the name of the bank"))
    elif len(bank_name) > MAX_BANK_NAME_LENGTH:
        errors.fail("bank_name", _("Bank name must be %(max)s characters or fewer") % {"max": MAX_BANK_NAME_LENGTH})
    return bank_name


def _history(application, *, status, on, actor):
    BankStatusChange.objects.create(
        application=application,
        status=status,
        changed_on=on,
        changed_by=actor,
        changed_by_name=getattr(actor, "display_name", "") or getattr(actor, "username", ""),
    )


def bank_application_add(*, actor, case, bank_name, submitted_on, today=None):
    """Record an application for a basic bank account."""
    today = today or date.today()
    _require_may_change(actor, case)
    errors = FieldErrors()
    bank_name = _check_bank_name(errors, bank_name)
    _check_past_date(
        errors,
        "submitted_on",
        submitted_on,
        _("date submitted"),
        today=today,
        not_before=case.reception_date,
        not_before_words=_("the reception date"),
    )
    errors.raise_any()
    with transaction.atomic():
        locked = _locked(case)
        application = BankApplication.objects.create(
            case=locked, bank_name=bank_name, submitted_on=submitted_on, created_by=actor
        )
        _history(application, status=BankStatus.PENDING, on=submitted_on, actor=actor)
        audit.record(
            actor=actor,
            action="readiness.bank_application.add",
            subject=locked,
            changes={
                "bank_application": application.pk,
                "bank_name": bank_name,
                "submitted_on": submitted_on.isoformat(),
            },
        )
    return application


def bank_application_respond(*, actor, application, status, response_on, expected_version=None, today=None):
    """Record the bank's answer; every answer stays in the application's history."""
    today = today or date.today()
    case = application.case
    _require_may_change(actor, case)
    errors = FieldErrors()
    if status not in BankStatus.values or status == BankStatus.PENDING:
        errors.fail("status", _("Choose the bank's response"))
    _check_past_date(
        errors,
        "response_on",
        response_on,
        _("date of the response"),
        today=today,
        not_before=application.submitted_on,
        not_before_words=_("the date submitted"),
    )
    errors.raise_any()
    with transaction.atomic():
        _locked(case)
        locked = BankApplication.objects.select_for_update().get(pk=application.pk)
        check_version(locked.version, expected_version)
        if hasattr(locked, "resubmission"):
            raise ValidationError(
                {"status": [_("This application was resubmitted: record the response on the resubmission")]}
            )
        before = locked.status
        locked.status = status
        locked.response_on = response_on
        locked.version += 1
        locked.save()
        _history(locked, status=status, on=response_on, actor=actor)
        audit.record(
            actor=actor,
            action="readiness.bank_application.respond",
            subject=case,
            changes={
                "bank_application": locked.pk,
                "status": [before, status],
                "response_on": response_on.isoformat(),
            },
        )
        _announce(actor=actor, case=case, record="bank_application", touchpoints=("bank-account",), today=today)
    return locked


def bank_application_resubmit(*, actor, application, submitted_on, bank_name="", expected_version=None, today=None):
    """Send a returned application again; the new one follows it. `expected_version` is the returned one's."""
    today = today or date.today()
    case = application.case
    _require_may_change(actor, case)
    errors = FieldErrors()
    if application.status not in RETURNED_STATUSES:
        errors.fail("submitted_on", _("Only an application the bank returned can be resubmitted"))
    bank_name = _check_bank_name(errors, bank_name or application.bank_name)
    _check_past_date(
        errors,
        "submitted_on",
        submitted_on,
        _("date submitted"),
        today=today,
        not_before=application.response_on or application.submitted_on,
        not_before_words=_("the date it was returned"),
    )
    errors.raise_any()
    with transaction.atomic():
        locked_case = _locked(case)
        earlier = BankApplication.objects.select_for_update().get(pk=application.pk)
        check_version(earlier.version, expected_version)
        if earlier.status not in RETURNED_STATUSES or BankApplication.objects.filter(follows=earlier).exists():
            raise ValidationError({"submitted_on": [_("This application has already been resubmitted")]})
        # Resubmitted is a change to the returned application too: it now has a successor.
        earlier.version += 1
        earlier.save(update_fields=["version", "updated_at"])
        resubmission = BankApplication.objects.create(
            case=locked_case, bank_name=bank_name, submitted_on=submitted_on, follows=earlier, created_by=actor
        )
        _history(resubmission, status=BankStatus.PENDING, on=submitted_on, actor=actor)
        audit.record(
            actor=actor,
            action="readiness.bank_application.resubmit",
            subject=locked_case,
            changes={
                "bank_application": resubmission.pk,
                "follows": earlier.pk,
                "bank_name": bank_name,
                "submitted_on": submitted_on.isoformat(),
            },
        )
    return resubmission


# --- National Insurance number ----------------------------------------------------


def ni_number_record(
    *, actor, case, status, ni_number="", applied_on=None, received_on=None, expected_version=None, today=None
):
    """Record where the NI number stands; a known or received number is stored on the person."""
    today = today or date.today()
    _require_may_change(actor, case)
    errors = FieldErrors()
    ni_number = (ni_number or "").strip()
    if status not in NiStatus.values:
        errors.fail("status", _("Choose known, applied for or received"))
    if status in (NiStatus.KNOWN, NiStatus.RECEIVED) and not ni_number:
        errors.fail("ni_number", _("Enter the National Insurance number"))
    if status == NiStatus.APPLIED and ni_number:
        errors.fail("ni_number", _("Leave the number blank until it is received"))
    _check_past_date(
        errors,
        "applied_on",
        applied_on,
        _("date applied"),
        today=today,
        required=status == NiStatus.APPLIED,
        not_before=case.reception_date,
        not_before_words=_("the reception date"),
    )
    if status != NiStatus.RECEIVED and received_on is not None:
        errors.fail("received_on", _("Only enter a date received when the number has been received"))
    else:
        _check_past_date(
            errors,
            "received_on",
            received_on,
            _("date received"),
            today=today,
            required=status == NiStatus.RECEIVED,
            not_before=applied_on,
            not_before_words=_("the date applied"),
        )
    errors.raise_any()
    with transaction.atomic():
        locked = _locked(case)
        record = NiNumberRecord.objects.select_for_update().filter(case=locked).first()
        check_version(record.version if record else NOT_YET_RECORDED, expected_version)
        if record is None:
            record, before = NiNumberRecord(case=locked), None
        else:
            record.version += 1
            before = record.status
        record.status = status
        record.applied_on = applied_on
        record.received_on = received_on
        record.updated_by = actor
        record.save()
        audit.record(
            actor=actor,
            action="readiness.ni_number.record",
            subject=locked,
            changes={
                "status": [before, status],
                "applied_on": applied_on.isoformat() if applied_on else None,
                "received_on": received_on.isoformat() if received_on else None,
            },
        )
        if ni_number:
            # The number itself lives on the person: case_update checks its format and audits it; its
            # ValidationError names `ni_number`, so the form shows it by the field.
            case_services.case_update(actor=actor, case=locked, changes={"ni_number": ni_number}, today=today)
        _announce(actor=actor, case=locked, record="ni_number", touchpoints=("ni-number", "id-documents"), today=today)
    return record


# --- accommodation on release -------------------------------------------------------


def accommodation_record(*, actor, case, status, release_area=None, expected_version=None, today=None):
    """Record where the person will live; the release area goes on the case, which replans touchpoints.

    `release_area=None` keeps the case's area as it stands under the lock (a change made meanwhile stays).
    """
    today = today or date.today()
    _require_may_change(actor, case)
    errors = FieldErrors()
    if status not in AccommodationStatus.values:
        errors.fail("status", _("Choose where the person will live on release"))
    errors.raise_any()
    release_area = None if release_area is None else release_area.strip().upper()
    with transaction.atomic():
        locked = _locked(case)
        if release_area is None:
            release_area = locked.release_area
        record = AccommodationRecord.objects.select_for_update().filter(case=locked).first()
        check_version(record.version if record else NOT_YET_RECORDED, expected_version)
        if record is None:
            record, before = AccommodationRecord(case=locked), None
        else:
            record.version += 1
            before = record.status
        record.status = status
        record.updated_by = actor
        record.save()
        audit.record(
            actor=actor,
            action="readiness.accommodation.record",
            subject=locked,
            changes={"status": [before, status]},
        )
        if release_area != locked.release_area:
            # case_update checks the district is real and replans touchpoints.
            case_services.case_update(actor=actor, case=locked, changes={"release_area": release_area}, today=today)
    return record


# --- jobcentre appointment ----------------------------------------------------------------

APPOINTMENT_TOUCHPOINT = "jobcentre-appointment"


def appointment_book(
    *, actor, case, jobcentre, appointment_on, appointment_time, reason="", expected_version=None, today=None
):
    """Book (or rebook) the first jobcentre appointment; a rebooking supersedes the one before, with a reason.

    The appointment is the record behind the jobcentre-appointment touchpoint:
    booking it completes that touchpoint and brings in first-jobcentre-attendance
    on its day. The jobcentre serves the release area, or, where none is listed
    for it, is one of the nearest (the page warns to check). `expected_version` is the version of the booking
    in force the caller saw (NOT_YET_RECORDED when it saw none).
    """
    today = today or date.today()
    if not selectors.appointment_may_book(actor, case):
        raise PermissionDenied(
            _(
                "Only a prison work coach in the person’s prison can book the appointment, while the person is in custody"
            )
        )
    errors = FieldErrors()
    reason = (reason or "").strip()
    if not case.release_area:
        errors.fail(
            "jobcentre",
            _("Record the release area (on accommodation on release) before booking a jobcentre appointment"),
        )
    elif jobcentre is None:
        errors.fail("jobcentre", _("Choose the jobcentre"))
    elif not estate_selectors.jobcentres_for_area(case.release_area).allows(jobcentre):
        errors.fail(
            "jobcentre", _("Choose a jobcentre that serves the release area, %(area)s") % {"area": case.release_area}
        )
    if appointment_on is None:
        errors.fail("appointment_on", _("Enter the date of the appointment"))
    elif case.discharge_date is None:
        errors.fail("appointment_on", _("The person has no discharge date yet, so the appointment cannot be booked"))
    elif appointment_on < case.discharge_date:
        errors.fail("appointment_on", _("The date of the appointment must be on or after the discharge date"))
    elif appointment_on > case.discharge_date + FIRST_APPOINTMENT_AT_THE_LATEST:
        # The first appointment is days after release (the target is a few working days), never months.
        errors.fail("appointment_on", _("The appointment must be within 3 months of the discharge date"))
    if appointment_time is None:
        errors.fail("appointment_time", _("Enter the time of the appointment"))
    current = selectors.jobcentre_appointment_get(case)
    if current is not None and not reason:
        errors.fail("reason", _("Enter why the appointment is being rebooked"))
    elif len(reason) > MAX_SUPERSEDED_REASON_LENGTH:
        errors.fail(
            "reason", _("The reason must be %(max)s characters or fewer") % {"max": MAX_SUPERSEDED_REASON_LENGTH}
        )
    errors.raise_any()
    with transaction.atomic():
        locked = _locked(case)
        earlier = (
            JobcentreAppointment.objects.select_for_update().filter(case=locked, superseded_at__isnull=True).first()
        )
        check_version(earlier.version if earlier else NOT_YET_RECORDED, expected_version)
        if earlier is not None:
            if not reason:
                raise ValidationError({"reason": [_("Enter why the appointment is being rebooked")]})
            earlier.superseded_at = moment(today)
            earlier.superseded_by = actor
            earlier.superseded_reason = reason
            earlier.version += 1
            earlier.save(update_fields=["superseded_at", "superseded_by", "superseded_reason", "version"])
        appointment = JobcentreAppointment.objects.create(
            case=locked,
            version=earlier.version + 1 if earlier else 1,
            booked_at=moment(today),
            jobcentre=jobcentre,
            appointment_on=appointment_on,
            appointment_time=appointment_time,
            booked_by=actor,
            booked_by_name=getattr(actor, "display_name", "") or getattr(actor, "username", ""),
        )
        audit.record(
            actor=actor,
            action="readiness.appointment.book",
            subject=locked,
            changes={
                "appointment": appointment.pk,
                "jobcentre": jobcentre.code,
                "appointment_on": appointment_on.isoformat(),
                "appointment_time": appointment_time.strftime("%H:%M"),
                "supersedes": earlier.pk if earlier else None,
                "reason": reason if earlier else "",
            },
        )
        _announce(
            actor=actor,
            case=locked,
            record="jobcentre_appointment",
            touchpoints=("jobcentre-appointment", "first-jobcentre-attendance"),
            today=today,
        )
    return appointment


# --- Universal Credit ----------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value else None


def _uc_save(*, actor, case, action, values, expected_version):
    """Write `values` onto the case's UC record and audit each change as [before, after]. Caller holds the lock."""
    record = UniversalCreditRecord.objects.select_for_update().filter(case=case).first()
    check_version(record.version if record else NOT_YET_RECORDED, expected_version)
    created = record is None
    if created:
        record = UniversalCreditRecord(case=case)
    changes = {}
    for name, value in values.items():
        before = getattr(record, name)
        if before != value:
            show = _iso if name.endswith("_on") else (_money if name == "advance_paid_amount" else (lambda v: v))
            changes[name] = [show(before), show(value)]
            setattr(record, name, value)
    if changes and not created:
        record.version += 1
    record.updated_by = actor
    record.save()
    audit.record(actor=actor, action=action, subject=case, changes=changes)
    return record


def uc_entry_record(
    *,
    actor,
    case,
    benefit_claim_closed_on=None,
    housing_costs_continued_on=None,
    expected_version=None,
    today=None,
):
    """On entry to custody: benefit claim closure and UC housing costs continuation, each with the date done."""
    today = today or date.today()
    _require_may_change(actor, case)
    errors = FieldErrors()
    for field, value, label in (
        ("benefit_claim_closed_on", benefit_claim_closed_on, _("date the benefit claim was closed")),
        ("housing_costs_continued_on", housing_costs_continued_on, _("date housing costs continuation was arranged")),
    ):
        _check_past_date(
            errors,
            field,
            value,
            label,
            today=today,
            required=False,
            not_before=case.reception_date,
            not_before_words=_("the reception date"),
        )
    if benefit_claim_closed_on is None and housing_costs_continued_on is None:
        errors.fail(
            "benefit_claim_closed_on", _("Enter the date the benefit claim was closed, or the housing costs date")
        )
    errors.raise_any()
    with transaction.atomic():
        locked = _locked(case)
        record = _uc_save(
            actor=actor,
            case=locked,
            action="readiness.uc.entry",
            values={
                "benefit_claim_closed_on": benefit_claim_closed_on,
                "housing_costs_continued_on": housing_costs_continued_on,
            },
            expected_version=expected_version,
        )
        _announce(
            actor=actor,
            case=locked,
            record="universal_credit",
            touchpoints=("benefit-claim-closure", "uc-housing-costs"),
            today=today,
        )
    return record


def uc_preparation_record(*, actor, case, checklist, expected_version=None, today=None):
    """What the person has ready for a claim (or does not need): the claim is prepared when all are ticked."""
    today = today or date.today()
    _require_may_change(actor, case)
    checklist = list(checklist or [])
    errors = FieldErrors()
    if unknown := set(checklist) - set(ClaimPreparation.values):
        errors.fail("checklist", _("Unknown items: %(items)s") % {"items": ", ".join(sorted(unknown))})
    errors.raise_any()
    ordered = [value for value in ClaimPreparation.values if value in checklist]
    with transaction.atomic():
        locked = _locked(case)
        record = _uc_save(
            actor=actor,
            case=locked,
            action="readiness.uc.preparation",
            values={"checklist": ordered},
            expected_version=expected_version,
        )
        _announce(actor=actor, case=locked, record="universal_credit", touchpoints=("uc-claim",), today=today)
    return record


def uc_claim_record(
    *,
    actor,
    case,
    advance_requested,
    claim_started_in_custody_on=None,
    claim_made_on=None,
    expected_version=None,
    today=None,
):
    """The claim: started in custody (where the prison does that) or made on release, and whether an advance is wanted."""
    today = today or date.today()
    if not selectors.uc_claim_may_record(actor, case):
        raise PermissionDenied(_("Only staff in the person’s prison can record the claim"))
    errors = FieldErrors()
    if claim_started_in_custody_on is not None and not selectors.starts_uc_claims_in_custody(case):
        errors.fail("claim_started_in_custody_on", _("This prison does not start Universal Credit claims in custody"))
    else:
        _check_past_date(
            errors,
            "claim_started_in_custody_on",
            claim_started_in_custody_on,
            _("date the claim was started in custody"),
            today=today,
            required=False,
            not_before=case.reception_date,
            not_before_words=_("the reception date"),
        )
    earliest = selectors.uc_claim_earliest_date(case.discharge_date)
    if claim_made_on is not None and earliest is None:
        errors.fail("claim_made_on", _("The person has no discharge date yet, so no claim on release can be recorded"))
    else:
        _check_past_date(
            errors,
            "claim_made_on",
            claim_made_on,
            _("date the claim was made"),
            today=today,
            required=False,
            not_before=earliest,
            not_before_words=_("5 working days before the discharge date"),
        )
    if advance_requested is None:
        errors.fail("advance_requested", _("Select yes if the person asked for an advance payment"))
    errors.raise_any()
    with transaction.atomic():
        locked = _locked(case)
        existing = selectors.uc_record_get(locked)
        if existing is not None and existing.advance_paid_amount is not None and not advance_requested:
            raise ValidationError({"advance_requested": [_("An advance has been paid, so it was requested: keep yes")]})
        record = _uc_save(
            actor=actor,
            case=locked,
            action="readiness.uc.claim",
            values={
                "claim_started_in_custody_on": claim_started_in_custody_on,
                "claim_made_on": claim_made_on,
                "advance_requested": bool(advance_requested),
            },
            expected_version=expected_version,
        )
        _announce(
            actor=actor,
            case=locked,
            record="universal_credit",
            touchpoints=("uc-claim", "advance-payment"),
            today=today,
        )
    return record


def uc_advance_record(*, actor, case, advance_paid_amount, advance_paid_on, expected_version=None, today=None):
    """The advance paid: only once requested, £0 to £2,000, on a date not in the future."""
    today = today or date.today()
    if not selectors.advance_may_record(actor, case):
        raise PermissionDenied(_("Only the jobcentre the person was handed over to, or their prison, can record this"))
    record = selectors.uc_record_get(case)
    errors = FieldErrors()
    if record is None or not record.advance_requested:
        errors.fail("advance_paid_amount", _("Record that an advance was requested before recording it paid"))
    if advance_paid_amount is None:
        errors.fail("advance_paid_amount", _("Enter the amount paid, in pounds and pence"))
    elif not isinstance(advance_paid_amount, Decimal) or advance_paid_amount.as_tuple().exponent < -2:
        errors.fail("advance_paid_amount", _("Amount paid must be in pounds and pence, like 350.00"))
    elif advance_paid_amount < 0:
        errors.fail("advance_paid_amount", _("Amount paid must be 0 or more"))
    elif advance_paid_amount > MAX_ADVANCE_AMOUNT:
        errors.fail("advance_paid_amount", _("Amount paid must be £%(max)s or less") % {"max": MAX_ADVANCE_AMOUNT})
    claimed_on = record and (record.claim_made_on or record.claim_started_in_custody_on)
    _check_past_date(
        errors,
        "advance_paid_on",
        advance_paid_on,
        _("date the advance was paid"),
        today=today,
        not_before=claimed_on or case.reception_date,
        not_before_words=_("the date of the claim") if claimed_on else _("the reception date"),
    )
    errors.raise_any()
    with transaction.atomic():
        locked = _locked(case)
        record = _uc_save(
            actor=actor,
            case=locked,
            action="readiness.uc.advance",
            values={"advance_paid_amount": advance_paid_amount, "advance_paid_on": advance_paid_on},
            expected_version=expected_version,
        )
        _announce(actor=actor, case=locked, record="universal_credit", touchpoints=("advance-payment",), today=today)
    return record


# Each part of the UC record, and the service that records it (with the rules and the owner of that step).
UC_STEPS = (
    (("benefit_claim_closed_on", "housing_costs_continued_on"), uc_entry_record),
    (("checklist",), uc_preparation_record),
    (("claim_started_in_custody_on", "claim_made_on", "advance_requested"), uc_claim_record),
    (("advance_paid_amount", "advance_paid_on"), uc_advance_record),
)
UC_FIELDS = tuple(name for names, _step in UC_STEPS for name in names)


def uc_record_change(*, actor, case, changes, expected_version=None, today=None):
    """Change any of the UC record's fields at once (the API's PATCH): each part through its own service, in
    order, in one transaction, so a refused part leaves nothing changed. Fields not in `changes` keep their
    values. The version is checked once, before the first part, under the lock the parts then hold."""
    unknown = set(changes) - set(UC_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        locked = _locked(case)
        record = UniversalCreditRecord.objects.select_for_update().filter(case=locked).first()
        check_version(record.version if record else NOT_YET_RECORDED, expected_version)
        kept = record or UniversalCreditRecord(case=locked)
        for names, step in UC_STEPS:
            if changes.keys() & set(names):
                values = {name: changes[name] if name in changes else getattr(kept, name) for name in names}
                step(actor=actor, case=locked, today=today, **values)
    return selectors.uc_record_get(case)
