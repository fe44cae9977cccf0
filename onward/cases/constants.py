from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalStatus(models.TextChoices):
    REMAND = "remand", _("Remand")
    SENTENCED = "sentenced", _("Sentenced")
    RECALL = "recall", _("Recall")


class ReleaseType(models.TextChoices):
    STANDARD = "standard", _("Standard")
    HDC = "hdc", _("Home detention curfew")
    PAROLE = "parole", _("Parole Board")


class CaseStatus(models.TextChoices):
    IN_CUSTODY = "in_custody", _("In custody")
    RELEASED = "released", _("Released")
    RECALLED = "recalled", _("Released, then recalled")


class CohortFlag(models.TextChoices):
    """Cohorts the agreement asks services to be tailored to."""

    FEMALE = "female", _("Woman")
    LEARNING_DIFFICULTY_OR_DISABILITY = "learning_difficulty_or_disability", _("Learning difficulty or disability")
    CARE_LEAVER = "care_leaver", _("Care leaver")
    VETERAN = "veteran", _("Armed forces veteran")
    YOUNG_ADULT = "young_adult", _("Young adult (18 to 24)")


ADULT_AGE = 18
MAX_NAME_LENGTH = 100
MAX_CUSTODIAL_TERM_DAYS = 100 * 366


# What NOMIS owns on a person and a custody episode: the feed keeps these in step (api.md, "The feed from HMPPS").
NOMIS_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "date_of_birth",
        "reception_date",
        "legal_status",
        "sentence_date",
        "custodial_term_days",
        "release_date",
        "release_type",
        "indeterminate_sentence",
        "confirmed_discharge_date",
    }
)
