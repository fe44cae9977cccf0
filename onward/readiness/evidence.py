"""What the readiness records say about the touchpoints they stand behind (see journey/evidence.py).

ID applications stand behind `id-documents`, bank applications behind
`bank-account`, the National Insurance number record behind `ni-number`, the
Universal Credit record behind closure on entry, housing costs, the claim and
the advance, and the jobcentre appointment behind `jobcentre-appointment`.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation
from onward.journey.evidence import in_touchpoint_words
from onward.readiness import selectors, services
from onward.readiness.constants import NiStatus

CODES = (
    "benefit-claim-closure",
    "uc-housing-costs",
    "bank-account",
    "id-documents",
    "ni-number",
    "jobcentre-appointment",
    "uc-claim",
    "advance-payment",
)


# What the records say, for many cases at once: read where every readiness read lives.
for_cases = selectors.touchpoint_evidence


def _jobcentre(value):
    if isinstance(value, Organisation):
        return value
    return Organisation.objects.filter(
        code=str(value or "").strip().upper(), kind=OrganisationKind.JOBCENTRE, active=True
    ).first()


# The records' field names, as the touchpoint's form and API call them.
TOUCHPOINT_FIELDS = {
    "benefit_claim_closed_on": "completed_on",
    "housing_costs_continued_on": "completed_on",
    "claim_made_on": "completed_on",
    "claim_started_in_custody_on": "completed_on",
    "advance_paid_on": "completed_on",
    "received_on": "completed_on",
    "advance_paid_amount": "amount",
    "appointment_on": "appointment_date",
    "jobcentre": "jobcentre_code",
}


def fulfil(*, actor, case, code, completed_on, details, today):
    """Recording one of these touchpoints writes its record (or names the record to complete)."""
    try:
        return _write(actor=actor, case=case, code=code, completed_on=completed_on, details=details, today=today)
    except ValidationError as error:
        raise in_touchpoint_words(error, TOUCHPOINT_FIELDS) from error


def _write(*, actor, case, code, completed_on, details, today):
    if code == "benefit-claim-closure":
        return services.uc_entry_record(actor=actor, case=case, benefit_claim_closed_on=completed_on, today=today)
    if code == "uc-housing-costs":
        return services.uc_entry_record(actor=actor, case=case, housing_costs_continued_on=completed_on, today=today)
    if code == "uc-claim":
        in_custody = (
            selectors.starts_uc_claims_in_custody(case)
            and case.discharge_date is not None
            and completed_on < selectors.uc_claim_earliest_date(case.discharge_date)
        )
        return services.uc_claim_record(
            actor=actor,
            case=case,
            advance_requested=details.get("advance_requested"),
            claim_started_in_custody_on=completed_on if in_custody else None,
            claim_made_on=None if in_custody else completed_on,
            today=today,
        )
    if code == "advance-payment":
        return services.uc_advance_record(
            actor=actor,
            case=case,
            advance_paid_amount=details.get("amount"),
            advance_paid_on=completed_on,
            today=today,
        )
    if code == "jobcentre-appointment":
        return services.appointment_book(
            actor=actor,
            case=case,
            jobcentre=_jobcentre(details.get("jobcentre")),
            appointment_on=details.get("appointment_date"),
            appointment_time=details.get("appointment_time"),
            reason=details.get("reason", ""),
            today=today,
        )
    if code == "ni-number":
        return services.ni_number_record(
            actor=actor,
            case=case,
            status=details.get("ni_status") or NiStatus.KNOWN,
            ni_number=details.get("ni_number", ""),
            received_on=completed_on if details.get("ni_status") == NiStatus.RECEIVED else None,
            today=today,
        )
    if code == "id-documents":
        raise ValidationError(
            {
                "outcome": [
                    _(
                        "ID is in place when an ID application is accepted and the document received: record it on "
                        "the person's ID applications"
                    )
                ]
            }
        )
    if code == "bank-account":
        raise ValidationError(
            {
                "outcome": [
                    _(
                        "A bank account is in place when the bank opens it: record the bank application and the "
                        "bank's response"
                    )
                ]
            }
        )
    raise LookupError(code)
