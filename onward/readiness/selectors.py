"""Reading readiness records for a case the caller already has from `cases.selectors.case_get`."""

from datetime import date

from django.db.models import Prefetch
from django.http import Http404

from onward.cases.constants import CaseStatus
from onward.cases.selectors import prisons_where_user_may_create_cases
from onward.readiness.constants import BankStatus, IdStatus, NiStatus
from onward.readiness.models import (
    AccommodationRecord,
    BankApplication,
    BankStatusChange,
    IdApplication,
    NiNumberRecord,
)
from onward.readiness.summary import ReadinessFacts, shows_right_to_work, summarise


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


def right_to_work_id_held(case):
    ni = ni_number_record_get(case)
    return shows_right_to_work(
        held_documents(case), ni_number_evidence=ni is not None and ni.status == NiStatus.RECEIVED
    )


def bank_account_opened(case):
    return BankApplication.objects.filter(case=case, status=BankStatus.ACCOUNT_OPENED).exists()


def readiness_facts(case):
    ni = ni_number_record_get(case)
    accommodation = accommodation_record_get(case)
    return ReadinessFacts(
        discharge_date=case.discharge_date,
        has_right_to_work_id=case.has_right_to_work_id,
        has_bank_account=case.has_bank_account,
        has_ni_number=case.has_ni_number,
        id_applications_pending=IdApplication.objects.filter(case=case, status=IdStatus.PENDING).count(),
        bank_applications_pending=BankApplication.objects.filter(case=case, status=BankStatus.PENDING).count(),
        ni_number_applied=ni is not None and ni.status == NiStatus.APPLIED,
        accommodation=accommodation.status if accommodation else "",
        release_area=case.release_area,
    )


def readiness_summary(case, *, today=None):
    """The summary for a case already fetched through `case_get` (so the read is audited there)."""
    return summarise(readiness_facts(case), today=today or date.today())
