from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    INDUCTION = "induction", _("Induction")
    DURING_SENTENCE = "during-sentence", _("During sentence")
    PRE_RELEASE = "pre-release", _("Pre-release")
    RELEASE = "release", _("Release")
    COMMUNITY = "community", _("Community")


class TouchpointStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    OVERDUE = "overdue", _("Overdue")
    # Custody work not done before the person left: it can no longer be done (touchpoints.md).
    MISSED = "missed", _("Missed")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not-applicable", _("Not applicable")
    DECLINED = "declined", _("Declined")


class Outcome(models.TextChoices):
    """What a worker records; status is derived from it and the dates."""

    DONE = "done", _("Done")
    NOT_APPLICABLE = "not-applicable", _("Not applicable")
    DECLINED = "declined", _("The person declined")


class NotDoneReason(models.TextChoices):
    NO_LONGER_RELEVANT = "no-longer-relevant", _("No longer relevant to the person")
    ALREADY_IN_PLACE = "already-in-place", _("Already in place")
    DONE_ELSEWHERE = "done-elsewhere", _("Done by another service")
    PERSON_DECLINED = "person-declined", _("The person declined")
    PERSON_UNWELL = "person-unwell", _("The person was unwell or unavailable")
    NOT_RELEASED_TO_COMMUNITY = "not-released-to-community", _("Not being released to the community")
    OTHER = "other", _("Other reason")


class PreReleaseChecklist(models.TextChoices):
    """The 12-week pre-release interview (touchpoints.md, pre-release-support)."""

    CLAIM_PREPARED = "claim-prepared", _("Universal Credit claim prepared")
    DOCUMENTS_DISCUSSED = "documents-discussed", _("Documents and information needed for the claim discussed")
    APPOINTMENT_BOOKED = "appointment-booked", _("Advance appointment at the local jobcentre booked")
    GFIE_OFFERED = "gfie-offered", _("Going Forward into Employment offered")
    DAY_ONE_EXPLAINED = "day-one-explained", _("Day one access to DWP employment programmes explained")


class EmploymentOutcome(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self-employed", _("Self-employed")
    TRAINING = "training", _("In training or education")
    NOT_EMPLOYED = "not-employed", _("Not employed")
    UNKNOWN = "unknown", _("Not known")
