"""The insights vocabulary: cohorts, period kinds, measure sections and the agreement's targets."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

# The national agreement commits to 15 prisons starting Universal Credit claims in custody.
UC_CLAIMS_IN_CUSTODY_COMMITMENT = 15
# touchpoints.md, pre-release-support: the interview is due 12 weeks before release.
PRE_RELEASE_SUPPORT_LEAD = timedelta(weeks=12)


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class Cohort(models.TextChoices):
    """The flags on a person that the breakdowns split by (onward.cases.models.Person)."""

    FEMALE = "female", _("Women")
    LEARNING_DIFFICULTY_OR_DISABILITY = "learning_difficulty_or_disability", _("Learning difficulty or disability")
    CARE_LEAVER = "care_leaver", _("Care leavers")
    VETERAN = "veteran", _("Armed forces veterans")


class Section(models.TextChoices):
    RELEASES = "releases", _("Releases")
    READY = "ready", _("Ready on day one")
    JOBCENTRE = "jobcentre", _("Jobcentre and Universal Credit")
    HANDOVER = "handover", _("Warm handovers")
    WORK = "work", _("Work after release")
    DELIVERY = "delivery", _("Delivery and commitments")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")
