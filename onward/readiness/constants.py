"""The readiness vocabulary: document types, statuses and the lead times the summary uses."""

from datetime import timedelta
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    """The ID documents the MoJ resettlement passport reference data lists, and the two that show right to work
    on their own today (Home Office, Right to work checks: an employer's guide, list A)."""

    UK_PASSPORT = "uk-passport", _("UK passport")
    EVISA_SHARE_CODE = "evisa-share-code", _("eVisa share code")
    BIRTH_CERTIFICATE = "birth-certificate", _("Birth certificate")
    MARRIAGE_CERTIFICATE = "marriage-certificate", _("Marriage certificate")
    CIVIL_PARTNERSHIP_CERTIFICATE = "civil-partnership-certificate", _("Civil partnership certificate")
    ADOPTION_CERTIFICATE = "adoption-certificate", _("Adoption certificate")
    DIVORCE_CERTIFICATE = "divorce-certificate", _("Divorce certificate")
    DRIVING_LICENCE = "driving-licence", _("Driving licence")
    BIOMETRIC_RESIDENCE_PERMIT = "biometric-residence-permit", _("Biometric residence permit")
    DEED_POLL = "deed-poll", _("Deed poll")
    NI_NUMBER_LETTER = "ni-number-letter", _("National Insurance number letter")


class IdStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class BankStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCOUNT_OPENED = "account-opened", _("Account opened")
    ACCOUNT_DECLINED = "account-declined", _("Account declined")
    RETURNED_INELIGIBLE = "returned-ineligible", _("Returned ineligible")
    RETURNED_INACCURATE = "returned-inaccurate", _("Returned inaccurate")
    RETURNED_INCOMPLETE = "returned-incomplete", _("Returned incomplete")


# A returned application can be put right and sent again; a declined one cannot.
RETURNED_STATUSES = frozenset(
    {BankStatus.RETURNED_INELIGIBLE, BankStatus.RETURNED_INACCURATE, BankStatus.RETURNED_INCOMPLETE}
)


class NiStatus(models.TextChoices):
    KNOWN = "known", _("Known")
    APPLIED = "applied", _("Applied for")
    RECEIVED = "received", _("Received")


class AccommodationStatus(models.TextChoices):
    SETTLED = "settled", _("Settled accommodation")
    FAMILY_OR_FRIENDS = "family-or-friends", _("With family or friends")
    APPROVED_PREMISES = "approved-premises", _("Approved premises")
    TEMPORARY = "temporary", _("Temporary accommodation")
    NO_FIXED_ABODE = "no-fixed-abode", _("No fixed abode")
    NOT_KNOWN = "not-known", _("Not known yet")


# Somewhere to go on day one; no fixed abode and not known yet are still to sort out.
ACCOMMODATED = frozenset(
    {
        AccommodationStatus.SETTLED,
        AccommodationStatus.FAMILY_OR_FRIENDS,
        AccommodationStatus.APPROVED_PREMISES,
        AccommodationStatus.TEMPORARY,
    }
)


class ReadinessState(models.TextChoices):
    """An item of the readiness summary: its touchpoint's status in the readiness vocabulary (api.md)."""

    IN_PLACE = "in-place", _("In place")
    IN_PROGRESS = "in-progress", _("In progress")
    MISSING = "missing", _("Missing")
    LATE = "late", _("Late")
    NOT_NEEDED = "not-needed", _("Not needed")


MAX_ID_COST = Decimal("1000.00")
MAX_BANK_NAME_LENGTH = 100
MAX_NOTES_LENGTH = 2000
# The national default: a jobcentre appointment should be within 5 working days
# of the discharge date; later than that is allowed but warned about.
JOBCENTRE_APPOINTMENT_TARGET_WORKING_DAYS = 5
MAX_SUPERSEDED_REASON_LENGTH = 500
# The first jobcentre appointment is booked for the days after release, never months on.
FIRST_APPOINTMENT_AT_THE_LATEST = timedelta(days=92)


class ClaimPreparation(models.TextChoices):
    """What a person needs to make a Universal Credit claim; ticked when ready or when it does not apply."""

    ID = "id", _("ID documents")
    BANK_DETAILS = "bank-details", _("Bank account details")
    NI_NUMBER = "ni-number", _("National Insurance number")
    ADDRESS = "address", _("Address on release")
    HOUSING_COSTS = "housing-costs", _("Housing costs details (rent and service charges)")
    CHILDCARE_COSTS = "childcare-costs", _("Childcare costs")
    HEALTH_CONDITIONS = "health-conditions", _("Health condition or disability details")
    EMAIL_AND_PHONE = "email-and-phone", _("Email address and phone number")


# An advance is a loan against the first payment; this bound catches a mistyped amount.
MAX_ADVANCE_AMOUNT = Decimal("2000.00")
# A claim made "on release" may be made up to 5 working days before the discharge
# date where a claim can be prepared ahead (touchpoints.md: uc-claim due D - 5 wd).
UC_CLAIM_EARLIEST_WORKING_DAYS_BEFORE_DISCHARGE = 5
