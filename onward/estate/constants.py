from django.db import models
from django.utils.translation import gettext_lazy as _

NATIONAL_CODE = "national"


class OrganisationKind(models.TextChoices):
    NATIONAL = "national", _("National")
    PRISON = "prison", _("Prison")
    PROBATION_REGION = "probation_region", _("Probation region")
    PDU = "pdu", _("Probation delivery unit")
    PROBATION_TEAM = "probation_team", _("Probation team")
    JOBCENTRE_DISTRICT = "jobcentre_district", _("Jobcentre district")
    JOBCENTRE = "jobcentre", _("Jobcentre")
    CRS_PROVIDER = "crs_provider", _("Commissioned Rehabilitative Services provider")


class Source(models.TextChoices):
    """Where an organisation record came from, so nobody mistakes demo for real."""

    PRISON_REGISTER = "prison-register", _("MoJ prison register")
    PROBATION_ESTATE = "probation-estate", _("MoJ probation estate")
    DEMO_DIRECTORY = "demo-directory", _("Demo directory (not real)")
    ONWARD = "onward", _("Onward")
    ADMINISTRATOR = "administrator", _("Added by an administrator")
