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
