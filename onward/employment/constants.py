"""Work and employment choices.

The codes are those of the systems prisons use ("Get someone ready to work"
and the jobs board; see reference/PROVENANCE.md), so a record here maps
one-to-one onto theirs. tests/test_constants.py checks them against the copy
in reference/reference_lists.csv. Values Onward adds are marked as such.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from onward.accounts.constants import Role


class ProfileStatus(models.TextChoices):
    NOT_STARTED = "NOT_STARTED", _("Not started")
    SUPPORT_NEEDED = "SUPPORT_NEEDED", _("Needs support")
    SUPPORT_DECLINED = "SUPPORT_DECLINED", _("Does not want support")
    NO_RIGHT_TO_WORK = "NO_RIGHT_TO_WORK", _("No right to work in the UK")
    READY_TO_WORK = "READY_TO_WORK", _("Ready to work")


class SupportDeclinedReason(models.TextChoices):
    ALREADY_HAS_WORK = "ALREADY_HAS_WORK", _("Already has work after release in place")
    LIMIT_THEIR_ABILITY = "LIMIT_THEIR_ABILITY", _("Feels type of offence will limit their ability to find work")
    FULL_TIME_CARER = "FULL_TIME_CARER", _("Has full-time caring responsibilities")
    HOUSING_NOT_IN_PLACE = "HOUSING_NOT_IN_PLACE", _("Housing not in place")
    LACKS_CONFIDENCE_OR_MOTIVATION = "LACKS_CONFIDENCE_OR_MOTIVATION", _("Lacks confidence or motivation to find work")
    HEALTH = "HEALTH", _("Not able to work due to a health condition")
    NO_REASON = "NO_REASON", _("Refused support with no reason")
    RETIRED = "RETIRED", _("Retired")
    RETURNING_TO_JOB = "RETURNING_TO_JOB", _("Returning to work they had before prison")
    SELF_EMPLOYED = "SELF_EMPLOYED", _("Self-employed")
    OTHER = "OTHER", _("Other")


class WhatNeedsToChange(models.TextChoices):
    HOUSING_ON_RELEASE = "HOUSING_ON_RELEASE", _("Housing in place")
    ID_ON_RELEASE = "ID_ON_RELEASE", _("ID in place")
    DEPENDENCY_SUPPORT = "DEPENDENCY_SUPPORT", _("Support to manage a drug or alcohol dependency")
    MENTAL_HEALTH_SUPPORT = "MENTAL_HEALTH_SUPPORT", _("Support to manage a mental health condition or diagnoses")
    OTHER = "OTHER", _("Other")


class Barrier(models.TextChoices):
    """What may affect the person's ability to work (the MJMA list `abilityToWork`)."""

    EDUCATION_ENROLLMENT = "EDUCATION_ENROLLMENT", _("Enrolled in education or training")
    FAMILY_ISSUES = "FAMILY_ISSUES", _("Family issues")
    CARING_RESPONSIBILITIES = "CARING_RESPONSIBILITIES", _("Full-time caring responsibilities")
    MENTAL_HEALTH_ISSUES = "MENTAL_HEALTH_ISSUES", _("Mental health condition")
    PHYSICAL_HEALTH_ISSUES = "PHYSICAL_HEALTH_ISSUES", _("Physical health condition")
    DEPENDENCY_ISSUES = "DEPENDENCY_ISSUES", _("Reliant on drugs or alcohol")
    NONE = "NONE", _("None of these")


class AlreadyInPlace(models.TextChoices):
    BANK_ACCOUNT = "BANK_ACCOUNT", _("Bank account")
    CV_AND_COVERING_LETTER = "CV_AND_COVERING_LETTER", _("CV")
    DISCLOSURE_LETTER = "DISCLOSURE_LETTER", _("Disclosure letter")
    EMAIL = "EMAIL", _("Email address")
    HOUSING = "HOUSING", _("Housing")
    ID = "ID", _("ID")
    # Onward's own: the agreement names interview clothes; the MJMA list does not.
    INTERVIEW_CLOTHES = "INTERVIEW_CLOTHES", _("Interview clothes")
    PHONE = "PHONE", _("Phone number")
    NONE = "NONE", _("None of these")


ONWARD_ALREADY_IN_PLACE = frozenset({AlreadyInPlace.INTERVIEW_CLOTHES})


class Qualification(models.TextChoices):
    ADVANCED_EDUCATION = "ADVANCED_EDUCATION", _("Advanced school level qualification")
    CSCS = "CSCS", _("CSCS card")
    DRIVING_LICENSE = "DRIVING_LICENSE", _("Full UK driving licence")
    FIRST_AID = "FIRST_AID", _("First aid certificate")
    FOOD_HYGIENE = "FOOD_HYGIENE", _("Food hygiene certificate")
    HEALTH_AND_SAFETY = "HEALTH_AND_SAFETY", _("Health and safety")
    HGV_LICENSE = "HGV_LICENSE", _("HGV licence")
    HIGHER_EDUCATION = "HIGHER_EDUCATION", _("Higher education qualification")
    MACHINERY = "MACHINERY", _("Machinery tickets")
    MANUAL = "MANUAL", _("Manual handling")
    TRADE = "TRADE", _("Trade course")
    SCHOOL_EDUCATION = "SCHOOL_EDUCATION", _("School level qualification")
    OTHER = "OTHER", _("Other")
    NONE = "NONE", _("None of these")


class JobSector(models.TextChoices):
    """The jobs board's job sectors; the MJMA `typeOfWork` interests use the same codes."""

    OUTDOOR = "OUTDOOR", _("Animal care and farming")
    CLEANING_AND_MAINTENANCE = "CLEANING_AND_MAINTENANCE", _("Cleaning and maintenance")
    CONSTRUCTION = "CONSTRUCTION", _("Construction and trade")
    DRIVING = "DRIVING", _("Driving and transport")
    BEAUTY = "BEAUTY", _("Hair, beauty and wellbeing")
    HOSPITALITY = "HOSPITALITY", _("Hospitality and catering")
    TECHNICAL = "TECHNICAL", _("IT and digital")
    MANUFACTURING = "MANUFACTURING", _("Manufacturing and technical")
    OFFICE = "OFFICE", _("Office or desk-based")
    RETAIL = "RETAIL", _("Retail and sales")
    SPORTS = "SPORTS", _("Sport and fitness")
    WAREHOUSING = "WAREHOUSING", _("Warehousing and storage")
    EDUCATION_TRAINING = "EDUCATION_TRAINING", _("Training and support")
    WASTE_MANAGEMENT = "WASTE_MANAGEMENT", _("Waste management")
    OTHER = "OTHER", _("Other")


class ApplicationStatus(models.TextChoices):
    APPLICATION_MADE = "APPLICATION_MADE", _("Application made")
    SELECTED_FOR_INTERVIEW = "SELECTED_FOR_INTERVIEW", _("Selected for interview")
    INTERVIEW_BOOKED = "INTERVIEW_BOOKED", _("Interview booked")
    APPLICATION_UNSUCCESSFUL = "APPLICATION_UNSUCCESSFUL", _("Application unsuccessful")
    UNSUCCESSFUL_AT_INTERVIEW = "UNSUCCESSFUL_AT_INTERVIEW", _("Unsuccessful at interview")
    JOB_OFFER = "JOB_OFFER", _("Job offer")


# An application in one of these has ended; nothing follows it.
FINAL_APPLICATION_STATUSES = frozenset(
    {
        ApplicationStatus.APPLICATION_UNSUCCESSFUL,
        ApplicationStatus.UNSUCCESSFUL_AT_INTERVIEW,
        ApplicationStatus.JOB_OFFER,
    }
)


class JobSource(models.TextChoices):
    DWP = "DWP", _("DWP")
    EAB = "EAB", _("EAB")
    EDUCATION = "EDUCATION", _("Education")
    IAG = "IAG", _("IAG")
    NFN = "NFN", _("NFN")
    PRISON = "PRISON", _("Prison")
    THIRD_SECTOR = "THIRD_SECTOR", _("Third Sector")
    PEL = "PEL", _("PEL")
    OTHER = "OTHER", _("Other")


class EmployerSector(models.TextChoices):
    ADMIN_SUPPORT = "ADMIN_SUPPORT", _("Administration and support services")
    AGRICULTURE = "AGRICULTURE", _("Agriculture (including horticulture, forestry and fishing)")
    ARTS_ENTERTAINMENT = "ARTS_ENTERTAINMENT", _("Arts and entertainment")
    CONSTRUCTION = "CONSTRUCTION", _("Construction")
    EDUCATION = "EDUCATION", _("Education")
    ENERGY = "ENERGY", _("Energy")
    FINANCE = "FINANCE", _("Finance (including insurance)")
    HEALTH_SOCIAL = "HEALTH_SOCIAL", _("Health and social work")
    HOSPITALITY_CATERING = "HOSPITALITY_CATERING", _("Hospitality and Catering")
    LOGISTICS = "LOGISTICS", _("Logistics (including transportation and storage)")
    MANUFACTURING = "MANUFACTURING", _("Manufacturing")
    MINING = "MINING", _("Mining")
    OTHER = "OTHER", _("Other services")
    PROFESSIONALS_SCIENTISTS_TECHNICIANS = (
        "PROFESSIONALS_SCIENTISTS_TECHNICIANS",
        _(
            "Professionals, scientists and technicians (including accounting, legal, architecture, consultancy and engineering)"
        ),
    )
    PROPERTY = "PROPERTY", _("Property")
    PUBLIC_ADMIN_DEFENCE = "PUBLIC_ADMIN_DEFENCE", _("Public administration and defence")
    WASTE_MANAGEMENT = "WASTE_MANAGEMENT", _("Recycling and waste management (including water supply)")
    RETAIL = "RETAIL", _("Retail (includes wholesale and motor vehicle repair)")
    TECHNOLOGY = "TECHNOLOGY", _("Technology (includes information and communication)")


class EmployerTier(models.TextChoices):
    """The jobs board's `employerStatus`: how closely the employer works with prisons."""

    KEY_PARTNER = "KEY_PARTNER", _("Platinum (key partner)")
    GOLD = "GOLD", _("Gold")
    SILVER = "SILVER", _("Silver")


class ContractType(models.TextChoices):
    FIXED_TERM_CONTRACT = "FIXED_TERM_CONTRACT", _("Fixed-term contract")
    PERMANENT = "PERMANENT", _("Permanent")
    SELF_EMPLOYMENT = "SELF_EMPLOYMENT", _("Self-employment")
    TEMPORARY = "TEMPORARY", _("Temporary")


class Hours(models.TextChoices):
    FULL_TIME = "FULL_TIME", _("Full-time (more than 30-39 hours)")
    FULL_TIME_40_PLUS = "FULL_TIME_40_PLUS", _("Full-time (more than 40 hours)")
    PART_TIME = "PART_TIME", _("Part-time (less than 30 hours)")
    ZERO_HOURS = "ZERO_HOURS", _("Zero hours")


class SalaryPeriod(models.TextChoices):
    PER_DAY = "PER_DAY", _("Per day")
    PER_FORTNIGHT = "PER_FORTNIGHT", _("Per fortnight")
    PER_HOUR = "PER_HOUR", _("Per hour")
    PER_MONTH = "PER_MONTH", _("Per month")
    PER_WEEK = "PER_WEEK", _("Per week")
    PER_YEAR = "PER_YEAR", _("Per year")
    PER_YEAR_PRO_RATA = "PER_YEAR_PRO_RATA", _("Per year, pro rata")


class OffenceExclusion(models.TextChoices):
    """On a vacancy: offences the employer cannot take. On a profile: the categories that apply to the person."""

    NONE = "NONE", _("None")
    CASE_BY_CASE = "CASE_BY_CASE", _("Considered on a case by case basis")
    ARSON = "ARSON", _("Arson")
    DRIVING = "DRIVING", _("Driving offences")
    MURDER = "MURDER", _("Murder")
    SEXUAL = "SEXUAL", _("Sexual offences")
    TERRORISM = "TERRORISM", _("Terrorism")
    OTHER = "OTHER", _("Other")


# The categories a person's offences can fall into (the exclusions that name an offence).
OFFENCE_CATEGORIES = (
    OffenceExclusion.ARSON,
    OffenceExclusion.DRIVING,
    OffenceExclusion.MURDER,
    OffenceExclusion.SEXUAL,
    OffenceExclusion.TERRORISM,
    OffenceExclusion.OTHER,
)


class OpportunityKind(models.TextChoices):
    """Onward's own: what kind of opportunity it is, which decides who it is for."""

    VACANCY = "vacancy", _("Job vacancy")
    ROTL_PLACEMENT = "rotl", _("ROTL work placement (release on temporary licence)")
    GFIE = "gfie", _("Going Forward into Employment role")
    TRAINING = "training", _("Training")
    WORK_EXPERIENCE = "work_experience", _("Work experience")


class Reach(models.TextChoices):
    LOCAL = "local", _("Local")
    NATIONAL = "national", _("National")


class EngagementKind(models.TextChoices):
    """Onward's own: the recorded work of helping employers see the value of hiring prison leavers."""

    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Phone or video call")
    PRISON_VISIT = "prison_visit", _("Visit to a prison")
    EVENT = "event", _("Employer event")
    INFORMATION = "information", _("Information about hiring prison leavers")


class EngagementOutcome(models.TextChoices):
    NO_OUTCOME_YET = "no_outcome_yet", _("No outcome yet")
    INTERESTED = "interested", _("Interested in hiring prison leavers")
    VACANCY_OFFERED = "vacancy_offered", _("Offered a vacancy")
    PLACEMENT_OFFERED = "placement_offered", _("Offered a ROTL placement or work experience")
    PARTNERSHIP_AGREED = "partnership_agreed", _("Agreed to a partnership")
    NOT_INTERESTED = "not_interested", _("Not interested for now")


class CheckPoint(models.TextChoices):
    SIX_WEEKS = "6-weeks", _("6 weeks after release")
    SIX_MONTHS = "6-months", _("6 months after release")


class EmploymentOutcome(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    TRAINING_OR_EDUCATION = "training_or_education", _("In training or education")
    NOT_EMPLOYED = "not_employed", _("Not employed")
    UNKNOWN = "unknown", _("Not known")


# The journey touchpoint each check completes, and how its outcome is spelled there.
CHECK_TOUCHPOINTS = {
    CheckPoint.SIX_WEEKS: "employment-check-6-weeks",
    CheckPoint.SIX_MONTHS: "employment-check-6-months",
}
JOURNEY_OUTCOMES = {
    EmploymentOutcome.EMPLOYED: "employed",
    EmploymentOutcome.SELF_EMPLOYED: "self-employed",
    EmploymentOutcome.TRAINING_OR_EDUCATION: "training",
    EmploymentOutcome.NOT_EMPLOYED: "not-employed",
    EmploymentOutcome.UNKNOWN: "unknown",
}
IN_WORK_OUTCOMES = frozenset({EmploymentOutcome.EMPLOYED, EmploymentOutcome.SELF_EMPLOYED})

# Who may do what. Deny by default: a role not named here gets nothing.
# Work with a person's work records (profile, matches, applications): the prison's own employment staff and,
# after a handover, the jobcentre's work coaches. Cases come through cases.selectors, which does the scoping.
WORK_CHANGE_ROLES = frozenset({Role.PRISON_WORK_COACH, Role.PRISON_EMPLOYMENT_LEAD, Role.JOBCENTRE_WORK_COACH})
# Read a person's work page: anyone who may open the case and works on employment.
WORK_READ_ROLES = WORK_CHANGE_ROLES | {Role.PROBATION_PRACTITIONER}
# Record the 6-week and 6-month checks: probation owns the touchpoint; prison employment staff follow their
# releases until the 6-month check is due (cases.selectors.FOLLOW_RELEASES_FOR), so they may record it too.
CHECK_ROLES = frozenset({Role.PROBATION_PRACTITIONER, Role.PRISON_EMPLOYMENT_LEAD, Role.PRISON_WORK_COACH})
# Employers and opportunities are not personal data; these roles read them.
EMPLOYER_READ_ROLES = WORK_READ_ROLES | {Role.EMPLOYER_ENGAGEMENT, Role.PARTNERSHIP_MANAGER}
# And these add and change them.
EMPLOYER_CHANGE_ROLES = frozenset({Role.PRISON_WORK_COACH, Role.PRISON_EMPLOYMENT_LEAD, Role.EMPLOYER_ENGAGEMENT})
# Roles that see who fits an opportunity as counts per prison, never names.
AGGREGATE_MATCH_ROLES = frozenset({Role.EMPLOYER_ENGAGEMENT, Role.PARTNERSHIP_MANAGER})
# Local labour market information: shared with probation and prison employment leads (the agreement asks DWP to),
# kept up to date by jobcentre staff and partnership managers.
LABOUR_MARKET_CHANGE_ROLES = frozenset({Role.JOBCENTRE_WORK_COACH, Role.PARTNERSHIP_MANAGER})

DEFAULT_RADIUS_MILES = 15
MAX_RADIUS_MILES = 300
DEFAULT_WEEKS_AHEAD = 12
MAX_WEEKS_AHEAD = 52
MAX_TEXT = 2000
MAX_NAME = 200
