"""The National Partnership Agreement 2023 to 2026 as plain data.

Its partners, governance, commitments and each partner's obligations, in the
agreement's own words (../seeds, "What we are committing to deliver" and
"Overarching obligations"). Each obligation names the touchpoints of the
journey catalogue (onward.journey.touchpoints) that carry it out, by code;
`unknown_codes` checks them against the catalogue, and a test keeps it empty.
An obligation with no touchpoint says where else Onward holds it (for example
the facilities checklist of each local agreement).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from onward.journey.touchpoints import NATIONAL_AGREEMENT_2023

CATALOGUE = NATIONAL_AGREEMENT_2023
TITLE = _("National Partnership Agreement for supporting prisoners to access employment and welfare support")
STARTS = date(2023, 1, 1)
ENDS = date(2026, 12, 31)

PARTNERS = (
    _("Ministry of Justice (MoJ)"),
    _("HM Prison and Probation Service (HMPPS)"),
    _("Department for Work and Pensions (DWP)"),
)
GOVERNANCE = _(
    "Applicable from 1 January 2023 until 31 December 2026 unless otherwise superseded. Overseen by the "
    "MoJ/HMPPS/DWP partnership board, which meets quarterly or more often as needed, co-chaired by MoJ/HMPPS and "
    "DWP. The board makes sure local arrangements happen effectively and joined-up delivery takes place on the ground."
)
SIGNATORIES = (
    _("Director General Policy (Prisons, Offenders and International Justice), Ministry of Justice"),
    _("Chief Executive Officer, HM Prison and Probation Service"),
    _("Director General Work and Health Services, Department for Work and Pensions"),
)


@dataclass(frozen=True)
class Commitment:
    key: str
    heading: str
    text: str
    codes: tuple = ()


@dataclass(frozen=True)
class Obligation:
    partner: str
    text: str
    codes: tuple = ()
    # Where Onward holds it when no touchpoint does.
    held_in: str = ""


INNOVATION = _("Innovation and testing")
JOINED_UP = _("A joined up, collaborative approach to employment support")
FINANCIAL = _("Ensuring people are financially able to support themselves")

COMMITMENTS = (
    Commitment(
        "uc-claims-in-custody",
        INNOVATION,
        _(
            "Test new ways to start a UC claim in custody in 15 prisons and where successful, roll out across the "
            "prison estate by 2024"
        ),
        ("uc-claim",),
    ),
    Commitment(
        "education-specialists",
        INNOVATION,
        _(
            "Recruit education specialists into the senior leadership team of prisons across the estate, following "
            "an initial trial period in Accelerator sites"
        ),
    ),
    Commitment(
        "employers-all-sectors",
        INNOVATION,
        _(
            "Test ways to work with employers across all sectors, particularly growth sectors and those affected by "
            "labour shortages"
        ),
    ),
    Commitment(
        "hope-and-motivation",
        INNOVATION,
        _("Test ways to improve male prisoners' hope, motivation and engagement to secure employment"),
    ),
    Commitment(
        "joint-working",
        JOINED_UP,
        _(
            "Take a proactive approach to joint working between Prison Employment Leads, Prison Work Coaches and "
            "jobcentres, the Probation Service and Commissioned Rehabilitative Services"
        ),
        ("release-plan-shared", "warm-handover"),
    ),
    Commitment("reformed-probation", JOINED_UP, _("Embed reformed probation arrangements")),
    Commitment(
        "spending-review",
        JOINED_UP,
        _("Embed investment in education and employment arising from 2021 Spending Review"),
    ),
    Commitment(
        "training-and-skills",
        JOINED_UP,
        _("Ensure prisoners have proper access to the right training and support, improving functional skills"),
        ("employment-assessment",),
    ),
    Commitment(
        "skills-for-employment",
        JOINED_UP,
        _(
            "Maximise opportunities and initiatives to support prisoners to develop skills for employment that suits them"
        ),
        ("employment-assessment",),
    ),
    Commitment(
        "employment-hubs",
        JOINED_UP,
        _(
            "Roll out Employment Hubs, Employment Advisory Boards, Prison Employment Leads and ID and Banking "
            "Administrators across 92 prisons"
        ),
        ("employment-assessment", "bank-account", "id-documents"),
    ),
    Commitment(
        "ready-to-work",
        FINANCIAL,
        _(
            "Provide support so that prisoners have a basic bank account, ID, National Insurance number and "
            "accommodation on release"
        ),
        ("bank-account", "id-documents", "ni-number"),
    ),
    Commitment(
        "stable-employment",
        FINANCIAL,
        _("Support prison leavers in securing stable employment"),
        ("employment-check-6-weeks", "employment-check-6-months"),
    ),
    Commitment(
        "benefits-on-release",
        FINANCIAL,
        _("Provide access to benefits on release including any advance payment"),
        ("uc-claim", "advance-payment"),
    ),
)

MOJ_HMPPS = _("The Ministry of Justice and HMPPS")
DWP = _("The Department for Work and Pensions")

OBLIGATIONS = (
    Obligation(
        MOJ_HMPPS,
        _("Provide work and education inside prison and work experience through Release on Temporary Licence (ROTL)"),
        ("employment-assessment",),
    ),
    Obligation(
        MOJ_HMPPS,
        _(
            "Ensure that the Probation Service and CRS providers deliver their pre-release and resettlement "
            "commitments, and assess and identify prisoners for signposting to work programmes"
        ),
        ("release-plan-shared", "employment-assessment"),
    ),
    Obligation(
        MOJ_HMPPS,
        _("Ensure all resettlement prisons have Employment Hubs, managed by Prison Employment Leads"),
        ("employment-assessment",),
    ),
    Obligation(
        MOJ_HMPPS,
        _(
            "Ensure prison leavers where appropriate have ID that demonstrates right to work and can apply in custody "
            "for a basic bank account"
        ),
        ("id-documents", "bank-account"),
    ),
    Obligation(
        MOJ_HMPPS,
        _("Ensure any relevant information and plans for release are shared with DWP in a timely way"),
        ("release-plan-shared",),
    ),
    Obligation(
        MOJ_HMPPS,
        _(
            "Where appropriate, tailor services to the needs of specific cohorts, for example female offenders, those "
            "with Learning Difficulties and Disabilities"
        ),
        held_in=_("The measures, broken down by cohort"),
    ),
    Obligation(
        MOJ_HMPPS,
        _(
            "Ensure that Prison Work Coaches have the right physical environment and access to prisoners: a telephone "
            "and space, clear escalation processes, broadband where the estate allows, secure document storage, prison "
            "training, prison intranet and e-mail"
        ),
        held_in=_("Each local agreement's facilities checklist, and escalations to the partnership"),
    ),
    Obligation(
        MOJ_HMPPS,
        _("Expansion and improvement of prison estate including IT infrastructure improvements"),
        held_in=_("Outside Onward"),
    ),
    Obligation(
        DWP,
        _("Provide employment and benefit support to prisoners and prison leavers"),
        ("pre-release-support", "uc-claim"),
    ),
    Obligation(
        DWP,
        _("Maintain a network of prison work coaches and jobcentre work coaches"),
        held_in=_("Each local agreement's named contacts"),
    ),
    Obligation(
        DWP,
        _("Support continuation of Universal Credit housing costs, for those serving 6 months or less"),
        ("uc-housing-costs",),
    ),
    Obligation(
        DWP,
        _("Ensure benefit claim closure activity is completed where appropriate when prisoner enters prison"),
        ("benefit-claim-closure",),
    ),
    Obligation(
        DWP, _("Liaise with the prisoner's employer, where appropriate, to preserve employment"), ("employer-liaison",)
    ),
    Obligation(
        DWP,
        _(
            "12 weeks before release, offer a range of support: preparing a UC claim, the documents needed, and "
            "booking an advance appointment at the local jobcentre"
        ),
        ("pre-release-support", "jobcentre-appointment"),
    ),
    Obligation(
        DWP,
        _("Share local labour market intelligence with Probation, New Futures Network and Prison Employment Leads"),
        held_in=_("Local partnership meetings"),
    ),
    Obligation(
        DWP,
        _("Provide information and advice about employment, including day one access to DWP programmes and services"),
        ("pre-release-support",),
    ),
    Obligation(
        DWP,
        _("Liaise with jobcentre work coaches to ensure continuous support as people leave prison: warm handover"),
        ("warm-handover", "first-jobcentre-attendance"),
    ),
    Obligation(
        DWP,
        _("Proactively encourage people on licence and probation supervision to engage with Work Coaches"),
        ("first-jobcentre-attendance",),
    ),
    Obligation(
        DWP,
        _("Promote Going Forward into Employment (GFIE) opportunities to prisoners due to be released"),
        ("pre-release-support",),
    ),
    Obligation(
        DWP,
        _("Support the facilitation of work experience, training and employment opportunities, in prison and beyond"),
        ("employment-check-6-weeks", "employment-check-6-months"),
    ),
)


def unknown_codes(items=COMMITMENTS + OBLIGATIONS, catalogue=CATALOGUE):
    """Codes named here that the touchpoint catalogue does not have (should be none)."""
    return sorted({code for item in items for code in item.codes if catalogue.rule(code) is None})


def touchpoints_for(item, catalogue=CATALOGUE):
    """The catalogue's rules an obligation or commitment names, in the order given."""
    return [catalogue.rule(code) for code in item.codes if catalogue.rule(code) is not None]
