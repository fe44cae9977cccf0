"""The demo's work records: invented employers and opportunities around the demo prisons, work profiles
for people leaving HMP Norwich soon, labour market information for East Anglia, and one person who left
HMP Norwich weeks ago with a job offer, whose 6-week employment check is due.

Every employer, contact and figure here is made up. Everything is written through the employment services,
as demo.pel (HMP Norwich's prison employment lead), demo.nfn (New Futures Network) and demo.pm (East Anglia's
partnership manager), so the audit trail reads as if they had typed it.

`load_demo` is safe to run again: employers already there by name are left alone, and people who already
have a profile or an application keep them.
"""

from datetime import date, timedelta
from decimal import Decimal

from onward.accounts.models import User
from onward.cases.constants import CaseStatus
from onward.cases.models import Case
from onward.employment import services
from onward.employment.constants import (
    AlreadyInPlace,
    ApplicationStatus,
    Barrier,
    ContractType,
    EmployerSector,
    EmployerTier,
    EngagementKind,
    EngagementOutcome,
    Hours,
    JobSector,
    JobSource,
    OffenceExclusion,
    OpportunityKind,
    ProfileStatus,
    Qualification,
    Reach,
    SalaryPeriod,
    SupportDeclinedReason,
    WhatNeedsToChange,
)
from onward.employment.models import Application, Employer, LabourMarketInformation, WorkProfile
from onward.estate.models import Organisation

# name, sector, tier, reach, postcode, contact
EMPLOYERS = [
    (
        "Wensum Valley Bakery (demo)",
        EmployerSector.HOSPITALITY_CATERING,
        EmployerTier.GOLD,
        Reach.LOCAL,
        "NR3 1AB",
        "Ada Pennington",
    ),
    (
        "Broadland Logistics (demo)",
        EmployerSector.LOGISTICS,
        EmployerTier.KEY_PARTNER,
        Reach.LOCAL,
        "NR6 6AA",
        "Femi Okoro",
    ),
    (
        "Yare Build and Repair (demo)",
        EmployerSector.CONSTRUCTION,
        EmployerTier.SILVER,
        Reach.LOCAL,
        "NR1 1AA",
        "Gwen Talbot",
    ),
    ("Fenland Growers (demo)", EmployerSector.AGRICULTURE, "", Reach.LOCAL, "PE13 1AA", "Rhys Calder"),
    (
        "Medway Marine Works (demo)",
        EmployerSector.MANUFACTURING,
        EmployerTier.SILVER,
        Reach.LOCAL,
        "ME2 4AA",
        "Imani Shaw",
    ),
    (
        "Crosscountry Couriers (demo)",
        EmployerSector.LOGISTICS,
        EmployerTier.KEY_PARTNER,
        Reach.NATIONAL,
        "",
        "Tom Ashdown",
    ),
]

# employer index, kind, title, sector, postcode or "" for national, pay, period, hours, contract, days open,
# offence exclusions, prison code (ROTL)
OPPORTUNITIES = [
    (
        0,
        OpportunityKind.VACANCY,
        "Bakery production operative",
        JobSector.MANUFACTURING,
        "NR3 1AB",
        "11.80",
        SalaryPeriod.PER_HOUR,
        Hours.FULL_TIME,
        ContractType.PERMANENT,
        40,
        [OffenceExclusion.CASE_BY_CASE],
        None,
    ),
    (
        0,
        OpportunityKind.VACANCY,
        "Café kitchen assistant",
        JobSector.HOSPITALITY,
        "NR2 1AA",
        "11.44",
        SalaryPeriod.PER_HOUR,
        Hours.PART_TIME,
        ContractType.PERMANENT,
        25,
        [OffenceExclusion.NONE],
        None,
    ),
    (
        1,
        OpportunityKind.VACANCY,
        "Warehouse operative",
        JobSector.WAREHOUSING,
        "NR6 6AA",
        "24500",
        SalaryPeriod.PER_YEAR,
        Hours.FULL_TIME_40_PLUS,
        ContractType.PERMANENT,
        60,
        [OffenceExclusion.ARSON],
        None,
    ),
    (
        1,
        OpportunityKind.VACANCY,
        "Multi-drop van driver",
        JobSector.DRIVING,
        "NR7 0AA",
        "12.10",
        SalaryPeriod.PER_HOUR,
        Hours.FULL_TIME,
        ContractType.TEMPORARY,
        30,
        [OffenceExclusion.DRIVING],
        None,
    ),
    (
        2,
        OpportunityKind.VACANCY,
        "Labourer",
        JobSector.CONSTRUCTION,
        "NR1 1AA",
        "120",
        SalaryPeriod.PER_DAY,
        Hours.FULL_TIME,
        ContractType.FIXED_TERM_CONTRACT,
        45,
        [OffenceExclusion.NONE],
        None,
    ),
    (
        2,
        OpportunityKind.ROTL_PLACEMENT,
        "Site apprentice on ROTL",
        JobSector.CONSTRUCTION,
        "NR1 2AA",
        None,
        "",
        Hours.FULL_TIME,
        "",
        90,
        [OffenceExclusion.CASE_BY_CASE],
        "NWI",
    ),
    (
        3,
        OpportunityKind.ROTL_PLACEMENT,
        "Glasshouse picker on ROTL",
        JobSector.OUTDOOR,
        "PE13 1AA",
        None,
        "",
        Hours.PART_TIME,
        "",
        90,
        [],
        "WLI",
    ),
    (
        3,
        OpportunityKind.VACANCY,
        "Seasonal farm worker",
        JobSector.OUTDOOR,
        "PE13 1AA",
        "11.44",
        SalaryPeriod.PER_HOUR,
        Hours.FULL_TIME,
        ContractType.TEMPORARY,
        20,
        [OffenceExclusion.NONE],
        None,
    ),
    (
        4,
        OpportunityKind.VACANCY,
        "Welder fabricator",
        JobSector.MANUFACTURING,
        "ME2 4AA",
        "29000",
        SalaryPeriod.PER_YEAR,
        Hours.FULL_TIME,
        ContractType.PERMANENT,
        50,
        [OffenceExclusion.SEXUAL],
        None,
    ),
    (
        5,
        OpportunityKind.VACANCY,
        "Parcel sorter (any depot)",
        JobSector.WAREHOUSING,
        "",
        "11.90",
        SalaryPeriod.PER_HOUR,
        Hours.ZERO_HOURS,
        ContractType.TEMPORARY,
        70,
        [OffenceExclusion.CASE_BY_CASE],
        None,
    ),
    (
        None,
        OpportunityKind.GFIE,
        "Going Forward into Employment: administrative officer",
        JobSector.OFFICE,
        "",
        "23500",
        SalaryPeriod.PER_YEAR,
        Hours.FULL_TIME,
        ContractType.FIXED_TERM_CONTRACT,
        35,
        [OffenceExclusion.CASE_BY_CASE],
        None,
    ),
    (
        None,
        OpportunityKind.TRAINING,
        "CSCS card course",
        JobSector.CONSTRUCTION,
        "NR2 2AA",
        None,
        "",
        Hours.PART_TIME,
        "",
        21,
        [],
        None,
    ),
    (
        1,
        OpportunityKind.WORK_EXPERIENCE,
        "Two weeks in the warehouse",
        JobSector.WAREHOUSING,
        "NR6 6AA",
        None,
        "",
        Hours.FULL_TIME,
        "",
        30,
        [],
        None,
    ),
]

# Profiles for people leaving HMP Norwich soon: status, interests, barriers, in place, qualifications,
# offence categories, exclusion zones, ROTL
PROFILES = [
    (
        ProfileStatus.READY_TO_WORK,
        [JobSector.WAREHOUSING, JobSector.DRIVING],
        [Barrier.NONE],
        [AlreadyInPlace.CV_AND_COVERING_LETTER, AlreadyInPlace.DISCLOSURE_LETTER, AlreadyInPlace.PHONE],
        [Qualification.MANUAL, Qualification.DRIVING_LICENSE],
        [],
        [],
        True,
    ),
    (
        ProfileStatus.SUPPORT_NEEDED,
        [JobSector.HOSPITALITY, JobSector.WAREHOUSING],
        [Barrier.MENTAL_HEALTH_ISSUES],
        [AlreadyInPlace.ID],
        [Qualification.FOOD_HYGIENE],
        [OffenceExclusion.ARSON],
        [],
        False,
    ),
    (
        ProfileStatus.SUPPORT_NEEDED,
        [JobSector.CONSTRUCTION, JobSector.WAREHOUSING],
        [Barrier.DEPENDENCY_ISSUES],
        [AlreadyInPlace.INTERVIEW_CLOTHES],
        [Qualification.CSCS],
        [OffenceExclusion.DRIVING],
        ["NR2"],
        True,
    ),
    (
        ProfileStatus.READY_TO_WORK,
        [JobSector.MANUFACTURING, JobSector.WAREHOUSING],
        [Barrier.NONE],
        [AlreadyInPlace.CV_AND_COVERING_LETTER, AlreadyInPlace.EMAIL],
        [Qualification.MACHINERY],
        [],
        [],
        False,
    ),
    (ProfileStatus.SUPPORT_DECLINED, [], [Barrier.CARING_RESPONSIBILITIES], [], [], [], [], False),
    (
        ProfileStatus.SUPPORT_NEEDED,
        [JobSector.OUTDOOR, JobSector.WAREHOUSING],
        [Barrier.PHYSICAL_HEALTH_ISSUES],
        [AlreadyInPlace.BANK_ACCOUNT],
        [Qualification.NONE],
        [OffenceExclusion.SEXUAL],
        ["NR3", "NR4"],
        False,
    ),
]


def _user(username):
    return User.objects.filter(username=username).first()


def load_demo(*, stdout):
    lead, nfn, manager = _user("demo.pel"), _user("demo.nfn"), _user("demo.pm")
    if lead is None or nfn is None:
        stdout.write("Work demo skipped: the demo accounts are missing.")
        return
    today = date.today()
    employers = _employers(nfn, lead, today)
    _opportunities(employers, nfn, lead, today)
    if manager is not None and not LabourMarketInformation.objects.filter(district__code="DWPEAN").exists():
        services.labour_market_save(
            actor=manager,
            district=Organisation.objects.get(code="DWPEAN"),
            summary=(
                "Demo figures. Warehousing and logistics around Norwich's ring road and the A47 are recruiting "
                "all year; hospitality peaks before summer; construction needs CSCS cards. Employers in the "
                "Norwich Jobcentre area have signed up to the Ban the Box campaign."
            ),
            growing_sectors=[JobSector.WAREHOUSING, JobSector.HOSPITALITY, JobSector.CONSTRUCTION],
            source="Demo: not real labour market figures",
            as_of=today - timedelta(days=14),
        )
    profiled = _profiles(lead, today)
    job = _released_with_a_job(lead, employers, today)
    stdout.write(
        f"Work demo ready: {Employer.objects.count()} employers, {profiled} new work profiles"
        + (", one person due a 6-week check" if job else "")
        + "."
    )


def _employers(nfn, lead, today):
    employers = []
    for index, (name, sector, tier, reach, postcode, contact) in enumerate(EMPLOYERS):
        employer = Employer.objects.filter(name=name).first()
        if employer is None:
            employer = services.employer_save(
                actor=nfn,
                name=name,
                sector=sector,
                tier=tier,
                reach=reach,
                postcode=postcode,
                notes="",
            )
            services.employer_contact_add(
                actor=nfn,
                employer=employer,
                name=contact,
                job_title="Recruitment manager",
                email=f"{contact.split()[0].lower()}@example.com",
                phone="01603 000 000",
            )
            services.engagement_record(
                actor=nfn if index % 2 else lead,
                employer=employer,
                happened_on=today - timedelta(days=30 + index * 7),
                kind=EngagementKind.INFORMATION,
                outcome=EngagementOutcome.VACANCY_OFFERED if tier else EngagementOutcome.INTERESTED,
                summary="Explained disclosure, ROTL and the support prison leavers get from the jobcentre.",
                today=today,
            )
        employers.append(employer)
    return employers


def _opportunities(employers, nfn, lead, today):
    if employers[0].opportunities.exists():
        return
    for index, (
        employer_index,
        kind,
        title,
        sector,
        postcode,
        pay,
        period,
        hours,
        contract,
        days,
        exclusions,
        prison,
    ) in enumerate(OPPORTUNITIES):
        services.opportunity_save(
            actor=nfn if index % 3 else lead,
            kind=kind,
            employer=employers[employer_index] if employer_index is not None else None,
            title=title,
            sector=sector,
            national=not postcode,
            postcode=postcode,
            pay_amount=Decimal(pay) if pay else None,
            pay_period=period,
            hours=hours,
            contract=contract,
            closing_date=today + timedelta(days=days),
            essential_criteria="Willing to learn; steel toe-capped boots provided.",
            offence_exclusions=exclusions,
            only_for_prison_leavers=kind in (OpportunityKind.ROTL_PLACEMENT, OpportunityKind.GFIE),
            how_to_apply="The prison employment hub sends the CV and disclosure letter.",
            source=JobSource.NFN if index % 3 else JobSource.PEL,
            prison=Organisation.objects.get(code=prison) if prison else None,
            today=today,
        )


DEMO_EXPERIENCE = "Two years as a warehouse picker before custody."


def _profiles(lead, today):
    """The curated profiles, on people leaving HMP Norwich for the Norwich area soon: made once, written through
    the service over whatever the Employment Hub's first assessment said."""
    if WorkProfile.objects.filter(case__prison=lead.organisation, experience=DEMO_EXPERIENCE).exists():
        return 0
    leaving = Case.objects.filter(
        prison=lead.organisation,
        status=CaseStatus.IN_CUSTODY,
        discharge_date__gte=today,
        discharge_date__lte=today + timedelta(weeks=12),
        release_area__startswith="NR",
    ).order_by("discharge_date", "id")[: len(PROFILES)]
    made = 0
    for case, (status, interests, barriers, in_place, qualifications, offences, zones, rotl) in zip(
        leaving, PROFILES, strict=False
    ):
        services.work_profile_save(
            actor=lead,
            case=case,
            status=status,
            declined_reasons=[SupportDeclinedReason.FULL_TIME_CARER]
            if status == ProfileStatus.SUPPORT_DECLINED
            else [],
            what_needs_to_change=[WhatNeedsToChange.OTHER] if status == ProfileStatus.SUPPORT_DECLINED else [],
            barriers=barriers,
            already_in_place=in_place,
            sector_interests=interests,
            experience=DEMO_EXPERIENCE if interests else "",
            qualifications=qualifications,
            training_in_custody="Kitchen orderly; Level 1 food hygiene in custody." if rotl else "",
            offence_categories=offences,
            exclusion_zones=zones,
            rotl_eligible=rotl,
        )
        made += 1
    return made


def _released_with_a_job(lead, employers, today):
    """One person who left HMP Norwich six to ten weeks ago with a job offer, so the 6-week check is due."""
    opportunity = employers[1].opportunities.filter(kind=OpportunityKind.VACANCY).order_by("id").first()
    already = Application.objects.filter(
        opportunity=opportunity,
        status=ApplicationStatus.JOB_OFFER,
        case__prison=lead.organisation,
        case__status=CaseStatus.RELEASED,
    ).first()
    if already is not None:
        return already  # loaded before: once is the demo
    # Someone whose 6-week check nobody has recorded yet (the synthetic caseload records most of them).
    case = (
        Case.objects.filter(
            prison=lead.organisation,
            status=CaseStatus.RELEASED,
            discharge_date__lte=today - timedelta(weeks=6),
            discharge_date__gte=today - timedelta(weeks=20),
        )
        .exclude(employment_checks__isnull=False)
        .order_by("-discharge_date", "id")
        .first()
    )
    if case is None:
        return None
    applied_on = max(case.reception_date, case.discharge_date - timedelta(weeks=8))
    services.work_profile_save(
        actor=lead, case=case, status=ProfileStatus.READY_TO_WORK, sector_interests=[JobSector.WAREHOUSING]
    )
    application = services.application_create(
        actor=lead, case=case, opportunity=opportunity, applied_on=applied_on, today=today
    )
    offered_on = max(applied_on, case.discharge_date - timedelta(weeks=3))
    services.application_update(
        actor=lead,
        application=application,
        status=ApplicationStatus.JOB_OFFER,
        changed_on=offered_on,
        job_start_date=case.discharge_date + timedelta(days=7),
        today=today,
    )
    return application
