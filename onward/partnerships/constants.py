from django.db import models
from django.utils.translation import gettext_lazy as _

# Partnership managers are warned this many days before an agreement ends or is due for review.
EXPIRY_WARNING_DAYS = 90

MAX_TEXT = 4000
MAX_NAME = 150

# The national agreement's commitment: "Test new ways to start a UC claim in custody in 15 prisons".
UC_CLAIMS_IN_CUSTODY_TARGET = 15

# A local service level for the handover acceptance deadline must stay a deadline people can meet and act on.
MAX_ACCEPT_WORKING_DAYS = 10


class AgreementStatus(models.TextChoices):
    """What a version of an agreement is, on a given day.

    Draft, signed and under review are recorded with the version; in force,
    expired and superseded follow from its dates and from later versions.
    """

    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in-force", _("In force")
    UNDER_REVIEW = "under-review", _("Under review")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")


# The statuses a person records on a new version; the rest are derived.
RECORDED_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.SIGNED, AgreementStatus.UNDER_REVIEW)


class NationalDecision(models.TextChoices):
    """Why a version of the national agreement exists."""

    ORIGINAL = "original", _("The agreement as signed")
    ROLLED_OVER = "rolled-over", _("Rolled over: the same agreement, for longer")
    SUCCESSOR = "successor", _("A successor agreement")


class Facility(models.TextChoices):
    """What the national agreement says Prison Work Coaches must have (MoJ and HMPPS obligations)."""

    TELEPHONE_AND_SPACE = "telephone-and-space", _("A telephone and an appropriate space to work")
    ESCALATION_PROCESS = "escalation-process", _("Clear escalation processes to raise concerns")
    BROADBAND = "broadband", _("Broadband access where the estate allows")
    SECURE_STORAGE = "secure-storage", _("Secure document storage")
    PRISON_TRAINING = "prison-training", _("Appropriate prison training")
    INTRANET_AND_EMAIL = "intranet-and-email", _("Prison intranet and e-mail address")


class ContactRole(models.TextChoices):
    GOVERNOR = "governor", _("Governor or deputy governor")
    HEAD_OF_REDUCING_REOFFENDING = "head-of-reducing-reoffending", _("Head of reducing reoffending")
    PRISON_EMPLOYMENT_LEAD = "prison-employment-lead", _("Prison employment lead")
    PRISON_WORK_COACH_LEAD = "prison-work-coach-lead", _("Prison work coach team leader")
    PARTNERSHIP_MANAGER = "partnership-manager", _("DWP partnership manager")
    DISTRICT_MANAGER = "district-manager", _("DWP district manager")
    PROBATION_LEAD = "probation-lead", _("Probation delivery unit lead")
    CRS_LEAD = "crs-lead", _("CRS provider lead")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("No longer needed")


class EscalationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")
