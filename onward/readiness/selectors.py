"""Reading readiness records for a case the caller already has from `cases.selectors.case_get`."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import BooleanField, F, Prefetch, Value, When
from django.db.models import Case as DjangoCase
from django.http import Http404
from django.utils.translation import gettext as _

from onward.accounts.constants import Role
from onward.cases.constants import CaseStatus, LegalStatus
from onward.cases.selectors import case_scope, prisons_where_user_may_create_cases
from onward.clock import day_of
from onward.journey import selectors as journey_selectors
from onward.journey.calendar import add_working_days
from onward.journey.evidence import NOTHING, CaseEvidence
from onward.journey.models import PrisonJourneySettings
from onward.journey.touchpoints import Evidence
from onward.readiness.constants import (
    ACCOMMODATED,
    JOBCENTRE_APPOINTMENT_TARGET_WORKING_DAYS,
    UC_CLAIM_EARLIEST_WORKING_DAYS_BEFORE_DISCHARGE,
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
from onward.readiness.summary import ReadinessFacts, right_to_work_held_on, summarise


def readiness_may_change(user, case):
    """Prison-side staff change readiness for people in custody in their own prison; others only read."""
    return case.status == CaseStatus.IN_CUSTODY and case.prison_id in prisons_where_user_may_create_cases(user)


def id_application_list(case):
    return IdApplication.objects.filter(case=case)


def bank_application_list(case):
    return BankApplication.objects.filter(case=case).prefetch_related(
        Prefetch("history", queryset=BankStatusChange.objects.order_by("changed_on", "id"))
    )


def id_application_get(*, case, application_id):
    """An ID application on this case (Http404 for any other)."""
    try:
        return IdApplication.objects.get(case=case, pk=int(application_id))
    except (IdApplication.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error


def bank_application_get(*, case, application_id):
    """A bank application on this case (Http404 for any other)."""
    try:
        return BankApplication.objects.get(case=case, pk=int(application_id))
    except (BankApplication.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error


def ni_number_record_get(case):
    return NiNumberRecord.objects.filter(case=case).first()


def accommodation_record_get(case):
    return AccommodationRecord.objects.filter(case=case).first()


def held_documents(case):
    """The document types held: accepted and received."""
    return set(
        IdApplication.objects.filter(case=case, status=IdStatus.ACCEPTED, received_on__isnull=False).values_list(
            "document_type", flat=True
        )
    )


def touchpoint_evidence(cases):
    """{case_id: CaseEvidence}: what the readiness records say about the touchpoints they stand behind, in five
    queries whatever the number of cases (see journey/evidence.py)."""
    by_id = {case.pk: case for case in cases}
    ids = list(by_id)
    done = defaultdict(dict)
    advance = {}
    appointment_on = {}

    ni_received = {}
    for case_id, status, received_on, updated_at in NiNumberRecord.objects.filter(case_id__in=ids).values_list(
        "case_id", "status", "received_on", "updated_at"
    ):
        if status in (NiStatus.KNOWN, NiStatus.RECEIVED):
            on = received_on or day_of(updated_at)
            done[case_id]["ni-number"] = Evidence(on=on, what=_("Known") if status == NiStatus.KNOWN else _("Received"))
            if status == NiStatus.RECEIVED:
                ni_received[case_id] = on

    held = defaultdict(list)
    for case_id, kind, received_on in IdApplication.objects.filter(
        case_id__in=ids, status=IdStatus.ACCEPTED, received_on__isnull=False
    ).values_list("case_id", "document_type", "received_on"):
        held[case_id].append((kind, received_on))
    for case_id, documents in held.items():
        on = right_to_work_held_on(documents, ni_evidence_on=ni_received.get(case_id))
        if on is not None:
            done[case_id]["id-documents"] = Evidence(on=on, what=_("Held"))

    for case_id, bank_name, response_on in (
        BankApplication.objects.filter(case_id__in=ids, status=BankStatus.ACCOUNT_OPENED)
        .order_by("response_on", "id")
        .values_list("case_id", "bank_name", "response_on")
    ):
        if "bank-account" not in done[case_id]:
            done[case_id]["bank-account"] = Evidence(
                on=response_on, what=_("Account opened with %(bank)s") % {"bank": bank_name}
            )

    for uc in UniversalCreditRecord.objects.filter(case_id__in=ids):
        if uc.benefit_claim_closed_on:
            done[uc.case_id]["benefit-claim-closure"] = Evidence(on=uc.benefit_claim_closed_on, what=_("Closed"))
        if uc.housing_costs_continued_on:
            done[uc.case_id]["uc-housing-costs"] = Evidence(on=uc.housing_costs_continued_on, what=_("Arranged"))
        claimed_on = uc.claim_started_in_custody_on or uc.claim_made_on
        if claimed_on:
            done[uc.case_id]["uc-claim"] = Evidence(
                on=claimed_on,
                what=_("Claim started in custody") if uc.claim_started_in_custody_on else _("Claim made"),
            )
        if uc.advance_paid_on:
            done[uc.case_id]["advance-payment"] = Evidence(on=uc.advance_paid_on, what=_("Advance paid"))
        advance[uc.case_id] = uc.advance_requested

    for case_id, booked_at, appointment_day, jobcentre in JobcentreAppointment.objects.filter(
        case_id__in=ids, superseded_at__isnull=True
    ).values_list("case_id", "booked_at", "appointment_on", "jobcentre__name"):
        discharge_date = by_id[case_id].discharge_date
        if discharge_date is not None and appointment_day < discharge_date:
            continue  # the release moved past it: it must be rebooked, so it is not in place
        appointment_on[case_id] = appointment_day
        done[case_id]["jobcentre-appointment"] = Evidence(
            on=day_of(booked_at),
            what=_("Booked at %(jobcentre)s on %(day)s")
            % {"jobcentre": jobcentre, "day": appointment_day.strftime("%d/%m/%Y")},
        )

    return {
        case_id: CaseEvidence(
            done=done.get(case_id, {}),
            advance_requested=advance.get(case_id),
            appointment_on=appointment_on.get(case_id),
        )
        for case_id in ids
        if case_id in done or case_id in advance or case_id in appointment_on
    }


def readiness_facts(case):
    """What the readiness records say beyond the touchpoints: details and work under way."""
    ni = ni_number_record_get(case)
    accommodation = accommodation_record_get(case)
    uc = uc_record_get(case)
    appointment = jobcentre_appointment_get(case)
    pending_bank = BankApplication.objects.filter(case=case, status=BankStatus.PENDING)
    return ReadinessFacts(
        sentenced=case.legal_status != LegalStatus.REMAND,
        released_to_community=case.released_to_community,
        had_right_to_work_id=case.has_right_to_work_id,
        had_bank_account=case.has_bank_account,
        had_ni_number=case.has_ni_number,
        id_applications_pending=IdApplication.objects.filter(case=case, status=IdStatus.PENDING).count()
        + IdApplication.objects.filter(case=case, status=IdStatus.ACCEPTED, received_on__isnull=True).count(),
        bank_applications_pending=pending_bank.count(),
        ni_number_applied=ni is not None and ni.status == NiStatus.APPLIED,
        accommodation=accommodation.status if accommodation else "",
        release_area=case.release_area,
        claim_preparation_ticked=len(uc.checklist or []) if uc is not None else 0,
        claim_preparation_total=len(ClaimPreparation.values),
        advance_requested=uc.advance_requested if uc is not None else None,
        appointment_on=appointment.appointment_on if appointment else None,
        appointment_jobcentre=appointment.jobcentre.name if appointment else "",
        appointment_overtaken=appointment_before_release(case, appointment),
        in_place_now=frozenset(touchpoint_evidence([case]).get(case.pk, NOTHING).done),
    )


def readiness_summary(case, *, today=None, touchpoints=None):
    """The summary for a case already fetched through `case_get` (so the read is audited there).

    Its items are the case's touchpoints evaluated on `today`: pass them when
    the page has them already, so both come from the one evaluation.
    """
    today = today or date.today()
    if touchpoints is None:
        touchpoints = journey_selectors.case_touchpoints(case, as_of=today)
    return summarise(readiness_facts(case), touchpoints, today=today)


# --- jobcentre appointment ------------------------------------------------------------


def appointment_may_book(user, case):
    """The prison work coach books the appointment, for people in custody in their own prison."""
    return user.role == Role.PRISON_WORK_COACH and readiness_may_change(user, case)


def jobcentre_appointment_get(case):
    """The appointment in force (None when none is booked)."""
    return (
        JobcentreAppointment.objects.filter(case=case, superseded_at__isnull=True).select_related("jobcentre").first()
    )


def jobcentre_appointment_list(case):
    """Every appointment booked for the case, superseded ones included, newest first."""
    return JobcentreAppointment.objects.filter(case=case).select_related("jobcentre").order_by("-booked_at", "-id")


def appointment_target_date(discharge_date):
    """The latest date that meets the national target for the first jobcentre appointment."""
    if discharge_date is None:
        return None
    return add_working_days(discharge_date, JOBCENTRE_APPOINTMENT_TARGET_WORKING_DAYS)


def appointment_before_release(case, appointment):
    """The release moved later than the booked appointment: it must be rebooked (never left silently wrong)."""
    return (
        appointment is not None and case.discharge_date is not None and appointment.appointment_on < case.discharge_date
    )


def appointments_to_rebook(user, *, today=None):
    """Booked appointments the release has moved past, on cases the user may book for: soonest release first."""
    if user.role != Role.PRISON_WORK_COACH:
        return JobcentreAppointment.objects.none()
    scope = case_scope(user, today=today, prefix="case__")
    if scope is None:
        return JobcentreAppointment.objects.none()
    return (
        JobcentreAppointment.objects.filter(
            scope,
            superseded_at__isnull=True,
            case__actual_discharge_date__isnull=True,
            case__discharge_date__isnull=False,
            appointment_on__lt=F("case__discharge_date"),
        )
        .select_related("case__person", "jobcentre")
        .order_by("case__discharge_date", "id")
    )


# A bank answers a Prisoner Banking Programme application within about two weeks; longer is worth chasing.
BANK_REPLY_EXPECTED_WITHIN_DAYS = 14


def bank_applications_waiting(user, *, today=None):
    """Bank applications with no reply yet, on cases in custody the user works on: the longest waiting first.

    Each carries `chase` when it has waited longer than a bank usually takes.
    """
    today = today or date.today()
    if user.role not in (Role.ID_BANKING_ADMIN, Role.PRISON_WORK_COACH):
        return BankApplication.objects.none()
    scope = case_scope(user, today=today, prefix="case__")
    if scope is None:
        return BankApplication.objects.none()
    return (
        BankApplication.objects.filter(scope, status=BankStatus.PENDING, case__status=CaseStatus.IN_CUSTODY)
        .annotate(
            chase=DjangoCase(
                When(submitted_on__lt=today - timedelta(days=BANK_REPLY_EXPECTED_WITHIN_DAYS), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("case__person")
        .order_by("submitted_on", "id")
    )


def appointment_is_late(case, appointment):
    target = appointment_target_date(case.discharge_date)
    return appointment is not None and target is not None and appointment.appointment_on > target


def letter_things_to_bring(case):
    """What the person should bring to the appointment, in plain words, from what is recorded."""
    things = [DocumentType(value).label for value in DocumentType.values if value in held_documents(case)]
    account = BankApplication.objects.filter(case=case, status=BankStatus.ACCOUNT_OPENED).order_by("-id").first()
    if account is not None:
        things.append(_("Your bank account details (your %(bank)s account)") % {"bank": account.bank_name})
    if case.person.ni_number:
        things.append(_("Your National Insurance number: %(number)s") % {"number": case.person.ni_number})
    accommodation = accommodation_record_get(case)
    if accommodation is not None and accommodation.status in ACCOMMODATED:
        things.append(_("Proof of your address, such as a letter from your landlord or hostel"))
    things.append(_("Your discharge papers from the prison"))
    return things


# --- Universal Credit -----------------------------------------------------------------


def uc_record_get(case):
    return UniversalCreditRecord.objects.filter(case=case).first()


def starts_uc_claims_in_custody(case):
    """Whether the person's prison starts Universal Credit claims before release."""
    return PrisonJourneySettings.objects.filter(prison_id=case.prison_id, starts_uc_claims_in_custody=True).exists()


def uc_claim_earliest_date(discharge_date):
    """A claim on release may be made from this working day before the discharge date."""
    if discharge_date is None:
        return None
    return add_working_days(discharge_date, -UC_CLAIM_EARLIEST_WORKING_DAYS_BEFORE_DISCHARGE)


def uc_claim_may_record(user, case):
    """The prison records the claim in custody and on release day, so also for its recent releases."""
    return case.prison_id in prisons_where_user_may_create_cases(user)


def advance_may_record(user, case):
    """The advance is paid by the jobcentre the case is handed over to; prison staff record it while in custody."""
    if user.role == Role.JOBCENTRE_WORK_COACH:
        return bool(user.organisation_id) and case.handed_over_to_id == user.organisation_id
    return readiness_may_change(user, case)


# --- the API's reads -------------------------------------------------------------------------


def appointment_get(*, case, appointment_id):
    """One of the case's jobcentre appointments, superseded or in force (Http404 for any other)."""
    try:
        return JobcentreAppointment.objects.select_related("jobcentre").get(case=case, pk=int(appointment_id))
    except (JobcentreAppointment.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error
