from django.db import models
from django.utils.translation import gettext_lazy as _

from onward.estate.constants import OrganisationKind


class Role(models.TextChoices):
    PRISON_WORK_COACH = "prison_work_coach", _("Prison work coach")
    PRISON_EMPLOYMENT_LEAD = "prison_employment_lead", _("Prison employment lead")
    ID_BANKING_ADMIN = "id_banking_admin", _("ID and banking administrator")
    PROBATION_PRACTITIONER = "probation_practitioner", _("Probation practitioner")
    CRS_PROVIDER = "crs_provider", _("CRS provider")
    JOBCENTRE_WORK_COACH = "jobcentre_work_coach", _("Jobcentre work coach")
    EMPLOYER_ENGAGEMENT = "employer_engagement", _("Employer engagement (New Futures Network)")
    PARTNERSHIP_MANAGER = "partnership_manager", _("Partnership manager")
    PARTNERSHIP_BOARD = "partnership_board", _("Partnership board")
    ADMINISTRATOR = "administrator", _("Administrator")


PRISON_ROLES = frozenset({Role.PRISON_WORK_COACH, Role.PRISON_EMPLOYMENT_LEAD, Role.ID_BANKING_ADMIN})

# The kind of organisation each role works in. A user's organisation must be
# one of these for their role, or scoping would have nothing sound to go on.
ROLE_ORGANISATION_KINDS = {
    Role.PRISON_WORK_COACH: {OrganisationKind.PRISON},
    Role.PRISON_EMPLOYMENT_LEAD: {OrganisationKind.PRISON},
    Role.ID_BANKING_ADMIN: {OrganisationKind.PRISON},
    Role.PROBATION_PRACTITIONER: {OrganisationKind.PDU},
    Role.CRS_PROVIDER: {OrganisationKind.CRS_PROVIDER},
    Role.JOBCENTRE_WORK_COACH: {OrganisationKind.JOBCENTRE},
    Role.EMPLOYER_ENGAGEMENT: {OrganisationKind.NATIONAL, OrganisationKind.PRISON},
    Role.PARTNERSHIP_MANAGER: {
        OrganisationKind.PRISON,
        OrganisationKind.JOBCENTRE_DISTRICT,
        OrganisationKind.PROBATION_REGION,
        OrganisationKind.NATIONAL,
    },
    Role.PARTNERSHIP_BOARD: {OrganisationKind.NATIONAL},
    Role.ADMINISTRATOR: {OrganisationKind.NATIONAL},
}

# Roles that may open a named person's case at all. Everyone else works with
# aggregates, reference data or users only.
CASEWORK_ROLES = PRISON_ROLES | {
    Role.PROBATION_PRACTITIONER,
    Role.JOBCENTRE_WORK_COACH,
    Role.CRS_PROVIDER,
}


class SignInRefusal(models.TextChoices):
    """Why a sign-in through an identity provider signed nobody in (docs/adr/0018)."""

    NO_ROLE = "no_role", _("The token carries no role Onward maps")
    UNKNOWN_ORGANISATION = "unknown_organisation", _("The token's organisation is not one Onward has")
    ORGANISATION_DOES_NOT_FIT = "organisation_does_not_fit", _("The token's organisation does not fit its role")
    SWITCHED_OFF = "switched_off", _("The account has been switched off")
