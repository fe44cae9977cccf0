from django.db import models
from django.utils.translation import gettext_lazy as _


class HandoverStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")


OPEN_STATUSES = (HandoverStatus.SENT, HandoverStatus.ACCEPTED)


class RejectReason(models.TextChoices):
    WRONG_JOBCENTRE = "wrong-jobcentre", _("The release area is not served by this jobcentre")
    INCOMPLETE_PACK = "incomplete-pack", _("The handover pack is missing information we need")
    NOT_RELEASED_HERE = "not-released-here", _("The person is not being released to this area")
    OTHER = "other", _("Other reason")


class FlagReason(models.TextChoices):
    """Why an open handover needs someone to act: the case changed under it."""

    RELEASE_MOVED = "release-moved", _("The release date moved")
    TRANSFERRED = "transferred", _("The person was transferred to another prison")
    RECALLED = "recalled", _("The person was recalled to custody")


class ReferralKind(models.TextChoices):
    """Who a referral goes to. The jobcentre's side is the warm handover itself."""

    PROBATION = "probation", _("Probation")
    CRS = "crs", _("Commissioned Rehabilitative Services (CRS)")


class CrsService(models.TextChoices):
    """The Commissioned Rehabilitative Services a provider may be asked for."""

    ACCOMMODATION = "accommodation", _("Accommodation")
    EDUCATION_TRAINING_EMPLOYMENT = "education-training-employment", _("Education, training and employment")
    PERSONAL_WELLBEING = "personal-wellbeing", _("Personal wellbeing")
    FINANCE_BENEFIT_DEBT = "finance-benefit-debt", _("Finance, benefit and debt")
    DEPENDENCY_RECOVERY = "dependency-recovery", _("Dependency and recovery")
    WOMENS_SERVICES = "womens-services", _("Women's services")


class ReferralRejectReason(models.TextChoices):
    NOT_OUR_AREA = "not-our-area", _("We do not cover the person's release area")
    SERVICE_NOT_AVAILABLE = "service-not-available", _("We cannot provide this service for this person")
    INCOMPLETE_PACK = "incomplete-pack", _("The referral is missing information we need")
    OTHER = "other", _("Other reason")


# Referrals are visible to the receiving CRS provider from when they are sent
# until they are rejected or revoked; a completed one stays readable.
CRS_VISIBLE_STATUSES = (HandoverStatus.SENT, HandoverStatus.ACCEPTED, HandoverStatus.COMPLETED)
